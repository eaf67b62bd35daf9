"""What the elder's and the fosterer's record windows share.

A header strip (name, age, comune, status and since when), tabs of fields built from the
service's specs through one :class:`~affido_app.ui.widgets.form.Form`, the codice fiscale that
fills birth date, sex and birthplace, the duplicate check before a new person is saved, the
"Change status…" button, consents and the status history. Subclasses say which fields go in which
tab and which service functions read and write the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain import validators as v
from affido_app.domain.enums import ConsentScope, PersonKind, Sex
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, FieldError, ValidationError
from affido_app.services import consents as consent_service
from affido_app.services import fields as fl
from affido_app.services import people
from affido_app.services import staff as staff_service
from affido_app.ui import settings as keys
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.date_edit import format_date
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.record_header import RecordHeader
from affido_app.ui.widgets.record_table import RecordTable

K = fl.Kind
CONSENT_LABELS = consent_service.CONSENT_FIELDS
DEFAULT_SIZE = (900, 650)
#: fields the codice fiscale holds
CF_FIELDS = ("birth_date", "sex", "birthplace")


def label_of(value: Any) -> str:
    """The Italian label of an enum member, or the text itself."""
    if value is None:
        return ""
    return getattr(value, "label", str(value))


def phone_text(value: str | None) -> str:
    return v.format_phone(value) if value else ""


class PersonDialog(FormDialog):
    """The record of one person (``person_id``), or a new one (``person_id`` None)."""

    KIND: ClassVar[PersonKind]
    FIELDS: ClassVar[Mapping[str, fl.Field]]
    RESOURCE: ClassVar[Resource]
    AREA: ClassVar[str]
    #: the date the record starts from (referral, application): today for a new record
    DATE_FIELD: ClassVar[str]
    #: the youngest age the codice fiscale's two-digit year is read with
    CF_MIN_AGE: ClassVar[int] = 0

    def __init__(self, parent: QWidget | None, ctx, person_id: int | None = None):
        super().__init__(parent, ctx)
        self.setObjectName(f"{self.KIND.value}Dialog")
        self.person_id = person_id
        self.saved_id: int | None = None
        self.version: int | None = None
        self.record: dict[str, Any] = {}
        self._loading = False
        self._cf_warning: str | None = None
        self._acknowledged: set[int] = set()
        self.staff: list[dict] = []  # staff accounts (names in the history, who referred)
        self._staff_names: dict[int, str] = {}
        self.sensitive_allowed = ctx.can(Action.READ_SENSITIVE, self.RESOURCE)
        self.tables: list[RecordTable] = []
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)

        self.header = self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.status_button = QPushButton(tr("Change status…"), self)
        self.status_button.setObjectName("changeStatus")
        self.status_button.setAutoDefault(False)
        self.status_button.clicked.connect(self.change_status)
        self.button_row.insertWidget(0, self.status_button)

        self.form = self.track(Form(self.FIELDS, self, names=self.form_names(),
                                    options=self.form_options()))
        self.build_tabs()
        self.add_access_button()
        if person_id is not None:  # export, anonymise, erase (GDPR)
            from affido_app.ui.dialogs.gdpr_dialogs import add_privacy_button

            add_privacy_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.button_row)

        cf = self.form.editor("codice_fiscale")
        cf.decoded.connect(self._cf_decoded)
        cf.fill_requested.connect(self._cf_fill)
        self.form.changed.connect(self._field_changed)

        if person_id is None:
            self._start_new()
        else:
            self.load()
        if not ctx.can(Action.UPDATE, self.RESOURCE):
            self.set_read_only(True)
        self.status_button.setVisible(
            person_id is not None and ctx.can(Action.CHANGE_STATUS, self.RESOURCE)
            and not self.read_only)
        self._restore_geometry()
        ctx.changed.connect(self._context_changed)
        self._listening = True

    # --- what subclasses provide ---

    def form_names(self) -> list[str]:
        """The fields shown, in tab order (sensitive ones only when the user may read them)."""
        raise NotImplementedError

    def form_options(self) -> dict[str, dict[str, Any]]:
        return {"codice_fiscale": {"min_age": self.CF_MIN_AGE}}

    def build_tabs(self) -> None:
        raise NotImplementedError

    def fetch(self, s, sensitive: bool) -> dict:
        raise NotImplementedError

    def create_record(self, s, data: dict) -> int:
        raise NotImplementedError

    def update_record(self, s, data: dict, version: int) -> int:
        raise NotImplementedError

    def load_related(self, s) -> None:
        """Fill the tables of the record (contacts, documents, consents, history)."""

    def new_title(self) -> str:
        raise NotImplementedError

    def title_for(self, name: str) -> str:
        raise NotImplementedError

    # --- entry points ---

    @classmethod
    def create(cls, parent: QWidget | None, ctx, *, exec: bool = True,
               values: Mapping[str, Any] | None = None):
        """A new person. Returns the new id once saved (None if cancelled).

        The window does not block the others while open, so that a possible duplicate can be
        opened next to it. ``exec=False``: return the dialog, not shown (tests, screenshots).
        """
        dialog = cls(parent, ctx, None)
        if values:
            dialog.form.set_values(values, clean=False)
        if not exec:
            return dialog
        loop = QEventLoop()
        dialog.finished.connect(loop.quit)
        dialog.show()
        loop.exec()
        saved = dialog.saved_id
        dialog.deleteLater()
        return saved

    @classmethod
    def open_record(cls, parent: QWidget | None, ctx, person_id: int, *, show: bool = True):
        """Open a person's record in its own window; returns the window (None when it cannot
        be read: the message has been shown). The window deletes itself when closed."""
        return cls.open_window(parent, ctx, person_id, show=show,
                               failure_title=tr("Cannot open the record"))

    # --- building blocks for the tabs ---

    def add_tab(self, title: str, *blocks: QWidget | None, name: str = "",
                stretch: bool = True) -> QWidget:
        """A scrollable tab holding ``blocks`` one under the other."""
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(12, 12, 12, 12)
        box.setSpacing(12)
        for block in blocks:
            if block is not None:
                box.addWidget(block)
        if stretch:
            box.addStretch(1)
        scroll = QScrollArea(self.tabs)
        scroll.setObjectName(name or f"tab{self.tabs.count()}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return scroll

    def fields_block(self, names: Iterable[str], title: str | None = None) -> QWidget:
        """The fields ``names`` (those in the form) as label / editor rows."""
        block: QWidget = QGroupBox(title) if title else QWidget()
        layout = QFormLayout(block)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not title:
            layout.setContentsMargins(0, 0, 0, 0)
        self.form.add_rows(layout, [n for n in names if n in self.form])
        return block

    @staticmethod
    def columns(*blocks: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        for block in blocks:
            layout.addWidget(block, 1, Qt.AlignmentFlag.AlignTop)
        return row

    @staticmethod
    def group(title: str, widget: QWidget) -> QGroupBox:
        """``widget`` (a table) in a titled box."""
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    @staticmethod
    def note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setObjectName("note")
        label.setStyleSheet("QLabel#note { color: #555555; font-style: italic; }")
        return label

    def sensitive_notice(self) -> QLabel:
        label = self.note(tr("Health and fragility information is not shown: your profile "
                             "does not allow it."))
        label.setObjectName("sensitiveNotice")
        label.setStyleSheet("QLabel#sensitiveNotice { color: #6d4c00; background: #fff8e1; "
                            "border: 1px solid #ffe082; border-radius: 3px; padding: 6px; }")
        return label

    def insert_button(self, widget: QWidget) -> None:
        """A button at the left of the bottom row, after the ones already there (before the
        stretch, Save and Cancel)."""
        self.button_row.insertWidget(self.button_row.count() - 3, widget)

    def add_access_button(self) -> None:
        """"Who consulted this record" for a saved person: the printable access register
        (administrators; disabled, with the reason, for the others)."""
        from affido_app.ui.documents import document_button

        if self.person_id is None:
            return
        self.access_button = document_button(
            self, self.ctx, tr("Who consulted this record"), "access", self.print_access,
            name="printAccess",
            tip=tr("Who consulted, changed or printed this person's records, and when: the "
                   "access register to print or save as PDF"))
        self.insert_button(self.access_button)

    def print_access(self):
        from affido_app.services.documents import DocumentRequest
        from affido_app.ui.documents import open_document

        return open_document(self, self.ctx, DocumentRequest("access", self.person_id,
                                                             scope=self.KIND.value))

    def add_table(self, table: RecordTable) -> RecordTable:
        self.tables.append(table)
        if self.person_id is None:
            table.set_actions_enabled(False, tr("Save the record first."))
        return table

    # --- header ---

    def _build_header(self) -> QFrame:
        header = RecordHeader(self)
        self.name_label = header.name_label
        self.details_label = header.details_label
        self.status_label = header.status_label
        return header

    def update_header(self) -> None:
        values = self.form.values(["last_name", "first_name", "birth_date", "comune"])
        name = " ".join(str(values[k]).strip() for k in ("last_name", "first_name")
                        if values.get(k))
        if self.person_id is None:
            self.name_label.setText(name or self.new_title())
            self.setWindowTitle(self.new_title() if not name else self.title_for(name))
        else:
            self.name_label.setText(name)
            self.setWindowTitle(self.title_for(name))
        parts = []
        born = values.get("birth_date")
        if isinstance(born, dt.date):
            age = v.age_on(born, dt.date.today())
            if age >= 0:
                parts.append(tr("{age} years").format(age=age))
        if values.get("comune"):
            parts.append(str(values["comune"]))
        self.details_label.setText(" · ".join(parts))
        self.status_label.setText(self._status_text())

    def _status_text(self) -> str:
        if self.person_id is None or not self.record:
            return tr("Not saved yet")
        status = self.record.get("status")
        since = self.record.get("status_since")
        text = tr("{status} since {date}").format(status=label_of(status),
                                                  date=format_date(since))
        until = self.record.get("suspended_until")
        if until:
            text += " · " + tr("planned return {date}").format(date=format_date(until))
        return text

    # --- loading ---

    def _start_new(self) -> None:
        self._loading = True
        try:
            defaults = {n: f.default for n, f in self.FIELDS.items()
                        if f.default is not None and n in self.form}
            defaults[self.DATE_FIELD] = dt.date.today()
            self.form.set_values(defaults)
            with self.ctx.sessions() as s:
                self._read_staff(s)
            self._load_choices(None)
        finally:
            self._loading = False
        for table in self.tables:
            table.set_rows([])
        self.update_header()

    def load(self) -> None:
        """Read the record and what belongs to it. Reading special-category fields is audited,
        so that read is committed."""
        sensitive = self.sensitive_allowed
        unit = self.ctx.begin() if sensitive else self.ctx.sessions()
        with unit as s:
            record = self.fetch(s, sensitive)
            self._read_staff(s)
            self.load_related(s)
        self.record = record
        self.version = record["version"]
        self._loading = True
        try:
            self._load_choices(record)
            self.form.set_values({n: record.get(n) for n in self.form.names() if n in record})
        finally:
            self._loading = False
        self.update_header()

    def _read_staff(self, s) -> None:
        try:
            self.staff = staff_service.list_staff(s, self.ctx.actor)
        except AffidoError:
            self.staff = []
        self._staff_names = {u["id"]: u["full_name"] for u in self.staff}

    def _load_choices(self, record: Mapping[str, Any] | None) -> None:
        """Choices of reference fields (the staff member who referred an elder)."""

    def refresh_related(self) -> None:
        """Re-read the tables and the header (after a change made from this window or
        elsewhere); the form keeps what the user is typing."""
        if self.person_id is None:
            return
        try:
            with self.ctx.sessions() as s:
                fresh = self.fetch(s, False)
                self.load_related(s)
        except AffidoError:
            return
        for key in ("status", "status_since", "suspended_until", "end_reason",
                    "approval_date"):
            if key in fresh:
                self.record[key] = fresh[key]
        self.update_header()

    def _context_changed(self, areas) -> None:
        if not self._listening:
            return
        if self.AREA in areas or "consents" in areas:
            self.refresh_related()

    # --- codice fiscale ---

    def _cf_decoded(self, decoded: dict) -> None:
        if self._loading or self.read_only:
            return
        empty = {n: decoded.get(n) for n in CF_FIELDS
                 if n in self.form and self.form.value(n) is None and decoded.get(n)}
        if empty:
            self._fill_from_cf(empty)
        self._check_cf()

    def _cf_fill(self, decoded: dict) -> None:
        wanted = {n: decoded.get(n) for n in CF_FIELDS if n in self.form and decoded.get(n)}
        self._fill_from_cf(wanted)
        self._check_cf()

    def _fill_from_cf(self, values: Mapping[str, Any]) -> None:
        stack = self.form.undo_stack
        stack.beginMacro(tr("Data from the codice fiscale"))
        try:
            for name, value in values.items():
                if name == "sex":
                    value = Sex(value)
                self.form.set_value(name, value)
        finally:
            stack.endMacro()

    def _check_cf(self) -> None:
        """The message under the codice fiscale when it disagrees with the other fields."""
        code = self.form.value("codice_fiscale")
        message = None
        if code and len(code) == 16:
            born = self.form.value("birth_date")
            sex = self.form.value("sex")
            try:
                v.validate_codice_fiscale(
                    code, birth_date=born if isinstance(born, dt.date) else None,
                    sex=sex.value if sex is not None else None,
                    birthplace=self.form.value("birthplace"),
                    last_name=self.form.value("last_name"),
                    first_name=self.form.value("first_name"))
            except FieldError as exc:
                message = exc.message
        current = self.form.error("codice_fiscale")
        if message:
            self.form.set_error("codice_fiscale", message)
        elif current and current == self._cf_warning:
            self.form.set_error("codice_fiscale", None)
        self._cf_warning = message

    def _field_changed(self, name: str) -> None:
        if name in ("last_name", "first_name", "birth_date", "comune"):
            self.update_header()
        if (not self._loading and name in (*CF_FIELDS, "last_name", "first_name")
                and self.form.value("codice_fiscale")):
            self._check_cf()

    # --- saving ---

    def save(self) -> bool:
        if self.read_only:
            return False
        if self.person_id is None:
            return self._save_new()
        data = self.form.changed_values()
        if not data:
            self.saved()
            return True
        ok, result = run_op(
            self, self.ctx, lambda s: self.update_record(s, data, self.version),
            changes={self.AREA}, title=tr("Record not saved"),
            on_validation=self.show_validation, quiet=True)
        if ok:
            self.version = result
            self.saved()
        elif self.save_refused(result, tr("Record not saved")):
            return self.save()  # the values chosen in the conflict dialog, on their version
        return ok

    def load_current(self) -> dict:
        """The record as saved now, with its version (someone else saved it meanwhile: the
        conflict dialog compares it with the form); the tables are read again too."""
        unit = self.ctx.begin() if self.sensitive_allowed else self.ctx.sessions()
        with unit as s:
            fresh = self.fetch(s, self.sensitive_allowed)
            self.load_related(s)
        return fresh

    def _save_new(self) -> bool:
        data = self.form.values()
        try:  # the same checks as the service, without the database: errors show at once
            fl.clean(data, {n: self.FIELDS[n] for n in data})
        except ValidationError as exc:
            self.show_validation(exc)
            return False
        if not self._duplicates_accepted(data):
            return False
        ok, result = run_op(
            self, self.ctx, lambda s: self.create_record(s, data), changes={self.AREA},
            title=tr("Record not saved"), on_validation=self.show_validation)
        if ok:
            self.person_id = self.saved_id = result
            self.saved()
        return ok

    def _duplicates_accepted(self, data: Mapping[str, Any]) -> bool:
        """Warn about people already on file who may be this one; True to go on saving."""
        from affido_app.services.duplicates import find_possible_duplicates
        from affido_app.ui.dialogs.duplicates_dialog import DuplicatesDialog

        born = data.get("birth_date")
        try:
            with self.ctx.sessions() as s:
                found = find_possible_duplicates(
                    s, self.ctx.actor, self.KIND, last_name=data.get("last_name"),
                    first_name=data.get("first_name"),
                    birth_date=born if isinstance(born, dt.date) else None,
                    codice_fiscale=data.get("codice_fiscale"))
        except AffidoError:
            return True  # no right to read the registry: the service decides
        if not found or {d["id"] for d in found} <= self._acknowledged:
            return True
        if not DuplicatesDialog.ask(self, self.ctx, self.KIND, found):
            return False
        self._acknowledged |= {d["id"] for d in found}
        return True

    def show_validation(self, exc: ValidationError, form: Form | None = None) -> None:
        super().show_validation(exc, form)
        if "codice_fiscale" in exc.errors:
            self._cf_warning = None  # the service's message: keep it until the user edits

    # --- status ---

    def change_status(self) -> None:
        from affido_app.ui.dialogs.status_dialog import StatusDialog

        if self.person_id is None:
            return
        if StatusDialog.change(self, self.ctx, self.KIND, self.person_id):
            self.after_status_change()

    def after_status_change(self) -> None:
        """The status changed: new version, header and history; the form keeps the user's
        unsaved edits and takes the fields the change may have set (intake date)."""
        with self.ctx.sessions() as s:
            fresh = self.fetch(s, False)
            self.load_related(s)
        self.record.update(fresh)
        self.version = fresh["version"]
        self._loading = True
        try:
            self.form.rebase({n: fresh[n] for n in self.form.names() if n in fresh})
        finally:
            self._loading = False
        self.update_header()

    # --- read-only ---

    def set_read_only(self, read_only: bool = True) -> None:
        super().set_read_only(read_only)
        for table in self.tables:
            table.set_read_only(read_only)
        if hasattr(self, "status_button"):
            self.status_button.setVisible(not read_only and self.person_id is not None)

    # --- shared tabs: consents and history ---

    def consents_block(self) -> QWidget:
        box = QGroupBox(tr("Consents to data processing"))
        layout = QVBoxLayout(box)
        self.consents = self.add_table(RecordTable(
            [(CONSENT_LABELS["scope"].label, lambda r: label_of(r["scope"])),
             (CONSENT_LABELS["given_on"].label, lambda r: format_date(r["given_on"])),
             (tr("Withdrawn on"), lambda r: format_date(r["withdrawn_on"])),
             (tr("State"), lambda r: tr("Active") if r["active"] else tr("Withdrawn")),
             (tr("Signed form"), lambda r: tr("Attached") if r.get("attachment_id") else "—"),
             (CONSENT_LABELS["notes"].label,
              lambda r: (r.get("notes") or "").replace("\n", " "))],
            box, empty_text=tr("No consent registered."), add_text=tr("Register consent…"),
            edit_text=tr("Withdraw…"), stretch=5, removable=False))
        self.consents.add_requested.connect(self.register_consent)
        self.consents.edit_requested.connect(self.withdraw_consent)
        self.consents.set_read_only(not self.ctx.can(Action.CREATE, Resource.CONSENT))
        # the signed form: attach a scan, look at it
        self.attach_form_button = QPushButton(tr("Attach signed form…"), self.consents)
        self.attach_form_button.setObjectName("attachSignedForm")
        self.attach_form_button.clicked.connect(lambda: self.attach_signed_form())
        self.attach_form_button.setVisible(
            self.ctx.can(Action.UPDATE, Resource.CONSENT)
            and self.ctx.can(Action.CREATE, Resource.ATTACHMENT))
        self.open_form_button = QPushButton(tr("Open signed form"), self.consents)
        self.open_form_button.setObjectName("openSignedForm")
        self.open_form_button.clicked.connect(lambda: self.open_signed_form())
        self.open_form_button.setVisible(self.ctx.can(Action.READ, Resource.ATTACHMENT))
        for button in (self.attach_form_button, self.open_form_button):
            button.setAutoDefault(False)
            self.consents.buttons.insertWidget(self.consents.buttons.count() - 1, button)
        self.consents.table.itemSelectionChanged.connect(self._update_signed_form_buttons)
        self._update_signed_form_buttons()
        layout.addWidget(self.consents)
        return box

    def _update_signed_form_buttons(self) -> None:
        row = self.consents.current()
        self.attach_form_button.setEnabled(row is not None and not self.read_only)
        self.open_form_button.setEnabled(row is not None and bool(row.get("attachment_id")))

    def _consent_owner(self) -> dict[str, int]:
        key = "elder_id" if self.KIND == PersonKind.ELDER else "fosterer_id"
        return {key: self.person_id}

    def load_consents(self, s) -> None:
        try:
            rows = consent_service.list_consents(s, self.ctx.actor, **self._consent_owner())
        except AffidoError:
            rows = []
        self.consents.set_rows(rows)
        self._update_signed_form_buttons()

    def register_consent(self) -> bool:
        if self.person_id is None:
            return False
        names = ["scope", "given_on", "notes"]
        owner = self._consent_owner()
        done = RecordDialog.run(
            self, self.ctx, tr("Register consent"), consent_service.CONSENT_FIELDS,
            names=names, defaults={"scope": ConsentScope.DATA_PROCESSING,
                                   "given_on": dt.date.today()},
            savable=True, changes={"consents", self.AREA},
            save=lambda s, data: consent_service.record_consent(s, self.ctx.actor,
                                                                data=data, **owner))
        if done:
            self.refresh_related()
        return bool(done)

    def attach_signed_form(self, path: str | None = None) -> bool:
        """Ask for the scan of the signed form (PDF, JPEG, PNG) and keep it with the consent of
        the selected row; ``path`` skips the file chooser (tests)."""
        from affido_app.services.attachments import MAX_SIZE

        row = self.consents.current()
        if row is None or self.read_only:
            return False
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, tr("Attach signed form"), "",
                tr("Signed form (*.pdf *.jpg *.jpeg *.png)"))
            if not path:
                return False
        title = tr("Attach signed form")
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_SIZE + 1)  # a larger file is refused, not read whole
        except OSError as exc:
            show_error(self, title, tr("The file cannot be read: {reason}").format(
                reason=exc.strerror or ""))
            return False
        filename = Path(path).name
        ok, _ = run_op(self, self.ctx, lambda s: consent_service.attach_signed_form(
            s, self.ctx.actor, row["id"], filename=filename, data=data,
            expected_version=row["version"]), changes={"consents", self.AREA}, title=title)
        if ok:
            self.refresh_related()
        return ok

    def open_signed_form(self) -> QDialog | None:
        """The signed form of the selected consent, shown from memory."""
        from affido_app.ui.dialogs.attachment_viewer import AttachmentViewer

        row = self.consents.current()
        if row is None or not row.get("attachment_id"):
            return None
        ok, result = run_op(self, self.ctx, lambda s: consent_service.read_signed_form(
            s, self.ctx.actor, row["id"]), title=tr("Open signed form"))
        if not ok:
            return None
        filename, mime, data = result
        viewer = AttachmentViewer(
            self, self.ctx, filename, mime, data,
            title=tr("Signed form: {scope}").format(scope=label_of(row["scope"])))
        viewer.show()
        return viewer

    def withdraw_consent(self, row: dict) -> bool:
        if not row.get("active"):
            show_error(self, tr("Withdraw consent"), tr("This consent has already been "
                                                          "withdrawn."))
            return False
        specs = fl.specs(
            fl.Field("withdrawn_on", tr("Withdrawn on"), K.DATE, required=True),
            fl.Field("note", tr("Note"), K.MULTILINE, max_length=2000),
        )

        def save(s, data: dict) -> int:
            values = fl.clean(data, specs)
            return consent_service.withdraw_consent(
                s, self.ctx.actor, row["id"], values["withdrawn_on"], values.get("note"),
                expected_version=row["version"])

        done = RecordDialog.run(
            self, self.ctx, tr("Withdraw consent: {scope}").format(scope=label_of(row["scope"])),
            specs, defaults={"withdrawn_on": dt.date.today()}, savable=True,
            changes={"consents", self.AREA}, save=save)
        if done:
            self.refresh_related()
        return bool(done)

    def history_block(self) -> QWidget:
        self.history = RecordTable(
            [(tr("Date"), lambda r: format_date(r["occurred_on"])),
             (tr("Previous status"), lambda r: label_of(r["from_status"])),
             (tr("New status"), lambda r: label_of(r["to_status"])),
             (tr("Reason"), self._reason_text),
             (tr("Planned return"), lambda r: format_date(r.get("until"))),
             (tr("Note"), lambda r: (r.get("note") or "").replace("\n", " ")),
             (tr("Recorded by"), lambda r: self._staff_names.get(r.get("author_id"), ""))],
            self, empty_text=tr("No status change yet."), stretch=5)
        self.history.set_read_only(True)
        return self.history

    def _reason_text(self, row: Mapping[str, Any]) -> str:
        reason = row.get("reason")
        if not reason:
            return ""
        enum = people.kind_of(self.KIND).reason_enum
        try:
            return enum(reason).label
        except ValueError:
            return str(reason)

    def load_history(self, s) -> None:
        rows = people.history(s, self.ctx.actor, self.KIND, self.person_id)
        self.history.set_rows(list(reversed(rows)))  # most recent first

    # --- child records (contacts, household, documents) ---

    def child_editor(self, title: str, fields: Mapping[str, fl.Field], *,
                     names: Sequence[str] | None = None, values: Mapping[str, Any] | None,
                     save) -> bool:
        done = RecordDialog.run(self, self.ctx, title, fields, names=names, values=values,
                                changes={self.AREA}, save=save)
        if done:
            self.refresh_related()
        return bool(done)

    def remove_child(self, what: str, remove) -> bool:
        from affido_app.ui.dialogs.form_dialog import confirm

        if not confirm(self, tr("Remove"), tr("Remove «{what}» from the list?").format(what=what),
                       tr("Remove")):
            return False
        ok, _ = run_op(self, self.ctx, remove, changes={self.AREA})
        if ok:
            self.refresh_related()
        return ok

    # --- window ---

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.get(keys.RECORD_GEOMETRY)
        if geometry is None or geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def done(self, result: int) -> None:
        self.ctx.settings.set(keys.RECORD_GEOMETRY, self.saveGeometry())
        # no disconnect(): PySide6 6.12 drops a reference to True on every disconnect call
        # (it crashes the interpreter in the end); the slot checks this flag instead
        self._listening = False
        super().done(result)

    # --- drafts (ui/drafts.py) ---

    def draft_kind(self) -> str | None:
        return self.KIND.value

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        values = self.form.values(["last_name", "first_name"])
        name = " ".join(str(values[k]).strip() for k in ("last_name", "first_name")
                        if values.get(k))
        elder = self.KIND == PersonKind.ELDER
        if self.person_id is None:
            text = tr("New elder record") if elder else tr("New fosterer record")
            return DraftInfo(f"{text}: {name}" if name else text)
        text = tr("Elder record of {name}") if elder else tr("Fosterer record of {name}")
        return DraftInfo(text.format(name=name), self.person_id, self.version)

    def apply_draft(self, values: Mapping[str, Any]) -> None:
        self._loading = True  # the codice fiscale fills nothing: the draft has it all
        try:
            super().apply_draft(values)
        finally:
            self._loading = False
        self.update_header()
        if self.form.value("codice_fiscale"):
            self._check_cf()

    def fill_for_screenshot(self) -> None:
        """Wrong values and a Save, to show how errors look (``affido --screenshot``)."""
        self.form.set_value("last_name", "")
        self.form.set_value("first_name", "Mar1a")
        self.form.set_value("birth_date", "31/02/1940")
        self.form.set_value("codice_fiscale", "RSSMRA40B71H355X")
        self.save()
