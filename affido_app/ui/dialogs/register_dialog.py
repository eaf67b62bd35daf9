"""The attendance register (registro presenze) of one training session, taken all at once.

One row per fosterer enrolled in the course: Presente / Assente / Assente giustificato and a
note. "All present" marks everybody present; Save records the whole register with one service
call. A session still to come cannot have its register taken (the service's rule): the dialog
says so and only shows the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import AttendanceStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, ValidationError
from affido_app.services import training
from affido_app.services.documents import DocumentRequest
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.documents import document_action, document_button, open_document
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.format import long_date
from affido_app.ui.widgets.training_record import is_future, session_day, when_text

#: the same length as the service's limit on a register note
NOTE_MAX_LENGTH = 500
#: recording a register changes the fosterers' training (completion, approval evidence)
CHANGES = ("training", "fosterers")


class RegisterRow:
    """One fosterer's line: three exclusive choices and a note."""

    def __init__(self, parent: QWidget, grid: QGridLayout, index: int, entry: Mapping[str, Any]):
        self.fosterer_id: int = entry["id"]
        self.name: str = entry["name"]
        self.saved_status: AttendanceStatus | None = _status(entry.get("status"))
        self.saved_note: str = entry.get("note") or ""
        self.label = QLabel(self.name, parent)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.group = QButtonGroup(parent)
        self.group.setExclusive(True)
        self.choices: dict[AttendanceStatus, QRadioButton] = {}
        choices = QWidget(parent)
        box = QHBoxLayout(choices)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        for status in AttendanceStatus:
            radio = QRadioButton(status.label, choices)
            radio.setObjectName(f"mark_{self.fosterer_id}_{status.value}")
            radio.setAccessibleName(f"{self.name}: {status.label}")
            self.group.addButton(radio)
            self.choices[status] = radio
            box.addWidget(radio)
        box.addStretch(1)
        self.note = QLineEdit(parent)
        self.note.setObjectName(f"note_{self.fosterer_id}")
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        self.note.setPlaceholderText(tr("Note (optional)"))
        self.note.setAccessibleName(tr("Note for {name}").format(name=self.name))
        self.note.setMinimumWidth(180)
        grid.addWidget(self.label, index, 0)
        grid.addWidget(choices, index, 1)
        grid.addWidget(self.note, index, 2)
        self.set_status(self.saved_status)
        self.note.setText(self.saved_note)
        self.update_note()

    def status(self) -> AttendanceStatus | None:
        for status, radio in self.choices.items():
            if radio.isChecked():
                return status
        return None

    def set_status(self, status: AttendanceStatus | None) -> None:
        if status is None:
            self.group.setExclusive(False)
            for radio in self.choices.values():
                radio.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.choices[status].setChecked(True)

    def note_text(self) -> str:
        return self.note.text().strip()

    def is_dirty(self) -> bool:
        return self.status() != self.saved_status or self.note_text() != self.saved_note.strip()

    def set_read_only(self, read_only: bool) -> None:
        for radio in self.choices.values():
            radio.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        self.note.setPlaceholderText("" if read_only else tr("Note (optional)"))
        self.update_note()

    def update_note(self) -> None:
        """A note goes with a mark: the field waits for one."""
        self.note.setEnabled(self.status() is not None or bool(self.note.text()))


