"""Changing one's own password (File → "Change password…"), and the pieces every screen that
sets a new password shares: the new password typed twice, with the rules shown and ticked off
as the user types (:class:`NewPasswordFields`).

After a login with a password an administrator set, the change is mandatory
(:meth:`PasswordDialog.require_change`): the password just typed at the login counts as the
current one, and giving up closes Affido.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.db import keyring as kr
from affido_app.errors import AffidoError, ValidationError
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.form import ERROR_COLOR, set_invalid

OK_COLOR = "#2e7d32"
TODO_COLOR = "#5f6b76"


def error_label(name: str) -> QLabel:
    """A message shown under a field (hidden while empty)."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "fieldError")
    label.setStyleSheet(f"QLabel#{name} {{ color: {ERROR_COLOR}; }}")
    label.setWordWrap(True)
    label.hide()
    return label


def show_field_error(label: QLabel, editor: QWidget | None, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))
    if editor is not None:
        set_invalid(editor, bool(message))


def submit_buttons(dialog: QDialog, ok_text: str, name: str) -> tuple[QDialogButtonBox,
                                                                      QPushButton]:
    """OK (``ok_text``, calling ``dialog.submit``, which accepts when it succeeds) and Cancel."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(name)
    buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.submit)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def password_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class NewPasswordFields(QWidget):
    """A new password, typed twice, with the rules ticked off as the user types.

    ``username()`` (a callable) gives the account's username, for the "not the username"
    rule. :meth:`problem` is None when the password may be submitted (the service checks
    again)."""

    changed = Signal()

    def __init__(self, username=lambda: "", parent: QWidget | None = None, *,
                 label: str | None = None):
        super().__init__(parent)
        from affido_app.services.auth import MIN_PASSWORD_LENGTH

        self._username = username
        self.minimum = MIN_PASSWORD_LENGTH
        self.password = password_edit("newPassword")
        self.repeat = password_edit("repeatPassword")
        self.error = error_label("newPasswordError")
        self.repeat_error = error_label("repeatPasswordError")
        self.rules = {
            "length": QLabel(tr("at least {n} characters").format(n=MIN_PASSWORD_LENGTH)),
            "username": QLabel(tr("different from the username")),
            "match": QLabel(tr("typed the same way twice")),
        }
        box = QVBoxLayout()
        box.setSpacing(2)
        heading = QLabel(tr("The password must be:"))
        heading.setObjectName("passwordRulesHeading")
        box.addWidget(heading)
        for key, rule in self.rules.items():
            rule.setObjectName(f"rule_{key}")
            box.addWidget(rule)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout()
        column.addWidget(self.password)
        column.addWidget(self.error)
        form.addRow(label or tr("&New password:"), column)
        form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(
            self.password)
        column2 = QVBoxLayout()
        column2.addWidget(self.repeat)
        column2.addWidget(self.repeat_error)
        form.addRow(tr("&Repeat it:"), column2)
        form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(
            self.repeat)
        form.addRow("", box)
        self.password.textChanged.connect(self.update_rules)
        self.repeat.textChanged.connect(self.update_rules)
        self.update_rules()

    def text(self) -> str:
        return self.password.text()

    def states(self) -> dict[str, bool]:
        new = kr.normalize_password(self.password.text())
        user = (self._username() or "").strip().casefold()
        return {
            "length": len(new) >= self.minimum and bool(new.strip()),
            "username": bool(new) and new.strip().casefold() != user,
            "match": bool(new) and new == kr.normalize_password(self.repeat.text()),
        }

    def update_rules(self) -> None:
        for key, ok in self.states().items():
            rule = self.rules[key]
            text = rule.text().lstrip("✓• ").strip()
            rule.setText(("✓ " if ok else "• ") + text)
            rule.setStyleSheet(f"color: {OK_COLOR if ok else TODO_COLOR};")
        if self.error.isVisible():
            show_field_error(self.error, self.password, None)
        if self.repeat_error.isVisible() and self.states()["match"]:
            show_field_error(self.repeat_error, self.repeat, None)
        self.changed.emit()

    def problem(self) -> bool:
        """Show what is wrong next to the fields; True when something is."""
        states = self.states()
        if not states["length"]:
            show_field_error(self.error, self.password, tr(
                "The password must have at least {n} characters.").format(n=self.minimum))
            return True
        if not states["username"]:
            show_field_error(self.error, self.password,
                             tr("The password cannot be the username."))
            return True
        if not states["match"]:
            show_field_error(self.repeat_error, self.repeat,
                             tr("The two passwords are different: type the same one twice."))
            return True
        return False

    def show_error(self, message: str) -> None:
        show_field_error(self.error, self.password, message)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.password.clear()
        self.repeat.clear()


def show_errors(errors: Mapping[str, str], fields: Mapping[str, tuple[QLabel, QWidget]],
                password: NewPasswordFields, general: QLabel) -> None:
    """Each service message next to its field (``fields``: name → (error label, editor)); a
    password message under the new password, anything else in ``general``."""
    for field, message in errors.items():
        if field in fields:
            show_field_error(*fields[field], message)
        elif "password" in field:
            password.show_error(message)
        else:
            show_field_error(general, None, message)


class PasswordDialog(QDialog):
    """The acting user changes their own password.

    ``current``: the password already typed (the login just made): the "current password"
    field is not asked. ``mandatory``: the password was set by an administrator and must be
    changed before working (Cancel becomes "Quit Affido")."""

    def __init__(self, parent: QWidget | None, ctx, *, current: str | None = None,
                 mandatory: bool = False, first: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self._current = current
        self.mandatory = mandatory
        self.setObjectName("passwordDialog")
        self.setWindowTitle(tr("Change password"))
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        if mandatory:
            note = QLabel(tr("No account of this database has a password yet: choose yours "
                             "before you start working. From now on Affido asks everyone to "
                             "log in.") if first else
                          tr("Your password was set by an administrator: choose a new one, "
                             "known only to you, before you start working."))
            note.setObjectName("mandatoryNote")
            note.setWordWrap(True)
            font = QFont(note.font())
            font.setBold(True)
            note.setFont(font)
            layout.addWidget(note)
        who = QLabel(tr("Operator: {name}").format(name=ctx.actor_name or ctx.actor.username))
        layout.addWidget(who)

        self.old = password_edit("oldPassword")
        self.old_error = error_label("oldPasswordError")
        self.old.textEdited.connect(lambda _t: show_field_error(self.old_error, self.old, None))
        if current is None:
            form = QFormLayout()
            column = QVBoxLayout()
            column.addWidget(self.old)
            column.addWidget(self.old_error)
            form.addRow(tr("&Current password:"), column)
            form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.old)
            layout.addLayout(form)
        self.new = NewPasswordFields(lambda: ctx.actor.username)
        layout.addWidget(self.new)
        self.general_error = error_label("passwordGeneralError")
        layout.addWidget(self.general_error)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(tr("Change password"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("changePassword")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            tr("Quit Affido") if mandatory else tr("Cancel"),
            QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.old if current is None else self.new.password).setFocus()

    @classmethod
    def change(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        dialog = cls(parent, ctx)
        if not exec:
            return dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(parent, tr("Password changed"),
                                    tr("Your password has been changed."))
            return True
        return False

    @classmethod
    def require_change(cls, parent: QWidget | None, ctx, current: str, *,
                       exec: bool = True):
        """The mandatory change after a login; False: the user gave up (Affido closes)."""
        dialog = cls(parent, ctx, current=current, mandatory=True)
        if not exec:
            return dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    @classmethod
    def require_first(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        """A database where nobody has a password yet (an empty PostgreSQL database, a file
        made before logins existed): the user chooses one before working; False: gave up."""
        dialog = cls(parent, ctx, current="", mandatory=True, first=True)
        if not exec:
            return dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def submit(self) -> bool:
        from affido_app.db.keyring import LoginRefused
        from affido_app.services import auth

        show_field_error(self.general_error, None, None)
        old = self._current if self._current is not None else self.old.text()
        if self._current is None and not old:
            show_field_error(self.old_error, self.old, tr("Type your current password."))
            return False
        if self.new.problem():
            return False
        try:
            # attempt(): a wrong current password stays recorded as a failed attempt
            auth.attempt(self.ctx.db.sessions, auth.change_password, self.ctx.actor, old,
                         self.new.text())
        except LoginRefused as exc:
            if exc.field == "old_password" or self._current is None:
                target = self.old_error if self._current is None else self.general_error
                show_field_error(target, self.old if self._current is None else None,
                                 exc.message)
                self.old.clear()
            else:
                show_field_error(self.general_error, None, exc.message)
            return False
        except ValidationError as exc:
            errors = exc.errors
            message = errors.get("new_password") or errors.get("password") or exc.message
            self.new.show_error(message)
            return False
        except AffidoError as exc:
            show_field_error(self.general_error, None, exc.message)
            return False
        if self._current is not None:
            self._current = self.new.text()
        self.new.clear()
        self.accept()
        return True

    def reject(self) -> None:
        if self.mandatory:
            from affido_app.ui.dialogs.form_dialog import confirm

            if not confirm(self, tr("Quit Affido"),
                           tr("Without a new password you cannot work in Affido. Quit now?"),
                           tr("Quit Affido")):
                return
        super().reject()

