"""GDPR tools in the interface (services in :mod:`affido_app.services.gdpr`).

- On a person's record, the "Privacy" button: export the person's data (JSON and PDF, where the
  user chooses), anonymise the record, erase it on request (administrators; erasure is refused
  with the reasons when the law requires keeping the records, and anonymisation is offered).
- :class:`AnonymisationDialog` (Tools menu, administrators): the closed records whose retention
  period is over, the retention years, anonymisation of the ones ticked.
- :class:`StatisticsExportDialog` (Tools menu): three CSV files with pseudonymised ids, the key
  kept in a file outside the database.

Nothing destructive happens without a confirmation (:class:`ConfirmDialog`); erasure also asks
to type a word.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import gdpr
from affido_app.services.gdpr import Reason
from affido_app.services.settings import set_setting
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.date_edit import format_date

_RESOURCE = {PersonKind.ELDER: Resource.ELDER, PersonKind.FOSTERER: Resource.FOSTERER}
#: the areas views refresh after a change of people
_AREAS = ("elders", "fosterers", "matches", "consents", "audit")


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def _note(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


# --- confirmation ---------------------------------------------------------------------------

class ConfirmDialog(QDialog):
    """Confirm a destructive operation: the explanation, the reason (optional), a word to type
    (optional); the action button is enabled only once everything asked is there.

    ``ConfirmDialog.ask(...)`` → the :class:`Reason` chosen (or ``Reason.RETENTION`` when no
    reason is asked), None when cancelled."""

    def __init__(self, parent: QWidget | None, title: str, text: str, action: str, *,
                 reasons: bool = True, default_reason: Reason = Reason.REQUEST,
                 word: str | None = None):
        super().__init__(parent)
        self.setObjectName("gdprConfirm")
        self.setWindowTitle(title)
        self.word = word
        layout = QVBoxLayout(self)
        message = _note(text, self)
        message.setObjectName("confirmText")
        message.setMinimumWidth(460)
        layout.addWidget(message)
        form = QFormLayout()
        self.reason_box = QComboBox(self)
        self.reason_box.setObjectName("reason")
        for reason in (Reason.REQUEST, Reason.RETENTION):
            self.reason_box.addItem(reason.label, reason.value)
        self.reason_box.setCurrentIndex(self.reason_box.findData(default_reason.value))
        if reasons:
            form.addRow(tr("Reason:"), self.reason_box)
        else:
            self.reason_box.hide()
        self.word_edit = QLineEdit(self)
        self.word_edit.setObjectName("confirmWord")
        if word:
            form.addRow(tr("Type {word} to confirm:").format(word=word), self.word_edit)
        else:
            self.word_edit.hide()
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("confirmAction")
        self.ok_button.setStyleSheet("QPushButton#confirmAction:enabled { color: #9a3412; "
                                     "font-weight: bold; }")
        self.ok_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.word_edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = not self.word or self.word_edit.text().strip().casefold() == self.word.casefold()
        self.ok_button.setEnabled(ok)

    def reason(self) -> Reason:
        return Reason(self.reason_box.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, action: str, *,
            exec: bool = True, **options):
        dialog = cls(parent, title, text, action, **options)
        if not exec:
            return dialog
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --- on a person's record ---------------------------------------------------------------------

def add_privacy_button(record) -> QPushButton | None:
    """The "Privacy" button (with its menu) at the bottom of a saved person's record."""
    if record.person_id is None:
        return None
    ctx, kind = record.ctx, PersonKind(record.KIND)
    resource = _RESOURCE[kind]
    button = QPushButton(tr("Privacy"), record)
    button.setObjectName("privacyButton")
    button.setAutoDefault(False)
    menu = QMenu(button)
    menu.setToolTipsVisible(True)
    export = menu.addAction(tr("Export the person's data…"))
    export.setObjectName("exportPersonData")
    export.setEnabled(ctx.can(Action.EXPORT, resource))
    export.setToolTip(tr("Everything held about this person, as JSON and PDF files (GDPR "
                         "art. 15 and 20)") if export.isEnabled()
                      else tr("Your profile does not allow exporting people's data."))
    export.triggered.connect(lambda _c=False: export_person_data(record, ctx, kind,
                                                                 record.person_id))
    menu.addSeparator()
    admin = ctx.can(Action.DELETE, resource)
    anonymise = menu.addAction(tr("Anonymise the record…"))
    anonymise.setObjectName("anonymisePerson")
    erase = menu.addAction(tr("Erase the person's data…"))
    erase.setObjectName("erasePerson")
    for action in (anonymise, erase):
        action.setEnabled(admin)
        if not admin:
            action.setToolTip(tr("Only an administrator can anonymise or erase a record."))
    anonymise.triggered.connect(lambda _c=False: _after(record, anonymise_person(
        record, ctx, kind, record.person_id)))
    erase.triggered.connect(lambda _c=False: _after(record, erase_person(
        record, ctx, kind, record.person_id)))
    button.setMenu(menu)
    record.privacy_actions = {"export": export, "anonymise": anonymise, "erase": erase}
    record.insert_button(button)
    return button


