"""The registry of elders or of fosterers: a filter bar, a paged table, "New" and "Open".

Everything is reachable by keyboard: the search field is the first stop (Down or Enter moves into
the list, Escape clears it), letters typed on the list go to the search field, Enter on a row opens
it, Tab leaves the list. The header's widths, order and sort are kept per PC in QSettings.
"""

from __future__ import annotations

import dataclasses
import itertools

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import (
    TIME_SLOTS,
    WEEKDAYS,
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    Need,
    PersonKind,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.domain.text import fold
from affido_app.errors import AffidoError
from affido_app.services import people
from affido_app.services.people import PersonFilter
from affido_app.services.settings import get_setting
from affido_app.ui.exporting import describe_filters, export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.models.person_table import NAME, SORT_KEYS, PersonTableModel
from affido_app.ui.settings import table_header_key
from affido_app.ui.widgets.paged_table import ENTER_KEYS, PagedTableView

#: search-as-you-type waits this long after the last key
SEARCH_DELAY_MS = 150
#: header changes (dragging a column edge) are saved at most this often
HEADER_SAVE_DELAY_MS = 500
_DEFAULT_WIDTHS = (230, 140, 150, 130, 200)



class CheckMenu(QMenu):
    """A menu whose checkable entries toggle without closing it, so several can be chosen."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if (event.key() in (Qt.Key.Key_Space, *ENTER_KEYS) and action is not None
                and action.isCheckable() and action.isEnabled()):
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)


class RegistryTable(PagedTableView):
    """The list: typed letters are handed to the search field."""

    type_ahead = Signal(str)

    def keyboardSearch(self, search: str) -> None:
        if search.strip():
            self.type_ahead.emit(search)


class RegistryView(QWidget):
    """Elders or fosterers: search, filters, the list, "New" and "Open".

    Signals: ``open_requested(id)`` (double-click, Enter, "Open"), ``new_requested()``.
    """

    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, ctx, kind: PersonKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = PersonKind(kind)
        self._elders = self.kind == PersonKind.ELDER
        self._area = f"{self.kind}s"  # "elders" / "fosterers", as in ctx.changed
        self._resource = Resource.ELDER if self._elders else Resource.FOSTERER
        self._header_key = table_header_key(f"{self.kind}s")
        self._sort_section = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._quiet = False  # while the filter widgets are set by code
        self._viewport: QWidget | None = None

        self.model = PersonTableModel(ctx, self.kind, self)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._header_timer = QTimer(self, singleShot=True, interval=HEADER_SAVE_DELAY_MS)
        self._header_timer.timeout.connect(self.save_header_state)

        self._build_filters()
        self._build_table()
        self._build_buttons()
        self._build_layout()
        self._restore_header()

        self.model.count_changed.connect(self._on_count_changed)
        self.model.load_failed.connect(lambda _message: self._update_empty_state())
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changed.connect(self._on_changed)
        self._on_count_changed(self.model.rowCount())
        self._update_buttons()

    # --- public API -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_search(self, text: str) -> None:
        """Search for ``text`` now (no debounce)."""
        self.search.setText(text)
        self.apply_filters()

    def set_status_filter(self, status: str | None) -> None:
        """Show only the people in ``status`` (its code; None or unknown: every status), the
        other filters unchanged. The dashboard's counts link here."""
        index = self.status_combo.findData(str(status)) if status else 0
        self._quiet = True
        try:
            self.status_combo.setCurrentIndex(max(0, index))
        finally:
            self._quiet = False
        self.apply_filters()

    def refresh(self) -> None:
        """Read the list again with the same filters, keeping the selected person if still
        listed near where it was."""
        row = self._selected_row()
        person = self._id_at(row)
        self.model.refresh()
        if person is not None:
            found = self.model.row_of(person, near=row)
            if found >= 0:
                self._select_row(found, focus=False)

    def current_filter(self) -> PersonFilter:
        """The filter the widgets describe (sort aside: it belongs to the header)."""
        text = self.search.text().strip()
        status = self.status_combo.currentData()
        fragility = self.fragility_combo.currentData() if self.fragility_combo else None
        return PersonFilter(
            search=text or None,
            statuses=(status,) if status else (),
            comune=self.comune_combo.currentData() or None,
            min_fragility=fragility,
            needs=_mask(self.needs_menu),
            availability=_mask(self.availability_menu),
        )

    def apply_filters(self) -> None:
        """Show the people matching the filter bar (counted again only if it changed)."""
        self._search_timer.stop()
        flt = self.current_filter()
        current = self.model.filter
        if dataclasses.replace(flt, sort=current.sort, descending=current.descending) != current:
            self.model.set_filter(flt)
        self._update_menu_buttons()

    def export_list(self, path=None, **kw):
        """Export every person matching the filters, in the order and columns shown."""
        return export_table(
            self, self.ctx, self.table, resource=self._resource,
            list_name="Anziani" if self._elders else "Affidatari", path=path,
            filters=describe_filters([self.search, self.status_combo, self.comune_combo,
                                      self.fragility_combo, self.needs_button,
                                      self.availability_button], self.table), **kw)

    def reset_filters(self) -> None:
        self._quiet = True
        try:
            self.search.clear()
            self.status_combo.setCurrentIndex(0)
            self.comune_combo.setCurrentIndex(0)
            if self.fragility_combo:
                self.fragility_combo.setCurrentIndex(0)
            for menu in (self.needs_menu, self.availability_menu):
                _clear(menu)
        finally:
            self._quiet = False
        self.apply_filters()

    def save_header_state(self) -> None:
        self._header_timer.stop()
        self.ctx.settings.set(self._header_key, self.table.horizontalHeader().saveState())

    # --- building -------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Name, tax code, phone or town"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search"))
        self.search.textChanged.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._on_search_return)
        self.search.installEventFilter(self)

        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(tr("Status"))
        self.status_combo.addItem(tr("All statuses"), None)
        for status in ElderStatus if self._elders else FostererStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.currentIndexChanged.connect(self._on_filter_edited)

        self.comune_combo = QComboBox(self)
        self.comune_combo.setAccessibleName(tr("Town"))
        self._load_comuni()
        self.comune_combo.currentIndexChanged.connect(self._on_filter_edited)

        # fragility is health data: only for those who may read it
        self.fragility_combo: QComboBox | None = None
        if self._elders and self.ctx.can(Action.READ_SENSITIVE, Resource.ELDER):
            combo = QComboBox(self)
            combo.setAccessibleName(tr("Fragility"))
            combo.addItem(tr("Any fragility"), None)
            combo.addItem(tr("Fragility: at least mild"), int(FragilityLevel.LOW))
            combo.addItem(tr("Fragility: at least moderate"), int(FragilityLevel.MEDIUM))
            combo.addItem(tr("Fragility: at least high"), int(FragilityLevel.HIGH))
            combo.currentIndexChanged.connect(self._on_filter_edited)
            self.fragility_combo = combo

        self.needs_button, self.needs_menu = self._check_menu_button(
            [(label, int(flag)) for flag, label in Need.labels().items()]
        )
        self.needs_button.setAccessibleName(tr("Needs") if self._elders else tr("Skills"))
        cells = []
        for d, day in enumerate(WEEKDAYS):
            cells += [(f"{day} {slot.lower()}", WeeklyGrid.bit(d, s))
                      for s, slot in enumerate(TIME_SLOTS)]
        self.availability_button, self.availability_menu = self._check_menu_button(
            cells, separator_every=len(TIME_SLOTS)
        )
        self.availability_button.setAccessibleName(tr("Days and times"))

        self.reset_button = QPushButton(tr("Reset filters"), self)
        self.reset_button.clicked.connect(self.reset_filters)

        self.count_label = QLabel(self)
        self._update_menu_buttons()

    def _check_menu_button(self, items: list[tuple[str, int]],
                           separator_every: int = 0) -> tuple[QToolButton, QMenu]:
        button = QToolButton(self)
        button.setObjectName("filterMenuButton")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        menu = CheckMenu(button)
        for i, (label, bit) in enumerate(items):
            if separator_every and i and i % separator_every == 0:
                menu.addSeparator()
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setData(bit)
            action.toggled.connect(self._on_filter_edited)
            menu.addAction(action)
        menu.addSeparator()
        clear = QAction(tr("Clear selection"), menu)
        clear.triggered.connect(lambda _checked=False, m=menu: self._clear_menu(m))
        menu.addAction(clear)
        button.setMenu(menu)
        return button, menu

    def _build_table(self) -> None:
        table = RegistryTable(self)
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)  # Tab leaves the list
        table.setCornerButtonEnabled(False)
        table.setAccessibleName(tr("Elders") if self._elders else tr("Fosterers"))
        vh = table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = table.horizontalHeader()
        hh.setStretchLastSection(True)
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate(_DEFAULT_WIDTHS):
            hh.resizeSection(section, width)
        table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        table.open_current.connect(lambda: self._open_row(self._selected_row()))
        table.type_ahead.connect(self._on_type_ahead)
        self.table = table

        self.empty_label = QLabel(table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMargin(24)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty_label.hide()
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)

    def _build_buttons(self) -> None:
        self.new_button = QPushButton(tr("New elder") if self._elders else tr("New fosterer"),
                                      self)
        self.new_button.setEnabled(self.ctx.can(Action.CREATE, self._resource))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(tr("Open"), self)
        self.open_button.clicked.connect(lambda: self._open_row(self._selected_row()))
        self.export_button = export_button(self, self.ctx, self._resource, self.export_list)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        widgets: list[QWidget] = [self.status_combo, self.comune_combo]
        if self.fragility_combo:
            widgets.append(self.fragility_combo)
        widgets += [self.needs_button, self.availability_button]
        for w in widgets:
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.reset_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        chain = [self.search, *widgets, self.reset_button, self.table, self.new_button,
                 self.open_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.setFocusProxy(self.search)

    def _restore_header(self) -> None:
        hh = self.table.horizontalHeader()
        hh.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        state = self.ctx.settings.get(self._header_key)
        if state is not None and not state.isEmpty():
            hh.restoreState(state)
            hh.setStretchLastSection(True)
            hh.setSectionsMovable(True)
        if hh.sortIndicatorSection() not in SORT_KEYS:
            hh.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self._sort_section = hh.sortIndicatorSection()
        self._sort_order = hh.sortIndicatorOrder()
        self.table.setSortingEnabled(True)  # sorts the model by the indicator
        hh.sortIndicatorChanged.connect(self._on_sort_indicator)
        hh.sectionResized.connect(self._schedule_header_save)
        hh.sectionMoved.connect(self._schedule_header_save)

    # --- reactions ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched is self.search:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self._enter_list()
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        elif event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.empty_label.setGeometry(self._viewport.rect())
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:
        if self._header_timer.isActive():
            self.save_header_state()
        super().hideEvent(event)

    def _on_search_edited(self, _text: str) -> None:
        if not self._quiet:
            self._search_timer.start()

    def _on_filter_edited(self, *_args) -> None:
        if not self._quiet:
            self.apply_filters()

    def _clear_menu(self, menu: QMenu) -> None:
        self._quiet = True
        try:
            _clear(menu)
        finally:
            self._quiet = False
        self.apply_filters()

    def _on_search_return(self) -> None:
        self.apply_filters()
        if self.model.rowCount() == 1:
            self._open_row(0)
        else:
            self._enter_list()

    def _enter_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        row = self._selected_row()
        self._select_row(row if row >= 0 else 0, focus=True)

    def _on_type_ahead(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.deselect()
        self.search.end(False)
        self.search.insert(text)

    def _on_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        hh = self.table.horizontalHeader()
        if section not in SORT_KEYS:  # the phone column: put the indicator back
            hh.blockSignals(True)
            hh.setSortIndicator(self._sort_section, self._sort_order)
            hh.blockSignals(False)
            return
        self._sort_section, self._sort_order = section, order
        self._schedule_header_save()

    def _schedule_header_save(self, *_args) -> None:
        self._header_timer.start()

    def _on_changed(self, areas) -> None:
        if "settings" in areas:
            self._load_comuni()
        if self._area in areas:
            self.refresh()

    def _on_count_changed(self, count: int) -> None:
        if count == 1:
            text = tr("1 elder") if self._elders else tr("1 fosterer")
        else:
            n = format_count(count)
            text = (tr("{n} elders") if self._elders else tr("{n} fosterers")).format(n=n)
        self.count_label.setText(text)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.model.error:
            text = tr("The list could not be loaded.") + "\n" + self.model.error
        elif self.model.rowCount() > 0:
            self.empty_label.hide()
            return
        elif self._filtered():
            text = (tr("No elders match the filters") if self._elders
                    else tr("No fosterers match the filters"))
        elif self.new_button.isEnabled():
            text = (tr("No elders yet: use “New elder” to add the first") if self._elders
                    else tr("No fosterers yet: use “New fosterer” to add the first"))
        else:
            text = tr("No elders yet") if self._elders else tr("No fosterers yet")
        self.empty_label.setText(text)
        self.empty_label.setGeometry(self.table.viewport().rect())
        self.empty_label.show()
        self.empty_label.raise_()

    def _update_buttons(self, *_args) -> None:
        self.open_button.setEnabled(self._selected_row() >= 0)

    def _update_menu_buttons(self) -> None:
        needs = [a.text() for a in self.needs_menu.actions() if a.isChecked()]
        if self._elders:
            title = tr("Needs ({n})").format(n=len(needs)) if needs else tr("Needs")
        else:
            title = tr("Skills ({n})").format(n=len(needs)) if needs else tr("Skills")
        self.needs_button.setText(title)
        self.needs_button.setToolTip(", ".join(needs))
        cells = [a.text() for a in self.availability_menu.actions() if a.isChecked()]
        self.availability_button.setText(
            tr("Days and times ({n})").format(n=len(cells)) if cells else tr("Days and times")
        )
        self.availability_button.setToolTip(
            WeeklyGrid(_mask(self.availability_menu)).describe() if cells else ""
        )

    def _load_comuni(self) -> None:
        try:
            with self.ctx.sessions() as s:
                comuni = [str(c) for c in get_setting(s, "district.comuni") or []]
                comuni += people.comuni_in_use(s, self.ctx.actor, self.kind)
        except AffidoError:
            comuni = []
        combo = self.comune_combo
        current = combo.currentData()
        names = sorted(set(comuni), key=fold)
        if current and current not in names:
            names.append(current)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("All towns"), None)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
        combo.blockSignals(False)

    # --- rows -----------------------------------------------------------------------------------

    def _filtered(self) -> bool:
        flt = self.model.filter
        return dataclasses.replace(PersonFilter(), sort=flt.sort, descending=flt.descending) != flt

    def _selected_row(self) -> int:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if rows:
            return rows[0].row()
        current = self.table.currentIndex()
        return current.row() if current.isValid() else -1

    def _id_at(self, row: int) -> int | None:
        if row < 0:
            return None
        try:
            return self.model.person_id(row)
        except IndexError:
            return None

    def _select_row(self, row: int, *, focus: bool) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        if focus:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_row(self, row: int) -> None:
        person = self._id_at(row)
        if person is not None:
            self.open_requested.emit(person)


def format_count(n: int) -> str:
    """A whole number with the interface locale's thousands separator, from 1.000 up (Qt follows
    CLDR, which leaves four-digit numbers ungrouped in Italian: offices write "1.234")."""
    return f"{n:,}".replace(",", QLocale().groupSeparator())


def _mask(menu: QMenu) -> int:
    mask = 0
    for action in menu.actions():
        if action.isCheckable() and action.isChecked():
            mask |= int(action.data())
    return mask


def _clear(menu: QMenu) -> None:
    for action in menu.actions():
        if action.isCheckable():
            action.setChecked(False)
