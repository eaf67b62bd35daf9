"""Two people saved the same record: the conflict dialog and what happens around it.

A window that edits a record saves with ``run_op(..., quiet=True)`` and hands a failure to
:meth:`FormDialog.save_refused`, which calls :func:`save_refused` here:

* someone else saved the record meanwhile (a version conflict): the record is read again
  (``dialog.load_current()``: the values and the version now in the database) and
  :class:`ConflictDialog` shows, field by field, the value when the record was opened, the
  value the other person saved and the value in the form, with the choices "Keep mine",
  "Keep theirs" and "Merge" (one choice per field). When the other person changed none of the
  fields the form shows (a status change, a field this user cannot see), there is nothing to
  choose: the user's values are saved on the new version without asking;
* the record was deleted meanwhile: a clear message; the form stays open with its content;
* any other error: its message, as ``run_op`` would show it.

After "Keep mine" or "Merge" the form holds the chosen values on the current version and, when
something of the user's is left to save, the save is tried again at once (``save_refused``
returns True: the caller calls ``save()`` again). After "Keep theirs" (or a merge that takes only
their values) the form shows the record as saved by the other person and stays open. Cancel
leaves the form as it was: nothing is lost, and Save shows the dialog again.

A window takes part by defining ``load_current()``; it may define ``take_current(current,
values)`` to update more than the form (the default: :func:`apply_current`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from affido_app.errors import AffidoError, NotFound, ValidationError
from affido_app.services import conflicts as cf
from affido_app.ui.i18n import tr
from affido_app.ui.operations import show_error
from affido_app.ui.widgets.form import ChoiceCombo, Form, same_value

#: background of a value the other person changed, of one I changed, of a field both changed
THEIRS_BG = "#fff4d6"
MINE_BG = "#e3f0fb"
BOTH_BG = "#fde2d4"
BOTH_FG = "#a3300b"
#: longest text shown in a cell (the whole text is in the tooltip)
CELL_CHARS = 400
TIP_CHARS = 3000


def _short(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS].rstrip() + " …"


class _ClickLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class _ValueCell(QFrame):
    """A value in the grid: plain, or with a radio button to choose it."""

    def __init__(self, parent: QWidget, text: str, *, background: str | None = None,
                 radio: QRadioButton | None = None):
        super().__init__(parent)
        self.setObjectName("valueCell")
        css = f"background: {background};" if background else "background: transparent;"
        self.setStyleSheet(f"QFrame#valueCell {{ {css} border-radius: 3px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(6)
        self.radio = radio
        if radio is not None:
            row.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
        self.label = _ClickLabel(_short(text), self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(150)
        if len(text) > CELL_CHARS:
            self.setToolTip(text[:TIP_CHARS])
        if radio is not None:
            self.label.clicked.connect(lambda: radio.setChecked(True))
        row.addWidget(self.label, 1, Qt.AlignmentFlag.AlignTop)


class ConflictDialog(QDialog):
    """The three copies of the fields that differ, and the choice.

    ``ConflictDialog.ask(parent, diffs, what=…)`` → (choice, values) where choice is
    ``"mine"``, ``"theirs"``, ``"merge"`` or None (cancelled) and values the value of every
    field after the choice.
    """

    MINE, THEIRS, MERGE = "mine", "theirs", "merge"

    def __init__(self, parent: QWidget | None, diffs: Sequence[cf.FieldDiff], *,
                 what: str = ""):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Someone else saved this record"))
        self.diffs = list(diffs)
        self.choice: str | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.radios: dict[str, dict[str, QRadioButton]] = {}
        shown = [d for d in self.diffs if d.mine_changed or d.theirs_changed]
        both = [d for d in shown if d.both_changed]

        intro = QLabel(self)
        intro.setObjectName("conflictIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        text = (tr("While you were editing «{what}», another user saved the same record.")
                .format(what=what) if what else
                tr("While you were editing this record, another user saved it."))
        text += " " + tr("Here is, field by field, what each of you changed. Nothing has been "
                         "saved yet: choose which values to keep.")
        intro.setText(text)

        self.summary = QLabel(self)
        self.summary.setObjectName("conflictSummary")
        self.summary.setWordWrap(True)
        parts = [tr("Changed by the other user: {n}").format(
            n=sum(1 for d in shown if d.theirs_changed))]
        parts.append(tr("changed by you: {n}").format(n=sum(1 for d in shown if d.mine_changed)))
        if both:
            parts.append(tr("changed by both, differently: {n} (check them)").format(n=len(both)))
        self.summary.setText(" · ".join(parts) + ".")
        if both:
            self.summary.setStyleSheet(f"color: {BOTH_FG}; font-weight: 600;")

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        headers = [tr("Field"), tr("When you opened it"), tr("Saved by the other user"),
                   tr("Your changes")]
        for col, title in enumerate(headers):
            head = QLabel(title, grid_host)
            head.setStyleSheet("font-weight: 600;")
            head.setWordWrap(True)
            grid.addWidget(head, 0, col)
        for row, d in enumerate(shown, start=1):
            self._add_row(grid_host, grid, row, d)
        grid.setColumnStretch(0, 0)
        for col in (1, 2, 3):
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(len(shown) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setObjectName("conflictFields")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)

        unchanged = len(self.diffs) - len(shown)
        self.unchanged_note = QLabel(
            tr("The other fields ({n}) are the same in both copies.").format(n=unchanged)
            if unchanged else "", self)
        self.unchanged_note.setStyleSheet("color: #5b6770; font-style: italic;")
        self.unchanged_note.setVisible(bool(unchanged))

        legend = QLabel(self)
        legend.setObjectName("conflictLegend")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setText(
            f"<span style='background:{THEIRS_BG}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> "
            + tr("changed by the other user") + " &nbsp; "
            f"<span style='background:{MINE_BG}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> "
            + tr("changed by you") + " &nbsp; "
            f"<span style='background:{BOTH_BG}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> "
            + tr("changed by both: check the choice"))
        hint = QLabel(tr("“Merge” keeps, for each field, the value you ticked: the other user's "
                         "where only they changed it, yours where you changed it."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5b6770;")

        self.mine_button = self._button(tr("Keep mine"), "keepMine", self.MINE, tr(
            "Save your values in every field, over the other user's: their changes to these "
            "fields are lost."))
        self.theirs_button = self._button(tr("Keep theirs"), "keepTheirs", self.THEIRS, tr(
            "Discard your changes and show the record as the other user saved it."))
        self.merge_button = self._button(tr("Merge"), "merge", self.MERGE, tr(
            "Keep the value ticked in each field, then save."))
        self.merge_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(tr("Back to the form, as it was: nothing is saved and "
                                         "nothing is lost."))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.unchanged_note)
        layout.addWidget(legend)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.resize(980, min(250 + 46 * max(len(shown), 1), 720))

    def _button(self, text: str, name: str, choice: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _add_row(self, host: QWidget, grid: QGridLayout, row: int, d: cf.FieldDiff) -> None:
        name = QLabel(d.label, host)
        name.setObjectName(f"conflictField_{d.name}")
        name.setWordWrap(True)
        name.setMinimumWidth(140)
        name.setContentsMargins(0, 4, 0, 0)  # level with the text of the value cells
        if d.both_changed:
            name.setText(d.label + "\n" + tr("⚠ changed by both"))
            name.setStyleSheet(f"color: {BOTH_FG}; font-weight: 600;")
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_ValueCell(host, d.base_text), row, 1)
        if d.differs:
            group = QButtonGroup(self)
            theirs = QRadioButton(host)
            theirs.setObjectName(f"theirs_{d.name}")
            theirs.setAccessibleName(tr("{field}: the other user's value").format(field=d.label))
            mine = QRadioButton(host)
            mine.setObjectName(f"mine_{d.name}")
            mine.setAccessibleName(tr("{field}: your value").format(field=d.label))
            group.addButton(theirs)
            group.addButton(mine)
            (mine if d.default == self.MINE else theirs).setChecked(True)
            self.groups[d.name] = group
            self.radios[d.name] = {self.MINE: mine, self.THEIRS: theirs}
        else:
            theirs = mine = None
        both_bg = BOTH_BG if d.both_changed else None
        grid.addWidget(_ValueCell(host, d.theirs_text, radio=theirs,
                                  background=both_bg or (THEIRS_BG if d.theirs_changed
                                                         else None)), row, 2)
        grid.addWidget(_ValueCell(host, d.mine_text, radio=mine,
                                  background=both_bg or (MINE_BG if d.mine_changed else None)),
                       row, 3)

    # --- the choice ---

    def picks(self) -> dict[str, str]:
        """The side ticked in each field that differs."""
        return {name: (self.MINE if radios[self.MINE].isChecked() else self.THEIRS)
                for name, radios in self.radios.items()}

    def pick(self, name: str, side: str) -> None:
        self.radios[name][side].setChecked(True)

    def values(self) -> dict[str, Any]:
        """Every field's value after the choice made."""
        if self.choice == self.MINE:
            return cf.keep_mine(self.diffs)
        if self.choice == self.THEIRS:
            return cf.keep_theirs(self.diffs)
        return cf.merge(self.diffs, self.picks())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, diffs: Sequence[cf.FieldDiff], *,
            what: str = "") -> tuple[str | None, dict[str, Any]]:
        dialog = cls(parent, diffs, what=what)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
            dialog.deleteLater()
            return None, {}
        result = dialog.choice, dialog.values()
        dialog.deleteLater()
        return result


