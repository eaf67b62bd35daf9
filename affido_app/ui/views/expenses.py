"""Rimborsi: the reimbursements the office has to act on, across all fosterers.

Entries handed in and waiting for a decision, and entries approved but not paid yet, oldest
first, with the fosterer, the month, the kilometres and the total; a filter by what to show, by
year and month. Several entries can be approved or marked as paid at once (all or none: one unit
of work); a rejection asks its reason. Double-click opens the entry; "Fosterer's record" opens
the fosterer, whose record holds the month-by-month totals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import ExpenseStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import expense_queue, expenses
from affido_app.ui.dialogs.expense_dialog import ExpenseDialog, RejectExpenseDialog
from affido_app.ui.documents import can_print, document_button, print_expenses
from affido_app.ui.exporting import describe_filters, export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.expenses_panel import (
    AREAS,
    NUMBER_ALIGN,
    euro,
    km_text,
    km_tooltip,
    month_year,
    paint_status,
    rate_sentence,
    read_km_rate,
)
from affido_app.ui.widgets.format import MONTHS, italian_date

#: rows shown at most (the queue is short; a period narrows it)
PAGE = 200
#: how many past years the year filter offers
YEARS_BACK = 6

SUBMITTED, APPROVED = ExpenseStatus.SUBMITTED, ExpenseStatus.APPROVED
#: the choices of "Show:" (combo data) and the statuses each lists
SHOW = {"both": (SUBMITTED, APPROVED), "submitted": (SUBMITTED,), "approved": (APPROVED,)}


class ExpensesView(QWidget):
    """The "Rimborsi" section: ``ExpensesView(ctx)``; :meth:`refresh` re-reads (done by itself
    when ``ctx.changed`` names "expenses")."""

    COLUMNS = ("fosterer", "date", "month", "pair", "km", "costs", "total", "status",
               "description")

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("expensesView")
        self.rows: list[dict] = []
        self.count = 0

        title = QLabel(tr("Expenses"), self)
        title.setObjectName("pageTitle")
        intro = QLabel(tr("Entries waiting for a decision and entries approved but not paid "
                          "yet, for all fosterers, oldest first."), self)
        intro.setWordWrap(True)
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("kmRate")
        head = QHBoxLayout()
        head.addWidget(intro, 1)
        head.addWidget(self.rate_label)

        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("queueStatus")
        self.show_combo.addItem(tr("To decide and to pay"), "both")
        self.show_combo.addItem(tr("Waiting for a decision"), "submitted")
        self.show_combo.addItem(tr("Approved, to be paid"), "approved")
        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("queueYear")
        self.year_combo.addItem(tr("All years"), None)
        this_year = dt.date.today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year_combo.addItem(str(year), year)
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("queueMonth")
        self.month_combo.addItem(tr("All months"), None)
        for index, name in enumerate(MONTHS, start=1):
            self.month_combo.addItem(name.capitalize(), index)
        filters = QHBoxLayout()
        for text, combo in ((tr("&Show:"), self.show_combo), (tr("&Year:"), self.year_combo),
                            (tr("&Month:"), self.month_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(12)
        filters.addStretch(1)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("expenseQueue")
        self.table.setHorizontalHeaderLabels([
            tr("Fosterer"), tr("Date"), tr("Month"), tr("Pair"), tr("Km"), tr("Costs"),
            tr("Total"), tr("Status"), tr("Description")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.setToolTip(tr("Double-click to open the entry; select several entries to "
                                 "approve or pay them together."))

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyNote")
        self.summary = QLabel(self)
        self.summary.setObjectName("queueSummary")

        self.approve_button = self._button(tr("Approve"), "approveExpense", self.approve,
                                           tr("Approve the selected entries"))
        self.reject_button = self._button(tr("Reject…"), "rejectExpense", self.reject,
                                          tr("Reject the entry, giving the reason"))
        self.paid_button = self._button(tr("Mark as paid"), "paidExpense", self.mark_paid,
                                        tr("Record that the selected entries have been paid"))
        self.open_button = self._button(tr("Open entry…"), "openExpense", self.open_entry, "")
        self.fosterer_button = self._button(tr("Fosterer's record"), "openFosterer",
                                            self.open_fosterer,
                                            tr("Open the record of the entry's fosterer"))
        self.statement_button = document_button(
            self, ctx, tr("Reimbursement statement…"), "expenses",
            lambda: self.print_statement(), name="printStatement",
            tip=tr("The statement of one month's reimbursements of the selected entry's "
                   "fosterer"))
        approver = ctx.can(Action.APPROVE, Resource.EXPENSE)
        self.approve_button.setVisible(approver)
        self.reject_button.setVisible(approver)
        self.paid_button.setVisible(ctx.can(Action.CHANGE_STATUS, Resource.EXPENSE))
        self.fosterer_button.setVisible(ctx.can(Action.READ, Resource.FOSTERER))
        self.export_button = export_button(self, ctx, Resource.EXPENSE, self.export_list)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.reject_button, self.paid_button,
                       self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.statement_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.fosterer_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        for combo in (self.show_combo, self.year_combo, self.month_combo):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.open_entry())
        ctx.changed.connect(self._on_changed)
        self._filters_changed()

    def _button(self, text: str, name: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # --- filters ---

    def set_filter(self, *, statuses: tuple | None = None, year: int | bool | None = False,
                   month: int | bool | None = False) -> None:
        """Choose what is shown, as the combo boxes do (tests, other screens)."""
        if statuses is not None:
            key = next(k for k, v in SHOW.items() if set(v) == set(statuses))
            self.show_combo.setCurrentIndex(self.show_combo.findData(key))
        if year is not False:
            index = self.year_combo.findData(year)
            if index < 0:
                self.year_combo.addItem(str(year), year)
                index = self.year_combo.count() - 1
            self.year_combo.setCurrentIndex(index)
        if month is not False:
            self.month_combo.setCurrentIndex(self.month_combo.findData(month))

    def _filters_changed(self) -> None:
        has_year = self.year_combo.currentData() is not None
        self.month_combo.setEnabled(has_year)
        self.month_combo.setToolTip("" if has_year else tr("Choose a year first"))
        self.refresh()

    def statuses(self) -> tuple:
        return SHOW[self.show_combo.currentData() or "both"]

    def period(self) -> tuple[int | None, int | None]:
        year = self.year_combo.currentData()
        return year, (self.month_combo.currentData() if year is not None else None)

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        year, month = self.period()
        args = {"statuses": self.statuses(), "year": year, "month": month}
        selected = {r["id"] for r in self.selected_rows()}
        try:
            with self.ctx.sessions() as s:
                rate = read_km_rate(s)
                self.rows = expense_queue.pending_expenses(s, self.ctx.actor, **args,
                                                           limit=PAGE)
                self.count = (len(self.rows) if len(self.rows) < PAGE
                              else expense_queue.count_pending(s, self.ctx.actor, **args))
        except AffidoError as exc:
            self.rows, self.count = [], 0
            self.empty_label.setText(exc.message)
            self._fill([])
            return
        self.rate_label.setText(rate_sentence(rate))
        self._fill(selected)

    def export_list(self, path=None, **kw):
        """Export every entry of the period and status chosen (not only the first ones shown),
        amounts as numbers."""
        year, month = self.period()
        args = {"statuses": self.statuses(), "year": year, "month": month}
        actor = self.ctx.actor

        def rows_from(s, report):
            offset = 0
            while True:
                page = expense_queue.pending_expenses(s, actor, **args, offset=offset,
                                                      limit=1000)
                for row in page:
                    yield (row["fosterer_name"] or "", row["date"], month_year(row["date"]),
                           row["elder_name"] or "", row["km"] or None, row["costs"] or None,
                           row["total"], ExpenseStatus(row["status"]).label,
                           row["description"] or "")
                if len(page) < 1000:
                    return
                offset += len(page)
                report(50, "")

        return export_table(
            self, self.ctx, self.table, resource=Resource.EXPENSE, list_name="Rimborsi spese",
            path=path, rows_from=rows_from,
            filters=describe_filters([self.show_combo, self.year_combo, self.month_combo]),
            **kw)

    def _fill(self, selected) -> None:
        table = self.table
        table.setSortingEnabled(False)
        table.clearSelection()
        table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = (row["fosterer_name"] or "", italian_date(row["date"]),
                     month_year(row["date"]), row["elder_name"] or "",
                     km_text(row["km"]) if row["km"] else "",
                     euro(row["costs"]) if row["costs"] else "", euro(row["total"]), "",
                     row["description"] or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                if self.COLUMNS[c] in ("km", "costs", "total"):
                    item.setTextAlignment(NUMBER_ALIGN)
                if row["description"]:
                    item.setToolTip(row["description"])
                table.setItem(r, c, item)
            paint_status(table.item(r, self.COLUMNS.index("status")), row["status"],
                         row.get("decision_note"))
            if row["km"]:
                table.item(r, self.COLUMNS.index("km")).setToolTip(km_tooltip(row))
        mode = table.selectionMode()
        table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r, row in enumerate(self.rows):
            if row["id"] in selected:
                table.selectRow(r)
        table.setSelectionMode(mode)
        self._update_summary()
        self.update_buttons()

    def _update_summary(self) -> None:
        if not self.rows:
            self.empty_label.setText(tr("Nothing to do: no entry is waiting for a decision or "
                                        "to be paid in this period."))
            self.empty_label.show()
            self.summary.hide()
            return
        self.empty_label.hide()
        total = sum((r["total"] for r in self.rows), Decimal("0.00"))
        waiting = sum(1 for r in self.rows if r["status"] == SUBMITTED)
        to_pay = sum((r["total"] for r in self.rows if r["status"] == APPROVED),
                     Decimal("0.00"))
        entries = (tr("1 entry") if len(self.rows) == 1
                   else tr("{count} entries").format(count=len(self.rows)))
        text = tr("{entries}, total {total} · waiting for a decision: {waiting} · approved, "
                  "to be paid: {to_pay}").format(entries=entries, total=euro(total),
                                                 waiting=waiting, to_pay=euro(to_pay))
        if self.count > len(self.rows):
            text += "\n" + tr("Only the oldest {shown} of {count} entries are shown: choose a "
                              "year or a month to see the others.").format(
                                  shown=len(self.rows), count=self.count)
        self.summary.setText(text)
        self.summary.show()

    # --- selection and buttons ---

    def selected_rows(self) -> list[dict]:
        model = self.table.selectionModel()
        if model is None:
            return []
        indexes = sorted(i.row() for i in model.selectedRows())
        return [self.rows[i] for i in indexes if 0 <= i < len(self.rows)]

    def select_ids(self, ids) -> None:
        """Select the rows of these entries (tests, keyboard-less use)."""
        wanted = set(ids)
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r, row in enumerate(self.rows):
            if row["id"] in wanted:
                self.table.selectRow(r)
        self.table.setSelectionMode(mode)

    def update_buttons(self) -> None:
        rows = self.selected_rows()
        statuses = {r["status"] for r in rows}
        self.approve_button.setEnabled(bool(rows) and statuses == {SUBMITTED})
        self.reject_button.setEnabled(len(rows) == 1 and statuses == {SUBMITTED})
        self.paid_button.setEnabled(bool(rows) and statuses == {APPROVED})
        self.open_button.setEnabled(len(rows) == 1)
        self.fosterer_button.setEnabled(len(rows) == 1)
        one_fosterer = len({r["fosterer_id"] for r in rows}) == 1
        self.statement_button.setEnabled(one_fosterer and can_print(self.ctx, "expenses"))

    # --- actions ---

    def approve(self) -> bool:
        rows = [r for r in self.selected_rows() if r["status"] == SUBMITTED]

        def work(s):
            for r in rows:
                expenses.decide_expense(s, self.ctx.actor, r["id"], True,
                                        expected_version=r["version"])

        return self._run(rows, work, tr("Entries not approved"))

    def mark_paid(self) -> bool:
        rows = [r for r in self.selected_rows() if r["status"] == APPROVED]

        def work(s):
            for r in rows:
                expenses.mark_paid(s, self.ctx.actor, r["id"], expected_version=r["version"])

        return self._run(rows, work, tr("Entries not marked as paid"))

    def _run(self, rows, work, title: str) -> bool:
        if not rows:
            return False
        ok, _ = run_op(self, self.ctx, work, changes={"expenses"}, title=title)
        return ok

    def reject(self) -> bool:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0]["status"] != SUBMITTED:
            return False
        return bool(RejectExpenseDialog.ask(self, self.ctx, rows[0]))

    def open_entry(self):
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        return ExpenseDialog.open_entry(self, self.ctx, rows[0]["id"])

    def open_fosterer(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.ctx.open_record.emit("fosterer", rows[0]["fosterer_id"])

    def print_statement(self, *, exec: bool = True):
        """The reimbursement statement of the selected entries' fosterer: asks the month (the
        entries' month when they share one, else last month)."""
        rows = self.selected_rows()
        if len({r["fosterer_id"] for r in rows}) != 1:
            return None
        months = {r["date"].replace(day=1) for r in rows}
        month = months.pop() if len(months) == 1 else None
        return print_expenses(self, self.ctx, rows[0]["fosterer_id"], month=month, exec=exec)
