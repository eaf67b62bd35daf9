"""Forms built from the services' field specs: one binder reused by every form of the app.

A :class:`Form` turns :class:`~affido_app.services.fields.Field` specs into labelled editors
(the Italian label, " *" when required, the editor chosen by the field's ``Kind``, a red message
under it), reads and writes the record as a dict, shows a service's
:class:`~affido_app.errors.ValidationError` next to each field, knows whether the user changed
anything, and keeps a form-level undo history::

    form = Form(people.ELDER_FIELDS, parent, names=["last_name", "first_name", "birth_date"])
    form.add_rows(QFormLayout(page), ["last_name", "first_name", "birth_date"])
    form.set_values(record)            # load: the form is clean, undo history empty
    ...
    form.values()                      # every field, in the form services' ``clean`` accepts
    form.changed_values()              # only what the user changed (for a partial update)
    form.show_errors(exc.errors)       # returns the messages of keys the form has no field for
    form.focus_first_error()           # switches tab, scrolls, focuses

Values are what the services accept: text as typed (the service trims and normalises it), a
``date`` or — when the text is not a date — the text itself, so that the service's own Italian
message is shown. Leaving a field checks it at once with the same validator the service uses
(``fields.clean_value``); required fields are only checked on save.

Undo: every change of a field value is a command on ``undo_stack`` (a QUndoStack); typing in one
field merges into one command until the field loses focus. Ctrl+Z / Ctrl+Shift+Z inside a text
field reach the form's actions (installed by the dialog), not the field's own undo, so the user
has one history for the whole form. Undoing shows the field that changes.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain import validators as v
from affido_app.errors import FieldError
from affido_app.services import fields as fl
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.cf_edit import CodiceFiscaleEdit
from affido_app.ui.widgets.comune_edit import ComuneEdit
from affido_app.ui.widgets.date_edit import DateEdit, format_date
from affido_app.ui.widgets.flags import FlagsEdit
from affido_app.ui.widgets.weekly_grid import WeeklyGridEdit

K = fl.Kind

ERROR_COLOR = "#c62828"
_INVALID_CSS = {
    QLineEdit: "QLineEdit { border: 1px solid %s; background-color: #fff3f3; }",
    QPlainTextEdit: "QPlainTextEdit { border: 1px solid %s; background-color: #fff3f3; }",
    QSpinBox: "QSpinBox { border: 1px solid %s; background-color: #fff3f3; }",
    QComboBox: "QComboBox { border: 1px solid %s; background-color: #fff3f3; }",
    QCheckBox: "QCheckBox { color: %s; }",
}
#: shown in an optional number field that has no value
EMPTY_NUMBER = "—"


# --- values -------------------------------------------------------------------------------------

def normalized(value: Any) -> Any:
    """What counts when comparing two values of a field: text trimmed, empty text is None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def same_value(a: Any, b: Any) -> bool:
    return normalized(a) == normalized(b)


# --- editors ------------------------------------------------------------------------------------

@dataclass
class Editor:
    """How the form talks to one editor widget, whatever its kind."""

    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    #: a signal emitted on every change of the value
    signal: Any
    set_read_only: Callable[[bool], None]
    #: consecutive changes merge into one undo step while the field has focus (typing)
    mergeable: bool = True
    #: widgets that receive keyboard focus (focus-out and undo keys are watched on them)
    inputs: list[QWidget] = field(default_factory=list)
    #: the label is inside the editor (check boxes)
    own_label: bool = False
    choices: Callable[[Sequence[tuple[Any, str]]], None] | None = None


def _line(spec: fl.Field, parent: QWidget, display: Callable[[Any], str] = str) -> Editor:
    w = QLineEdit(parent)
    limit = spec.max_length or {K.NAME: v.NAME_MAX_LENGTH, K.EMAIL: 254, K.PHONE: 32,
                                K.POSTAL_CODE: 5}.get(spec.kind, 200)
    w.setMaxLength(limit)
    if spec.kind is K.POSTAL_CODE:
        w.setMaximumWidth(w.fontMetrics().horizontalAdvance("000000") + 24)
    elif spec.kind is K.PHONE:
        w.setMaximumWidth(w.fontMetrics().horizontalAdvance("0" * 22) + 16)

    def set_(value: Any) -> None:
        text = "" if value is None else display(value)
        if text != w.text():
            w.setText(text)

    return Editor(w, w.text, set_, w.textChanged, w.setReadOnly, inputs=[w])


def _phone_display(value: Any) -> str:
    return v.format_phone(str(value)) if str(value).startswith("+") else str(value)


