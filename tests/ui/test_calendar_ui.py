"""The Calendario section: month and week views, navigation, filters, export, opening events."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from affido_app.db.models import AuditEvent, Match, MatchEvent
from affido_app.domain import permissions
from affido_app.domain.enums import AuditAction, MatchStatus, Role, SupervisionKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services import people, training
from affido_app.services import supervision as sv
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.views.calendar import (
    MONTH,
    WEEK,
    CalendarView,
    month_title,
    week_title,
    wrap,
)
from tests.ui.conftest import context_for

TODAY = dt.date.today()
#: a Wednesday of a past month (supervisions are recorded after they are held)
FIRST = (TODAY.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
DAY = FIRST + dt.timedelta(days=(2 - FIRST.weekday()) % 7 + 7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone()


@pytest.fixture
def data(ctx, ui_actors):
    coord, psych = ui_actors[Role.COORDINATOR], ui_actors[Role.PSYCHOLOGIST]
    with ctx.begin() as s:
        course = training.create_course(s, coord, {"title": "Percorso di primavera"})
        session = training.add_session(s, coord, course, {
            "starts_at": at(DAY, 17, 30), "ends_at": at(DAY, 19, 30),
            "topic": "Comunicare con l'anziano", "place": "Sala del Consorzio"})
        sup = sv.create_supervision(s, psych, {
            "kind": SupervisionKind.GROUP, "held_at": at(DAY + dt.timedelta(days=1), 10),
            "led_by_id": psych.id, "place": "Casa del Quartiere"})
        eid = people.create_elder(s, coord, {"last_name": "Pulci", "first_name": "Ernesta",
                                             "birth_date": "02/04/1938", "comune": "Rivoli"})
        fid = people.create_fosterer(s, coord, {"last_name": "Verdone", "first_name": "Gino",
                                                "birth_date": "05/06/1975", "comune": "Rivoli"})
        intro_day = DAY - dt.timedelta(days=1)
        match = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.INTRODUCTION,
                      status_since=intro_day, proposed_on=intro_day - dt.timedelta(days=3))
        s.add(match)
        s.flush()
        s.add(MatchEvent(match_id=match.id, occurred_on=intro_day, from_status="proposed",
                         to_status=MatchStatus.INTRODUCTION.value))
        return {"course": course, "training": session, "supervision": sup, "elder": eid,
                "match": match.id, "intro_day": intro_day}


@pytest.fixture
def view(qtbot, ctx):
    v = CalendarView(ctx)
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.show()
    qtbot.waitExposed(v)
    return v


def _shown(grid) -> set[tuple[str, int]]:
    return {(e.kind, e.id) for e in grid.shown_events()}


def test_month_shows_events_on_their_day(view, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    assert view.period_label.text() == month_title(DAY)
    grid = view.month_grid
    assert grid.days()[0].weekday() == 0  # Monday first
    assert [e.kind for e in grid.events_on(DAY)] == ["training"]
    assert [e.kind for e in grid.events_on(DAY + dt.timedelta(days=1))] == ["supervision"]
    assert [e.title for e in grid.events_on(data["intro_day"])] == ["Conoscenza: Pulci – Verdone"]
    for kind, rid, day in (("training", data["training"], DAY),
                           ("supervision", data["supervision"], DAY + dt.timedelta(days=1)),
                           ("introduction", data["match"], data["intro_day"])):
        rect = grid.event_rect(kind, rid)
        assert rect is not None and grid.day_rect(day).contains(rect), kind
        assert grid.day_at(rect.center()) == day
    assert view.note.text() == ""


def test_navigation(view, qtbot, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    following = (FIRST + dt.timedelta(days=32)).replace(day=1)
    assert view.period_label.text() == month_title(following)
    assert view.month_grid.events_on(DAY) == []  # DAY, mid-month, is not shown
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    before = (FIRST - dt.timedelta(days=1)).replace(day=1)
    assert view.period_label.text() == month_title(before)
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.period_label.text() == month_title(TODAY)
    assert view.month_grid.selected == TODAY
    # keyboard: PageUp / PageDown change month, arrows move the selected day across months
    view.month_grid.setFocus()
    qtbot.keyClick(view.month_grid, Qt.Key.Key_PageUp)
    assert view.month_first == (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    view.set_date(DAY.replace(day=1))
    qtbot.keyClick(view.month_grid, Qt.Key.Key_Left)
    assert view.anchor == DAY.replace(day=1) - dt.timedelta(days=1)
    assert view.month_first == view.anchor.replace(day=1)


def test_month_folds_busy_days_into_more(view, qtbot, ctx, ui_actors, data):
    with ctx.begin() as s:
        for i in range(5):
            training.add_session(s, ui_actors[Role.COORDINATOR], data["course"], {
                "starts_at": at(DAY, 9 + i), "topic": f"Laboratorio {i + 1}"})
    ctx.notify({"training"})
    view.set_mode(MONTH)
    view.set_date(DAY)
    grid = view.month_grid
    assert len(grid.events_on(DAY)) == 6
    on_day = [e for e in grid.shown_events() if e.day == DAY]
    assert 1 <= len(on_day) < 6
    more = grid.more_rect(DAY)
    assert more is not None and grid.day_rect(DAY).contains(more)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=more.center())
    menu = grid._menu
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert len(texts) == 7 and "Laboratorio 5" in " ".join(texts)
    with qtbot.waitSignal(view.open_event) as signal:
        menu.actions()[-1].trigger()
    assert signal.args[0] == "training"
    menu.close()


def test_week_view(view, qtbot, data):
    view.set_date(DAY)
    qtbot.mouseClick(view.week_button, Qt.MouseButton.LeftButton)
    assert view.mode == WEEK and view.stack.currentIndex() == 1
    grid = view.week_grid
    monday = DAY - dt.timedelta(days=DAY.weekday())
    assert grid.days() == [monday + dt.timedelta(days=i) for i in range(7)]
    assert view.period_label.text() == week_title(monday)
    assert view.visible_range() == (monday, monday + dt.timedelta(days=6))
    rect = grid.event_rect("training", data["training"])
    column = grid.day_rect(DAY)
    assert column.left() <= rect.left() and rect.right() <= column.right()
    assert abs(rect.top() - grid.y_of(at(DAY, 17, 30), DAY)) <= 2
    assert abs(rect.bottom() - grid.y_of(at(DAY, 19, 30), DAY)) <= 3
    # the all-day introduction sits in the band above the hours
    intro = grid.event_rect("introduction", data["match"])
    assert intro is not None and intro.bottom() < grid._grid_top()
    assert grid.day_rect(data["intro_day"]).contains(intro)
    # next week is empty; the mode is kept for the next time
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert grid.shown_events() == [] and view.note.text() == tr("No events in this period.")
    assert CalendarView(view.ctx).mode == WEEK


def test_double_click_opens_what_the_event_refers_to(view, qtbot, ctx, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    grid = view.month_grid
    rect = grid.event_rect("training", data["training"])
    with qtbot.waitSignal(view.open_event) as signal:
        qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["training", data["training"]]
    rect = grid.event_rect("supervision", data["supervision"])
    with qtbot.waitSignal(view.open_event) as signal:
        qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["supervision", data["supervision"]]
    rect = grid.event_rect("introduction", data["match"])
    with qtbot.waitSignal(ctx.open_record) as signal:
        qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["elder", data["elder"]]
    # in the week too; Enter on a day with one event opens it
    view.set_mode(WEEK)
    rect = view.week_grid.event_rect("training", data["training"])
    with qtbot.waitSignal(view.open_event) as signal:
        qtbot.mouseDClick(view.week_grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["training", data["training"]]
    assert view.week_grid.selected == DAY
    with qtbot.waitSignal(view.open_event) as signal:
        qtbot.keyClick(view.week_grid, Qt.Key.Key_Return)
    assert signal.args == ["training", data["training"]]


def test_double_click_on_an_empty_day_opens_its_week(view, qtbot, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    empty = DAY + dt.timedelta(days=7)
    rect = view.month_grid.day_rect(empty)
    qtbot.mouseDClick(view.month_grid, Qt.MouseButton.LeftButton,
                      pos=rect.bottomRight() - QPoint(5, 5))
    assert view.mode == WEEK and empty in view.week_grid.days()


def test_filters(view, qtbot, ctx, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    assert {"training", "supervision", "introduction"} <= {e.kind for e in view.loaded}
    view.filters["supervision"].setChecked(False)
    assert "supervision" not in {e.kind for e in view.loaded}
    assert ("training", data["training"]) in _shown(view.month_grid)
    again = CalendarView(ctx)
    qtbot.addWidget(again)
    assert not again.filters["supervision"].isChecked()
    for box in view.filters.values():
        box.setChecked(False)
    assert view.loaded == []
    assert view.note.text() == tr("Choose at least one kind of event to show.")


def test_kinds_the_user_cannot_read_are_hidden(qtbot, ctx, ui_actors, data, monkeypatch):
    monkeypatch.setitem(permissions.MATRIX, Role.READ_ONLY, frozenset(
        permissions.MATRIX[Role.READ_ONLY] - {(Action.READ, Resource.SUPERVISION)}))
    v = CalendarView(context_for(ctx, ui_actors, Role.READ_ONLY))
    qtbot.addWidget(v)
    v.set_date(DAY)
    assert v.filters["supervision"].isHidden()
    assert not v.filters["training"].isHidden()
    assert "supervision" not in {e.kind for e in v.loaded}
    assert "training" in {e.kind for e in v.loaded}


def test_refreshes_when_training_changes(view, ctx, ui_actors, data):
    view.set_mode(MONTH)
    view.set_date(DAY)
    later = DAY + dt.timedelta(days=2)
    ok, sid = run_op(view, ctx, lambda s: training.add_session(
        s, ui_actors[Role.COORDINATOR], data["course"],
        {"starts_at": at(later, 15), "topic": "Nuovo incontro"}), changes={"training"})
    assert ok
    assert [e.id for e in view.month_grid.events_on(later)] == [sid]


def test_export_writes_the_visible_range(view, qtbot, ctx, data, tmp_path, monkeypatch):
    view.set_mode(MONTH)
    view.set_date(DAY)
    view.filters["supervision"].setChecked(False)
    asked = {}

    def fake_save(parent, caption, suggested, filters):
        asked.update(caption=caption, suggested=suggested, filters=filters)
        return str(tmp_path / "agenda"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "agenda.ics"  # the suffix is added
    assert out.exists()
    assert asked["suggested"].endswith(f"calendario-{DAY:%Y-%m}.ics")
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    uids = sorted(str(v["UID"]) for v in parsed.walk("VEVENT"))
    assert uids == sorted([f"training-{data['training']}@affido",
                           f"introduction-{data['match']}@affido"])
    start, end = view.visible_range()
    assert str(out) in view.note.text()
    with ctx.sessions() as s:
        from sqlalchemy import select

        row = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert row.action == AuditAction.EXPORT and row.entity == "calendar"
    assert row.detail["from"] == start.isoformat() and row.detail["to"] == end.isoformat()
    assert row.detail["events"] == 2


def test_export_cancelled_writes_nothing(view, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: ("", "")))
    assert view.export() is None
    assert not list(tmp_path.glob("*.ics"))


def test_wrap_elides_what_does_not_fit(view):
    fm = view.fontMetrics()
    text = "Comunicare con l'anziano: ascolto ed empatia nelle relazioni di cura"
    width = fm.horizontalAdvance("Comunicare con l'")
    lines = wrap(fm, text, width, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(fm.horizontalAdvance(line) <= width for line in lines)
    assert wrap(fm, "Breve", 200, 3) == ["Breve"]
