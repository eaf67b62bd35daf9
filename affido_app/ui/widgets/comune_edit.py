"""A line edit for a comune, completing over every Italian comune.

Matching ignores case and accents and looks anywhere in the name ("rivol" → "Rivoli (TO)",
"antonino" → "Sant'Antonino di Susa (TO)"); names that start with the text come first. The value
is the comune's name, without the province.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from affido_app.domain.comuni import all_comuni, lookup
from affido_app.domain.text import fold
from affido_app.ui.i18n import tr

#: role holding the text written into the line edit when a suggestion is chosen
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SUGGESTIONS = 30


@functools.cache
def _table() -> list[tuple[str, str, str]]:
    """(folded name, name, province) of every comune, in alphabetical order."""
    return [(fold(name), name, province) for name, province in all_comuni()]


def match_comuni(text: str, limit: int = MAX_SUGGESTIONS) -> list[tuple[str, str]]:
    """(name, province) of the comuni whose name contains ``text`` (case and accents ignored),
    those starting with it first."""
    key = fold(text.split("(")[0]).replace("’", "'")
    if not key:
        return []
    starts, contains = [], []
    for folded, name, province in _table():
        if folded.startswith(key):
            starts.append((name, province))
        elif key in folded:
            contains.append((name, province))
        if len(starts) >= limit:
            break
    return (starts + contains)[:limit]


class ComuneEdit(QLineEdit):
    """``value()`` is the comune name typed or chosen; ``changed(str)`` on edits."""

    changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMaxLength(80)
        self.setPlaceholderText(tr("Type to search the comune"))
        self.suggestions = QStandardItemModel(self)
        completer = QCompleter(self)
        completer.setModel(self.suggestions)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCompletionRole(NAME_ROLE)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(10)
        self.setCompleter(completer)
        self.textEdited.connect(self._refresh)
        self.textChanged.connect(self.changed)

    def _refresh(self, text: str) -> None:
        self.suggestions.clear()
        for name, province in match_comuni(text):
            item = QStandardItem(f"{name} ({province})")
            item.setData(name, NAME_ROLE)
            item.setEditable(False)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount() and self.hasFocus():
            self.completer().complete()

    def suggestion_texts(self) -> list[str]:
        """What the completion list shows now ("Rivoli (TO)")."""
        return [self.suggestions.item(r).text() for r in range(self.suggestions.rowCount())]

    def is_known(self) -> bool:
        """Whether the text names a comune (any case, accents optional, "Rivoli (TO)" too)."""
        return lookup(self.text().strip()) is not None

    def value(self) -> str:
        return self.text()

    def set_value(self, name: str | None) -> None:
        self.setText(name or "")

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)

