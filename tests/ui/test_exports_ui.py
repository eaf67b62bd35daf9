"""“Esporta…” on the lists: every row matching the filters and the sort, columns as shown."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import insert, select

from affido_app.db.models import AuditEvent, Elder
from affido_app.domain.enums import AuditAction, ElderStatus, PersonKind, Role
from affido_app.domain.text import search_text
from affido_app.ui import exporting
from affido_app.ui.i18n import tr
from affido_app.ui.views.registry import RegistryView
from tests.ui.conftest import context_for, fake_message_boxes

SINCE = dt.date(2025, 3, 1)


def _elders(ctx, n: int, status: ElderStatus, prefix: str) -> None:
    rows = []
    for i in range(n):
        rec = {"last_name": f"{prefix}{i:05d}", "first_name": "Anna", "comune": "Rivoli",
               "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=i), "status": status,
               "status_since": SINCE, "referral_date": SINCE, "phone": "0111234567",
               "mobile": None, "codice_fiscale": None}
        rec["search_text"] = search_text(rec["last_name"], rec["first_name"], None,
                                         rec["phone"], None, rec["comune"])
        rows.append(rec)
    with ctx.begin() as s:
        s.execute(insert(Elder), rows)


def _view(qtbot, ctx) -> RegistryView:
    view = RegistryView(ctx, PersonKind.ELDER)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _run(qtbot, view, path, export=None) -> int:
    done = []
    thread = (export or view.export_list)(path, on_done=lambda n, _p: done.append(n),
                                          delay_ms=0)
    assert thread is not None
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    return done[0]


def _exports(ctx):
    with ctx.sessions() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)).all()


def test_xlsx_has_every_filtered_row_in_the_order_shown(qtbot, ctx, tmp_path):
    _elders(ctx, 1_300, ElderStatus.WAITING, "Attesa")
    _elders(ctx, 7, ElderStatus.FOSTERED, "Attivo")
    view = _view(qtbot, ctx)
    view.status_combo.setCurrentIndex(view.status_combo.findData(ElderStatus.WAITING.value))
    view.apply_filters()
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.model.rowCount() == 1_300
    assert view.model.cached_row_count() <= 1_000  # the export cannot rely on loaded pages

    path = tmp_path / "anziani.xlsx"
    assert _run(qtbot, view, path) == 1_300
    ws = load_workbook(path).active
    rows = list(ws.values)
    model = view.model
    assert rows[0] == tuple(model.headerData(c, Qt.Orientation.Horizontal) for c in range(6))
    assert rows[0][0] == "Cognome e nome"
    assert len(rows) == 1_301
    assert rows[1][0] == "Attesa01299 Anna" and rows[-1][0] == "Attesa00000 Anna"
    assert all(r[4] == "In attesa di abbinamento" for r in rows[1:])
    assert ws["F2"].is_date and rows[1][5] == dt.datetime(2025, 3, 1)
    assert rows[1][1].startswith("23/07/1943")  # "born" keeps the age, as shown
    (audit,) = _exports(ctx)
    assert audit.user_id == ctx.actor.id
    assert audit.detail["righe"] == 1_300 and audit.detail["formato"] == "xlsx"
    assert audit.detail["elenco"] == "Anziani"
    assert "Stato: In attesa di abbinamento" in audit.detail["filtri"]
    assert "ordinati per Cognome e nome (decrescente)" in audit.detail["filtri"]
    assert "Attesa" not in str(audit.detail)


def test_csv_follows_hidden_and_moved_columns_and_the_search(qtbot, ctx, tmp_path):
    _elders(ctx, 3, ElderStatus.WAITING, "Bianchi")
    _elders(ctx, 2, ElderStatus.WAITING, "Verdi")
    view = _view(qtbot, ctx)
    view.search.setText("Verdi")
    view.apply_filters()
    view.table.setColumnHidden(3, True)  # no phone
    view.table.horizontalHeader().moveSection(2, 0)  # town first
    path = tmp_path / "anziani.csv"
    assert _run(qtbot, view, path) == 2
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    titles = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in (2, 0, 1, 4, 5)]
    assert rows[0] == titles
    assert rows[1][:2] == ["Rivoli", "Verdi00000 Anna"]
    assert rows[1][2].startswith("01/01/1940 (")  # born, with the age, as shown
    assert rows[1][3:] == ["In attesa di abbinamento", "01/03/2025"]
    assert len(rows) == 3
    (audit,) = _exports(ctx)
    assert "testo cercato" in audit.detail["filtri"] and "Verdi" not in str(audit.detail)


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.PSYCHOLOGIST])
def test_a_role_without_the_right_sees_no_button_and_writes_nothing(qtbot, ctx, ui_actors,
                                                                    monkeypatch, tmp_path, role):
    _elders(ctx, 2, ElderStatus.WAITING, "Rossi")
    other = context_for(ctx, ui_actors, role)
    view = _view(qtbot, other)
    assert view.export_button.isHidden()
    boxes = fake_message_boxes(monkeypatch)
    path = tmp_path / "a.xlsx"
    assert view.export_list(path) is None
    assert boxes.texts == ["Il suo profilo non consente di esportare anziani."]
    assert not path.exists() and _exports(ctx) == []


def test_the_button_shows_for_the_coordinator_and_the_dialog_offers_both_formats(
        qtbot, ctx, monkeypatch, tmp_path):
    view = _view(qtbot, ctx)
    assert view.export_button.isVisible() and view.export_button.text() == tr("Export…")
    asked = {}

    def fake_dialog(parent, title, suggested, filters, selected):
        asked.update(title=title, suggested=suggested, filters=filters)
        return str(tmp_path / "elenco"), filters.split(";;")[1]

    monkeypatch.setattr(exporting.QFileDialog, "getSaveFileName", fake_dialog)
    assert exporting.ask_path(view, "Anziani") == tmp_path / "elenco.csv"
    assert asked["title"] == tr("Export the list")
    assert "(*.xlsx)" in asked["filters"] and "(*.csv)" in asked["filters"]
    assert asked["suggested"].endswith(".xlsx")


# --- the other lists, on the demo database -----------------------------------------------------

def _demo_ctx(qapp, demo_db, qsettings, username):
    from affido_app.services.context import load_actor
    from affido_app.ui.context import AppContext
    from affido_app.ui.i18n import install_translators
    from affido_app.ui.settings import Settings

    install_translators(qapp, "it")
    with demo_db.sessions() as s:
        actor = load_actor(s, username)
    return AppContext(demo_db, actor, Settings(qsettings), actor_name=username)


def _sheet(path):
    wb = load_workbook(path)
    rows = list(wb.active.values)
    return wb.active, rows


@pytest.mark.parametrize("which", ["matches", "expenses", "audit", "supervision", "training",
                                   "meetings", "sessions", "enrolled"])
def test_the_other_lists_export_every_row(qtbot, qapp, demo_db, qsettings, tmp_path, which):
    from affido_app.ui.views.audit import AuditLogView
    from affido_app.ui.views.expenses import ExpensesView
    from affido_app.ui.views.matches import MatchesView
    from affido_app.ui.views.supervision import SupervisionView
    from affido_app.ui.views.training import TrainingView

    ctx = _demo_ctx(qapp, demo_db, qsettings, "admin" if which == "audit" else "coordinatore")
    view = {"matches": MatchesView, "expenses": ExpensesView, "audit": AuditLogView,
            "supervision": SupervisionView, "training": TrainingView, "meetings": SupervisionView,
            "sessions": TrainingView, "enrolled": TrainingView}[which](ctx)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    export, button = view.export_list, view.export_button
    if which == "meetings":  # the second tab, every date
        view.tabs.setCurrentIndex(1)
        view.set_period(None, None)
        button = view.sessions_export_button
    elif which in ("sessions", "enrolled"):  # the lists of the course with most of them
        counts = []
        for r in range(view.course_table.rowCount()):
            view.course_table.selectRow(r)
            counts.append((view.sessions.table.rowCount() + view.enrolled.table.rowCount(), r))
        view.course_table.selectRow(max(counts)[1])
        export = view.export_sessions if which == "sessions" else view.export_enrolled
        button = (view.export_sessions_button if which == "sessions"
                  else view.export_enrolled_button)
    table = {"supervision": getattr(view, "pairs_table", None),
             "training": getattr(view, "course_table", None),
             "meetings": getattr(view, "sessions_table", None),
             "sessions": getattr(getattr(view, "sessions", None), "table", None),
             "enrolled": getattr(getattr(view, "enrolled", None), "table", None),
             }.get(which) or view.table
    assert button.isVisible()
    if which == "expenses":
        view.show_combo.setCurrentIndex(0)
        view.year_combo.setCurrentIndex(0)
        view.month_combo.setCurrentIndex(0)
        view.refresh()
        expected = view.count
    elif which not in ("matches", "audit"):
        expected = table.rowCount()
    else:
        expected = view.model.rowCount()
    assert expected > 0
    path = tmp_path / f"{which}.xlsx"
    assert _run(qtbot, view, path, export) == expected
    _ws, rows = _sheet(path)
    model = table.model()
    assert list(rows[0]) == [model.headerData(c, Qt.Orientation.Horizontal)
                             for c in range(model.columnCount())
                             if not table.isColumnHidden(c)]
    assert len(rows) == expected + 1
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())
             if not table.isColumnHidden(c)]
    for shown, written in zip(first, rows[1], strict=True):
        if isinstance(written, dt.datetime):  # a date or a moment, as a real date
            assert shown.startswith(f"{written:%d/%m/%Y}")
        elif isinstance(written, int | float):  # amounts and km as numbers
            assert shown
        else:
            assert (shown or None) == written
    audits = [a for a in _exports(ctx) if a.entity == "elenco"]
    assert len(audits) == 1 and audits[0].detail["righe"] == expected


def test_the_audit_log_export_is_for_administrators_only(qtbot, qapp, demo_db, qsettings):
    from affido_app.ui.views.audit import AuditLogView

    ctx = _demo_ctx(qapp, demo_db, qsettings, "coordinatore")
    view = AuditLogView(ctx)
    qtbot.addWidget(view)
    assert view.export_button.isHidden()


def test_ctrl_e_exports_the_list_of_the_current_section(qtbot, ctx, monkeypatch, tmp_path):
    from PySide6.QtTest import QTest

    from affido_app.ui.main_window import MainWindow

    _elders(ctx, 4, ElderStatus.WAITING, "Neri")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.show_section("dashboard")
    QTest.keySequence(win, "Ctrl+E")
    assert win.statusBar().currentMessage() == tr("There is no list to export here.")

    target = tmp_path / "anziani.csv"
    monkeypatch.setattr(exporting, "ask_path", lambda _parent, _name: target)
    boxes = fake_message_boxes(monkeypatch)
    win.show_section("elders")
    QTest.keySequence(win, "Ctrl+E")
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=20_000)
    assert target.exists() and len(_exports(ctx)) == 1
    assert str(target) in boxes.texts[0]
