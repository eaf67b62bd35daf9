"""A small table of records that belong to a person (contacts, household, documents, consents)
with its Add / Edit / Remove buttons. The owner does the work: this widget only shows rows and
tells which one the user picked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.ui.i18n import tr

#: (header, text of a row) for each column
Column = tuple[str, Callable[[dict], str]]

MARKED_COLOR = QColor("#b71c1c")


class RecordTable(QWidget):
    """Rows of dicts; ``add_requested()``, ``edit_requested(row)``, ``remove_requested(row)``.

    ``marked(row) -> str | None``: a reason to show the row in red (an expired document), used
    as its tooltip.
    """

    add_requested = Signal()
    edit_requested = Signal(object)
    remove_requested = Signal(object)

    def __init__(self, columns: Sequence[Column], parent=None, *, empty_text: str = "",
                 add_text: str | None = None, edit_text: str | None = None,
                 remove_text: str | None = None,
                 marked: Callable[[dict], str | None] | None = None, stretch: int = -1,
                 removable: bool = True):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict] = []
        self.marked = marked
        self.removable = removable
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([c[0] for c in self.columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(stretch == -1)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setStyleSheet("color: palette(mid); font-style: italic;")
        self.empty_label.setVisible(bool(empty_text))

        self.add_button = QPushButton(add_text or tr("Add…"), self)
        self.edit_button = QPushButton(edit_text or tr("Edit…"), self)
        self.remove_button = QPushButton(remove_text or tr("Remove"), self)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.remove_button.setVisible(removable)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.buttons)
        self._read_only = False
        self._update_buttons()

    def set_rows(self, rows: Sequence[dict]) -> None:
        selected = self.current()
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            reason = self.marked(row) if self.marked else None
            for c, (_header, text_of) in enumerate(self.columns):
                item = QTableWidgetItem(text_of(row) or "")
                item.setData(Qt.ItemDataRole.UserRole, row.get("id"))
                if reason:
                    item.setForeground(QBrush(MARKED_COLOR))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(reason)
                self.table.setItem(r, c, item)
        self.empty_label.setVisible(not self.rows and bool(self.empty_label.text()))
        if selected is not None:
            for r, row in enumerate(self.rows):
                if row.get("id") == selected.get("id"):
                    self.table.selectRow(r)
        self._update_buttons()

    def current(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def select(self, index: int) -> None:
        self.table.selectRow(index)

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only and self.removable)
        self._update_buttons()

    def set_actions_enabled(self, enabled: bool, reason: str = "") -> None:
        """Turn the buttons off (e.g. a record not saved yet), with a tooltip saying why."""
        self.add_button.setEnabled(enabled)
        self.add_button.setToolTip("" if enabled else reason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has and not self._read_only)
        self.remove_button.setEnabled(has and not self._read_only)

    def _edit(self) -> None:
        row = self.current()
        if row is not None and not self._read_only:
            self.edit_requested.emit(row)

    def _remove(self) -> None:
        row = self.current()
        if row is not None and not self._read_only:
            self.remove_requested.emit(row)


def yes_no(value: Any) -> str:
    return tr("Yes") if value else tr("No")
