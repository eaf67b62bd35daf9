"""The weekly grid editor: weekdays × times of day as checkable cells (domain.availability).

Keyboard: arrows move between cells, Space toggles the current cell. Mouse: a click toggles a
cell, a click on a weekday toggles the whole day, a click on a time of day toggles that column.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
)

from affido_app.domain.availability import DAYS, FULL_MASK, SLOTS, WeeklyGrid
from affido_app.domain.enums import TIME_SLOTS, WEEKDAYS
from affido_app.ui.i18n import tr

_ON = QColor("#2e7d32")
_ON_FILL = QColor("#c8e6c9")
_INVALID = QColor("#c62828")


class _CellDelegate(QStyledItemDelegate):
    """Paints a cell as a filled box with a tick when set, an empty box when not."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        on = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
        painter.save()
        rect = option.rect.adjusted(3, 3, -3, -3)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        if on:
            painter.fillRect(rect, _ON_FILL if enabled else QColor("#e0e0e0"))
        painter.setPen(QPen(_ON if on and enabled else QColor("#9e9e9e"), 1))
        painter.drawRect(rect)
        if on:
            painter.setPen(QPen(_ON if enabled else QColor("#757575")))
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "✓")
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(option.palette.highlight().color(), 2))
            painter.drawRect(QRect(rect).adjusted(1, 1, -1, -1))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(90, 26)


class WeeklyGridEdit(QTableWidget):
    """Edits a 21-bit weekly mask. ``mask()`` / ``set_mask(int)``; ``changed(mask)`` on edits."""

    changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(DAYS, SLOTS, parent)
        self._read_only = False
        self.setItemDelegate(_CellDelegate(self))
        self.setHorizontalHeaderLabels(list(TIME_SLOTS))
        self.setVerticalHeaderLabels(list(WEEKDAYS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for day in range(DAYS):
            for slot in range(SLOTS):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{WEEKDAYS[day]} {TIME_SLOTS[slot].lower()}")
                self.setItem(day, slot, item)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setSectionsClickable(True)
        hh.sectionClicked.connect(self.toggle_slot)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(28)
        vh.setSectionsClickable(True)
        vh.sectionClicked.connect(self.toggle_day)
        self.clicked.connect(lambda index: self.toggle_cell(index.row(), index.column()))
        self.setToolTip(tr("Click a cell, or use the arrows and the space bar. "
                           "Click a day to select the whole day."))
        self.setCurrentCell(0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)
        self.setFixedHeight(self._full_height())

    def _full_height(self) -> int:
        header = self.horizontalHeader().sizeHint().height()
        return header + DAYS * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()

    # --- value ---

    def mask(self) -> int:
        mask = 0
        for day in range(DAYS):
            for slot in range(SLOTS):
                if self.item(day, slot).checkState() == Qt.CheckState.Checked:
                    mask |= WeeklyGrid.bit(day, slot)
        return mask

    def set_mask(self, mask: int | None) -> None:
        """Show ``mask`` (None: empty). Emits ``changed`` when the value differs."""
        mask = int(mask or 0) & FULL_MASK
        if mask == self.mask():
            return
        self._set_cells(lambda day, slot: bool(mask & WeeklyGrid.bit(day, slot)))

    def value(self) -> int:
        return self.mask()

    def set_value(self, mask: int | None) -> None:
        self.set_mask(mask)

    def is_set(self, day: int, slot: int) -> bool:
        return self.item(day, slot).checkState() == Qt.CheckState.Checked

    def _set_cells(self, wanted) -> None:
        blocked = self.model().blockSignals(True)
        try:
            for day in range(DAYS):
                for slot in range(SLOTS):
                    state = Qt.CheckState.Checked if wanted(day, slot) else Qt.CheckState.Unchecked
                    self.item(day, slot).setCheckState(state)
        finally:
            self.model().blockSignals(blocked)
        self.viewport().update()
        self.changed.emit(self.mask())

    # --- editing ---

    def toggle_cell(self, day: int, slot: int) -> None:
        if self._read_only or not (0 <= day < DAYS and 0 <= slot < SLOTS):
            return
        on = not self.is_set(day, slot)
        self._set_cells(lambda d, s: on if (d, s) == (day, slot) else self.is_set(d, s))

    def toggle_day(self, day: int) -> None:
        """Set the whole day, or clear it when it is all set already."""
        if self._read_only:
            return
        on = not all(self.is_set(day, s) for s in range(SLOTS))
        self._set_cells(lambda d, s: on if d == day else self.is_set(d, s))

    def toggle_slot(self, slot: int) -> None:
        """Set a time of day on every weekday, or clear it when it is set everywhere."""
        if self._read_only:
            return
        on = not all(self.is_set(d, slot) for d in range(DAYS))
        self._set_cells(lambda d, s: on if s == slot else self.is_set(d, s))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and not event.modifiers():
            self.toggle_cell(self.currentRow(), self.currentColumn())
            event.accept()
            return
        super().keyPressEvent(event)

    # --- form protocol ---

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.horizontalHeader().setSectionsClickable(not read_only)
        self.verticalHeader().setSectionsClickable(not read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(
            f"QTableWidget {{ border: 1px solid {_INVALID.name()}; }}" if invalid else "")

    def sizeHint(self) -> QSize:
        return QSize(420, self._full_height())
