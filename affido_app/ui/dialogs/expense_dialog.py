"""One reimbursement entry of a fosterer: date, pair, kilometres, costs, description.

The total is worked out while the user types, with the €/km rate the entry has (the one in force
when it was made; the current one for a new entry), rounded as the statement rounds it. An entry
already approved, rejected or paid is shown read-only. :class:`RejectExpenseDialog` asks the
reason of a rejection, shown next to its field when missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from affido_app.domain import validators as v
from affido_app.domain.enums import ExpenseStatus, MatchStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, FieldError
from affido_app.services import expenses, people
from affido_app.services import fields as fl
from affido_app.services import matches as match_service
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.expenses_panel import (
    STATUS_COLORS,
    euro,
    km_text,
    match_label,
    person_name,
    rate_text,
)
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.format import italian_date

#: the order of the fields in the dialog: when, for whom, how much, what
NAMES = ("date", "match_id", "km", "costs", "description")
AREAS = ("expenses",)


def entry_total(km: Any, costs: Any, rate: Decimal) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(km, km amount, costs, total) from what is typed, as the service computes them; raises
    FieldError when a value is not a number."""
    km_value = v.parse_decimal(km, min_value=0, places=1) or Decimal("0.0")
    cost_value = v.parse_decimal(costs, min_value=0) or Decimal("0.00")
    amount = expenses.km_amount(km_value, rate)
    return km_value, amount, cost_value, amount + cost_value


class ExpenseDialog(RecordDialog):
    """A new entry for ``fosterer_id`` (``expense_id`` None) or an existing entry.

    Entry points: :meth:`create` (→ the new entry's id) and :meth:`open_entry` (→ True once
    saved); ``exec=False`` returns the dialog without showing it.
    """

    def __init__(self, parent: QWidget | None, ctx, fosterer_id: int | None,
                 expense_id: int | None = None, *, defaults: Mapping[str, Any] | None = None):
        with ctx.sessions() as s:
            record = (expenses.get_expense(s, ctx.actor, expense_id)
                      if expense_id is not None else None)
            if record is not None:
                fosterer_id = record["fosterer_id"]
            person = people.get_fosterer(s, ctx.actor, fosterer_id)
            pairs = (match_service.list_matches(s, ctx.actor, fosterer_id=fosterer_id,
                                                limit=100)
                     if ctx.can(Action.READ, Resource.MATCH) else [])
            rate = record["km_rate"] if record is not None else expenses.current_km_rate(s)
        name = person_name(person["last_name"], person["first_name"])
        title = (tr("New expense entry — {name}") if record is None
                 else tr("Expense entry — {name}")).format(name=name)
        start: dict[str, Any] = {"date": dt.date.today()}
        running = [p.id for p in pairs if p.status == MatchStatus.ACTIVE]
        if len(running) == 1:
            start["match_id"] = running[0]
        start.update(defaults or {})
        super().__init__(parent, ctx, title, expenses.EXPENSE_FIELDS,
                         save=lambda s, data: self._write(s, data), values=record,
                         names=NAMES, changes=AREAS, defaults=start,
                         options={"match_id": {"choices": [(p.id, match_label(p))
                                                           for p in pairs]}})
        self.setObjectName("expenseDialog")
        self.fosterer_id = fosterer_id
        self.fosterer_name = name
        self.expense_id = expense_id
        self.record = record
        self.version = record["version"] if record is not None else None
        self.rate = Decimal(rate)
        for field in ("km", "costs"):
            editor = self.form.editor(field)
            editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0" * 12) + 24)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        layout: QFormLayout = self.form.parent_widget.layout()
        if record is not None:
            self.status_label = QLabel(self._status_text(record))
            self.status_label.setObjectName("expenseStatus")
            self.status_label.setWordWrap(True)
            color = STATUS_COLORS.get(record["status"], "#000000")
            self.status_label.setStyleSheet(f"QLabel#expenseStatus {{ color: {color}; }}")
            layout.insertRow(0, tr("Status"), self.status_label)
        self.total_label = QLabel()
        self.total_label.setObjectName("expenseTotal")
        font = self.total_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("expenseDetail")
        self.detail_label.setStyleSheet("QLabel#expenseDetail { color: #5b6770; }")
        self.detail_label.setWordWrap(True)
        layout.addRow(self.total_label)
        layout.addRow(self.detail_label)
        self.form.changed.connect(lambda _name: self.update_total())
        self.update_total()

        if record is None:
            allowed = ctx.can(Action.CREATE, Resource.EXPENSE)
        else:
            allowed = (record["status"] in expenses.EDITABLE
                       and ctx.can(Action.UPDATE, Resource.EXPENSE))
        if not allowed:
            self.set_read_only(True)
        self.setMinimumWidth(520)

    # --- entry points ---

    @classmethod
    def create(cls, parent: QWidget | None, ctx, fosterer_id: int, *,
               defaults: Mapping[str, Any] | None = None, exec: bool = True):
        """A new entry; returns its id once saved (None if cancelled)."""
        dialog = cls._make(parent, ctx, fosterer_id, None, defaults=defaults)
        if dialog is None or not exec:
            return dialog
        accepted = dialog.exec() == cls.DialogCode.Accepted
        return dialog.result_value if accepted else None

    @classmethod
    def open_entry(cls, parent: QWidget | None, ctx, expense_id: int, *, exec: bool = True):
        """An existing entry (read-only when it can no longer change); True once saved."""
        dialog = cls._make(parent, ctx, None, expense_id)
        if dialog is None or not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    @classmethod
    def _make(cls, parent, ctx, fosterer_id, expense_id, *, defaults=None):
        try:
            return cls(parent, ctx, fosterer_id, expense_id, defaults=defaults)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the entry"), exc.message)
            return None

    # --- drafts (ui/drafts.py) ---

    DRAFT_KIND = "expense"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        if self.expense_id is None:
            return DraftInfo(tr("New expense entry — {name}").format(name=self.fosterer_name),
                             context={"fosterer_id": self.fosterer_id})
        return DraftInfo(tr("Expense entry — {name}").format(name=self.fosterer_name),
                         self.expense_id, self.version)

    # --- the total ---

    def totals(self) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
        """(km, km amount, costs, total) of what is typed; None while a number is wrong."""
        try:
            return entry_total(self.form.value("km"), self.form.value("costs"), self.rate)
        except FieldError:
            return None

    def update_total(self) -> None:
        values = self.totals()
        if values is None:
            self.total_label.setText(tr("Total: —"))
            self.detail_label.setText(tr("Correct the kilometres or the costs to see the "
                                         "total."))
            return
        km, amount, costs, total = values
        self.total_label.setText(tr("Total: {total}").format(total=euro(total)))
        self.detail_label.setText(
            tr("{km} km × {rate} €/km = {amount}, plus costs {costs}").format(
                km=km_text(km), rate=rate_text(self.rate), amount=euro(amount),
                costs=euro(costs)))

    # --- saving ---

    def _write(self, s, data: dict) -> Any:
        if self.expense_id is None:
            return expenses.add_expense(s, self.ctx.actor, self.fosterer_id, data)
        return expenses.update_expense(s, self.ctx.actor, self.expense_id, data,
                                       expected_version=self.version)

    def load_current(self) -> dict:
        """The entry as saved now (someone else saved it meanwhile: the conflict dialog
        compares it with the form)."""
        with self.ctx.sessions() as s:
            return expenses.get_expense(s, self.ctx.actor, self.expense_id)

    @staticmethod
    def _status_text(record: Mapping[str, Any]) -> str:
        status: ExpenseStatus = record["status"]
        text = status.label
        if record.get("decided_at"):
            text += " · " + tr("decided on {date}").format(
                date=italian_date(record["decided_at"].date()))
        if status == ExpenseStatus.REJECTED and record.get("decision_note"):
            text += "\n" + tr("Reason: {note}").format(note=record["decision_note"])
        if status not in expenses.EDITABLE:
            text += "\n" + tr("The entry can no longer be changed.")
        return text


