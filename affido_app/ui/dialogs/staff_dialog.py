"""Staff accounts (Tools → "Operatori…", administrators only): the list with role and state, a
new account with its initial password (changed by the user at the first login), a change of role,
deactivation and reactivation (with confirmation), a password reset. Every change goes through
``services/staff.py`` / ``services/auth.py`` with :func:`~affido_app.ui.operations.run_op`; the
services protect the last active administrator.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.dialogs.password_dialog import (
    NewPasswordFields,
    error_label,
    show_field_error,
    submit_buttons,
)
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.format import italian_datetime


def may_manage(ctx) -> bool:
    return ctx.can(Action.UPDATE, Resource.STAFF)


def _role_combo(current: Role | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("role")
    for role in Role:
        combo.addItem(role.label, role)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current))
    return combo


class NewAccountDialog(QDialog):
    """Username, full name, role and initial password of a new account."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.new_id: int | None = None
        self.setObjectName("newAccountDialog")
        self.setWindowTitle(tr("New operator account"))
        self.setMinimumWidth(520)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(tr("e.g. m.rossi"))
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.role = _role_combo(Role.SOCIAL_WORKER)
        self.errors = {"username": error_label("usernameError"),
                       "full_name": error_label("fullNameError"),
                       "role": error_label("roleError")}
        self.editors = {"username": self.username, "full_name": self.full_name,
                        "role": self.role}
        form = QFormLayout()
        for key, label in (("username", tr("&Username:")), ("full_name", tr("&Full name:")),
                           ("role", tr("&Role:"))):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.editors[key])
            box.addWidget(self.errors[key])
            form.addRow(label, box)
            form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget() \
                .setBuddy(self.editors[key])
        for key in ("username", "full_name"):
            self.editors[key].textEdited.connect(
                lambda _t, k=key: show_field_error(self.errors[k], self.editors[k], None))
        self.password = NewPasswordFields(lambda: self.username.text(),
                                          label=tr("&Initial password:"))
        note = QLabel(tr("Give the initial password to the person privately: Affido will ask "
                         "them to choose a new one at their first login."))
        note.setWordWrap(True)
        buttons, self.ok_button = submit_buttons(self, tr("Create the account"),
                                                 "createAccount")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.password)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        from affido_app.services import staff

        if self.password.problem():
            return False
        data = {"username": self.username.text().strip(),
                "full_name": " ".join(self.full_name.text().split()),
                "role": self.role.currentData()}
        password = self.password.text()
        ok, result = run_op(self, self.ctx,
                            lambda s: staff.create_staff(s, self.ctx.actor, data,
                                                         password=password, must_change=True),
                            changes=("staff",), title=tr("Account not created"),
                            on_validation=self.show_errors)
        if not ok:
            return False
        self.new_id = result
        self.password.clear()
        self.accept()
        return True

    def show_errors(self, exc: ValidationError) -> None:
        for field, message in exc.errors.items():
            if field in self.errors:
                show_field_error(self.errors[field], self.editors[field], message)
            elif "password" in field:
                self.password.show_error(message)
            else:
                show_error(self, tr("Account not created"), message)


class ResetPasswordDialog(QDialog):
    """A new password for another account (to be changed at its next login)."""

    def __init__(self, parent: QWidget | None, ctx, account: dict[str, Any]):
        super().__init__(parent)
        self.ctx = ctx
        self.account = account
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(tr("Set a new password"))
        self.setMinimumWidth(480)
        intro = QLabel(tr("New password for {name} ({username}). They will have to change "
                          "it at their next login.").format(name=account["full_name"],
                                                            username=account["username"]))
        intro.setWordWrap(True)
        self.password = NewPasswordFields(lambda: account["username"])
        buttons, self.ok_button = submit_buttons(self, tr("Set the password"), "setPassword")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        from affido_app.services import auth

        if self.password.problem():
            return False
        password, user_id = self.password.text(), self.account["id"]
        ok, _ = run_op(self, self.ctx,
                       lambda s: auth.set_password(s, self.ctx.actor, user_id, password,
                                                   must_change=True),
                       changes=("staff",), title=tr("Password not set"),
                       on_validation=lambda exc: self.password.show_error(exc.message))
        if ok:
            self.password.clear()
            self.accept()
        return ok