def _after(record, outcome: str | None) -> None:
    """The record was anonymised (show what is left) or erased (close the window)."""
    if outcome == "anonymised":
        record.load()
    elif outcome == "erased":
        record.discard_and_close()


def export_person_data(parent: QWidget | None, ctx, kind: PersonKind | str, person_id: int, *,
                       path: Path | str | None = None, quiet: bool = False
                       ) -> list[Path] | None:
    """Ask where to save (unless ``path``: the JSON file, the PDF goes beside it), then write
    the person's export as JSON and PDF. Returns the files written, None when cancelled or
    refused (the message has been shown)."""
    kind = PersonKind(kind)
    if path is None:
        suggested = _documents_folder() / (gdpr.export_filename(kind, person_id) + ".json")
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, tr("Export the person's data"), str(suggested), tr("JSON file (*.json)"))
        if not chosen:
            return None
        path = chosen
    json_path = Path(path)
    if json_path.suffix.lower() != ".json":
        json_path = json_path.with_name(json_path.name + ".json")
    pdf_path = json_path.with_suffix(".pdf")
    ok, _result = run_op(
        parent, ctx, lambda s: gdpr.export_person_files(s, ctx.actor, kind, person_id,
                                                        json_path=json_path,
                                                        pdf_path=pdf_path),
        changes={"audit"}, title=tr("Export not completed"))
    if not ok:
        return None
    if not quiet:
        QMessageBox.information(
            parent, tr("Export the person's data"),
            tr("The person's data have been saved in:\n{json}\n{pdf}\n\nThe files hold "
               "personal data: give them only to the person concerned, and delete any other "
               "copy.").format(json=json_path, pdf=pdf_path))
    return [json_path, pdf_path]


def anonymise_person(parent: QWidget | None, ctx, kind: PersonKind | str, person_id: int
                     ) -> str | None:
    """Confirm, then anonymise the record; "anonymised" when done."""
    kind = PersonKind(kind)
    if getattr(parent, "is_dirty", None) is not None and parent.is_dirty():
        show_error(parent, tr("Anonymise the record"),
                   tr("Save or discard your changes to the record first."))
        return None
    try:
        with ctx.sessions() as s:
            problems = gdpr.anonymisation_blockers(s, kind, person_id, Reason.REQUEST)
    except AffidoError as exc:
        show_error(parent, tr("Anonymise the record"), exc.message)
        return None
    if problems:
        show_error(parent, tr("Anonymise the record"),
                   tr("The record cannot be anonymised:") + "\n" + "\n".join(problems))
        return None
    reason = ConfirmDialog.ask(
        parent, tr("Anonymise the record"),
        tr("Names, codice fiscale, address, phones, email, notes and every free text of this "
           "record are deleted for good; reference people, household, documents and attached "
           "files are deleted. Birth year, sex, comune, statuses, dates and pairs stay, for "
           "the statistics. This cannot be undone."),
        tr("Anonymise"))
    if reason is None:
        return None
    ok, _ = run_op(parent, ctx, lambda s: gdpr.anonymise(s, ctx.actor, kind, person_id, reason),
                   changes=_AREAS, title=tr("Record not anonymised"))
    return "anonymised" if ok else None


