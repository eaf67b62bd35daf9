"""The first run: no database yet in the data folder. The wizard asks the organisation's name and
the first administrator (username, full name, password twice with the rules ticked off as they
are typed), creates the encrypted database and its key file (``services.auth.
create_encrypted_database``), then shows the recovery code once, with "Stampa il foglio di
recupero": the user cannot finish before confirming the code was printed or written down.

The recovery sheet (``reports/recovery.py``) is made in memory and previewed, printed or saved
through the document preview; nothing is written unless the user saves it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from affido_app.errors import AffidoError, ValidationError
from affido_app.ui.dialogs.document_dialog import DocumentDialog
from affido_app.ui.dialogs.password_dialog import (
    NewPasswordFields,
    error_label,
    show_errors,
    show_field_error,
)
from affido_app.ui.i18n import tr
from affido_app.ui.icons import app_icon

ORG_SETTING = "org.name"


def _field(form: QFormLayout, label: str, editor: QWidget, error: QLabel) -> None:
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(editor)
    box.addWidget(error)
    form.addRow(label, box)
    form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(editor)


class OrganisationPage(QWizardPage):
    def __init__(self, path: Path):
        super().__init__()
        self.setTitle(tr("Welcome to Affido"))
        self.setSubTitle(tr("Affido will create its database on this computer, encrypted: "
                            "without a password nobody can read it, not even by copying "
                            "the file."))
        self.org = QLineEdit()
        self.org.setObjectName("orgName")
        self.org.setPlaceholderText(tr("e.g. Consorzio Ovest Solidale"))
        self.org_error = error_label("orgNameError")
        self.org.textEdited.connect(lambda _t: show_field_error(self.org_error, self.org, None))
        form = QFormLayout(self)
        _field(form, tr("&Organisation:"), self.org, self.org_error)
        where = QLabel(tr("The database will be created in:\n{path}").format(path=str(path)))
        where.setObjectName("databasePath")
        where.setWordWrap(True)
        where.setStyleSheet("color: #5f6b76;")
        form.addRow("", where)
        note = QLabel(tr("The organisation's name appears on printed documents; it can be "
                         "changed later under Tools → Document letterhead."))
        note.setWordWrap(True)
        form.addRow("", note)

    def validatePage(self) -> bool:
        if not self.org.text().strip():
            show_field_error(self.org_error, self.org, tr("Type the organisation's name."))
            return False
        return True


class AdministratorPage(QWizardPage):
    def __init__(self, wizard: SetupWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(tr("The first administrator"))
        self.setSubTitle(tr("The administrator creates the accounts of the other operators "
                            "and sets their roles. Their password also unlocks the database."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Create the database"))
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.username_error = error_label("adminUsernameError")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.full_name.setPlaceholderText(tr("e.g. Anna Bianchi"))
        self.full_name_error = error_label("adminFullNameError")
        for editor, error in ((self.username, self.username_error),
                              (self.full_name, self.full_name_error)):
            editor.textEdited.connect(
                lambda _t, e=editor, err=error: show_field_error(err, e, None))
        self.password = NewPasswordFields(lambda: self.username.text(),
                                          label=tr("&Password:"))
        self.general_error = error_label("setupGeneralError")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        _field(form, tr("&Username:"), self.username, self.username_error)
        _field(form, tr("&Full name:"), self.full_name, self.full_name_error)
        layout.addLayout(form)
        layout.addWidget(self.password)
        layout.addWidget(self.general_error)
        self.username.textChanged.connect(lambda _t: self.password.update_rules())

    def validatePage(self) -> bool:
        show_field_error(self.general_error, None, None)
        missing = False
        if not self.username.text().strip():
            show_field_error(self.username_error, self.username, tr("Type a username."))
            missing = True
        if not self.full_name.text().strip():
            show_field_error(self.full_name_error, self.full_name,
                             tr("Type the administrator's first and last name."))
            missing = True
        if missing or self.password.problem():
            return False
        return self._wizard.create(self)

    def show_errors(self, exc: ValidationError) -> None:
        show_errors(exc.errors, {"username": (self.username_error, self.username),
                                 "full_name": (self.full_name_error, self.full_name)},
                    self.password, self.general_error)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(tr("The recovery code"))
        self.setSubTitle(tr("If every administrator forgets the password, only this code "
                            "opens the database. It is shown now and never again."))
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSizeF(font.pointSizeF() * 1.5 if font.pointSizeF() > 0 else 15)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setStyleSheet("QLabel#recoveryCode { background: #f7f7f2; "
                                "border: 1px solid #1f2933; padding: 14px; }")
        self.print_button = QPushButton(tr("&Print the recovery sheet…"))
        self.print_button.setObjectName("printRecoverySheet")
        self.print_button.clicked.connect(wizard.preview_sheet)
        self.save_button = QPushButton(tr("&Save the sheet as PDF…"))
        self.save_button.setObjectName("saveRecoverySheet")
        self.save_button.clicked.connect(wizard.save_sheet)
        self.message = QLabel()
        self.message.setObjectName("sheetMessage")
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setWordWrap(True)
        advice = QLabel(tr("Print the sheet (or write the code down by hand) and keep it in a "
                           "safe, away from the computer. Do not photograph it or keep it in "
                           "a file: whoever has it can read every record."))
        advice.setWordWrap(True)
        self.confirmed = QCheckBox(tr("I have printed or written down the recovery code and "
                                      "will keep it in a safe place"))
        self.confirmed.setObjectName("codeKept")
        self.confirmed.toggled.connect(lambda _c: self.completeChanged.emit())
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(advice)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.confirmed)

    def initializePage(self) -> None:
        from affido_app.reports.recovery import code_lines

        self.code.setText("\n".join(code_lines(self._wizard.code or "")))

    def isComplete(self) -> bool:
        return self.confirmed.isChecked()


class SetupWizard(QWizard):
    """``SetupWizard.run(parent, path, settings)`` → the logged-in
    :class:`~affido_app.ui.context.AppContext` of the first administrator, or None."""

    def __init__(self, path: Path, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.settings = settings
        self.ctx = None
        self.code: str | None = None
        self.org_name = ""
        self.setObjectName("setupWizard")
        self.setWindowTitle(tr("Affido — first set-up"))
        self.setWindowIcon(app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(640, 560)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Start Affido"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancel"))
        self.organisation = OrganisationPage(self.path)
        self.administrator = AdministratorPage(self)
        self.recovery = RecoveryPage(self)
        for page in (self.organisation, self.administrator, self.recovery):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_changed)

    @classmethod
    def run(cls, parent: QWidget | None, path: Path, settings, *, exec: bool = True):
        wizard = cls(path, settings, parent)
        if not exec:
            return wizard
        wizard.exec()
        return wizard.ctx if wizard.result() == QWizard.DialogCode.Accepted else None

    def _page_changed(self, _id: int) -> None:
        # once the database exists, the only way on is to keep the code: no cancel
        created = self.ctx is not None
        self.button(QWizard.WizardButton.CancelButton).setVisible(not created)

    # --- creating the database ---

    def create(self, page: AdministratorPage) -> bool:
        from PySide6.QtGui import QGuiApplication

        from affido_app.services import auth
        from affido_app.services.settings import set_setting
        from affido_app.ui.context import AppContext

        if self.ctx is not None:
            return True
        username = page.username.text().strip()
        full_name = " ".join(page.full_name.text().split())
        password = page.password.text()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db, code = auth.create_encrypted_database(self.path, username, full_name, password)
            try:
                actor = auth.sign_in(db.sessions, username, password)
                self.org_name = " ".join(self.organisation.org.text().split())
                with db.sessions.begin() as s:
                    set_setting(s, actor, ORG_SETTING, self.org_name)
            except BaseException:
                db.dispose()
                raise
        except ValidationError as exc:
            page.show_errors(exc)
            return False
        except AffidoError as exc:
            QMessageBox.warning(self, tr("Database not created"), exc.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        page.password.clear()
        self.code = code
        self.ctx = AppContext(db, actor, self.settings, actor_name=full_name)
        return True

    # --- the recovery sheet ---

    def sheet(self):
        """The recovery sheet, in memory, as a document ready to preview."""
        from affido_app.reports.recovery import render_sheet
        from affido_app.services.documents import DocumentRequest
        from affido_app.ui.documents import PreparedDocument

        pdf, pages = render_sheet(self.code or "", self.org_name, created_on=dt.date.today(),
                                  database=str(self.path),
                                  administrator=self.ctx.actor_name if self.ctx else None)
        return PreparedDocument(request=DocumentRequest("recovery"), pdf=pdf, pages=pages,
                                title=tr("Recovery sheet"), subject=None,
                                filename="foglio-di-recupero.pdf")

    def preview_sheet(self, *, exec: bool = True):
        dialog = RecoverySheetDialog(self, self.ctx, self.sheet())
        if not exec:
            return dialog
        dialog.exec()
        self._note_outputs(dialog.outputs)
        return dialog

    def save_sheet(self, path: str | None = None) -> bool:
        from affido_app.errors import StorageError
        from affido_app.files import write_atomically

        prepared = self.sheet()
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, tr("Save as PDF"), str(Path.home() / prepared.filename),
                tr("PDF documents (*.pdf)"))
            if not path:
                return False
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_atomically(target, prepared.pdf)
        except StorageError as exc:
            QMessageBox.warning(self, tr("File not saved"), exc.message)
            return False
        self._note_outputs(["file"], where=str(target))
        return True

    def _note_outputs(self, outputs, where: str = "") -> None:
        from affido_app.services import auth
        from affido_app.ui.operations import run_op

        for output in dict.fromkeys(o for o in outputs if o in ("printer", "file")):
            run_op(self, self.ctx,
                   lambda s, output=output: auth.record_recovery_sheet(s, self.ctx.actor, output),
                   quiet=True)
        if "printer" in outputs:
            self.recovery.message.setText(tr("The recovery sheet has been sent to the printer."))
        elif "file" in outputs:
            self.recovery.message.setText(
                tr("The recovery sheet has been saved{where}: print it, keep it in a safe, "
                   "then delete the file.").format(where=f" ({where})" if where else ""))

    # --- no way out without the code ---

    def reject(self) -> None:
        if self.ctx is not None:
            if not self.recovery.confirmed.isChecked():
                QMessageBox.warning(self, tr("The recovery code"), tr(
                    "The database has been created: print or write down the recovery code "
                    "and tick the box before going on. It will not be shown again."))
                return
            self.accept()
            return
        super().reject()


class RecoverySheetDialog(DocumentDialog):
    """The document preview for the recovery sheet: not a record's document, so a print or a
    save is only remembered here, not audited as a record's document."""

    def record_output(self, output: str) -> bool:
        self.outputs.append(output)
        return True

    def suggested_path(self) -> str:
        return str(Path.home() / self.prepared.filename)
