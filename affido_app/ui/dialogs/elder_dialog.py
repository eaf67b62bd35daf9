"""The elder's record (scheda anziano): identity, contacts and reference people, situation
(special-category data, shown only to the profiles that may read it), needs and preferences,
wanted days and times, consents, status history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QPushButton

from affido_app.domain.enums import ElderStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services import interviews as interviews_service
from affido_app.services import people
from affido_app.services.documents import DocumentRequest
from affido_app.ui.dialogs.person_dialog import PersonDialog, phone_text
from affido_app.ui.documents import document_action, document_button, open_document
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.format import italian_datetime
from affido_app.ui.widgets.record_table import RecordTable, yes_no

F = people.ELDER_FIELDS
CF = people.CONTACT_FIELDS

IDENTITY_LEFT = ["last_name", "first_name", "sex", "birth_date", "codice_fiscale", "birthplace"]
IDENTITY_RIGHT = ["address", "comune", "postal_code", "referral_date", "intake_date",
                  "referred_by_id", "referral_source"]
CONTACTS = ["phone", "mobile", "email"]
DOCTOR = ["gp_name", "gp_phone"]
SITUATION = ["living_situation", "family_network", "family_network_notes", "in_uvg_care"]
FRAGILITY = ["fragility_relational", "fragility_relational_notes", "fragility_physical",
             "fragility_physical_notes", "fragility_psychological",
             "fragility_psychological_notes"]
HEALTH = ["chronic_conditions", "mobility_aids", "uses_wheelchair"]
NEEDS = ["needs", "needs_notes"]
INTERESTS = ["interests", "interests_notes", "languages"]
PREFERENCES = ["preferences_notes", "prefers_sex", "max_distance_km", "home_visits_only"]
CONSTRAINTS = ["allergies", "allergic_to_pets", "has_pets", "smoker", "accepts_smokers"]


class ElderDialog(PersonDialog):
    """``ElderDialog.create(parent, ctx)`` → new id or None;
    ``ElderDialog.open_record(parent, ctx, elder_id)`` → the window."""

    KIND = PersonKind.ELDER
    FIELDS = F
    RESOURCE = Resource.ELDER
    AREA = "elders"
    DATE_FIELD = "referral_date"
    CF_MIN_AGE = 60

    def form_names(self) -> list[str]:
        names = [*IDENTITY_LEFT, *IDENTITY_RIGHT, "notes", *CONTACTS, *DOCTOR, *SITUATION,
                 *FRAGILITY, *HEALTH, *NEEDS, *INTERESTS, *PREFERENCES, *CONSTRAINTS,
                 "availability"]
        if not self.ctx.can(Action.READ_SENSITIVE, Resource.ELDER):
            names = [n for n in names if not F[n].sensitive]
        return names

    def form_options(self) -> dict[str, dict[str, Any]]:
        return {**super().form_options(), "needs": {"columns": 3},
                "interests": {"columns": 4}, "languages": {"columns": 4},
                "notes": {"lines": 4}}

    def new_title(self) -> str:
        return tr("New elder")

    def title_for(self, name: str) -> str:
        return tr("Elder – {name}").format(name=name)

    # --- tabs ---

    def build_tabs(self) -> None:
        self.suggest_button = QPushButton(tr("Suggest fosterers…"), self)
        self.suggest_button.setObjectName("suggestFosterers")
        self.suggest_button.setAutoDefault(False)
        self.suggest_button.clicked.connect(self.suggest_fosterers)
        self.suggest_button.hide()
        self.button_row.insertWidget(1, self.suggest_button)
        self.add_print_buttons()
        sensitive = self.sensitive_allowed
        self.add_tab(tr("Personal details"),
                     self.columns(self.fields_block(IDENTITY_LEFT),
                                  self.fields_block(IDENTITY_RIGHT)),
                     self.fields_block(["notes"]), name="tabIdentity")

        self.contacts = self.add_table(RecordTable(
            [(CF["name"].label, lambda r: r["name"] or ""),
             (CF["relation"].label, lambda r: r["relation"] or ""),
             (CF["phone"].label, lambda r: phone_text(r["phone"])),
             (CF["email"].label, lambda r: r["email"] or ""),
             (CF["is_primary"].label, lambda r: yes_no(r["is_primary"]) if r["is_primary"]
              else ""),
             (CF["notes"].label, lambda r: (r["notes"] or "").replace("\n", " "))],
            self, empty_text=tr("No reference person yet."),
            add_text=tr("Add reference person…"), stretch=5))
        self.contacts.add_requested.connect(self.add_contact)
        self.contacts.edit_requested.connect(self.edit_contact)
        self.contacts.remove_requested.connect(self.remove_contact)
        self.contacts.setObjectName("contacts")
        self.add_tab(tr("Contacts and references"),
                     self.columns(self.fields_block(CONTACTS, tr("Phone and email")),
                                  self.fields_block(DOCTOR, tr("Family doctor"))),
                     self.group(tr("Reference people (family, neighbours, friends)"),
                                 self.contacts),
                     name="tabContacts", stretch=False)

        situation = [self.fields_block(SITUATION, tr("Living situation and family network"))]
        if sensitive:
            situation += [self.fields_block(FRAGILITY, tr("Fragility")),
                          self.fields_block(HEALTH, tr("Health"))]
        else:
            situation.insert(0, self.sensitive_notice())
        self.add_tab(tr("Situation"), *situation, name="tabSituation")

        needs = [self.fields_block(NEEDS, tr("Needs")),
                 self.fields_block(INTERESTS, tr("Interests and languages")),
                 self.columns(self.fields_block(PREFERENCES, tr("Preferences")),
                              self.fields_block(CONSTRAINTS, tr("Allergies, pets, smoke")))]
        if not sensitive:
            needs.append(self.sensitive_notice())
        self.add_tab(tr("Needs and preferences"), *needs, name="tabNeeds")

        self.add_tab(tr("Availability"),
                     self.note(tr("The days and times when the elder would like company or "
                                  "help. Click a cell, or a day to select it all.")),
                     self.fields_block(["availability"]), name="tabAvailability")
        self.add_tab(tr("Consents"), self.consents_block(), name="tabConsents",
                     stretch=False)
        if self.person_id is not None and self.ctx.can(Action.READ, Resource.INTERVIEW):
            self.interviews = RecordTable(
                [(tr("Date"), lambda r: italian_datetime(r["held_at"])),
                 (tr("Kind"), lambda r: r["kind"].label),
                 (tr("Outcome"), lambda r: r["outcome"].label),
                 (tr("Interviewers"), lambda r: ", ".join(
                     i["full_name"] + (" ✓" if i["signed_off_at"] else "")
                     for i in r["interviewers"]))],
                self, empty_text=tr("No intake interview yet."),
                add_text=tr("Intake interview…"), edit_text=tr("Open"), removable=False,
                stretch=3)
            self.interviews.setObjectName("interviews")
            self.interviews.add_requested.connect(self.new_interview)
            self.interviews.edit_requested.connect(self.open_interview)
            if not self.ctx.can(Action.CREATE, Resource.INTERVIEW):
                self.interviews.set_actions_enabled(False, tr("Your profile cannot record "
                                                              "interviews."))
            self.add_tab(tr("Interviews"), self.group(tr("Intake assessment"), self.interviews),
                         name="tabInterviews", stretch=False)
        self.add_tab(tr("History"), self.history_block(), name="tabHistory", stretch=False)

    def add_print_buttons(self) -> None:
        """"Print record" (Ctrl+P) for a saved elder."""
        if self.person_id is None:
            return
        self.print_button = document_button(
            self, self.ctx, tr("Print record"), "elder", self.print_record, name="printRecord",
            tip=tr("The elder's record, as saved, to print or save as PDF (Ctrl+P)"))
        self.insert_button(self.print_button)
        self.addAction(document_action(self, self.ctx, tr("Print record"), "elder",
                                       self.print_record, shortcut="Ctrl+P"))

    def print_record(self):
        return open_document(self, self.ctx, DocumentRequest("elder", self.person_id))

    def _load_choices(self, record: Mapping[str, Any] | None) -> None:
        current = (record or {}).get("referred_by_id")
        choices = [(u["id"], u["full_name"]) for u in self.staff
                   if u["active"] or u["id"] == current]
        if "referred_by_id" in self.form:
            self.form.set_choices("referred_by_id", choices)

    # --- service calls ---

    def fetch(self, s, sensitive: bool) -> dict:
        return people.get_elder(s, self.ctx.actor, self.person_id, sensitive=sensitive)

    def create_record(self, s, data: dict) -> int:
        return people.create_elder(s, self.ctx.actor, data)

    def update_record(self, s, data: dict, version: int) -> int:
        return people.update_elder(s, self.ctx.actor, self.person_id, data,
                                   expected_version=version)

    def load_related(self, s) -> None:
        self.contacts.set_rows(people.list_elder_contacts(s, self.ctx.actor, self.person_id))
        if getattr(self, "interviews", None) is not None:
            self.interviews.set_rows(interviews_service.list_interviews(
                s, self.ctx.actor, elder_id=self.person_id))
        self.load_consents(s)
        self.load_history(s)

    # --- matching ---

    def update_header(self) -> None:
        super().update_header()
        waiting = bool(self.person_id and self.record
                       and self.record.get("status") == ElderStatus.WAITING)
        self.suggest_button.setVisible(
            waiting and self.ctx.can(Action.CREATE, Resource.MATCH)
            and self.ctx.can(Action.READ, Resource.FOSTERER))

    def suggest_fosterers(self) -> None:
        from affido_app.ui.dialogs.suggestions_dialog import SuggestionsDialog

        if SuggestionsDialog.for_elder(self, self.ctx, self.person_id):
            self.after_status_change()

    # --- intake interviews ---

    def new_interview(self) -> None:
        from affido_app.ui.dialogs.interview_dialog import InterviewDialog

        if InterviewDialog.create(self, self.ctx, elder_id=self.person_id):
            self.refresh_related()

    def open_interview(self, row: dict) -> None:
        from affido_app.ui.dialogs.interview_dialog import InterviewDialog

        if InterviewDialog.open_interview(self, self.ctx, row["id"]):
            self.refresh_related()

    # --- reference people ---

    def add_contact(self) -> bool:
        if self.person_id is None:
            return False
        return self.child_editor(
            tr("New reference person"), CF, values=None,
            save=lambda s, data: people.add_elder_contact(s, self.ctx.actor, self.person_id,
                                                          data))

    def edit_contact(self, row: dict) -> bool:
        return self.child_editor(
            tr("Reference person"), CF, values=row,
            save=lambda s, data: people.update_elder_contact(s, self.ctx.actor, row["id"],
                                                             data))

    def remove_contact(self, row: dict) -> bool:
        return self.remove_child(
            row["name"], lambda s: people.remove_elder_contact(s, self.ctx.actor, row["id"]))