def _decimal_display(value: Any) -> str:
    if isinstance(value, decimal.Decimal | float | int):
        return f"{value}".replace(".", ",")
    return str(value)


def _datetime_display(value: Any) -> str:
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo else value
        return f"{local:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _multiline(spec: fl.Field, parent: QWidget, lines: int = 3) -> Editor:
    w = QPlainTextEdit(parent)
    w.setTabChangesFocus(True)
    line = w.fontMetrics().lineSpacing()
    w.setMinimumHeight(line * lines + 14)
    w.setMaximumHeight(line * max(lines * 2, 6) + 14)
    w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_(value: Any) -> None:
        text = "" if value is None else str(value)
        if text != w.toPlainText():
            w.setPlainText(text)

    return Editor(w, w.toPlainText, set_, w.textChanged, w.setReadOnly, inputs=[w])


class ChoiceCombo(QComboBox):
    """A combo box of (value, label) choices, optionally with a blank first entry.

    The values stay Python objects (Qt would turn a str enum member into a plain str).
    """

    def __init__(self, parent: QWidget | None, choices: Sequence[tuple[Any, str]] = (), *,
                 blank: bool = True):
        super().__init__(parent)
        self.blank = blank
        self.values: list[Any] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumWidth(160)
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        try:
            self.clear()
            self.values = [None] if self.blank else []
            if self.blank:
                self.addItem("")
            for value, label in choices:
                self.addItem(label)
                self.values.append(value)
        finally:
            self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        index = self.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None

    def index_of(self, value: Any) -> int:
        """The row of ``value`` (a member, or its code), -1 when it is not a choice."""
        if value is None:
            return 0 if self.blank else -1
        for i, candidate in enumerate(self.values):
            if candidate is not None and (candidate == value or str(candidate) == str(value)):
                return i
        return -1

    def set_value(self, value: Any) -> None:
        index = self.index_of(value)
        if index < 0:
            index = 0 if self.blank else -1
        if index != self.currentIndex():
            self.setCurrentIndex(index)

    def choices(self) -> list[Any]:
        return [v for v in self.values if v is not None]


def _combo(parent: QWidget, choices: Sequence[tuple[Any, str]], blank: bool) -> Editor:
    w = ChoiceCombo(parent, choices, blank=blank)
    return Editor(w, w.value, w.set_value, w.currentIndexChanged,
                  lambda ro: w.setEnabled(not ro), mergeable=False, inputs=[w],
                  choices=w.set_choices)


def _check(spec: fl.Field, parent: QWidget) -> Editor:
    w = QCheckBox(spec.label + (" *" if spec.required else ""), parent)
    return Editor(w, w.isChecked, lambda value: w.setChecked(bool(value)), w.toggled,
                  lambda ro: w.setEnabled(not ro), mergeable=False, inputs=[w], own_label=True)


def _spin(spec: fl.Field, parent: QWidget) -> Editor:
    w = QSpinBox(parent)
    optional = not (spec.required and spec.default is not None)
    low = int(spec.min_value) - (1 if optional else 0)
    w.setRange(low, int(spec.max_value))
    if optional:
        w.setSpecialValueText(EMPTY_NUMBER)
    w.setAccelerated(True)
    w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    w.setMaximumWidth(w.fontMetrics().horizontalAdvance("00000") + 60)

    def get() -> int | None:
        value = w.value()
        return None if optional and value == low else value

    def set_(value: Any) -> None:
        target = low if value is None or value == "" else int(value)
        if target != w.value():
            w.setValue(target)

    return Editor(w, get, set_, w.valueChanged, w.setReadOnly, inputs=[w, w.lineEdit()])


