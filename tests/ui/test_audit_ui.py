"""The access log window (administrators) and "Who consulted this record" on a person's record,
driven through their widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import func, select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction, PersonKind, Role
from affido_app.services import audit_log
from affido_app.services import people as P
from affido_app.ui.dialogs.document_dialog import DocumentDialog
from affido_app.ui.dialogs.elder_dialog import ElderDialog
from affido_app.ui.dialogs.fosterer_dialog import FostererDialog
from affido_app.ui.i18n import tr
from affido_app.ui.main_window import MainWindow
from affido_app.ui.views import audit as audit_view
from affido_app.ui.views.audit import AuditEventDialog, AuditWindow
from tests.helpers import elder_data, fosterer_data
from tests.reports.conftest import pdf_text
from tests.ui.conftest import context_for


@pytest.fixture
def people(ctx, ui_actors):
    """An elder (created, then edited) and a fosterer, by the coordinator."""
    co = ui_actors[Role.COORDINATOR]
    with ctx.begin() as s:
        eid = P.create_elder(s, co, elder_data(last_name="Rossi", first_name="Maria"))
        P.update_elder(s, co, eid, {"notes": "x"}, expected_version=1)
        fid = P.create_fosterer(s, co, fosterer_data(last_name="Verdi", first_name="Luca"))
    return {"elder": eid, "fosterer": fid}


@pytest.fixture
def admin(ctx, ui_actors):
    return context_for(ctx, ui_actors, Role.ADMIN)


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(audit_view, "show_error", lambda _p, _t, message: shown.append(message))
    return shown


def _looks(ctx) -> int:
    """Rows recording a look at the log."""
    with ctx.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.entity == "audit_events"))


def _window(qtbot, ctx) -> AuditWindow:
    window = AuditWindow.open_window(None, ctx, show=False)
    qtbot.addWidget(window)
    return window


# --- who sees it -----------------------------------------------------------------------------

def test_tools_menu_offers_the_log_to_administrators_only(qtbot, ctx, admin):
    coordinator_window = MainWindow(ctx)
    qtbot.addWidget(coordinator_window)
    assert not coordinator_window.audit_action.isEnabled()
    assert coordinator_window.audit_action.toolTip()

    admin_window = MainWindow(admin)
    qtbot.addWidget(admin_window)
    assert admin_window.audit_action.isEnabled()
    tools = next(a.menu() for a in admin_window.menuBar().actions() if a.text() == tr("&Tools"))
    assert admin_window.audit_action in tools.actions()
    opened = admin_window.open_audit_log()
    assert isinstance(opened, AuditWindow) and opened.isVisible()
    assert admin_window.open_audit_log() is opened  # one window, raised again
    opened.close()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_the_window_refuses_other_profiles(qtbot, ctx, ui_actors, messages, role):
    assert AuditWindow.open_window(None, context_for(ctx, ui_actors, role), show=False) is None
    assert len(messages) == 1


# --- the viewer ------------------------------------------------------------------------------

def test_the_table_pages_the_log_and_the_look_is_logged(qtbot, qtmodeltester, admin, people):
    before = _looks(admin)
    window = _window(qtbot, admin)
    view = window.view
    with admin.sessions() as s:
        total = audit_log.count_events(s, admin.actor)
        newest = audit_log.list_events(s, admin.actor, None, 0, 1)[0]
    assert _looks(admin) == before + 1
    assert view.model.rowCount() == total
    assert view.model.audit_row(0) == newest  # the look itself, on top
    assert newest.entity == "audit_events"
    qtmodeltester.check(view.model)
    texts = [view.model.index(0, c).data() for c in range(view.model.columnCount())]
    assert texts[1] == "Anna Amministratrice" and texts[2] == "Amministratore"
    assert texts[3] == "Consultazione" and texts[4] == "Registro degli accessi"
    # the same look again is not logged twice; Refresh reads the new rows
    window.refresh_button.click()
    assert _looks(admin) == before + 1


def test_filters_narrow_the_rows(qtbot, admin, people, ui_actors):
    window = _window(qtbot, admin)
    view = window.view

    def shown():
        return [view.model.audit_row(r) for r in range(view.model.rowCount())]

    view.action_combo.setCurrentIndex(view.action_combo.findData("update"))
    assert shown() and all(r.action == AuditAction.UPDATE for r in shown())
    view.action_combo.setCurrentIndex(0)
    view.type_combo.setCurrentIndex(view.type_combo.findData("fosterers"))
    assert [r.record for r in shown()] == ["Scheda affidatario: Verdi Luca"]
    view.type_combo.setCurrentIndex(0)
    coordinator = ui_actors[Role.COORDINATOR].id
    view.user_combo.setCurrentIndex(view.user_combo.findData(coordinator))
    assert shown() and {r.user_id for r in shown()} == {coordinator}

    # a date that is not one: a message once the field is left, the list unchanged
    count = view.model.rowCount()
    view.date_from.line.setText("31/02/2026")
    view.date_from.line.editingFinished.emit()
    assert view.date_error.isVisibleTo(view) and view.model.rowCount() == count
    # a period that ends before it starts: a message, the list unchanged
    today = dt.date.today()
    view.date_from.set_value(today)
    view.date_to.set_value(today - dt.timedelta(days=1))
    view.apply_filters()
    assert view.date_error.isVisibleTo(view) and view.date_error.text()
    assert view.model.rowCount() == count
    view.date_to.set_value(today)
    view.apply_filters()
    assert not view.date_error.isVisibleTo(view) and view.model.rowCount() == count
    view.date_from.set_value(today + dt.timedelta(days=1))
    view.date_to.set_value(None)
    view.apply_filters()
    assert view.model.rowCount() == 0 and view.empty_label.isVisibleTo(view)

    looks = _looks(admin)
    view.reset_filters()
    assert view.model.filter == audit_log.AuditFilter()
    assert _looks(admin) == looks + 1


def test_a_person_chosen_by_name_filters_and_prints_their_register(qtbot, admin, people,
                                                                   monkeypatch):
    window = _window(qtbot, admin)
    view = window.view
    assert not view.print_button.isEnabled()
    view.person_edit.setText("Rossi")
    view._search_people()
    labels = view._person_model.stringList()
    assert len(labels) == 1 and labels[0].startswith("Rossi Maria")
    view._person_chosen(labels[0])
    qtbot.waitUntil(lambda: view.model.filter.elder_id == people["elder"])
    rows = [view.model.audit_row(r) for r in range(view.model.rowCount())]
    assert rows and all(r.elder_id == people["elder"] for r in rows)
    assert view.print_button.isEnabled()

    asked = []
    monkeypatch.setattr(audit_view, "open_document",
                        lambda _parent, _ctx, request: asked.append(request))
    view.print_button.click()
    assert [(r.kind, r.record_id, r.scope) for r in asked] == [
        ("access", people["elder"], "elder")]

    view.person_edit.setText("Rossi M")  # editing the name drops the person
    assert view.model.filter.elder_id is None and not view.print_button.isEnabled()
    view.set_person(PersonKind.FOSTERER, people["fosterer"])
    assert view.person_edit.text().startswith("Verdi Luca")
    assert {r.fosterer_id for r in (view.model.audit_row(i)
                                     for i in range(view.model.rowCount()))} == \
        {people["fosterer"]}


def test_double_click_shows_the_whole_row(qtbot, admin, people):
    window = _window(qtbot, admin)
    view = window.view
    view.action_combo.setCurrentIndex(view.action_combo.findData("update"))
    row = view.model.audit_row(0)
    view.table.doubleClicked.emit(view.model.index(0, 4))
    dialog = view.findChild(AuditEventDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.value("record") == row.record == "Scheda anziano: Rossi Maria"
    assert dialog.value("detail") == row.detail == "Campi modificati: Note."
    assert dialog.value("row") == str(row.id)
    assert "Carlo Coordinatore (Coordinatore)" in dialog.text.toPlainText()
    dialog.close()


# --- on the person's record ------------------------------------------------------------------

@pytest.mark.parametrize("dialog_class", [ElderDialog, FostererDialog])
def test_who_consulted_this_record_is_for_administrators(qtbot, ctx, admin, people,
                                                        dialog_class):
    person_id = people["elder" if dialog_class is ElderDialog else "fosterer"]
    for context, enabled in ((ctx, False), (admin, True)):
        dialog = dialog_class.open_record(None, context, person_id, show=False)
        qtbot.addWidget(dialog)
        button = dialog.findChild(QPushButton, "printAccess")
        assert button is not None and button.isEnabled() is enabled
        assert button.toolTip()
    new = dialog_class(None, admin, None)
    qtbot.addWidget(new)
    assert new.findChild(QPushButton, "printAccess") is None  # nothing to show yet


def test_the_button_opens_the_register_of_the_person(qtbot, admin, people):
    dialog = ElderDialog.open_record(None, admin, people["elder"], show=False)
    qtbot.addWidget(dialog)
    dialog.findChild(QPushButton, "printAccess").click()

    def preview():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, DocumentDialog) and w.isVisible()), None)

    qtbot.waitUntil(lambda: preview() is not None, timeout=30000)
    shown = preview()
    qtbot.addWidget(shown)
    assert shown.prepared.title == "Registro degli accessi"
    text, _pages = pdf_text(shown.prepared.pdf)
    assert "Rossi Maria" in text and "Carlo Coordinatore" in text
    with admin.sessions() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.action, last.elder_id) == (AuditAction.PRINT, people["elder"])
    assert last.detail == {"document": "access", "output": "preview", "scope": "elder"}
    shown.close()
