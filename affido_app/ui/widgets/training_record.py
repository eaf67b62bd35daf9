"""A fosterer's training record (percorso formativo), for the fosterer's record window.

At the top whether the training required for approval is complete and, if not, what is missing
(the service's Italian sentences). Below, one line per course the fosterer is enrolled in (core
sessions attended of those needed, completed or what is missing) with, under it, every session
of the course and the fosterer's mark in its register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import AttendanceStatus
from affido_app.errors import AffidoError
from affido_app.services import training
from affido_app.services.common import today
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.format import italian_date, italian_datetime

COURSE_ROLE = Qt.ItemDataRole.UserRole
DONE_COLOR = QColor("#2e7d32")
MISSING_COLOR = QColor("#b71c1c")
MARK_COLORS = {AttendanceStatus.PRESENT: QColor("#2e7d32"),
               AttendanceStatus.ABSENT: QColor("#b71c1c"),
               AttendanceStatus.JUSTIFIED: QColor("#8d6e00")}


def read_training_record(s, actor, fosterer_id: int) -> dict:
    """The fosterer's training with, for each course, its sessions and the fosterer's marks.

    One register is read per session already marked in the fosterer's courses (a fosterer is
    enrolled in one or two courses of a handful of sessions each)."""
    record = training.fosterer_training(s, actor, fosterer_id)
    for course in record["courses"]:
        detail = training.get_course(s, actor, course["course_id"])
        sessions = []
        for session in detail["sessions"]:
            mark, note = None, None
            if session.get("marked"):
                entry = next((e for e in training.session_register(s, actor, session["id"])
                              if e["id"] == fosterer_id), None)
                if entry is not None:
                    mark, note = entry["status"], entry["note"]
            sessions.append({**session, "mark": mark, "mark_note": note})
        course["sessions"] = sessions
    return record


def session_day(session: Mapping[str, Any]) -> dt.date:
    """The calendar day of a session on the office's clock (as the service reads it)."""
    return session["starts_at"].astimezone().date()


def is_future(session: Mapping[str, Any]) -> bool:
    """A session after today: its register cannot be taken yet."""
    return session_day(session) > today()


def when_text(session: Mapping[str, Any]) -> str:
    """"05/03/2026 17:00–19:00" (the end's date too when it is on another day)."""
    start, end = session.get("starts_at"), session.get("ends_at")
    text = italian_datetime(start)
    if start is not None and end is not None:
        end_local, start_local = end.astimezone(), start.astimezone()
        text += "–" + (f"{end_local:%H:%M}" if end_local.date() == start_local.date()
                       else italian_datetime(end))
    return text


class TrainingRecord(QWidget):
    """``TrainingRecord(ctx, fosterer_id)``; ``refresh()`` reads it again (it also follows
    ``ctx.changed`` on "training"). ``course_requested(course_id)``: the user double-clicked a
    course (the main window may show it in the Training section)."""

    course_requested = Signal(int)

    def __init__(self, ctx, fosterer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.fosterer_id = fosterer_id
        self.record: dict = {}
        self.setObjectName("trainingRecord")

        self.summary = QLabel(self)
        self.summary.setObjectName("trainingSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("trainingTree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([tr("Course and sessions"), tr("Date"), tr("Core sessions"),
                                   tr("Attendance and completion")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._double_clicked)

        self.empty_label = QLabel(tr("Not enrolled in any training course."), self)
        self.empty_label.setObjectName("emptyNote")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, areas) -> None:
        if "training" in areas:
            self.refresh()

    def refresh(self) -> None:
        try:
            with self.ctx.sessions() as s:
                self.record = read_training_record(s, self.ctx.actor, self.fosterer_id)
        except AffidoError as exc:
            self.record = {}
            self.tree.clear()
            self.summary.setText(exc.message)
            self.empty_label.hide()
            return
        self._show_summary()
        self._fill_tree()

    # --- showing ---

    def _show_summary(self) -> None:
        if self.record.get("complete"):
            text = tr("Training required for approval: complete.")
            color = DONE_COLOR.name()
        else:
            lines = [tr("Training required for approval: not complete yet.")]
            lines += [f"• {m}" for m in self.record.get("missing", [])]
            text = "\n".join(lines)
            color = MISSING_COLOR.name()
        self.summary.setText(text)
        self.summary.setStyleSheet(f"QLabel#trainingSummary {{ color: {color}; "
                                   "padding: 2px 0 6px 0; }")

    def _fill_tree(self) -> None:
        self.tree.clear()
        courses = self.record.get("courses", [])
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for course in courses:
            needed = (course["core_total"] if course["required"] is None
                      else course["required"])
            title = course["title"]
            if not course["required_for_approval"]:
                title += " " + tr("(not required for approval)")
            status = (tr("Completed") if course["completed"]
                      else course["missing"] or tr("Not completed"))
            item = QTreeWidgetItem([
                title,
                tr("enrolled on {date}").format(date=italian_date(course.get("enrolled_on"))),
                tr("{n} of {needed}").format(n=course["core_attended"], needed=needed),
                status])
            item.setData(0, COURSE_ROLE, course["course_id"])
            item.setToolTip(0, course["title"])
            for column in range(4):
                item.setFont(column, bold)
            item.setForeground(3, QBrush(DONE_COLOR if course["completed"] else MISSING_COLOR))
            for session in course.get("sessions", []):
                item.addChild(self._session_item(session))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.empty_label.setVisible(not courses)
        self.tree.setVisible(bool(courses))

    def _session_item(self, session: Mapping[str, Any]) -> QTreeWidgetItem:
        mark = session.get("mark")
        if mark is not None:
            mark = AttendanceStatus(mark)
            text = mark.label
        elif is_future(session):
            text = tr("Scheduled")
        elif session.get("marked"):
            text = tr("Not marked")
        else:
            text = tr("Register not taken yet")
        if session.get("mark_note"):
            text += f" ({session['mark_note']})"
        child = QTreeWidgetItem([session.get("topic") or "", when_text(session),
                                 tr("Core") if session.get("is_core") else tr("Optional"),
                                 text])
        if mark is not None:
            child.setForeground(3, QBrush(MARK_COLORS[mark]))
        return child

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item if item.parent() is None else item.parent()
        course_id = target.data(0, COURSE_ROLE)
        if course_id is not None:
            self.course_requested.emit(int(course_id))

    # --- for tests and the record window ---

    def course_lines(self) -> list[list[str]]:
        """The text of every course line (four columns)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out.append([item.text(c) for c in range(4)])
        return out

    def session_lines(self, course_index: int = 0) -> list[list[str]]:
        item = self.tree.topLevelItem(course_index)
        return [[item.child(i).text(c) for c in range(4)] for i in range(item.childCount())]
