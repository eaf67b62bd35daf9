"""Supervisione: are the running pairs supervised on time, and what was said in the meetings.

Two tabs. "Pairs" lists every active pair with when it was last supervised, how often it should
be, when it is next due and a plain status ("In ritardo di 12 giorni" in red, "Entro 5 giorni",
"In regola"), overdue pairs first; a pair with an open risk flag is bold, with a warning sign,
until the risk is closed. From there: a new meeting for the selected pairs, the supervision
frequency of a pair, the elder's and the fosterer's records. "Meetings" lists the supervision
meetings of a period, newest first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.domain.text import fold
from affido_app.errors import AffidoError
from affido_app.services import matches as match_service
from affido_app.services import supervision as supervision_service
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.dialogs.supervision_dialog import SupervisionDialog
from affido_app.ui.documents import document_button, print_period
from affido_app.ui.exporting import describe_filters, export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.operations import show_error
from affido_app.ui.widgets.date_edit import DateEdit
from affido_app.ui.widgets.format import italian_date, italian_datetime
from affido_app.ui.widgets.supervision_panel import (
    AREAS,
    RISK_COLOR,
    due_status,
    frequency_text,
    last_supervised_text,
    overdue_icon,
    pair_name,
    risk_icon,
    state_color,
)

_ROLE = Qt.ItemDataRole.UserRole
RISK_BACKGROUND = QColor("#fff4e5")
#: the Meetings tab starts from this many days ago
DEFAULT_PERIOD_DAYS = 365
FILTER_DELAY_MS = 250

# columns of the Pairs tab
ELDER, FOSTERER, LAST, EVERY, DUE, STATUS, RISK = range(7)
# columns of the Meetings tab
S_WHEN, S_KIND, S_LEADER, S_PAIRS, S_PEOPLE, S_RISKS, S_PLACE, S_NEXT = range(8)


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _empty_note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("emptyNote")
    label.setWordWrap(True)
    label.hide()
    return label


class SupervisionView(QWidget):
    """The Supervision section (tabs "Pairs" and "Meetings")."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("supervisionView")
        #: every active pair (supervision_overview), overdue first
        self.overview: list[dict] = []
        #: open risks by match id: the oldest note still flagging one
        self.risks: dict[int, dict] = {}
        #: the pairs shown (after the filter), in table order
        self.pair_rows: list[dict] = []
        self.session_rows: list[dict] = []

        title = QLabel(tr("Supervision"), self)
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("supervisionTabs")
        self.tabs.addTab(self._build_pairs(), tr("Pairs"))
        self.tabs.addTab(self._build_sessions(), tr("Meetings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh_sessions)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # --- building: pairs ---

    def _build_pairs(self) -> QWidget:
        page = QWidget(self)
        self.summary_label = QLabel(page)
        self.summary_label.setObjectName("pairsSummary")
        self.show_combo = QComboBox(page)
        self.show_combo.setObjectName("pairsShow")
        self.show_combo.addItem(tr("Every running pair"), "all")
        self.show_combo.addItem(tr("Overdue or due today"), "due")
        self.show_combo.addItem(tr("With an open risk flag"), "risk")
        self.show_combo.currentIndexChanged.connect(lambda _i: self.fill_pairs())
        self.pair_search = QLineEdit(page)
        self.pair_search.setObjectName("pairSearch")
        self.pair_search.setPlaceholderText(tr("Find a pair by name"))
        self.pair_search.setClearButtonEnabled(True)
        self.pair_search.setMinimumWidth(240)
        self.pair_search.textChanged.connect(lambda _t: self.fill_pairs())
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(QLabel(tr("Show:"), page))
        top.addWidget(self.show_combo)
        top.addWidget(self.pair_search)

        self.pairs_table = _table(page, [
            tr("Elder"), tr("Fosterer"), tr("Last supervised"), tr("Frequency"),
            tr("Next due"), tr("Status"), tr("Risk flag")], "pairsTable")
        self.pairs_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.pairs_table.horizontalHeader()
        header.setSectionResizeMode(ELDER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FOSTERER, QHeaderView.ResizeMode.Stretch)
        self.pairs_table.doubleClicked.connect(lambda _index: self.open_person("elder"))
        self.pairs_table.itemSelectionChanged.connect(self._update_pair_buttons)
        self.pairs_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.pairs_table.customContextMenuRequested.connect(self._pairs_menu)
        self.pairs_table.setToolTip(tr("Double-click to open the elder's record"))
        self.pairs_empty = _empty_note("", page)

        self.new_for_pairs_button = QPushButton(tr("New meeting for the selected pairs…"), page)
        self.new_for_pairs_button.setObjectName("newForPairs")
        self.new_for_pairs_button.clicked.connect(lambda: self.new_session_for_selected())
        self.frequency_button = QPushButton(tr("Change frequency…"), page)
        self.frequency_button.setObjectName("changeFrequency")
        self.frequency_button.clicked.connect(lambda: self.change_frequency())
        self.open_elder_button = QPushButton(tr("Open elder"), page)
        self.open_elder_button.setObjectName("openElder")
        self.open_elder_button.clicked.connect(lambda: self.open_person("elder"))
        self.open_fosterer_button = QPushButton(tr("Open fosterer"), page)
        self.open_fosterer_button.setObjectName("openFosterer")
        self.open_fosterer_button.clicked.connect(lambda: self.open_person("fosterer"))
        self.new_for_pairs_button.setVisible(self.ctx.can(Action.CREATE, Resource.SUPERVISION))
        self.frequency_button.setVisible(self.ctx.can(Action.UPDATE, Resource.MATCH))
        self.open_elder_button.setVisible(self.ctx.can(Action.READ, Resource.ELDER))
        self.open_fosterer_button.setVisible(self.ctx.can(Action.READ, Resource.FOSTERER))
        self.export_button = export_button(page, self.ctx, Resource.SUPERVISION,
                                           self.export_list)
        bottom = QHBoxLayout()
        for button in (self.new_for_pairs_button, self.frequency_button, self.export_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.open_elder_button)
        bottom.addWidget(self.open_fosterer_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.pairs_table, 1)
        layout.addWidget(self.pairs_empty)
        layout.addLayout(bottom)
        return page

    # --- building: meetings ---

    def _build_sessions(self) -> QWidget:
        page = QWidget(self)
        self.from_edit = DateEdit(page)
        self.from_edit.setObjectName("fromDate")
        self.to_edit = DateEdit(page)
        self.to_edit.setObjectName("toDate")
        self.from_edit.set_value(dt.date.today() - dt.timedelta(days=DEFAULT_PERIOD_DAYS))
        for edit in (self.from_edit, self.to_edit):
            edit.changed.connect(self._dates_edited)
        self.all_dates_button = QPushButton(tr("Any date"), page)
        self.all_dates_button.setObjectName("anyDate")
        self.all_dates_button.clicked.connect(lambda: self.set_period(None, None))
        self.sessions_count = QLabel(page)
        self.sessions_count.setObjectName("sessionsCount")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("From"), page))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(tr("to"), page))
        top.addWidget(self.to_edit)
        top.addWidget(self.all_dates_button)
        top.addStretch(1)
        top.addWidget(self.sessions_count)

        self.sessions_table = _table(page, [
            tr("Date and time"), tr("Type"), tr("Led by"), tr("Pairs"), tr("Participants"),
            tr("Open risks"), tr("Place"), tr("Next meeting")], "sessionsTable")
        self.sessions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions_table.horizontalHeader().setSectionResizeMode(
            S_PLACE, QHeaderView.ResizeMode.Stretch)
        self.sessions_table.doubleClicked.connect(lambda _index: self.open_session())
        self.sessions_table.itemSelectionChanged.connect(self._update_session_buttons)
        self.sessions_empty = _empty_note(tr("No supervision meeting in this period."), page)

        self.new_session_button = QPushButton(tr("New meeting…"), page)
        self.new_session_button.setObjectName("newSession")
        self.new_session_button.clicked.connect(lambda: self.new_session())
        self.new_session_button.setVisible(self.ctx.can(Action.CREATE, Resource.SUPERVISION))
        self.open_session_button = QPushButton(tr("Open"), page)
        self.open_session_button.setObjectName("openSession")
        self.open_session_button.clicked.connect(lambda: self.open_session())
        self.period_report_button = document_button(
            page, self.ctx, tr("Report of the period…"), "supervision",
            lambda: self.print_period_report(), name="periodReport",
            tip=tr("The supervision report of every pair over a period, to print or save as "
                   "PDF"))
        self.sessions_export_button = export_button(page, self.ctx, Resource.SUPERVISION,
                                                    self.export_list)
        self.sessions_export_button.setObjectName("sessions_export_button")
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_session_button)
        bottom.addWidget(self.sessions_export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.period_report_button)
        bottom.addWidget(self.open_session_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.sessions_table, 1)
        layout.addWidget(self.sessions_empty)
        layout.addLayout(bottom)
        return page

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        self.refresh_pairs()
        self.refresh_sessions()

    def refresh_pairs(self) -> None:
        try:
            with self.ctx.sessions() as s:
                overview = supervision_service.supervision_overview(s, self.ctx.actor)
                risks = supervision_service.open_risks(s, self.ctx.actor)
        except AffidoError as exc:
            self.overview, self.risks = [], {}
            self.fill_pairs(exc.message)
            return
        self.overview = overview
        self.risks = {}
        for note in risks:  # oldest first: keep the first one of each pair
            self.risks.setdefault(note["match_id"], note)
        self.fill_pairs()

    def export_list(self, path=None, **kw):
        """Export the list of the tab shown: the pairs with their supervision dates, or the
        meetings of the period."""
        if self.tabs.currentIndex() == 1:
            start, end = self.period()
            period = "periodo: " + (
                f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" if start and end
                else f"dal {start:%d/%m/%Y}" if start
                else f"fino al {end:%d/%m/%Y}" if end else "qualsiasi data")
            return export_table(
                self, self.ctx, self.sessions_table, resource=Resource.SUPERVISION,
                list_name="Incontri di supervisione", path=path,
                filters=describe_filters([], self.sessions_table, extra=[period]), **kw)
        return export_table(
            self, self.ctx, self.pairs_table, resource=Resource.SUPERVISION,
            list_name="Supervisione delle coppie", path=path,
            filters=describe_filters([self.show_combo, self.pair_search]), **kw)

    def fill_pairs(self, failure: str | None = None) -> None:
        """Show the pairs of the overview that match the filter, keeping the selection."""
        selected = set(self.selected_match_ids())
        show = self.show_combo.currentData()
        wanted = fold(self.pair_search.text().strip())
        rows = []
        for row in self.overview:
            if show == "due" and not (row["due_date"] is not None and row["days_overdue"] >= 0):
                continue
            if show == "risk" and row["match_id"] not in self.risks:
                continue
            if wanted and wanted not in fold(pair_name(row)):
                continue
            rows.append(row)
        self.pair_rows = rows
        table = self.pairs_table
        table.setUpdatesEnabled(False)
        table.clearSelection()
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        warning, late = risk_icon(), overdue_icon()
        for r, row in enumerate(rows):
            status, state = due_status(row)
            risk = self.risks.get(row["match_id"])
            texts = [row["elder_name"], row["fosterer_name"],
                     last_supervised_text(row["last_supervised"]),
                     frequency_text(row["every_days"]), italian_date(row["due_date"]), status,
                     tr("Open since {date}").format(date=italian_date(risk["session_date"]))
                     if risk else ""]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(_ROLE, row["match_id"])
                if risk is not None:
                    item.setFont(bold)
                    item.setBackground(QBrush(RISK_BACKGROUND))
                    item.setToolTip(tr("Open risk flag, recorded in the meeting of {date}: it "
                                       "stays highlighted until it is closed.").format(
                        date=italian_date(risk["session_date"])))
                table.setItem(r, c, item)
            status_item = table.item(r, STATUS)
            color = state_color(state)
            if color is not None:
                status_item.setForeground(QBrush(color))
            if state in ("overdue", "today"):
                status_item.setIcon(late)
                font = QFont(status_item.font())
                font.setBold(True)
                status_item.setFont(font)
            if risk is not None:
                table.item(r, ELDER).setIcon(warning)
                table.item(r, RISK).setIcon(warning)
                table.item(r, RISK).setForeground(QBrush(RISK_COLOR))
            for c in (LAST, EVERY, DUE):
                table.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        for r, row in enumerate(rows):
            if row["match_id"] in selected:
                table.selectionModel().select(
                    table.model().index(r, 0),
                    table.selectionModel().SelectionFlag.Select
                    | table.selectionModel().SelectionFlag.Rows)
        table.setUpdatesEnabled(True)

        overdue = sum(1 for row in self.overview if row["overdue"])
        self.summary_label.setText(tr(
            "Running pairs: {n} · overdue: {overdue} · open risk flags: {risks}").format(
            n=len(self.overview), overdue=overdue, risks=len(self.risks)))
        if failure:
            empty = failure
        elif not self.overview:
            empty = tr("No pair is running at the moment.")
        else:
            empty = tr("No pair matches the filter.")
        self.pairs_empty.setText(empty)
        self.pairs_empty.setVisible(not rows)
        self._update_pair_buttons()

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The Meetings tab's period (an invalid date counts as empty)."""
        return self.from_edit.date(), self.to_edit.date()

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        for edit, value in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.set_value(value)
            edit.blockSignals(False)
        self.refresh_sessions()

    def _dates_edited(self) -> None:
        for edit in (self.from_edit, self.to_edit):
            edit.set_invalid(edit.error() is not None)
        self._filter_timer.start()

    def refresh_sessions(self) -> None:
        self._filter_timer.stop()
        start, end = self.period()
        try:
            with self.ctx.sessions() as s:
                rows = supervision_service.list_supervisions(s, self.ctx.actor, from_date=start,
                                                             to_date=end)
        except AffidoError as exc:
            rows = []
            self.sessions_empty.setText(exc.message)
        else:
            self.sessions_empty.setText(tr("No supervision meeting in this period."))
        selected = self.current_session_id()
        self.session_rows = rows
        table = self.sessions_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            texts = [italian_datetime(row["held_at"]), getattr(row["kind"], "label", ""),
                     row["led_by_name"] or "", str(row["pairs"]), self._people_text(row),
                     str(row["open_risks"]) if row["open_risks"] else "", row["place"] or "",
                     italian_date(row["next_date"])]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(_ROLE, row["id"])
                table.setItem(r, c, item)
            for c in (S_PAIRS, S_RISKS):
                table.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if row["open_risks"]:
                risks = table.item(r, S_RISKS)
                risks.setIcon(risk_icon())
                risks.setFont(bold)
                risks.setForeground(QBrush(RISK_COLOR))
            if row["id"] == selected:
                table.selectRow(r)
        table.setUpdatesEnabled(True)
        count = tr("1 meeting") if len(rows) == 1 else tr("{n} meetings").format(n=len(rows))
        self.sessions_count.setText(count)
        self.sessions_empty.setVisible(not rows)
        self._update_session_buttons()

    @staticmethod
    def _people_text(row: Mapping[str, Any]) -> str:
        staff, fosterers = row.get("staff_count") or 0, row.get("fosterer_count") or 0
        parts = []
        if staff:
            parts.append(tr("1 staff member") if staff == 1
                         else tr("{n} staff members").format(n=staff))
        if fosterers:
            parts.append(tr("1 fosterer") if fosterers == 1
                         else tr("{n} fosterers").format(n=fosterers))
        return ", ".join(parts)

    # --- selection ---

    def selected_match_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.pairs_table.selectionModel().selectedRows()})
        return [self.pair_rows[r]["match_id"] for r in rows if 0 <= r < len(self.pair_rows)]

    def selected_pairs(self) -> list[dict]:
        wanted = set(self.selected_match_ids())
        return [row for row in self.pair_rows if row["match_id"] in wanted]

    def select_pairs(self, match_ids) -> None:
        """Select the rows of these pairs (those shown)."""
        wanted = set(match_ids)
        table = self.pairs_table
        table.clearSelection()
        model = table.selectionModel()
        for r, row in enumerate(self.pair_rows):
            if row["match_id"] in wanted:
                model.select(table.model().index(r, 0),
                             model.SelectionFlag.Select | model.SelectionFlag.Rows)

    def current_session_id(self) -> int | None:
        rows = self.sessions_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.session_rows):
            return None
        return self.session_rows[rows[0].row()]["id"]

    def _update_pair_buttons(self) -> None:
        n = len(self.selected_match_ids())
        self.new_for_pairs_button.setEnabled(n >= 1)
        self.frequency_button.setEnabled(n >= 1)
        self.open_elder_button.setEnabled(n == 1)
        self.open_fosterer_button.setEnabled(n == 1)

    def _update_session_buttons(self) -> None:
        self.open_session_button.setEnabled(self.current_session_id() is not None)

    # --- actions ---

    def open_person(self, kind: str) -> None:
        """The elder's or the fosterer's record of the selected pair (the main window opens
        it)."""
        pairs = self.selected_pairs()
        resource = Resource.ELDER if kind == "elder" else Resource.FOSTERER
        if len(pairs) != 1 or not self.ctx.can(Action.READ, resource):
            return
        self.ctx.open_record.emit(kind, int(pairs[0][f"{kind}_id"]))

    def new_session_for_selected(self, *, exec: bool = True):
        """A new meeting with the selected pairs. Returns the new id (``exec=False``: the
        dialog, not shown)."""
        ids = self.selected_match_ids()
        if not ids:
            return None
        return SupervisionDialog.create(self, self.ctx, match_ids=ids, exec=exec)

    def new_session(self, *, exec: bool = True):
        return SupervisionDialog.create(self, self.ctx, exec=exec)

    def open_session(self, session_id: int | None = None, *, exec: bool = True):
        session_id = session_id if session_id is not None else self.current_session_id()
        if session_id is None:
            return None
        return SupervisionDialog.open_session(self, self.ctx, session_id, exec=exec)

    def print_period_report(self, *, exec: bool = True):
        """Ask the period (the one of the Meetings tab when given), then open the supervision
        report of the period."""
        start, end = self.period()
        if start is not None or end is not None:
            end = end or dt.date.today()
            start = start or end - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
        return print_period(self, self.ctx, "supervision",
                            title=tr("Supervision report of a period"),
                            intro=tr("The meetings held in the period, pair by pair:"),
                            start=start, end=end, exec=exec)

    def open_risk_note(self, match_id: int, *, exec: bool = True):
        """The note flagging the open risk of a pair (where the risk is closed)."""
        from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

        note = self.risks.get(match_id)
        if note is None:
            return None
        return PairNoteDialog.open_note(self, self.ctx, note["session_id"], note["id"],
                                        exec=exec)

    def change_frequency(self, *, exec: bool = True):
        """How often the selected pairs are supervised (every 7–180 days). Returns True once
        changed; ``exec=False``: the dialog, not shown."""
        pairs = self.selected_pairs()
        if not pairs or not self.ctx.can(Action.UPDATE, Resource.MATCH):
            return None
        try:
            with self.ctx.sessions() as s:
                versions = {p["match_id"]: match_service.get_match(
                    s, self.ctx.actor, p["match_id"])["version"] for p in pairs}
        except AffidoError as exc:
            show_error(self, tr("Change frequency"), exc.message)
            return None
        spec = match_service.UPDATE_FIELDS["supervision_every_days"]
        field = dataclasses.replace(spec, default=pairs[0]["every_days"])
        current = {p["every_days"] for p in pairs}
        if len(pairs) == 1:
            title = tr("Supervision frequency: {pair}").format(pair=pair_name(pairs[0]))
        else:
            title = tr("Supervision frequency of {n} pairs").format(n=len(pairs))

        def save(s, data: dict) -> None:
            for mid, version in versions.items():
                match_service.update_match(s, self.ctx.actor, mid, data,
                                           expected_version=version)

        return RecordDialog.run(
            self, self.ctx, title, {field.name: field}, save=save,
            values={field.name: pairs[0]["every_days"]}, changes={"matches", "supervision"},
            savable=len(current) > 1, exec=exec)

    def _pairs_menu(self, pos: QPoint) -> None:
        index = self.pairs_table.indexAt(pos)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.pairs_table.selectionModel().selectedRows()}:
            self.pairs_table.selectRow(index.row())
        menu = QMenu(self)
        for button in (self.new_for_pairs_button, self.frequency_button, self.open_elder_button,
                       self.open_fosterer_button):
            if button.isVisible() and button.isEnabled():
                menu.addAction(button.text(), button.click)
        ids = self.selected_match_ids()
        if len(ids) == 1 and ids[0] in self.risks:
            menu.addSeparator()
            menu.addAction(tr("Open the note with the open risk…"),
                           lambda: self.open_risk_note(ids[0]))
        menu.exec(self.pairs_table.viewport().mapToGlobal(pos))
