"""A training course (percorso formativo): title, description, start, the completion rule."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import training
from affido_app.ui.dialogs.record_dialog import RecordDialog
from affido_app.ui.i18n import tr
from affido_app.ui.operations import show_error

NAMES = list(training.COURSE_FIELDS)
#: changing a course changes the training of the fosterers enrolled (their completion)
CHANGES = ("training", "fosterers")


class CourseDialog(RecordDialog):
    """``CourseDialog.create(parent, ctx)`` → the new course's id (None if cancelled);
    ``CourseDialog.open_course(parent, ctx, course_id)`` → True once saved. With ``exec=False``
    both return the dialog, not shown (tests)."""

    def __init__(self, parent: QWidget | None, ctx, course: dict | None = None):
        actor = ctx.actor
        if course is None:
            title = tr("New training course")

            def save(s, data: dict) -> int:
                return training.create_course(s, actor, data)
        else:
            title = tr("Training course – {title}").format(title=course["title"])
            course_id = course["id"]

            def save(s, data: dict) -> int:  # on the version shown (see load_current)
                return training.update_course(s, actor, course_id, data,
                                              expected_version=self.version)

        super().__init__(parent, ctx, title, training.COURSE_FIELDS, save=save,
                         values=course, names=NAMES, changes=CHANGES,
                         # a new course asks for every core session (the spin box shows "—")
                         defaults={"required_core_sessions": None},
                         options={"description": {"lines": 3}, "notes": {"lines": 2}})
        self.setObjectName("courseDialog")
        self.course_id: int | None = None if course is None else course["id"]
        self.version: int | None = None if course is None else course["version"]
        hint = QLabel(tr("Leave “—” to require every core session of the course."), self)
        hint.setObjectName("ruleHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel#ruleHint { color: #5b6770; font-style: italic; }")
        _label, container = self.form.row("required_core_sessions")
        container.layout().addWidget(hint)
        self.setMinimumWidth(560)
        allowed = (ctx.can(Action.CREATE, Resource.TRAINING) if course is None
                   else ctx.can(Action.UPDATE, Resource.TRAINING))
        if not allowed:
            self.set_read_only(True)

    # --- drafts (ui/drafts.py) ---

    DRAFT_KIND = "course"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        if self.course_id is None:
            return DraftInfo(tr("New training course"))
        return DraftInfo(self.windowTitle(), self.course_id, self.version)

    def load_current(self) -> dict:
        """The course as saved now (someone else saved it meanwhile: the conflict dialog
        compares it with the form)."""
        with self.ctx.sessions() as s:
            return training.get_course(s, self.ctx.actor, self.course_id)

    @classmethod
    def create(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        dialog = cls(parent, ctx, None)
        if not exec:
            return dialog
        if dialog.exec() == cls.DialogCode.Accepted:
            return dialog.result_value
        return None

    @classmethod
    def open_course(cls, parent: QWidget | None, ctx, course_id: int, *, exec: bool = True):
        """Edit a course (read-only for profiles that cannot change it). None when the course
        cannot be read (the message has been shown)."""
        try:
            with ctx.sessions() as s:
                course = training.get_course(s, ctx.actor, course_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the course"), exc.message)
            return None
        dialog = cls(parent, ctx, course)
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted
