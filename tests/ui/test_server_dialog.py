"""Tools → "Office server…": the per-PC choice of database, the password kept out of the
settings, the connection test against a real server, and the start-up that uses the choice."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from affido_app.db import pg_url
from affido_app.domain.enums import Role
from affido_app.ui import settings as keys
from affido_app.ui.dialogs import server_dialog as sd
from affido_app.ui.dialogs.server_dialog import ServerDialog, configured_url, load_server
from affido_app.ui.settings import Settings
from tests.conftest import PG_URL
from tests.ui.conftest import context_for

SECRET = "Pw:segreta\\1"


@pytest.fixture
def home(tmp_path, monkeypatch):
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("AFFIDO_HOME", str(path))
    return path


@pytest.fixture
def settings(qapp, qsettings, home):
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "it")
    return Settings(qsettings)


@pytest.fixture(autouse=True)
def quiet_information(monkeypatch):
    shown = []
    monkeypatch.setattr(sd.QMessageBox, "information",
                        lambda *args: shown.append(args[2]) or QMessageBox.StandardButton.Ok)
    return shown


def open_dialog(qtbot, settings, **kwargs) -> ServerDialog:
    dialog = ServerDialog.change(None, settings, exec=False, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def fill(dialog, *, host="server.ufficio.local", port=5433, database="affido",
         user="segreteria", password=SECRET, tls="require", ca=""):
    dialog.server_radio.setChecked(True)
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.tls.setCurrentIndex(dialog.tls.findData(tls))
    dialog.ca_file.setText(ca)


def test_this_computer_is_the_default(qtbot, settings):
    dialog = open_dialog(qtbot, settings)
    assert dialog.local_radio.isChecked()
    assert not dialog.server_box.isEnabled()
    assert not dialog.test_button.isEnabled()
    assert [dialog.tls.itemText(i) for i in range(dialog.tls.count())] == [
        sd.tls_labels()[m] for m in ("disable", "require", "verify-full")]
    assert configured_url(settings) is None


def test_saved_server_round_trips_and_keeps_the_password_out_of_the_settings(
        qtbot, settings, qsettings, home, tmp_path, quiet_information):
    ca = tmp_path / "ca ufficio.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    dialog = open_dialog(qtbot, settings)
    fill(dialog, tls="verify-full", ca=str(ca))
    assert dialog.save()
    assert quiet_information == [
        sd.tr("Saved. Affido will use the new database the next time it starts.")]
    # the per-PC keys
    assert settings.get(keys.SERVER_KIND) == "postgresql"
    server = load_server(settings)
    assert server == pg_url.ServerSettings("server.ufficio.local", 5433, "affido", "segreteria",
                                           "verify-full", str(ca))
    # the password: only in the private password file, which the URL names
    qsettings.sync()
    with open(qsettings.fileName(), encoding="utf-8") as fh:
        assert "segreta" not in fh.read()
    passfile = home / pg_url.PASSFILE_NAME
    if os.name == "posix":
        assert stat.S_IMODE(passfile.stat().st_mode) == 0o600
    assert pg_url.stored_password(passfile, server) == SECRET
    url = configured_url(settings)
    assert "segreta" not in url
    assert pg_url.from_url(url) == server
    assert pg_url.connect_kwargs(pg_url.from_url(url))["sslrootcert"] == str(ca)
    # opened again: the same values, the password not shown but kept when left empty
    again = open_dialog(qtbot, settings)
    assert again.server_radio.isChecked()
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text(),
            again.tls.currentData(), again.ca_file.text()) == (
        "server.ufficio.local", 5433, "affido", "segreteria", "verify-full", str(ca))
    assert again.password.text() == ""
    assert again.password_note.text() != ""
    again.host.setText("192.168.1.10")
    assert again.save()
    moved = load_server(settings)
    assert moved.host == "192.168.1.10"
    assert pg_url.stored_password(passfile, moved) == SECRET


def test_back_to_this_computer_forgets_the_password(qtbot, settings, home):
    dialog = open_dialog(qtbot, settings)
    fill(dialog)
    assert dialog.save()
    assert (home / pg_url.PASSFILE_NAME).exists()
    dialog = open_dialog(qtbot, settings)
    dialog.local_radio.setChecked(True)
    assert not dialog.server_box.isEnabled()
    assert dialog.save()
    assert configured_url(settings) is None
    assert not (home / pg_url.PASSFILE_NAME).exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"host": ""}, "host"),
    ({"host": "server ufficio"}, "host"),
    ({"database": " "}, "database"),
    ({"user": ""}, "user"),
    ({"tls": "verify-full", "ca": ""}, "sslrootcert"),
    ({"tls": "verify-full", "ca": "/non/esiste.crt"}, "sslrootcert"),
])
def test_wrong_fields_are_shown_next_to_them_and_nothing_is_saved(qtbot, settings, changes,
                                                                 field):
    dialog = open_dialog(qtbot, settings)
    dialog.show()
    fill(dialog, **changes)
    assert not dialog.save()
    assert dialog.errors[field].isVisible()
    assert dialog.errors[field].text()
    assert [n for n, label in dialog.errors.items() if label.isVisible()] == [field]
    assert settings.get(keys.SERVER_KIND) == "sqlite"
    assert dialog.test_connection() is None  # the test checks the fields first, too
    dialog.editors[field].setFocus()
    if field in ("host", "database", "user"):
        dialog.editors[field].setText("x")
        assert not dialog.errors[field].isVisible()  # editing clears the message


def test_the_ca_file_only_counts_when_the_certificate_is_verified(qtbot, settings):
    dialog = open_dialog(qtbot, settings)
    fill(dialog, tls="require")
    assert not dialog.ca_file.isEnabled()
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    assert dialog.ca_file.isEnabled() and dialog.ca_button.isEnabled()


# --- the connection test against the dev server ---------------------------------------------

def run_test(qtbot, dialog) -> tuple[bool, str]:
    thread = dialog.test_connection()
    assert thread is not None
    qtbot.waitUntil(lambda: dialog.result.property("ok") is not None, timeout=15_000)
    qtbot.waitUntil(lambda: dialog._testing is None and dialog.test_button.isEnabled())
    return dialog.result.property("ok"), dialog.result.text()


def dev_fields(**changes) -> dict:
    if not PG_URL:
        pytest.skip("AFFIDO_TEST_PG_URL not set")
    base = pg_url.from_url(PG_URL)
    values = {"host": base.host, "port": base.port, "database": base.database,
              "user": base.user, "password": base.password, "tls": "disable"}
    values.update(changes)
    return values


@pytest.mark.pg
def test_connection_test_on_the_dev_server(qtbot, settings, fresh_pg_url):
    dialog = open_dialog(qtbot, settings)
    dialog.show()
    fill(dialog, **dev_fields(database=pg_url.from_url(fresh_pg_url).database))
    ok, message = run_test(qtbot, dialog)
    assert ok is True
    assert message.startswith("✓") and pg_url.probe(dialog.server_settings()).message in message
    assert "vuoto" in message  # an empty database: Affido will create its tables


@pytest.mark.pg
@pytest.mark.parametrize(("changes", "expected"), [
    ({"tls": "require"}, pg_url.TLS_MISSING),
    ({"host": "127.0.0.1", "port": 1}, pg_url.UNREACHABLE),
    ({"database": "affido_manca_del_tutto"}, pg_url.NO_DATABASE),
    ({"user": "chi_non_esiste"}, pg_url.AUTH),
])
def test_connection_test_says_what_is_wrong(qtbot, settings, changes, expected):
    dialog = open_dialog(qtbot, settings)
    dialog.show()
    fill(dialog, **dev_fields(**changes))
    ok, message = run_test(qtbot, dialog)
    assert ok is False
    assert message == "✗ " + expected
    fill(dialog, **dev_fields(**changes))  # editing again hides the old outcome
    dialog.host.setText(dialog.host.text() + " ")
    assert not dialog.result.isVisible()


# --- the main window and the start-up -------------------------------------------------------

def test_menu_entry_for_administrators_only(qtbot, ctx, ui_actors, monkeypatch):
    from affido_app.ui.main_window import MainWindow

    admin = MainWindow(context_for(ctx, ui_actors, Role.ADMIN))
    qtbot.addWidget(admin)
    assert admin.server_action.isEnabled()
    dialog = admin.change_server(exec=False)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ServerDialog)
    coordinator = MainWindow(ctx)
    qtbot.addWidget(coordinator)
    assert not coordinator.server_action.isEnabled()
    assert coordinator.server_action.toolTip()


@pytest.mark.pg
def test_start_uses_the_configured_server_unless_db_is_given(qtbot, settings, fresh_pg_url,
                                                           tmp_path, monkeypatch):
    """A new, empty office database: the schema is created and the first user chooses a
    password; ``--db`` still wins over the configured server."""
    from affido_app.ui import app
    from affido_app.ui.dialogs.password_dialog import PasswordDialog

    server = pg_url.from_url(fresh_pg_url)
    sd.store_server(settings, pg_url.ServerSettings(
        server.host, server.port, server.database, server.user, "disable"), server.password)
    asked = []
    monkeypatch.setattr(PasswordDialog, "require_first",
                        classmethod(lambda cls, parent, ctx: asked.append(ctx) or True))
    ctx = app.open_context(None, False, settings)
    try:
        assert ctx.db.dialect == "postgresql"
        assert pg_url.from_url(ctx.db.url).database == server.database
        assert len(asked) == 1 and ctx.actor.role is Role.ADMIN
    finally:
        ctx.db.dispose()
    assert app.office_server_url(str(tmp_path / "altro.db"), False, settings) is None
    assert app.office_server_url(None, True, settings) is None


@pytest.mark.pg
def test_start_up_error_explains_and_offers_the_server_settings(qtbot, settings, monkeypatch):
    from affido_app.db.migrate import open_database
    from affido_app.errors import StorageError
    from affido_app.ui import app

    fields = dev_fields(tls="require")
    sd.store_server(settings, pg_url.ServerSettings(
        fields["host"], fields["port"], fields["database"], fields["user"], "require"))
    with pytest.raises(StorageError) as info:
        open_database(app.office_server_url(None, False, settings))
    seen = {}

    def click_settings(box):
        seen["text"] = box.text()
        seen["title"] = box.windowTitle()
        box.findChild(QPushButton, "serverSettings").click()
        return 0

    monkeypatch.setattr(sd.QMessageBox, "exec", click_settings)
    opened = []
    monkeypatch.setattr(ServerDialog, "change", classmethod(
        lambda cls, parent, settings, at_start=False: opened.append(at_start) or True))
    assert app.offer_server_settings(info.value, settings) is True
    assert seen["text"] == pg_url.TLS_MISSING
    assert opened == [True]
