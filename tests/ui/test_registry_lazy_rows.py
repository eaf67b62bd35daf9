"""The registry's model formats only the rows the view asks for, and counts a search once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import event

from affido_app.domain.enums import PersonKind
from affido_app.services import people as P
from affido_app.services.common import today
from affido_app.services.people import PersonFilter
from affido_app.ui.models.person_cells import person_cells
from affido_app.ui.models.person_table import NAME, PAGE_SIZE, PHONE, PersonTableModel
from tests.ui.test_registry import _bulk

ELDER = PersonKind.ELDER


def test_rows_are_formatted_when_first_shown(ctx):
    _bulk(ctx, ELDER, [{"last_name": f"Rossi{n:03d}", "mobile": "+393331234567"}
                       for n in range(PAGE_SIZE + 10)])
    model = PersonTableModel(ctx, ELDER)
    assert model.rowCount() == PAGE_SIZE + 10
    assert model.data(model.index(3, NAME)) == "Rossi003 Anna"
    page = model._pages[0]
    assert len(page) == PAGE_SIZE
    assert [i for i, row in enumerate(page) if row._display is not None] == [3]
    # what a cell shows is the formatted row, the same as before the change
    assert model.data(model.index(5, PHONE)) == "333 123 4567"
    with ctx.sessions() as s:
        raw = P.list_people(s, ctx.actor, ELDER, PersonFilter(), offset=5, limit=1)[0]
    expected = person_cells(raw, today())
    assert tuple(model.data(model.index(5, c)) for c in range(6)) == expected
    assert model.data(model.index(5, NAME), Qt.ItemDataRole.UserRole) == raw.id


def test_a_search_is_counted_once_per_text(ctx):
    _bulk(ctx, ELDER, [{"last_name": f"Bianchi{n:02d}"} for n in range(30)]
          + [{"last_name": "Verdi"}])
    model = PersonTableModel(ctx, ELDER)
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        model.set_filter(PersonFilter(search="bianchi"))
        assert model.rowCount() == 30
        assert model.data(model.index(0, NAME)) == "Bianchi00 Anna"
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)
    assert len(sent) == 2  # the count, then the page (the matches are not counted again)
    assert sum("count(" in s.lower() for s in sent) == 1
