"""Tools → "Office server…": the database this PC opens — the encrypted SQLite file in the data
folder (the default) or the office's PostgreSQL server — with a connection test.

The choice is per PC (QSettings, :mod:`affido_app.ui.settings`) and applies from the next start.
The server's password is never stored in QSettings: it goes into a private libpq password file
(:func:`affido_app.db.pg_url.passfile_path`, owner-only) that the URL names (``passfile``), so
libpq reads it when it connects. The same screen is offered by the start-up error when the
configured server cannot be reached.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from affido_app.db import pg_url
from affido_app.errors import AffidoError, ValidationError
from affido_app.ui import settings as keys
from affido_app.ui.dialogs.password_dialog import error_label, password_edit, show_field_error
from affido_app.ui.i18n import tr

OK_COLOR = "#2e7d32"
FAIL_COLOR = "#b00020"


def tls_labels() -> dict[str, str]:
    """The TLS modes offered, in the order shown."""
    return {
        "disable": tr("none"),
        "require": tr("required"),
        "verify-full": tr("verify the certificate and the name"),
    }


# --- the per-PC choice ----------------------------------------------------------------------

def load_server(settings) -> pg_url.ServerSettings | None:
    """The office server this PC is set to use (None: the SQLite file on this PC)."""
    if settings.get(keys.SERVER_KIND) != "postgresql":
        return None
    host = settings.get(keys.SERVER_HOST)
    if not host:
        return None
    return pg_url.ServerSettings(
        host=host, port=settings.get(keys.SERVER_PORT),
        database=settings.get(keys.SERVER_DATABASE), user=settings.get(keys.SERVER_USER),
        sslmode=settings.get(keys.SERVER_SSLMODE),
        sslrootcert=settings.get(keys.SERVER_SSLROOTCERT))


def configured_url(settings) -> str | None:
    """The URL of the configured office server (never with the password), or None."""
    server = load_server(settings)
    if server is None:
        return None
    passfile = pg_url.passfile_path()
    return pg_url.to_url(server, passfile=passfile if passfile.exists() else None)


def store_server(settings, server: pg_url.ServerSettings | None,
                 password: str | None = None) -> None:
    """Save the choice for this PC. ``password``: a new one to keep in the password file;
    None or empty keeps the one already stored (moved to the new server's line)."""
    passfile = pg_url.passfile_path()
    if server is None:
        settings.set(keys.SERVER_KIND, "sqlite")
        pg_url.remove_passfile(passfile)  # no password left behind for a server not used
        settings.sync()
        return
    previous = load_server(settings)
    if not password and previous is not None:
        password = pg_url.stored_password(passfile, previous)
    if password:
        pg_url.write_passfile(passfile, server, password)
    else:
        pg_url.remove_passfile(passfile)
    settings.set(keys.SERVER_KIND, "postgresql")
    settings.set(keys.SERVER_HOST, server.host)
    settings.set(keys.SERVER_PORT, server.port)
    settings.set(keys.SERVER_DATABASE, server.database)
    settings.set(keys.SERVER_USER, server.user)
    settings.set(keys.SERVER_SSLMODE, server.sslmode)
    settings.set(keys.SERVER_SSLROOTCERT, server.sslrootcert)
    settings.sync()


# --- the dialog -----------------------------------------------------------------------------

class ServerDialog(QDialog):
    """``ServerDialog.change(parent, settings)`` → True once saved."""

    FIELDS = ("host", "port", "database", "user", "password", "sslmode", "sslrootcert")

    def __init__(self, parent: QWidget | None, settings, *, at_start: bool = False):
        super().__init__(parent)
        self.settings = settings
        self.at_start = at_start
        self.setObjectName("serverDialog")
        self.setWindowTitle(tr("Office server"))
        self.setMinimumWidth(560)
        self._testing = None
        self.loaded = load_server(settings)
        self._stored_password = (pg_url.stored_password(pg_url.passfile_path(), self.loaded)
                                 if self.loaded is not None else None)

        layout = QVBoxLayout(self)
        intro = QLabel(tr("Choose where this computer keeps the data: in its own database, or "
                          "on the office's PostgreSQL server, shared by every computer of the "
                          "office."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.local_radio = QRadioButton(tr("&Database on this computer (SQLite, encrypted)"))
        self.local_radio.setObjectName("localDatabase")
        self.server_radio = QRadioButton(tr("&PostgreSQL server of the office"))
        self.server_radio.setObjectName("officeServer")
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.server_radio)
        layout.addWidget(self.local_radio)
        from affido_app.config import default_db_path

        local_note = QLabel(tr("File: {path}").format(path=default_db_path()))
        local_note.setObjectName("localPath")
        local_note.setWordWrap(True)
        local_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        local_note.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(local_note)
        layout.addWidget(self.server_radio)

        self.server_box = QGroupBox(tr("Server"))
        self.server_box.setObjectName("serverBox")
        form = QFormLayout(self.server_box)
        self.host = QLineEdit()
        self.host.setObjectName("host")
        self.host.setPlaceholderText(tr("e.g. server.ufficio.local or 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(pg_url.DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit()
        self.database.setObjectName("database")
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.password = password_edit("password")
        self.tls = QComboBox()
        self.tls.setObjectName("sslmode")
        for mode, label in tls_labels().items():
            self.tls.addItem(label, mode)
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("sslrootcert")
        self.ca_file.setPlaceholderText(tr("a .crt or .pem file"))
        self.ca_file.setToolTip(tr("The certificate of the authority that signed the "
                                   "server's certificate (a .crt or .pem file)."))
        self.ca_button = QPushButton(tr("C&hoose…"))
        self.ca_button.setObjectName("chooseCa")
        self.ca_button.setAutoDefault(False)
        self.ca_button.clicked.connect(self.choose_ca_file)
        ca_row = QWidget()
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_file, 1)
        ca_layout.addWidget(self.ca_button)

        self.editors: dict[str, QWidget] = {
            "host": self.host, "port": self.port, "database": self.database,
            "user": self.user, "password": self.password, "sslmode": self.tls,
            "sslrootcert": self.ca_file}
        self.errors: dict[str, QLabel] = {name: error_label(f"{name}Error")
                                          for name in self.FIELDS}
        rows = (("host", tr("Se&rver name or address:"), self.host),
                ("port", tr("P&ort:"), self.port),
                ("database", tr("Data&base:"), self.database),
                ("user", tr("&User:"), self.user),
                ("password", tr("Pass&word:"), self.password),
                ("sslmode", tr("&Encryption (TLS):"), self.tls),
                ("sslrootcert", tr("&CA certificate:"), ca_row))
        self.row_labels: dict[str, QLabel] = {}
        for name, text, widget in rows:
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors[name])
            label = QLabel(text)
            label.setBuddy(self.editors[name])
            self.row_labels[name] = label
            form.addRow(label, column)
            if name == "password":
                self.password_note = QLabel()
                self.password_note.setObjectName("passwordNote")
                self.password_note.setWordWrap(True)
                self.password_note.setStyleSheet("QLabel#passwordNote { color: #5f6b76; }")
                form.addRow("", self.password_note)
        layout.addWidget(self.server_box)

        test_row = QHBoxLayout()
        self.test_button = QPushButton(tr("&Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout.addLayout(test_row)
        self.result = QLabel()
        self.result.setObjectName("testResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.hide()
        layout.addWidget(self.result)

        note = QLabel(tr("The choice applies to this computer only, from the next time "
                         "Affido starts. The password is kept in a private file of this "
                         "computer's user, never in the settings."))
        note.setObjectName("applyNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._fill(self.loaded)
        self.local_radio.toggled.connect(self._kind_changed)
        self.tls.currentIndexChanged.connect(self._tls_changed)
        for name, editor in self.editors.items():
            signal = getattr(editor, "textChanged", None) or getattr(editor, "valueChanged",
                                                                     None)
            if name == "sslmode":
                signal = editor.currentIndexChanged
            signal.connect(lambda *_a, n=name: self._edited(n))
        self._kind_changed()

    @classmethod
    def change(cls, parent: QWidget | None, settings, *, at_start: bool = False,
               exec: bool = True):
        dialog = cls(parent, settings, at_start=at_start)
        if not exec:
            return dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    # --- filling and reading ---

    def _fill(self, server: pg_url.ServerSettings | None) -> None:
        (self.server_radio if server is not None else self.local_radio).setChecked(True)
        server = server or pg_url.ServerSettings(host="")
        self.host.setText(server.host)
        self.port.setValue(server.port)
        self.database.setText(server.database)
        self.user.setText(server.user)
        self.password.clear()
        self._set_tls(server.sslmode)
        self.ca_file.setText(server.sslrootcert)
        self.password_note.setText(
            tr("A password is saved on this computer: leave the field empty to keep it.")
            if self._stored_password else
            tr("The password of the database user (it can stay empty when the server does "
               "not ask for one)."))

    def _set_tls(self, mode: str) -> None:
        index = self.tls.findData(mode)
        if index < 0:  # a mode written by hand (verify-ca): shown as it is
            self.tls.addItem(tr("verify the certificate") if mode == "verify-ca" else mode,
                             mode)
            index = self.tls.count() - 1
        self.tls.setCurrentIndex(index)

    def server_settings(self) -> pg_url.ServerSettings:
        """The settings typed, checked (:class:`ValidationError` per field)."""
        return pg_url.validate(pg_url.ServerSettings(
            host=self.host.text(), port=self.port.value(), database=self.database.text(),
            user=self.user.text(), sslmode=self.tls.currentData(),
            sslrootcert=self.ca_file.text(), password=self.password.text()))

    def uses_server(self) -> bool:
        return self.server_radio.isChecked()

    # --- reactions ---

    def _kind_changed(self, *_args) -> None:
        self.server_box.setEnabled(self.uses_server())
        self.test_button.setEnabled(self.uses_server() and self._testing is None)
        self._tls_changed()

    def _tls_changed(self, *_args) -> None:
        verify = self.tls.currentData() in pg_url.TLS_VERIFY
        for widget in (self.ca_file, self.ca_button, self.row_labels["sslrootcert"]):
            widget.setEnabled(verify)

    def _edited(self, name: str) -> None:
        self._show_error(name, None)
        self.result.hide()

    def _show_error(self, name: str, message: str | None) -> None:
        show_field_error(self.errors[name], self.editors[name], message)

    def show_validation(self, exc: ValidationError) -> None:
        first = None
        for name, message in exc.errors.items():
            if name in self.errors:
                self._show_error(name, message)
                first = first or name
        if first is not None:
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_ca_file(self) -> None:
        start = self.ca_file.text() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("CA certificate"), start,
            tr("Certificates (*.crt *.pem *.cer);;All files (*)"))
        if path:
            self.ca_file.setText(path)

    # --- the connection test ---

    def test_connection(self):
        """Check the fields, then connect in a worker thread; the outcome is shown under the
        button. Returns the worker thread (None when a field is wrong)."""
        try:
            server = self.server_settings()
        except ValidationError as exc:
            self.show_validation(exc)
            return None
        if not server.password and self._stored_password:
            server = replace(server, password=self._stored_password)
        from affido_app.ui.operations import run_slow

        self._show_result(None, tr("Connecting to {server}…").format(
            server=server.describe()))
        self.test_button.setEnabled(False)

        def work(report):
            outcome = pg_url.probe(server, timeout=pg_url.TEST_TIMEOUT)
            report(100, "")  # the user may have cancelled meanwhile: then nothing is shown
            return outcome

        def finished(outcome) -> None:
            if not isValid(self):
                return
            self._testing = None
            self.test_button.setEnabled(self.uses_server())
            self._show_result(outcome.ok, outcome.message)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._testing = None
            self.test_button.setEnabled(self.uses_server())
            if isinstance(exc, AffidoError):
                self._show_result(False, exc.message)
            else:
                raise exc

        self._testing = run_slow(self, tr("Testing the connection…"), work,
                                 on_done=finished, on_error=failed)
        return self._testing

    def _show_result(self, ok: bool | None, message: str) -> None:
        mark = "" if ok is None else ("✓ " if ok else "✗ ")
        color = "#5f6b76" if ok is None else (OK_COLOR if ok else FAIL_COLOR)
        self.result.setText(mark + message)
        self.result.setStyleSheet(f"QLabel#testResult {{ color: {color}; }}")
        self.result.setProperty("ok", ok)
        self.result.show()

    # --- saving ---

    def save(self) -> bool:
        server = None
        if self.uses_server():
            try:
                server = self.server_settings()
            except ValidationError as exc:
                self.show_validation(exc)
                return False
        try:
            store_server(self.settings, server, server.password if server else None)
        except ValidationError as exc:
            self.show_validation(exc)
            return False
        except AffidoError as exc:
            QMessageBox.warning(self, tr("Settings not saved"), exc.message)
            return False
        if not self.at_start:
            QMessageBox.information(
                self, tr("Office server"),
                tr("Saved. Affido will use the new database the next time it starts."))
        self.accept()
        return True


def offer_server_settings(message: str, settings) -> bool:
    """The start-up error for a configured server that cannot be used, with a button to the
    settings screen. True when new settings were saved (the caller starts again)."""
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Affido cannot start"), message,
                      QMessageBox.StandardButton.Close)
    box.setObjectName("serverStartError")
    box.setInformativeText(tr("This computer is set to use the office's PostgreSQL server. "
                              "Check the server settings, or ask whoever manages the server."))
    settings_button = box.addButton(tr("Server settings…"), QMessageBox.ButtonRole.ActionRole)
    settings_button.setObjectName("serverSettings")
    box.button(QMessageBox.StandardButton.Close).setText(tr("Close"))
    box.setDefaultButton(settings_button)
    box.exec()
    if box.clickedButton() is not settings_button:
        return False
    return ServerDialog.change(None, settings, at_start=True)
