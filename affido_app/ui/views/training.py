"""Formazione: training courses, their sessions, the fosterers enrolled and the registers.

On the left the courses (newest first); on the right the selected course: its details, its
sessions (with the state of each register) and the fosterers enrolled with their progress towards
completing the course. Writing is for the profiles allowed to (``Action.* / Resource.TRAINING``);
the others see the same screen without the buttons that change things.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import AttendanceStatus, FostererStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import people, training
from affido_app.services.documents import DocumentRequest
from affido_app.ui import settings as keys
from affido_app.ui.dialogs.course_dialog import CourseDialog
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.dialogs.register_dialog import RegisterDialog
from affido_app.ui.dialogs.training_session_dialog import TrainingSessionDialog
from affido_app.ui.documents import can_print, document_button, open_document
from affido_app.ui.exporting import export_button, export_table
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.widgets.format import italian_date, italian_datetime
from affido_app.ui.widgets.record_table import RecordTable, yes_no
from affido_app.ui.widgets.training_record import is_future, when_text

AREAS = frozenset({"training", "fosterers"})
#: enrolling or cancelling an enrolment changes the fosterer's training too
ENROL_CHANGES = ("training", "fosterers")
CF = training.COURSE_FIELDS
SF = training.SESSION_FIELDS
ID_ROLE = Qt.ItemDataRole.UserRole


# --- what the tables show ----------------------------------------------------------------------

def needed_sessions(course: Mapping[str, Any], core_total: int) -> int:
    """How many core sessions complete the course (its rule, or every core session)."""
    required = course.get("required_core_sessions")
    return core_total if required is None else required


def rule_text(required: int | None, core_total: int) -> str:
    if required is None:
        return tr("Every core session ({n} in the calendar)").format(n=core_total)
    if required == 0:
        return tr("No attendance required")
    return tr("At least {n} core sessions out of {total} in the calendar").format(
        n=required, total=core_total)


def attendance_text(session: Mapping[str, Any], enrolled: int) -> str:
    """The state of a session's register, as the sessions table shows it."""
    if is_future(session):
        return tr("Scheduled")
    if not session.get("marked"):
        return tr("Register to take")
    return tr("{present} present out of {enrolled}").format(present=session.get("present", 0),
                                                             enrolled=enrolled)


def register_missing(session: Mapping[str, Any]) -> str | None:
    """Why a session row stands out: its day has come and nobody is marked yet."""
    if not is_future(session) and not session.get("marked"):
        return tr("The register of this session has not been taken yet.")
    return None


def course_progress(s, actor, course: Mapping[str, Any]) -> dict[int, int]:
    """Core sessions each enrolled fosterer attended (present). One register is read per core
    session with somebody present: a course has a handful of sessions, whatever the number of
    fosterers enrolled."""
    attended = {e["fosterer_id"]: 0 for e in course["enrolled"]}
    for session in course["sessions"]:
        if not session.get("is_core") or not session.get("present"):
            continue
        for entry in training.session_register(s, actor, session["id"]):
            if entry["status"] == AttendanceStatus.PRESENT and entry["id"] in attended:
                attended[entry["id"]] += 1
    return attended


def enrolled_rows(course: Mapping[str, Any], attended: Mapping[int, int]) -> list[dict]:
    core_total = sum(1 for x in course["sessions"] if x.get("is_core"))
    needed = needed_sessions(course, core_total)
    rows = []
    for entry in course["enrolled"]:
        count = attended.get(entry["fosterer_id"], 0)
        completed, missing = training.course_completion(
            count, core_total, course.get("required_core_sessions"))
        rows.append({**entry, "id": entry["fosterer_id"], "attended": count, "needed": needed,
                     "completed": completed, "missing": missing})
    return rows


def completion_text(row: Mapping[str, Any]) -> str:
    if row["completed"]:
        return tr("Yes")
    return tr("No – {missing}").format(missing=row["missing"]) if row["missing"] else tr("No")


def _full_text_tooltips(table: QTableWidget) -> None:
    """Cells may be elided: their tooltip shows the whole text (a reason already set stays)."""
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None and not item.toolTip():
                item.setToolTip(item.text())


# --- the fosterer picker -----------------------------------------------------------------------

