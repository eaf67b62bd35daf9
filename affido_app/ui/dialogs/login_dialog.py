"""The login screen, and "Password dimenticata?" (the recovery code of an encrypted database).

How a login opens the database depends on the database, and is a *gate*:

- :class:`UnlockGate` — an encrypted SQLite database with its key file: the login unlocks it
  (``services.auth.open_with_login``); an administrator who forgot the password uses the
  recovery code (``reset_with_recovery``);
- :class:`OpenGate` — a database already open (the demo, opened with its public key;
  PostgreSQL; a database opened with ``AFFIDO_DB_KEY``): the login checks the password in the
  database (``services.auth.sign_in``).

Errors are shown next to the field they are about; after repeated failures the service asks to
wait: the message counts the seconds down and "Accedi" stays disabled until then.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.db import keyring as kr
from affido_app.errors import AffidoError, ValidationError
from affido_app.ui.dialogs.password_dialog import (
    NewPasswordFields,
    error_label,
    password_edit,
    show_errors,
    show_field_error,
    submit_buttons,
)
from affido_app.ui.i18n import tr
from affido_app.ui.icons import app_icon

Now = Callable[[], "dt.datetime | None"]


def _no_clock() -> None:
    return None


class Gate:
    """How a login opens the database (see the module's docstring)."""

    can_recover = False

    def __init__(self, now: Now = _no_clock):
        self.now = now

    def sign_in(self, username: str, password: str):  # -> (Database, Actor)
        raise NotImplementedError

    def recover(self, code: str, username: str, new_password: str):
        raise NotImplementedError

    def close(self) -> None:
        """Nobody logged in: let go of what the gate holds."""


class UnlockGate(Gate):
    """An encrypted SQLite database: each login unlocks it with the user's password."""

    can_recover = True

    def __init__(self, path: str | Path, now: Now = _no_clock):
        super().__init__(now)
        self.path = Path(path)

    def sign_in(self, username: str, password: str):
        from affido_app.services import auth

        return auth.open_with_login(self.path, username, password, now=self.now())

    def recover(self, code: str, username: str, new_password: str):
        from affido_app.services import auth

        return auth.reset_with_recovery(self.path, code, username, new_password,
                                        now=self.now())


class OpenGate(Gate):
    """A database already open: the login checks the password inside it."""

    def __init__(self, db, now: Now = _no_clock):
        super().__init__(now)
        self.db = db
        self._used = False

    def sign_in(self, username: str, password: str):
        from affido_app.services import auth

        actor = auth.sign_in(self.db.sessions, username, password, now=self.now())
        self._used = True
        return self.db, actor

    def close(self) -> None:
        if not self._used:
            self.db.dispose()


@dataclass
class LoginResult:
    db: Any
    actor: Any
    #: the password typed (the mandatory change that may follow counts it as the current one)
    password: str


class LoginDialog(QDialog):
    """``LoginDialog.ask(parent, gate, demo_accounts=…)`` → :class:`LoginResult` or None.

    ``demo_accounts``: (username, full name, role label) shown on the demo, click to fill;
    ``demo_password`` their password. ``clock``: monotonic seconds, for the countdown."""

    def __init__(self, gate: Gate, *, demo_accounts: Sequence[tuple[str, str, str]] = (),
                 demo_password: str = "", username: str = "", database: str = "",
                 parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.gate = gate
        self.clock = clock
        self.result_value: LoginResult | None = None
        self.demo_password = demo_password
        self._wait_until: float | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(tr("Affido — sign in"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(440)

        title = QLabel(tr("Sign in to Affido"))
        title.setObjectName("loginTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(tr("“Mi affido a te” — daytime foster care for older people"))
        subtitle.setObjectName("loginSubtitle")
        subtitle.setStyleSheet("color: #5f6b76;")

        self.username = QLineEdit(username)
        self.username.setObjectName("loginUsername")
        self.username.setPlaceholderText(tr("e.g. m.rossi"))
        self.username_error = error_label("loginUsernameError")
        self.password = password_edit("loginPassword")
        self.password_error = error_label("loginPasswordError")
        self.username.textEdited.connect(lambda _t: self._clear_errors())
        self.password.textEdited.connect(lambda _t: self._clear_errors())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        user_box = QVBoxLayout()
        user_box.setSpacing(2)
        user_box.addWidget(self.username)
        user_box.addWidget(self.username_error)
        form.addRow(tr("&Username:"), user_box)
        password_box = QVBoxLayout()
        password_box.setSpacing(2)
        password_box.addWidget(self.password)
        password_box.addWidget(self.password_error)
        form.addRow(tr("&Password:"), password_box)
        for row, editor in ((0, self.username), (1, self.password)):
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setBuddy(editor)

        self.general_error = error_label("loginGeneralError")
        self.sign_in_button = QPushButton(tr("Sign in"))
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.forgot_button = QPushButton(tr("Forgot your password?"))
        self.forgot_button.setObjectName("forgotPassword")
        self.forgot_button.setFlat(True)
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet("QPushButton#forgotPassword { color: #2f5d8a; "
                                         "text-decoration: underline; border: none; }")
        self.forgot_button.clicked.connect(self.forgot_password)
        self.quit_button = QPushButton(tr("Quit"))
        self.quit_button.setObjectName("loginQuit")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)

        buttons = QGridLayout()
        buttons.addWidget(self.forgot_button, 0, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.setColumnStretch(1, 1)
        buttons.addWidget(self.quit_button, 0, 2)
        buttons.addWidget(self.sign_in_button, 0, 3)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        if database:
            where = QLabel(tr("Database: {where}").format(where=database))
            where.setObjectName("loginDatabase")
            where.setStyleSheet("color: #5f6b76;")
            where.setWordWrap(True)
            layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

        self.demo_buttons: dict[str, QPushButton] = {}
        if demo_accounts:
            layout.addWidget(self._demo_box(demo_accounts))

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        (self.password if username else self.username).setFocus()

    def _demo_box(self, accounts: Sequence[tuple[str, str, str]]) -> QWidget:
        box = QFrame()
        box.setObjectName("demoAccounts")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setStyleSheet("QFrame#demoAccounts { background: #eef2f6; border-radius: 4px; }")
        grid = QGridLayout(box)
        heading = QLabel(tr("Demo database: invented data. Click an account to fill in the "
                            "form; every password is “{password}”.")
                         .format(password=self.demo_password))
        heading.setWordWrap(True)
        grid.addWidget(heading, 0, 0, 1, 3)
        for row, (username, full_name, role) in enumerate(accounts, start=1):
            button = QPushButton(username)
            button.setObjectName(f"demo_{username}")
            button.setAutoDefault(False)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, u=username: self.fill(u, self.demo_password))
            self.demo_buttons[username] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(QLabel(role), row, 1)
            grid.addWidget(QLabel(full_name), row, 2)
        grid.setColumnStretch(2, 1)
        return box

    # --- entry point ---

    @classmethod
    def ask(cls, parent: QWidget | None, gate: Gate, **options) -> LoginResult | None:
        dialog = cls(gate, parent=parent, **options)
        dialog.exec()
        return dialog.result_value

    # --- what the user does ---

    def fill(self, username: str, password: str) -> None:
        self.username.setText(username)
        self.password.setText(password)
        self._clear_errors()
        self.sign_in_button.setFocus()

    def submit(self) -> bool:
        from affido_app.db.keyring import LoginRefused

        if self._wait_until is not None:
            return False
        self._clear_errors()
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            show_field_error(self.username_error, self.username, tr("Type your username."))
            self.username.setFocus()
            return False
        if not password:
            show_field_error(self.password_error, self.password, tr("Type your password."))
            self.password.setFocus()
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db, actor = self.gate.sign_in(username, password)
        except LoginRefused as exc:
            self._refused(exc)
            return False
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except AffidoError as exc:
            show_field_error(self.general_error, None, exc.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_value = LoginResult(db, actor, password)
        self.password.clear()
        self.accept()
        return True

    def forgot_password(self) -> None:
        if self.demo_buttons:
            QMessageBox.information(self, tr("Forgot your password?"), tr(
                "This is the demo: every account's password is “{password}”.")
                .format(password=self.demo_password))
            return
        if not self.gate.can_recover:
            QMessageBox.information(self, tr("Forgot your password?"), tr(
                "Ask an administrator of Affido to set a new password for you: you will "
                "change it at your first login."))
            return
        result = RecoveryDialog.recover(self, self.gate, username=self.username.text())
        if result is not None:
            self.result_value = result
            self.accept()

    # --- messages ---

    def _refused(self, exc) -> None:
        self.password.clear()
        if exc.wait_seconds > 0:
            self._wait_until = self.clock() + exc.wait_seconds
            self.sign_in_button.setEnabled(False)
            self.tick()
            self._timer.start()
            return
        if exc.field == "username":
            show_field_error(self.username_error, self.username, exc.message)
        else:
            show_field_error(self.password_error, self.password, exc.message)
        self.password.setFocus()

    def tick(self) -> None:
        """The countdown of the wait after repeated failures."""
        if self._wait_until is None:
            return
        left = self._wait_until - self.clock()
        if left <= 0:
            self._wait_until = None
            self._timer.stop()
            self.sign_in_button.setEnabled(True)
            show_field_error(self.password_error, None, None)
            self.password.setFocus()
            return
        show_field_error(self.password_error, None, kr.wait_message(math.ceil(left)))

    def waiting(self) -> bool:
        return self._wait_until is not None

    def _show_errors(self, exc: ValidationError) -> None:
        shown = False
        for field, message in exc.errors.items():
            if field == "username":
                show_field_error(self.username_error, self.username, message)
                shown = True
            elif "password" in field:
                show_field_error(self.password_error, self.password, message)
                shown = True
        if not shown:
            show_field_error(self.general_error, None, exc.message)

    def _clear_errors(self) -> None:
        show_field_error(self.username_error, self.username, None)
        show_field_error(self.general_error, None, None)
        if self._wait_until is None:
            show_field_error(self.password_error, self.password, None)

    def done(self, result: int) -> None:
        self._timer.stop()
        if self.result_value is None:
            self.password.clear()
        super().done(result)


class RecoveryDialog(QDialog):
    """An administrator who forgot the password: the recovery code (printed when the database
    was created), the username and a new password."""

    def __init__(self, gate: Gate, *, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.gate = gate
        self.result_value: LoginResult | None = None
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(tr("Forgot your password?"))
        self.setMinimumWidth(560)
        intro = QLabel(tr(
            "An administrator who forgot the password can set a new one with the recovery "
            "code, printed on the recovery sheet when the database was created (14 groups of "
            "4 characters). The other operators ask an administrator to set a new password."))
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCode")
        self.code.setPlaceholderText("ABCD-EFGH-IJKL-…")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.code.setFont(mono)
        self.code_error = error_label("recoveryCodeError")
        self.username = QLineEdit(username)
        self.username.setObjectName("recoveryUsername")
        self.username_error = error_label("recoveryUsernameError")
        self.new = NewPasswordFields(lambda: self.username.text())
        self.general_error = error_label("recoveryGeneralError")
        self.code.textEdited.connect(
            lambda _t: show_field_error(self.code_error, self.code, None))
        self.username.textEdited.connect(
            lambda _t: show_field_error(self.username_error, self.username, None))

        form = QFormLayout()
        for label, editor, error in ((tr("Recovery &code:"), self.code, self.code_error),
                                     (tr("Administrator's &username:"), self.username,
                                      self.username_error)):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            form.addRow(label, box)
            form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget() \
                .setBuddy(editor)
        buttons, self.ok_button = submit_buttons(self, tr("Set the password and sign in"),
                                                 "recover")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    @classmethod
    def recover(cls, parent: QWidget | None, gate: Gate, *, username: str = ""
                ) -> LoginResult | None:
        dialog = cls(gate, username=username, parent=parent)
        dialog.exec()
        return dialog.result_value

    def submit(self) -> bool:
        show_field_error(self.general_error, None, None)
        if not self.code.text().strip():
            show_field_error(self.code_error, self.code, tr("Type the recovery code."))
            return False
        if not self.username.text().strip():
            show_field_error(self.username_error, self.username, tr("Type your username."))
            return False
        if self.new.problem():
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db, actor = self.gate.recover(self.code.text(), self.username.text().strip(),
                                          self.new.text())
        except ValidationError as exc:
            show_errors(exc.errors, {"recovery_code": (self.code_error, self.code),
                                     "username": (self.username_error, self.username)},
                        self.new, self.general_error)
            return False
        except AffidoError as exc:
            show_field_error(self.general_error, None, exc.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_value = LoginResult(db, actor, self.new.text())
        self.new.clear()
        self.accept()
        return True
