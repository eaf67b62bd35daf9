"""Abbinamenti: every pair, paged from the database, and the ways to make new ones.

The list shows elder, fosterer, status, since when, the proposal and the start date, most recent
change first; a filter picks the open pairs or one status. "Open pair" (double-click, Enter)
asks the main window for the pair's page (``ctx.open_record("match", id)``). "Suggestions for a
waiting elder…" asks which elder (a search over the elders waiting for a pair) and shows the
ranked fosterers; "Plan for everyone waiting…" computes a proposal for all of them.

Rows are read with ``count_matches`` once per refresh and ``list_matches(offset, limit)`` a page
at a time, when the view first needs a row of that page (design.md, Conventions 5).
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain import lifecycle
from affido_app.domain.enums import ElderStatus, MatchStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import matches as match_service
from affido_app.services import people
from affido_app.ui.exporting import describe_filters, export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.models.paged import PagedTableModel
from affido_app.ui.widgets.format import italian_date
from affido_app.ui.widgets.paged_table import PagedTableView

log = logging.getLogger(__name__)

#: what the list follows in ``ctx.changed``
AREAS = frozenset({"matches", "elders", "fosterers"})
#: the status filter value for every pair still open
OPEN = "open"
#: elders listed at most in the picker
PICKER_LIMIT = 50

ELDER, FOSTERER, STATUS, SINCE, PROPOSED, STARTED = range(6)
COLUMN_COUNT = 6
_DATE_COLUMNS = frozenset({SINCE, PROPOSED, STARTED})
#: the colour of each status in the list
STATUS_COLORS = {
    MatchStatus.PROPOSED: "#1f5f99",
    MatchStatus.INTRODUCTION: "#1f5f99",
    MatchStatus.ACTIVE: "#2e7d32",
    MatchStatus.SUSPENDED: "#8a5a00",
    MatchStatus.CLOSED: "#5b6770",
}

_Index = QModelIndex | QPersistentModelIndex


def _name(last: str | None, first: str | None) -> str:
    return " ".join(p for p in (last, first) if p)


class _Row(NamedTuple):
    id: int
    display: tuple[str, ...]
    raw: Any


def _make_row(r: Any) -> _Row:
    status = r.status.label if r.status is not None else ""
    return _Row(int(r.id), (
        _name(r.elder_last_name, r.elder_first_name),
        _name(r.fosterer_last_name, r.fosterer_first_name),
        status,
        italian_date(r.status_since),
        italian_date(r.proposed_on),
        italian_date(r.started_on),
    ), r)


class MatchTableModel(PagedTableModel):
    """Pairs in some statuses, most recent change first, paged on demand."""

    def __init__(self, ctx, parent: QObject | None = None):
        super().__init__(ctx, parent)
        self._statuses: tuple[MatchStatus, ...] = ()
        self._headers = (tr("Elder"), tr("Fosterer"), tr("Status"), tr("Since"),
                         tr("Proposed on"), tr("Started on"))
        self._count_rows()

    def count_rows(self, s) -> int:
        return match_service.count_matches(s, self._ctx.actor, statuses=self._statuses)

    def read_rows(self, s, offset: int, limit: int) -> list[_Row]:
        rows = match_service.list_matches(s, self._ctx.actor, statuses=self._statuses,
                                          offset=offset, limit=limit)
        return [_make_row(r) for r in rows]

    # --- public API ---

    @property
    def statuses(self) -> tuple[MatchStatus, ...]:
        return self._statuses

    def set_statuses(self, statuses) -> None:
        self._statuses = tuple(MatchStatus(x) for x in statuses)
        self.refresh()

    def match_id(self, row: int) -> int | None:
        found = self._row(row)
        return None if found is None else found.id

    def raw(self, row: int) -> Any:
        found = self._row(row)
        return None if found is None else found.raw

    # --- Qt model ---

    def decoration(self, index: _Index, role: int) -> Any:
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    if column in _DATE_COLUMNS else None)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            row = self._row(index.row())
            color = STATUS_COLORS.get(row.raw.status) if row is not None else None
            return QBrush(QColor(color)) if color else None
        return None

    def tooltip(self, row: _Row, column: int) -> str | None:
        return self._tooltip(row, column)

    # --- internals ---

    def _tooltip(self, row: _Row, column: int) -> str | None:
        r = row.raw
        if column == STATUS and r.status == MatchStatus.SUSPENDED and r.suspended_until:
            return tr("Planned resume {date}").format(date=italian_date(r.suspended_until))
        if column == STATUS and r.status == MatchStatus.CLOSED and r.ended_on:
            return tr("Ended on {date}").format(date=italian_date(r.ended_on))
        return row.display[column] or None


class MatchesView(QWidget):
    """The "Abbinamenti" section."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("matchesView")
        self._listening = True
        self.model = MatchTableModel(ctx, self)

        title = QLabel(tr("Matches"), self)
        title.setObjectName("pageTitle")

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(tr("Every pair"), None)
        self.status_combo.addItem(tr("Open pairs (proposed, introduction, active, suspended)"),
                                  OPEN)
        for status in MatchStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Show:"), self))
        top.addWidget(self.status_combo)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.table = PagedTableView(self)
        self.table.setObjectName("pairsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        date_width = self.table.fontMetrics().horizontalAdvance("00/00/00000") + 24
        for column in (ELDER, FOSTERER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(STATUS, self.table.fontMetrics().horizontalAdvance(
            MatchStatus.INTRODUCTION.label) + 40)
        for column in (SINCE, PROPOSED, STARTED):
            header.resizeSection(column, max(date_width, header.sectionSizeFromContents(
                column).width()))
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.open_current.connect(self.open_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.count_changed.connect(self._on_count)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyNote")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.open_button = QPushButton(tr("Open pair"), self)
        self.open_button.setObjectName("openPair")
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.suggest_button = QPushButton(tr("Suggestions for a waiting elder…"), self)
        self.suggest_button.setObjectName("suggestions")
        self.suggest_button.clicked.connect(lambda: self.suggest_for_elder())
        self.plan_button = QPushButton(tr("Plan for everyone waiting…"), self)
        self.plan_button.setObjectName("plan")
        self.plan_button.clicked.connect(lambda: self.plan())
        may_suggest = ctx.can(Action.READ, Resource.ELDER) and ctx.can(Action.READ,
                                                                         Resource.FOSTERER)
        self.suggest_button.setVisible(may_suggest)
        self.plan_button.setVisible(may_suggest and ctx.can(Action.CREATE, Resource.MATCH))
        self.export_button = export_button(self, ctx, Resource.MATCH, self.export_list)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.suggest_button)
        bottom.addWidget(self.plan_button)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(bottom)

        ctx.changed.connect(self._on_changed)
        self._on_count(self.model.rowCount())
        self._update_buttons()

    # --- public API ---

    def set_status_filter(self, value: str | None) -> None:
        """``None`` every pair, ``"open"`` the open ones, or a status code."""
        index = self.status_combo.findData(value)
        self.status_combo.setCurrentIndex(max(0, index))

    def export_list(self, path=None, **kw):
        """Export every pair shown by the filter, with the columns shown."""
        return export_table(self, self.ctx, self.table, resource=Resource.MATCH,
                            list_name="Abbinamenti", path=path,
                            filters=describe_filters([self.status_combo], self.table), **kw)

    def apply_filter(self) -> None:
        value = self.status_combo.currentData()
        if value is None:
            statuses: tuple = ()
        elif value == OPEN:
            statuses = tuple(s for s in MatchStatus if s in lifecycle.MATCH_OPEN)
        else:
            statuses = (MatchStatus(value),)
        self.model.set_statuses(statuses)

    def refresh(self) -> None:
        """Read again, keeping the selected pair when it is still near where it was."""
        row = self.selected_row()
        current = self.model.match_id(row) if row is not None else None
        self.model.refresh()
        if current is not None:
            found = self.model.row_of(current, near=row)
            if found >= 0:
                self.table.selectRow(found)

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_match(self) -> int | None:
        row = self.selected_row()
        return self.model.match_id(row) if row is not None else None

    def open_selected(self) -> None:
        match_id = self.selected_match()
        if match_id is not None:
            self.open_pair(match_id)

    def open_pair(self, match_id: int) -> None:
        self.ctx.open_record.emit("match", int(match_id))

    def suggest_for_elder(self, elder_id: int | None = None) -> None:
        from affido_app.ui.dialogs.suggestions_dialog import SuggestionsDialog

        if elder_id is None:
            elder_id = ElderPicker.pick(self, self.ctx)
        if elder_id is not None:
            SuggestionsDialog.for_elder(self, self.ctx, elder_id)

    def plan(self) -> None:
        from affido_app.ui.views.plan import PlanView

        PlanView.run(self, self.ctx)

    # --- internals ---

    def _on_count(self, count: int) -> None:
        if self.model.error:
            self.count_label.setText("")
            self.empty_label.setText(self.model.error)
        elif count == 0:
            self.count_label.setText("")
            self.empty_label.setText(tr("No pair to show.") if self.model.statuses
                                     else tr("No pair yet: start from the suggestions for a "
                                             "waiting elder."))
        else:
            self.count_label.setText(tr("1 pair") if count == 1
                                     else tr("{n} pairs").format(n=count))
        self.empty_label.setVisible(count == 0)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_match() is not None)

    def _on_changed(self, areas) -> None:
        if self._listening and set(areas) & AREAS:
            self.refresh()


class ElderPicker(QDialog):
    """Choose an elder waiting for a pair: a search box over their names and comuni."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("elderPicker")
        self.setWindowTitle(tr("Suggestions for a waiting elder"))
        self.chosen: int | None = None
        intro = QLabel(tr("Choose the elder to find fosterers for. Only elders waiting for a "
                          "pair are listed."), self)
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(tr("Search by name, tax code or town"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("pickerList")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda _row: self._update_ok())
        self.note = QLabel(self)
        self.note.setObjectName("emptyNote")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Show suggestions"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._return)
        self.resize(520, 460)
        self.refresh()

    @classmethod
    def pick(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        """The id of the chosen elder (None if cancelled); ``exec=False``: the dialog."""
        dialog = cls(parent, ctx)
        if not exec:
            return dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen
        return None

    def refresh(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        flt = people.PersonFilter(search=text or None, statuses=(ElderStatus.WAITING.value,))
        try:
            with self.ctx.sessions() as s:
                total = people.count_people(s, self.ctx.actor, PersonKind.ELDER, flt)
                rows = people.list_people(s, self.ctx.actor, PersonKind.ELDER, flt,
                                          limit=PICKER_LIMIT)
        except AffidoError as exc:
            rows, total = [], 0
            self.note.setText(exc.message)
        self.list.clear()
        for r in rows:
            since = italian_date(r.status_since)
            item = QListWidgetItem(tr("{name} — {comune}, waiting since {date}").format(
                name=_name(r.last_name, r.first_name), comune=r.comune or "", date=since))
            item.setData(Qt.ItemDataRole.UserRole, int(r.id))
            self.list.addItem(item)
        if not rows:
            self.note.setText(tr("No waiting elder matches the search.") if text
                              else tr("No elder is waiting for a pair."))
        elif total > len(rows):
            self.note.setText(tr("The first {shown} of {total}: type to narrow the search.")
                              .format(shown=len(rows), total=total))
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))
        if rows:
            self.list.setCurrentRow(0)
        self._update_ok()

    def _return(self) -> None:
        self.refresh()
        if self.list.count():
            self.accept()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.list.currentItem() is not None)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        super().accept()