class RoleDialog(QDialog):
    def __init__(self, parent: QWidget | None, account: dict[str, Any]):
        super().__init__(parent)
        self.setObjectName("roleDialog")
        self.setWindowTitle(tr("Change role"))
        self.role = _role_combo(Role(account["role"]))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Role of {name}:").format(name=account["full_name"])))
        form.addRow(tr("&Role:"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class StaffDialog(QDialog):
    """``StaffDialog.open(parent, ctx)``: the staff accounts (administrators only)."""

    COLUMNS = ("full_name", "username", "role", "active", "password", "last_login")

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.setObjectName("staffDialog")
        self.setWindowTitle(tr("Operators"))
        self.resize(900, 520)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("staffTable")
        self.table.setHorizontalHeaderLabels([
            tr("Full name"), tr("Username"), tr("Role"), tr("State"), tr("Password"),
            tr("Last login")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.change_role())

        self.new_button = self._button(tr("&New account…"), "newAccount", self.new_account)
        self.role_button = self._button(tr("Change &role…"), "changeRole", self.change_role)
        self.active_button = self._button(tr("&Deactivate…"), "toggleActive",
                                          self.toggle_active)
        self.password_button = self._button(tr("Set a new &password…"), "resetPassword",
                                            self.reset_password)
        close = self._button(tr("Close"), "closeStaff", self.accept)
        side = QVBoxLayout()
        for button in (self.new_button, self.role_button, self.active_button,
                       self.password_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(close)
        note = QLabel(tr("A deactivated account can no longer sign in; its records and "
                         "history stay. The last active administrator cannot be deactivated "
                         "or given another role."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6b76;")
        main = QHBoxLayout()
        main.addWidget(self.table, 1)
        main.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(main, 1)
        layout.addWidget(note)
        ctx.changed.connect(self._changed)
        self.reload()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        return button

    @classmethod
    def open(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        if not may_manage(ctx):
            show_error(parent, tr("Operators"),
                       tr("Only an administrator can manage the operators' accounts."))
            return None
        dialog = cls(parent, ctx)
        if exec:
            dialog.exec()
        return dialog

    # --- the list ---

    def _changed(self, areas) -> None:
        if "staff" in areas:
            self.reload()

    def reload(self) -> None:
        from affido_app.services import staff

        selected = self.selected()
        keep = selected["id"] if selected else None
        with self.ctx.sessions() as s:
            self.rows = staff.list_staff(s, self.ctx.actor)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            if not row["has_password"]:
                password = tr("not set")
            elif row["must_change_password"]:
                password = tr("provisional")
            else:
                password = tr("set")
            values = (row["full_name"], row["username"], Role(row["role"]).label,
                      tr("active") if row["active"] else tr("deactivated"), password,
                      italian_datetime(row["last_login_at"]) if row["last_login_at"] else "—")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not row["active"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
            if row["id"] == keep:
                self.table.selectRow(r)
        if self.table.currentRow() < 0 and self.rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select_username(self, username: str) -> None:
        for r, row in enumerate(self.rows):
            if row["username"] == username:
                self.table.selectRow(r)
                return
        raise KeyError(username)

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.role_button, self.active_button, self.password_button):
            button.setEnabled(row is not None)
        if row is not None:
            self.active_button.setText(tr("&Deactivate…") if row["active"]
                                       else tr("Re&activate…"))

    # --- actions ---

    def new_account(self, *, exec: bool = True):
        dialog = NewAccountDialog(self, self.ctx)
        if not exec:
            return dialog
        dialog.exec()
        return dialog.new_id

    def change_role(self, role: Role | None = None) -> bool:
        from affido_app.services import staff

        row = self.selected()
        if row is None:
            return False
        if role is None:
            dialog = RoleDialog(self, row)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            role = dialog.role.currentData()
        if Role(role) == Role(row["role"]):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: staff.set_role(s, self.ctx.actor, row["id"], role,
                                                expected_version=row["version"]),
                       changes=("staff",), title=tr("Role not changed"))
        return ok

    def toggle_active(self) -> bool:
        from affido_app.services import staff

        row = self.selected()
        if row is None:
            return False
        if row["active"]:
            question = tr("Deactivate the account of {name}? They will no longer be able to "
                          "sign in; their records and history stay.").format(
                              name=row["full_name"])
            yes = tr("Deactivate")
        else:
            question = tr("Reactivate the account of {name}? Set a new password for them "
                          "afterwards if they have none.").format(name=row["full_name"])
            yes = tr("Reactivate")
        if not confirm(self, tr("Operators"), question, yes):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: staff.set_active(s, self.ctx.actor, row["id"],
                                                  not row["active"],
                                                  expected_version=row["version"]),
                       changes=("staff",), title=tr("Account not changed"))
        return ok

    def reset_password(self, *, exec: bool = True):
        row = self.selected()
        if row is None:
            return None
        dialog = ResetPasswordDialog(self, self.ctx, row)
        if not exec:
            return dialog
        return dialog.exec() == QDialog.DialogCode.Accepted
