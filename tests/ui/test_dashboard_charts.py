"""The dashboard's charts: drawn from the figures, each dot or bar lists exactly its records (mouse
and keyboard), the list opens a record, roles that may not read a resource do not see its chart,
and reading them costs the same few queries whatever the number of records."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from affido_app.db.models import Match, MatchEvent
from affido_app.domain import permissions
from affido_app.domain.enums import MatchStatus, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.services import people as P
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.format import MONTHS
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for

TODAY = dt.date.today()


def _pairs(ctx, n: int) -> list[tuple[int, int, int]]:
    """n active pairs started 40 days ago, never supervised (so overdue): (match, elder,
    fosterer) ids."""
    out = []
    with ctx.begin() as s:
        for i in range(n):
            e = P.create_elder(s, ctx.actor, elder_data(last_name=f"Anziano{chr(65 + i)}",
                                                        referral_date=TODAY
                                                        - dt.timedelta(days=60)))
            f = P.create_fosterer(s, ctx.actor, fosterer_data(last_name=f"Volontario{chr(65 + i)}"))
            start = TODAY - dt.timedelta(days=40)
            m = Match(elder_id=e, fosterer_id=f, status=MatchStatus.ACTIVE, status_since=start,
                      proposed_on=start, started_on=start, supervision_every_days=30)
            s.add(m)
            s.flush()
            s.add_all([MatchEvent(match_id=m.id, occurred_on=start, to_status="proposed"),
                       MatchEvent(match_id=m.id, occurred_on=start, to_status="active")])
            out.append((m.id, e, f))
    return out


def _dashboard(qtbot, ctx):
    from affido_app.ui.views.dashboard import DashboardView

    view = DashboardView(ctx)
    qtbot.addWidget(view)
    view.resize(1062, 1500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view._charts_stale)  # read after the view is shown
    return view


def _records_dialogs():
    return [w for w in QApplication.topLevelWidgets()
            if w.objectName() == "chartRecordsDialog" and w.isVisible()]


def test_charts_show_the_figures_and_a_click_lists_the_records(qtbot, ctx):
    pairs = _pairs(ctx, 3)
    view = _dashboard(qtbot, ctx)
    month = MONTHS[TODAY.month - 1]

    # pairs and people: this month's dots say 3 active pairs, 3 elders; Italian month names
    people = view.people_chart
    assert [name for name, *_ in people.series] == [tr("Active pairs"),
                                                    tr("Elders in the programme"),
                                                    tr("Approved fosterers")]
    assert [values[-1] for _n, _c, values, *_ in people.series] == [3, 3, 0]
    last_pairs = people.items()[-3]
    assert month in last_pairs.tooltip and f"{tr('Active pairs')}: 3" in last_pairs.tooltip
    assert last_pairs.key[0] == "match" and set(last_pairs.key[1]) == {m for m, _e, _f in pairs}

    # supervision: this month's bar is the three overdue pairs, in red
    bars = view.supervision_chart.items()
    assert len(bars) == 1 and f"{tr('Missing')}: 3" in bars[0].tooltip
    qtbot.mouseClick(view.supervision_chart, Qt.MouseButton.LeftButton,
                     pos=bars[0].rect.center().toPoint())
    (dialog,) = _records_dialogs()
    qtbot.addWidget(dialog)
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert names == [f"Anziano{c} Maria – Volontario{c} Giorgio" for c in "ABC"]
    assert month in dialog.windowTitle()

    # a double-click (itemActivated) opens the pair through the main window's opener
    with qtbot.waitSignal(ctx.open_record) as opened:
        dialog.list.itemActivated.emit(dialog.list.item(1))
    assert opened.args == ["match", pairs[1][0]]

    # the funnel: the three fosterers have a pair that started: every stage passed, all three
    # paired now (the last bar)
    stages = view.funnel_chart.items()
    assert len(stages) == 5
    assert [len(item.key[1]) for item in stages] == [3] * 5
    assert stages[-1].key[0] == "fosterer" and "Abbinato: 3" in stages[-1].tooltip


def test_keyboard_walks_the_dots_and_enter_lists_them(qtbot, ctx):
    _pairs(ctx, 2)
    view = _dashboard(qtbot, ctx)
    chart = view.people_chart
    shown = []
    view.show_records = lambda key, show=True: shown.append(key)  # what Enter asks to list
    chart.activated.disconnect()
    chart.activated.connect(view.show_records)
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    qtbot.keyClick(chart, Qt.Key.Key_End)  # the last dot: this month's fosterers
    assert chart.current_item() is chart.items()[-1]
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    qtbot.keyClick(chart, Qt.Key.Key_Left)  # this month's pairs
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert len(shown) == 1 and shown[0][0] == "match" and len(shown[0][1]) == 2
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    qtbot.keyClick(chart, Qt.Key.Key_Enter)
    assert shown[1][0] == "match" and shown[1][1] == ()  # a year ago: nobody yet


def test_records_dialog_lists_names_and_opens_them(qtbot, ctx):
    from affido_app.ui.views.dashboard import ChartRecordsDialog

    with ctx.begin() as s:
        ids = [P.create_elder(s, ctx.actor, elder_data(last_name=n)) for n in ("Zeta", "Alfa")]
    dialog = ChartRecordsDialog.open_list(None, ctx, "elder", ids, "Anziani", show=False)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(2)] == ["Alfa Maria", "Zeta Maria"]
    with qtbot.waitSignal(ctx.open_record) as opened:
        dialog.open_button.click()  # the first row is selected
    assert opened.args == ["elder", ids[1]]


def test_a_role_that_may_not_read_supervision_does_not_see_its_chart(qtbot, ctx, ui_actors,
                                                                      monkeypatch):
    reader = permissions.MATRIX[Role.READ_ONLY]
    monkeypatch.setitem(permissions.MATRIX, Role.READ_ONLY,
                        reader - {(Action.READ, Resource.SUPERVISION),
                                  (Action.READ, Resource.FOSTERER)})
    view = _dashboard(qtbot, context_for(ctx, ui_actors, Role.READ_ONLY))
    assert view.supervision_chart is None and view.funnel_chart is None
    assert set(view.chart_boxes) == {"people"}
    assert [name for name, *_ in view.people_chart.series] == [tr("Active pairs"),
                                                               tr("Elders in the programme")]
    full = _dashboard(qtbot, context_for(ctx, ui_actors, Role.PSYCHOLOGIST))
    assert set(full.chart_boxes) == {"people", "funnel", "supervision"}


def test_reading_the_charts_costs_no_query_per_record(qtbot, ctx):
    view = _dashboard(qtbot, ctx)

    def statements() -> int:
        sent = []

        def count(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK",
                                                           "SAVEPOINT", "RELEASE", "PRAGMA")):
                sent.append(statement)

        event.listen(ctx.db.engine, "before_cursor_execute", count)
        try:
            view.refresh_charts()
        finally:
            event.remove(ctx.db.engine, "before_cursor_execute", count)
        return len(sent)

    _pairs(ctx, 2)
    few = statements()
    _pairs(ctx, 10)
    assert statements() == few <= 8
    assert view.people_chart.series[0][2][-1] == 12


def test_chart_data_is_read_once_the_dashboard_is_shown(qtbot, ctx):
    """The first screen appears first; the charts follow (and reload on changes when seen)."""
    from affido_app.ui.views.dashboard import DashboardView

    _pairs(ctx, 1)
    view = DashboardView(ctx)
    qtbot.addWidget(view)
    assert view._charts_stale and view.people_chart.items() == []
    view.show()
    qtbot.waitUntil(lambda: not view._charts_stale)
    assert view.people_chart.series[0][2][-1] == 1
    _pairs(ctx, 1)
    ctx.notify({"matches"})
    qtbot.waitUntil(lambda: view.people_chart.series[0][2][-1] == 2)
