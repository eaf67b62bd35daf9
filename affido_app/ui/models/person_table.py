"""The registry of elders or fosterers as a table model paged from the database.

``count_people`` runs once per refresh; rows are then read in pages of :data:`PAGE_SIZE` with
``list_people(..., offset, limit)`` the first time the view asks for a row of that page, and kept in
a small LRU cache (at most :data:`MAX_PAGES` pages). A registry of 100,000 people therefore opens
with one count and one page in memory, and scrolling to any point costs one query (design.md,
Conventions 5). Sorting and filtering are done by SQL, never in Python.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from affido_app.domain.enums import PersonKind
from affido_app.domain.validators import format_phone
from affido_app.services.common import today
from affido_app.services.people import PersonFilter, count_people, list_people
from affido_app.ui.i18n import tr
from affido_app.ui.models.paged import MAX_PAGES, PAGE_SIZE, PagedTableModel
from affido_app.ui.models.person_cells import format_date, person_cells

__all__ = ["MAX_PAGES", "PAGE_SIZE", "PersonTableModel", "format_date"]

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


class _Row:
    """One person of the list: ``id``, the service's row (``raw``: last_name, first_name,
    codice_fiscale, phone, mobile, …) and what the cells show (``display``), formatted the
    first time a cell of the row is asked for: a page of rows is read at once, but only the
    rows on screen are formatted (formatting a phone number costs more than reading it)."""

    __slots__ = ("_display", "_on", "id", "raw")

    def __init__(self, raw: Any, on) -> None:
        self.id = int(raw.id)
        self.raw = raw
        self._on = on
        self._display: tuple[str, ...] | None = None

    @property
    def display(self) -> tuple[str, ...]:
        if self._display is None:
            self._display = person_cells(self.raw, self._on)
        return self._display


def _make_row(r: Any, on) -> _Row:
    return _Row(r, on)


class PersonTableModel(PagedTableModel):
    """Elders or fosterers matching a :class:`PersonFilter`, sorted by SQL, paged on demand."""

    first_page_with_count = True

    def __init__(self, ctx, kind: PersonKind, parent: QObject | None = None):
        super().__init__(ctx, parent)
        self._kind = PersonKind(kind)
        self._filter = PersonFilter()
        self._headers = _header_labels()
        self._count_rows()

    def count_rows(self, s) -> int:
        return count_people(s, self._ctx.actor, self._kind, self._filter)

    def read_rows(self, s, offset: int, limit: int) -> list[_Row]:
        rows = list_people(s, self._ctx.actor, self._kind, self._filter, offset=offset,
                           limit=limit, counted=self._count)
        on = today()
        return [_make_row(r, on) for r in rows]

    # --- public API -----------------------------------------------------------------------------

    @property
    def kind(self) -> PersonKind:
        return self._kind

    @property
    def filter(self) -> PersonFilter:
        """The filter in use, including the sort key and direction."""
        return self._filter

    def set_filter(self, flt: PersonFilter, *, keep_sort: bool = True) -> None:
        """Show the people matching ``flt`` (counted again). The sort belongs to the header, so
        by default the current sort is kept and ``flt.sort``/``flt.descending`` are ignored."""
        if keep_sort:
            flt = dataclasses.replace(flt, sort=self._filter.sort,
                                      descending=self._filter.descending)
        self._filter = flt
        self.refresh()

    def person_id(self, row: int) -> int:
        """The database id of the person shown in ``row`` (IndexError when there is none)."""
        found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found.id

    # --- Qt model -------------------------------------------------------------------------------

    def decoration(self, index: _Index, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _DATE_COLUMNS:
            return _DATE_ALIGNMENT
        return None

    def tooltip(self, row: _Row, column: int) -> str | None:
        return self._tooltip(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._filter.sort and descending == self._filter.descending:
            return
        self._filter = dataclasses.replace(self._filter, sort=key, descending=descending)
        self.drop_pages()  # the count does not depend on the order

    # --- internals ------------------------------------------------------------------------------

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
