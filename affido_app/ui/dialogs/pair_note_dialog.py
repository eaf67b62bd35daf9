"""The note on one pair discussed in a supervision meeting (*nota di supervisione*).

How the foster care is going, the elder's and the fosterer's wellbeing, problems, agreed actions,
a risk flag and the next check. The texts are confidential: who may not read them (someone who
neither led nor took part in the meeting, unless a psychologist) sees the levels, the risk flag
and the dates only, with a line saying why.

A risk, once recorded, is closed with "Close risk…" and a note saying how it was resolved (never
by clearing the flag); a closed risk shows who closed it, when and why.

Three ways to use it:

- :meth:`PairNoteDialog.open_note` — a saved note, read from the database and saved by this
  window (the dashboard's open risks);
- :meth:`PairNoteDialog.edit` with ``note`` — the same from a meeting's window that already
  holds the note;
- :meth:`PairNoteDialog.edit` without ``note`` — a note of a meeting not saved yet: the values
  are checked and handed back (``result_values``), the meeting's window saves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, NotFound, ValidationError
from affido_app.services import fields as fl
from affido_app.services import staff as staff_service
from affido_app.services import supervision as supervision_service
from affido_app.services.supervision import NOTE_FIELDS
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.format import italian_date, italian_datetime
from affido_app.ui.widgets.supervision_panel import RISK_COLOR, pair_name

K = fl.Kind
#: what the views refresh after a change
AREAS = {"supervision"}
NOTICE_CSS = ("QLabel#confidentialNotice { color: #6d4c00; background: #fff8e1; "
              "border: 1px solid #ffe082; border-radius: 3px; padding: 6px; }")


def confidential_notice(text: str, parent: QWidget | None = None) -> QLabel:
    """The amber line that says why confidential texts are not shown."""
    label = QLabel(text, parent)
    label.setObjectName("confidentialNotice")
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_CSS)
    return label


def next_check(session_day: dt.date | None):
    """The service's rule for the next check, without the database (for a note not saved)."""

    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        day = rec.get("next_date")
        if (session_day is not None and isinstance(day, dt.date) and "next_date" not in errors
                and day <= session_day):
            errors["next_date"] = "La prossima verifica deve seguire la data dell'incontro."

    return check


