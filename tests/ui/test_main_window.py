"""The main window: sections, global search, menus, restored layout, dashboard links."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from affido_app.db.models import Consent
from affido_app.domain.enums import ConsentScope, ElderStatus, Role
from affido_app.services import people as P
from affido_app.ui.main_window import MainWindow
from affido_app.ui.views.dashboard import DashboardView
from tests.helpers import elder_data, fosterer_data
from tests.ui.conftest import context_for


def _elders(ctx, n_waiting=2):
    ids = []
    with ctx.begin() as s:
        for i in range(n_waiting):
            eid = P.create_elder(s, ctx.actor, elder_data(
                last_name=["Nicolò", "Bassi", "Conti"][i % 3],
                referral_date=dt.date.today() - dt.timedelta(days=50 + i)))
            s.add(Consent(elder_id=eid, scope=ConsentScope.DATA_PROCESSING,
                          given_on=dt.date.today() - dt.timedelta(days=40)))
            s.flush()
            P.change_elder_status(s, ctx.actor, eid, ElderStatus.ASSESSED,
                                  on=dt.date.today() - dt.timedelta(days=30 + i))
            P.change_elder_status(s, ctx.actor, eid, ElderStatus.WAITING,
                                  on=dt.date.today() - dt.timedelta(days=20 + i))
            ids.append(eid)
        P.create_fosterer(s, ctx.actor, fosterer_data(last_name="Niccolai"))
    return ids


class FakeDialog:
    opened: list = []

    @classmethod
    def open_record(cls, parent, ctx, person_id):
        cls.opened.append(person_id)
        return None


def test_sections_and_shortcuts(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert [s.key for s in win.sections][:3] == ["dashboard", "elders", "fosterers"]
    assert win.nav.item(0).text() == "Cruscotto"
    QTest.keySequence(win, "Ctrl+2")
    assert win.stack.currentWidget() is win.section_widget("elders")
    QTest.keySequence(win, "Ctrl+F")
    qtbot.waitUntil(lambda: win.search.hasFocus())
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus == ["&File", "&Modifica", "&Visualizza", "&Documenti", "&Strumenti", "&Aiuto"]


def test_read_only_cannot_create_from_menu(qtbot, ctx, ui_actors):
    win = MainWindow(context_for(ctx, ui_actors, Role.READ_ONLY))
    qtbot.addWidget(win)
    assert not win.new_elder_action.isEnabled()
    assert not win.new_fosterer_action.isEnabled()


def test_global_search_opens_the_record(qtbot, ctx, monkeypatch):
    ids = _elders(ctx, 1)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    FakeDialog.opened = []
    monkeypatch.setattr(win, "_dialog_class", lambda kind: FakeDialog)
    win.search.setText("nicolo")
    win.search.textEdited.emit("nicolo")
    qtbot.waitUntil(lambda: win._search_model.rowCount() == 1, timeout=2000)
    assert "Nicolò" in win._search_model.stringList()[0]
    QTest.keyClick(win.search, Qt.Key.Key_Return)
    assert FakeDialog.opened == ids
    win.search.setText("zzzz")
    win._run_search()
    assert win._search_model.stringList() == ["Nessuno trovato per «zzzz»"]


def test_layout_is_restored(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.resize(760, 540)
    win.splitter.setSizes([230, 530])
    saved = win.size()
    win.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == saved
    qtbot.waitUntil(lambda: again.splitter.sizes()[0] == 230)


def test_last_section_is_restored(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show_section("fosterers")
    win.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.stack.currentWidget() is again.section_widget("fosterers")
    assert again.nav.currentRow() == 2


def test_dashboard_counts_lists_and_links(qtbot, ctx, monkeypatch):
    ids = _elders(ctx, 3)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    dash = win.section_widget("dashboard")
    assert isinstance(dash, DashboardView)
    waiting = dash.waiting[1]
    assert waiting.count() == 3
    assert waiting.item(0).data(Qt.ItemDataRole.UserRole) == ids[2]  # waiting longest
    assert "in attesa dal" in waiting.item(0).text()
    FakeDialog.opened = []
    monkeypatch.setattr(win, "_dialog_class", lambda kind: FakeDialog)
    waiting.itemActivated.emit(waiting.item(1))
    assert FakeDialog.opened == [ids[1]]
    # a status count opens the list filtered on it
    grid = dash.elder_counts[1]
    buttons = [grid.itemAt(i).widget() for i in range(grid.count())]
    target = next(b for b in buttons if b.text() == ElderStatus.WAITING.label)
    target.click()
    registry = win.stack.currentWidget()
    assert registry is win.section_widget("elders")
    assert registry.model.rowCount() == 3
    # a change elsewhere refreshes the figures
    with ctx.begin() as s:
        P.change_elder_status(s, ctx.actor, ids[0], ElderStatus.CLOSED, reason="withdrew")
    ctx.notify({"elders"})
    assert dash.waiting[1].count() == 2
