"""File → Import from a spreadsheet…: elders or fosterers from an xlsx or csv file.

The pages follow the import engine (services/importing): 1) the kind of people and the file (a
sheet for workbooks; a refused file gets the engine's message next to the field), 2) the guessed
column mapping, adjustable per column, 3) the preview (every row checked in a worker, with
progress and cancel; nothing written), whose "Import" writes the accepted rows in one
transaction (cancel: nothing imported), 4) the report with counts and per-row reasons, which the
user may save to a file of their choosing (text or JSON). Nothing is written anywhere else.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from shiboken6 import isValid

from affido_app.db.engine import translate_db_error
from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action
from affido_app.errors import AffidoError
from affido_app.services import importing, people
from affido_app.services.importing import report as import_report
from affido_app.ui.i18n import tr
from affido_app.ui.operations import Cancelled, run_slow, show_error

#: the area each kind's registry listens to (ctx.notify)
AREAS = {PersonKind.ELDER: "elders", PersonKind.FOSTERER: "fosterers"}
#: sample values shown per column on the mapping page
SAMPLES = 3
#: what a worker returns when the user cancelled it
CANCELLED = object()


def can_import(ctx, kind: PersonKind | None = None) -> bool:
    """The engine's own check (``Action.CREATE`` on the people's resource)."""
    kinds = [kind] if kind is not None else list(AREAS)
    return any(ctx.can(Action.CREATE, people.kind_of(k).resource) for k in kinds)


def _error_text(exc: BaseException) -> str | None:
    if isinstance(exc, AffidoError):
        return exc.message
    translated = translate_db_error(exc) if isinstance(exc, Exception) else None
    return translated.message if translated is not None else None


def _status_label(row) -> str:
    if row.status == importing.OK:
        return tr("imported") if row.id is not None else tr("to import")
    return {
        importing.INVALID: tr("skipped: invalid data"),
        importing.DUPLICATE_IN_DATABASE: tr("skipped: already on file"),
        importing.DUPLICATE_IN_FILE: tr("skipped: duplicate in the file"),
    }[row.status]


def _counts_text(plan, *, done: bool) -> str:
    c = import_report.counts(plan)
    lines = [tr("Rows read: {n}").format(n=c["rows"])]
    if c["empty_rows"]:
        lines[0] += " " + tr("(empty rows ignored: {n})").format(n=c["empty_rows"])
    lines.append((tr("Imported: {n}") if done else tr("To import: {n}")).format(n=c["imported"]))
    parts = [tr("invalid data {n}").format(n=c[importing.INVALID]),
             tr("already on file {n}").format(n=c[importing.DUPLICATE_IN_DATABASE]),
             tr("duplicates in the file {n}").format(n=c[importing.DUPLICATE_IN_FILE])]
    lines.append(tr("Skipped: {n} ({parts})").format(n=c["skipped"], parts=", ".join(parts)))
    return "\n".join(lines)


class RowsModel(QAbstractTableModel):
    """The checked rows of a plan (a model: a 50,000-row file stays quick to show)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []
        self.headers = [tr("Row"), tr("Outcome"), tr("Name"), tr("Reason")]

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return str(r.row)
            if column == 1:
                return _status_label(r)
            if column == 2:
                return r.person_name
            return "; ".join(import_report.problem_text(p) for p in r.problems)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and r.problems:
            return "\n".join(import_report.problem_text(p) for p in r.problems)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _rows_view(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    for column in range(3):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class SourcePage(QWizardPage):
    """Who is imported, from which file (and sheet)."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.setTitle(tr("Choose the file"))
        self.setSubTitle(tr("An Excel (.xlsx) or CSV file with one person per row and the "
                            "column names in one of the first rows."))
        self._wizard = wizard
        self.kinds = QButtonGroup(self)
        self.elders = QRadioButton(tr("Elders"))
        self.fosterers = QRadioButton(tr("Fosterers"))
        kinds_row = QHBoxLayout()
        for i, (button, kind) in enumerate(((self.elders, PersonKind.ELDER),
                                            (self.fosterers, PersonKind.FOSTERER))):
            button.setEnabled(can_import(wizard.ctx, kind))
            self.kinds.addButton(button, i)
            kinds_row.addWidget(button)
        kinds_row.addStretch(1)
        self.path = QLineEdit()
        self.path.setObjectName("importFile")
        self.path.editingFinished.connect(self._file_changed)
        self.path.textChanged.connect(lambda _t: self._clear_message())
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.message = _message_label()
        self.message.setObjectName("fileMessage")
        file_box = QVBoxLayout()
        file_box.addLayout(file_row)
        file_box.addWidget(self.message)
        self.sheet = QComboBox()
        self.sheet_label = QLabel(tr("Sheet"))
        self.sheet.currentIndexChanged.connect(lambda _i: self._clear_message())
        form = QFormLayout(self)
        form.addRow(tr("People to import"), kinds_row)
        form.addRow(tr("File"), file_box)
        form.addRow(self.sheet_label, self.sheet)
        self._show_sheets([])
        self.kinds.idClicked.connect(lambda _i: self._clear_message())

    def initializePage(self) -> None:
        if self.kinds.checkedButton() is None:
            wanted = self.elders if self._wizard.initial_kind != PersonKind.FOSTERER \
                else self.fosterers
            if not wanted.isEnabled():
                wanted = self.fosterers if wanted is self.elders else self.elders
            wanted.setChecked(True)

    def kind(self) -> PersonKind:
        return PersonKind.FOSTERER if self.fosterers.isChecked() else PersonKind.ELDER

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, tr("Spreadsheet to import"), self.path.text(),
            tr("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        if chosen:
            self.path.setText(chosen)
            self._file_changed()

    def _clear_message(self) -> None:
        self.message.hide()
        self.message.clear()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_sheets(self, names: list[str], current: str | None = None) -> None:
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(names)
        if current in names:
            self.sheet.setCurrentIndex(names.index(current))
        self.sheet.blockSignals(False)
        visible = len(names) > 1
        self.sheet.setVisible(visible)
        self.sheet_label.setVisible(visible)

    def _file_changed(self) -> None:
        """A workbook's sheets, to choose from (its active sheet first chosen)."""
        from affido_app.services.importing.reading import open_table

        text = self.path.text().strip()
        if not text or text == getattr(self, "_listed", None):
            return
        self._listed = text
        try:
            table = open_table(text)
        except AffidoError:
            self._show_sheets([])  # said when the user goes on
            return
        self._show_sheets(table.sheet_names if table.format == "xlsx" else [], table.sheet)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and self.kinds.checkedButton() is not None

    def validatePage(self) -> bool:
        self._file_changed()
        sheet = self.sheet.currentText() if self.sheet.isVisible() else None
        try:
            source = importing.open_source(self.path.text().strip(), self.kind(),
                                           sheet=sheet or None)
        except AffidoError as exc:
            self.show_message(exc.message)
            return False
        self._clear_message()
        self._wizard.source = source
        return True


class MappingPage(QWizardPage):
    """Which field each column fills, as guessed; adjustable."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.setTitle(tr("Columns"))
        self.setSubTitle(tr("Check which information each column of the file holds. Columns "
                            "set to \"— do not import —\" are ignored."))
        self._wizard = wizard
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(
            [tr("Column"), tr("Heading in the file"), tr("Examples"), tr("Information")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.message = _message_label()
        self.message.setObjectName("mappingMessage")
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(tr("* required information")))
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        from affido_app.services.importing import values

        source = self._wizard.source
        where = tr("Column names found in row {row} of «{file}».").format(
            row=source.header_row, file=source.name)
        if source.table.sheet:
            where += " " + tr("Sheet: «{sheet}».").format(sheet=source.table.sheet)
        self.where.setText(where)
        samples: dict[int, list[str]] = {}
        for number, cells in source.table.head():
            if number <= source.header_row:
                continue
            for i, cell in enumerate(cells):
                text = values.as_text(cell).strip() if cell is not None else ""
                if text and len(samples.setdefault(i, [])) < SAMPLES:
                    samples[i].append(text)
        columns = [i for i in range(max(len(source.headers), max(samples, default=-1) + 1))
                   if source.header(i) or i in samples or i in source.mapping]
        fields = importing.targets(source.kind)
        self.table.setRowCount(len(columns))
        self.combos = []
        for row, index in enumerate(columns):
            self.table.setItem(row, 0, QTableWidgetItem(source.column(index)))
            self.table.setItem(row, 1, QTableWidgetItem(source.header(index)))
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(samples.get(index, []))))
            combo = QComboBox()
            combo.addItem(tr("— do not import —"), None)
            for name, target in fields.items():
                combo.addItem(target.label + (" *" if target.required and not target.has_default
                                              else ""), name)
            chosen = source.mapping.get(index)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.setProperty("column", index)
            combo.currentIndexChanged.connect(lambda _i: self._changed())
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._changed()

    def mapping(self) -> dict[int, str]:
        return {int(c.property("column")): c.currentData() for c in self.combos
                if c.currentData() is not None}

    def set_field(self, column: str, field: str | None) -> None:
        """Choose ``field`` (None: not imported) for the column with this letter."""
        for c in self.combos:
            if self._wizard.source.column(int(c.property("column"))) == column:
                c.setCurrentIndex(c.findData(field) if field else 0)
                return
        raise KeyError(column)

    def _problem(self) -> str | None:
        source = self._wizard.source
        chosen = list(self.mapping().values())
        twice = sorted({f for f in chosen if chosen.count(f) > 1})
        if twice:
            labels = importing.targets(source.kind)
            return tr("Each piece of information can come from one column only: {fields}.").format(
                fields=", ".join(f"«{labels[f].label}»" for f in twice))
        try:
            importing.check_mapping(self._wizard.ctx.actor, source.kind, self.mapping())
        except AffidoError as exc:
            return exc.message
        return None

    def _changed(self) -> None:
        problem = self._problem()
        if problem:
            self.message.setText(problem)
            self.message.show()
        else:
            self.message.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.combos) and self._problem() is None

    def validatePage(self) -> bool:
        self._wizard.mapping = self.mapping()
        return True


class PreviewPage(QWizardPage):
    """Every row checked (nothing written); "Import" writes the accepted ones."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.setTitle(tr("Preview"))
        self.setSubTitle(tr("Nothing has been imported yet. The rows to import are imported "
                            "all together; skipped rows are listed with the reason."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("&Import"))
        self._wizard = wizard
        self.plan = None
        self.imported = False
        self.thread = None
        self._run = 0
        self.counts = QLabel()
        self.counts.setObjectName("previewCounts")
        self.counts.setWordWrap(True)
        self.model = RowsModel(self)
        self.view = _rows_view(self.model)
        self.view.setObjectName("previewRows")
        self.message = _message_label()
        self.message.setObjectName("previewMessage")
        self.retry = QPushButton(tr("Check again"))
        self.retry.clicked.connect(self.analyse)
        self.retry.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        self.analyse()

    def cleanupPage(self) -> None:  # back to the mapping: the preview is redone
        self._run += 1
        self.plan = None
        self.model.set_rows([])

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def analyse(self) -> None:
        w = self._wizard
        self.plan = None
        self.model.set_rows([])
        self.counts.setText(tr("Checking the rows…"))
        self._say("")
        self.retry.hide()
        self.completeChanged.emit()
        db, actor, source, mapping = w.ctx.db, w.ctx.actor, w.source, dict(w.mapping)
        self._run += 1
        run = self._run  # a check left behind (Back, another mapping) is ignored

        def work(report):
            try:
                with db.sessions() as s:  # reads only: nothing is written
                    return importing.analyse(s, actor, source, mapping, report=report)
            except Cancelled:  # run_slow says nothing of a cancel: the page does
                return CANCELLED

        def done(plan) -> None:
            if not isValid(self) or run != self._run:
                return
            if plan is CANCELLED:
                self.counts.setText("")
                self._say(tr("The check was cancelled."))
                self.retry.show()
                return
            self.plan = plan
            self.model.set_rows(plan.rows)
            self.counts.setText(_counts_text(plan, done=False))
            if not plan.accepted:
                self._say(tr("No row can be imported: correct the file or the columns."))
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            if not isValid(self) or run != self._run:
                return
            text = _error_text(exc)
            if text is None:
                raise exc
            self.counts.setText("")
            self._say(text)
            self.retry.show()

        self.thread = w.run_slow(self, tr("Checking the rows…"), work, on_done=done,
                                 on_error=failed)

    def isComplete(self) -> bool:
        return self.imported or self._idle()

    def _idle(self) -> bool:
        return (self.plan is not None and bool(self.plan.accepted)
                and (self.thread is None or not isValid(self.thread)
                     or not self.thread.isRunning()))

    def validatePage(self) -> bool:
        if self.imported:
            return True
        if self.plan is None:
            return False
        self.start_import()
        return False  # the wizard moves on once the import is done

    def start_import(self) -> None:
        w = self._wizard
        db, actor = w.ctx.db, w.ctx.actor
        plan = copy.deepcopy(self.plan)  # a cancelled import leaves the preview as it was
        area = AREAS[plan.source.kind]
        self._say("")

        def work(report):
            try:
                with db.sessions.begin() as s:  # one transaction: all the accepted rows or none
                    return importing.execute(s, actor, plan, report=report, recheck=True)
            except Cancelled:  # rolled back by the unit of work
                return CANCELLED

        def done(result) -> None:
            if result is CANCELLED:
                if isValid(self):
                    self._say(tr("Import cancelled: nothing was imported."))
                    self.completeChanged.emit()
                return
            w.ctx.notify({area})
            if not isValid(self):
                return
            self.plan = result
            self.imported = True
            w.plan = result
            w.next()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            text = _error_text(exc)
            if text is None:
                raise exc
            self._say(text + " " + tr("Nothing was imported."))
            self.completeChanged.emit()

        self.thread = w.run_slow(self, tr("Importing…"), work, on_done=done, on_error=failed)
        self.completeChanged.emit()
        w.button(QWizard.WizardButton.BackButton).setEnabled(False)  # until it is over


class ReportPage(QWizardPage):
    """What was imported and what was skipped, and why; saved to a file if the user wants."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.setTitle(tr("Import completed"))
        self._wizard = wizard
        self.counts = QLabel()
        self.counts.setObjectName("reportCounts")
        self.counts.setWordWrap(True)
        self.skipped_label = QLabel(tr("Skipped rows and the reason:"))
        self.model = RowsModel(self)
        self.view = _rows_view(self.model)
        self.save_button = QPushButton(tr("Save the report…"))
        self.save_button.setObjectName("saveReport")
        self.save_button.clicked.connect(lambda: self.save_report())
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        plan = self._wizard.plan
        self.counts.setText(_counts_text(plan, done=True))
        skipped = plan.skipped
        self.model.set_rows(skipped)
        self.skipped_label.setVisible(bool(skipped))
        self.view.setVisible(bool(skipped))

    def report_bytes(self, path: Path) -> bytes:
        plan = self._wizard.plan
        if path.suffix.lower() == ".json":
            data = import_report.to_json(plan, dry_run=False)
            return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return import_report.to_text(plan, dry_run=False).encode("utf-8")

    def save_report(self, path: str | Path | None = None) -> Path | None:
        """Write the report where the user says (``.json``: JSON, otherwise text)."""
        from affido_app.files import write_atomically

        if path is None:
            source = self._wizard.plan.source
            suggested = str(Path(source.table.path).with_name(
                Path(source.name).stem + " - " + tr("import report") + ".txt"))
            chosen, chosen_filter = QFileDialog.getSaveFileName(
                self, tr("Save the report"), suggested,
                tr("Text (*.txt);;JSON (*.json)"))
            if not chosen:
                return None
            path = chosen
            if "json" in chosen_filter.lower() and Path(chosen).suffix.lower() != ".json":
                path = chosen + ".json"
        path = Path(path)
        try:
            write_atomically(path, self.report_bytes(path), private=True)
        except AffidoError as exc:
            show_error(self, tr("Report not saved"), exc.message)
            return None
        return path


class ImportWizard(QWizard):
    """Import elders or fosterers from a spreadsheet."""

    def __init__(self, parent: QWidget | None, ctx, kind: PersonKind | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.initial_kind = kind
        self.source = None
        self.mapping: dict[int, str] = {}
        self.plan = None
        #: the worker runner (tests may wrap it)
        self.run_slow = run_slow
        self.setObjectName("importWizard")
        self.setWindowTitle(tr("Import from a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Close"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancel"))
        self.source_page = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.report_page = ReportPage(self)
        for page in (self.source_page, self.mapping_page, self.preview_page, self.report_page):
            self.addPage(page)
        self.setMinimumSize(860, 600)  # room for the reasons (also when adjusted to fit)

    @classmethod
    def open(cls, parent: QWidget | None, ctx, kind: PersonKind | None = None) -> ImportWizard:
        wizard = cls(parent, ctx, kind)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        wizard.show()
        return wizard
