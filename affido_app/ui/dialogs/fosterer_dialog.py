"""The fosterer's record (scheda affidatario): identity, contacts, home and household, skills
and preferences, availability, documents and consents, status history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services import people
from affido_app.services.documents import DocumentRequest
from affido_app.ui.dialogs.person_dialog import PersonDialog, label_of
from affido_app.ui.documents import (
    document_action,
    documents_menu_button,
    open_document,
    print_expenses,
)
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.date_edit import format_date
from affido_app.ui.widgets.record_table import RecordTable, yes_no

F = people.FOSTERER_FIELDS
HF = people.HOUSEHOLD_FIELDS
DF = people.DOCUMENT_FIELDS
DOCUMENT_NAMES = ["kind", "number", "issued_on", "expires_on", "notes"]

IDENTITY_LEFT = ["last_name", "first_name", "sex", "birth_date", "codice_fiscale", "birthplace"]
IDENTITY_RIGHT = ["address", "comune", "postal_code", "application_date"]
CONTACTS = ["phone", "mobile", "email"]
HOME = ["hosts_at_home", "home_accessible", "has_pets", "smokers_at_home", "smoker",
        "home_notes"]
SKILLS = ["skills", "skills_notes"]
INTERESTS = ["interests", "interests_notes", "languages"]
PRACTICAL = ["has_driving_licence", "has_car", "capacity", "max_distance_km"]
ABOUT = ["occupation", "motivation"]


def document_problem(row: dict) -> str | None:
    """Why a document row is shown in red: it has expired."""
    expires = row.get("expires_on")
    if expires is not None and expires < dt.date.today():
        return tr("Expired on {date}").format(date=format_date(expires))
    return None


class FostererDialog(PersonDialog):
    """``FostererDialog.create(parent, ctx)`` → new id or None;
    ``FostererDialog.open_record(parent, ctx, fosterer_id)`` → the window."""

    KIND = PersonKind.FOSTERER
    FIELDS = F
    RESOURCE = Resource.FOSTERER
    AREA = "fosterers"
    DATE_FIELD = "application_date"
    CF_MIN_AGE = 18

    def form_names(self) -> list[str]:
        return [*IDENTITY_LEFT, *IDENTITY_RIGHT, "notes", *CONTACTS, *HOME, *SKILLS,
                *INTERESTS, *PRACTICAL, *ABOUT, "availability"]

    def form_options(self) -> dict[str, dict[str, Any]]:
        return {**super().form_options(), "skills": {"columns": 3},
                "interests": {"columns": 4}, "languages": {"columns": 4},
                "notes": {"lines": 4}, "motivation": {"lines": 4}}

    def new_title(self) -> str:
        return tr("New fosterer")

    def title_for(self, name: str) -> str:
        return tr("Fosterer – {name}").format(name=name)

    # --- tabs ---

    def build_tabs(self) -> None:
        self.add_tab(tr("Personal details"),
                     self.columns(self.fields_block(IDENTITY_LEFT),
                                  self.fields_block(IDENTITY_RIGHT)),
                     self.fields_block(["notes"]), name="tabIdentity")
        self.add_tab(tr("Contacts"), self.fields_block(CONTACTS, tr("Phone and email")),
                     name="tabContacts")

        self.household = self.add_table(RecordTable(
            [(HF["name"].label, lambda r: r["name"] or ""),
             (HF["relation"].label, lambda r: r["relation"] or ""),
             (HF["birth_year"].label, lambda r: str(r["birth_year"] or "")),
             (HF["co_fosterer"].label, lambda r: yes_no(r["co_fosterer"])),
             (HF["notes"].label, lambda r: (r["notes"] or "").replace("\n", " "))],
            self, empty_text=tr("No household member registered."),
            add_text=tr("Add member…"), stretch=4))
        self.household.setObjectName("household")
        self.household.add_requested.connect(self.add_member)
        self.household.edit_requested.connect(self.edit_member)
        self.household.remove_requested.connect(self.remove_member)
        self.add_tab(tr("Home and household"),
                     self.fields_block(HOME, tr("Home")),
                     self.group(tr("Household members"), self.household),
                     name="tabHome", stretch=False)

        self.add_tab(tr("Skills and preferences"),
                     self.fields_block(SKILLS, tr("Skills")),
                     self.fields_block(INTERESTS, tr("Interests and languages")),
                     self.columns(self.fields_block(PRACTICAL, tr("Travel and number of elders")),
                                  self.fields_block(ABOUT, tr("Occupation and motivation"))),
                     name="tabSkills")
        self.add_tab(tr("Availability"),
                     self.note(tr("The days and times when the fosterer is available. "
                                  "Click a cell, or a day to select it all.")),
                     self.fields_block(["availability"]), name="tabAvailability")

        self.documents = self.add_table(RecordTable(
            [(DF["kind"].label, lambda r: label_of(r["kind"])),
             (DF["number"].label, lambda r: r["number"] or ""),
             (DF["issued_on"].label, lambda r: format_date(r["issued_on"])),
             (DF["expires_on"].label, lambda r: format_date(r["expires_on"])),
             (tr("State"), lambda r: tr("Expired") if document_problem(r) else tr("Valid")),
             (DF["notes"].label, lambda r: (r["notes"] or "").replace("\n", " "))],
            self, empty_text=tr("No document on file."), add_text=tr("Add document…"),
            marked=document_problem, stretch=5))
        self.documents.setObjectName("documents")
        self.documents.add_requested.connect(self.add_document)
        self.documents.edit_requested.connect(self.edit_document)
        self.documents.remove_requested.connect(self.remove_document)
        self.add_tab(tr("Documents"), self.group(tr("Documents on file"), self.documents),
                     self.consents_block(), name="tabDocuments", stretch=False)
        self.build_activity_tabs()
        self.add_tab(tr("History"), self.history_block(), name="tabHistory", stretch=False)
        self.add_print_buttons()

    def add_print_buttons(self) -> None:
        """A "Print" menu for a saved fosterer: the record (Ctrl+P), the supervision
        report, the reimbursement statement of a month."""
        if self.person_id is None:
            return
        ctx = self.ctx
        self.print_record_action = document_action(
            self, ctx, tr("Print record"), "fosterer", self.print_record, shortcut="Ctrl+P",
            name="printRecord")
        self.print_supervision_action = document_action(
            self, ctx, tr("Supervision report"), "supervision", self.print_supervision,
            name="printSupervision")
        self.print_expenses_action = document_action(
            self, ctx, tr("Reimbursement statement…"), "expenses", self.print_expenses,
            name="printExpenses")
        self.documents_button = documents_menu_button(
            self, [self.print_record_action, self.print_supervision_action,
                   self.print_expenses_action])
        self.addAction(self.print_record_action)
        self.insert_button(self.documents_button)

    def print_record(self):
        return open_document(self, self.ctx, DocumentRequest("fosterer", self.person_id))

    def print_supervision(self):
        return open_document(self, self.ctx, DocumentRequest("supervision", self.person_id,
                                                             scope="fosterer"))

    def print_expenses(self, *, exec: bool = True):
        """Ask the month (last month, or the past month chosen in the Expenses tab), then
        open the reimbursement statement."""
        panel = getattr(self, "expenses_panel", None)
        month = panel.statement_month() if panel is not None else None
        return print_expenses(self, self.ctx, self.person_id, month=month, exec=exec)

    def build_activity_tabs(self) -> None:
        """Tabs of an existing fosterer's work in the programme."""
        if self.person_id is None:
            return
        if self.ctx.can(Action.READ, Resource.INTERVIEW):
            from affido_app.ui.widgets.evidence_panel import EvidencePanel

            self.evidence = EvidencePanel(self.ctx, self.person_id, self)
            self.evidence.setObjectName("evidence")
            self.add_tab(tr("Selection"), self.evidence, name="tabSelection", stretch=False)
        if self.ctx.can(Action.READ, Resource.TRAINING):
            from affido_app.ui.widgets.training_record import TrainingRecord

            self.training_record = TrainingRecord(self.ctx, self.person_id, self)
            self.add_tab(tr("Training"), self.training_record, name="tabTraining",
                         stretch=False)
        if self.ctx.can(Action.READ, Resource.EXPENSE):
            from affido_app.ui.widgets.expenses_panel import ExpensesPanel

            self.expenses_panel = ExpensesPanel(self.ctx, self.person_id)
            self.add_tab(tr("Expenses"), self.expenses_panel, name="tabExpenses",
                         stretch=False)

    # --- service calls ---

    def fetch(self, s, sensitive: bool) -> dict:
        return people.get_fosterer(s, self.ctx.actor, self.person_id)

    def create_record(self, s, data: dict) -> int:
        return people.create_fosterer(s, self.ctx.actor, data)

    def update_record(self, s, data: dict, version: int) -> int:
        return people.update_fosterer(s, self.ctx.actor, self.person_id, data,
                                      expected_version=version)

    def load_related(self, s) -> None:
        actor, pid = self.ctx.actor, self.person_id
        self.household.set_rows(people.list_household(s, actor, pid))
        self.documents.set_rows(people.list_documents(s, actor, pid))
        self.load_consents(s)
        self.load_history(s)

    # --- household ---

    def add_member(self) -> bool:
        if self.person_id is None:
            return False
        return self.child_editor(
            tr("New household member"), HF, values=None,
            save=lambda s, data: people.add_household_member(s, self.ctx.actor,
                                                             self.person_id, data))

    def edit_member(self, row: dict) -> bool:
        return self.child_editor(
            tr("Household member"), HF, values=row,
            save=lambda s, data: people.update_household_member(s, self.ctx.actor, row["id"],
                                                                data))

    def remove_member(self, row: dict) -> bool:
        return self.remove_child(
            row["name"],
            lambda s: people.remove_household_member(s, self.ctx.actor, row["id"]))

    # --- documents ---

    def add_document(self) -> bool:
        if self.person_id is None:
            return False
        return self.child_editor(
            tr("New document"), DF, names=DOCUMENT_NAMES, values=None,
            save=lambda s, data: people.add_document(s, self.ctx.actor, self.person_id, data))

    def edit_document(self, row: dict) -> bool:
        return self.child_editor(
            tr("Document"), DF, names=DOCUMENT_NAMES, values=row,
            save=lambda s, data: people.update_document(s, self.ctx.actor, row["id"], data))

    def remove_document(self, row: dict) -> bool:
        return self.remove_child(
            label_of(row["kind"]),
            lambda s: people.remove_document(s, self.ctx.actor, row["id"]))
