"""The access log (*registro degli accessi*) for administrators: filters, a paged table, the full
row on double-click, and the printable register of one person.

:class:`AuditWindow` is opened from Tools → "Access log…" (``AuditWindow.open_window``); it holds
an :class:`AuditLogView`. Rows are read a page at a time (:class:`AuditTableModel` over
:func:`affido_app.services.audit_log.list_events`); each new set of filters the administrator
looks at leaves a row in the log itself (:func:`audit_log.log_viewing`).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from affido_app.domain.enums import AuditAction, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import audit_log, people
from affido_app.services.audit_log import AuditFilter, AuditRow
from affido_app.services.documents import DocumentRequest
from affido_app.ui.documents import can_print, open_document
from affido_app.ui.exporting import describe_filters, export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.models.paged import PagedTableModel
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.settings import table_header_key
from affido_app.ui.widgets.date_edit import DateEdit
from affido_app.ui.widgets.form import ERROR_COLOR
from affido_app.ui.widgets.format import italian_date, italian_datetime
from affido_app.ui.widgets.paged_table import PagedTableView

WHEN, USER, ROLE, ACTION, RECORD, DETAIL = range(6)
COLUMN_COUNT = 6
_DEFAULT_WIDTHS = (120, 150, 120, 110, 330, 360)
#: search-as-you-type of the person filter waits this long after the last key
SEARCH_DELAY_MS = 150
#: the dates are applied this long after the last key
DATE_DELAY_MS = 400

_Index = QModelIndex | QPersistentModelIndex


def _headers() -> tuple[str, ...]:
    return (tr("When"), tr("Operator"), tr("Role"), tr("Action"), tr("Record"), tr("Detail"))


class AuditTableModel(PagedTableModel):
    """The rows matching an :class:`AuditFilter`, newest first, paged on demand."""

    def __init__(self, ctx, parent: QObject | None = None):
        super().__init__(ctx, parent)
        self._filter = AuditFilter()
        self._headers = _headers()
        self._count_rows()

    def count_rows(self, s) -> int:
        return audit_log.count_events(s, self._ctx.actor, self._filter)

    def read_rows(self, s, offset: int, limit: int) -> list[AuditRow]:
        return audit_log.list_events(s, self._ctx.actor, self._filter, offset, limit)

    @property
    def filter(self) -> AuditFilter:
        return self._filter

    def set_filter(self, flt: AuditFilter) -> None:
        self._filter = flt
        self.refresh()

    def audit_row(self, row: int) -> AuditRow | None:
        """The row shown at ``row`` (None when there is none)."""
        return self._row(row)

    def display(self, row: AuditRow, column: int) -> str:
        return _cell(row, column)

    def tooltip(self, row: AuditRow, column: int) -> str | None:
        text = _cell(row, column) if column in (RECORD, DETAIL) else None
        return text or None


def _cell(row: AuditRow, column: int) -> str:
    if column == WHEN:
        return italian_datetime(row.at)
    if column == USER:
        return row.user_name
    if column == ROLE:
        return row.user_role
    if column == ACTION:
        return row.action_label
    if column == RECORD:
        return row.record
    return row.detail


class AuditLogView(QWidget):
    """Filters (period, operator, action, kind of record, person), the rows, the full row on
    double-click or Enter, and the access register of the person filtered on."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditLogView")
        self._quiet = False
        #: the person filtered on: (kind, id, label)
        self._person: tuple[PersonKind, int, str] | None = None
        self._hits: dict[str, tuple[PersonKind, int]] = {}
        #: the last filter written to the log (the same look is not logged twice in a row)
        self._logged: AuditFilter | None = None
        self._header_key = table_header_key("audit")
        self._log(AuditFilter())  # before the first count: the look is the first row shown
        self.model = AuditTableModel(ctx, self)

        self._build_filters()
        self._build_table()
        self._build_buttons()
        self._build_layout()
        self._load_choices()

        self.model.count_changed.connect(self._on_count_changed)
        self.model.load_failed.connect(lambda _message: self._update_empty_state())
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._on_count_changed(self.model.rowCount())
        self._update_buttons()

    # --- public API -----------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        person = self._person
        return AuditFilter(
            date_from=self.date_from.date(), date_to=self.date_to.date(),
            user_id=self.user_combo.currentData(),
            action=AuditAction(self.action_combo.currentData())
            if self.action_combo.currentData() else None,
            record_type=self.type_combo.currentData() or None,
            elder_id=person[1] if person and person[0] == PersonKind.ELDER else None,
            fosterer_id=person[1] if person and person[0] == PersonKind.FOSTERER else None,
        )

    def apply_filters(self) -> None:
        """Show the rows matching the filter bar; a new look is written to the log first."""
        self._date_timer.stop()
        if not self._dates_valid():
            return
        flt = self.current_filter()
        if flt == self.model.filter:
            return
        self._log(flt)
        self.model.set_filter(flt)

    def refresh(self) -> None:
        self.model.refresh()

    def set_person(self, kind: PersonKind | str, person_id: int, label: str = "") -> None:
        """Show only the rows about this person."""
        kind = PersonKind(kind)
        if not label:
            label = self._person_label(kind, person_id)
        self._person = (kind, person_id, label)
        self._quiet = True
        try:
            self.person_edit.setText(label)
        finally:
            self._quiet = False
        self.apply_filters()
        self._update_buttons()

    def clear_person(self) -> None:
        self._person = None
        self._quiet = True
        try:
            self.person_edit.clear()
        finally:
            self._quiet = False
        self.apply_filters()
        self._update_buttons()

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        self._quiet = True
        try:
            self.date_from.set_value(start)
            self.date_to.set_value(end)
        finally:
            self._quiet = False
        self.apply_filters()

    def export_list(self, path=None, **kw):
        """Export every event matching the filters, newest first, with the columns shown."""
        period = [f"{word} {edit.date():%d/%m/%Y}" for word, edit in
                  (("dal", self.date_from), ("al", self.date_to)) if edit.date()]
        chosen = (["operatore scelto"] if self.user_combo.currentIndex() > 0 else []) + (
            ["persona scelta"] if self.person_edit.text().strip() else [])  # never their names
        return export_table(
            self, self.ctx, self.table, resource=Resource.AUDIT,
            list_name="Registro degli accessi", path=path,
            filters=describe_filters([self.action_combo, self.type_combo], None,
                                     [*period, *chosen]), **kw)

    def reset_filters(self) -> None:
        self._quiet = True
        try:
            self.date_from.set_value(None)
            self.date_to.set_value(None)
            for combo in (self.user_combo, self.action_combo, self.type_combo):
                combo.setCurrentIndex(0)
            self._person = None
            self.person_edit.clear()
        finally:
            self._quiet = False
        self.apply_filters()
        self._update_buttons()

    def show_details(self, row: int | None = None) -> QDialog | None:
        """The full row in a dialog (``row``: the selected one by default)."""
        row = self._selected_row() if row is None else row
        event = self.model.audit_row(row) if row is not None and row >= 0 else None
        if event is None:
            return None
        dialog = AuditEventDialog(self, event)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def print_person(self):
        """The access register of the person filtered on, over the period of the filter."""
        if self._person is None:
            return None
        kind, person_id, _label = self._person
        flt = self.model.filter
        return open_document(self, self.ctx, DocumentRequest(
            "access", person_id, scope=kind.value, date_from=flt.date_from,
            date_to=flt.date_to))

    def save_header_state(self) -> None:
        self.ctx.settings.set(self._header_key, self.table.horizontalHeader().saveState())

    # --- building -------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.date_from = DateEdit(self)
        self.date_from.setObjectName("dateFrom")
        self.date_from.line.setAccessibleName(tr("From"))
        self.date_to = DateEdit(self)
        self.date_to.setObjectName("dateTo")
        self.date_to.line.setAccessibleName(tr("To"))
        self._date_timer = QTimer(self, singleShot=True, interval=DATE_DELAY_MS)
        self._date_timer.timeout.connect(self._apply_typed_dates)
        for edit in (self.date_from, self.date_to):
            edit.changed.connect(self._on_date_edited)
            edit.line.editingFinished.connect(self._on_date_finished)
        self.date_error = QLabel(self)
        self.date_error.setObjectName("dateError")
        self.date_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.date_error.hide()

        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("userFilter")
        self.user_combo.setAccessibleName(tr("Operator"))
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("actionFilter")
        self.action_combo.setAccessibleName(tr("Action"))
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("recordTypeFilter")
        self.type_combo.setAccessibleName(tr("Kind of record"))
        for combo in (self.user_combo, self.action_combo, self.type_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_filter_edited)

        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("personFilter")
        self.person_edit.setPlaceholderText(tr("Person: type a name and choose from the list"))
        self.person_edit.setAccessibleName(tr("Person"))
        self.person_edit.setClearButtonEnabled(True)
        self.person_edit.setMinimumWidth(280)
        self._person_model = QStringListModel(self)
        completer = QCompleter(self._person_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._person_chosen)
        self.person_edit.setCompleter(completer)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_people)
        self.person_edit.textChanged.connect(self._on_person_edited)
        self.person_edit.setEnabled(self.ctx.can(Action.READ, Resource.ELDER)
                                    or self.ctx.can(Action.READ, Resource.FOSTERER))

        self.reset_button = QPushButton(tr("Reset filters"), self)
        self.reset_button.setObjectName("resetFilters")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset_filters)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

    def _build_table(self) -> None:
        table = PagedTableView(self)
        table.setObjectName("auditTable")
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)
        table.setCornerButtonEnabled(False)
        table.setAccessibleName(tr("Access log"))
        vh = table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate(_DEFAULT_WIDTHS):
            hh.resizeSection(section, width)
        state = self.ctx.settings.get(self._header_key)
        if state is not None and not state.isEmpty():
            hh.restoreState(state)
        hh.setStretchLastSection(True)
        table.doubleClicked.connect(lambda index: self.show_details(index.row()))
        table.open_current.connect(lambda: self.show_details())
        self.table = table

        self.empty_label = QLabel(table.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMargin(24)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty_label.hide()
        table.viewport().installEventFilter(self)

    def _build_buttons(self) -> None:
        self.details_button = QPushButton(tr("Details…"), self)
        self.details_button.setObjectName("showDetails")
        self.details_button.setAutoDefault(False)
        self.details_button.clicked.connect(lambda: self.show_details())
        self.print_button = QPushButton(tr("Print the person's access register…"), self)
        self.print_button.setObjectName("printAccess")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_person)
        self.export_button = export_button(self, self.ctx, Resource.AUDIT, self.export_list)
        self.export_button.setAutoDefault(False)

    def _build_layout(self) -> None:
        period = QHBoxLayout()
        period.setSpacing(6)
        period.addWidget(QLabel(tr("Period from"), self))
        period.addWidget(self.date_from)
        period.addWidget(QLabel(tr("until"), self))
        period.addWidget(self.date_to)
        period.addWidget(self.date_error)
        period.addSpacing(12)
        period.addWidget(self.person_edit, 1)
        period.addWidget(self.count_label)
        filters = QHBoxLayout()
        for w in (self.user_combo, self.action_combo, self.type_combo):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.reset_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(period)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        chain = [self.date_from, self.date_to, self.person_edit, self.user_combo,
                 self.action_combo, self.type_combo, self.reset_button, self.table,
                 self.print_button, self.details_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _load_choices(self) -> None:
        try:
            with self.ctx.sessions() as s:
                choices = audit_log.filter_choices(s, self.ctx.actor)
        except AffidoError:
            choices = {"users": [], "actions": [], "record_types": []}
        self._quiet = True
        try:
            for combo, first, items in (
                (self.user_combo, tr("All operators"), choices["users"]),
                (self.action_combo, tr("All actions"), choices["actions"]),
                (self.type_combo, tr("All kinds of record"), choices["record_types"]),
            ):
                combo.clear()
                combo.addItem(first, None)
                for value, label in items:
                    combo.addItem(label, value)
        finally:
            self._quiet = False

    # --- reactions ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.empty_label.setGeometry(self.table.viewport().rect())
        return super().eventFilter(watched, event)

    def _on_filter_edited(self, *_args) -> None:
        if not self._quiet:
            self.apply_filters()

    def _on_date_edited(self) -> None:
        if not self._quiet:
            self._date_timer.start()

    def _on_date_finished(self) -> None:
        if not self._quiet:
            self.apply_filters()

    def _apply_typed_dates(self) -> None:
        """A pause while typing a date: apply it once it reads as a date (no message yet: the
        user may still be typing; leaving the field shows what is wrong)."""
        if all(edit.error() is None for edit in (self.date_from, self.date_to)):
            self.apply_filters()

    def _dates_valid(self) -> bool:
        message = None
        for edit in (self.date_from, self.date_to):
            error = edit.error()
            edit.set_invalid(bool(error))
            message = message or error
        start, end = self.date_from.date(), self.date_to.date()
        if message is None and start and end and start > end:
            message = tr("The end of the period comes before its start.")
            self.date_to.set_invalid(True)
        self.date_error.setText(message or "")
        self.date_error.setVisible(bool(message))
        return message is None

    def _on_person_edited(self, text: str) -> None:
        if self._quiet:
            return
        if self._person is not None and text != self._person[2]:
            self._person = None  # the name was edited: no longer the person chosen
            self.apply_filters()
            self._update_buttons()
        if len(text.strip()) >= 2:
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._person_model.setStringList([])

    def _search_people(self) -> None:
        text = self.person_edit.text().strip()
        if len(text) < 2 or self._person is not None:
            return
        try:
            with self.ctx.sessions() as s:
                hits = people.search_people(s, self.ctx.actor, text, limit=10)
        except AffidoError:
            hits = []
        self._hits = {}
        for hit in hits:
            kind = PersonKind(hit["kind"])
            label = tr("{name} — {kind}, {comune}").format(
                name=f"{hit['last_name']} {hit['first_name']}", kind=kind.label.lower(),
                comune=hit.get("comune") or "")
            self._hits[label] = (kind, hit["id"])
        self._person_model.setStringList(list(self._hits))
        if self._hits and self.person_edit.hasFocus():
            self.person_edit.completer().complete()

    def _person_chosen(self, label: str) -> None:
        hit = self._hits.get(label)
        if hit is not None:
            QTimer.singleShot(0, lambda: self.set_person(hit[0], hit[1], label)
                              if isValid(self) else None)

    def _person_label(self, kind: PersonKind, person_id: int) -> str:
        try:
            with self.ctx.sessions() as s:
                found = people.get_elder(s, self.ctx.actor, person_id) \
                    if kind == PersonKind.ELDER else \
                    people.get_fosterer(s, self.ctx.actor, person_id)
        except AffidoError:
            return kind.label
        name = " ".join(p for p in (found.get("last_name"), found.get("first_name")) if p)
        return tr("{name} — {kind}, {comune}").format(name=name, kind=kind.label.lower(),
                                                       comune=found.get("comune") or "")

    def _on_count_changed(self, count: int) -> None:
        self.count_label.setText(tr("1 row") if count == 1 else
                                 tr("{n} rows").format(n=f"{count:,}".replace(",", ".")))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.model.error:
            text = tr("The access log could not be loaded.") + "\n" + self.model.error
        elif self.model.rowCount() > 0:
            self.empty_label.hide()
            return
        elif self.model.filter.is_empty():
            text = tr("The access log is empty.")
        else:
            text = tr("No row matches the filters.")
        self.empty_label.setText(text)
        self.empty_label.setGeometry(self.table.viewport().rect())
        self.empty_label.show()
        self.empty_label.raise_()

    def _update_buttons(self, *_args) -> None:
        self.details_button.setEnabled(self._selected_row() >= 0)
        allowed = can_print(self.ctx, "access")
        self.print_button.setEnabled(allowed and self._person is not None)
        if not allowed:
            tip = tr("Your profile does not allow printing this document.")
        elif self._person is None:
            tip = tr("Choose a person in the filter to print who consulted their records.")
        else:
            tip = tr("Who consulted or changed the records of {name}, in the period "
                     "chosen").format(name=self._person[2].split(" — ")[0])
        self.print_button.setToolTip(tip)

    def _selected_row(self) -> int:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if rows:
            return rows[0].row()
        current = self.table.currentIndex()
        return current.row() if current.isValid() else -1

    # --- the log of the log ---------------------------------------------------------------------

    def _log(self, flt: AuditFilter) -> None:
        if flt == self._logged:
            return
        ok, _ = run_op(self, self.ctx, lambda s: audit_log.log_viewing(s, self.ctx.actor, flt),
                       quiet=True)
        if ok:
            self._logged = flt


class AuditEventDialog(QDialog):
    """One row of the log in full: when, who, action, record, person, detail, row number."""

    def __init__(self, parent: QWidget | None, event: AuditRow):
        super().__init__(parent)
        self.setObjectName("auditEventDialog")
        self.event_row = event
        self.setWindowTitle(tr("Access log – row {n}").format(n=event.id))
        local = event.at.astimezone()
        #: (key, label, value) as shown
        self.values: list[tuple[str, str, str]] = [
            ("when", tr("When"), f"{italian_date(local.date())} {local:%H:%M:%S}"),
            ("user", tr("Operator"), event.user_name
             + (f" ({event.user_role})" if event.user_role else "")),
            ("action", tr("Action"), event.action_label),
            ("record", tr("Record"), event.record),
            ("person", tr("Person"), event.person or "—"),
            ("detail", tr("Detail"), event.detail or "—"),
            ("row", tr("Row of the log"), str(event.id)),
        ]
        self.text = QTextBrowser(self)
        self.text.setObjectName("eventText")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.viewport().setAutoFillBackground(False)
        rows = "".join(
            f'<tr><td style="padding: 3px 14px 3px 0; white-space: nowrap;"><b>'
            f'{html.escape(label)}</b></td><td style="padding: 3px 0;">'
            f'{html.escape(value)}</td></tr>'
            for _key, label, value in self.values)
        self.text.setHtml(f"<table>{rows}</table>")
        note = QLabel(tr("The rows of the log cannot be changed or deleted; “Row of the log” "
                         "is the number the database check refers to."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555; font-style: italic;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumSize(480, 280)
        self.resize(600, 340)

    def value(self, key: str) -> str:
        return next(v for k, _label, v in self.values if k == key)


class AuditWindow(QDialog):
    """The access log in a window of its own (not modal), administrators only."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditWindow")
        self.setWindowTitle(tr("Access log"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        intro = QLabel(tr("Who consulted, changed, printed or exported what, and when. The log "
                          "cannot be changed; looking at it is recorded too."), self)
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        self.view = AuditLogView(ctx, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.refresh_button = buttons.addButton(tr("Refresh"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.clicked.connect(self.view.refresh)
        for button in buttons.buttons():  # Enter in a filter must not close the window
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(1180, 720)

    @classmethod
    def open_window(cls, parent: QWidget | None, ctx, *, show: bool = True,
                    person: tuple[PersonKind | str, int] | None = None):
        """The access log, or None (with a message) for who may not read it."""
        if not ctx.can(Action.READ, Resource.AUDIT):
            show_error(parent, tr("Access log"),
                       tr("Only an administrator can read the access log."))
            return None
        window = cls(parent, ctx)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if person is not None:
            window.view.set_person(*person)
        if show:
            window.show()
        return window

    def done(self, result: int) -> None:
        self.view.save_header_state()
        super().done(result)


__all__ = ["AuditEventDialog", "AuditLogView", "AuditTableModel", "AuditWindow"]
