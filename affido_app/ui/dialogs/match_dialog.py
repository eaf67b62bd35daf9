"""The page of one pair (abbinamento): who, where it stands, its life, supervision and expenses.

A header (elder – fosterer, status and since when, start date, supervision frequency) and four
tabs: "Timeline" (every status change with its reason, resume date, note and author, the most
recent first), "Supervision" (the notes of the meetings that discussed the pair, the last and the
next due date, overdue in red; the confidential texts only for who may read them), "Expenses"
(the entries linked to the pair and their totals) and "Details" (what was agreed: days and
times, hours, place, activities, supervision frequency, goals, notes — saved with Save).
"Change status…" opens :class:`MatchStatusDialog`; "Open elder" / "Open fosterer" ask the main
window for the person's record (``ctx.open_record``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import MatchCloseReason, MatchStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import matches
from affido_app.services import supervision as sv
from affido_app.services.documents import DocumentRequest
from affido_app.services.pair import pair_overview
from affido_app.ui import settings as keys
from affido_app.ui.dialogs.form_dialog import FormDialog
from affido_app.ui.documents import document_action, documents_menu_button, open_document
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op, show_error
from affido_app.ui.widgets.expenses_panel import euro, km_text
from affido_app.ui.widgets.form import Form
from affido_app.ui.widgets.format import italian_date
from affido_app.ui.widgets.record_header import RecordHeader
from affido_app.ui.widgets.record_table import RecordTable
from affido_app.ui.widgets.supervision_panel import (
    OVERDUE_COLOR,
    RISK_COLOR,
    frequency_text,
    last_supervised_text,
    overdue_text,
)

#: the fields of the Details tab, in order (the proposal date and score belong to the history)
DETAIL_FIELDS = ("schedule", "hours_per_week", "meeting_place", "activities",
                 "supervision_every_days", "goals", "notes")
#: areas of ``ctx.changed`` the page follows
AREAS = frozenset({"matches", "supervision", "expenses", "elders", "fosterers"})
DEFAULT_SIZE = (1000, 700)
#: the confidential texts of a pair note, with their Italian labels
NOTE_TEXT_LABELS = {name: sv.NOTE_FIELDS[name].label for name in sv.NOTE_CONFIDENTIAL
                    if name in sv.NOTE_FIELDS}


def label_of(value: Any) -> str:
    if value is None:
        return ""
    return getattr(value, "label", str(value))


def reason_label(reason: str | None) -> str:
    """A closing reason's label when it is one of MatchCloseReason, else the text itself."""
    if not reason:
        return ""
    try:
        return MatchCloseReason(reason).label
    except ValueError:
        return reason


def status_line(match: Mapping[str, Any]) -> str:
    """"Attivo dal 05/02/2026", with the planned resume date or the closing reason."""
    status = match["status"]
    text = tr("{status} since {date}").format(status=status.label,
                                              date=italian_date(match["status_since"]))
    if status == MatchStatus.SUSPENDED and match.get("suspended_until"):
        text += " · " + tr("planned return {date}").format(
            date=italian_date(match["suspended_until"]))
    if status == MatchStatus.CLOSED and match.get("close_reason"):
        text += " · " + label_of(match["close_reason"])
    return text


def _one_line(text: str | None) -> str:
    return (text or "").replace("\n", " ")


