"""The login screen, the mandatory password change, the first-run wizard (issue 7, point 1-2)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from affido_app.db import keyring as kr
from affido_app.domain.enums import Role
from affido_app.services import auth, staff
from affido_app.ui import app as ui_app
from affido_app.ui.dialogs.login_dialog import LoginDialog, OpenGate, RecoveryDialog, UnlockGate
from affido_app.ui.dialogs.password_dialog import PasswordDialog
from affido_app.ui.dialogs.setup_wizard import SetupWizard
from affido_app.ui.main_window import MainWindow
from affido_app.ui.settings import Settings

PASSWORD = "cavallo-batteria-graffetta"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self):
        self.mono = 1000.0
        self.moment = T0

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def settings(qapp, qsettings):
    from affido_app.ui.i18n import install_translators

    install_translators(qapp, "it")
    return Settings(qsettings)


@pytest.fixture
def encrypted(tmp_path):
    """An encrypted database with its key file and its administrator."""
    path = tmp_path / "affido.db"
    db, code = auth.create_encrypted_database(path, "admin", "Anna Bianchi", PASSWORD)
    db.dispose()
    return path, code


def login_dialog(qtbot, gate, **options) -> LoginDialog:
    dialog = LoginDialog(gate, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def main_windows() -> list:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()]


def test_a_wrong_password_is_told_next_to_the_field_and_opens_nothing(qtbot, encrypted):
    path, _code = encrypted
    dialog = login_dialog(qtbot, UnlockGate(path))
    dialog.fill("admin", "non-è-questa")
    assert dialog.submit() is False
    assert dialog.password_error.isVisible()
    assert dialog.password_error.text() == kr.GENERIC_LOGIN_MESSAGE
    assert dialog.password.text() == ""  # emptied for retyping
    assert dialog.result_value is None and dialog.isVisible()
    assert main_windows() == []
    # an unknown user gets the very same message
    dialog.fill("nessuno", PASSWORD)
    dialog.submit()
    assert dialog.password_error.text() == kr.GENERIC_LOGIN_MESSAGE


def test_empty_fields_are_asked_for(qtbot, encrypted):
    dialog = login_dialog(qtbot, UnlockGate(encrypted[0]))
    assert dialog.submit() is False
    assert dialog.username_error.isVisible()
    dialog.username.setText("admin")
    assert dialog.submit() is False
    assert dialog.password_error.isVisible()


def test_the_right_password_opens_the_main_window_as_that_user(qtbot, encrypted, settings):
    path, _code = encrypted
    dialog = login_dialog(qtbot, UnlockGate(path))
    dialog.fill("admin", PASSWORD)
    assert dialog.submit() is True
    assert not dialog.isVisible()
    ctx = ui_app.after_login(dialog.result_value, settings)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert ctx.actor.username == "admin" and ctx.actor.role == Role.ADMIN
        assert "Anna Bianchi" in window.user_label.text()
        assert window.staff_action.isEnabled()
        # the idle lock will ask this user's password
        assert ctx.password_verifier() is not None
        assert ctx.verify_password(PASSWORD) is True
    finally:
        ctx.db.dispose()


def test_repeated_failures_make_the_user_wait_with_the_button_disabled(qtbot, encrypted):
    path, _code = encrypted
    clock = Clock()
    dialog = login_dialog(qtbot, UnlockGate(path, now=lambda: clock.moment),
                          clock=lambda: clock.mono)
    for _ in range(kr.FREE_ATTEMPTS + 1):
        dialog.fill("admin", "sbagliata-ancora")
        assert dialog.submit() is False
        assert not dialog.waiting()
    dialog.fill("admin", PASSWORD)  # even the right one is not checked while waiting
    assert dialog.submit() is False
    assert dialog.waiting()
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.password_error.text() == kr.wait_message(2)
    assert re.search(r"riprovare tra 2 secondi", dialog.password_error.text())
    clock.advance(1)
    dialog.tick()
    assert dialog.password_error.text() == kr.wait_message(1)
    assert not dialog.sign_in_button.isEnabled()
    clock.advance(1.5)
    dialog.tick()
    assert not dialog.waiting() and dialog.sign_in_button.isEnabled()
    assert not dialog.password_error.isVisible()
    dialog.fill("admin", PASSWORD)
    assert dialog.submit() is True
    dialog.result_value.db.dispose()


def _new_user(path, *, must_change: bool = True) -> None:
    db, admin = auth.open_with_login(path, "admin", PASSWORD)
    try:
        with db.sessions.begin() as s:
            staff.create_staff(s, admin, {"username": "m.rossi", "full_name": "Mario Rossi",
                                          "role": Role.SOCIAL_WORKER},
                               password="provvisoria-123", must_change=must_change)
    finally:
        db.dispose()


def test_a_provisional_password_must_be_changed_before_the_main_window(
        qtbot, encrypted, settings, monkeypatch):
    path, _code = encrypted
    _new_user(path)
    shown = []

    def require_change(parent, ctx, current, *, exec=True):
        dialog = PasswordDialog(parent, ctx, current=current, mandatory=True)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert not dialog.old.isVisibleTo(dialog)  # the login's password counts
        dialog.new.password.setText("m.rossi")
        dialog.new.repeat.setText("m.rossi")
        assert dialog.submit() is False  # the rules, next to the field
        assert dialog.new.error.text()
        dialog.new.password.setText("la-mia-nuova-password")
        dialog.new.repeat.setText("la-mia-nuova-password")
        return dialog.submit()

    monkeypatch.setattr(PasswordDialog, "require_change", staticmethod(require_change))
    dialog = login_dialog(qtbot, UnlockGate(path))
    dialog.fill("m.rossi", "provvisoria-123")
    assert dialog.submit()
    ctx = ui_app.after_login(dialog.result_value, settings)
    assert shown and ctx is not None
    with ctx.sessions() as s:
        assert not auth.needs_password_change(s, ctx.actor)
    ctx.db.dispose()
    # the new password unlocks the database, the provisional one no longer does
    with pytest.raises(kr.LoginRefused):
        auth.open_with_login(path, "m.rossi", "provvisoria-123")
    db, actor = auth.open_with_login(path, "m.rossi", "la-mia-nuova-password")
    assert actor.username == "m.rossi"
    db.dispose()


def test_giving_up_the_mandatory_change_opens_nothing(qtbot, encrypted, settings, monkeypatch):
    path, _code = encrypted
    _new_user(path)
    monkeypatch.setattr(PasswordDialog, "require_change",
                        staticmethod(lambda parent, ctx, current, exec=True: False))
    dialog = login_dialog(qtbot, UnlockGate(path))
    dialog.fill("m.rossi", "provvisoria-123")
    assert dialog.submit()
    assert ui_app.after_login(dialog.result_value, settings) is None
    assert main_windows() == []


def test_change_password_from_the_menu(qtbot, encrypted, settings):
    path, _code = encrypted
    db, actor = auth.open_with_login(path, "admin", PASSWORD)
    ctx = ui_app._context(db, actor, settings)
    try:
        dialog = PasswordDialog.change(None, ctx, exec=False)
        qtbot.addWidget(dialog)
        dialog.old.setText("non-è-quella-giusta")
        dialog.new.password.setText("una-password-nuova")
        dialog.new.repeat.setText("una-password-nuova")
        assert dialog.submit() is False
        assert dialog.old_error.text() == auth.WRONG_CURRENT_MESSAGE
        dialog.old.setText(PASSWORD)
        dialog.new.password.setText("una-password-nuova")
        dialog.new.repeat.setText("una-password-diversa")
        assert dialog.submit() is False
        assert dialog.new.repeat_error.isVisibleTo(dialog)
        dialog.new.repeat.setText("una-password-nuova")
        assert dialog.submit() is True
    finally:
        db.dispose()
    db, _actor = auth.open_with_login(path, "admin", "una-password-nuova")
    db.dispose()


def test_the_demo_login_lists_the_accounts_and_fills_them(qtbot, demo_db):
    from affido_app.config import DEMO_PASSWORD
    from affido_app.services.demo import DEMO_ACCOUNTS

    accounts = tuple((u, n, r.label) for u, n, r in DEMO_ACCOUNTS[:5])
    dialog = login_dialog(qtbot, OpenGate(demo_db), demo_accounts=accounts,
                          demo_password=DEMO_PASSWORD)
    assert set(dialog.demo_buttons) == {"admin", "coordinatore", "psicologa", "assistente",
                                        "lettore"}
    dialog.demo_buttons["psicologa"].click()
    assert dialog.username.text() == "psicologa"
    assert dialog.password.text() == DEMO_PASSWORD
    if not _demo_has_passwords(demo_db):
        pytest.skip("the demo fixture has no passwords")
    assert dialog.submit() is True
    assert dialog.result_value.actor.role == Role.PSYCHOLOGIST


def _demo_has_passwords(db) -> bool:
    with db.sessions() as s:
        return auth.passwords_in_use(s)


def test_forgotten_password_with_the_recovery_code(qtbot, encrypted):
    path, code = encrypted
    dialog = RecoveryDialog(UnlockGate(path), username="admin")
    qtbot.addWidget(dialog)
    dialog.code.setText("AAAA-" + code[5:])
    dialog.new.password.setText("ricordata-finalmente")
    dialog.new.repeat.setText("ricordata-finalmente")
    assert dialog.submit() is False
    assert dialog.code_error.isVisibleTo(dialog)
    dialog.code.setText(code.lower().replace("-", " "))
    assert dialog.submit() is True
    dialog.result_value.db.dispose()
    db, actor = auth.open_with_login(path, "admin", "ricordata-finalmente")
    assert actor.role == Role.ADMIN
    db.dispose()


# --- first run -----------------------------------------------------------------------------------

def test_the_wizard_creates_an_encrypted_database_and_shows_the_code_once(
        qtbot, tmp_path, settings, monkeypatch):
    import pypdf

    path = tmp_path / "nuovo" / "affido.db"
    path.parent.mkdir()
    wizard = SetupWizard(path, settings)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.organisation
    wizard.next()
    assert wizard.currentPage() is wizard.organisation  # the name is needed
    assert wizard.organisation.org_error.isVisible()
    wizard.organisation.org.setText("Consorzio Zafferano Solidale")
    wizard.next()
    page = wizard.administrator
    assert wizard.currentPage() is page
    page.username.setText("amministra")
    page.full_name.setText("Ortensia Quagliarella")
    page.password.password.setText("corta")
    assert "•" in page.password.rules["length"].text()  # rules checked as typed
    page.password.password.setText("una-password-robusta")
    assert "✓" in page.password.rules["length"].text()
    page.password.repeat.setText("una-password-robusta")
    assert "✓" in page.password.rules["match"].text()
    wizard.next()
    assert wizard.currentPage() is wizard.recovery
    assert path.exists() and kr.keyfile_path(path).exists()
    code = wizard.code
    assert wizard.recovery.code.text().replace("\n", "-") == code
    # no finishing, no cancelling before the code is kept
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    wizard.reject()
    assert warned and wizard.isVisible()
    # the sheet: in memory, with the code
    preview = wizard.preview_sheet(exec=False)
    qtbot.addWidget(preview)
    text = "".join(page.extract_text() for page in
                   pypdf.PdfReader(io.BytesIO(preview.prepared.pdf)).pages)
    flat = re.sub(r"[\s-]", "", text)
    assert code.replace("-", "") in flat
    assert "Consorzio Zafferano Solidale" in text
    assert list(tmp_path.rglob("*.pdf")) == []  # nothing written
    # saved on purpose: written, and an audit row says so (without the code)
    sheet = tmp_path / "saved" / "foglio.pdf"
    sheet.parent.mkdir()
    assert wizard.save_sheet(str(sheet)) and sheet.read_bytes().startswith(b"%PDF")
    with wizard.ctx.sessions() as s:
        from sqlalchemy import select

        from affido_app.db.models import AuditEvent

        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.entity, last.detail) == ("recovery_sheet",
                                             {"document": "recovery", "output": "file"})
    sheet.unlink()
    wizard.recovery.confirmed.setChecked(True)
    assert finish.isEnabled()
    wizard.accept()
    ctx = wizard.ctx
    assert ctx.actor.username == "amministra" and ctx.actor.role == Role.ADMIN
    with ctx.sessions() as s:
        from affido_app.services.settings import get_setting

        assert get_setting(s, "org.name") == "Consorzio Zafferano Solidale"
    ctx.db.dispose()
    # no marker text in the files
    for file in path.parent.iterdir():
        data = file.read_bytes()
        for marker in (b"Quagliarella", b"Zafferano", b"SQLite format 3"):
            assert marker not in data, (file.name, marker)
    # the code read back from the sheet unlocks the database
    groups = re.findall(r"[A-Z2-7]{4}", flat[flat.index(code.replace("-", "")[:8]):])
    db = auth.open_with_recovery(path, "-".join(groups[:14]))
    db.dispose()
    db, _actor = auth.open_with_login(path, "amministra", "una-password-robusta")
    db.dispose()


def test_wizard_errors_are_shown_next_to_the_fields(qtbot, tmp_path, settings):
    path = tmp_path / "affido.db"
    wizard = SetupWizard(path, settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.organisation.org.setText("Ente")
    wizard.next()
    page = wizard.administrator
    page.username.setText("con spazi")
    page.full_name.setText("Nome Cognome")
    page.password.password.setText("una-password-robusta")
    page.password.repeat.setText("una-password-robusta")
    wizard.next()
    assert wizard.currentPage() is page
    assert page.username_error.isVisible()
    assert not path.exists()
    # closing before anything was created leaves nothing
    wizard.reject()
    assert wizard.ctx is None and not path.exists()


def test_first_run_without_a_database_runs_the_wizard(tmp_path, settings, monkeypatch):
    seen = []
    monkeypatch.setattr(ui_app, "first_run", lambda path, s, parent=None: seen.append(path))
    assert ui_app.open_context(str(tmp_path / "affido.db"), False, settings) is None
    assert seen == [tmp_path / "affido.db"]


def test_screenshot_mode_logs_in_as_the_coordinator_by_itself(tmp_path, settings):
    from affido_app.config import DEMO_DB_KEY
    from affido_app.db.migrate import open_database
    from affido_app.services.demo import DemoSpec, build_demo

    path = tmp_path / "demo.db"
    db = open_database(f"sqlite:///{path}", key=DEMO_DB_KEY)
    build_demo(db, DemoSpec(elders=3, fosterers=3))
    db.dispose()
    ctx = ui_app.open_context(str(path), True, settings, quiet=True)
    try:
        assert ctx.actor.username == "coordinatore"
        assert ctx.actor.role == Role.COORDINATOR
    finally:
        ctx.db.dispose()


def test_a_database_without_passwords_asks_for_one_before_the_main_window(
        qtbot, tmp_path, settings, monkeypatch):
    """An empty database (a new PostgreSQL office, a file made before logins): the first user
    sets a password at once; from then on the login screen guards it."""
    from affido_app.db.migrate import open_database

    path = tmp_path / "vecchio.db"
    open_database(f"sqlite:///{path}").dispose()
    monkeypatch.delenv("AFFIDO_USER", raising=False)
    shown = []

    def require_first(parent, ctx, *, exec=True):
        dialog = PasswordDialog(parent, ctx, current="", mandatory=True, first=True)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert not dialog.old.isVisibleTo(dialog)
        dialog.new.password.setText("una-password-sicura")
        dialog.new.repeat.setText("una-password-sicura")
        return dialog.submit()

    monkeypatch.setattr(PasswordDialog, "require_first", staticmethod(require_first))
    ctx = ui_app.open_context(str(path), False, settings)
    assert shown and ctx is not None and ctx.actor.role == Role.ADMIN
    ctx.db.dispose()
    db = open_database(f"sqlite:///{path}")
    try:
        with db.sessions() as s:
            assert auth.passwords_in_use(s)
        assert auth.sign_in(db.sessions, "admin", "una-password-sicura").username == "admin"
    finally:
        db.dispose()
    # giving up opens nothing
    other = tmp_path / "altro.db"
    open_database(f"sqlite:///{other}").dispose()
    monkeypatch.setattr(PasswordDialog, "require_first",
                        staticmethod(lambda parent, ctx, exec=True: False))
    assert ui_app.open_context(str(other), False, settings) is None
    assert main_windows() == []