class RegisterDialog(FormDialog):
    """``RegisterDialog.open_register(parent, ctx, session_id)`` → True once saved."""

    def __init__(self, parent: QWidget | None, ctx, session_id: int,
                 course_id: int | None = None):
        super().__init__(parent, ctx)
        self.setObjectName("registerDialog")
        self.session_id = session_id
        with ctx.sessions() as s:
            entries = training.session_register(s, ctx.actor, session_id)
            if course_id is None:
                course_id = training.course_of_session(s, ctx.actor, session_id)
            self.course = training.get_course(s, ctx.actor, course_id)
        self.session = next(x for x in self.course["sessions"] if x["id"] == session_id)
        self.future = is_future(self.session)
        self.setWindowTitle(tr("Attendance register – {topic}").format(
            topic=self.session["topic"]))

        header = self._header()
        self.notice = QLabel(self)
        self.notice.setObjectName("registerNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel#registerNotice { color: #6d4c00; background: #fff8e1; "
            "border: 1px solid #ffe082; border-radius: 3px; padding: 6px; }")
        self.notice.hide()

        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        bold = QFont(self.font())
        bold.setBold(True)
        for column, text in enumerate((tr("Fosterer"), tr("Attendance"), tr("Note"))):
            label = QLabel(text, body)
            label.setFont(bold)
            self.grid.addWidget(label, 0, column)
        self.rows = [RegisterRow(body, self.grid, i + 1, e) for i, e in enumerate(entries)]
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(self.rows) + 1, 1)
        for row in self.rows:
            row.group.buttonToggled.connect(self._mark_changed)
            row.note.textChanged.connect(lambda _text: self._changed())
        scroll = QScrollArea(self)
        scroll.setObjectName("registerRows")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(body)
        self.empty_label = QLabel(tr("No fosterer is enrolled in this course: enrol them from "
                                     "the Training section first."), self)
        self.empty_label.setObjectName("emptyNote")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not self.rows)
        scroll.setVisible(bool(self.rows))

        self.all_present_button = QPushButton(tr("All present"), self)
        self.all_present_button.setObjectName("allPresent")
        self.all_present_button.setAutoDefault(False)
        self.all_present_button.setToolTip(tr("Mark every fosterer present (then change the "
                                              "few who were absent)"))
        self.all_present_button.clicked.connect(self.all_present)
        self.all_present_button.setEnabled(bool(self.rows))
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("registerCounts")
        self.sheet_button = document_button(
            self, ctx, tr("Print sign-in sheet"), "attendance", self.print_sheet,
            name="printSheet", tip=tr("The sign-in sheet of this session, with a column for "
                                      "the signatures (Ctrl+P)"))
        self.addAction(document_action(self, ctx, tr("Print sign-in sheet"), "attendance",
                                       self.print_sheet, shortcut="Ctrl+P"))
        self.button_row.insertWidget(0, self.all_present_button)
        self.button_row.insertWidget(1, self.counts_label)
        self.button_row.insertWidget(3, self.sheet_button)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.button_row)
        self.resize(880, min(720, 260 + 40 * max(3, len(self.rows))))

        if self.future:
            self.notice.setText(tr(
                "This session is on {date}: its register can be taken from the day of the "
                "session.").format(date=long_date(session_day(self.session))))
            self.notice.show()
            self.set_read_only(True)
        elif not ctx.can(Action.UPDATE, Resource.TRAINING):
            self.notice.setText(tr("Your profile can consult the register but not change it."))
            self.notice.show()
            self.set_read_only(True)
        self._update_counts()
        self.update_buttons()

    # --- entry point ---

    @classmethod
    def open_register(cls, parent: QWidget | None, ctx, session_id: int, *,
                      course_id: int | None = None, exec: bool = True):
        """The register of a session: True once saved (False if closed without saving; None
        when it cannot be read, the message shown). ``course_id``, when the caller knows it,
        saves a look-up. ``exec=False``: the dialog, not shown."""
        try:
            dialog = cls(parent, ctx, session_id, course_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the register"), exc.message)
            return None
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    def print_sheet(self):
        """The sign-in sheet of the session (as saved: the marks not saved yet are not on
        it; the sheet is meant to be signed on paper)."""
        return open_document(self, self.ctx, DocumentRequest("attendance", self.session_id))

    # --- building ---

    def _header(self) -> QWidget:
        frame = QFrame(self)
        frame.setObjectName("registerHeader")
        frame.setStyleSheet("QFrame#registerHeader { background: palette(alternate-base); "
                            "border: 1px solid palette(mid); border-radius: 4px; }")
        title = QLabel(self.session["topic"], frame)
        title.setObjectName("recordHeader")
        title.setWordWrap(True)
        parts = [when_text(self.session)]
        if self.session.get("place"):
            parts.append(self.session["place"])
        if self.session.get("trainer"):
            parts.append(tr("trainer: {name}").format(name=self.session["trainer"]))
        details = QLabel(" · ".join(parts), frame)
        details.setObjectName("registerDetails")
        details.setWordWrap(True)
        course = QLabel(tr("Course: {title}").format(title=self.course["title"]), frame)
        course.setObjectName("registerCourse")
        course.setWordWrap(True)
        if not self.session.get("is_core"):
            course.setText(course.text() + " · " + tr("optional session (not core)"))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(details)
        layout.addWidget(course)
        return frame

    # --- state ---

    def row_for(self, fosterer_id: int) -> RegisterRow:
        return next(r for r in self.rows if r.fosterer_id == fosterer_id)

    def is_dirty(self) -> bool:
        return any(r.is_dirty() for r in getattr(self, "rows", ()))

    def set_read_only(self, read_only: bool = True) -> None:
        super().set_read_only(read_only)
        for row in getattr(self, "rows", ()):
            row.set_read_only(read_only)
        if hasattr(self, "all_present_button"):
            self.all_present_button.setVisible(not read_only)

    def all_present(self) -> None:
        if self.read_only:
            return
        for row in self.rows:
            row.set_status(AttendanceStatus.PRESENT)
        self._changed()

    def _mark_changed(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._changed()

    def _changed(self) -> None:
        for row in self.rows:
            row.update_note()
        self.hide_banner()
        self._update_counts()
        self.update_buttons()

    def _update_counts(self) -> None:
        counts = {status: 0 for status in AttendanceStatus}
        unmarked = 0
        for row in self.rows:
            status = row.status()
            if status is None:
                unmarked += 1
            else:
                counts[status] += 1
        parts = [f"{status.label}: {counts[status]}" for status in AttendanceStatus]
        if unmarked:
            parts.append(tr("not marked: {n}").format(n=unmarked))
        # a register still to take has nothing to count
        self.counts_label.setText(" · ".join(parts) if self.rows and not self.future else "")

    # --- saving ---

    def marks(self) -> tuple[dict[int, AttendanceStatus], dict[int, str]]:
        """What Save sends: the mark of every marked fosterer and their notes."""
        marks: dict[int, AttendanceStatus] = {}
        notes: dict[int, str] = {}
        for row in self.rows:
            status = row.status()
            if status is not None:
                marks[row.fosterer_id] = status
                notes[row.fosterer_id] = row.note_text()
            elif row.note_text():
                notes[row.fosterer_id] = row.note_text()  # the service explains what is wrong
        return marks, notes

    def save(self) -> bool:
        if self.read_only:
            return False
        marks, notes = self.marks()
        ok, _result = run_op(
            self, self.ctx,
            lambda s: training.record_attendance(s, self.ctx.actor, self.session_id, marks,
                                                 notes),
            changes=CHANGES, title=tr("Attendance register"),
            on_validation=self._show_errors)
        if ok:
            for row in self.rows:
                row.saved_status, row.saved_note = row.status(), row.note_text()
            self.saved()
        return ok

    def _show_errors(self, exc: ValidationError) -> None:
        self.show_banner(exc.errors.values())


def _status(value: Any) -> AttendanceStatus | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, AttendanceStatus) else AttendanceStatus(value)
