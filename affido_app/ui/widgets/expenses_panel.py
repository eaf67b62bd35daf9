"""A fosterer's reimbursements (rimborso spese), month by month, with their approval.

:class:`ExpensesPanel` goes into the fosterer's record: a year, the twelve monthly totals (km,
their amount, costs, total, and the year's totals), the entries of the month chosen and what can
be done with them (new, edit, delete, submit, approve, reject with a reason, mark as paid), each
button shown only to who may use it and enabled only when the entry's status allows it.

The helpers at the top format amounts and kilometres the Italian way ("1.234,50 €", "123,5")
for every expense screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import ExpenseStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, ValidationError
from affido_app.services import expenses
from affido_app.services import matches as match_service
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.documents import document_button, print_expenses
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.format import MONTHS, italian_date
from affido_app.ui.widgets.record_table import RecordTable

#: colour of each status label
STATUS_COLORS = {
    ExpenseStatus.DRAFT: "#5b6770",
    ExpenseStatus.SUBMITTED: "#a15c00",
    ExpenseStatus.APPROVED: "#2e7d32",
    ExpenseStatus.REJECTED: "#c62828",
    ExpenseStatus.PAID: "#1f5f8b",
}
ZERO_COLOR = "#8a949b"
#: areas of ``ctx.changed`` the expense screens follow
AREAS = frozenset({"expenses", "matches", "settings"})
FIRST_YEAR = 2000
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


# --- formatting -----------------------------------------------------------------------------------

def _italian_number(value: Any, places: int) -> str:
    number = Decimal(0 if value is None else value)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    return f"{number:,.{places}f}".translate(str.maketrans(",.", ".,"))


def euro(value: Any) -> str:
    """1.234,50 €"""
    return f"{_italian_number(value, 2)} €"


def km_text(value: Any) -> str:
    """1.234,5"""
    return _italian_number(value, 1)


def rate_text(rate: Any) -> str:
    """0,30 — or 0,345 when the rate has a third decimal."""
    rate = Decimal(rate)
    return _italian_number(rate, 2 if rate == rate.quantize(Decimal("0.01")) else 3)


def month_name(month: int) -> str:
    """Marzo"""
    return MONTHS[month - 1].capitalize()


def month_year(day: dt.date | None) -> str:
    """marzo 2026"""
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def person_name(last: str | None, first: str | None) -> str:
    return " ".join(p for p in (last, first) if p)


def match_label(row: Any) -> str:
    """A pair as the fosterer's staff know it: "Rossi Maria (Attivo)"."""
    name = person_name(row.elder_last_name, row.elder_first_name)
    return f"{name} ({row.status.label})"


def paint_status(item: QTableWidgetItem, status: ExpenseStatus, note: str | None = None) -> None:
    """The status label in its colour, bold; a rejection's reason as tooltip."""
    item.setText(status.label)
    item.setForeground(QBrush(QColor(STATUS_COLORS.get(status, "#000000"))))
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
    if note:
        item.setToolTip(tr("Reason: {note}").format(note=note))


def km_tooltip(row: Mapping[str, Any]) -> str:
    return tr("{km} km × {rate} €/km = {amount}").format(
        km=km_text(row["km"]), rate=rate_text(row["km_rate"]), amount=euro(row["km_amount"]))


def read_km_rate(s) -> Decimal | None:
    """The €/km rate of the settings, None when the setting is not valid."""
    try:
        return expenses.current_km_rate(s)
    except ValidationError:
        return None


def rate_sentence(rate: Decimal | None) -> str:
    if rate is None:
        return tr("Mileage rate: not valid in the settings")
    return tr("Mileage rate: {rate} €/km").format(rate=rate_text(rate))


# --- the panel ------------------------------------------------------------------------------------

