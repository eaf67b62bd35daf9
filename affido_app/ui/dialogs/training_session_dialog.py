"""A session (incontro) of a training course: when, where, topic, trainer, core or not.

The end may be typed as a time only ("19:00"): it is read on the day of the start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from affido_app.domain import validators as v
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError, FieldError, NotFound
from affido_app.services import training
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import show_error

NAMES = ["topic", "starts_at", "ends_at", "place", "trainer", "is_core", "notes"]
#: a session's date or core flag changes the completion of the fosterers enrolled
CHANGES = ("training", "fosterers")
_TIME_ONLY = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def session_values(row: Mapping[str, Any]) -> dict[str, Any]:
    return {n: row.get(n) for n in NAMES}


class TrainingSessionDialog(RecordDialog):
    """``TrainingSessionDialog.create(parent, ctx, course_id)`` → the new session's id (None if
    cancelled); ``TrainingSessionDialog.open_session(parent, ctx, course_id, session_id)`` →
    True once saved. ``exec=False``: the dialog, not shown (tests)."""

    def __init__(self, parent: QWidget | None, ctx, course: Mapping[str, Any],
                 session: Mapping[str, Any] | None = None,
                 defaults: Mapping[str, Any] | None = None):
        actor = ctx.actor
        course_id = course["id"]
        if session is None:
            title = tr("New session – {course}").format(course=course["title"])

            def save(s, data: dict) -> int:
                return training.add_session(s, actor, course_id, data)
        else:
            title = tr("Session – {course}").format(course=course["title"])
            session_id = session["id"]

            def save(s, data: dict) -> int:  # on the version shown (see load_current)
                return training.update_session(s, actor, session_id, data,
                                               expected_version=self.version)

        super().__init__(parent, ctx, title, training.SESSION_FIELDS, save=save,
                         values=None if session is None else session_values(session),
                         names=NAMES, changes=CHANGES, defaults=defaults,
                         options={"notes": {"lines": 3}})
        self.setObjectName("trainingSessionDialog")
        self.course_id = course_id
        self.session_id: int | None = None if session is None else session["id"]
        self.version: int | None = None if session is None else session["version"]
        ends = self.form.editor("ends_at")
        ends.setPlaceholderText(tr("dd/mm/yyyy hh:mm, or only hh:mm"))
        ends.setToolTip(tr("A time alone (e.g. 19:00) is read on the day of the start."))
        # installed after the form's own filter, so it runs first: the form then checks the
        # completed text when the field loses focus
        ends.installEventFilter(self)
        self.setMinimumWidth(560)
        allowed = (ctx.can(Action.CREATE, Resource.TRAINING) if session is None
                   else ctx.can(Action.UPDATE, Resource.TRAINING))
        if not allowed:
            self.set_read_only(True)

    # --- entry points ---

    @classmethod
    def create(cls, parent: QWidget | None, ctx, course_id: int, *,
               defaults: Mapping[str, Any] | None = None, exec: bool = True):
        course = _read_course(parent, ctx, course_id)
        if course is None:
            return None
        dialog = cls(parent, ctx, course, None, defaults)
        if not exec:
            return dialog
        if dialog.exec() == cls.DialogCode.Accepted:
            return dialog.result_value
        return None

    @classmethod
    def open_session(cls, parent: QWidget | None, ctx, course_id: int, session_id: int, *,
                     exec: bool = True):
        course = _read_course(parent, ctx, course_id)
        if course is None:
            return None
        session = next((x for x in course["sessions"] if x["id"] == session_id), None)
        if session is None:
            show_error(parent, tr("Cannot open the session"),
                       tr("The session no longer exists: it may have been removed."))
            return None
        dialog = cls(parent, ctx, course, session)
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    # --- drafts (ui/drafts.py) ---

    DRAFT_KIND = "training_session"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        if self.session_id is None:
            return DraftInfo(self.windowTitle(), context={"course_id": self.course_id})
        return DraftInfo(self.windowTitle(), self.session_id, self.version,
                         context={"course_id": self.course_id})

    def load_current(self) -> dict:
        """The session as saved now (someone else saved it meanwhile: the conflict dialog
        compares it with the form)."""
        with self.ctx.sessions() as s:
            course = training.get_course(s, self.ctx.actor, self.course_id)
        found = next((x for x in course["sessions"] if x["id"] == self.session_id), None)
        if found is None:
            raise NotFound("L'incontro non esiste più: forse è stato eliminato.")
        return found

    # --- the end as a time only ---

    def complete_end_time(self) -> None:
        """"19:00" in the end field becomes the start's day at 19:00."""
        ends = self.form.editor("ends_at")
        match = _TIME_ONLY.match(ends.text())
        start = (self.form.value("starts_at") or "").split()
        if not match or not start:
            return
        try:
            day = v.parse_date(start[0])
        except FieldError:
            return
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 23 or minutes > 59:
            return
        ends.setText(f"{day:%d/%m/%Y} {hours:02d}:{minutes:02d}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.FocusOut and not self.read_only
                and watched is self.form.editor("ends_at")):
            self.complete_end_time()
        return super().eventFilter(watched, event)

    def save(self) -> bool:
        if not self.read_only:
            self.complete_end_time()
        return super().save()


def _read_course(parent, ctx, course_id: int) -> dict | None:
    try:
        with ctx.sessions() as s:
            return training.get_course(s, ctx.actor, course_id)
    except AffidoError as exc:
        show_error(parent, tr("Cannot open the course"), exc.message)
        return None