def make_editor(spec: fl.Field, parent: QWidget, **options: Any) -> Editor:
    """The editor for one field spec; ``options`` tune it (``lines`` for long text,
    ``columns`` for a checklist, ``min_age`` for the codice fiscale, ``choices`` for a
    reference or to restrict an enum)."""
    k = spec.kind
    if k in (K.TEXT, K.NAME, K.EMAIL, K.POSTAL_CODE):
        return _line(spec, parent)
    if k is K.PHONE:
        return _line(spec, parent, _phone_display)
    if k is K.DECIMAL:
        return _line(spec, parent, _decimal_display)
    if k is K.DATETIME:
        editor = _line(spec, parent, _datetime_display)
        editor.widget.setPlaceholderText(tr("dd/mm/yyyy hh:mm"))
        return editor
    if k is K.MULTILINE:
        return _multiline(spec, parent, options.get("lines", 3))
    if k in (K.DATE, K.BIRTH_DATE):
        w = DateEdit(parent)
        return Editor(w, w.value, w.set_value, w.changed, w.set_read_only, inputs=w.editors())
    if k is K.CODICE_FISCALE:
        w = CodiceFiscaleEdit(parent, min_age=options.get("min_age", 0))
        return Editor(w, w.value, w.set_value, w.changed, w.set_read_only, inputs=w.editors())
    if k is K.COMUNE:
        w = ComuneEdit(parent)
        return Editor(w, w.value, w.set_value, w.changed, w.set_read_only, inputs=[w])
    if k is K.ENUM:
        choices = options.get("choices") or [(m, m.label) for m in spec.enum]
        return _combo(parent, choices, blank=True)
    if k is K.INT_ENUM:
        choices = options.get("choices") or [(m, m.label) for m in spec.enum]
        return _combo(parent, choices, blank=spec.default is None)
    if k is K.REF:
        return _combo(parent, options.get("choices", ()), blank=True)
    if k is K.FLAG:
        w = FlagsEdit(spec.enum, parent, columns=options.get("columns", 3))
        return Editor(w, w.value, w.set_value, w.changed, w.set_read_only, mergeable=False,
                      inputs=list(w.boxes.values()))
    if k is K.GRID:
        w = WeeklyGridEdit(parent)
        return Editor(w, w.mask, w.set_mask, w.changed, w.set_read_only, mergeable=False,
                      inputs=[w])
    if k is K.BOOL:
        return _check(spec, parent)
    if k is K.INT:
        if spec.min_value is not None and spec.max_value is not None:
            return _spin(spec, parent)
        return _line(spec, parent)
    raise AssertionError(k)  # pragma: no cover


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Highlight an editor whose value is not accepted."""
    if hasattr(widget, "set_invalid"):
        widget.set_invalid(invalid)
        return
    for cls, css in _INVALID_CSS.items():
        if isinstance(widget, cls):
            widget.setStyleSheet(css % ERROR_COLOR if invalid else "")
            return


def reveal(widget: QWidget) -> None:
    """Make ``widget`` visible inside its window: switch the tabs that hold it and scroll it
    into view."""
    chain = []
    w: QWidget | None = widget
    while w is not None:
        chain.append(w)
        w = w.parentWidget()
    for i, ancestor in enumerate(chain):
        if isinstance(ancestor, QTabWidget):
            for inner in chain[:i]:
                index = ancestor.indexOf(inner)
                if index >= 0:
                    ancestor.setCurrentIndex(index)
                    break
    for ancestor in chain:
        if isinstance(ancestor, QScrollArea):
            ancestor.ensureWidgetVisible(widget, 20, 40)


# --- undo ---------------------------------------------------------------------------------------

class FieldChange(QUndoCommand):
    """One change of one field's value (typing in a field merges into one change)."""

    ID = 0x4146

    def __init__(self, form: Form, name: str, old: Any, new: Any, mergeable: bool):
        super().__init__(form.fields[name].label)
        self.form, self.name, self.old, self.new = form, name, old, new
        self.mergeable = mergeable
        self._pushed = False

    def id(self) -> int:
        return self.ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, FieldChange) or other.name != self.name
                or self.form._open_field != self.name):
            return False
        self.new = other.new
        if same_value(self.new, self.old):
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if not self._pushed:  # the value is already in the editor: the user typed it
            self._pushed = True
            return
        self.form._apply(self.name, self.new)

    def undo(self) -> None:
        self.form._apply(self.name, self.old)


# --- the form -----------------------------------------------------------------------------------

class FieldBinding:
    """A field of the form: its spec, editor, label and error message."""

    def __init__(self, spec: fl.Field, editor: Editor, parent: QWidget):
        self.spec = spec
        self.editor = editor
        self.name = spec.name
        self.error: str | None = None
        self.last: Any = None  # the value after the latest change the form has seen
        self.label: QLabel | None = None
        if not editor.own_label:
            text = spec.label + (" *" if spec.required else "")
            self.label = QLabel(text, parent)
            self.label.setBuddy(editor.widget)
            self.label.setObjectName(f"label_{spec.name}")
            if spec.required:
                self.label.setToolTip(tr("Required field"))
        self.error_label = QLabel(parent)
        self.error_label.setObjectName(f"error_{spec.name}")
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.container = QWidget(parent)
        self.container.setObjectName(f"field_{spec.name}")
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor.widget)
        box.addWidget(self.error_label)

    @property
    def widget(self) -> QWidget:
        return self.editor.widget

    def get(self) -> Any:
        value = self.editor.get()
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def set_error(self, message: str | None) -> None:
        self.error = message or None
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        set_invalid(self.editor.widget, bool(message))
        self.editor.widget.setAccessibleDescription(message or "")


