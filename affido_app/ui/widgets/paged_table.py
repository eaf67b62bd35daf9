"""The table of a paged list (registries, pairs, audit log): Enter opens the current row, and
the default type-ahead is off (it would read every row of a 100,000-row list to find a letter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PagedTableView(QTableView):
    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in ENTER_KEYS and self.currentIndex().isValid()
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.open_current.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        return
