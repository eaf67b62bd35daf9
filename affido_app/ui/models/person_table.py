"""The registry of elders or fosterers as a table model paged from the database.

``count_people`` runs once per refresh; rows are then read in pages of :data:`PAGE_SIZE` with
``list_people(..., offset, limit)`` the first time the view asks for a row of that page, and kept in
a small LRU cache (at most :data:`MAX_PAGES` pages). A registry of 100,000 people therefore opens
with one count and one page in memory, and scrolling to any point costs one query (design.md,
Conventions 5). Sorting and filtering are done by SQL, never in Python.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from affido_app.db.engine import translate_db_error
from affido_app.domain.enums import PersonKind
from affido_app.domain.validators import age_on, format_phone
from affido_app.errors import AffidoError
from affido_app.services.common import today
from affido_app.services.people import PersonFilter, count_people, list_people
from affido_app.ui.i18n import tr

log = logging.getLogger(__name__)

#: rows read from the database at a time
PAGE_SIZE = 200
#: pages kept in memory (least recently used are dropped)
MAX_PAGES = 5

NAME, BORN, COMUNE, PHONE, STATUS, SINCE = range(6)
COLUMN_COUNT = 6
#: column → PersonFilter.sort key; the phone column cannot be sorted
SORT_KEYS: dict[int, str] = {
    NAME: "name", BORN: "birth_date", COMUNE: "comune", STATUS: "status", SINCE: "status_since",
}
_DATE_COLUMNS = frozenset({BORN, SINCE})
_DATE_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_Index = QModelIndex | QPersistentModelIndex


def _header_labels() -> tuple[str, ...]:
    return (tr("Name"), tr("Born"), tr("Town"), tr("Phone"), tr("Status"), tr("Since"))


def format_date(day) -> str:
    """Italian style dd/mm/yyyy; empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


class _Row(NamedTuple):
    id: int
    display: tuple[str, ...]
    raw: Any  # the service's row: last_name, first_name, codice_fiscale, phone, mobile, …


def _make_row(r: Any, on) -> _Row:
    born = ""
    if r.birth_date:
        born = f"{format_date(r.birth_date)} ({age_on(r.birth_date, on)})"
    number = r.phone or r.mobile
    status = getattr(r.status, "label", "") if r.status is not None else ""
    display = (
        " ".join(p for p in (r.last_name, r.first_name) if p),
        born,
        r.comune or "",
        format_phone(number) if number else "",
        status,
        format_date(r.status_since),
    )
    return _Row(int(r.id), display, r)


class PersonTableModel(QAbstractTableModel):
    """Elders or fosterers matching a :class:`PersonFilter`, sorted by SQL, paged on demand."""

    #: the number of rows after a refresh (count_people)
    count_changed = Signal(int)
    #: reading the list failed: an Italian message for the user
    load_failed = Signal(str)

    def __init__(self, ctx, kind: PersonKind, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._kind = PersonKind(kind)
        self._filter = PersonFilter()
        self._count = 0
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()
        self._error: str | None = None
        self._headers = _header_labels()
        self._count_rows()

    # --- public API -----------------------------------------------------------------------------

    @property
    def kind(self) -> PersonKind:
        return self._kind

    @property
    def filter(self) -> PersonFilter:
        """The filter in use, including the sort key and direction."""
        return self._filter

    @property
    def error(self) -> str | None:
        """The message of the last failed read, None when the list loaded."""
        return self._error

    def set_filter(self, flt: PersonFilter, *, keep_sort: bool = True) -> None:
        """Show the people matching ``flt`` (counted again). The sort belongs to the header, so
        by default the current sort is kept and ``flt.sort``/``flt.descending`` are ignored."""
        if keep_sort:
            flt = dataclasses.replace(flt, sort=self._filter.sort,
                                      descending=self._filter.descending)
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Count again and drop every cached page, keeping filter and sort."""
        self.beginResetModel()
        self._pages.clear()
        self._count_rows()
        self.endResetModel()
        self.count_changed.emit(self._count)

    def person_id(self, row: int) -> int:
        """The database id of the person shown in ``row`` (IndexError when there is none)."""
        found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found.id

    def row_of(self, person_id: int, near: int | None = None) -> int:
        """The row of ``person_id`` among the pages in memory (and the page holding ``near``,
        read if needed); -1 when it is not there. Never scans the whole list."""
        if near is not None and 0 <= near < self._count:
            self._page(near // PAGE_SIZE)
        for number, page in self._pages.items():
            for i, row in enumerate(page):
                if row.id == person_id:
                    return number * PAGE_SIZE + i
        return -1

    def cached_row_count(self) -> int:
        """How many rows are held in memory (bounded by PAGE_SIZE × MAX_PAGES)."""
        return sum(len(p) for p in self._pages.values())

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # --- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        column = index.column()
        if not 0 <= column < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _DATE_ALIGNMENT if column in _DATE_COLUMNS else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.UserRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display[column]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return self._tooltip(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._filter.sort and descending == self._filter.descending:
            return
        self.beginResetModel()
        self._filter = dataclasses.replace(self._filter, sort=key, descending=descending)
        self._pages.clear()  # the count does not depend on the order
        self.endResetModel()

    # --- internals ------------------------------------------------------------------------------

    def _count_rows(self) -> None:
        self._error = None
        try:
            with self._ctx.sessions() as s:
                self._count = count_people(s, self._ctx.actor, self._kind, self._filter)
        except Exception as exc:
            self._count = 0
            self._fail(exc)

    def _row(self, row: int) -> _Row | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        i = row % PAGE_SIZE
        return page[i] if i < len(page) else None

    def _page(self, number: int) -> list[_Row]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._fetch(number)
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _fetch(self, number: int) -> list[_Row]:
        try:
            with self._ctx.sessions() as s:
                rows = list_people(s, self._ctx.actor, self._kind, self._filter,
                                   offset=number * PAGE_SIZE, limit=PAGE_SIZE)
        except Exception as exc:
            self._fail(exc)
            return []  # kept until the next refresh: no query storm while painting
        on = today()
        return [_make_row(r, on) for r in rows]

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, AffidoError):
            message = exc.message
        else:
            translated = translate_db_error(exc)
            if translated is None:
                raise exc
            message = translated.message
        log.warning("registry list not loaded: %s", type(exc).__name__)
        self._error = message
        self.load_failed.emit(message)

    def _tooltip(self, row: _Row, column: int) -> str | None:
        r = row.raw
        if column == NAME and r.codice_fiscale:
            return row.display[NAME] + "\n" + tr("Tax code: {cf}").format(cf=r.codice_fiscale)
        if column == PHONE and (r.phone or r.mobile):
            lines = []
            if r.phone:
                lines.append(tr("Phone: {number}").format(number=format_phone(r.phone)))
            if r.mobile:
                lines.append(tr("Mobile: {number}").format(number=format_phone(r.mobile)))
            return "\n".join(lines)
        if column == STATUS and row.display[STATUS] and r.status_since:
            return tr("{status} since {date}").format(status=row.display[STATUS],
                                                      date=format_date(r.status_since))
        if column in (BORN, COMUNE, SINCE) and row.display[column]:
            return row.display[column]
        return None
