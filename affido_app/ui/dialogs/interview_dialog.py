"""The interview record (verbale di colloquio): a fosterer's selection interview or an elder's
intake assessment.

Kind, date and time, place, the interviewers (psychologists and social workers first) with their
sign-offs, the six structured sections and free notes (confidential: shown only to who may read
them), outcome, recommendation, next steps and next appointment. An interviewer signs off the saved
outcome with "Sign off". For an elder's intake the "Eligibility" box tells, line by line, whether
the person may enter the project (age at the interview date, UVG care, consent on file).

Entry points: ``InterviewDialog.create(parent, ctx, fosterer_id=… | elder_id=…)`` → the new id
(None if cancelled) and ``InterviewDialog.open_interview(parent, ctx, interview_id)`` → True once
saved; both take ``exec=False`` to get the dialog without showing it (tests, screenshots).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.eligibility import ELDER_MIN_AGE, elder_ineligibility
from affido_app.domain.enums import (
    INTERVIEW_SECTIONS,
    InterviewKind,
    InterviewOutcome,
    PersonKind,
    Role,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.domain.validators import age_on
from affido_app.errors import AffidoError, FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services import interviews, people
from affido_app.services import staff as staff_service
from affido_app.services.documents import DocumentRequest
from affido_app.ui.dialogs.form_dialog import FormDialog, confirm
from affido_app.ui.documents import document_action, document_button, open_document
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.settings import Key
from affido_app.ui.widgets.evidence_panel import BAD_COLOR, OK_COLOR, CheckList
from affido_app.ui.widgets.form import ERROR_COLOR, Form
from affido_app.ui.widgets.format import italian_datetime

F = interviews.INTERVIEW_FIELDS
SECTION_NAMES = [name for name, _label in INTERVIEW_SECTIONS]
FOSTERER_KINDS = [k for k in InterviewKind if k != InterviewKind.INTAKE]
#: the roles that conduct interviews, listed first; then the others who may take part
INTERVIEWER_ROLES = (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER)
OTHER_ROLES = (Role.COORDINATOR, Role.ADMIN)
#: what a saved interview changes (the selection list and the evidence panels listen)
AREAS = frozenset({"interviews"})
GEOMETRY = Key("window/interview_geometry", QByteArray(), QByteArray)
DEFAULT_SIZE = (980, 720)

_NOTICE_CSS = ("QLabel#{name} {{ color: #6d4c00; background: #fff8e1; border: 1px solid #ffe082; "
               "border-radius: 3px; padding: 6px; }}")


def _now_minute() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


class InterviewDialog(FormDialog):
    """A new interview with one fosterer or one elder (``interview_id`` None), or an existing
    one."""

    def __init__(self, parent: QWidget | None, ctx, *, interview_id: int | None = None,
                 fosterer_id: int | None = None, elder_id: int | None = None):
        # what update_buttons() reads while the base class and track() run
        self.staff_list: QListWidget | None = None
        self.signoff_button: QPushButton | None = None
        self._staff_baseline: set[int] = set()
        super().__init__(parent, ctx)
        self.setObjectName("interviewDialog")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        actor = ctx.actor
        self.interview_id = interview_id
        self.saved_id: int | None = None
        self.record: dict[str, Any] = {}
        self.version: int | None = None
        if interview_id is not None:
            with ctx.begin() as s:  # reading the confidential texts is audited: commit it
                self.record = interviews.get_interview(s, actor, interview_id)
            fosterer_id, elder_id = self.record["fosterer_id"], self.record["elder_id"]
            self.version = self.record["version"]
        elif (fosterer_id is None) == (elder_id is None):
            raise ValueError("an interview is about exactly one elder or one fosterer")
        self.fosterer_id, self.elder_id = fosterer_id, elder_id
        self.subject = PersonKind.ELDER if elder_id is not None else PersonKind.FOSTERER
        #: the confidential texts are shown (and the restricted fields may be changed)
        self.confidential_visible = bool(self.record.get("confidential_visible", True))
        self.may_edit = ctx.can(Action.UPDATE if self.is_existing else Action.CREATE,
                                Resource.INTERVIEW)
        self._saved_interviewers: dict[int, dict] = {
            row["staff_id"]: row for row in self.record.get("interviewers", [])}

        with ctx.sessions() as s:
            if self.subject is PersonKind.ELDER:
                self.person = people.get_elder(s, actor, elder_id)
                self.consent_on_file = people.has_active_consent(
                    s, PersonKind.ELDER, elder_id, dt.date.today())
            else:
                self.person = people.get_fosterer(s, actor, fosterer_id)
                self.consent_on_file = None
            try:
                staff = staff_service.list_staff(s, actor)
            except AffidoError:
                staff = []
        self.subject_name = f"{self.person['last_name']} {self.person['first_name']}"
        self.staff = self._staff_choices(staff)

        # --- the form ---
        names = ["kind", "held_at", "place"]
        if self.confidential_visible:
            names += [*SECTION_NAMES, "notes"]
        names.append("outcome")
        if self.confidential_visible:
            names.append("recommendation")
        names += ["next_steps", "next_date"]
        kinds = [InterviewKind.INTAKE] if self.subject is PersonKind.ELDER else FOSTERER_KINDS
        options: dict[str, dict[str, Any]] = {
            "kind": {"choices": [(k, k.label) for k in kinds]},
            **{n: {"lines": 3} for n in SECTION_NAMES},
            "notes": {"lines": 4}, "recommendation": {"lines": 3}, "next_steps": {"lines": 2},
        }
        self.form = Form(F, self, names=names, options=options)

        # --- the window ---
        header = self._build_header()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 8, 12, 12)
        column.setSpacing(12)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self._fields_box(tr("Interview"), ["kind", "held_at", "place"]), 1,
                      Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._build_interviewers(), 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        self.eligibility_box: QGroupBox | None = None
        if self.subject is PersonKind.ELDER:
            column.addWidget(self._build_eligibility())
        column.addWidget(self._build_confidential())
        column.addWidget(self._build_outcome())
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("interviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(self.button_row)

        self._load_values()
        self.track(self.form)
        self.form.changed.connect(self._field_changed)
        if not self.may_edit:
            self.set_read_only(True)
        elif self.is_existing and not self.confidential_visible:
            # who did not take part may fix date and place, not the outcome or the interviewers
            self.form.binding("outcome").editor.set_read_only(True)
            self._lock_staff(True)
        self._update_signoff()
        self._update_outcome_warning()
        self._add_print_button()
        self._restore_geometry()
        self._listening = True
        ctx.changed.connect(self._context_changed)

    # --- entry points ---

    @classmethod
    def create(cls, parent: QWidget | None, ctx, *, fosterer_id: int | None = None,
               elder_id: int | None = None, exec: bool = True):
        """Record a new interview; returns its id once saved (None if cancelled).
        ``exec=False``: the dialog, not shown."""
        try:
            dialog = cls(parent, ctx, fosterer_id=fosterer_id, elder_id=elder_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the interview"), exc.message)
            return None
        if not exec:
            return dialog
        dialog.exec()
        saved = dialog.saved_id
        dialog.deleteLater()
        return saved

    @classmethod
    def open_interview(cls, parent: QWidget | None, ctx, interview_id: int, exec: bool = True):
        """Open an interview; True once saved, False when closed without saving, None when it
        cannot be read (the message has been shown). ``exec=False``: the dialog, not shown."""
        try:
            dialog = cls(parent, ctx, interview_id=interview_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the interview"), exc.message)
            return None
        if not exec:
            return dialog
        saved = dialog.exec() == cls.DialogCode.Accepted
        dialog.deleteLater()
        return saved

    def _add_print_button(self) -> None:
        """"Print interview record" (Ctrl+P), for an interview already saved."""
        self.print_button: QPushButton | None = None
        if not self.is_existing:
            return
        self.print_button = document_button(
            self, self.ctx, tr("Print interview record"), "interview", self.print_record,
            name="printRecord",
            tip=tr("The interview record, as saved, to print or save as PDF (Ctrl+P)"))
        self.button_row.insertWidget(0, self.print_button)
        action = document_action(self, self.ctx, tr("Print interview record"), "interview",
                                 self.print_record, shortcut="Ctrl+P")
        self.addAction(action)
        if not self.confidential_visible:  # the record holds the notes this user may not read
            reason = tr("The interview record holds confidential notes: only the staff who "
                        "held the interview and the psychologists may print it.")
            for widget in (self.print_button, action):
                widget.setEnabled(False)
                widget.setToolTip(reason)

    def print_record(self):
        if not self.is_existing:
            return None
        return open_document(self, self.ctx, DocumentRequest("interview", self.interview_id))

    @property
    def is_existing(self) -> bool:
        return self.interview_id is not None

    # --- building ---

    def _build_header(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("header")
        frame.setStyleSheet("QFrame#header { background: palette(alternate-base); "
                            "border: 1px solid palette(mid); border-radius: 4px; }")
        self.name_label = QLabel(tr("Interview with {name}").format(name=self.subject_name),
                                 frame)
        self.name_label.setObjectName("recordHeader")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        parts = [self.subject.label]
        born = self.person.get("birth_date")
        if self.subject is PersonKind.ELDER and isinstance(born, dt.date):
            parts.append(tr("{age} years").format(age=age_on(born, dt.date.today())))
        if self.person.get("comune"):
            parts.append(str(self.person["comune"]))
        parts.append(self.person["status"].label)
        self.details_label = QLabel(" · ".join(parts), frame)
        self.details_label.setObjectName("headerDetails")
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        box = QVBoxLayout(frame)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(2)
        box.addWidget(self.name_label)
        box.addWidget(self.details_label)
        title = (tr("Interview – {name}") if self.is_existing
                 else tr("New interview – {name}")).format(name=self.subject_name)
        self.setWindowTitle(title)
        return frame

    def _fields_box(self, title: str, names: Iterable[str]) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.add_rows(layout, [n for n in names if n in self.form])
        return box

    def _build_interviewers(self) -> QGroupBox:
        box = QGroupBox(tr("Interviewers *"), self)
        box.setObjectName("interviewersBox")
        self.staff_list = QListWidget(box)
        self.staff_list.setObjectName("interviewers")
        self.staff_list.setAccessibleName(tr("Interviewers"))
        self.staff_list.setToolTip(tr("Tick the staff who conducted the interview."))
        line = self.staff_list.fontMetrics().lineSpacing()
        self.staff_list.setMinimumHeight(line * 5 + 16)
        self.staff_list.setMaximumHeight(line * 8 + 16)
        for user in self.staff:
            item = QListWidgetItem(self._staff_text(user))
            item.setData(Qt.ItemDataRole.UserRole, user["id"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.staff_list.addItem(item)
        self.staff_list.itemChanged.connect(self._staff_toggled)
        self.interviewers_error = QLabel(box)
        self.interviewers_error.setObjectName("error_interviewers")
        self.interviewers_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.interviewers_error.setWordWrap(True)
        self.interviewers_error.hide()
        self.signoff_button = QPushButton(tr("Sign off the outcome"), box)
        self.signoff_button.setObjectName("signOff")
        self.signoff_button.setAutoDefault(False)
        self.signoff_button.clicked.connect(self.sign_off)
        self.signoff_note = QLabel(box)
        self.signoff_note.setObjectName("signOffNote")
        self.signoff_note.setWordWrap(True)
        self.signoff_note.setStyleSheet("color: #5b6770;")
        row = QHBoxLayout()
        row.addWidget(self.signoff_button)
        row.addWidget(self.signoff_note, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.staff_list)
        layout.addWidget(self.interviewers_error)
        layout.addLayout(row)
        return box

    def _build_eligibility(self) -> QGroupBox:
        box = QGroupBox(tr("Eligibility"), self)
        box.setObjectName("eligibilityBox")
        self.eligibility = CheckList(box)
        self.eligibility_result = QLabel(box)
        self.eligibility_result.setObjectName("eligibilityResult")
        self.eligibility_result.setWordWrap(True)
        note = QLabel(tr("Age at the date of the interview; UVG care and consent as on file "
                         "today."), box)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6770; font-style: italic;")
        layout = QVBoxLayout(box)
        layout.addWidget(self.eligibility)
        layout.addWidget(self.eligibility_result)
        layout.addWidget(note)
        self.eligibility_box = box
        self.update_eligibility()
        return box

    def _build_confidential(self) -> QWidget:
        box = QGroupBox(tr("Interview record (confidential)"), self)
        box.setObjectName("confidentialBox")
        layout = QVBoxLayout(box)
        if not self.confidential_visible:
            self.confidential_notice = QLabel(tr(
                "The record of this interview (its sections, free notes and recommendation) is "
                "confidential: only the staff who conducted it and psychologists may read it. "
                "For the same reason only they may change its outcome and interviewers."), box)
            self.confidential_notice.setObjectName("confidentialNotice")
            self.confidential_notice.setWordWrap(True)
            self.confidential_notice.setStyleSheet(_NOTICE_CSS.format(name="confidentialNotice"))
            layout.addWidget(self.confidential_notice)
            return box
        self.confidential_notice = None
        hint = QLabel(tr("Special-category data: only the interviewers and psychologists can "
                         "read these notes."), box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5b6770; font-style: italic;")
        layout.addWidget(hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        for index, name in enumerate(SECTION_NAMES):
            label, container = self.form.row(name)
            row, col = divmod(index, 2)
            grid.addWidget(label, row * 2, col)
            grid.addWidget(container, row * 2 + 1, col)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        label, container = self.form.row("notes")
        layout.addWidget(label)
        layout.addWidget(container)
        return box

    def _build_outcome(self) -> QGroupBox:
        box = self._fields_box(tr("Outcome and next steps"),
                               ["outcome", "recommendation", "next_steps", "next_date"])
        self.outcome_warning = QLabel(tr("Changing the outcome withdraws the sign-offs already "
                                         "given: the interviewers will have to sign it off "
                                         "again."), box)
        self.outcome_warning.setObjectName("outcomeWarning")
        self.outcome_warning.setWordWrap(True)
        self.outcome_warning.setStyleSheet(_NOTICE_CSS.format(name="outcomeWarning"))
        self.outcome_warning.hide()
        layout = box.layout()
        assert isinstance(layout, QFormLayout)
        layout.insertRow(1, self.outcome_warning)
        return box

    # --- staff ---

    def _staff_choices(self, staff: list[dict]) -> list[dict]:
        """Active psychologists and social workers, then the other active staff who may take
        part; an interviewer already recorded stays even if no longer active."""
        chosen = set(self._saved_interviewers)
        order = {role: i for i, role in enumerate((*INTERVIEWER_ROLES, *OTHER_ROLES))}
        users = [u for u in staff if u["id"] in chosen
                 or (u["active"] and Role(u["role"]) in order)]
        known = {u["id"] for u in users}
        for staff_id, row in self._saved_interviewers.items():  # not readable as staff
            if staff_id not in known:
                users.append({"id": staff_id, "full_name": row["full_name"],
                              "role": row["role"], "active": False})
        return sorted(users, key=lambda u: (order.get(Role(u["role"]), 9),
                                            u["full_name"].casefold()))

    def _staff_text(self, user: dict) -> str:
        row = self._saved_interviewers.get(user["id"])
        role = Role(row["role"] if row else user["role"]).label
        text = f"{user['full_name']} — {role}"
        if row is not None:
            if row.get("signed_off_at") is not None:
                text += " — " + tr("signed off on {when}").format(
                    when=italian_datetime(row["signed_off_at"]))
            else:
                text += " — " + tr("not signed off yet")
        elif not user.get("active", True):
            text += " — " + tr("no longer active")
        return text

    def checked_staff(self) -> list[int]:
        if self.staff_list is None:
            return []
        out = []
        for i in range(self.staff_list.count()):
            item = self.staff_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_checked_staff(self, ids: Iterable[int]) -> None:
        """Tick exactly these staff members (as the user would)."""
        wanted = set(ids)
        assert self.staff_list is not None
        for i in range(self.staff_list.count()):
            item = self.staff_list.item(i)
            state = (Qt.CheckState.Checked if int(item.data(Qt.ItemDataRole.UserRole)) in wanted
                     else Qt.CheckState.Unchecked)
            if item.checkState() != state:
                item.setCheckState(state)

    def _staff_dirty(self) -> bool:
        return self.staff_list is not None and set(self.checked_staff()) != self._staff_baseline

    def _staff_toggled(self, _item: QListWidgetItem) -> None:
        self._set_interviewers_error(None)
        self.hide_banner()
        self.update_buttons()
        self._draft_edited()

    def _set_interviewers_error(self, message: str | None) -> None:
        self.interviewers_error.setText(message or "")
        self.interviewers_error.setVisible(bool(message))
        assert self.staff_list is not None
        self.staff_list.setStyleSheet(
            f"QListWidget {{ border: 1px solid {ERROR_COLOR}; }}" if message else "")

    def _lock_staff(self, locked: bool) -> None:
        assert self.staff_list is not None
        for i in range(self.staff_list.count()):
            item = self.staff_list.item(i)
            flags = Qt.ItemFlag.ItemIsEnabled
            if not locked:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)

    def _refresh_staff_texts(self) -> None:
        assert self.staff_list is not None
        by_id = {u["id"]: u for u in self.staff}
        self.staff_list.blockSignals(True)
        try:
            for i in range(self.staff_list.count()):
                item = self.staff_list.item(i)
                item.setText(self._staff_text(by_id[int(item.data(Qt.ItemDataRole.UserRole))]))
        finally:
            self.staff_list.blockSignals(False)

    # --- values ---

    def _load_values(self) -> None:
        if self.is_existing:
            self.form.set_values({n: self.record.get(n) for n in self.form.names()})
            ticked = list(self._saved_interviewers)
        else:
            start = {n: F[n].default for n in self.form.names() if F[n].default is not None}
            start["held_at"] = _now_minute()
            if self.subject is PersonKind.ELDER:
                start["kind"] = InterviewKind.INTAKE
            self.form.set_values(start)
            me = next((u for u in self.staff if u["id"] == self.ctx.actor.id), None)
            ticked = [me["id"]] if me and Role(me["role"]) in INTERVIEWER_ROLES else []
        assert self.staff_list is not None
        self.staff_list.blockSignals(True)
        self.set_checked_staff(ticked)
        self.staff_list.blockSignals(False)
        self._staff_baseline = set(ticked)

    def is_dirty(self) -> bool:
        return super().is_dirty() or self._staff_dirty()

    def _field_changed(self, name: str) -> None:
        if name == "held_at" and self.eligibility_box is not None:
            self.update_eligibility()
        if name == "outcome":
            self._update_outcome_warning()

    def held_on(self) -> dt.date:
        """The day of the interview as typed (today while it is not a valid date)."""
        try:
            moment = fl.clean_value(F["held_at"], self.form.value("held_at"))
        except FieldError:
            moment = None
        return moment.astimezone().date() if moment is not None else dt.date.today()

    # --- eligibility (elder intake) ---

    def update_eligibility(self) -> None:
        born = self.person.get("birth_date")
        on = self.held_on()
        uvg = bool(self.person.get("in_uvg_care"))
        reasons = elder_ineligibility(born, on, in_uvg_care=uvg,
                                      has_consent=bool(self.consent_on_file))
        lines = self.eligibility
        lines.clear()
        if "birth_date" in reasons:
            lines.add(False, reasons["birth_date"])
        else:
            lines.add(True, tr("Aged {age} at the interview: the age requirement ({minimum} or "
                               "over) is met").format(age=age_on(born, on),
                                                      minimum=ELDER_MIN_AGE))
        if "in_uvg_care" in reasons:
            lines.add(False, reasons["in_uvg_care"])
        else:
            lines.add(True, tr("Not in the care of the UVG"))
        if "consent" in reasons:
            lines.add(False, reasons["consent"])
        else:
            lines.add(True, tr("Consent to data processing on file"))
        ok = not reasons
        self.eligibility_result.setText(
            tr("The requirements for entering the project are met.") if ok
            else tr("The requirements for entering the project are not met yet."))
        self.eligibility_result.setStyleSheet(
            f"color: {OK_COLOR if ok else BAD_COLOR}; font-weight: 600;")

    def _context_changed(self, areas) -> None:
        """Consent or UVG care changed in the elder's record: check eligibility again."""
        if self.subject is not PersonKind.ELDER or not ({"elders", "consents"} & set(areas)):
            return
        try:
            with self.ctx.sessions() as s:
                fresh = people.get_elder(s, self.ctx.actor, self.elder_id)
                self.consent_on_file = people.has_active_consent(
                    s, PersonKind.ELDER, self.elder_id, dt.date.today())
        except AffidoError:
            return
        self.person.update({k: fresh.get(k) for k in ("birth_date", "in_uvg_care")})
        self.update_eligibility()

    # --- sign-off ---

    def _my_row(self) -> dict | None:
        return self._saved_interviewers.get(self.ctx.actor.id)

    def sign_off_block_reason(self) -> str | None:
        """Why the acting user cannot sign off now (None: they can)."""
        me = self._my_row()
        if not self.is_existing:
            return tr("Once the interview is saved, each interviewer can sign off its outcome.")
        if me is None:
            return tr("Only the staff who conducted the interview can sign off its outcome.")
        if me.get("signed_off_at") is not None:
            return tr("You signed off this outcome on {when}.").format(
                when=italian_datetime(me["signed_off_at"]))
        if self.record.get("outcome") in (None, InterviewOutcome.PENDING):
            return tr("Choose and save an outcome before signing off.")
        if self.is_dirty():
            return tr("Save the changes before signing off.")
        return None

    def _update_signoff(self) -> None:
        if self.signoff_button is None:
            return
        reason = self.sign_off_block_reason()
        me = self._my_row()
        self.signoff_button.setVisible(self.is_existing and me is not None
                                       and not self.read_only)
        self.signoff_button.setEnabled(reason is None)
        if reason is None:
            outcome = self.record["outcome"]
            reason = tr("Signing off confirms the outcome “{outcome}” in your name.").format(
                outcome=outcome.label)
        self.signoff_note.setText(reason)

    def update_buttons(self) -> None:
        super().update_buttons()
        self._update_signoff()

    def sign_off(self) -> bool:
        if self.sign_off_block_reason() is not None or self.read_only:
            return False
        outcome = self.record["outcome"]
        if not confirm(self, tr("Sign off the outcome"),
                       tr("Sign off the outcome “{outcome}” of this interview?\nYour name, the "
                          "date and the time will be recorded.").format(outcome=outcome.label),
                       tr("Sign off")):
            return False
        interview_id, version = self.interview_id, self.version
        ok, _ = run_op(self, self.ctx,
                       lambda s: interviews.sign_off_interview(s, self.ctx.actor, interview_id,
                                                               expected_version=version),
                       changes=AREAS, title=tr("Outcome not signed off"))
        if ok:
            self.reload_metadata()
        return ok

    def reload_metadata(self) -> None:
        """Read again the interview's metadata (version, outcome, interviewers and sign-offs),
        without reading the confidential texts again."""
        subject = ({"elder_id": self.elder_id} if self.subject is PersonKind.ELDER
                   else {"fosterer_id": self.fosterer_id})
        with self.ctx.sessions() as s:
            rows = interviews.list_interviews(s, self.ctx.actor, **subject)
        row = next((r for r in rows if r["id"] == self.interview_id), None)
        if row is None:
            return
        self.record.update(row)
        self.version = row["version"]
        self._saved_interviewers = {r["staff_id"]: r for r in row["interviewers"]}
        self._refresh_staff_texts()
        self._update_signoff()
        self._update_outcome_warning()

    def _update_outcome_warning(self) -> None:
        signed = any(r.get("signed_off_at") for r in self._saved_interviewers.values())
        changed = (self.is_existing and "outcome" in self.form
                   and self.form.value("outcome") != self.record.get("outcome"))
        self.outcome_warning.setVisible(bool(signed and changed))

    # --- saving ---

    def show_validation(self, exc: ValidationError, form: Form | None = None) -> None:
        errors = dict(exc.errors)
        self._set_interviewers_error(errors.pop("interviewers", None))
        if errors:
            super().show_validation(ValidationError(errors), form)
        else:
            self.form.clear_errors()
            self.hide_banner()
            assert self.staff_list is not None
            self.staff_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        if self.read_only:
            return False
        actor = self.ctx.actor
        ids = self.checked_staff()
        if not self.is_existing:
            data = self.form.values()
            fosterer_id, elder_id = self.fosterer_id, self.elder_id
            ok, result = run_op(
                self, self.ctx,
                lambda s: interviews.create_interview(s, actor, fosterer_id=fosterer_id,
                                                      elder_id=elder_id, data=data,
                                                      interviewers=ids),
                changes=AREAS, title=tr("Interview not saved"),
                on_validation=self.show_validation)
            if ok:
                self.interview_id = self.saved_id = result
                self._staff_baseline = set(ids)
                self.saved()
            return ok
        data = self.form.changed_values()
        staff = ids if self._staff_dirty() else None
        if not data and staff is None:
            self.saved()
            return True
        signed = sum(1 for r in self._saved_interviewers.values() if r.get("signed_off_at"))
        if "outcome" in data and signed and not confirm(
                self, tr("Change the outcome"),
                tr("The outcome has already been signed off: changing it withdraws the "
                   "sign-offs, and the interviewers will have to sign it off again.\nSave the "
                   "new outcome?"), tr("Save")):
            return False
        interview_id, version = self.interview_id, self.version
        ok, result = run_op(
            self, self.ctx,
            lambda s: interviews.update_interview(s, actor, interview_id, data,
                                                  expected_version=version, interviewers=staff),
            changes=AREAS, title=tr("Interview not saved"), on_validation=self.show_validation,
            quiet=True)
        if ok:
            self.version = result
            self.saved_id = self.interview_id
            self._staff_baseline = set(ids)
            self.saved()
        elif self.save_refused(result, tr("Interview not saved")):
            return self.save()  # the values chosen in the conflict dialog, on their version
        return ok

    def load_current(self) -> dict:
        """The interview as saved now (someone else saved it meanwhile: the conflict dialog
        compares it with the form). Reading the confidential texts is audited: committed."""
        with self.ctx.begin() as s:
            return interviews.get_interview(s, self.ctx.actor, self.interview_id)

    def take_current(self, current: dict, values: dict) -> None:
        """After the conflict dialog: the interview as saved now, with the values chosen."""
        from affido_app.ui.conflicts import apply_current

        apply_current(self, current, values)
        self._saved_interviewers = {r["staff_id"]: r for r in current.get("interviewers", [])}
        self._refresh_staff_texts()
        self._update_signoff()
        self._update_outcome_warning()

    # --- drafts (ui/drafts.py) ---

    DRAFT_KIND = "interview"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        if self.is_existing:
            return DraftInfo(tr("Interview with {name}").format(name=self.subject_name),
                             self.interview_id, self.version)
        person = ({"elder_id": self.elder_id} if self.subject is PersonKind.ELDER
                  else {"fosterer_id": self.fosterer_id})
        return DraftInfo(tr("New interview – {name}").format(name=self.subject_name),
                         context=person)

    def draft_values(self) -> dict[str, Any]:
        values = super().draft_values()
        if self._staff_dirty():
            values["interviewers"] = self.checked_staff()
        return values

    def apply_draft(self, values: Mapping[str, Any]) -> None:
        super().apply_draft(values)
        if "interviewers" in values and self.staff_list is not None and not self.read_only:
            self.set_checked_staff(values["interviewers"])

    # --- read-only and window ---

    def set_read_only(self, read_only: bool = True) -> None:
        super().set_read_only(read_only)
        if self.staff_list is not None:
            self._lock_staff(read_only)
        self._update_signoff()

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.get(GEOMETRY)
        if geometry is None or geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def done(self, result: int) -> None:
        self.ctx.settings.set(GEOMETRY, self.saveGeometry())
        if self._listening:
            self._listening = False
            self.ctx.changed.disconnect(self._context_changed)
        super().done(result)
