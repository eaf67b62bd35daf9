"""``affido --demo --screenshot DIR``: every main screen rendered to a PNG named after it.

Nothing is shown on screen: widgets are laid out at a normal desktop size and grabbed. Record
windows are opened on real demo records, each tab in turn, and an edit form is filled with wrong
values and saved, to show how validation messages look.
"""

from __future__ import annotations

import faulthandler
import re
import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTabWidget, QWidget

from affido_app.domain.enums import ElderStatus, FostererStatus, PersonKind
from affido_app.domain.text import fold
from affido_app.services import people

WINDOW_SIZE = QSize(1366, 800)
RECORD_SIZE = QSize(1000, 720)
#: Rendering the screens takes seconds; past this the process prints every thread's stack to
#: stderr and exits, so that a script or CI job waiting for it never hangs without a clue.
WATCHDOG_SECONDS = 180


class ModalGuard:
    """Nobody can answer a message box while screens are rendered without a window: any modal
    dialog that appears is reported on stderr and closed, and the run ends with an error."""

    def __init__(self, interval_ms: int = 100):
        self.closed: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        title = widget.windowTitle()
        self.closed.append(title)
        print(f"affido: finestra inattesa durante le schermate: {title}: {text}", file=sys.stderr)
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    def stop(self) -> None:
        self._timer.stop()


def take_screenshots(window, folder: Path) -> list[Path]:
    """Render every screen into ``folder``. Raises RuntimeError when a dialog asked a question
    (it was closed, and the screens after it may be incomplete)."""
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    guard = ModalGuard()
    try:
        files = _take(window, folder)
    finally:
        guard.stop()
        faulthandler.cancel_dump_traceback_later()
    if guard.closed:
        raise RuntimeError(f"{len(guard.closed)} finestre inattese durante le schermate")
    return files


