"""Drafts of open forms in the interface: keeping them while the user types, reopening them after
a crash.

:class:`DraftKeeper` belongs to an editing window (``FormDialog``): about two seconds after the
last edit, and at once when the window loses focus or is hidden (the idle lock), it saves the
form's unsaved values as the user's draft, in a short unit of work of its own (never mixed with
the form's save). A save, or "Don't save", deletes the draft. A draft that cannot be written (disk
full, database busy) never disturbs typing: the error's type is logged, without data, and the
write is tried again later.

After the login :func:`offer_drafts` lists the user's drafts (ui/dialogs/drafts_dialog.py);
"Resume" reopens the right window through :data:`OPENERS`, the registry of form kinds: a
function that builds the window, not shown, on the draft's record (or on a new record).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from affido_app.db.engine import BUSY_TIMEOUT_MS
from affido_app.errors import AffidoError, PermissionDenied, ValidationError
from affido_app.services import drafts as drafts_service
from affido_app.ui.i18n import tr

log = logging.getLogger(__name__)

#: the draft is written this long after the last edit
DELAY_MS = 2000
#: after a failed write, the next attempt
RETRY_MS = 15000
#: how long a draft write waits for a database busy with someone else's write
SHORT_WAIT_MS = 300


@dataclass
class DraftInfo:
    """What identifies a form's draft (besides its values): the record, its version when the
    form was opened, a short description for the list, and what is needed to reopen a new
    record's form (``context``: the elder of a new interview, …)."""

    description: str
    record_id: int | None = None
    version: int | None = None
    context: dict[str, Any] = field(default_factory=dict)