class FostererPicker(QDialog):
    """Search-as-you-type over fosterers; several may be chosen. ``FostererPicker.pick(parent,
    ctx, enrolled)`` → the ids chosen (empty if cancelled)."""

    LIMIT = 50
    DELAY_MS = 150
    CANDIDATES = (FostererStatus.APPLICATION, FostererStatus.SELECTION, FostererStatus.TRAINING)

    def __init__(self, parent: QWidget | None, ctx, enrolled: Iterable[int] = (),
                 course_title: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("fostererPicker")
        self.enrolled = set(enrolled)
        self.setWindowTitle(tr("Enrol fosterers – {course}").format(course=course_title)
                            if course_title else tr("Enrol fosterers"))
        self.search = QLineEdit(self)
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(tr("Type a name, tax code, phone or town"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search"))
        self.only_candidates = QCheckBox(tr("Only candidates not yet approved (application, "
                                            "selection, training)"), self)
        self.only_candidates.setChecked(True)
        self.list = QListWidget(self)
        self.list.setObjectName("pickerList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(260)
        self.hint = QLabel(self)
        self.hint.setObjectName("emptyNote")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(tr("Enrol"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("enrol")
        cancel = self.buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Choose one or more fosterers (Ctrl+click to choose "
                                   "several):"), self))
        layout.addWidget(self.search)
        layout.addWidget(self.only_candidates)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(560, 480)

        self._timer = QTimer(self, singleShot=True, interval=self.DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._return_pressed)
        self.only_candidates.toggled.connect(lambda _on: self.refresh())
        self.list.itemSelectionChanged.connect(self._update_ok)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept()
                                            if self.chosen_ids() else None)
        self.refresh()

    @classmethod
    def pick(cls, parent: QWidget | None, ctx, enrolled: Iterable[int] = (),
             course_title: str = "") -> list[int]:
        dialog = cls(parent, ctx, enrolled, course_title)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.chosen_ids()
            return []
        finally:
            dialog.deleteLater()

    def set_search(self, text: str) -> None:
        """Search ``text`` now (no wait)."""
        self.search.setText(text)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        statuses = self.CANDIDATES if self.only_candidates.isChecked() else ()
        flt = people.PersonFilter(search=text or None, statuses=statuses)
        try:
            with self.ctx.sessions() as s:
                rows = people.list_people(s, self.ctx.actor, PersonKind.FOSTERER, flt,
                                          limit=self.LIMIT + 1)
        except AffidoError as exc:
            self.list.clear()
            self.hint.setText(exc.message)
            self.hint.show()
            self._update_ok()
            return
        chosen = set(self.chosen_ids())
        self.list.clear()
        for row in rows[:self.LIMIT]:
            status = FostererStatus(row.status)
            text_row = tr("{name} — {comune} — {status}").format(
                name=f"{row.last_name} {row.first_name}", comune=row.comune or "",
                status=status.label)
            item = QListWidgetItem(text_row)
            item.setData(ID_ROLE, row.id)
            if row.id in self.enrolled:
                item.setText(text_row + " " + tr("(already enrolled)"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled
                              & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)
            if row.id in chosen:
                item.setSelected(True)
        if not rows:
            self.hint.setText(tr("Nobody found: try other letters, or include the fosterers "
                                 "already approved.") if text or statuses else
                              tr("No fosterer on file."))
        elif len(rows) > self.LIMIT:
            self.hint.setText(tr("Only the first {n} are listed: type more letters to narrow "
                                 "the search.").format(n=self.LIMIT))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self._update_ok()

    def chosen_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]

    def _return_pressed(self) -> None:
        self.refresh()
        if self.chosen_ids():
            self.accept()
            return
        selectable = [self.list.item(i) for i in range(self.list.count())
                      if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        if len(selectable) == 1:
            selectable[0].setSelected(True)
        elif selectable:
            self.list.setFocus()
            self.list.setCurrentItem(selectable[0])

    def _update_ok(self) -> None:
        n = len(self.chosen_ids())
        self.ok_button.setEnabled(n > 0)
        self.ok_button.setText(tr("Enrol") if n <= 1 else tr("Enrol {n}").format(n=n))


# --- the view ----------------------------------------------------------------------------------

class TrainingView(QWidget):
    """The Formazione section. ``select_course(id)`` shows a course; "Open record" on an
    enrolled fosterer goes through ``ctx.open_record`` (the main window opens the record)."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("trainingView")
        self.course: dict | None = None
        self.courses: list[dict] = []
        self._splitter_restored = False
        self._stale = False
        self.can_create = ctx.can(Action.CREATE, Resource.TRAINING)
        self.can_update = ctx.can(Action.UPDATE, Resource.TRAINING)
        self.can_delete = ctx.can(Action.DELETE, Resource.TRAINING)

        title = QLabel(tr("Training"), self)
        title.setObjectName("pageTitle")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("trainingSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_courses())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self.save_splitter())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        layout.addWidget(self.splitter, 1)

        self._apply_permissions()
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # --- building --------------------------------------------------------------------------------

    def _build_courses(self) -> QWidget:
        pane = QWidget(self)
        self.course_table = QTableWidget(0, 4, pane)
        self.course_table.setObjectName("courseTable")
        self.course_table.setHorizontalHeaderLabels(
            [CF["title"].label, tr("Start"), tr("Sessions"), tr("Enrolled")])
        self.course_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.course_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.course_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.course_table.setAlternatingRowColors(True)
        self.course_table.setWordWrap(False)
        # titles often share their beginning ("Percorso formativo … n. 12"): keep the end
        self.course_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.course_table.verticalHeader().hide()
        self.course_table.setAccessibleName(tr("Training courses"))
        header = self.course_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.course_table.itemSelectionChanged.connect(self._course_selected)
        self.course_table.doubleClicked.connect(lambda _index: self.edit_course())
        self.courses_empty = QLabel(tr("No training course yet."), pane)
        self.courses_empty.setObjectName("emptyNote")

        self.new_course_button = QPushButton(tr("New course…"), pane)
        self.new_course_button.setObjectName("newCourse")
        self.new_course_button.clicked.connect(self.new_course)
        self.edit_course_button = QPushButton(tr("Edit course…"), pane)
        self.edit_course_button.setObjectName("editCourse")
        self.edit_course_button.clicked.connect(self.edit_course)
        self.delete_course_button = QPushButton(tr("Delete course"), pane)
        self.delete_course_button.setObjectName("deleteCourse")
        self.delete_course_button.clicked.connect(self.delete_course)
        self.export_button = export_button(pane, self.ctx, Resource.TRAINING, self.export_list)
        buttons = QGridLayout()  # two rows: the pane can stay narrow
        buttons.setContentsMargins(0, 0, 0, 0)
        for i, button in enumerate((self.new_course_button, self.edit_course_button,
                                    self.delete_course_button, self.export_button)):
            button.setAutoDefault(False)
            buttons.addWidget(button, i // 2, i % 2)
        buttons.setColumnStretch(2, 1)

        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.course_table, 1)
        layout.addWidget(self.courses_empty)
        layout.addLayout(buttons)
        return pane

    def _build_detail(self) -> QWidget:
        pane = QWidget(self)
        self.placeholder = QLabel(tr("Choose a course on the left to see its sessions and the "
                                     "fosterers enrolled."), pane)
        self.placeholder.setObjectName("emptyNote")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.detail = QWidget(pane)
        self.course_title = QLabel(self.detail)
        self.course_title.setObjectName("recordHeader")
        self.course_title.setWordWrap(True)
        self.course_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info = QWidget(self.detail)
        form = QFormLayout(info)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(3)
        self.info_labels: dict[str, QLabel] = {}
        self.info_form = form
        for key, label in (("start_date", CF["start_date"].label),
                           ("rule", tr("Completion")),
                           ("required_for_approval", CF["required_for_approval"].label),
                           ("description", CF["description"].label),
                           ("notes", CF["notes"].label)):
            value = QLabel(info)
            value.setObjectName(f"course_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label + ":", value)
            self.info_labels[key] = value

        self.sessions = RecordTable(
            [(tr("Date and time"), lambda r: italian_datetime(r["starts_at"])),
             (SF["topic"].label, lambda r: r.get("topic") or ""),
             (SF["place"].label, lambda r: r.get("place") or ""),
             (SF["trainer"].label, lambda r: r.get("trainer") or ""),
             (tr("Core"), lambda r: yes_no(r.get("is_core"))),
             (tr("Attendance"), lambda r: attendance_text(r, self._enrolled_count()))],
            self.detail, empty_text=tr("No session in the calendar yet."),
            add_text=tr("Add session…"), edit_text=tr("Edit session…"),
            remove_text=tr("Remove session"), marked=register_missing, stretch=1)
        self.sessions.setObjectName("sessionTable")
        header = self.sessions.table.horizontalHeader()
        for column, width in ((2, 110), (3, 110)):  # place, trainer: long, elided
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.sessions.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.sessions.add_requested.connect(self.add_session)
        self.sessions.edit_requested.connect(lambda row: self.edit_session(row))
        self.sessions.remove_requested.connect(lambda row: self.remove_session(row))
        self.register_button = QPushButton(tr("Register…"), self.detail)
        self.register_button.setObjectName("register")
        self.register_button.setAutoDefault(False)
        self.register_button.setToolTip(tr("The attendance register of the selected session"))
        self.register_button.clicked.connect(lambda: self.open_register())
        self.sessions.buttons.insertWidget(self.sessions.buttons.count() - 1,
                                           self.register_button)
        self.sheet_button = document_button(
            self.detail, self.ctx, tr("Print sign-in sheet"), "attendance",
            lambda: self.print_sheet(), name="printSheet",
            tip=tr("The sign-in sheet of the selected session, with a column for the "
                   "signatures"))
        self.sessions.buttons.insertWidget(self.sessions.buttons.count() - 1,
                                           self.sheet_button)
        self.sessions.table.itemSelectionChanged.connect(self._update_buttons)
        self.export_sessions_button = export_button(self.detail, self.ctx, Resource.TRAINING,
                                                    self.export_sessions)
        self.export_sessions_button.setObjectName("exportSessions")
        self.sessions.buttons.insertWidget(self.sessions.buttons.count() - 1,
                                           self.export_sessions_button)

        self.enrolled = RecordTable(
            [(tr("Fosterer"), lambda r: r["name"]),
             (tr("Enrolled on"), lambda r: italian_date(r.get("enrolled_on"))),
             (tr("Core sessions attended"),
              lambda r: tr("{n} of {needed}").format(n=r["attended"], needed=r["needed"])),
             (tr("Completed"), completion_text)],
            self.detail, empty_text=tr("No fosterer enrolled yet."),
            add_text=tr("Enrol fosterer…"), edit_text=tr("Open record"),
            remove_text=tr("Remove from course"), stretch=3)
        self.enrolled.setObjectName("enrolledTable")
        self.enrolled.add_requested.connect(self.enrol)
        self.enrolled.edit_requested.connect(
            lambda row: self.ctx.open_record.emit(PersonKind.FOSTERER.value,
                                                  row["fosterer_id"]))
        self.enrolled.remove_requested.connect(lambda row: self.unenrol(row))
        self.export_enrolled_button = export_button(self.detail, self.ctx, Resource.TRAINING,
                                                    self.export_enrolled)
        self.export_enrolled_button.setObjectName("exportEnrolled")
        self.enrolled.buttons.insertWidget(self.enrolled.buttons.count() - 1,
                                           self.export_enrolled_button)

        sessions_box = QGroupBox(tr("Sessions"), self.detail)
        enrolled_box = QGroupBox(tr("Fosterers enrolled"), self.detail)
        for box, table in ((sessions_box, self.sessions), (enrolled_box, self.enrolled)):
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(2, 4, 2, 2)
            box_layout.addWidget(table)
        self.enrolled_box = enrolled_box
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.course_title)
        detail_layout.addWidget(info)
        detail_layout.addWidget(sessions_box, 3)
        detail_layout.addWidget(enrolled_box, 2)

        layout = QVBoxLayout(pane)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.detail, 1)
        return pane

    def _apply_permissions(self) -> None:
        self.new_course_button.setVisible(self.can_create)
        self.edit_course_button.setVisible(self.can_update)
        self.delete_course_button.setVisible(self.can_delete)
        self.sessions.add_button.setVisible(self.can_create)
        self.sessions.edit_button.setVisible(self.can_update)
        self.sessions.remove_button.setVisible(self.can_delete)
        self.enrolled.add_button.setVisible(self.can_update)
        self.enrolled.remove_button.setVisible(self.can_update)
        if not self.can_update:
            self.register_button.setText(tr("See register…"))

    # --- data ------------------------------------------------------------------------------------

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            if self.isVisible():
                self.refresh()
            else:  # another section is shown: read again when this one comes back
                self._stale = True

    def refresh(self) -> None:
        """Read the courses again and the selected one, keeping the selection."""
        self._stale = False
        keep = self.course["id"] if self.course else None
        try:
            with self.ctx.sessions() as s:
                self.courses = training.list_courses(s, self.ctx.actor)
        except AffidoError:
            self.courses = []
        table = self.course_table
        table.blockSignals(True)
        try:
            table.setRowCount(len(self.courses))
            for r, course in enumerate(self.courses):
                cells = (course["title"], italian_date(course["start_date"]),
                         str(course["sessions"]), str(course["enrolled"]))
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(ID_ROLE, course["id"])
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if c == 0:
                        item.setToolTip(text)
                    table.setItem(r, c, item)
            table.clearSelection()
            row = next((r for r, c in enumerate(self.courses) if c["id"] == keep), None)
            if row is None and self.courses:
                row = 0
            if row is not None:
                table.selectRow(row)
        finally:
            table.blockSignals(False)
        self.courses_empty.setVisible(not self.courses)
        self._load_course(self.current_course_id())

    def current_course_id(self) -> int | None:
        rows = self.course_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.course_table.item(rows[0].row(), 0)
        return item.data(ID_ROLE) if item is not None else None

    def select_course(self, course_id: int) -> bool:
        """Show ``course_id`` (False when it is not listed)."""
        for r, course in enumerate(self.courses):
            if course["id"] == course_id:
                self.course_table.selectRow(r)
                return True
        return False

    def _course_selected(self) -> None:
        self._load_course(self.current_course_id())

    def _load_course(self, course_id: int | None) -> None:
        course, attended = None, {}
        if course_id is not None:
            try:
                with self.ctx.sessions() as s:
                    course = training.get_course(s, self.ctx.actor, course_id)
                    attended = course_progress(s, self.ctx.actor, course)
            except AffidoError:
                course = None
        self.course = course
        self.placeholder.setVisible(course is None)
        self.detail.setVisible(course is not None)
        if course is None:
            self.sessions.set_rows([])
            self.enrolled.set_rows([])
            self.placeholder.setText(
                tr("Choose a course on the left to see its sessions and the fosterers "
                   "enrolled.") if self.courses else
                tr("No training course yet.") + ("\n" + tr("Create one with “New course…”.")
                                                 if self.can_create else ""))
            self._update_buttons()
            return
        core_total = sum(1 for x in course["sessions"] if x.get("is_core"))
        self.course_title.setText(course["title"])
        values = {
            "start_date": italian_date(course.get("start_date")),
            "rule": rule_text(course.get("required_core_sessions"), core_total),
            "required_for_approval": yes_no(course.get("required_for_approval")),
            "description": course.get("description") or "",
            "notes": course.get("notes") or "",
        }
        for key, text in values.items():
            self.info_labels[key].setText(text)
            self.info_form.setRowVisible(self.info_labels[key], bool(text))
        self.sessions.set_rows(course["sessions"])
        self.enrolled.set_rows(enrolled_rows(course, attended))
        for table in (self.sessions, self.enrolled):
            _full_text_tooltips(table.table)
        self.enrolled_box.setTitle(tr("Fosterers enrolled ({n})").format(
            n=len(course["enrolled"])))
        self._update_buttons()

    def _enrolled_count(self) -> int:
        return len(self.course["enrolled"]) if self.course else 0

    def _update_buttons(self) -> None:
        has_course = self.course is not None
        self.edit_course_button.setEnabled(has_course)
        self.delete_course_button.setEnabled(has_course)
        self.register_button.setEnabled(self.sessions.current() is not None)
        self.sheet_button.setEnabled(self.sessions.current() is not None
                                     and can_print(self.ctx, "attendance"))

    # --- courses ---------------------------------------------------------------------------------

    def export_list(self, path=None, **kw):
        """Export the list of training courses, as shown."""
        return export_table(self, self.ctx, self.course_table, resource=Resource.TRAINING,
                            list_name="Percorsi formativi", path=path, **kw)

    def export_sessions(self, path=None, **kw):
        """Export the sessions of the course shown, as listed."""
        return export_table(self, self.ctx, self.sessions.table, resource=Resource.TRAINING,
                            list_name=f"Incontri - {self.course_title.text()}", path=path,
                            filters="percorso: " + self.course_title.text(), **kw)

    def export_enrolled(self, path=None, **kw):
        """Export the fosterers enrolled in the course shown, with their attendance."""
        return export_table(self, self.ctx, self.enrolled.table, resource=Resource.TRAINING,
                            list_name=f"Iscritti - {self.course_title.text()}", path=path,
                            filters="percorso: " + self.course_title.text(), **kw)

    def new_course(self) -> int | None:
        new_id = CourseDialog.create(self, self.ctx)
        if new_id and not self.select_course(new_id):  # listed by the change notice already
            self.refresh()
            self.select_course(new_id)
        return new_id

    def edit_course(self) -> bool:
        if self.course is None:
            return False
        return bool(CourseDialog.open_course(self, self.ctx, self.course["id"]))

    def delete_course(self) -> bool:
        course = self.course
        if course is None or not self.can_delete:
            return False
        text = tr("Delete the course “{title}” with its sessions and enrolments?").format(
            title=course["title"])
        if not confirm(self, tr("Delete course"), text, tr("Delete")):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: training.delete_course(s, self.ctx.actor, course["id"],
                                                        expected_version=course["version"]),
                       changes=ENROL_CHANGES, title=tr("Delete course"))
        return ok

    # --- sessions --------------------------------------------------------------------------------

    def add_session(self) -> int | None:
        if self.course is None:
            return None
        defaults = {}
        if self.course["sessions"]:  # where and with whom, as the latest session
            last = self.course["sessions"][-1]
            defaults = {k: last[k] for k in ("place", "trainer") if last.get(k)}
        return TrainingSessionDialog.create(self, self.ctx, self.course["id"],
                                            defaults=defaults)

    def edit_session(self, row: Mapping[str, Any] | None = None) -> bool:
        row = row or self.sessions.current()
        if row is None or self.course is None:
            return False
        return bool(TrainingSessionDialog.open_session(self, self.ctx, self.course["id"],
                                                       row["id"]))

    def remove_session(self, row: Mapping[str, Any] | None = None) -> bool:
        row = row or self.sessions.current()
        if row is None or not self.can_delete:
            return False
        text = tr("Remove the session “{topic}” of {when}?").format(topic=row["topic"],
                                                                  when=when_text(row))
        if not confirm(self, tr("Remove session"), text, tr("Remove")):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: training.remove_session(s, self.ctx.actor, row["id"],
                                                         expected_version=row["version"]),
                       changes=ENROL_CHANGES, title=tr("Remove session"))
        return ok

    def open_register(self, row: Mapping[str, Any] | None = None) -> bool:
        row = row or self.sessions.current()
        if row is None or self.course is None:
            return False
        return bool(RegisterDialog.open_register(self, self.ctx, row["id"],
                                                 course_id=self.course["id"]))

    def print_sheet(self, row: Mapping[str, Any] | None = None):
        """The sign-in sheet (registro presenze) of the selected session."""
        row = row or self.sessions.current()
        if row is None:
            return None
        return open_document(self, self.ctx, DocumentRequest("attendance", row["id"]))

    # --- enrolment -------------------------------------------------------------------------------

    def enrol(self) -> list[int]:
        course = self.course
        if course is None or not self.can_update:
            return []
        enrolled = {e["fosterer_id"] for e in course["enrolled"]}
        chosen = [fid for fid in FostererPicker.pick(self, self.ctx, enrolled, course["title"])
                  if fid not in enrolled]
        if not chosen:
            return []

        def enrol_all(s) -> None:
            for fid in chosen:
                training.enroll(s, self.ctx.actor, course["id"], fid)

        ok, _ = run_op(self, self.ctx, enrol_all, changes=ENROL_CHANGES,
                       title=tr("Enrol fosterers"))
        return chosen if ok else []

    def unenrol(self, row: Mapping[str, Any] | None = None) -> bool:
        row = row or self.enrolled.current()
        course = self.course
        if row is None or course is None or not self.can_update:
            return False
        text = tr("Remove {name} from the course “{title}”?").format(name=row["name"],
                                                                    title=course["title"])
        if not confirm(self, tr("Remove from course"), text, tr("Remove")):
            return False
        ok, _ = run_op(self, self.ctx,
                       lambda s: training.unenroll(s, self.ctx.actor, course["id"],
                                                   row["fosterer_id"]),
                       changes=ENROL_CHANGES, title=tr("Remove from course"))
        return ok

    # --- splitter --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:
            self._splitter_restored = True
            QTimer.singleShot(0, self.restore_splitter)
        if self._stale:
            self.refresh()

    def restore_splitter(self) -> None:
        state = self.ctx.settings.get(keys.splitter_key("training"))
        if not isinstance(state, QByteArray) or state.isEmpty() \
                or not self.splitter.restoreState(state):
            width = max(self.splitter.width(), 800)
            left = max(min(380, width // 3), self.splitter.widget(0).minimumSizeHint().width())
            self.splitter.setSizes([left, width - left])

    def save_splitter(self) -> None:
        self.ctx.settings.set(keys.splitter_key("training"), self.splitter.saveState())