class MatchDialog(FormDialog):
    """``MatchDialog.open_match(parent, ctx, match_id)`` — the pair's page (modal; True once
    something was saved); ``MatchDialog.open_record(parent, ctx, match_id)`` — the same as a
    window of its own, for the main window's ``ctx.open_record("match", id)``."""

    def __init__(self, parent: QWidget | None, ctx, match_id: int):
        super().__init__(parent, ctx)
        self.setObjectName("matchDialog")
        self.match_id = match_id
        #: the main window finds open record windows by this attribute
        self.person_id = match_id
        self.match: dict[str, Any] = {}
        self.overview: dict[str, Any] = {}
        self.version: int | None = None
        self.changed_something = False
        self._listening = False
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)

        self.header = self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.form = self.track(Form(matches.MATCH_FIELDS, self, names=DETAIL_FIELDS,
                                    options={"activities": {"columns": 3},
                                             "goals": {"lines": 3}, "notes": {"lines": 3}}))
        self.tabs.addTab(self._build_timeline(), tr("Timeline"))
        self.supervision_tab = self._build_supervision()
        if self.supervision_tab is not None:
            self.tabs.addTab(self.supervision_tab, tr("Supervision"))
        self.expenses_tab = self._build_expenses()
        if self.expenses_tab is not None:
            self.tabs.addTab(self.expenses_tab, tr("Expenses"))
        self.tabs.addTab(self._build_details(), tr("Details"))

        self.status_button = self._button(tr("Change status…"), "changeStatus",
                                          self.change_status)
        self.elder_button = self._button(tr("Open elder"), "openElder",
                                         lambda: self.open_person("elder"))
        self.fosterer_button = self._button(tr("Open fosterer"), "openFosterer",
                                            lambda: self.open_person("fosterer"))
        self.print_agreement_action = document_action(
            self, ctx, tr("Foster agreement"), "agreement", self.print_agreement,
            shortcut="Ctrl+P", name="printAgreement")
        self.print_supervision_action = document_action(
            self, ctx, tr("Supervision report"), "supervision", self.print_supervision,
            name="printSupervision")
        self.addAction(self.print_agreement_action)
        self.documents_button = documents_menu_button(
            self, [self.print_agreement_action, self.print_supervision_action])
        for i, button in enumerate((self.status_button, self.elder_button,
                                    self.fosterer_button, self.documents_button)):
            self.button_row.insertWidget(i, button)
        self.status_button.setVisible(ctx.can(Action.CHANGE_STATUS, Resource.MATCH))
        self.elder_button.setVisible(ctx.can(Action.READ, Resource.ELDER))
        self.fosterer_button.setVisible(ctx.can(Action.READ, Resource.FOSTERER))

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.button_row)

        self.load()
        if not ctx.can(Action.UPDATE, Resource.MATCH):
            self.set_read_only(True)
            self.cancel_button.setText(tr("Close"))
        self._restore_geometry()
        ctx.changed.connect(self._context_changed)
        self._listening = True

    # --- entry points ---

    @classmethod
    def open_match(cls, parent: QWidget | None, ctx, match_id: int, *, exec: bool = True):
        """The pair's page, modal. True once something was saved or the status changed
        (``exec=False``: the dialog, not shown; None when the pair cannot be read: the message
        has been shown)."""
        try:
            dialog = cls(parent, ctx, match_id)
        except AffidoError as exc:
            show_error(parent, tr("Cannot open the pair"), exc.message)
            return None if not exec else False
        if not exec:
            return dialog
        dialog.exec()
        return dialog.changed_something

    @classmethod
    def open_record(cls, parent: QWidget | None, ctx, match_id: int, *, show: bool = True):
        """The pair's page in a window of its own (not modal), deleted when closed; None when
        the pair cannot be read (the message has been shown)."""
        return cls.open_window(parent, ctx, match_id, show=show,
                               failure_title=tr("Cannot open the pair"))

    # --- building ---

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_header(self) -> QFrame:
        header = RecordHeader(self)
        self.name_label = header.name_label
        self.details_label = header.details_label
        self.status_label = header.status_label
        return header

    def _page(self, *widgets: QWidget, stretch: bool = False) -> QWidget:
        page = QWidget(self.tabs)
        box = QVBoxLayout(page)
        box.setContentsMargins(12, 12, 12, 12)
        box.setSpacing(10)
        for w in widgets:
            box.addWidget(w, 0 if stretch else 1)
        if stretch:
            box.addStretch(1)
        return page

    def _build_timeline(self) -> QWidget:
        self.timeline = RecordTable(
            [(tr("Date"), lambda r: italian_date(r["occurred_on"])),
             (tr("Change"), self._change_text),
             (tr("Reason"), lambda r: reason_label(r.get("reason"))),
             (tr("Details of the reason"), lambda r: r.get("sub_reason") or ""),
             (tr("Planned return"), lambda r: italian_date(r.get("until"))),
             (tr("Note"), lambda r: _one_line(r.get("note"))),
             (tr("Recorded by"), lambda r: r.get("author_name") or "")],
            self, empty_text=tr("No status change yet."), stretch=5)
        self.timeline.setObjectName("timeline")
        self.timeline.set_read_only(True)
        return self._page(self.timeline)

    @staticmethod
    def _change_text(row: Mapping[str, Any]) -> str:
        if row.get("from_status") is None:
            return tr("{status} (start)").format(status=label_of(row["to_status"]))
        return f"{label_of(row['from_status'])} → {label_of(row['to_status'])}"

    def _build_supervision(self) -> QWidget | None:
        if not self.ctx.can(Action.READ, Resource.SUPERVISION):
            return None
        self.due_label = QLabel(self)
        self.due_label.setObjectName("supervisionDue")
        self.due_label.setWordWrap(True)
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_table = RecordTable(
            [(tr("Meeting"), lambda r: italian_date(r["session_date"])),
             (tr("Kind"), lambda r: label_of(r.get("kind"))),
             (tr("Led by"), lambda r: r.get("led_by_name") or ""),
             (tr("Elder's wellbeing"), lambda r: label_of(r.get("elder_wellbeing"))),
             (tr("Fosterer's wellbeing"), lambda r: label_of(r.get("fosterer_wellbeing"))),
             (tr("Risk flag"), self._risk_text),
             (tr("Next check"), lambda r: italian_date(r.get("next_date")))],
            self, empty_text=tr("This pair has not been discussed in supervision yet."),
            edit_text=tr("Open note"), stretch=6, removable=False,
            marked=lambda r: tr("Risk still open") if r.get("risk_open") else None)
        self.notes_table.setObjectName("supervisionNotes")
        self.notes_table.add_button.hide()
        self.notes_table.edit_requested.connect(self.open_note)
        self.notes_table.table.itemSelectionChanged.connect(self._show_note_texts)
        self.note_texts = QPlainTextEdit(self)
        self.note_texts.setObjectName("noteTexts")
        self.note_texts.setReadOnly(True)
        self.note_texts.setPlaceholderText(tr("Select a note to read what was said."))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.notes_table)
        splitter.addWidget(self.note_texts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.note_texts.setMinimumHeight(self.note_texts.fontMetrics().lineSpacing() * 4)
        page = QWidget(self.tabs)
        box = QVBoxLayout(page)
        box.setContentsMargins(12, 12, 12, 12)
        box.addWidget(self.due_label)
        box.addWidget(splitter, 1)
        return page

    @staticmethod
    def _risk_text(row: Mapping[str, Any]) -> str:
        if not row.get("risk_flag"):
            return ""
        return tr("Still open") if row.get("risk_open") else tr("Closed")

    def _build_expenses(self) -> QWidget | None:
        if not self.ctx.can(Action.READ, Resource.EXPENSE):
            return None
        self.expenses_table = RecordTable(
            [(tr("Date"), lambda r: italian_date(r["date"])),
             (tr("Km"), lambda r: km_text(r["km"]) if r["km"] else ""),
             (tr("Mileage amount"), lambda r: euro(r["km_amount"]) if r["km"] else ""),
             (tr("Costs"), lambda r: euro(r["costs"]) if r["costs"] else ""),
             (tr("Total"), lambda r: euro(r["total"])),
             (tr("Status"), lambda r: label_of(r["status"])),
             (tr("Description"), lambda r: r.get("description") or "")],
            self, empty_text=tr("No expense entry is linked to this pair."), stretch=6)
        self.expenses_table.setObjectName("pairExpenses")
        self.expenses_table.set_read_only(True)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("expenseTotals")
        self.totals_label.setWordWrap(True)
        bold = QFont(self.totals_label.font())
        bold.setBold(True)
        self.totals_label.setFont(bold)
        page = QWidget(self.tabs)
        box = QVBoxLayout(page)
        box.setContentsMargins(12, 12, 12, 12)
        box.addWidget(self.expenses_table, 1)
        box.addWidget(self.totals_label)
        note = QLabel(tr("Entries are recorded and approved in the fosterer's record and in the "
                         "Expenses section."), self)
        note.setObjectName("emptyNote")
        note.setWordWrap(True)
        box.addWidget(note)
        return page

    def _build_details(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(12)
        for title, names in ((tr("Meetings"), ["schedule", "hours_per_week", "meeting_place"]),
                             (tr("Project"), ["activities", "supervision_every_days", "goals",
                                              "notes"])):
            box = QGroupBox(title, inner)
            rows = QFormLayout(box)
            rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            rows.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.form.add_rows(rows, names)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea(self.tabs)
        scroll.setObjectName("tabDetails")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    # --- loading ---

    def load(self) -> None:
        """Read the pair with everything shown (confidential texts read are audited: the read
        is committed)."""
        with self.ctx.begin() as s:
            overview = pair_overview(s, self.ctx.actor, self.match_id)
        self._apply(overview)
        self.form.set_values({n: self.match.get(n) for n in DETAIL_FIELDS})

    def reload(self, *, texts: bool = True) -> None:
        """Read again after a change; the Details keep what the user is typing.
        ``texts=False``: the confidential texts already shown are kept, not read again."""
        previous = {n["id"]: n for n in (self.overview.get("supervision") or {}).get("notes", [])}
        try:
            with self.ctx.begin() as s:
                overview = pair_overview(s, self.ctx.actor, self.match_id, with_texts=texts)
        except AffidoError:
            return
        if not texts and overview.get("supervision"):
            for note in overview["supervision"]["notes"]:
                old = previous.get(note["id"])
                if old is not None and old["version"] == note["version"]:
                    for name in NOTE_TEXT_LABELS:
                        if name in old:
                            note[name] = old[name]
        self._apply(overview)
        self.form.rebase({n: self.match.get(n) for n in DETAIL_FIELDS})

    def _apply(self, overview: dict[str, Any]) -> None:
        self.overview = overview
        self.match = overview["match"]
        self.version = self.match["version"]
        self.update_header()
        self.timeline.set_rows(list(reversed(overview["history"])))  # most recent first
        if self.supervision_tab is not None and overview.get("supervision") is not None:
            self._fill_supervision(overview["supervision"])
        if self.expenses_tab is not None and overview.get("expenses") is not None:
            self._fill_expenses(overview["expenses"])

    def update_header(self) -> None:
        m = self.match
        pair = f"{m['elder_name']} – {m['fosterer_name']}"
        self.name_label.setText(pair)
        self.setWindowTitle(tr("Pair – {pair}").format(pair=pair))
        parts = [tr("Proposed on {date}").format(date=italian_date(m["proposed_on"]))]
        if m.get("started_on"):
            parts.append(tr("started on {date}").format(date=italian_date(m["started_on"])))
        if m.get("ended_on"):
            parts.append(tr("ended on {date}").format(date=italian_date(m["ended_on"])))
        if m.get("supervision_every_days"):
            parts.append(tr("supervision {frequency}").format(
                frequency=frequency_text(m["supervision_every_days"])))
        if m.get("proposal_score") is not None:
            parts.append(tr("compatibility {score}/100").format(
                score=round(m["proposal_score"])))
        self.details_label.setText(" · ".join(parts))
        self.status_label.setText(status_line(m))
        closing = [] if m["status"] != MatchStatus.CLOSED else [
            t for t in (label_of(m.get("close_reason")), m.get("close_sub_reason")) if t]
        self.status_label.setToolTip(" — ".join(closing))

    def _fill_supervision(self, sup: dict[str, Any]) -> None:
        parts = [tr("Last supervised: {date}").format(
            date=last_supervised_text(sup["last_supervised"]))]
        if sup.get("every_days"):
            parts.append(tr("Frequency: {frequency}").format(
                frequency=frequency_text(sup["every_days"])))
        color = None
        if sup.get("due_date") is not None:
            due = tr("Next due: {date}").format(date=italian_date(sup["due_date"]))
            if sup.get("overdue"):
                due += " — " + overdue_text(int(sup["days_overdue"]))
                color = OVERDUE_COLOR
            parts.append(due)
        elif self.match["status"] != MatchStatus.ACTIVE:
            parts.append(tr("Only active pairs are due for supervision."))
        if sup.get("open_risks"):
            parts.append(tr("Open risks: {n}").format(n=sup["open_risks"]))
            color = color or RISK_COLOR
        self.due_label.setText(" · ".join(parts))
        self.due_label.setStyleSheet(f"color: {color.name()}; font-weight: 600;" if color
                                     else "")
        self.due_label.setProperty("overdue", bool(sup.get("overdue")))
        self.notes_table.set_rows(sup["notes"])
        self._show_note_texts()

    def _show_note_texts(self) -> None:
        row = self.notes_table.current()
        if row is None:
            self.note_texts.clear()
            return
        if not row.get("confidential_visible"):
            self.note_texts.setPlainText(tr(
                "The texts of this note are confidential: only psychologists and the staff who "
                "led or took part in the meeting may read them."))
            return
        blocks = [f"{label}:\n{row[name]}" for name, label in NOTE_TEXT_LABELS.items()
                  if row.get(name)]
        self.note_texts.setPlainText("\n\n".join(blocks) if blocks
                                     else tr("Nothing was written in this note."))

    def _fill_expenses(self, exp: dict[str, Any]) -> None:
        self.expenses_table.set_rows(exp["entries"])
        t = exp["totals"]
        if not exp["entries"]:
            self.totals_label.setText("")
            return
        text = tr("Total: {total} ({km} km, {costs} of costs) in {n} entries, rejected ones "
                  "left out").format(total=euro(t["total"]), km=km_text(t["km"]),
                                     costs=euro(t["costs"]), n=t["count"])
        if t["paid"]:
            text += " · " + tr("paid: {amount}").format(amount=euro(t["paid"]))
        self.totals_label.setText(text)

    # --- actions ---

    def open_person(self, kind: str) -> None:
        person = self.match.get("elder_id" if kind == "elder" else "fosterer_id")
        if person is not None:
            self.ctx.open_record.emit(kind, int(person))

    def print_agreement(self):
        return open_document(self, self.ctx, DocumentRequest("agreement", self.match_id))

    def print_supervision(self):
        return open_document(self, self.ctx, DocumentRequest("supervision", self.match_id,
                                                             scope="pair"))

    def open_note(self, row: Mapping[str, Any]) -> None:
        from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

        if PairNoteDialog.open_note(self, self.ctx, row["session_id"], row["id"]):
            self.reload()

    def change_status(self) -> bool:
        from affido_app.ui.dialogs.match_status_dialog import MatchStatusDialog

        done = MatchStatusDialog.change(self, self.ctx, self.match_id)
        if done:  # the page reloads itself on ctx.changed ("matches")
            self.changed_something = True
        return bool(done)

    def save(self) -> bool:
        if self.read_only:
            return False
        data = self.form.changed_values()
        if not data:
            self.saved()
            return True
        ok, result = run_op(
            self, self.ctx, lambda s: matches.update_match(
                s, self.ctx.actor, self.match_id, data, expected_version=self.version),
            changes={"matches"}, title=tr("Pair not saved"), on_validation=self.show_validation,
            quiet=True)
        if ok:
            self.version = result
            self.changed_something = True
            self.saved()
        elif self.save_refused(result, tr("Pair not saved")):
            return self.save()  # the values chosen in the conflict dialog, on their version
        return ok

    def load_current(self) -> dict:
        """The pair as saved now (someone else saved it meanwhile: the conflict dialog compares
        it with the Details)."""
        with self.ctx.begin() as s:
            return pair_overview(s, self.ctx.actor, self.match_id, with_texts=False)["match"]

    def take_current(self, current: dict, values: dict) -> None:
        """After the conflict dialog: the pair as saved now, with the values chosen."""
        from affido_app.ui.conflicts import apply_current

        self.match.update(current)
        apply_current(self, current, values)

    # --- drafts (ui/drafts.py) ---

    DRAFT_KIND = "match"

    def draft_info(self):
        from affido_app.ui.drafts import DraftInfo

        m = self.match
        pair = f"{m.get('elder_name', '')} – {m.get('fosterer_name', '')}"
        return DraftInfo(tr("Pair – {pair}").format(pair=pair), self.match_id, self.version)

    # --- window ---

    def _context_changed(self, areas) -> None:
        if not self._listening or not (set(areas) & AREAS):
            return
        self.reload(texts="supervision" in areas)

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.get(keys.RECORD_GEOMETRY)
        if geometry is None or geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def done(self, result: int) -> None:
        # no disconnect() (see PersonDialog.done): the slot checks this flag instead
        self._listening = False
        super().done(result)