@contextlib.contextmanager
def draft_unit(ctx) -> Iterator[Any]:
    """A unit of work of its own for a draft, committed at the end, that waits only briefly
    for a database busy with another write (the form must never freeze for a draft)."""
    with ctx.db.sessions() as s:
        dialect = s.get_bind().dialect.name
        conn = s.connection()
        if dialect == "sqlite":
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {SHORT_WAIT_MS}")
        elif dialect == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{SHORT_WAIT_MS}ms'")
            conn.exec_driver_sql("SET LOCAL statement_timeout = '5s'")
        try:
            yield s
            s.commit()
        finally:
            if dialect == "sqlite":  # the connection goes back to the pool: usual wait again
                with contextlib.suppress(Exception):
                    s.rollback()
                    s.connection().exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class DraftKeeper(QObject):
    """Keeps the draft of one editing window (see the module's docstring)."""

    def __init__(self, dialog):
        super().__init__(dialog)
        self.dialog = dialog
        self.ctx = dialog.ctx
        #: the draft this window wrote (or resumed)
        self.draft_id: int | None = None
        #: edits not written yet
        self.pending = False
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.flush)

    def schedule(self) -> None:
        """An edit: write the draft once the user pauses."""
        self.pending = True
        self.timer.start(DELAY_MS)

    def flush(self) -> bool:
        """Write the pending edits now (or delete the draft when nothing is left unsaved).
        False when the write failed (it is tried again later)."""
        self.timer.stop()
        if not self.pending:
            return True
        if not self.dialog.is_dirty():
            self.discard()
            return True
        try:
            info = self.dialog.draft_info()
            kind = self.dialog.draft_kind()
            if info is None or kind is None:
                self.pending = False
                return True
            values = self.dialog.draft_values()
            with draft_unit(self.ctx) as s:
                self.draft_id = drafts_service.save_draft(
                    s, self.ctx.actor, kind=kind, values=values, description=info.description,
                    record_id=info.record_id, record_version=info.version,
                    context=info.context or None, draft_id=self.draft_id)
        except Exception as exc:  # a draft must never disturb typing
            self._failed("saved", exc)
            return False
        self.pending = False
        self.failures = 0
        return True

    def discard(self, *, record: tuple[str, int] | None = None) -> None:
        """The form was saved or its changes thrown away: its draft goes."""
        self.timer.stop()
        self.pending = False
        draft_id, self.draft_id = self.draft_id, None
        if draft_id is None and record is None:
            return
        try:
            with draft_unit(self.ctx) as s:
                if draft_id is not None:
                    drafts_service.discard_draft(s, self.ctx.actor, draft_id)
                if record is not None:
                    drafts_service.discard_record_drafts(s, self.ctx.actor, *record)
        except Exception as exc:  # offered again at the next login, at worst
            log.warning("Draft not deleted (%s)", type(exc).__name__)

    def _failed(self, what: str, exc: BaseException) -> None:
        self.failures += 1
        # the type only: the message may quote the values (personal data)
        if isinstance(exc, PermissionDenied | ValidationError):  # trying again will not help
            log.warning("Draft not %s (%s)", what, type(exc).__name__)
            self.pending = False
            return
        log.warning("Draft not %s (%s); trying again in %d s", what, type(exc).__name__,
                    RETRY_MS // 1000)
        self.timer.start(RETRY_MS)


# --- reopening a draft ----------------------------------------------------------------------------

#: form kind → function(parent, ctx, draft) → the window, built and not shown (None when it
#: cannot be opened: the message has been shown)
OPENERS: dict[str, Callable[[QWidget | None, Any, dict], Any]] = {}


def register(kind: str):
    """Decorator: how to reopen the drafts of one kind of form."""
    def wrap(fn):
        OPENERS[kind] = fn
        return fn
    return wrap


def can_resume(draft: dict) -> bool:
    return draft["kind"] in OPENERS and draft["state"] != drafts_service.DELETED


def resume(parent: QWidget | None, ctx, draft: dict, *, show: bool = True):
    """Open the draft's window on its record (or a new one) with the draft's values applied and
    unsaved, so that Save is one click away. Returns the window, or None."""
    from affido_app.ui.operations import show_error

    opener = OPENERS.get(draft["kind"])
    if opener is None or draft["state"] == drafts_service.DELETED:
        show_error(parent, tr("Cannot resume the draft"),
                   tr("The record of this draft no longer exists."))
        return None
    try:
        dialog = opener(parent, ctx, draft)
    except AffidoError as exc:
        show_error(parent, tr("Cannot resume the draft"), exc.message)
        return None
    if dialog is None:
        return None
    dialog.resume_draft(draft)
    if show:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialog


def offer_drafts(parent: QWidget | None, ctx, *, show: bool = True):
    """After the login: the user's drafts, if any, in the "Unsaved drafts" window (returned;
    None when there is nothing to offer)."""
    if not drafts_service.may_keep_drafts(ctx.actor):
        return None
    try:
        with ctx.sessions() as s:
            found = drafts_service.list_drafts(s, ctx.actor)
    except AffidoError as exc:
        log.warning("Drafts not read (%s)", type(exc).__name__)
        return None
    if not found:
        return None
    from affido_app.ui.dialogs.drafts_dialog import DraftsDialog

    dialog = DraftsDialog(parent, ctx, found)
    if show:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialog


# --- the kinds of forms -----------------------------------------------------------------------

def _person_opener(kind: str):
    def opener(parent, ctx, draft):
        if kind == "elder":
            from affido_app.ui.dialogs.elder_dialog import ElderDialog as cls
        else:
            from affido_app.ui.dialogs.fosterer_dialog import FostererDialog as cls
        if draft["record_id"] is None:
            dialog = cls.create(parent, ctx, exec=False)

            def opened_saved(_result: int) -> None:
                if dialog.saved_id:  # as after "New": the saved record opens
                    ctx.open_record.emit(kind, dialog.saved_id)

            dialog.finished.connect(opened_saved)
            return dialog
        main = parent.window() if parent is not None else None
        open_already = getattr(main, "record_window", None)
        if open_already is not None and open_already(kind, draft["record_id"]) is not None:
            raise AffidoError("La scheda è già aperta in un'altra finestra: salvarla o "
                              "chiuderla, poi riprendere la bozza.")
        dialog = cls.open_record(parent, ctx, draft["record_id"], show=False)
        track = getattr(main, "track_record_window", None)
        if track is not None:
            track(dialog)  # opening the record from a list now raises this window
        return dialog
    return opener


register("elder")(_person_opener("elder"))
register("fosterer")(_person_opener("fosterer"))


@register("interview")
def _interview(parent, ctx, draft):
    from affido_app.ui.dialogs.interview_dialog import InterviewDialog

    if draft["record_id"] is None:
        person = {k: draft["context"].get(k) for k in ("elder_id", "fosterer_id")}
        return InterviewDialog.create(parent, ctx, exec=False, **person)
    return InterviewDialog.open_interview(parent, ctx, draft["record_id"], exec=False)


@register("match")
def _match(parent, ctx, draft):
    from affido_app.ui.dialogs.match_dialog import MatchDialog

    return MatchDialog.open_record(parent, ctx, draft["record_id"], show=False)


@register("supervision_note")
def _pair_note(parent, ctx, draft):
    from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

    return PairNoteDialog.open_note(parent, ctx, draft["context"]["session_id"],
                                    draft["record_id"], exec=False)


@register("expense")
def _expense(parent, ctx, draft):
    from affido_app.ui.dialogs.expense_dialog import ExpenseDialog

    if draft["record_id"] is None:
        return ExpenseDialog.create(parent, ctx, draft["context"]["fosterer_id"], exec=False)
    return ExpenseDialog.open_entry(parent, ctx, draft["record_id"], exec=False)


@register("course")
def _course(parent, ctx, draft):
    from affido_app.ui.dialogs.course_dialog import CourseDialog

    if draft["record_id"] is None:
        return CourseDialog.create(parent, ctx, exec=False)
    return CourseDialog.open_course(parent, ctx, draft["record_id"], exec=False)


@register("training_session")
def _training_session(parent, ctx, draft):
    from affido_app.ui.dialogs.training_session_dialog import TrainingSessionDialog

    course_id = draft["context"].get("course_id")
    if course_id is None:
        raise AffidoError("La bozza non dice di quale percorso è l'incontro.")
    if draft["record_id"] is None:
        return TrainingSessionDialog.create(parent, ctx, course_id, exec=False)
    return TrainingSessionDialog.open_session(parent, ctx, course_id, draft["record_id"],
                                              exec=False)