class PairNoteDialog(FormDialog):
    """One pair note. ``saved_changes`` is True once something was written (the note or the
    closing of its risk); ``result_values`` holds the values of a note not saved yet."""

    def __init__(self, parent: QWidget | None, ctx, *, pair: Mapping[str, Any],
                 session_day: dt.date | None, confidential: bool,
                 note: Mapping[str, Any] | None = None, values: Mapping[str, Any] | None = None,
                 staff_names: Mapping[int, str] | None = None, read_only: bool = False):
        super().__init__(parent, ctx)
        self.setObjectName("pairNoteDialog")
        self.pair = dict(pair)
        self.session_day = session_day
        self.confidential = confidential
        self.note: dict[str, Any] = dict(note or {})
        self.note_id: int | None = self.note.get("id")
        self.version: int | None = self.note.get("version")
        self.pending = self.note_id is None
        self.staff_names = dict(staff_names or {})
        self.result_values: dict[str, Any] | None = None
        self.saved_changes = False
        self.always_savable = self.pending
        self.setWindowTitle(tr("Supervision note: {pair}").format(pair=pair_name(self.pair)))

        names = [n for n, f in NOTE_FIELDS.items() if confidential or not f.sensitive]
        body = QWidget(self)
        self.form = self.track(Form(NOTE_FIELDS, body, names=names, options={
            n: {"lines": 3} for n, f in NOTE_FIELDS.items() if f.kind is K.MULTILINE}))
        self._build(body)
        if self.pending:
            self.form.set_values({n: (values or {}).get(n) for n in names})
        else:
            self.form.set_values({n: self.note.get(n) for n in names})
        self.save_button.setText(tr("OK") if self.pending else tr("Save"))

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(self.button_row)
        if read_only:
            self.set_read_only(True)
        self._update_risk()
        self.update_buttons()
        self.resize(760, 780 if confidential else 420)

    # --- entry points ---

    @classmethod
    def edit(cls, parent: QWidget | None, ctx, *, pair: Mapping[str, Any],
             session_day: dt.date | None, confidential: bool,
             note: Mapping[str, Any] | None = None, values: Mapping[str, Any] | None = None,
             staff_names: Mapping[int, str] | None = None, read_only: bool = False,
             exec: bool = True):
        """A saved ``note`` (saved by this window) or, without it, the note of a meeting not
        saved yet (``values``: what was typed before). Returns True once something changed
        (the values are in ``result_values`` for a note not saved); ``exec=False``: the
        dialog, not shown."""
        dialog = cls(parent, ctx, pair=pair, session_day=session_day, confidential=confidential,
                     note=note, values=values, staff_names=staff_names, read_only=read_only)
        if not exec:
            return dialog
        accepted = dialog.exec() == cls.DialogCode.Accepted
        return accepted or dialog.saved_changes

    @classmethod
    def open_note(cls, parent: QWidget | None, ctx, session_id: int, note_id: int, *,
                  exec: bool = True):
        """A saved note, read from the database. Returns True once something changed
        (``exec=False``: the dialog; None when it cannot be read: the message was shown)."""
        try:
            # reading the confidential texts is audited: the read is committed
            with ctx.begin() as s:
                record = supervision_service.get_supervision(s, ctx.actor, session_id)
                staff = {u["id"]: u["full_name"]
                         for u in staff_service.list_staff(s, ctx.actor)}
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the note"), exc.message)
            return None if not exec else False
        note = next((n for n in record["pair_notes"] if n["id"] == note_id), None)
        if note is None:
            show_error(parent, tr("Cannot open the note"),
                       tr("The note was not found: it may have been deleted."))
            return None if not exec else False
        return cls.edit(parent, ctx, pair=note, session_day=note["session_date"],
                        confidential=record["confidential_visible"], note=note,
                        staff_names=staff,
                        read_only=not ctx.can(Action.UPDATE, Resource.SUPERVISION), exec=exec)

    # --- building ---

    def _build(self, body: QWidget) -> None:
        self.header = QFrame(self)
        self.header.setObjectName("noteHeader")
        self.header.setStyleSheet("QFrame#noteHeader { background: palette(alternate-base); "
                                  "border: 1px solid palette(mid); border-radius: 4px; }")
        name = QLabel(pair_name(self.pair), self.header)
        name.setObjectName("pairName")
        size = name.font().pointSizeF() * 1.25
        # a style sheet, not a font: a parent's style sheet would override the font
        name.setStyleSheet(f"QLabel#pairName {{ font-weight: 600; font-size: {size:.1f}pt; }}")
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        when = (tr("Supervision meeting of {date}").format(date=italian_date(self.session_day))
                if self.session_day else tr("Supervision meeting not saved yet"))
        sub = QLabel(when, self.header)
        box = QVBoxLayout(self.header)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(2)
        box.addWidget(name)
        box.addWidget(sub)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        if not self.confidential:
            self.notice = confidential_notice(tr(
                "The texts of this note are confidential: only who led the meeting, the staff "
                "who took part and the psychologists can read them. The wellbeing levels, the "
                "risk flag and the dates are shown."), body)
            layout.addWidget(self.notice)
        else:
            self.notice = None
        layout.addWidget(self._rows(body, ["how_it_goes"]))
        people = QHBoxLayout()
        people.setSpacing(16)
        people.addWidget(self._rows(body, ["elder_wellbeing", "elder_wellbeing_notes"],
                                    tr("Elder")), 1)
        people.addWidget(self._rows(body, ["fosterer_wellbeing", "fosterer_wellbeing_notes"],
                                    tr("Fosterer")), 1)
        layout.addLayout(people)
        layout.addWidget(self._rows(body, ["problems", "agreed_actions"]))
        layout.addWidget(self._risk_box(body))
        layout.addWidget(self._rows(body, ["next_date"]))
        layout.addStretch(1)

    def _rows(self, body: QWidget, names: list[str], title: str | None = None) -> QWidget:
        block: QWidget = QGroupBox(title, body) if title else QWidget(body)
        form = QFormLayout(block)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        texts = any(NOTE_FIELDS[n].kind is K.MULTILINE for n in names)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows if texts
                              else QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not title:
            form.setContentsMargins(0, 0, 0, 0)
        shown = [n for n in names if n in self.form]
        self.form.add_rows(form, shown)
        for name in shown:
            editor = self.form.editor(name)
            if NOTE_FIELDS[name].kind is K.MULTILINE:  # room for the others: they scroll
                editor.setMaximumHeight(editor.fontMetrics().lineSpacing() * 4 + 14)
        block.setVisible(bool(shown))
        return block

    def _risk_box(self, body: QWidget) -> QGroupBox:
        box = QGroupBox(tr("Risk"), body)
        box.setObjectName("riskBox")
        layout = QVBoxLayout(box)
        _label, container = self.form.row("risk_flag")
        layout.addWidget(container)
        self.risk_label = QLabel(box)
        self.risk_label.setObjectName("riskState")
        self.risk_label.setWordWrap(True)
        self.risk_label.setTextFormat(Qt.TextFormat.PlainText)
        self.risk_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_risk_button = QPushButton(tr("Close risk…"), box)
        self.close_risk_button.setObjectName("closeRisk")
        self.close_risk_button.setAutoDefault(False)
        self.close_risk_button.clicked.connect(lambda: self.close_risk())
        row = QHBoxLayout()
        row.addWidget(self.risk_label, 1)
        row.addWidget(self.close_risk_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        return box

    # --- the risk ---

    def risk_open(self) -> bool:
        """A risk recorded in the saved note and not closed yet."""
        return (not self.pending and bool(self.note.get("risk_flag"))
                and self.note.get("risk_closed_at") is None)

    def _update_risk(self) -> None:
        flagged = not self.pending and bool(self.note.get("risk_flag"))
        closed_at = self.note.get("risk_closed_at")
        check = self.form.editor("risk_flag")
        if flagged:  # a recorded risk is closed, never cleared
            check.setEnabled(False)
            check.setToolTip(tr("A recorded risk is closed with “Close risk…”, saying how it "
                                "was resolved."))
        if flagged and closed_at is not None:
            who = self.staff_names.get(self.note.get("risk_closed_by_id"), "")
            text = tr("Risk closed on {when} by {name}.").format(
                when=italian_datetime(closed_at), name=who or tr("an operator"))
            reason = self.note.get("risk_closing_note")
            if reason:
                text += "\n" + tr("How it was resolved: {note}").format(note=reason)
            self.risk_label.setText(text)
            self.risk_label.setStyleSheet("color: #2e7d32;")
        elif flagged:
            self.risk_label.setText(tr("Risk open: it stays highlighted until it is closed."))
            self.risk_label.setStyleSheet(f"color: {RISK_COLOR.name()}; font-weight: 600;")
        else:
            self.risk_label.setText("")
            self.risk_label.setStyleSheet("")
        self.risk_label.setVisible(bool(self.risk_label.text()))
        self.close_risk_button.setVisible(self.risk_open() and not self.read_only)
        self.close_risk_button.setEnabled(self.confidential)
        self.close_risk_button.setToolTip(
            "" if self.confidential else tr("Only who led the meeting, the staff who took part "
                                            "and the psychologists can close the risk."))

    def close_risk(self, *, exec: bool = True):
        """Ask how the risk was resolved and close it. Returns True once closed
        (``exec=False``: the dialog asking, not shown)."""
        if not self.risk_open():
            return None if not exec else False
        specs = fl.specs(fl.Field("risk_closing_note", tr("How the risk was resolved"),
                                  K.MULTILINE, required=True, max_length=5000))
        note_id = self.note_id

        def save(s, data: dict) -> int:
            return supervision_service.close_risk(
                s, self.ctx.actor, note_id, data.get("risk_closing_note") or "",
                expected_version=self.version)

        dialog = RecordDialog(self, self.ctx, tr("Close risk: {pair}").format(
            pair=pair_name(self.pair)), specs, save=save, changes=AREAS,
            options={"risk_closing_note": {"lines": 5}}, defaults={})
        rows = dialog.findChild(QFormLayout)
        if rows is not None:  # the question above a wide text box
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        dialog.resize(560, 300)
        dialog.accepted.connect(lambda: self._risk_closed(
            dialog.result_value, dialog.form.value("risk_closing_note")))
        if not exec:
            return dialog
        return dialog.exec() == RecordDialog.DialogCode.Accepted

    def _risk_closed(self, version: int, text: str | None) -> None:
        self.version = version
        self.saved_changes = True
        self.note.update(risk_closed_at=dt.datetime.now(dt.UTC),
                         risk_closed_by_id=self.ctx.actor.id,
                         risk_closing_note=(text or "").strip() or None)
        self.staff_names.setdefault(self.ctx.actor.id, self.ctx.actor_name)
        self.note["version"] = version
        self._update_risk()

    # --- saving ---

    # --- drafts (ui/drafts.py): a saved note only (a new one belongs to its meeting) ---

    DRAFT_KIND = "supervision_note"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        if self.pending or self.note.get("session_id") is None:
            return None
        return DraftInfo(tr("Supervision note: {pair}").format(pair=pair_name(self.pair)),
                         self.note_id, self.version,
                         context={"session_id": self.note["session_id"]})

    def set_read_only(self, read_only: bool = True) -> None:
        super().set_read_only(read_only)
        if hasattr(self, "close_risk_button"):
            self._update_risk()

    def save(self) -> bool:
        if self.read_only:
            return False
        if self.pending:
            values = self.form.values()
            try:  # the service's checks, without the database: the meeting's window saves
                fl.clean(values, {n: NOTE_FIELDS[n] for n in values},
                         extra_checks=[next_check(self.session_day)])
            except ValidationError as exc:
                self.show_validation(exc)
                return False
            self.result_values = values
            self.saved()
            return True
        data = self.form.changed_values()
        if not data:
            self.saved()
            return True
        ok, result = run_op(
            self, self.ctx,
            lambda s: supervision_service.update_pair_note(
                s, self.ctx.actor, self.note_id, data, expected_version=self.version),
            changes=AREAS, title=tr("Note not saved"), on_validation=self.show_validation,
            quiet=True)
        if ok:
            self.version = result
            self.note.update(data, version=result)
            self.saved_changes = True
            self.saved()
        elif self.save_refused(result, tr("Note not saved")):
            return self.save()  # the values chosen in the conflict dialog, on their version
        return ok

    def load_current(self) -> dict:
        """The note as saved now (someone else saved it meanwhile: the conflict dialog compares
        it with the form). Reading the confidential texts is audited: committed."""
        with self.ctx.begin() as s:
            meeting = supervision_service.get_supervision(s, self.ctx.actor,
                                                          self.note["session_id"])
        current = next((n for n in meeting["pair_notes"] if n["id"] == self.note_id), None)
        if current is None:
            raise NotFound("La nota di supervisione non è più presente: potrebbe essere stata "
                           "eliminata.")
        return current

    def take_current(self, current: dict, values: dict) -> None:
        """After the conflict dialog: the note as saved now, with the values chosen."""
        from affido_app.ui.conflicts import apply_current

        self.note.update(current)
        apply_current(self, current, values)
        self._update_risk()