def erase_person(parent: QWidget | None, ctx, kind: PersonKind | str, person_id: int
                 ) -> str | None:
    """Erasure on request (art. 17): "erased", "anonymised" (offered instead when the records
    must be kept) or None."""
    kind = PersonKind(kind)
    title = tr("Erase the person's data")
    if getattr(parent, "is_dirty", None) is not None and parent.is_dirty():
        show_error(parent, title, tr("Save or discard your changes to the record first."))
        return None
    try:
        with ctx.sessions() as s:
            check = gdpr.erasure_check(s, ctx.actor, kind, person_id)
    except AffidoError as exc:
        show_error(parent, title, exc.message)
        return None
    if not check.allowed:
        box = QMessageBox(QMessageBox.Icon.Warning, title, check.message,
                          QMessageBox.StandardButton.Close, parent)
        box.setObjectName("erasureRefused")
        instead = None
        if check.can_anonymise:
            instead = box.addButton(tr("Anonymise instead…"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if instead is not None and box.clickedButton() is instead:
            return anonymise_person(parent, ctx, kind, person_id)
        return None
    word = tr("ERASE")
    reason = ConfirmDialog.ask(
        parent, title,
        tr("Everything about this person is deleted for good: the record, reference people or "
           "household, documents, consents, interviews, attached files. Only the audit log "
           "keeps a line saying that a record was erased. This cannot be undone."),
        tr("Erase"), word=word)
    if reason is None:
        return None
    ok, _ = run_op(parent, ctx, lambda s: gdpr.erase(s, ctx.actor, kind, person_id, reason),
                   changes=_AREAS, title=tr("Data not erased"))
    return "erased" if ok else None


# --- anonymisation of closed records ------------------------------------------------------------

class AnonymisationDialog(QDialog):
    """The closed records whose retention period is over, ticked to be anonymised.

    ``AnonymisationDialog.open(parent, ctx)``; ``exec=False`` returns the dialog, not shown."""

    def __init__(self, parent: QWidget | None, ctx, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or dt.date.today()
        self.rows: list[dict] = []
        self.setObjectName("anonymisationDialog")
        self.setWindowTitle(tr("Anonymisation and erasure"))
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(tr(
            "Records closed longer ago than the retention period are anonymised: names, "
            "contacts and free texts are deleted, what statistics need stays. Erasing a "
            "person's data on request is done from the person's record (Privacy button)."),
            self))

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Keep closed records for (years):"), self))
        self.years = QSpinBox(self)
        self.years.setObjectName("retentionYears")
        self.years.setRange(1, 50)
        row.addWidget(self.years)
        self.save_years = QPushButton(tr("Save"), self)
        self.save_years.setObjectName("saveRetention")
        self.save_years.setAutoDefault(False)
        self.save_years.clicked.connect(self.change_years)
        may_change = ctx.can(Action.UPDATE, Resource.SETTINGS)
        self.years.setEnabled(may_change)
        self.save_years.setEnabled(may_change)
        row.addWidget(self.save_years)
        row.addStretch(1)
        layout.addLayout(row)

        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("candidates")
        self.table.setHorizontalHeaderLabels([
            "", tr("Kind"), tr("Name"), tr("Born"), tr("Comune"), tr("Status"),
            tr("Closed on"), tr("Kept until")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        layout.addWidget(self.table, 1)
        self.empty = _note(tr("No closed record has passed the retention period."), self)
        self.empty.setObjectName("noCandidates")
        layout.addWidget(self.empty)

        buttons = QHBoxLayout()
        self.all_box = QCheckBox(tr("Select all"), self)
        self.all_box.setObjectName("selectAll")
        self.all_box.toggled.connect(self.select_all)
        buttons.addWidget(self.all_box)
        buttons.addStretch(1)
        self.anonymise_button = QPushButton(tr("Anonymise selected…"), self)
        self.anonymise_button.setObjectName("anonymiseSelected")
        self.anonymise_button.setAutoDefault(False)
        self.anonymise_button.clicked.connect(self.anonymise_selected)
        buttons.addWidget(self.anonymise_button)
        close = QPushButton(tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    @classmethod
    def open(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        try:
            dialog = cls(parent, ctx)
        except AffidoError as exc:
            show_error(parent, tr("Anonymisation and erasure"), exc.message)
            return None
        if not exec:
            return dialog
        dialog.exec()
        return dialog

    def reload(self) -> None:
        with self.ctx.sessions() as s:
            self.years.setValue(gdpr.retention_years(s))
            self.rows = gdpr.anonymisation_candidates(s, self.ctx.actor, self.today)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(i, 0, check)
            values = (r["kind"].label, f"{r['last_name']} {r['first_name']}".strip(),
                      str(r["birth_year"] or ""), r["comune"] or "", r["status"].label,
                      format_date(r["closed_on"]), format_date(r["due_on"]))
            for col, value in enumerate(values, start=1):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.all_box.setEnabled(bool(self.rows))
        self.all_box.blockSignals(True)
        self.all_box.setChecked(False)
        self.all_box.blockSignals(False)
        self._update_buttons()

    def selected(self) -> list[dict]:
        return [r for i, r in enumerate(self.rows)
                if self.table.item(i, 0).checkState() == Qt.CheckState.Checked]

    def select_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.table.rowCount()):
            self.table.item(i, 0).setCheckState(state)

    def _update_buttons(self) -> None:
        self.anonymise_button.setEnabled(bool(self.selected()))

    def change_years(self) -> bool:
        years = self.years.value()
        ok, _ = run_op(self, self.ctx,
                       lambda s: set_setting(s, self.ctx.actor, gdpr.RETENTION_KEY, years),
                       changes={"settings"}, title=tr("Setting not saved"))
        if ok:
            self.reload()
        return ok

    def anonymise_selected(self, *, confirm: bool = True) -> bool:
        chosen = self.selected()
        if not chosen:
            return False
        if confirm and ConfirmDialog.ask(
                self, tr("Anonymise selected records"),
                tr("{count} records will be anonymised for good: names, codice fiscale, "
                   "contacts, notes and free texts are deleted, with reference people, "
                   "household, documents and attached files. This cannot be undone.")
                .format(count=len(chosen)),
                tr("Anonymise"), reasons=False) is None:
            return False
        items = [(r["kind"], r["id"]) for r in chosen]
        ok, _ = run_op(self, self.ctx,
                       lambda s: gdpr.anonymise_many(s, self.ctx.actor, items, Reason.RETENTION),
                       changes=_AREAS, title=tr("Records not anonymised"))
        self.reload()
        return ok


# --- statistics ---------------------------------------------------------------------------------

class StatisticsExportDialog(QDialog):
    """Where to save the three CSV files, and which key makes the pseudonyms.

    ``StatisticsExportDialog.open(parent, ctx)``; ``exec=False`` returns the dialog."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.written: list[Path] = []
        self.setObjectName("statisticsExportDialog")
        self.setWindowTitle(tr("Statistics export"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(tr(
            "Three CSV files (elders, fosterers, pairs) with birth year, sex, comune, statuses "
            "and dates: no names, no codice fiscale, no contacts. Each person and pair gets a "
            "code computed with a secret key instead of its number."), self))
        form = QFormLayout()
        self.folder = QLineEdit(str(_documents_folder()), self)
        self.folder.setObjectName("folder")
        browse = QPushButton(tr("Browse…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose_folder)
        form.addRow(tr("Folder:"), self._row(self.folder, browse))
        self.key = QLineEdit(str(gdpr.default_key_path()), self)
        self.key.setObjectName("keyFile")
        change = QPushButton(tr("Other key…"), self)
        change.setAutoDefault(False)
        change.clicked.connect(self.choose_key)
        form.addRow(tr("Key file:"), self._row(self.key, change))
        layout.addLayout(form)
        layout.addWidget(_note(tr(
            "The key is a file kept apart from the database (created the first time). With "
            "the same key the codes stay the same from one export to the next; with another "
            "key the exports cannot be linked. Do not send the key with the files."), self))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.export_button = self.buttons.addButton(tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @staticmethod
    def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(button)
        return row

    @classmethod
    def open(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        dialog = cls(parent, ctx)
        if not exec:
            return dialog
        dialog.exec()
        return dialog

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder of the export"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def choose_key(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Key file (a new file creates a new key)"), self.key.text(),
            tr("Key file (*.key);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.key.setText(chosen)

    def export(self, *, quiet: bool = False) -> bool:
        folder, key = Path(self.folder.text().strip()), Path(self.key.text().strip())
        ok, result = run_op(
            self, self.ctx,
            lambda s: gdpr.write_statistics_export(s, self.ctx.actor, folder, key),
            changes={"audit"}, title=tr("Export not completed"))
        if not ok:
            return False
        self.written = list(result)
        if not quiet:
            QMessageBox.information(self, tr("Statistics export"),
                                    tr("Files saved:\n{files}").format(
                                        files="\n".join(str(p) for p in self.written)))
        self.accept()
        return True
