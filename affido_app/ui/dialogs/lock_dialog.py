"""The window shown while Affido is locked after a time without activity.

It asks the password of the user who is working (or, while that user has no password, only a
click on "Resume"), and offers to quit: quitting asks for confirmation, because the changes not
saved in the open forms are lost. It cannot be closed or dismissed with Esc: the application
stays locked until :class:`~affido_app.ui.idle_lock.IdleLock` unlocks it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.i18n import tr
from affido_app.ui.icons import app_icon
from affido_app.ui.widgets.form import ERROR_COLOR


def idle_text(minutes: int | None) -> str:
    """Why Affido is locked: ``minutes`` without activity, or None (the user locked it)."""
    if minutes is None:
        return tr("Affido has been locked, so that no personal data stays on the screen.")
    if minutes == 1:
        return tr("Affido has been locked after a minute without activity, so that no personal "
                  "data stays on the screen.")
    return tr("Affido has been locked after {n} minutes without activity, so that no personal "
              "data stays on the screen.").format(n=minutes)


class LockDialog(QDialog):
    """``unlock_requested(password)`` when the user asks to unlock with a password,
    ``resume_requested`` when there is no password to ask, ``quit_requested`` once quitting has
    been confirmed."""

    unlock_requested = Signal(str)
    resume_requested = Signal()
    quit_requested = Signal()

    def __init__(self, *, user_name: str, minutes: int | None, asks_password: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.asks_password = asks_password
        self._may_close = False
        self.setWindowTitle(tr("Affido — locked"))
        self.setWindowIcon(app_icon())
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        # no close button: the window goes away only when Affido is unlocked
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                            | Qt.WindowType.WindowTitleHint)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setMinimumWidth(460)

        title = QLabel(tr("Affido is locked"))
        title.setObjectName("lockTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.explanation = QLabel(idle_text(minutes) + " "
                                  + tr("Your open forms are kept just as you left them."))
        self.explanation.setObjectName("lockExplanation")
        self.explanation.setWordWrap(True)
        self.user_label = QLabel(tr("Operator: {name}").format(name=user_name))
        self.user_label.setObjectName("lockUser")

        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("Your password"))
        self.password.textEdited.connect(lambda _t: self.clear_error())
        self.password_label = QLabel(tr("&Password:"))
        self.password_label.setBuddy(self.password)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setProperty("role", "fieldError")
        self.error.setStyleSheet(f"QLabel#lockError {{ color: {ERROR_COLOR}; }}")
        self.error.setWordWrap(True)
        self.error.hide()
        self.no_password_note = QLabel(tr(
            "No password has been set for your account yet, so Affido cannot ask for it: "
            "click “Resume” to go back to work. Once passwords are in use, Affido will ask "
            "for yours here."))
        self.no_password_note.setObjectName("lockNoPassword")
        self.no_password_note.setWordWrap(True)

        self.quit_button = QPushButton(tr("&Quit"))
        self.quit_button.setObjectName("lockQuit")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.ask_quit)
        self.unlock_button = QPushButton(tr("&Unlock") if asks_password else tr("&Resume"))
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.user_label)
        if asks_password:
            row = QHBoxLayout()
            row.addWidget(self.password_label)
            row.addWidget(self.password, 1)
            layout.addLayout(row)
            layout.addWidget(self.error)
            self.no_password_note.hide()
        else:
            layout.addWidget(self.no_password_note)
            for w in (self.password, self.password_label, self.error):
                w.hide()
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

    # --- what the user does ---

    def _unlock(self) -> None:
        if not self.asks_password:
            self.resume_requested.emit()
            return
        password = self.password.text()
        if not password:
            self.show_error(tr("Type your password."))
            return
        self.unlock_requested.emit(password)

    def ask_quit(self) -> None:
        if confirm(self, tr("Quit Affido"),
                   tr("Quit Affido now? The changes not saved in the open forms will be lost."),
                   tr("Quit without saving")):
            self.quit_requested.emit()

    # --- what the lock tells ---

    def show_error(self, message: str) -> None:
        """A refused password: the message next to the field, the field emptied for retyping."""
        self.error.setText(message)
        self.error.show()
        self.adjustSize()  # room for the message, the explanation not squeezed
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        (self.password if self.asks_password else self.unlock_button).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        """Hide and let go (the lock is over)."""
        self._may_close = True
        self.password.clear()
        self.hide()
        self.deleteLater()

    # --- no way around it ---

    def reject(self) -> None:  # Esc
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()
