"""The idle lock: after a time without activity, personal data leaves the screen until the user
who is working types their password again (issue 7, point 5).

:class:`IdleLock` is an application-wide event filter: a key pressed, a mouse moved or clicked, a
wheel turned anywhere in Affido counts as activity. A timer checks now and then how long the
application has been idle; past the limit (setting ``security.idle_minutes``, 10 minutes by
default, read at start) it locks:

- every window of the application is hidden (the main window, open records, documents);
- a window that cannot be hidden without ending it — a modal dialog waiting for an answer, e.g. a
  form being filled in or a message — is covered instead, and its title replaced;
- open menus and pop-ups are closed (they hold no unsaved work);
- a window that appears while locked (a message at the end of a slow operation) is covered too;
- :class:`~affido_app.ui.dialogs.lock_dialog.LockDialog` asks the password.

Nothing is closed, reset or reloaded: unsaved edits survive. After the right password everything
comes back as it was, the window that was active gets the focus back. While the user has no
password (databases made before login existed) the lock asks nothing: "Resume" brings the
windows back. "Quit" ends the application after a confirmation (unsaved changes are lost).

The clock is injectable: tests drive time with a fake clock and call :meth:`IdleLock.check`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QVBoxLayout, QWidget
from shiboken6 import isValid

from affido_app.errors import AffidoError
from affido_app.ui.dialogs.lock_dialog import LockDialog
from affido_app.ui.i18n import tr

log = logging.getLogger(__name__)

SETTING = "security.idle_minutes"
DEFAULT_MINUTES = 10
#: an idle time outside these bounds is a mistake in the settings: the default applies
MIN_MINUTES, MAX_MINUTES = 1, 240
#: how often the idle time is looked at, at most (the lock comes at most this late)
CHECK_EVERY_MS = 5000

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove,
})


def default_clock() -> float:
    """Seconds that keep counting while the PC sleeps, where the system offers such a clock
    (Linux: CLOCK_BOOTTIME; on Windows ``time.monotonic`` already does), so that waking the PC
    after a long pause finds Affido locked."""
    if _BOOTTIME is not None:
        return time.clock_gettime(_BOOTTIME)
    return time.monotonic()


_BOOTTIME = getattr(time, "CLOCK_BOOTTIME", None)


def idle_minutes(s) -> int:
    """The idle time from the settings, in minutes (the default when missing or out of bounds)."""
    from affido_app.services.settings import get_setting

    try:
        minutes = int(get_setting(s, SETTING))
    except (KeyError, TypeError, ValueError):
        return DEFAULT_MINUTES
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else DEFAULT_MINUTES


class _Cover(QWidget):
    """An opaque sheet over a window that must stay open (a modal dialog in its own loop)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("idleLockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        label = QLabel(tr("Affido is locked"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.title = window.windowTitle()
        window.setWindowTitle(tr("Affido — locked"))
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parent():
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False

    def remove(self) -> None:
        window = self.parentWidget()
        if window is not None:
            window.removeEventFilter(self)
            window.setWindowTitle(self.title)
        self.hide()
        self.setParent(None)
        self.deleteLater()


class IdleLock(QObject):
    """``IdleLock(app, timeout_ms, verify, clock=None)``: lock ``app`` after ``timeout_ms`` of
    inactivity. ``verify(password) -> bool`` checks the password of the user who is working
    (it may raise :class:`~affido_app.errors.AffidoError`, e.g. while attempts are delayed: its
    message is shown); None while that user has no password: the lock then only asks to resume.
    ``clock() -> seconds`` (default :func:`default_clock`). ``on_quit`` ends the application
    when the user confirms "Quit" (default: ``app.exit(0)``, which leaves every open dialog).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, app: QApplication, timeout_ms: int,
                 verify: Callable[[str], bool] | None, clock: Callable[[], float] | None = None,
                 *, user_name: str = "", on_quit: Callable[[], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        if timeout_ms <= 0:
            raise ValueError("timeout_ms must be positive")
        self.app = app
        self.timeout_ms = int(timeout_ms)
        self.verify = verify
        self.clock = clock or default_clock
        self.user_name = user_name
        self.on_quit = on_quit or (lambda: app.exit(0))
        self.dialog: LockDialog | None = None
        self._quitting = False
        self._last_activity = self.clock()
        self._hidden: list[QWidget] = []
        self._covers: list[_Cover] = []
        self._active: QWidget | None = None
        self._focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(min(CHECK_EVERY_MS, self.timeout_ms))
        self.timer.timeout.connect(self.check)
        app.installEventFilter(self)
        self.timer.start()

    # --- time ---

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """A new idle time (the setting changed): it counts from the last activity."""
        if timeout_ms <= 0:
            raise ValueError("timeout_ms must be positive")
        self.timeout_ms = int(timeout_ms)
        self.timer.setInterval(min(CHECK_EVERY_MS, self.timeout_ms))

    def idle_seconds(self) -> float:
        return self.clock() - self._last_activity

    def is_locked(self) -> bool:
        return self.dialog is not None

    def check(self) -> bool:
        """Lock if the application has been idle long enough; True while locked."""
        if not self.is_locked() and self.idle_seconds() * 1000 >= self.timeout_ms:
            self.lock()
        return self.is_locked()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY:
            if self.dialog is None:
                self._last_activity = self.clock()
        elif kind == QEvent.Type.Show and self.dialog is not None:
            self._shown_while_locked(watched)
        return False

    # --- locking ---

    def lock(self, *, by_user: bool = False) -> None:
        """Take every window off the screen and ask for the password (``by_user``: the user
        asked for it, File → Lock now)."""
        if self.is_locked():
            return
        log.info("Affido locked %s", "by the user" if by_user else "after a time without activity")
        self._active = QApplication.activeWindow()
        self._focus = QApplication.focusWidget()
        self._close_popups()
        self.dialog = LockDialog(user_name=self.user_name,
                                 minutes=None if by_user else max(1, round(self.timeout_ms
                                                                           / 60000)),
                                 asks_password=self.verify is not None)
        self.dialog.unlock_requested.connect(self.try_unlock)
        self.dialog.resume_requested.connect(self._resume)
        self.dialog.quit_requested.connect(self._quit)
        for window in self.app.topLevelWidgets():
            if window is self.dialog or not window.isVisible() or self._is_transient(window):
                continue
            if self._must_stay_open(window):
                self._covers.append(_Cover(window))
            else:
                self._hidden.append(window)
                window.hide()
        self.dialog.present()
        self.locked.emit()

    @staticmethod
    def _must_stay_open(window: QWidget) -> bool:
        """A modal window runs its own loop (``exec``): hiding it would end it, as a Cancel."""
        return window.isModal() or window.windowModality() != Qt.WindowModality.NonModal

    @staticmethod
    def _is_transient(window: QWidget) -> bool:
        kind = window.windowType()
        return kind in (Qt.WindowType.ToolTip, Qt.WindowType.Popup, Qt.WindowType.Desktop)

    def _close_popups(self) -> None:
        QToolTip.hideText()
        for _ in range(20):  # nested menus close one at a time
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()

    def _owned_by_lock(self, widget: QWidget) -> bool:
        obj: QObject | None = widget
        while obj is not None:
            if obj is self.dialog:
                return True
            obj = obj.parent()
        return False

    def _shown_while_locked(self, watched: QObject) -> None:
        """A window that opens while locked (say, the message at the end of a slow operation)
        is covered before it is painted, and the lock stays in front."""
        if not (isinstance(watched, QWidget) and watched.isWindow()):
            return
        if (isinstance(watched, _Cover) or self._is_transient(watched)
                or self._owned_by_lock(watched)
                or any(isValid(c) and c.parentWidget() is watched for c in self._covers)):
            return
        self._covers.append(_Cover(watched))
        QTimer.singleShot(0, self._raise_dialog)

    def _raise_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()

    # --- unlocking ---

    def try_unlock(self, password: str) -> bool:
        """Unlock if ``password`` is right; otherwise say so next to the field."""
        if self.dialog is None:
            return True
        if self.verify is None:
            self.unlock()
            return True
        try:
            ok = bool(self.verify(password))
        except AffidoError as exc:
            self.dialog.show_error(exc.message)
            return False
        if not ok:
            log.info("Idle lock: wrong password")
            self.dialog.show_error(tr("Wrong password. Try again."))
            return False
        self.unlock()
        return True

    def _resume(self) -> None:
        if self.verify is None:
            self.unlock()

    def unlock(self) -> None:
        """Everything back as it was."""
        if self.dialog is None:
            return
        dialog, self.dialog = self.dialog, None  # from here on, windows may show again
        for window in self._hidden:
            if isValid(window):
                window.show()
        for cover in self._covers:
            if isValid(cover):
                cover.remove()
        self._hidden, self._covers = [], []
        dialog.dismiss()
        active, focus = self._active, self._focus
        self._active = self._focus = None
        if active is not None and isValid(active) and active.isVisible():
            active.raise_()
            active.activateWindow()
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._last_activity = self.clock()
        log.info("Affido unlocked")
        self.unlocked.emit()

    def _quit(self) -> None:
        log.info("Affido closed from the idle lock")
        self._quitting = True  # from now on nothing comes back on the screen
        self.on_quit()

    def uninstall(self) -> None:
        """Stop watching; if locked, give the windows back (unless the user chose to quit)."""
        self.timer.stop()
        self.app.removeEventFilter(self)
        if self._quitting and self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            self._hidden, self._covers = [], []
            dialog.dismiss()
        self.unlock()


def install_idle_lock(app: QApplication, ctx, *, clock: Callable[[], float] | None = None
                      ) -> IdleLock:
    """The idle lock of a running application: the idle time from the settings (read now), the
    acting user's password check from ``ctx`` (see ``AppContext.password_verifier``)."""
    with ctx.sessions() as s:
        minutes = idle_minutes(s)
    verifier = getattr(ctx, "password_verifier", None)
    verify = verifier() if callable(verifier) else None
    lock = IdleLock(app, minutes * 60_000, verify, clock, parent=app,
                    user_name=ctx.actor_name or ctx.actor.username)
    lock_requested = getattr(ctx, "lock_requested", None)
    if lock_requested is not None:
        lock_requested.connect(lambda: lock.lock(by_user=True))
    changed = getattr(ctx, "changed", None)
    if changed is not None:
        changed.connect(lambda areas: "settings" in areas and _reread(lock, ctx))
    return lock


def _reread(lock: IdleLock, ctx) -> None:
    """The settings changed: the idle time applies at once."""
    with ctx.sessions() as s:
        lock.set_timeout_ms(idle_minutes(s) * 60_000)