# --- the flow -----------------------------------------------------------------------------------

def form_baseline(form: Form) -> dict[str, Any]:
    """The values the form was loaded with (the record when it was opened)."""
    return {n: form._baseline.get(n) for n in form.names()}


def form_choices(form: Form) -> dict[str, dict[Any, str]]:
    """The labels of the form's choice fields (names of the staff, labels of enums), so that
    the dialog never shows an id."""
    out: dict[str, dict[Any, str]] = {}
    for name in form.names():
        widget = form.editor(name)
        if isinstance(widget, ChoiceCombo):
            out[name] = {value: widget.itemText(i) for i, value in enumerate(widget.values)
                         if value is not None}
    return out


def compare_form(form: Form, current: Mapping[str, Any]) -> list[cf.FieldDiff]:
    return cf.compare(form.fields, form.names(), form_baseline(form), form.values(), current,
                      choices=form_choices(form))


def apply_current(dialog, current: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """The form takes the record as saved now as its saved state (``current``), then the chosen
    ``values`` as the user's edits (undoable, Save enabled); the window takes the version."""
    form: Form = dialog.form
    names = [n for n in form.names() if n in current]
    loading = getattr(dialog, "_loading", None)
    if loading is not None:
        dialog._loading = True
    try:
        form.set_values({n: current[n] for n in names}, clean=True)
        for name, value in values.items():
            if name in form and not same_value(form.value(name), value):
                form.set_value(name, value)
    finally:
        if loading is not None:
            dialog._loading = loading
    dialog.version = current["version"]
    record = getattr(dialog, "record", None)
    if isinstance(record, dict):
        record.update(current)
    update_header = getattr(dialog, "update_header", None)
    if callable(update_header):
        update_header()


def deleted_message(exc: AffidoError) -> str:
    return (exc.message + "\n\n" + tr("The window stays open with what you wrote: copy what "
                                      "you need before closing it."))


def save_refused(dialog, exc: Any, title: str | None = None) -> bool:
    """After a save that failed (see the module's docstring). True when the save is to be
    tried again: the form holds the values chosen, on the record's current version."""
    title = title or tr("Record not saved")
    if isinstance(exc, ValidationError):
        return False  # shown next to the fields
    if isinstance(exc, NotFound):
        show_error(dialog, title, deleted_message(exc))
        return False
    if not cf.is_version_conflict(exc) or not hasattr(dialog, "load_current"):
        show_error(dialog, title, getattr(exc, "message", str(exc)))
        return False
    try:
        current = dialog.load_current()
    except NotFound as err:
        show_error(dialog, title, deleted_message(err))
        return False
    except AffidoError as err:
        show_error(dialog, title, err.message)
        return False
    diffs = compare_form(dialog.form, current)
    if not cf.changed_by_them(diffs):
        # they changed nothing this form shows (a status, a field this user cannot see): my
        # values go on their version, and nothing of theirs is overwritten
        choice, values = ConflictDialog.MERGE, cf.keep_mine(diffs)
    else:
        choice, values = ConflictDialog.ask(dialog, diffs, what=dialog.windowTitle())
    if choice is None:
        dialog.show_banner([tr("Not saved: another user changed this record meanwhile. Your "
                               "changes are still here; press Save to compare them again.")])
        return False
    take = getattr(dialog, "take_current", None)
    if callable(take):
        take(current, values)
    else:
        apply_current(dialog, current, values)
    if dialog.is_dirty():
        dialog.hide_banner()
        return True
    dialog.show_banner([tr("The record now shows what the other user saved; your changes "
                           "have been discarded.")])
    return False
