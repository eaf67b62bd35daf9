"""The registries of elders and fosterers: the paged table model and the view over it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, insert

from affido_app.db.models import Elder, Fosterer
from affido_app.domain.availability import WeeklyGrid
from affido_app.domain.enums import (
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    Need,
    PersonKind,
    Role,
)
from affido_app.domain.text import search_text
from affido_app.domain.validators import age_on, format_phone
from affido_app.services import people as P
from affido_app.services.common import today
from affido_app.ui.i18n import tr
from affido_app.ui.models.person_table import (
    BORN,
    COMUNE,
    MAX_PAGES,
    NAME,
    PAGE_SIZE,
    PHONE,
    SINCE,
    STATUS,
    PersonTableModel,
)
from affido_app.ui.operations import run_op
from affido_app.ui.views.registry import RegistryView
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for

ELDER, FOSTERER = PersonKind.ELDER, PersonKind.FOSTERER
_seq = itertools.count(1)


# --- helpers ------------------------------------------------------------------------------------

def _bulk(ctx, kind: PersonKind, rows: list[dict]) -> list[int]:
    """Insert people quickly (no services): defaults filled, search text built like the service's.
    Returns their ids in order."""
    model = Elder if kind == ELDER else Fosterer
    day = today() - dt.timedelta(days=10)
    full = []
    for r in rows:
        n = next(_seq)
        rec = {
            "last_name": f"Cognome{n:05d}", "first_name": "Anna", "comune": "Rivoli",
            "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=n % 3000),
            "status_since": day, "phone": None, "mobile": None, "codice_fiscale": None,
            **r,
        }
        if kind == ELDER:
            rec.setdefault("status", ElderStatus.WAITING)
            rec.setdefault("referral_date", day)
        else:
            rec.setdefault("status", FostererStatus.APPROVED)
            rec.setdefault("application_date", day)
        rec["search_text"] = search_text(rec["last_name"], rec["first_name"],
                                         rec["codice_fiscale"], rec["phone"], rec["mobile"],
                                         rec["comune"])
        full.append(rec)
    with ctx.begin() as s:
        first = s.execute(insert(model).returning(model.id), full).scalars().all()
    return list(first)


def _create(ctx, kind: PersonKind, **data) -> int:
    with ctx.begin() as s:
        if kind == ELDER:
            return P.create_elder(s, ctx.actor, elder_data(**data))
        return P.create_fosterer(s, ctx.actor, fosterer_data(**data))


def _view(qtbot, ctx, kind: PersonKind = ELDER) -> RegistryView:
    view = RegistryView(ctx, kind)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # keyboard focus needs an active window
    return view


def _first(model: PersonTableModel, column: int = NAME) -> str:
    return model.data(model.index(0, column))


class _SelectCounter:
    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            self.count += 1

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._on)


@pytest.fixture
def selects(ctx):
    counter = _SelectCounter(ctx.db.engine)
    yield counter
    counter.close()


# --- the model ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [ELDER, FOSTERER])
def test_model_passes_the_model_tester(qtmodeltester, ctx, kind):
    for name in ("Rossi", "Bianchi", "Verdi"):
        _create(ctx, kind, last_name=name, phone="011 123 4567")
    model = PersonTableModel(ctx, kind)
    assert model.rowCount() == 3 and model.columnCount() == 6
    qtmodeltester.check(model)
    model.sort(STATUS, Qt.SortOrder.DescendingOrder)
    model.set_filter(P.PersonFilter(search="rossi"))
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_model_shows_italian_values_and_the_id_as_user_role(ctx):
    born = dt.date(1940, 3, 5)
    pid = _create(ctx, ELDER, last_name="Rossi", first_name="Maria", birth_date=born,
                  comune="Collegno", mobile="333 123 4567", phone=None)
    model = PersonTableModel(ctx, ELDER)
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[NAME] == "Rossi Maria"
    assert row[BORN] == f"05/03/1940 ({age_on(born, today())})"
    assert row[COMUNE] == "Collegno"
    assert row[PHONE] == format_phone("+393331234567")
    assert row[STATUS] == ElderStatus.REFERRED.label
    assert row[SINCE] == (today() - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert model.data(model.index(0, SINCE), Qt.ItemDataRole.UserRole) == pid
    assert model.person_id(0) == pid
    assert model.data(model.index(0, BORN), Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.data(model.index(0, PHONE), Qt.ItemDataRole.ToolTipRole) == tr(
        "Mobile: {number}").format(number=row[PHONE])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == [tr("Name"), tr("Born"), tr("Town"), tr("Phone"), tr("Status"),
                       tr("Since")]
    assert model.data(model.index(1, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0
    with pytest.raises(IndexError):
        model.person_id(1)


def test_model_pages_rows_and_keeps_few_in_memory(qtbot, ctx, selects):
    ids = _bulk(ctx, ELDER, [{} for _ in range(1200)])
    selects.count = 0
    view = _view(qtbot, ctx)
    model = view.model
    assert model.rowCount() == 1200
    assert "1.200" in view.count_label.text()  # Italian thousands separator
    qtbot.waitUntil(lambda: model.cached_row_count() > 0)
    assert model.cached_row_count() <= PAGE_SIZE
    assert selects.count <= 5  # count, first page, district setting: no query per row
    # the end of the list: one more page, not everything in between
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: (1200 - 1) // PAGE_SIZE in model.cached_pages())
    assert model.cached_row_count() <= 2 * PAGE_SIZE
    assert model.person_id(1199) == ids[-1]
    # reading every row costs one query per page, and memory stays bounded
    selects.count = 0
    for row in range(model.rowCount()):
        model.data(model.index(row, NAME))
    assert selects.count <= -(-1200 // PAGE_SIZE)
    assert len(model.cached_pages()) <= MAX_PAGES
    assert model.cached_row_count() <= MAX_PAGES * PAGE_SIZE


def test_sorting_each_column_reorders(qtbot, ctx):
    day = today()
    _bulk(ctx, ELDER, [
        {"last_name": "Bruno", "birth_date": dt.date(1930, 1, 1), "comune": "Rosta",
         "status": ElderStatus.FOSTERED, "status_since": day - dt.timedelta(days=5)},
        {"last_name": "Amato", "birth_date": dt.date(1950, 1, 1), "comune": "Collegno",
         "status": ElderStatus.WAITING, "status_since": day - dt.timedelta(days=50)},
        {"last_name": "Conti", "birth_date": dt.date(1940, 1, 1), "comune": "Alpignano",
         "status": ElderStatus.ASSESSED, "status_since": day - dt.timedelta(days=20)},
    ])
    view = _view(qtbot, ctx)
    model, table = view.model, view.table
    assert _first(model) == "Amato Anna"  # by name at start
    expected = {  # column: (first ascending, first descending) by last name
        NAME: ("Amato", "Conti"),
        BORN: ("Bruno", "Amato"),
        COMUNE: ("Conti", "Bruno"),
        STATUS: ("Conti", "Bruno"),  # life-cycle order: assessed < waiting < fostered
        SINCE: ("Amato", "Bruno"),
    }
    for column, (asc, desc) in expected.items():
        table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        assert _first(model).startswith(asc), column
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert _first(model).startswith(desc), column
    # the phone column has no order: the list and the indicator stay as they were
    table.horizontalHeader().setSortIndicator(PHONE, Qt.SortOrder.AscendingOrder)
    assert table.horizontalHeader().sortIndicatorSection() == SINCE
    assert _first(model).startswith("Bruno")


# --- the view: search and filters ---------------------------------------------------------------

def test_search_ignores_accents_and_updates_the_count(qtbot, ctx):
    _create(ctx, ELDER, last_name="Esposito", first_name="Nicolò")
    _create(ctx, ELDER, last_name="Ferrero", first_name="Giovanni")
    view = _view(qtbot, ctx)
    assert view.count_label.text() == tr("{n} elders").format(n=2)
    view.search.setText("nicolo")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert _first(view.model) == "Esposito Nicolò"
    assert view.count_label.text() == tr("1 elder")
    view.set_search("NICOLÒ esp")
    assert view.model.rowCount() == 1
    view.set_search("nessuno")
    assert view.model.rowCount() == 0
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == tr("No elders match the filters")
    view.reset_filters()
    assert view.model.rowCount() == 2 and view.search.text() == ""
    assert not view.empty_label.isVisible()


def test_status_comune_needs_availability_and_fragility_filters(qtbot, ctx):
    monday_morning = WeeklyGrid.bit(0, 0)
    friday_evening = WeeklyGrid.bit(4, 2)
    _bulk(ctx, ELDER, [
        {"last_name": "Alfa", "comune": "Rivoli", "status": ElderStatus.WAITING,
         "needs": int(Need.COMPANY | Need.WALKS), "availability": monday_morning,
         "fragility_physical": FragilityLevel.HIGH},
        {"last_name": "Beta", "comune": "Collegno", "status": ElderStatus.FOSTERED,
         "needs": int(Need.COMPANY), "availability": friday_evening,
         "fragility_relational": FragilityLevel.LOW},
        {"last_name": "Gamma", "comune": "Collegno", "status": ElderStatus.WAITING,
         "needs": int(Need.MEALS), "availability": monday_morning | friday_evening},
    ])
    view = _view(qtbot, ctx)
    model = view.model
    assert model.rowCount() == 3

    view.status_combo.setCurrentIndex(view.status_combo.findText(ElderStatus.WAITING.label))
    assert model.rowCount() == 2
    view.comune_combo.setCurrentIndex(view.comune_combo.findText("Collegno"))
    assert model.rowCount() == 1 and _first(model) == "Gamma Anna"
    view.reset_filters()
    assert model.rowCount() == 3

    labels = Need.labels()
    needs = {a.text(): a for a in view.needs_menu.actions() if a.isCheckable()}
    needs[labels[Need.COMPANY]].setChecked(True)
    assert model.rowCount() == 2
    needs[labels[Need.WALKS]].setChecked(True)  # all of the chosen needs
    assert model.rowCount() == 1 and _first(model) == "Alfa Anna"
    assert view.needs_button.text() == tr("Needs ({n})").format(n=2)
    view.reset_filters()
    assert view.needs_button.text() == tr("Needs")

    cells = [a for a in view.availability_menu.actions() if a.isCheckable()]
    assert len(cells) == 21
    cells[4 * 3 + 2].setChecked(True)  # Friday evening
    assert model.rowCount() == 2
    assert {model.data(model.index(r, NAME)) for r in range(2)} == {"Beta Anna", "Gamma Anna"}
    cells[0].setChecked(True)  # or Monday morning: any overlap
    assert model.rowCount() == 3
    view.reset_filters()

    view.fragility_combo.setCurrentIndex(view.fragility_combo.findData(1))
    assert model.rowCount() == 2
    view.fragility_combo.setCurrentIndex(view.fragility_combo.findData(3))
    assert model.rowCount() == 1 and _first(model) == "Alfa Anna"
    view.reset_filters()
    assert model.rowCount() == 3 and view.model.filter.min_fragility is None

    # the dashboard's link: a status code
    view.set_status_filter(ElderStatus.FOSTERED.value)
    assert model.rowCount() == 1 and _first(model) == "Beta Anna"


def test_fosterer_registry_filters_on_skills(qtbot, ctx):
    _bulk(ctx, FOSTERER, [
        {"last_name": "Guida", "skills": int(Need.ACCOMPANIMENT | Need.ERRANDS)},
        {"last_name": "Cuoco", "skills": int(Need.MEALS), "status": FostererStatus.TRAINING},
    ])
    view = _view(qtbot, ctx, FOSTERER)
    assert view.fragility_combo is None
    assert view.count_label.text() == tr("{n} fosterers").format(n=2)
    assert view.needs_button.text() == tr("Skills")
    assert view.new_button.text() == tr("New fosterer")
    skills = {a.text(): a for a in view.needs_menu.actions() if a.isCheckable()}
    skills[Need.labels()[Need.ERRANDS]].setChecked(True)
    assert view.model.rowCount() == 1 and _first(view.model) == "Guida Anna"
    view.reset_filters()
    view.status_combo.setCurrentIndex(view.status_combo.findText(FostererStatus.TRAINING.label))
    assert view.model.rowCount() == 1 and _first(view.model) == "Cuoco Anna"


# --- the view: opening, creating, keyboard ------------------------------------------------------

def test_double_click_enter_and_open_button_emit_the_id(qtbot, ctx):
    ids = _bulk(ctx, ELDER, [{"last_name": "Aldo"}, {"last_name": "Bice"}])
    view = _view(qtbot, ctx)
    table = view.table
    assert not view.open_button.isEnabled()
    rect = table.visualRect(view.model.index(1, COMUNE))
    with qtbot.waitSignal(view.open_requested) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ids[1]]
    opened = []
    view.open_requested.connect(opened.append)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [ids[1]]  # once per double-click
    view.open_requested.disconnect(opened.append)

    table.setFocus()
    table.setCurrentIndex(view.model.index(0, 0))
    assert view.open_button.isEnabled()
    with qtbot.waitSignal(view.open_requested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [ids[0]]
    with qtbot.waitSignal(view.open_requested) as blocker:
        view.open_button.click()
    assert blocker.args == [ids[0]]


def test_keyboard_from_the_search_field(qtbot, ctx):
    ids = _bulk(ctx, ELDER, [{"last_name": "Aldo"}, {"last_name": "Bice"}])
    view = _view(qtbot, ctx)
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the list, first row
    assert view.table.hasFocus() and view.table.currentIndex().row() == 0
    qtbot.keyClicks(view.table, "bi")  # typing on the list goes to the search field
    assert view.search.text() == "bi" and view.search.hasFocus()
    with qtbot.waitSignal(view.open_requested) as blocker:  # one result: Enter opens it
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert blocker.args == [ids[1]]
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)


def test_new_button_follows_permissions(qtbot, ctx, ui_actors):
    view = _view(qtbot, ctx)
    assert view.new_button.isEnabled()
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == tr("No elders yet: use “New elder” to add the first")
    with qtbot.waitSignal(view.new_requested):
        view.new_button.click()

    reader = _view(qtbot, context_for(ctx, ui_actors, Role.READ_ONLY))
    assert not reader.new_button.isEnabled()
    assert reader.fragility_combo is None  # health data
    assert reader.empty_label.text() == tr("No elders yet")


# --- the view: header state and refresh ---------------------------------------------------------

def test_header_state_is_restored_in_a_new_view(qtbot, ctx):
    _bulk(ctx, ELDER, [{"comune": "Rosta"}, {"comune": "Alpignano"}])
    view = _view(qtbot, ctx)
    header = view.table.horizontalHeader()
    header.resizeSection(BORN, 311)
    header.moveSection(header.visualIndex(COMUNE), 0)
    view.table.sortByColumn(COMUNE, Qt.SortOrder.DescendingOrder)
    saved = ctx.settings.q
    qtbot.waitUntil(lambda: saved.contains("tables/elders/header"), timeout=3000)
    view.save_header_state()

    again = _view(qtbot, ctx)
    h2 = again.table.horizontalHeader()
    assert h2.sectionSize(BORN) == 311
    assert h2.visualIndex(COMUNE) == 0
    assert h2.sortIndicatorSection() == COMUNE
    assert h2.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.model.filter.sort == "comune" and again.model.filter.descending
    assert _first(again.model, COMUNE) == "Rosta"
    # the fosterers keep their own
    other = _view(qtbot, ctx, FOSTERER)
    assert other.table.horizontalHeader().sortIndicatorSection() == NAME


def test_refreshes_when_its_area_changes(qtbot, ctx, selects):
    view = _view(qtbot, ctx)
    assert view.model.rowCount() == 0
    ok, pid = run_op(view, ctx, lambda s: P.create_elder(s, ctx.actor, elder_data()),
                     changes=["elders"])
    assert ok
    assert view.model.rowCount() == 1 and view.model.person_id(0) == pid
    assert view.count_label.text() == tr("1 elder")
    assert not view.empty_label.isVisible()

    view.table.selectRow(0)
    _bulk(ctx, ELDER, [{"last_name": "Zeta"}])
    selects.count = 0
    ctx.notify(["fosterers", "matches"])  # not ours: no query
    assert selects.count == 0 and view.model.rowCount() == 1
    ctx.notify(["elders"])
    assert view.model.rowCount() == 2
    assert view.table.currentIndex().row() == 0  # the selected person stays selected
    assert view.model.person_id(view.table.currentIndex().row()) == pid


def test_model_reports_read_errors_instead_of_crashing(qtbot, ctx, monkeypatch):
    from affido_app.errors import StorageError
    from affido_app.ui.models import person_table

    def broken(*args, **kwargs):
        raise StorageError("Il database è occupato da un altro programma.")

    _bulk(ctx, ELDER, [{}])
    monkeypatch.setattr(person_table, "count_people", broken)
    view = _view(qtbot, ctx)
    assert view.model.rowCount() == 0
    assert view.empty_label.isVisible()
    assert "occupato" in view.empty_label.text()


@pytest.mark.qt_log_ignore("This plugin does not support")  # popups on the offscreen platform
def test_filter_menus_stay_open_while_choosing(qtbot, ctx):
    view = _view(qtbot, ctx)
    menu = view.needs_menu
    menu.popup(view.needs_button.mapToGlobal(view.needs_button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    first, second = [a for a in menu.actions() if a.isCheckable()][:2]
    for action in (first, second):
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert first.isChecked() and second.isChecked() and menu.isVisible()
    assert view.model.filter.needs == int(Need.COMPANY | Need.MEALS)
    clear = menu.actions()[-1]
    assert not clear.isCheckable()
    clear.trigger()
    assert view.model.filter.needs == 0 and not first.isChecked()
    menu.close()