class RejectExpenseDialog(FormDialog):
    """Ask why an entry is rejected and reject it: ``RejectExpenseDialog.ask(parent, ctx,
    entry)`` → True once rejected (``entry``: a row with id, version, date, total)."""

    def __init__(self, parent: QWidget | None, ctx, entry: Mapping[str, Any]):
        super().__init__(parent, ctx, title=tr("Reject the entry"))
        self.setObjectName("rejectExpenseDialog")
        self.entry = dict(entry)
        self.always_savable = True
        self.specs = fl.specs(fl.Field("note", tr("Reason for rejection"), fl.Kind.MULTILINE,
                                       required=True, max_length=2000))
        body = QWidget(self)
        layout = QFormLayout(body)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        who = entry.get("fosterer_name")
        what = tr("Entry of {date}, {total}").format(date=italian_date(entry["date"]),
                                                     total=euro(entry["total"]))
        intro = QLabel((f"{who} — {what}" if who else what) + "\n"
                       + tr("The reason is kept with the entry and shown to the staff."))
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.form = self.track(Form(self.specs, body, options={"note": {"lines": 4}}))
        self.form.add_rows(layout, self.specs)
        self.save_button.setText(tr("Reject"))
        self.main_layout(body)
        self.update_buttons()
        self.setMinimumWidth(480)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx, entry: Mapping[str, Any], *, exec: bool = True):
        dialog = cls(parent, ctx, entry)
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    def save(self) -> bool:
        note = self.form.value("note")
        ok, _ = run_op(
            self, self.ctx,
            lambda s: expenses.decide_expense(s, self.ctx.actor, self.entry["id"], False, note,
                                              expected_version=self.entry["version"]),
            changes=AREAS, title=tr("Entry not rejected"), on_validation=self.show_validation)
        if ok:
            self.saved()
        return ok
