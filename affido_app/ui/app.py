"""Starting the application: QApplication, translations, the database, the acting user.

``run_gui`` is called by ``affido`` (no command). The first time (no database in the data folder)
a set-up wizard creates the encrypted database and its first administrator; afterwards the login
screen opens it. With ``--demo`` it opens a demo database in the user's data folder (built on
first use; the login screen lists the demo accounts); with ``--screenshot DIR`` the demo
coordinator logs in by itself and every main screen is rendered to PNG files, without showing a
window.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from affido_app.config import demo_db_path, resolve_db_url

log = logging.getLogger(__name__)

DEMO_USER = "coordinatore"


def run_gui(db: str | None = None, demo: bool = False, screenshot: str | None = None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QMessageBox

    from affido_app.errors import AffidoError
    from affido_app.ui.i18n import tr

    if screenshot:
        _quiet_offscreen_messages()
    app, settings = make_application()
    try:
        ctx = open_context(db, demo, settings, quiet=bool(screenshot))
    except AffidoError as exc:
        if screenshot:
            print(f"affido: {exc.message}", file=sys.stderr)
        elif _is_damaged(exc):  # explained, with the newest verified copy offered
            from affido_app.ui.dialogs.backup_dialog import offer_restore

            if offer_restore(None, exc, key=_direct_key(demo)):
                return run_gui(db, demo, screenshot)
        elif office_server_url(db, demo, settings) is not None:
            if offer_server_settings(exc, settings):  # new settings saved: start again
                return run_gui(db, demo, screenshot)
        else:
            QMessageBox.critical(None, tr("Affido cannot start"), exc.message)
        return 1
    if ctx is None:  # the login or the set-up wizard was closed
        return 0
    from affido_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    if screenshot:
        from affido_app.ui.screenshots import take_screenshots

        try:
            files = take_screenshots(window, Path(screenshot))
        except RuntimeError as exc:
            print(f"affido: {exc}", file=sys.stderr)
            return 1
        finally:
            ctx.db.dispose()
        print(f"{len(files)} schermate salvate in {screenshot}")
        return 0
    window.show()
    from affido_app.ui.idle_lock import install_idle_lock

    idle_lock = install_idle_lock(app, ctx)  # security.idle_minutes; the user's password
    from affido_app.ui.backup_schedule import BackupScheduler, backup_at_close

    scheduler = BackupScheduler(ctx, window)  # a copy at least daily, in a worker thread
    from PySide6.QtCore import QTimer

    from affido_app.ui.drafts import offer_drafts

    QTimer.singleShot(0, lambda: offer_drafts(window, ctx))  # forms left unsaved last time
    code = app.exec()
    idle_lock.uninstall()
    scheduler.stop()
    backup_at_close(ctx)  # a verified copy each time Affido closes (it can be skipped)
    ctx.db.dispose()
    return code


def make_application():
    """The QApplication with its names, icon, style and translations, the crash handler
    installed: ``(app, settings)``."""
    from PySide6.QtWidgets import QApplication

    from affido_app.ui.i18n import install_translators
    from affido_app.ui.icons import app_icon
    from affido_app.ui.settings import LANGUAGE, Settings
    from affido_app.ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Affido")
    app.setApplicationName("Affido")
    app.setApplicationDisplayName("Affido")
    app.setWindowIcon(app_icon())
    apply_style(app)
    settings = Settings()
    install_translators(app, settings.get(LANGUAGE))
    install_crash_handler()
    return app, settings


def _is_damaged(exc) -> bool:
    from affido_app.db.backup import DamagedDatabase

    return isinstance(exc, DamagedDatabase)


def _direct_key(demo: bool) -> str | None:
    """The key a database opened without a login uses (AFFIDO_DB_KEY, the demo's)."""
    from affido_app.config import DEMO_DB_KEY, db_key_from_env

    return db_key_from_env() or (DEMO_DB_KEY if demo else None)


def _quiet_offscreen_messages() -> None:
    """Rendering without a screen: drop the offscreen plugin's notes about what it cannot do
    (raise a window, grab the keyboard…); any other Qt message still reaches stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "This plugin does not support" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def open_context(db: str | None, demo: bool, settings, *, quiet: bool = False):
    """Open the database and log in: the set-up wizard on the first run, the login screen
    otherwise (with ``quiet``, the screenshots: the demo coordinator logs in by itself).
    None when the user gave up (closed the login or the wizard)."""
    from affido_app.config import DEMO_DB_KEY, db_key_from_env, sqlite_path
    from affido_app.db.engine import derive_in_background, is_encrypted_file
    from affido_app.errors import StorageError
    from affido_app.ui.instance_lock import hold_instance_lock

    key = db_key_from_env()
    if demo:
        path = Path(db) if db else demo_db_path()
        hold_instance_lock(path)  # one Affido per database on this computer
        if not path.exists():
            _build_demo(path, key or DEMO_DB_KEY, quiet)
        if key is None and is_encrypted_file(path):
            key = DEMO_DB_KEY  # the demo's key is public by design (an older demo is plain)
        # a passphrase (the demo's) is derived into the file's key while the modules below load
        derive_in_background(path, key)
        url = resolve_db_url(path)
    else:
        url = resolve_db_url(db if db is not None else office_server_url(db, demo, settings))
        path = sqlite_path(url)
        hold_instance_lock(path)  # one Affido per database (None: PostgreSQL)
        if path is not None and key is None and not path.exists():
            if quiet:
                raise StorageError(f"Il database «{path}» non esiste.")
            return first_run(path, settings)
    from affido_app.db.keyring import keyfile_path
    from affido_app.db.migrate import open_database
    from affido_app.services import auth
    from affido_app.ui.dialogs.login_dialog import OpenGate

    if (path is not None and key is None
            and (keyfile_path(path).exists() or is_encrypted_file(path))):
        from affido_app.ui.dialogs.backup_dialog import RestoringUnlockGate

        gate = RestoringUnlockGate(path)  # a damaged database: its newest copy is offered
    else:
        database = open_database(url, key=key)
        with database.sessions() as s:
            protected = auth.passwords_in_use(s)
        if not protected:
            try:
                actor, name = _choose_actor(database, demo)
            except BaseException:
                database.dispose()
                raise
            ctx = _context(database, actor, settings, name)
            if quiet or demo:
                return ctx
            return _first_password(ctx)
        gate = OpenGate(database)
    if quiet:
        return _sign_in_quietly(gate, settings)
    return login(gate, settings, demo=demo, database=str(path) if path else "")


def office_server_url(db: str | None, demo: bool, settings) -> str | None:
    """The office's PostgreSQL server this PC is set to use (Tools → "Office server…"), when
    neither --db nor --demo says otherwise."""
    if db is not None or demo:
        return None
    from affido_app.ui.dialogs.server_dialog import configured_url

    return configured_url(settings)


def offer_server_settings(exc, settings) -> bool:
    """The configured server cannot be used: what went wrong, with a button to the server
    settings. True when new settings were saved."""
    from affido_app.db.pg_url import explain
    from affido_app.ui.dialogs.server_dialog import offer_server_settings as offer

    outcome = explain(exc)
    return offer(outcome.message if outcome is not None else exc.message, settings)


def login(gate, settings, *, demo: bool = False, database: str = "", parent=None):
    """The login screen, then (a password set by an administrator) the mandatory change."""
    from affido_app.config import DEMO_PASSWORD, credentials_from_env
    from affido_app.ui.dialogs.login_dialog import LoginDialog

    accounts = ()
    if demo:
        from affido_app.services.demo import DEMO_ACCOUNTS

        wanted = {"admin", "coordinatore", "psicologa", "assistente", "lettore"}
        accounts = tuple((u, n, r.label) for u, n, r in DEMO_ACCOUNTS if u in wanted)
    username, _password = credentials_from_env()
    result = LoginDialog.ask(parent, gate, demo_accounts=accounts, demo_password=DEMO_PASSWORD,
                             username=username or "", database="" if demo else database)
    if result is None:
        gate.close()
        return None
    return after_login(result, settings, parent=parent)


def after_login(result, settings, *, parent=None):
    """The context of a logged-in user; with a password set by an administrator, the change
    comes first (None, and the database closed, when the user gives up)."""
    from affido_app.services import auth
    from affido_app.ui.dialogs.password_dialog import PasswordDialog

    ctx = _context(result.db, result.actor, settings)
    with ctx.sessions() as s:
        must_change = auth.needs_password_change(s, ctx.actor)
    if must_change and not PasswordDialog.require_change(parent, ctx, result.password):
        ctx.db.dispose()
        return None
    return ctx


def _first_password(ctx):
    """Nobody has a password yet: the user sets one before the main window (None, and the
    database closed, when they give up); from then on the login screen is shown."""
    from affido_app.ui.dialogs.password_dialog import PasswordDialog

    if PasswordDialog.require_first(None, ctx):
        return ctx
    ctx.db.dispose()
    return None


def _sign_in_quietly(gate, settings):
    """``--screenshot``: the demo coordinator (or AFFIDO_USER / AFFIDO_PASSWORD)."""
    from affido_app.config import DEMO_PASSWORD, credentials_from_env

    username, password = credentials_from_env()
    try:
        db, actor = gate.sign_in(username or DEMO_USER,
                                 DEMO_PASSWORD if password is None else password)
    except BaseException:
        gate.close()
        raise
    return _context(db, actor, settings)


def _context(database, actor, settings, name: str | None = None):
    from affido_app.db.models import StaffUser
    from affido_app.ui.context import AppContext

    if name is None:
        with database.sessions() as s:
            user = s.get(StaffUser, actor.id)
            name = user.full_name if user is not None else actor.username
    return AppContext(database, actor, settings, actor_name=name)


def first_run(path: Path, settings, parent=None):
    """No database yet: the set-up wizard creates it (encrypted) with the first
    administrator, who is then logged in."""
    from affido_app.ui.dialogs.setup_wizard import SetupWizard

    return SetupWizard.run(parent, path, settings)


def _build_demo(path: Path, key: str | None, quiet: bool) -> None:
    from affido_app.db.migrate import open_database
    from affido_app.services.demo import DemoSpec, build_demo

    tmp = path.with_name(path.name + ".creazione")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    progress = None
    if not quiet:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QProgressDialog

        from affido_app.ui.i18n import tr

        progress = QProgressDialog(tr("Creating the demo database…"), "", 0, 0)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.show()
        QApplication.processEvents()

    def step(_what: str) -> None:
        if progress is not None:
            QApplication.processEvents()

    database = open_database(resolve_db_url(tmp), key=key)
    try:
        build_demo(database, DemoSpec(), progress=step)
    finally:
        database.dispose()
        if progress is not None:
            progress.close()
    os.replace(tmp, path)


def _choose_actor(database, demo: bool):
    """A database where no account has a password yet (made before logins existed): as
    before, AFFIDO_USER, the demo coordinator, or the first active administrator (created
    when there is none). Once an account has a password, the login screen is shown."""
    from sqlalchemy import select

    from affido_app.config import ENV_USER
    from affido_app.db.models import StaffUser
    from affido_app.domain.enums import Role
    from affido_app.errors import NotFound
    from affido_app.services.context import Actor
    from affido_app.services.staff import create_first_admin

    wanted = os.environ.get(ENV_USER) or (DEMO_USER if demo else None)
    with database.sessions.begin() as s:
        if wanted:
            user = s.scalar(select(StaffUser).where(StaffUser.username == wanted,
                                                    StaffUser.active.is_(True)))
            if user is None:
                raise NotFound(f"Operatore «{wanted}» non trovato o non attivo.")
        else:
            user = s.scalar(select(StaffUser).where(StaffUser.role == Role.ADMIN,
                                                    StaffUser.active.is_(True))
                            .order_by(StaffUser.id))
            if user is None:
                admin_id = create_first_admin(s, "admin", "Amministratore")
                user = s.get(StaffUser, admin_id)
        return Actor.of(user), user.full_name


# --- crashes: a bug gets a dialog and a log file, and the open forms stay open ---------------

def install_crash_handler() -> None:
    sys.excepthook = _excepthook


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from affido_app.crash import write_crash_log

    path = write_crash_log(exc_type, tb)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from affido_app.ui.i18n import tr

        if QApplication.instance() is not None and os.environ.get("QT_QPA_PLATFORM") != \
                "offscreen":
            QMessageBox.critical(
                None, tr("Unexpected error"),
                tr("Something went wrong inside Affido. Your open forms are still open: "
                   "save your work and, if it happens again, send this file to support:\n{path}")
                .format(path=path))
    except Exception:  # never let the crash handler crash
        pass
    print(f"affido: errore imprevisto; dettagli in {path}", file=sys.stderr)