def _take(window, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    window.resize(WINDOW_SIZE)
    window.setAttribute(_dont_show(), True)
    for index, section in enumerate(window.sections):
        window.show_section(section.key)
        files.append(_grab(window, folder, f"{index + 1:02d}-{_slug(section.title)}"))
    ctx = window.ctx
    with ctx.sessions() as s:
        elder = _pick(s, ctx, PersonKind.ELDER, ElderStatus.FOSTERED)
        fosterer = _busy_fosterer(s, ctx) or _pick(s, ctx, PersonKind.FOSTERER,
                                                   FostererStatus.APPROVED)
    n = len(files)
    for kind, person_id, prefix in ((PersonKind.ELDER, elder, "anziano"),
                                    (PersonKind.FOSTERER, fosterer, "affidatario")):
        if person_id is None:
            continue
        dialog_cls = window._dialog_class(kind.value)
        dialog = dialog_cls.open_record(window, ctx, person_id)
        files += _grab_tabs(dialog, folder, n, prefix)
        n = len(files)
        _close_quietly(dialog)
    files += _matching(window, folder, len(files))
    files += _validation_example(window, folder, len(files))
    files += _import_wizard(window, folder, len(files))
    files += _documents(window, folder, len(files), elder)
    files += _security(window, folder, len(files))
    files += _guide(window, folder, len(files))
    return files


def _guide(window, folder: Path, start: int) -> list[Path]:
    """Aiuto → Guida (F1): the user guide, at the page of the suggestions for an elder."""
    from affido_app.ui.help import HelpWindow

    guide = HelpWindow(window)
    guide.setAttribute(_dont_show(), True)
    guide.resize(RECORD_SIZE)
    guide.show_page("abbinamenti.html#suggerimenti")
    path = _grab(guide, folder, f"{start + 1:02d}-guida")
    guide.hide()
    guide.deleteLater()
    return [path]


def _security(window, folder: Path, start: int) -> list[Path]:
    """The login screen of the demo (with its accounts) and the operators' accounts as an
    administrator sees them (the coordinator cannot open them)."""
    from affido_app.config import DEMO_PASSWORD
    from affido_app.services.demo import DEMO_ACCOUNTS
    from affido_app.ui.dialogs.login_dialog import Gate, LoginDialog
    from affido_app.ui.dialogs.staff_dialog import StaffDialog, may_manage

    files: list[Path] = []
    shown = {"admin", "coordinatore", "psicologa", "assistente", "lettore"}
    accounts = tuple((u, n, r.label) for u, n, r in DEMO_ACCOUNTS if u in shown)
    login = LoginDialog(Gate(), demo_accounts=accounts, demo_password=DEMO_PASSWORD)
    login.setAttribute(_dont_show(), True)
    files.append(_grab_on_backdrop(login, folder, f"{start + 1:02d}-accesso-demo"))
    login.hide()
    login.deleteLater()
    admin = _as_admin(window.ctx)
    if may_manage(admin):
        dialog = StaffDialog(window, admin)
        dialog.setAttribute(_dont_show(), True)
        dialog.resize(RECORD_SIZE)
        files.append(_grab(dialog, folder, f"{start + len(files) + 1:02d}-operatori"))
        dialog.hide()
        dialog.deleteLater()
    from affido_app.ui.dialogs.backup_dialog import BackupDialog

    backup = BackupDialog(window, admin)  # Strumenti → Copie di sicurezza…
    backup.setAttribute(_dont_show(), True)
    files.append(_grab_over_window(window, backup, folder,
                                   f"{start + len(files) + 1:02d}-copie-di-sicurezza"))
    backup.hide()
    backup.deleteLater()
    return files


def _grab_on_backdrop(dialog: QWidget, folder: Path, name: str) -> Path:
    """A window shown before the main window (the login), centred on a plain desktop."""
    from PySide6.QtGui import QColor, QPainter, QPen, QPixmap

    dialog.adjustSize()
    dialog.show()
    for _ in range(3):
        QApplication.processEvents()
    shot = dialog.grab()
    background = QPixmap(WINDOW_SIZE)
    background.fill(QColor("#5b6b7a"))
    painter = QPainter(background)
    x = (background.width() - shot.width()) // 2
    y = (background.height() - shot.height()) // 2
    painter.drawPixmap(x, y, shot)
    painter.setPen(QPen(QColor("#2b333b")))
    painter.drawRect(x - 1, y - 1, shot.width() + 1, shot.height() + 1)
    painter.end()
    path = folder / f"{name}.png"
    if not background.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def _documents(window, folder: Path, start: int, elder: int | None) -> list[Path]:
    """The preview of two documents (the elder's record, a training sign-in sheet) and the
    letterhead settings over the main window."""
    import importlib.util

    from affido_app.domain.permissions import Action, Resource
    from affido_app.services.documents import DocumentRequest
    from affido_app.ui.dialogs.document_dialog import DocumentDialog
    from affido_app.ui.dialogs.letterhead_dialog import LetterheadDialog
    from affido_app.ui.documents import can_print, prepare_pdf

    ctx = window.ctx
    files: list[Path] = []
    wanted = []
    if elder is not None:
        wanted.append(("elder", elder, "anteprima-scheda-anziano"))
    session = _busiest_training_session(ctx)
    if session is not None:
        wanted.append(("attendance", session, "anteprima-registro-presenze"))
    for kind, record_id, name in wanted:
        if (importlib.util.find_spec(f"affido_app.reports.{kind}") is None
                or not can_print(ctx, kind)):
            continue
        prepared = prepare_pdf(ctx.db, ctx.actor, DocumentRequest(kind, record_id))
        dialog = DocumentDialog(window, ctx, prepared)
        dialog.setAttribute(_dont_show(), True)
        dialog.resize(RECORD_SIZE)
        dialog.show()
        _settle(800)  # the pages are rendered in the background
        files.append(_grab(dialog, folder, f"{start + len(files) + 1:02d}-{name}"))
        dialog.hide()
        dialog.deleteLater()
    if ctx.can(Action.PRINT, Resource.MATCH):
        period = window.print_activity_report(exec=False)
        period.setAttribute(_dont_show(), True)
        files.append(_grab_over_window(window, period, folder,
                                       f"{start + len(files) + 1:02d}-periodo-del-documento"))
        period.hide()
        period.deleteLater()
    # the letterhead as the administrator sees it (the others see it read-only)
    letterhead = LetterheadDialog.change(window, _as_admin(ctx), exec=False)
    letterhead.setAttribute(_dont_show(), True)
    files.append(_grab_over_window(window, letterhead, folder,
                                   f"{start + len(files) + 1:02d}-intestazione-dei-documenti"))
    letterhead.hide()
    letterhead.deleteLater()
    return files


def _as_admin(ctx):
    """The same database seen by an administrator of the demo, when there is one."""
    from affido_app.domain.enums import Role
    from affido_app.errors import AffidoError
    from affido_app.services.context import load_actor
    from affido_app.services.demo import DEMO_ACCOUNTS
    from affido_app.ui.context import AppContext

    username = next((u for u, _name, role in DEMO_ACCOUNTS if role == Role.ADMIN), None)
    if username is None or ctx.actor.role == Role.ADMIN:
        return ctx
    try:
        with ctx.sessions() as s:
            actor = load_actor(s, username)
    except AffidoError:
        return ctx
    return AppContext(ctx.db, actor, ctx.settings, actor_name=username)


def _busiest_training_session(ctx) -> int | None:
    """A past training session with the most fosterers enrolled in its course."""
    import datetime as dt

    from sqlalchemy import func, select

    from affido_app.db.models import CourseEnrollment, TrainingSession

    with ctx.sessions() as s:
        return s.execute(
            select(TrainingSession.id)
            .join(CourseEnrollment, CourseEnrollment.course_id == TrainingSession.course_id)
            .where(TrainingSession.starts_at <= dt.datetime.now(dt.UTC))
            .group_by(TrainingSession.id)
            .order_by(func.count().desc(), TrainingSession.starts_at.desc())
            .limit(1)
        ).scalar()


def _settle(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _grab_over_window(window, dialog: QWidget, folder: Path, name: str) -> Path:
    """A small dialog, with a plain title bar, drawn over the main window as the user sees
    it (the dialog alone would be smaller than a screen)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QFont, QPainter, QPen

    dialog.adjustSize()
    dialog.show()
    for _ in range(3):
        QApplication.processEvents()
    background = window.grab()
    painter = QPainter(background)
    painter.fillRect(background.rect(), QColor(0, 0, 0, 60))
    shot = dialog.grab()
    bar = 30
    x = max((background.width() - shot.width()) // 2, 0)
    y = max((background.height() - shot.height() - bar) // 3, 0)
    frame = QRect(x - 1, y - 1, shot.width() + 1, shot.height() + bar + 1)
    painter.fillRect(QRect(x, y, shot.width(), bar), QColor("#dfe3e8"))
    font = QFont(dialog.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRect(x + 12, y, shot.width() - 24, bar),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                     dialog.windowTitle())
    painter.drawPixmap(x, y + bar, shot)
    painter.setPen(QPen(QColor("#7a828c")))
    painter.drawRect(frame)
    painter.end()
    path = folder / f"{name}.png"
    if not background.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def _matching(window, folder: Path, start: int) -> list[Path]:
    """A pair's page (each tab), the suggestions for a waiting elder, the plan."""
    from affido_app.domain.enums import MatchStatus
    from affido_app.domain.permissions import Action, Resource
    from affido_app.services import matches
    from affido_app.ui.dialogs.match_dialog import MatchDialog
    from affido_app.ui.dialogs.suggestions_dialog import SuggestionsDialog
    from affido_app.ui.views.plan import PlanView

    ctx = window.ctx
    if not ctx.can(Action.READ, Resource.MATCH):
        return []
    files: list[Path] = []
    with ctx.sessions() as s:
        active = matches.list_matches(s, ctx.actor, statuses=(MatchStatus.ACTIVE,), limit=1)
        waiting = people.list_people(s, ctx.actor, PersonKind.ELDER,
                                     people.PersonFilter(statuses=(ElderStatus.WAITING,)),
                                     limit=1)
    if active:
        page = MatchDialog.open_record(window, ctx, active[0].id)
        files += _grab_tabs(page, folder, start, "abbinamento")
        _close_quietly(page)
    if waiting and ctx.can(Action.CREATE, Resource.MATCH):
        dialog = SuggestionsDialog.for_elder(window, ctx, waiting[0].id, exec=False)
        dialog.setAttribute(_dont_show(), True)
        dialog.resize(RECORD_SIZE)
        files.append(_grab(dialog, folder, f"{start + len(files) + 1:02d}-proposte-per-anziano"))
        dialog.hide()
        dialog.deleteLater()
        plan = PlanView.run(window, ctx, exec=False)
        plan.setAttribute(_dont_show(), True)
        plan.resize(RECORD_SIZE)
        plan.show()
        _wait_for(lambda: plan.plan is not None or plan.error is not None)
        plan.wait()
        files.append(_grab(plan, folder, f"{start + len(files) + 1:02d}-piano-di-abbinamento"))
        plan.hide()
        plan.deleteLater()
    return files


def _import_wizard(window, folder: Path, start: int) -> list[Path]:
    """File → Importa da foglio di calcolo…: the preview of a small generated file (written to
    a temporary folder, removed at once; nothing is imported)."""
    import csv
    import tempfile

    from affido_app.ui.dialogs.import_wizard import ImportWizard, can_import

    if not can_import(window.ctx, PersonKind.ELDER):
        return []
    rows = [["Cognome", "Nome", "Data di nascita", "Sesso", "Comune", "Telefono"],
            ["Bellini", "Ada", "12/03/1938", "F", "Torino", "011 1234567"],
            ["Gatti", "Bruno", "1.2.37", "maschio", "Rivoli", ""],
            ["Longo", "Carla", "31/02/1940", "F", "Torino", ""],
            ["Bellini", "Ada", "12/03/1938", "F", "Torino", ""]]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "anziani.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
        wizard = ImportWizard(window, window.ctx, PersonKind.ELDER)
        wizard.setAttribute(_dont_show(), True)
        wizard.show()
        wizard.source_page.path.setText(str(path))
        wizard.next()
        wizard.next()
        page = wizard.preview_page
        _wait_for(lambda: page.plan is not None or page.message.isVisible())
        shot = _grab_over_window(window, wizard, folder, f"{start + 1:02d}-importazione")
        wizard.hide()
        wizard.deleteLater()
    return [shot]


def _wait_for(condition) -> None:
    """Let the event loop run (worker results arrive through it) until ``condition()``."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(20)
    if not condition():
        loop.exec()
    timer.stop()


def _dont_show():
    from PySide6.QtCore import Qt

    return Qt.WidgetAttribute.WA_DontShowOnScreen


def _pick(s, ctx, kind: PersonKind, status) -> int | None:
    rows = people.list_people(s, ctx.actor, kind, people.PersonFilter(statuses=(status,)),
                              limit=1)
    if not rows:
        rows = people.list_people(s, ctx.actor, kind, people.PersonFilter(), limit=1)
    return rows[0].id if rows else None


def _busy_fosterer(s, ctx) -> int | None:
    """A fosterer with a running pair: their record shows expenses and supervision."""
    from affido_app.domain.enums import MatchStatus
    from affido_app.services import matches

    rows = matches.list_matches(s, ctx.actor, statuses=(MatchStatus.ACTIVE,), limit=1)
    return rows[0].fosterer_id if rows else None


def _grab_tabs(dialog: QWidget, folder: Path, start: int, prefix: str) -> list[Path]:
    dialog.setAttribute(_dont_show(), True)
    dialog.resize(RECORD_SIZE)
    dialog.show()
    files = []
    tabs = dialog.findChild(QTabWidget)
    if tabs is None:
        return [_grab(dialog, folder, f"{start + 1:02d}-{prefix}")]
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        name = f"{start + len(files) + 1:02d}-{prefix}-{_slug(tabs.tabText(i))}"
        files.append(_grab(dialog, folder, name))
    return files


def _validation_example(window, folder: Path, start: int) -> list[Path]:
    """A new-elder form with wrong values, after pressing Save."""
    dialog_cls = window._dialog_class(PersonKind.ELDER.value)
    if not hasattr(dialog_cls, "create"):
        return []
    dialog = dialog_cls.create(window, window.ctx, exec=False)
    dialog.setAttribute(_dont_show(), True)
    dialog.resize(RECORD_SIZE)
    dialog.show()
    if hasattr(dialog, "fill_for_screenshot"):
        dialog.fill_for_screenshot()
    files = [_grab(dialog, folder, f"{start + 1:02d}-modulo-con-errori")]
    _close_quietly(dialog)
    return files


def _close_quietly(dialog: QWidget) -> None:
    if hasattr(dialog, "discard_and_close"):
        dialog.discard_and_close()
    else:
        dialog.hide()
        dialog.deleteLater()


def _grab(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("&", "")).strip("-")
