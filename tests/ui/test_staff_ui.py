"""Operators' accounts (Tools → Operatori…): administrators only (issue 7, point 1)."""

from __future__ import annotations

import pytest

from affido_app.domain.enums import Role
from affido_app.services import auth
from affido_app.ui import app as ui_app
from affido_app.ui.dialogs import staff_dialog
from affido_app.ui.dialogs.login_dialog import LoginDialog, UnlockGate
from affido_app.ui.dialogs.staff_dialog import StaffDialog
from affido_app.ui.i18n import tr
from affido_app.ui.main_window import MainWindow
from affido_app.ui.settings import Settings
from tests.ui.conftest import context_for

PASSWORD = "cavallo-batteria-graffetta"


@pytest.fixture
def admin_ctx(qapp, tmp_path, qsettings):
    """The administrator logged in on an encrypted database with its key file."""
    path = tmp_path / "affido.db"
    db, _code = auth.create_encrypted_database(path, "admin", "Anna Bianchi", PASSWORD)
    db.dispose()
    db, actor = auth.open_with_login(path, "admin", PASSWORD)
    ctx = ui_app._context(db, actor, Settings(qsettings))
    ctx.path = path
    yield ctx
    db.dispose()


def test_an_admin_creates_an_account_that_must_change_its_password(qtbot, admin_ctx):
    dialog = StaffDialog.open(None, admin_ctx, exec=False)
    qtbot.addWidget(dialog)
    assert [r["username"] for r in dialog.rows] == ["admin"]
    form = dialog.new_account(exec=False)
    qtbot.addWidget(form)
    form.username.setText("admin")  # taken: said next to the field
    form.full_name.setText("Mario Rossi")
    form.role.setCurrentIndex(form.role.findData(Role.PSYCHOLOGIST))
    form.password.password.setText("provvisoria-123")
    form.password.repeat.setText("provvisoria-123")
    assert form.submit() is False
    assert form.errors["username"].isVisibleTo(form)
    form.username.setText("m.rossi")
    form.password.password.setText("provvisoria-123")
    form.password.repeat.setText("provvisoria-123")
    assert form.submit() is True
    assert sorted(r["username"] for r in dialog.rows) == ["admin", "m.rossi"]
    row = next(r for r in dialog.rows if r["username"] == "m.rossi")
    assert row["must_change_password"] and Role(row["role"]) == Role.PSYCHOLOGIST
    # the new user can sign in (the key file follows) and must change the password
    login = LoginDialog(UnlockGate(admin_ctx.path))
    qtbot.addWidget(login)
    login.fill("m.rossi", "provvisoria-123")
    assert login.submit() is True
    result = login.result_value
    try:
        assert result.actor.role == Role.PSYCHOLOGIST
        with result.db.sessions() as s:
            assert auth.needs_password_change(s, result.actor)
    finally:
        result.db.dispose()


def test_role_change_deactivation_and_password_reset(qtbot, admin_ctx, monkeypatch):
    dialog = StaffDialog.open(None, admin_ctx, exec=False)
    qtbot.addWidget(dialog)
    form = dialog.new_account(exec=False)
    qtbot.addWidget(form)
    form.username.setText("c.verdi")
    form.full_name.setText("Carla Verdi")
    form.password.password.setText("provvisoria-123")
    form.password.repeat.setText("provvisoria-123")
    assert form.submit()
    dialog.select_username("c.verdi")
    assert dialog.change_role(Role.COORDINATOR)
    assert Role(dialog.selected()["role"]) == Role.COORDINATOR

    answers = []
    monkeypatch.setattr(staff_dialog, "confirm", lambda *a: answers.append(a[2]) or True)
    assert dialog.toggle_active()
    assert answers and "Carla Verdi" in answers[0]
    assert dialog.selected()["active"] is False
    assert dialog.active_button.text() == tr("Re&activate…")
    assert dialog.toggle_active()
    reset = dialog.reset_password(exec=False)
    qtbot.addWidget(reset)
    reset.password.password.setText("nuova-provvisoria")
    reset.password.repeat.setText("nuova-provvisoria")
    assert reset.submit()
    db, actor = auth.open_with_login(admin_ctx.path, "c.verdi", "nuova-provvisoria")
    try:
        with db.sessions() as s:
            assert auth.needs_password_change(s, actor)
    finally:
        db.dispose()

    # the last active administrator is protected by the service; the message is shown
    errors = []
    monkeypatch.setattr("affido_app.ui.operations.show_error",
                        lambda parent, title, message: errors.append(message))
    dialog.select_username("admin")
    assert dialog.toggle_active() is False
    assert errors and dialog.selected()["active"] is True


def test_a_non_admin_cannot_open_staff_management(qtbot, ctx, ui_actors, monkeypatch):
    shown = []
    monkeypatch.setattr(staff_dialog, "show_error", lambda *a: shown.append(a))
    assert StaffDialog.open(None, ctx, exec=False) is None  # the coordinator
    assert shown
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.staff_action.isEnabled()
    assert window.staff_action.toolTip()
    reader = context_for(ctx, ui_actors, Role.READ_ONLY)
    assert StaffDialog.open(None, reader, exec=False) is None
    admin = context_for(ctx, ui_actors, Role.ADMIN)
    window = MainWindow(admin)
    qtbot.addWidget(window)
    assert window.staff_action.isEnabled()
