"""Starting the application: QApplication, translations, the database, the acting user.

``run_gui`` is called by ``affido`` (no command). With ``--demo`` it opens a demo database in the
user's data folder (built on first use) as the coordinator; with ``--screenshot DIR`` it renders
every main screen to PNG files and exits without showing a window.
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
    from PySide6.QtWidgets import QApplication, QMessageBox

    from affido_app.errors import AffidoError
    from affido_app.ui.i18n import install_translators, tr
    from affido_app.ui.icons import app_icon
    from affido_app.ui.settings import LANGUAGE, Settings
    from affido_app.ui.style import apply_style

    if screenshot:
        _quiet_offscreen_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Affido")
    app.setApplicationName("Affido")
    app.setApplicationDisplayName("Affido")
    app.setWindowIcon(app_icon())
    apply_style(app)
    settings = Settings()
    install_translators(app, settings.get(LANGUAGE))
    install_crash_handler()
    try:
        ctx = open_context(db, demo, settings, quiet=bool(screenshot))
    except AffidoError as exc:
        if screenshot:
            print(f"affido: {exc.message}", file=sys.stderr)
        else:
            QMessageBox.critical(None, tr("Affido cannot start"), exc.message)
        return 1
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
    code = app.exec()
    idle_lock.uninstall()
    ctx.db.dispose()
    return code


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
    """Open the database (building the demo one when needed) and choose the acting user."""
    from affido_app.config import DEMO_DB_KEY, db_key_from_env
    from affido_app.db.migrate import open_database
    from affido_app.services.auth import is_encrypted_file
    from affido_app.ui.context import AppContext

    key = db_key_from_env()
    if demo:
        path = Path(db) if db else demo_db_path()
        if not path.exists():
            _build_demo(path, key or DEMO_DB_KEY, quiet)
        if key is None and is_encrypted_file(path):
            key = DEMO_DB_KEY  # the demo's key is public by design (an older demo is plain)
        url = resolve_db_url(path)
    else:
        url = resolve_db_url(db)
    database = open_database(url, key=key)
    actor, name = _choose_actor(database, demo)
    return AppContext(database, actor, settings, actor_name=name)


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
    """The acting staff user. Login comes with security; until then: AFFIDO_USER, the demo
    coordinator, or the first active administrator (created on first run)."""
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
