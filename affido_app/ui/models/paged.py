"""A table model whose rows are read from the database a page at a time.

Subclasses say how to count the rows and how to read one window of them; this base counts once
per refresh, reads pages of :data:`PAGE_SIZE` rows as the view asks for them, and keeps at most
:data:`MAX_PAGES` of them (least recently used first out). A list of 100,000 rows therefore opens
with one count and one page read, whatever its length. Reading errors become an Italian message
(``load_failed``) and an empty page, never a storm of queries while the view paints.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from affido_app.db.engine import translate_db_error
from affido_app.errors import AffidoError

log = logging.getLogger(__name__)

PAGE_SIZE = 50
#: pages kept in memory at most
MAX_PAGES = 5

_Index = QModelIndex | QPersistentModelIndex


#: the roles answered from the row itself (the others: :meth:`PagedTableModel.decoration`)
_ROW_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole)


class PagedTableModel(QAbstractTableModel):
    #: read the first page in the counting session (a list that is always on screen when it
    #: is refreshed: one unit of work instead of two for each text typed in its search)
    first_page_with_count = False
    #: the number of rows after a refresh
    count_changed = Signal(int)
    #: reading the list failed: an Italian message for the user
    load_failed = Signal(str)

    def __init__(self, ctx, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        #: column titles; subclasses set them, their number is the number of columns
        self._headers: tuple[str, ...] = ()
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._error: str | None = None

    # --- what subclasses provide ---

    def count_rows(self, s) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def read_rows(self, s, offset: int, limit: int) -> list[Any]:  # pragma: no cover
        """One window of rows, already turned into what ``data()`` shows (each with ``id``)."""
        raise NotImplementedError

    def display(self, row: Any, column: int) -> Any:
        """What a cell shows (default: ``row.display[column]``)."""
        return row.display[column]

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    def decoration(self, index: _Index, role: int) -> Any:
        """Any other role (alignment, colour…) of a valid cell; None by default."""
        return None

    # --- shared ---

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or index.parent().isValid()
                or not 0 <= index.column() < len(self._headers)):
            return None
        if role not in _ROW_ROLES:
            return self.decoration(index, role)
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        return self.display(row, index.column())

    @property
    def error(self) -> str | None:
        """The message of the last failed read, None when the list loaded."""
        return self._error

    def refresh(self) -> None:
        """Count again and drop every cached page."""
        self.beginResetModel()
        self._pages.clear()
        self._count_rows()
        self.endResetModel()
        self.count_changed.emit(self._count)

    def drop_pages(self) -> None:
        """Forget the rows read (the order changed), keeping the count."""
        self.beginResetModel()
        self._pages.clear()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers)
                and role == Qt.ItemDataRole.DisplayRole):
            return self._headers[section]
        return None

    def row_of(self, record_id: int, near: int | None = None) -> int:
        """The row of ``record_id`` among the pages in memory (and the page holding ``near``,
        read if needed); -1 when it is not there. Never scans the whole list."""
        if near is not None and 0 <= near < self._count:
            self._page(near // PAGE_SIZE)
        for number, page in self._pages.items():
            for i, row in enumerate(page):
                if row.id == record_id:
                    return number * PAGE_SIZE + i
        return -1

    def cached_row_count(self) -> int:
        """How many rows are held in memory (bounded by PAGE_SIZE × MAX_PAGES)."""
        return sum(len(p) for p in self._pages.values())

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def _count_rows(self) -> None:
        self._error = None
        try:
            with self._ctx.sessions() as s:
                self._count = self.count_rows(s)
                if self._count and self.first_page_with_count:
                    self._pages[0] = self.read_rows(s, 0, PAGE_SIZE)
        except Exception as exc:
            self._count = 0
            self._pages.clear()
            self._fail(exc)

    def _row(self, row: int) -> Any | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        i = row % PAGE_SIZE
        return page[i] if i < len(page) else None

    def _page(self, number: int) -> list[Any]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        try:
            with self._ctx.sessions() as s:
                page = self.read_rows(s, number * PAGE_SIZE, PAGE_SIZE)
        except Exception as exc:
            self._fail(exc)
            page = []  # kept until the next refresh: no query storm while painting
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, AffidoError):
            message = exc.message
        else:
            translated = translate_db_error(exc)
            if translated is None:
                raise exc
            message = translated.message
        log.warning("list not loaded (%s): %s", type(self).__name__, type(exc).__name__)
        self._error = message
        self.load_failed.emit(message)
