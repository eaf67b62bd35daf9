"""The base of every dialog that edits a record through a :class:`~affido_app.ui.widgets.form.Form`.

It owns what all forms share: Save (Ctrl+S) and Cancel, Save enabled only once something changed,
form-level Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y), a banner for messages that belong to no
field, the "save changes?" guard when closing with unsaved edits, the read-only mode, and the
draft kept while there are unsaved changes (ui/drafts.py).
A subclass builds its form(s), calls :meth:`track` for each, and implements :meth:`save`; to keep
drafts it names its kind (:attr:`DRAFT_KIND`, registered in ui/drafts.py ``OPENERS``) and says
what the draft is (:meth:`draft_info`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from affido_app.errors import AffidoError, ValidationError
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.form import ERROR_COLOR, REDO_KEYS, Form


def ask_unsaved(parent: QWidget | None) -> QMessageBox.StandardButton:
    """Save / Don't save / Cancel, for a form closed with unsaved changes."""
    box = QMessageBox(
        QMessageBox.Icon.Question, tr("Unsaved changes"), tr("Do you want to save the changes?"),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(tr("If you do not save them, the changes will be lost."))
    box.button(QMessageBox.StandardButton.Save).setText(tr("Save"))
    box.button(QMessageBox.StandardButton.Discard).setText(tr("Don't save"))
    box.button(QMessageBox.StandardButton.Cancel).setText(tr("Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """A yes / cancel question (removing something); ``yes`` is the action's label."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(tr("Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class FormDialog(QDialog):
    """Save / Cancel, undo, the unsaved-changes guard, a message banner, read-only mode, drafts."""

    #: the kind of form in the drafts registry (ui/drafts.py); None: the dialog keeps no draft
    DRAFT_KIND: ClassVar[str | None] = None

    def __init__(self, parent: QWidget | None, ctx, *, title: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.forms: list[Form] = []
        self.read_only = False
        #: the draft of the unsaved changes (ui/drafts.py DraftKeeper), once there are some
        self.draft_keeper = None
        #: Save is enabled without changes (a dialog whose defaults are a valid answer)
        self.always_savable = False
        self._closing = False
        if title:
            self.setWindowTitle(title)

        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            f"QLabel#banner {{ color: {ERROR_COLOR}; background: #fdecea; "
            "border: 1px solid #f5c6cb; border-radius: 3px; padding: 6px; }")
        self.banner.hide()

        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.save_button.setToolTip(tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.save_button)
        self.button_row.addWidget(self.cancel_button)

        self.save_action = QAction(tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self._save_shortcut)
        self.undo_action = QAction(tr("Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(tr("Redo"), self)
        self.redo_action.setShortcuts(list(REDO_KEYS))
        self.redo_action.setEnabled(False)
        self.redo_action.triggered.connect(self.redo)
        self.addActions([self.save_action, self.undo_action, self.redo_action])

    @classmethod
    def change(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        """A settings dialog: ask, save; True once saved (``exec=False``: the dialog)."""
        dialog = cls(parent, ctx)
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    @classmethod
    def open_window(cls, parent: QWidget | None, ctx, record_id: int, *, show: bool,
                    failure_title: str):
        """The record in a window of its own (not modal) that deletes itself when closed; None
        when it cannot be read (the message has been shown)."""
        from affido_app.ui.operations import show_error

        try:
            dialog = cls(parent, ctx, record_id)
        except AffidoError as exc:
            show_error(parent, failure_title, exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if show:
            dialog.show()
        return dialog

    def main_layout(self, *widgets: QWidget) -> QVBoxLayout:
        """The usual layout: banner, ``widgets``, buttons."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        for w in widgets:
            layout.addWidget(w, 1)
        layout.addLayout(self.button_row)
        return layout

    # --- forms ---

    def track(self, form: Form) -> Form:
        """Let Save, Undo and the guard follow ``form``."""
        self.forms.append(form)
        form.dirty_changed.connect(lambda _dirty: self.update_buttons())
        form.edited.connect(lambda _name: self.hide_banner())
        form.edited.connect(lambda _name: self._draft_edited())
        stack = form.undo_stack
        stack.canUndoChanged.connect(self._stack_changed)
        stack.canRedoChanged.connect(self._stack_changed)
        if self.read_only:
            form.set_read_only(True)
        self.update_buttons()
        return form

    def is_dirty(self) -> bool:
        return any(f.is_dirty() for f in self.forms)

    def _stack_changed(self, _can: bool) -> None:
        # the undo stack empties itself while the window is being destroyed
        with contextlib.suppress(RuntimeError):
            self.update_buttons()

    def update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled((dirty or self.always_savable) and not self.read_only)
        self.save_action.setEnabled(not self.read_only)
        self.undo_action.setEnabled(
            not self.read_only and any(f.undo_stack.canUndo() for f in self.forms))
        self.redo_action.setEnabled(
            not self.read_only and any(f.undo_stack.canRedo() for f in self.forms))

    def undo(self) -> None:
        for form in self.forms:
            if form.undo_stack.canUndo():
                form.undo_stack.undo()
                return

    def redo(self) -> None:
        for form in self.forms:
            if form.undo_stack.canRedo():
                form.undo_stack.redo()
                return

    def set_read_only(self, read_only: bool = True) -> None:
        """Everything shown, nothing editable, no Save: Cancel becomes Close."""
        self.read_only = read_only
        for form in self.forms:
            form.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.cancel_button.setText(tr("Close") if read_only else tr("Cancel"))
        self.update_buttons()

    # --- messages ---

    def show_banner(self, messages: Iterable[str]) -> None:
        lines = [m for m in messages if m]
        if not lines:
            self.hide_banner()
            return
        text = lines[0] if len(lines) == 1 else "\n".join(f"• {m}" for m in lines)
        self.banner.setText(text)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner.clear()

    def show_validation(self, exc: ValidationError, form: Form | None = None) -> None:
        """Each message next to its field, the others in the banner; focus the first."""
        targets = [form] if form is not None else self.forms
        rest = dict(exc.errors)
        for f in targets:
            shown = {k: m for k, m in rest.items() if k in f}
            f.show_errors(shown)
            rest = {k: m for k, m in rest.items() if k not in f}
        self.show_banner(rest.values())
        for f in targets:
            if f.focus_first_error():
                break

    # --- saving and closing ---

    def save(self) -> bool:  # pragma: no cover - every subclass saves its own way
        raise NotImplementedError

    def save_refused(self, exc, title: str | None = None) -> bool:
        """A save failed (``run_op(..., quiet=True)``): someone else saved the record meanwhile
        → the conflict dialog (the subclass defines ``load_current()``, see ui/conflicts.py);
        deleted meanwhile or any other error → its message. True when the form now holds the
        chosen values on the current version: the caller saves again."""
        from affido_app.ui.conflicts import save_refused

        return save_refused(self, exc, title)

    def _save_shortcut(self) -> None:
        if self.read_only:
            return
        if self.is_dirty() or self.always_savable:
            self.save()

    def saved(self) -> None:
        """Called by :meth:`save` after a successful save: the form is clean and closes."""
        for form in self.forms:
            form.mark_clean()
        self._draft_saved()
        self.accept()

    def reject(self) -> None:
        """Cancel, Esc and the window's close button: ask first when there are unsaved
        changes (Save / Don't save / Cancel)."""
        if self._closing or self.read_only or not self.is_dirty():
            super().reject()
            return
        answer = ask_unsaved(self)
        if answer == QMessageBox.StandardButton.Save:
            self.save()  # closes when it succeeds; stays open with the messages otherwise
        elif answer == QMessageBox.StandardButton.Discard:
            self.discard_and_close()

    def discard_and_close(self) -> None:
        """Close without saving and without asking."""
        if self.draft_keeper is not None:
            self.draft_keeper.discard()
        self._closing = True
        try:
            super().reject()
        finally:
            self._closing = False

    # --- drafts (ui/drafts.py) ---

    def draft_kind(self) -> str | None:
        return self.DRAFT_KIND

    def draft_info(self):
        """The draft's :class:`~affido_app.ui.drafts.DraftInfo` (record, version, Italian
        description); None: no draft now."""
        return None

    def draft_values(self) -> dict[str, Any]:
        """What the user changed, form by form (applied back by :meth:`apply_draft`)."""
        return {"forms": [form.changed_values() for form in self.forms]}

    def apply_draft(self, values: Mapping[str, Any]) -> None:
        """Put a draft's values in the forms, unsaved (Save is enabled)."""
        for form, changed in zip(self.forms, values.get("forms", ()), strict=False):
            form.set_values({n: v for n, v in changed.items() if n in form}, clean=False)

    def resume_draft(self, draft: Mapping[str, Any]) -> None:
        """Reopened from the drafts list: the values applied, the draft kept by this window."""
        from affido_app.services.drafts import CHANGED
        from affido_app.ui.drafts import DraftKeeper

        self.apply_draft(draft["values"])
        self.update_buttons()
        if self.draft_keeper is None:
            self.draft_keeper = DraftKeeper(self)
        self.draft_keeper.draft_id = draft["id"]
        if draft.get("state") == CHANGED:
            self.show_banner([tr("The record was changed by someone after your draft: your "
                                 "unsaved values have been applied to the current record. "
                                 "Check them before saving.")])

    def keeps_drafts(self) -> bool:
        from affido_app.services.drafts import may_keep_drafts

        return (self.draft_kind() is not None and not self.read_only
                and may_keep_drafts(self.ctx.actor))

    def flush_draft(self) -> None:
        """Write the draft now (the window loses focus, is hidden or closes)."""
        if self.draft_keeper is not None and self.draft_keeper.pending:
            self.draft_keeper.flush()

    def _draft_edited(self) -> None:
        if not self.keeps_drafts():
            return
        if self.draft_keeper is None:
            from affido_app.ui.drafts import DraftKeeper

            self.draft_keeper = DraftKeeper(self)
        self.draft_keeper.schedule()

    def _draft_saved(self) -> None:
        if self.draft_keeper is None:
            return
        info = self.draft_info()
        kind = self.draft_kind()
        record = (kind, info.record_id) if info is not None and info.record_id else None
        self.draft_keeper.discard(record=record)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.flush_draft()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_draft()  # the idle lock hides the window: the draft is written at once
        super().hideEvent(event)
