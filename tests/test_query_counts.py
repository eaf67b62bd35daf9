"""Lists issue no query per row (design.md, Conventions 5 and Performance).

An SQLAlchemy ``before_cursor_execute`` listener counts the statements sent while a list is
built, shown and scrolled through its first three pages. The same is done on two databases, one
with three times the rows of the other: the count must be the same (it depends on the pages
read, never on the rows in the list) and small.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event, insert, select

from affido_app.bench.data import BenchSize, _Bulk
from affido_app.config import sqlite_url
from affido_app.db.migrate import open_database
from affido_app.db.models import Elder, Fosterer, Match, StaffUser
from affido_app.domain.enums import AuditAction, MatchStatus, PersonKind, Role
from affido_app.services.audit import audit
from affido_app.services.context import Actor
from affido_app.ui.context import AppContext
from affido_app.ui.models.paged import PAGE_SIZE
from affido_app.ui.settings import Settings

#: rows of the smaller database: a little more than three pages
SMALL = 3 * PAGE_SIZE + 50
PAGES = 3
#: statements a list may send to show and scroll three pages (count, pages, its filters' choices)
MOST = 10
#: transaction control, not queries
_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


@pytest.fixture
def qsettings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="module")
def databases(demo_template, tmp_path_factory):
    """Two copies of the demo database, topped up so that each list has a little more than
    three pages of rows in the first, three times as many in the second."""
    opened = []
    for rows in (SMALL, 3 * SMALL):
        path = tmp_path_factory.mktemp("lists") / "lists.db"
        shutil.copyfile(demo_template, path)
        database = open_database(sqlite_url(path))
        opened.append(database)
        _top_up(database, rows)
    yield opened
    for database in opened:
        database.dispose()


def _top_up(database, rows: int) -> None:
    today = dt.date.today()
    bulk = _Bulk(database, BenchSize(people=rows, match_elders=0, match_fosterers=rows),
                 today, lambda _msg: None)
    bulk.run()
    rng = random.Random(rows)
    with database.sessions() as s:
        elders = list(s.scalars(select(Elder.id)))
        fosterers = list(s.scalars(select(Fosterer.id)))
        admin = s.scalar(select(StaffUser.id).where(StaffUser.username == "admin"))
    with database.engine.begin() as conn:
        conn.execute(insert(Match), [
            {"elder_id": rng.choice(elders), "fosterer_id": rng.choice(fosterers),
             "status": MatchStatus.CLOSED, "status_since": today, "proposed_on": today,
             "ended_on": today, "close_reason": "other"}
            for _ in range(rows)])
    with database.sessions.begin() as s:
        for k in range(rows):
            audit(s, admin, AuditAction.READ, "elders", elders[k % len(elders)],
                  elder_id=elders[k % len(elders)])


def _context(database, username: str, qsettings) -> AppContext:
    with database.sessions() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).one()
        actor = Actor.of(user)
    return AppContext(database, actor, Settings(qsettings), actor_name=user.full_name)


def _registry(ctx, kind):
    from affido_app.ui.views.registry import RegistryView

    return RegistryView(ctx, kind)


def _elders(ctx):
    return _registry(ctx, PersonKind.ELDER)


def _fosterers(ctx):
    return _registry(ctx, PersonKind.FOSTERER)


def _pairs(ctx):
    from affido_app.ui.views.matches import MatchesView

    return MatchesView(ctx)


def _audit(ctx):
    from affido_app.ui.views.audit import AuditLogView

    return AuditLogView(ctx)


LISTS = {"anziani": (_elders, "coordinatore"), "affidatari": (_fosterers, "coordinatore"),
         "abbinamenti": (_pairs, "coordinatore"), "registro": (_audit, "admin")}


def _statements(qtbot, database, build, username, qsettings) -> tuple[int, int]:
    """(statements sent, rows listed) while the list is built, shown and scrolled."""
    sent = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(_CONTROL):
            sent.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        view = build(_context(database, username, qsettings))
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        qtbot.waitExposed(view)
        table, model = view.table, view.table.model()
        rows = model.rowCount()
        for row in range(0, PAGES * PAGE_SIZE, 40):
            table.scrollTo(model.index(row, 0))
            QApplication.processEvents()
            for column in range(model.columnCount()):  # every cell of the row, as painting does
                model.data(model.index(row, column))
        QApplication.processEvents()
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    return len(sent), rows


@pytest.mark.parametrize("name", list(LISTS))
def test_lists_send_the_same_queries_whatever_their_length(qtbot, databases, qsettings, name):
    build, username = LISTS[name]
    small, large = databases
    few, small_rows = _statements(qtbot, small, build, username, qsettings)
    many, large_rows = _statements(qtbot, large, build, username, qsettings)
    assert small_rows > PAGES * PAGE_SIZE and large_rows >= small_rows + 2 * SMALL
    assert few == many, f"{name}: {few} statements for {small_rows} rows, {many} for {large_rows}"
    assert many <= MOST, f"{name}: {many} statements to show {PAGES} pages"


# --- a search matching many people reads its page from the name index -----------------------

def test_large_search_walks_the_name_index_in_the_same_order(sqlite_db, monkeypatch):
    """Above WALK_NAMES_ABOVE matches, the page is read by walking the index of revision 0005:
    same rows, same order (case-insensitive, "de Rossi" among the Ds) as sorting the matches."""
    from sqlalchemy import func

    from affido_app.domain.text import search_text
    from affido_app.services import people
    from affido_app.services.people import PersonFilter, count_people, list_people
    from tests.conftest import make_actors

    coordinator = make_actors(sqlite_db)[Role.COORDINATOR]
    _Bulk(sqlite_db, BenchSize(people=400, match_elders=0, match_fosterers=0),
          dt.date.today(), lambda _msg: None).run()
    odd = [("de Rossi", "Anna"), ("De Rossi", "anna"), ("van Dijk", "Aldo"), ("DELL'ARA", "Ada"),
           ("Zanetti", "ada"), ("d'Amico", "Nicolò")]
    with sqlite_db.engine.begin() as conn:
        odd_ids = conn.execute(insert(Elder).returning(Elder.id), [
            {"last_name": last, "first_name": first, "status": "referred",
             "status_since": dt.date.today(), "referral_date": dt.date.today(),
             "search_text": search_text(last, first, "Rivoli") + " rivoli", "comune": "Rivoli"}
            for last, first in odd]).scalars().all()
    flt = PersonFilter(search="a")
    with sqlite_db.sessions() as s:
        total = count_people(s, coordinator, PersonKind.ELDER, flt)
        expected = [r.id for r in s.execute(
            select(Elder.id).where(Elder.id.in_(select(Elder.id).where(
                Elder.search_text.like("a%") | Elder.search_text.like("% a%"))))
            .order_by(func.lower(Elder.last_name), func.lower(Elder.first_name), Elder.id))]
    assert total == len(expected) > 150
    assert set(odd_ids) & set(expected[:200])  # mixed-case names are on the pages compared

    def pages(threshold: int) -> list[int]:
        monkeypatch.setattr(people, "WALK_NAMES_ABOVE", threshold)
        with sqlite_db.sessions() as s:
            assert people._walk_names(s, people.ELDERS, flt) is (threshold < total)
            return [r.id for offset in (0, 100)
                    for r in list_people(s, coordinator, PersonKind.ELDER, flt, offset=offset,
                                         limit=100)]

    walked, sorted_ = pages(0), pages(10**9)
    assert walked == sorted_ == expected[:200]
