"""A supervision meeting (*incontro di supervisione*): when, where, who led it, who took part,
its confidential notes, the next date, and the pairs discussed with their notes.

What this window adds — its fields, the participants, the pairs added to the meeting with their
notes — is saved by its Save, in one go (a new meeting is created, then its pair notes). A pair
note already saved is edited in its own window (:class:`PairNoteDialog`), which saves it.

The meeting's notes and the texts of the pair notes are confidential: only who led the meeting,
the staff who took part and the psychologists read and write them, and only they may change the
leader or the staff taking part. Others see the rest, with a line saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import MatchStatus, SupervisionKind
from affido_app.domain.permissions import Action, Resource, can_read_confidential_notes
from affido_app.domain.text import fold
from affido_app.errors import AffidoError, FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services import matches as match_service
from affido_app.services import staff as staff_service
from affido_app.services import supervision as supervision_service
from affido_app.services.supervision import SESSION_FIELDS
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog, confidential_notice
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.format import italian_date
from affido_app.ui.widgets.record_table import RecordTable
from affido_app.ui.widgets.supervision_panel import pair_name

AREAS = {"supervision"}
#: running pairs read for the chooser (a consortium has a few hundred at most)
RUNNING_LIMIT = 5000
_ID = Qt.ItemDataRole.UserRole


def running_pairs(s, actor) -> dict[int, dict]:
    """Pairs that can be discussed (active or suspended), by match id, sorted by elder."""
    rows = match_service.list_matches(
        s, actor, statuses=(MatchStatus.ACTIVE, MatchStatus.SUSPENDED), limit=RUNNING_LIMIT)
    pairs = [{"match_id": r.id, "status": r.status, "elder_id": r.elder_id,
              "elder_name": f"{r.elder_last_name} {r.elder_first_name}",
              "fosterer_id": r.fosterer_id,
              "fosterer_name": f"{r.fosterer_last_name} {r.fosterer_first_name}"}
             for r in rows]
    pairs.sort(key=lambda p: (fold(p["elder_name"]), fold(p["fosterer_name"])))
    return {p["match_id"]: p for p in pairs}


def _label(value: Any) -> str:
    return getattr(value, "label", "") if value is not None else ""


class PairChooser(QDialog):
    """Pick one or more running pairs (search by name; ticked ones are returned)."""

    def __init__(self, parent: QWidget | None, pairs: Iterable[Mapping[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(tr("Add pairs to the meeting"))
        self.setObjectName("pairChooser")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search by the elder's or the fosterer's name"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("pairList")
        for pair in pairs:
            text = pair_name(pair)
            if pair.get("status") == MatchStatus.SUSPENDED:
                text += f" ({MatchStatus.SUSPENDED.label.lower()})"
            item = QListWidgetItem(text)
            item.setData(_ID, pair["match_id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.empty = QLabel(tr("No other running pair can be added."), self)
        self.empty.setObjectName("emptyNote")
        self.empty.setVisible(self.list.count() == 0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Add"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._filter)
        self.list.itemActivated.connect(self._toggle)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Tick the pairs discussed in the meeting."), self))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def _filter(self, text: str) -> None:
        wanted = fold(text.strip())
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(wanted) and wanted not in fold(item.text()))

    @staticmethod
    def _toggle(item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def chosen(self) -> list[int]:
        return [int(self.list.item(i).data(_ID)) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class SupervisionDialog(FormDialog):
    """A new meeting (``session_id`` None) or an existing one."""

    def __init__(self, parent: QWidget | None, ctx, session_id: int | None = None,
                 match_ids: Iterable[int] = ()):
        super().__init__(parent, ctx)
        self.setObjectName("supervisionDialog")
        self.session_id = session_id
        self.saved_id: int | None = None
        self.version: int | None = None
        self.record: dict[str, Any] = {}
        #: pairs added in this window, saved with it: pair dict + "values" of its note
        self.pending: list[dict] = []
        #: notes already saved (existing meeting)
        self.notes: list[dict] = []
        self._running: dict[int, dict] | None = None
        self._kind_touched = False
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        with ctx.sessions() as s:
            self.staff = staff_service.list_staff(s, ctx.actor)
        self.staff_names = {u["id"]: u["full_name"] for u in self.staff}
        if session_id is not None:
            # reading the confidential texts is audited: the read is committed
            with ctx.begin() as s:
                self.record = supervision_service.get_supervision(s, ctx.actor, session_id)
            self.version = self.record["version"]
            self.notes = list(self.record["pair_notes"])
        self.is_new = session_id is None
        #: a new meeting's defaults (today, the user leading it) are a valid answer
        self.always_savable = self.is_new
        #: the confidential texts of this meeting are shown (always writable for a new one
        #: once the user leads it or takes part)
        self.confidential = self.is_new or bool(self.record.get("confidential_visible"))

        names = [n for n in SESSION_FIELDS if n != "notes" or self.confidential]
        leader = self.record.get("led_by_id")
        choices = [(u["id"], u["full_name"]) for u in self.staff
                   if u["active"] or u["id"] == leader]
        body = QWidget(self)
        self.form = self.track(Form(SESSION_FIELDS, body, names=names, options={
            "led_by_id": {"choices": choices}, "notes": {"lines": 4}}))
        self._build(body)
        self.main_layout(body)

        if self.is_new:
            self._start_new(list(match_ids))
        else:
            self.form.set_values({n: self.record.get(n) for n in names})
            self._fill_participants(
                {p["staff_id"] for p in self.record["staff"]},
                {p["fosterer_id"]: p["name"] for p in self.record["fosterers"]}, checked=True)
        self._baseline_staff = self.checked_staff()
        self._baseline_fosterers = self.checked_fosterers()
        self._initial_pending = [p["match_id"] for p in self.pending]
        self.form.changed.connect(self._field_changed)
        self.form.edited.connect(self._field_edited)
        self._refresh_table()
        self._update_title()
        self._update_confidential()
        if not ctx.can(Action.UPDATE, Resource.SUPERVISION) or (
                self.is_new and not ctx.can(Action.CREATE, Resource.SUPERVISION)):
            self.set_read_only(True)
        self.update_buttons()
        self.resize(1040, 760)

    # --- entry points ---

    @classmethod
    def create(cls, parent: QWidget | None, ctx, *, match_ids: Iterable[int] = (),
               exec: bool = True):
        """A new meeting, with ``match_ids`` already among the pairs discussed. Returns the new
        meeting's id once saved (None if cancelled); ``exec=False``: the dialog, not shown."""
        try:
            dialog = cls(parent, ctx, None, match_ids)
        except AffidoError as exc:
            show_error(parent, tr("New supervision meeting"), exc.message)
            return None
        if not exec:
            return dialog
        dialog.exec()
        return dialog.saved_id

    @classmethod
    def open_session(cls, parent: QWidget | None, ctx, session_id: int, *, exec: bool = True):
        """An existing meeting. Returns True once saved; ``exec=False``: the dialog, not shown
        (None when it cannot be read: the message was shown)."""
        try:
            dialog = cls(parent, ctx, session_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the supervision meeting"), exc.message)
            return None if not exec else False
        if not exec:
            return dialog
        return dialog.exec() == cls.DialogCode.Accepted

    # --- building ---

    def _build(self, body: QWidget) -> None:
        self.title_label = QLabel(body)
        self.title_label.setObjectName("recordHeader")

        meeting = QGroupBox(tr("Meeting"), body)
        rows = QFormLayout(meeting)
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.add_rows(rows, ["kind", "held_at", "place", "led_by_id", "next_date"])

        people = QGroupBox(tr("Who took part"), body)
        self.staff_list = self._checklist("staffList")
        self.fosterer_list = self._checklist("fostererList")
        self.fosterers_empty = QLabel(tr("The fosterers of the pairs discussed appear here."),
                                      people)
        self.fosterers_empty.setObjectName("emptyNote")
        self.fosterers_empty.setWordWrap(True)
        staff_col = QVBoxLayout()
        staff_col.addWidget(QLabel(tr("Staff"), people))
        staff_col.addWidget(self.staff_list, 1)
        fosterer_col = QVBoxLayout()
        fosterer_col.addWidget(QLabel(tr("Fosterers"), people))
        fosterer_col.addWidget(self.fosterer_list, 1)
        fosterer_col.addWidget(self.fosterers_empty)
        self.participants_notice = confidential_notice(tr(
            "Only who led the meeting, the staff who took part and the psychologists can change "
            "the leader and the staff taking part."), people)
        cols = QHBoxLayout()
        cols.addLayout(staff_col, 1)
        cols.addLayout(fosterer_col, 1)
        people_layout = QVBoxLayout(people)
        people_layout.addLayout(cols, 1)
        people_layout.addWidget(self.participants_notice)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(meeting, 2)
        top.addWidget(people, 3)

        notes = QGroupBox(tr("Confidential notes of the meeting"), body)
        notes_layout = QVBoxLayout(notes)
        self.notes_notice = confidential_notice("", notes)
        notes_layout.addWidget(self.notes_notice)
        if "notes" in self.form:
            label, container = self.form.row("notes")
            label.hide()  # the box's title says it
            editor = self.form.editor("notes")
            editor.setAccessibleName(SESSION_FIELDS["notes"].label)
            editor.setMaximumHeight(editor.fontMetrics().lineSpacing() * 5 + 14)
            notes_layout.addWidget(container)

        pairs = QGroupBox(tr("Pairs discussed"), body)
        self.pairs = RecordTable(
            [(tr("Elder"), lambda r: r.get("elder_name") or ""),
             (tr("Fosterer"), lambda r: r.get("fosterer_name") or ""),
             (tr("Elder's wellbeing"), lambda r: _label(self._note_value(r, "elder_wellbeing"))),
             (tr("Fosterer's wellbeing"),
              lambda r: _label(self._note_value(r, "fosterer_wellbeing"))),
             (tr("Risk"), self._risk_text),
             (tr("Next check"), lambda r: italian_date(self._date(r, "next_date")))],
            pairs, empty_text=tr("No pair discussed yet: add the pairs talked about."),
            add_text=tr("Add pairs…"), edit_text=tr("Open note…"),
            remove_text=tr("Remove from the meeting"), stretch=1,
            marked=lambda r: (tr("Open risk flag") if self._risk_is_open(r) else None))
        self.pairs.setObjectName("pairsTable")
        self.pairs.table.setMinimumHeight(150)
        self.pairs.add_requested.connect(self.choose_pairs)
        self.pairs.edit_requested.connect(lambda row: self.edit_pair(row))
        self.pairs.remove_requested.connect(self.remove_pair)
        self.pairs.table.itemSelectionChanged.connect(self._update_remove)
        QVBoxLayout(pairs).addWidget(self.pairs)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(top)
        layout.addWidget(notes)
        layout.addWidget(pairs, 1)

    def _checklist(self, name: str) -> QListWidget:
        lst = QListWidget(self)
        lst.setObjectName(name)
        lst.setMinimumHeight(110)
        lst.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lst.itemChanged.connect(lambda _item: self._participants_changed())
        return lst

    # --- loading ---

    def _start_new(self, match_ids: list[int]) -> None:
        now = dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        leader = self.ctx.actor.id if self.ctx.actor.id in self.staff_names else None
        self.form.set_values({
            "kind": SupervisionKind.GROUP if len(match_ids) > 1 else SupervisionKind.INDIVIDUAL,
            "held_at": now, "led_by_id": leader})
        self._fill_participants(set(), {}, checked=True)
        if match_ids:
            self.add_pairs(match_ids)

    def _fill_participants(self, staff_ids: set[int], fosterers: Mapping[int, str], *,
                           checked: bool) -> None:
        self.staff_list.blockSignals(True)
        self.staff_list.clear()
        for u in self.staff:
            if not u["active"] and u["id"] not in staff_ids:
                continue
            role = _label(u.get("role"))
            item = QListWidgetItem(f"{u['full_name']} ({role.lower()})" if role
                                   else u["full_name"])
            item.setData(_ID, u["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u["id"] in staff_ids
                               else Qt.CheckState.Unchecked)
            self.staff_list.addItem(item)
        self.staff_list.blockSignals(False)
        self.fosterer_list.clear()
        for fid, name in fosterers.items():
            self._add_fosterer(fid, name, checked=checked)
        for note in self.notes:  # fosterers of the pairs discussed, ready to tick
            self._add_fosterer(note["fosterer_id"], note["fosterer_name"], checked=False)

    def _add_fosterer(self, fosterer_id: int, name: str, *, checked: bool) -> None:
        for i in range(self.fosterer_list.count()):
            item = self.fosterer_list.item(i)
            if item.data(_ID) == fosterer_id:
                if checked:
                    item.setCheckState(Qt.CheckState.Checked)
                return
        item = QListWidgetItem(name)
        item.setData(_ID, fosterer_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.fosterer_list.blockSignals(True)
        self.fosterer_list.addItem(item)
        self.fosterer_list.blockSignals(False)
        self.fosterers_empty.setVisible(False)
        self._participants_changed()

    def _running_pairs(self) -> dict[int, dict]:
        if self._running is None:
            with self.ctx.sessions() as s:
                self._running = running_pairs(s, self.ctx.actor)
        return self._running

    # --- participants and confidentiality ---

    @staticmethod
    def _checked(lst: QListWidget) -> list[int]:
        return [int(lst.item(i).data(_ID)) for i in range(lst.count())
                if lst.item(i).checkState() == Qt.CheckState.Checked]

    def checked_staff(self) -> list[int]:
        return self._checked(self.staff_list)

    def checked_fosterers(self) -> list[int]:
        return self._checked(self.fosterer_list)

    def set_checked(self, lst: QListWidget, ids: Iterable[int]) -> None:
        """Tick exactly ``ids`` in a participants list (as a user would)."""
        wanted = set(ids)
        for i in range(lst.count()):
            item = lst.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(_ID) in wanted
                               else Qt.CheckState.Unchecked)

    def may_write_confidential(self) -> bool:
        """Whether the user may read and write the confidential texts, given the leader and
        the staff ticked now (a new meeting) or as saved (an existing one)."""
        if not self.is_new:
            return self.confidential
        leader = self.form.value("led_by_id")
        return can_read_confidential_notes(self.ctx.actor.role, self.ctx.actor.id,
                                           [leader, *self.checked_staff()])

    def _update_confidential(self) -> None:
        allowed = self.may_write_confidential()
        restricted_text = tr(
            "The notes of the meeting are confidential: only who led it, the staff who took "
            "part and the psychologists can read and write them.")
        if self.is_new:
            self.notes_notice.setText(restricted_text + " " + tr(
                "Tick yourself among the staff taking part to write them."))
            self.notes_notice.setVisible(not allowed)
            editor = self.form.editor("notes")
            editor.setEnabled(allowed and not self.read_only)
        else:
            self.notes_notice.setText(restricted_text)
            self.notes_notice.setVisible(not allowed)
        restricted = not self.is_new and not allowed
        self.participants_notice.setVisible(restricted and not self.read_only)
        self.form.editor("led_by_id").setEnabled(not restricted and not self.read_only)
        self.staff_list.setEnabled(not restricted and not self.read_only)
        self.fosterer_list.setEnabled(not self.read_only)

    def _participants_changed(self) -> None:
        if hasattr(self, "_baseline_staff"):
            self._update_confidential()
            self.update_buttons()

    def _field_changed(self, name: str) -> None:
        if name == "led_by_id":
            self._update_confidential()
        if name == "held_at":
            self._update_title()

    def _field_edited(self, name: str) -> None:
        if name == "kind":
            self._kind_touched = True

    def _update_title(self) -> None:
        if self.is_new:
            title = tr("New supervision meeting")
        else:
            title = tr("Supervision meeting of {date}").format(
                date=italian_date(self.session_day()))
        self.setWindowTitle(title)
        self.title_label.setText(title)

    def session_day(self) -> dt.date | None:
        """The day of the meeting as typed (None while not a valid date and time)."""
        if self.is_new or "held_at" in self.form.changed_values():
            try:
                moment = fl.clean_value(SESSION_FIELDS["held_at"], self.form.value("held_at"))
            except FieldError:
                return None
        else:
            moment = self.record.get("held_at")
        return moment.astimezone().date() if moment is not None else None

    # --- pairs discussed ---

    def rows(self) -> list[dict]:
        """The pairs discussed: saved notes, then those added in this window."""
        return [*self.notes, *self.pending]

    def _refresh_table(self) -> None:
        self.pairs.set_rows([{**r, "id": f"m{r['match_id']}"} for r in self.rows()])
        self._update_remove()

    def _update_remove(self) -> None:
        row = self.pairs.current()
        self.pairs.remove_button.setEnabled(
            row is not None and bool(row.get("pending")) and not self.read_only)
        self.pairs.remove_button.setToolTip(
            "" if row is None or row.get("pending")
            else tr("A note already saved stays with the meeting."))

    @staticmethod
    def _note_value(row: Mapping[str, Any], name: str) -> Any:
        if row.get("pending"):
            return (row.get("values") or {}).get(name)
        return row.get(name)

    def _date(self, row: Mapping[str, Any], name: str) -> dt.date | None:
        value = self._note_value(row, name)
        return value if isinstance(value, dt.date) else None

    def _risk_is_open(self, row: Mapping[str, Any]) -> bool:
        return bool(self._note_value(row, "risk_flag")) and not row.get("risk_closed_at")

    def _risk_text(self, row: Mapping[str, Any]) -> str:
        if not self._note_value(row, "risk_flag"):
            return ""
        if row.get("risk_closed_at"):
            return tr("Risk closed")
        return tr("Open risk")

    def add_pairs(self, match_ids: Iterable[int]) -> list[int]:
        """Add pairs to the meeting (their fosterers ticked among those taking part); returns
        the ids added (pairs already in the meeting, or not running, are skipped)."""
        running = self._running_pairs()
        present = {r["match_id"] for r in self.rows()}
        added = []
        for mid in match_ids:
            pair = running.get(int(mid))
            if pair is None or pair["match_id"] in present:
                continue
            self.pending.append({**pair, "pending": True, "values": {}})
            present.add(pair["match_id"])
            added.append(pair["match_id"])
            self._add_fosterer(pair["fosterer_id"], pair["fosterer_name"], checked=True)
        if (added and self.is_new and not self._kind_touched
                and len(self.rows()) > 1 and self.form.value("kind") == SupervisionKind.INDIVIDUAL):
            self.form.set_values({"kind": SupervisionKind.GROUP}, clean=False)
        self._refresh_table()
        self.update_buttons()
        return added

    def choose_pairs(self) -> None:
        """Pick the pairs to add among the running ones; a single pair added opens its note."""
        present = {r["match_id"] for r in self.rows()}
        chooser = PairChooser(self, [p for p in self._running_pairs().values()
                                     if p["match_id"] not in present])
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        added = self.add_pairs(chooser.chosen())
        if len(added) == 1:
            self.edit_pair(self.rows()[-1])

    def row_index(self, match_id: int) -> int:
        return next(i for i, r in enumerate(self.rows()) if r["match_id"] == match_id)

    def edit_pair(self, row: Mapping[str, Any] | int, *, exec: bool = True):
        """Open the note of a pair discussed (a row, or its index). Returns True once changed;
        ``exec=False``: the note's dialog, not shown (its result is taken when it closes)."""
        if isinstance(row, int):
            row = self.rows()[row]
        match_id = row["match_id"]
        if row.get("pending"):
            dialog = PairNoteDialog.edit(
                self, self.ctx, pair=row, session_day=self.session_day(),
                confidential=self.may_write_confidential(), values=row.get("values"),
                read_only=self.read_only, exec=False)
        else:
            dialog = PairNoteDialog.edit(
                self, self.ctx, pair=row, session_day=self.session_day(),
                confidential=self.confidential, note=row, staff_names=self.staff_names,
                read_only=self.read_only or not self.ctx.can(Action.UPDATE,
                                                             Resource.SUPERVISION),
                exec=False)
        dialog.finished.connect(lambda _result: self._note_closed(match_id, dialog))
        if not exec:
            return dialog
        dialog.exec()
        return dialog.saved_changes or dialog.result_values is not None

    def _note_closed(self, match_id: int, dialog: PairNoteDialog) -> None:
        if dialog.pending:
            if dialog.result_values is not None:
                for p in self.pending:
                    if p["match_id"] == match_id:
                        p["values"] = dict(dialog.result_values)
                self._refresh_table()
                self.update_buttons()
        elif dialog.saved_changes:
            self.reload_notes()

    def reload_notes(self) -> None:
        """Read the saved notes again (after one was changed in its window)."""
        if self.session_id is None:
            return
        try:
            with self.ctx.begin() as s:
                record = supervision_service.get_supervision(s, self.ctx.actor, self.session_id)
        except AffidoError as exc:
            show_error(self, tr("Cannot open the supervision meeting"), exc.message)
            return
        self.notes = list(record["pair_notes"])
        self._refresh_table()

    def remove_pair(self, row: Mapping[str, Any]) -> None:
        """Take a pair added in this window out of the meeting (saved notes stay)."""
        if not row.get("pending"):
            return
        self.pending = [p for p in self.pending if p["match_id"] != row["match_id"]]
        fid = row["fosterer_id"]
        still = any(r["fosterer_id"] == fid for r in self.rows())
        if not still and fid not in self._baseline_fosterers:
            for i in range(self.fosterer_list.count()):
                if self.fosterer_list.item(i).data(_ID) == fid:
                    self.fosterer_list.takeItem(i)
                    break
            self.fosterers_empty.setVisible(self.fosterer_list.count() == 0)
        self._refresh_table()
        self._participants_changed()

    # --- dirty, read-only ---

    def is_dirty(self) -> bool:
        if super().is_dirty():
            return True
        if not hasattr(self, "_baseline_staff"):
            return False
        pending_changed = ([p["match_id"] for p in self.pending] != self._initial_pending
                           or any(any(v not in (None, "", False) for v in p["values"].values())
                                  for p in self.pending))
        return (pending_changed or set(self.checked_staff()) != set(self._baseline_staff)
                or set(self.checked_fosterers()) != set(self._baseline_fosterers))

    def set_read_only(self, read_only: bool = True) -> None:
        super().set_read_only(read_only)
        if hasattr(self, "pairs"):
            # the notes still open (read-only), to be read: only adding and removing go
            self.pairs.add_button.setVisible(not read_only)
            self.pairs.remove_button.setVisible(not read_only)
            self._update_remove()
            self._update_confidential()

    # --- saving ---

    def save(self) -> bool:
        if self.read_only:
            return False
        data = self.form.values() if self.is_new else self.form.changed_values()
        if self.is_new and not self.may_write_confidential():
            data.pop("notes", None)
        staff, fosterers = self.checked_staff(), self.checked_fosterers()
        extra: dict[str, list[int]] = {}
        if set(staff) != set(self._baseline_staff):
            extra["staff_ids"] = staff
        if set(fosterers) != set(self._baseline_fosterers):
            extra["fosterer_ids"] = fosterers
        pending = [(p, dict(p["values"])) for p in self.pending]
        actor = self.ctx.actor

        def write(s) -> tuple[int, int | None]:
            if self.is_new:
                sid = supervision_service.create_supervision(
                    s, actor, data, staff_ids=staff, fosterer_ids=fosterers)
                version = None
            else:
                sid, version = self.session_id, self.version
                if data or extra:
                    version = supervision_service.update_supervision(
                        s, actor, sid, data, expected_version=self.version, **extra)
            for pair, values in pending:
                try:
                    supervision_service.add_pair_note(s, actor, sid, pair["match_id"], values)
                except ValidationError as exc:  # say which pair: the fields are not here
                    raise ValidationError({
                        f"pair{pair['match_id']}.{key}": f"{pair_name(pair)}: {message}"
                        for key, message in exc.errors.items()}) from exc
            return sid, version

        ok, result = run_op(self, self.ctx, write, changes=AREAS,
                            title=tr("Supervision meeting not saved"),
                            on_validation=self.show_validation, quiet=True)
        if ok:
            sid, version = result
            self.session_id = self.saved_id = sid
            if version is not None:
                self.version = version
            self.pending = []
            self._initial_pending = []
            self._baseline_staff, self._baseline_fosterers = staff, fosterers
            self.saved()
        elif self.save_refused(result, tr("Supervision meeting not saved")):
            return self.save()  # the values chosen in the conflict dialog, on their version
        return ok

    def load_current(self) -> dict:
        """The meeting as saved now (someone else saved it meanwhile: the conflict dialog
        compares it with the form). Reading the confidential texts is audited: committed."""
        with self.ctx.begin() as s:
            return supervision_service.get_supervision(s, self.ctx.actor, self.session_id)

    def take_current(self, current: dict, values: dict) -> None:
        """After the conflict dialog: the meeting as saved now, with the values chosen."""
        from affido_app.ui.conflicts import apply_current

        apply_current(self, current, values)
        self.notes = list(current["pair_notes"])
        self._refresh_table()
        self._update_title()
