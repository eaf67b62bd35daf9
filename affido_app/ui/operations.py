"""One way to run a user action (design.md, Conventions 4).

:func:`run_op` runs a service call inside a unit of work, turns :class:`AffidoError` into a clear
Italian message (a :class:`ValidationError` goes back to the form, which shows each message next to
its field), and tells the views which areas changed. Slow work goes to a worker thread with a
progress dialog after half a second, and can be cancelled between steps.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid
from sqlalchemy.exc import OperationalError

from affido_app.db.engine import translate_db_error
from affido_app.errors import AffidoError, ValidationError
from affido_app.services.conflicts import is_stale_data_error, stale_conflict
from affido_app.ui.i18n import tr

log = logging.getLogger(__name__)


#: threads of :func:`run_slow` still working, with their worker and receiver
_running: dict[QThread, tuple[QObject, QObject]] = {}


class Cancelled(Exception):
    """The user pressed Cancel during a long operation."""


def run_op(parent: QWidget | None, ctx, fn: Callable[[Any], Any], *,
           changes: Iterable[str] = (), title: str | None = None,
           on_validation: Callable[[ValidationError], None] | None = None,
           quiet: bool = False) -> tuple[bool, Any]:
    """Run ``fn(session)`` in one committed unit of work. Returns (ok, result).

    A :class:`ValidationError` is handed to ``on_validation`` when given (the form shows it next
    to the fields), otherwise shown; any other :class:`AffidoError` is shown in a message box.
    Unknown exceptions propagate to the crash handler (a bug), leaving the caller's form open.
    """
    try:
        result = _unit_of_work(ctx, fn)
    except ValidationError as exc:
        if on_validation is not None:
            on_validation(exc)
        elif not quiet:
            show_error(parent, title, exc.message)
        return False, exc
    except AffidoError as exc:
        if not quiet:
            show_error(parent, title, exc.message)
        return False, exc
    except Exception as exc:
        translated = translate_db_error(exc)
        if translated is None and is_stale_data_error(exc):
            # the save raced another PC's to the database (PostgreSQL): a version conflict
            translated = stale_conflict(exc)
        if translated is None:
            raise
        if not quiet:
            show_error(parent, title, translated.message)
        return False, translated
    changed = list(changes)
    if changed:
        ctx.notify(changed)
    return True, result


#: pauses before trying a unit of work again while another writer holds SQLite's write lock
BUSY_RETRY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8)


def _unit_of_work(ctx, fn: Callable[[Any], Any]) -> Any:
    """``fn(session)`` committed. A SQLite transaction that has read cannot wait for the write
    lock (SQLite refuses it at once, whatever the busy timeout): while another writer (a
    backup, a document being written in the background) holds it, the whole unit of work is
    tried again for a moment before the user is told the database is busy."""
    give_up = time.monotonic() + sum(BUSY_RETRY_PAUSES) + 0.5
    for pause in BUSY_RETRY_PAUSES:
        try:
            with ctx.begin() as s:
                return fn(s)
        except OperationalError as exc:
            if "database is locked" not in str(exc.orig).lower():
                raise
            if time.monotonic() + pause > give_up:
                raise  # it already waited (the busy timeout): the user is told now
        time.sleep(pause)
    with ctx.begin() as s:
        return fn(s)


def show_error(parent: QWidget | None, title: str | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title or tr("Operation not completed"),
                      message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


class _Worker(QObject):
    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Callable[[int, str], None]], Any]):
        super().__init__()
        self.fn = fn
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        def report(percent: int, text: str = "") -> None:
            if self.cancelled:
                raise Cancelled()
            self.progress.emit(int(percent), text)

        try:
            self.done.emit(self.fn(report))
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.failed.emit(exc)


class _Receiver(QObject):
    """Lives in the GUI thread: the worker's signals reach these slots there (queued), so the
    progress dialog and the caller's callbacks are only ever touched from the GUI thread.
    (Plain Python callables connected to a signal would run in the worker's thread.)"""

    def __init__(self, parent: QObject | None, on_progress, on_done, on_failed):
        super().__init__(parent)
        self._progress, self._done, self._failed = on_progress, on_done, on_failed

    @Slot(int, str)
    def progress(self, percent: int, text: str) -> None:
        self._progress(percent, text)

    @Slot(object)
    def done(self, result: Any) -> None:
        self._done(result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self._failed(exc)


def run_slow(parent: QWidget | None, title: str,
             fn: Callable[[Callable[[int, str], None]], Any], *,
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
             | None = None, delay_ms: int = 500) -> QThread:
    """Run ``fn(report)`` in a worker thread; a cancellable progress dialog appears after
    ``delay_ms``. ``report(percent, text)`` raises :class:`Cancelled` once the user cancels.
    ``on_done`` / ``on_error`` run in the GUI thread. ``fn`` must open its own database session
    (never share one across threads)."""
    # The thread and the receiver are not children of ``parent``: a window closed while the
    # work runs must not destroy a running thread (Qt aborts the process). They are kept alive
    # here until the work is over; the callbacks check that the progress dialog still exists.
    thread = QThread()
    worker = _Worker(fn)
    worker.moveToThread(thread)
    dialog = QProgressDialog(title, tr("Cancel"), 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(24 * 3600 * 1000)  # shown by our timer, not by itself
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.hide()
    timer = QTimer(dialog)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: (not worker.cancelled) and thread.isRunning()
                          and dialog.show())
    timer.start(delay_ms)

    def cancel() -> None:
        worker.cancelled = True
        if isValid(dialog):
            dialog.setLabelText(tr("Cancelling…"))

    def progress(percent: int, text: str) -> None:
        if not isValid(dialog):
            return
        dialog.setValue(percent)
        if text:
            dialog.setLabelText(text)

    def finish() -> None:
        if isValid(dialog):
            timer.stop()
            dialog.close()
            dialog.deleteLater()
        thread.quit()
        thread.wait()
        # dropped after this slot has returned (an object is not deleted inside its own slot)
        QTimer.singleShot(0, lambda: _running.pop(thread, None))

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if isinstance(exc, Cancelled):
            return
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, AffidoError):
            show_error(parent if parent is None or isValid(parent) else None, title,
                       exc.message)
        else:
            raise exc

    receiver = _Receiver(None, progress, done, failed)
    _running[thread] = (worker, receiver)
    dialog.canceled.connect(cancel)
    worker.progress.connect(receiver.progress)
    worker.done.connect(receiver.done)
    worker.failed.connect(receiver.failed)
    thread.started.connect(worker.run)
    thread.finished.connect(worker.deleteLater)
    thread._worker = worker  # keep references for the thread's lifetime
    thread._receiver = receiver
    thread.start()
    return thread
