"""Automatic copies of the database and the dashboard's warning (services/backups.py).

- :class:`BackupScheduler`: shortly after the start and then every hour, if the last good copy
  is older than 24 hours, a copy is made in a worker thread, silently (typing is never blocked).
- :func:`backup_at_close`: when the main window has closed, a copy with a small progress dialog
  (it can be skipped).
- :class:`BackupWarning`: the dashboard's banner when the last good copy is older than the
  threshold (``backup.warn_after_days``) or there is none, with "Back up now" for administrators.
- :func:`back_up_now`: a copy asked for by an administrator (progress after half a second, audit
  row).

Nothing here runs on PostgreSQL: the server's backups are the office's job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStyle,
    QWidget,
)
from shiboken6 import isValid

from affido_app.errors import AffidoError
from affido_app.services import backups
from affido_app.ui.i18n import tr
from affido_app.ui.operations import Cancelled, run_op, run_slow

log = logging.getLogger(__name__)

#: the area views listen to when a copy was made or restored
AREA = "backups"
CHECK_EVERY_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 15 * 1000
_RESTORED = "_affido_restored"
#: a progress dialog that never shows by itself (the silent automatic copy)
_NEVER_MS = 24 * 3600 * 1000


def mark_restored(ctx) -> None:
    """The database was replaced under this context: no more automatic copies of it."""
    setattr(ctx, _RESTORED, True)


def is_restored(ctx) -> bool:
    return bool(getattr(ctx, _RESTORED, False))


def current_status(ctx) -> backups.BackupStatus | None:
    """The backup status of the open database (None on PostgreSQL)."""
    if ctx.db.path is None:
        return None
    with ctx.sessions() as s:
        return backups.status_for(s, ctx.db.path)


def _job(ctx) -> Callable[[Callable[[int, str], None]], backups.BackupResult]:
    """The copy as a function for a worker thread: everything it needs is read here, in the
    GUI thread (the worker opens no session of the application)."""
    path, key = ctx.db.path, ctx.db.key
    with ctx.sessions() as s:
        folder = backups.backup_folder(s)

    def work(report: Callable[[int, str], None]) -> backups.BackupResult:
        return backups.make_backup(path, key, folder, progress=lambda p: report(p, ""))

    return work


def back_up_now(parent: QWidget | None, ctx,
                on_done: Callable[[backups.BackupResult], None] | None = None,
                on_finished: Callable[[], None] | None = None):
    """A copy asked for by an administrator: progress after half a second, cancel, an audit
    row, the views told. ``on_finished`` runs in every case (done, failed, cancelled).
    Returns the worker thread (None on PostgreSQL)."""
    if ctx.db.path is None:
        return None

    def done(result: backups.BackupResult) -> None:
        run_op(parent, ctx, lambda s: backups.record_backup(s, ctx.actor, result),
               changes=(AREA,), quiet=True)
        ctx.notify({AREA})
        if on_finished is not None:
            on_finished()
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        ctx.notify({AREA})
        if on_finished is not None:
            on_finished()
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, AffidoError):
            QMessageBox.warning(parent, tr("Backup not made"), exc.message)
        else:
            raise exc

    return run_slow(parent, tr("Backing up the database…"), _job(ctx), on_done=done,
                    on_error=failed)


class BackupScheduler(QObject):
    """At least one copy a day: checked shortly after the start, then every hour."""

    def __init__(self, ctx, parent: QObject | None = None, *,
                 first_check_ms: int = FIRST_CHECK_MS, every_ms: int = CHECK_EVERY_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.running = None
        self.last_error: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(first_check_ms)
        self.first.timeout.connect(self.check)
        if ctx.db.path is not None:
            self.timer.start()
            self.first.start()

    def check(self):
        """In a worker thread: look at the folder (a slow network folder never blocks the
        window) and make a copy when one is due. Returns the thread (None: nothing started)."""
        if self.running is not None or is_restored(self.ctx) or self.ctx.db.path is None:
            return None
        path, key = self.ctx.db.path, self.ctx.db.key
        try:
            with self.ctx.sessions() as s:
                folder = backups.backup_folder(s)
        except Exception:  # a database that cannot be read right now: try again later
            log.warning("backup folder not read", exc_info=True)
            return None

        def work(report):
            if not backups.backup_status(folder, path).due:
                return None
            return backups.make_backup(path, key, folder, progress=lambda p: report(p, ""))

        self.running = run_slow(None, tr("Backing up the database…"), work,
                                on_done=self._done, on_error=self._failed, delay_ms=_NEVER_MS)
        return self.running

    def _done(self, result) -> None:
        self.running = None
        self.last_error = None
        if result is not None:
            self.ctx.notify({AREA})

    def _failed(self, exc: BaseException) -> None:
        self.running = None
        self.last_error = exc.message if isinstance(exc, AffidoError) else type(exc).__name__
        log.warning("automatic backup not made")
        self.ctx.notify({AREA})  # the dashboard keeps warning

    def stop(self) -> None:
        """No more copies; one under way is waited for (the application is ending)."""
        self.timer.stop()
        self.first.stop()
        thread, self.running = self.running, None
        if thread is not None and isValid(thread) and thread.isRunning():
            thread.wait(120_000)


def backup_at_close(ctx, parent: QWidget | None = None) -> backups.BackupResult | None:
    """The copy made when Affido closes: a small progress dialog that can skip it. A copy that
    fails is reported (the database itself is unharmed)."""
    if ctx.db.path is None or is_restored(ctx):
        return None
    try:
        work = _job(ctx)
    except Exception:
        log.warning("backup at close not started", exc_info=True)
        return None
    dialog = QProgressDialog(tr("Backing up the database before closing…"), tr("Skip"), 0, 100,
                             parent)
    dialog.setObjectName("closingBackup")
    dialog.setWindowTitle(tr("Backup"))
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def report(percent: int, _text: str) -> None:
        QApplication.processEvents()
        if dialog.wasCanceled():
            raise Cancelled()
        dialog.setValue(percent)

    try:
        return work(report)
    except Cancelled:
        return None
    except AffidoError as exc:
        QMessageBox.warning(parent, tr("Backup not made"),
                            tr("The backup made when Affido closes did not succeed: {reason} "
                               "The database itself is unharmed.").format(reason=exc.message))
        return None
    finally:
        dialog.close()
        dialog.deleteLater()


class BackupWarning(QFrame):
    """The dashboard's banner: shown when the last good copy is too old or missing."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupWarning")
        self.setStyleSheet("QFrame#backupWarning { background: #fff4e0; border: 1px solid "
                           "#d99a2b; border-radius: 6px; }"
                           "QFrame#backupWarning QLabel { background: transparent; }")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("backupWarningText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(tr("Back up now"))
        self.button.setObjectName("backupNow")
        self.button.clicked.connect(self.back_up)
        self.allowed = backups.can_manage(ctx.actor)
        self._thread = None
        self.button.setVisible(self.allowed)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(12)
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, areas) -> None:
        if AREA in set(areas):
            self.refresh()

    def refresh(self) -> None:
        try:
            status = current_status(self.ctx)
        except Exception:
            log.warning("backup status not read", exc_info=True)
            status = None
        if status is None or not status.stale:
            self.setVisible(False)
            return
        text = status.message()
        if not self.allowed:
            text += " " + tr("Ask an administrator to make one (Tools → Backups…).")
        self.text.setText(text)
        self.setVisible(True)

    def back_up(self):
        """Once at a time: a second click while the copy runs does nothing."""
        if self._thread is not None and isValid(self._thread) and self._thread.isRunning():
            return self._thread
        self._thread = back_up_now(self.window(), self.ctx)
        return self._thread