class Form(QObject):
    """Editors for a set of field specs, with values, errors, dirtiness and undo.

    Signals: ``changed(name)`` after any change of a value (typed, undone, loaded);
    ``dirty_changed(bool)``; ``edited(name)`` only for the user's own edits (typing, undo, redo,
    :meth:`set_value`), not for loading.
    """

    changed = Signal(str)
    edited = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(self, fields: Mapping[str, fl.Field], parent: QWidget, *,
                 names: Iterable[str] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None,
                 undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.fields = dict(fields)
        self.parent_widget = parent
        self.undo_stack = undo_stack or QUndoStack(self)
        self.bindings: dict[str, FieldBinding] = {}
        self._baseline: dict[str, Any] = {}
        self._loading = 0
        self._open_field: str | None = None
        self._dirty = False
        self._read_only = False
        self._inputs: dict[QObject, str] = {}
        options = options or {}
        for name in names if names is not None else self.fields:
            self.add_field(name, **options.get(name, {}))

    # --- building ---

    def add_field(self, name: str, **options: Any) -> FieldBinding:
        spec = self.fields[name]
        editor = make_editor(spec, self.parent_widget, **options)
        editor.widget.setObjectName(name)
        binding = FieldBinding(spec, editor, self.parent_widget)
        self.bindings[name] = binding
        binding.last = binding.get()
        self._baseline[name] = binding.last
        editor.signal.connect(lambda *_args, n=name: self._on_edit(n))
        for widget in editor.inputs or [editor.widget]:
            self._inputs[widget] = name
            widget.installEventFilter(self)
        if self._read_only:
            editor.set_read_only(True)
        return binding

    def __contains__(self, name: object) -> bool:
        return name in self.bindings

    def names(self) -> list[str]:
        return list(self.bindings)

    def binding(self, name: str) -> FieldBinding:
        return self.bindings[name]

    def editor(self, name: str) -> QWidget:
        """The editor widget of a field (a QLineEdit, a DateEdit, a QComboBox, …)."""
        return self.bindings[name].widget

    def label(self, name: str) -> QLabel | None:
        return self.bindings[name].label

    def row(self, name: str) -> tuple[QLabel | None, QWidget]:
        """(label, editor with its message) for one field, to place in a layout."""
        b = self.bindings[name]
        return b.label, b.container

    def add_rows(self, layout: QFormLayout, names: Iterable[str]) -> None:
        """Add one row per field to a QFormLayout (a check box spans the row)."""
        for name in names:
            label, container = self.row(name)
            if label is None:
                layout.addRow(container)
            else:
                layout.addRow(label, container)

    def set_choices(self, name: str, choices: Sequence[tuple[Any, str]]) -> None:
        """Replace the choices of a combo box field (a reference to another record)."""
        editor = self.bindings[name].editor
        if editor.choices is None:
            raise TypeError(f"{name} has no choices")
        self._loading += 1
        try:
            editor.choices(choices)
        finally:
            self._loading -= 1
        self.bindings[name].last = self.bindings[name].get()

    # --- values ---

    def value(self, name: str) -> Any:
        return self.bindings[name].get()

    def values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """The record as the services' ``clean`` accepts it (every field, or ``names``)."""
        wanted = self.bindings if names is None else names
        return {n: self.bindings[n].get() for n in wanted if n in self.bindings}

    def changed_values(self) -> dict[str, Any]:
        """Only the fields whose value differs from the one loaded (for a partial update)."""
        return {n: b.get() for n, b in self.bindings.items()
                if not same_value(b.get(), self._baseline[n])}

    def set_value(self, name: str, value: Any) -> None:
        """Change a field as the user would: undoable, marks the form dirty."""
        self.bindings[name].editor.set(value)
        self._open_field = None

    def set_values(self, values: Mapping[str, Any], *, clean: bool = True) -> None:
        """Load values (fields not in ``values`` keep theirs). ``clean``: they become the
        saved state, with no error shown and an empty undo history."""
        self._loading += 1
        try:
            for name, value in values.items():
                b = self.bindings.get(name)
                if b is None:
                    continue
                b.editor.set(value)
                b.last = b.get()
                if clean:
                    self._baseline[name] = b.last
        finally:
            self._loading -= 1
        if clean:
            self.undo_stack.clear()
            self.clear_errors()
        self._open_field = None
        for name in values:
            if name in self.bindings:
                self.changed.emit(name)
        self._update_dirty()

    def rebase(self, values: Mapping[str, Any]) -> None:
        """Take ``values`` as the saved state (a reload after someone changed the record)
        while keeping what the user changed and has not saved yet."""
        self._loading += 1
        try:
            for name, value in values.items():
                b = self.bindings.get(name)
                if b is None:
                    continue
                mine = b.get()
                user_changed = not same_value(mine, self._baseline[name])
                b.editor.set(value)
                self._baseline[name] = b.get()
                if user_changed:
                    b.editor.set(mine)
                b.last = b.get()
        finally:
            self._loading -= 1
        self._update_dirty()

    def is_dirty(self) -> bool:
        return bool(self.dirty_fields())

    def dirty_fields(self) -> list[str]:
        return [n for n, b in self.bindings.items() if not same_value(b.get(), self._baseline[n])]

    def mark_clean(self) -> None:
        """The current values are saved."""
        for name, b in self.bindings.items():
            self._baseline[name] = b.get()
        self._update_dirty()

    # --- errors ---

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show each message next to its field (clearing the others); returns the messages
        whose key is not a field of this form, for the dialog to show elsewhere."""
        self.clear_errors()
        other = {}
        for name, message in errors.items():
            if name in self.bindings:
                self.bindings[name].set_error(message)
            else:
                other[name] = message
        return other

    def set_error(self, name: str, message: str | None) -> None:
        self.bindings[name].set_error(message)

    def error(self, name: str) -> str | None:
        return self.bindings[name].error

    def errors(self) -> dict[str, str]:
        return {n: b.error for n, b in self.bindings.items() if b.error}

    def clear_errors(self, names: Iterable[str] | None = None) -> None:
        for name in names if names is not None else self.bindings:
            if self.bindings[name].error:
                self.bindings[name].set_error(None)

    def focus_first_error(self) -> str | None:
        """Show and focus the first field (in form order) with a message; returns its name."""
        for name, b in self.bindings.items():
            if b.error:
                self.focus(name)
                return name
        return None

    def focus(self, name: str) -> None:
        widget = self.bindings[name].widget
        reveal(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def check_field(self, name: str) -> str | None:
        """Check one field with the service's own validator (no database, no required
        check); shows and returns the message."""
        b = self.bindings[name]
        try:
            fl.clean_value(b.spec, b.get())
        except FieldError as exc:
            b.set_error(exc.message)
            return exc.message
        return None

    # --- read-only ---

    def set_read_only(self, read_only: bool) -> None:
        """Nothing can be changed; text stays readable and selectable (copy), on a grey
        background like a disabled field."""
        self._read_only = read_only
        for b in self.bindings.values():
            b.editor.set_read_only(read_only)
            for widget in b.editor.inputs:
                if isinstance(widget, QLineEdit | QPlainTextEdit):
                    palette = widget.palette()
                    role = QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base
                    palette.setColor(QPalette.ColorRole.Base,
                                     self.parent_widget.palette().color(role))
                    widget.setPalette(palette)

    def is_read_only(self) -> bool:
        return self._read_only

    # --- internals ---

    def _on_edit(self, name: str) -> None:
        b = self.bindings[name]
        if self._loading:
            b.last = b.get()
            return
        new = b.get()
        if same_value(new, b.last):
            return
        old, b.last = b.last, new
        if b.error:
            b.set_error(None)
        self.undo_stack.push(FieldChange(self, name, old, new, b.editor.mergeable))
        self._open_field = name if b.editor.mergeable else None
        self.changed.emit(name)
        self.edited.emit(name)
        self._update_dirty()

    def _apply(self, name: str, value: Any) -> None:
        """Undo / redo: put ``value`` back and show the field."""
        b = self.bindings[name]
        self._open_field = None
        self._loading += 1
        try:
            b.editor.set(value)
            b.last = b.get()
        finally:
            self._loading -= 1
        if b.error:
            b.set_error(None)
        if self.parent_widget.isVisible():
            self.focus(name)
        self._open_field = None
        self.changed.emit(name)
        self.edited.emit(name)
        self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        name = self._inputs.get(watched)
        if name is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and is_undo_key(event):
            return True  # not accepted: the form's Undo / Redo shortcuts get the keys
        if kind == QEvent.Type.FocusOut:
            if event.reason() == Qt.FocusReason.PopupFocusReason:
                return False  # a completion list or a calendar: the user is still here
            if self._open_field == name:
                self._open_field = None
            b = self.bindings[name]
            if not self._read_only and b.get() is not None and not b.error:
                self.check_field(name)
        return False


def is_undo_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    return (event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or QKeySequence(event.keyCombination()) in REDO_KEYS)


REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))