class ExpensesPanel(QWidget):
    """A fosterer's reimbursements: ``ExpensesPanel(ctx, fosterer_id)``; :meth:`refresh` re-reads
    (done by itself when ``ctx.changed`` names "expenses", "matches" or "settings")."""

    #: row of the months table holding the year's totals (selecting it lists the whole year)
    TOTAL_ROW = 12

    def __init__(self, ctx, fosterer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.fosterer_id = fosterer_id
        self.setObjectName("expensesPanel")
        self.totals: list[dict] = []
        self.match_names: dict[int, str] = {}
        self.rate: Decimal | None = None
        self._quiet = False
        self._sized = False
        today = dt.date.today()

        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("expenseYear")
        self.year_spin.setRange(FIRST_YEAR, today.year)
        self.year_spin.setValue(today.year)
        self.year_spin.setKeyboardTracking(False)
        self.year_spin.setAccessibleName(tr("Year"))
        year_label = QLabel(tr("&Year:"), self)
        year_label.setBuddy(self.year_spin)
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("kmRate")
        self.rate_label.setToolTip(tr("The rate in force when an entry is made is kept with the "
                                      "entry."))
        self.message = QLabel(self)
        self.message.setObjectName("emptyNote")
        self.message.setWordWrap(True)
        self.message.hide()
        self.statement_button = document_button(
            self, ctx, tr("Reimbursement statement…"), "expenses",
            lambda: self.print_statement(), name="printStatement",
            tip=tr("The statement of one month's reimbursements, to print or save as PDF"))
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        top.addWidget(self.statement_button)
        top.addStretch(1)
        top.addWidget(self.rate_label)

        self.months = self._months_table()
        months_box = QGroupBox(tr("Monthly totals"), self)
        months_layout = QVBoxLayout(months_box)
        months_layout.addWidget(self.months)
        months_layout.addStretch(1)

        self.entries = RecordTable(
            [(tr("Date"), lambda r: italian_date(r["date"])),
             (tr("Pair"), lambda r: self.match_names.get(r["match_id"], "")),
             (tr("Km"), lambda r: km_text(r["km"]) if r["km"] else ""),
             (tr("Costs"), lambda r: euro(r["costs"]) if r["costs"] else ""),
             (tr("Total"), lambda r: euro(r["total"])),
             (tr("Description"), lambda r: r["description"] or ""),
             (tr("Status"), lambda r: r["status"].label)],
            self, add_text=tr("New entry…"), edit_text=tr("Edit…"), remove_text=tr("Delete"),
            removable=ctx.can(Action.DELETE, Resource.EXPENSE), stretch=5)
        self.entries.setObjectName("expenseEntries")
        self.entries.table.setMinimumWidth(420)
        self.entries.table.verticalHeader().setDefaultSectionSize(
            self.entries.table.fontMetrics().height() + 10)
        self.new_button = self.entries.add_button
        self.edit_button = self.entries.edit_button
        self.delete_button = self.entries.remove_button
        self.new_button.setObjectName("newExpense")
        self.edit_button.setObjectName("editExpense")
        self.delete_button.setObjectName("deleteExpense")
        self.new_button.setVisible(ctx.can(Action.CREATE, Resource.EXPENSE))

        self.submit_button = self._button(tr("Submit"), "submitExpense",
                                          tr("Hand the entry in for approval"), self.submit)
        self.approve_button = self._button(tr("Approve"), "approveExpense", "", self.approve)
        self.reject_button = self._button(tr("Reject…"), "rejectExpense",
                                          tr("Reject the entry, giving the reason"), self.reject)
        self.paid_button = self._button(tr("Mark as paid"), "paidExpense",
                                        tr("Record that the entry has been paid"),
                                        self.mark_paid)
        self.submit_button.setVisible(ctx.can(Action.UPDATE, Resource.EXPENSE))
        approver = ctx.can(Action.APPROVE, Resource.EXPENSE)
        self.approve_button.setVisible(approver)
        self.reject_button.setVisible(approver)
        self.paid_button.setVisible(ctx.can(Action.CHANGE_STATUS, Resource.EXPENSE))
        flow = QHBoxLayout()
        for button in (self.submit_button, self.approve_button, self.reject_button,
                       self.paid_button):
            flow.addWidget(button)
        flow.addStretch(1)

        self.entries_box = QGroupBox(self)
        box = QVBoxLayout(self.entries_box)
        box.addWidget(self.entries, 1)
        box.addLayout(flow)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("expensesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(months_box)
        self.splitter.addWidget(self.entries_box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

        self.year_spin.valueChanged.connect(lambda _year: self._year_changed())
        self.months.itemSelectionChanged.connect(self._month_chosen)
        self.entries.table.itemSelectionChanged.connect(self.update_buttons)
        self.entries.add_requested.connect(self.new_entry)
        self.entries.edit_requested.connect(self.edit_entry)
        self.entries.remove_requested.connect(self.delete_entry)
        ctx.changed.connect(self._on_changed)
        self.refresh(month=today.month)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # the months as narrow as their numbers, the entries take the rest
            self._sized = True
            left = self.splitter.widget(0).minimumSizeHint().width()
            self.splitter.setSizes([left, max(self.splitter.width() - left, left)])

    # --- building ---

    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _months_table(self) -> QTableWidget:
        table = QTableWidget(13, 5, self)
        table.setObjectName("expenseMonths")
        table.setHorizontalHeaderLabels(
            [tr("Month"), tr("Km"), tr("Km amount"), tr("Costs"), tr("Total")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        table.setToolTip(tr("Choose a month to see its entries; the last row lists the whole "
                            "year."))
        for row in range(13):
            for col in range(5):
                item = QTableWidgetItem()
                if col:
                    item.setTextAlignment(NUMBER_ALIGN)
                if row == self.TOTAL_ROW:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, col, item)
        table.item(self.TOTAL_ROW, 0).setText(tr("Total for the year"))
        return table

    # --- reading ---

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def selected_month(self) -> int | None:
        """1–12, or None for the whole year (the totals row, or nothing chosen)."""
        rows = self.months.selectionModel().selectedRows()
        if not rows or rows[0].row() == self.TOTAL_ROW:
            return None
        return rows[0].row() + 1

    def select_month(self, month: int | None) -> None:
        """Show the entries of ``month`` (None: the whole year)."""
        self.months.selectRow(self.TOTAL_ROW if month is None else month - 1)

    def statement_month(self) -> dt.date | None:
        """The first day of the month chosen in the table when it is a past month (the
        default of the reimbursement statement), else None: last month is proposed."""
        month = self.selected_month()
        if month is None:
            return None
        day = dt.date(self.year, month, 1)
        return day if day < dt.date.today().replace(day=1) else None

    def print_statement(self, *, exec: bool = True):
        """Ask the month, then open the reimbursement statement."""
        return print_expenses(self, self.ctx, self.fosterer_id, month=self.statement_month(),
                              exec=exec)

    def set_year(self, year: int) -> None:
        self.year_spin.setValue(year)

    def current_entry(self) -> dict | None:
        return self.entries.current()

    def refresh(self, *, month: int | bool | None = False) -> None:
        """Re-read rate, pairs, the year's totals and the entries shown (``month`` chooses
        another month first)."""
        try:
            with self.ctx.sessions() as s:
                self.rate = read_km_rate(s)
                self.match_names = self._read_matches(s)
                self.totals = expenses.monthly_totals(s, self.ctx.actor, self.fosterer_id,
                                                      self.year)
        except AffidoError as exc:
            self._show_message(exc.message)
            return
        self._show_message(None)
        self.rate_label.setText(rate_sentence(self.rate))
        self._fill_months()
        if month is not False:
            self._quiet = True
            try:
                self.select_month(month)  # type: ignore[arg-type]
            finally:
                self._quiet = False
        elif not self.months.selectionModel().selectedRows():
            self._quiet = True
            try:
                self.select_month(self._default_month())
            finally:
                self._quiet = False
        self.load_entries()

    def _read_matches(self, s) -> dict[int, str]:
        if not self.ctx.can(Action.READ, Resource.MATCH):
            return {}
        rows = match_service.list_matches(s, self.ctx.actor, fosterer_id=self.fosterer_id,
                                          limit=100)
        return {r.id: person_name(r.elder_last_name, r.elder_first_name) for r in rows}

    def load_entries(self) -> None:
        month = self.selected_month()
        try:
            with self.ctx.sessions() as s:
                rows = expenses.list_expenses(s, self.ctx.actor, self.fosterer_id,
                                              year=self.year, month=month)
        except AffidoError as exc:
            self._show_message(exc.message)
            rows = []
        self.entries.set_rows(rows)
        self._paint_entries()
        when = (tr("Entries of {month} {year}").format(month=MONTHS[month - 1], year=self.year)
                if month else tr("Entries of the year {year}").format(year=self.year))
        self.entries_box.setTitle(when)
        self.entries.empty_label.setText(
            tr("No entries in this month.") if month else tr("No entries in this year."))
        self.entries.empty_label.setVisible(not rows)
        self.update_buttons()

    def _default_month(self) -> int | None:
        today = dt.date.today()
        if self.year == today.year:
            return today.month
        used = [t["month"] for t in self.totals if t["total"] or t["km"]]
        return used[-1] if used else 12

    def _fill_months(self) -> None:
        sums = {"km": Decimal("0.0"), "km_amount": Decimal("0.00"), "costs": Decimal("0.00"),
                "total": Decimal("0.00")}
        for index, month in enumerate(self.totals):
            empty = not (month["km"] or month["total"])
            cells = (month_name(month["month"]), km_text(month["km"]),
                     euro(month["km_amount"]), euro(month["costs"]), euro(month["total"]))
            for col, text in enumerate(cells):
                item = self.months.item(index, col)
                item.setText(text)
                color = QColor(ZERO_COLOR) if empty and col else self.palette().text().color()
                item.setForeground(QBrush(color))
            for key in sums:
                sums[key] += month[key]
        totals = ("", km_text(sums["km"]), euro(sums["km_amount"]), euro(sums["costs"]),
                  euro(sums["total"]))
        for col, text in enumerate(totals):
            if col:
                self.months.item(self.TOTAL_ROW, col).setText(text)
        self.months.resizeColumnsToContents()
        self._fit_months()

    def _fit_months(self) -> None:
        width = sum(self.months.columnWidth(c) for c in range(5))
        width += self.months.frameWidth() * 2 + 2
        self.months.setMinimumWidth(width)
        height = (self.months.horizontalHeader().sizeHint().height()
                  + self.months.frameWidth() * 2)
        height += sum(self.months.rowHeight(r) for r in range(13))
        self.months.setFixedHeight(height)

    def _paint_entries(self) -> None:
        status_col = len(self.entries.columns) - 1
        km_col = 2
        for r, row in enumerate(self.entries.rows):
            paint_status(self.entries.table.item(r, status_col), row["status"],
                         row.get("decision_note"))
            for col in (2, 3, 4):
                self.entries.table.item(r, col).setTextAlignment(NUMBER_ALIGN)
            if row["km"]:
                self.entries.table.item(r, km_col).setToolTip(km_tooltip(row))
            if row["description"]:
                self.entries.table.item(r, 5).setToolTip(row["description"])

    def _show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    # --- reacting ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def _year_changed(self) -> None:
        self._quiet = True
        try:
            self.months.clearSelection()
        finally:
            self._quiet = False
        self.refresh()

    def _month_chosen(self) -> None:
        if not self._quiet:
            self.load_entries()

    def update_buttons(self) -> None:
        row = self.current_entry()
        status = row["status"] if row else None
        editable = status in expenses.EDITABLE
        can_edit = self.ctx.can(Action.UPDATE, Resource.EXPENSE)
        self.edit_button.setText(tr("Edit…") if editable and can_edit else tr("View…"))
        self.delete_button.setEnabled(editable)
        self.submit_button.setEnabled(status == ExpenseStatus.DRAFT)
        self.approve_button.setEnabled(status == ExpenseStatus.SUBMITTED)
        self.reject_button.setEnabled(status == ExpenseStatus.SUBMITTED)
        self.paid_button.setEnabled(status == ExpenseStatus.APPROVED)

    # --- actions ---

    def _new_entry_date(self) -> dt.date:
        """Today, or the last day of the past month being looked at."""
        today = dt.date.today()
        month = self.selected_month()
        if month is None or (self.year, month) >= (today.year, today.month):
            return today
        after = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return after - dt.timedelta(days=1)

    def new_entry(self):
        from affido_app.ui.dialogs.expense_dialog import ExpenseDialog

        return ExpenseDialog.create(self, self.ctx, self.fosterer_id,
                                    defaults={"date": self._new_entry_date()})

    def edit_entry(self, row: dict | None = None):
        from affido_app.ui.dialogs.expense_dialog import ExpenseDialog

        row = row or self.current_entry()
        if row is None:
            return False
        return ExpenseDialog.open_entry(self, self.ctx, row["id"])

    def delete_entry(self, row: dict | None = None) -> bool:
        row = row or self.current_entry()
        if row is None:
            return False
        question = tr("Delete the entry of {date} ({total})? It cannot be undone.").format(
            date=italian_date(row["date"]), total=euro(row["total"]))
        if not confirm(self, tr("Delete entry"), question, tr("Delete")):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: expenses.delete_expense(s, self.ctx.actor, row["id"],
                                                         expected_version=row["version"]),
                       changes={"expenses"}, title=tr("Entry not deleted"))
        return ok

    def submit(self) -> bool:
        return self._move(expenses.submit_expense, tr("Entry not submitted"))

    def approve(self) -> bool:
        return self._move(lambda s, actor, xid, expected_version: expenses.decide_expense(
            s, actor, xid, True, expected_version=expected_version), tr("Entry not approved"))

    def reject(self) -> bool:
        from affido_app.ui.dialogs.expense_dialog import RejectExpenseDialog

        row = self.current_entry()
        if row is None:
            return False
        return bool(RejectExpenseDialog.ask(self, self.ctx, row))

    def mark_paid(self) -> bool:
        return self._move(expenses.mark_paid, tr("Entry not marked as paid"))

    def _move(self, fn, title: str) -> bool:
        row = self.current_entry()
        if row is None:
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: fn(s, self.ctx.actor, row["id"],
                                    expected_version=row["version"]),
                       changes={"expenses"}, title=title)
        return ok
