"""What a fosterer's approval needs and what is still missing, with the fosterer's interviews.

:class:`EvidencePanel` goes in the fosterer's record ("Selezione" tab) and next to the selection
list: each requirement with a tick or a cross (a favourable interview signed off by a psychologist
and a social worker, each training course, each required document, consent), the summary line
"Manca: …" from the service, and the interviews with "Open" and "New interview…".
:class:`CheckList` draws the tick / cross lines (the interview dialog reuses it for an elder's
eligibility).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import REQUIRED_FOSTERER_DOCUMENTS
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import interviews as interview_service
from affido_app.services import selection
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.format import italian_date
from affido_app.ui.widgets.record_table import RecordTable

OK_COLOR = "#2e7d32"
BAD_COLOR = "#c62828"
NEUTRAL_COLOR = "#5b6770"
TICK = "✓"
CROSS = "✗"

#: areas whose changes can alter the evidence
AREAS = frozenset({"fosterers", "interviews", "training", "consents"})


def mark_label(ok: bool | None, parent: QWidget | None = None) -> QLabel:
    """A green tick, a red cross, or a grey dash (``None``: not applicable)."""
    label = QLabel(TICK if ok else (CROSS if ok is not None else "–"), parent)
    color = OK_COLOR if ok else (BAD_COLOR if ok is not None else NEUTRAL_COLOR)
    label.setStyleSheet(f"color: {color}; font-weight: 700;")
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label.setFixedWidth(label.fontMetrics().horizontalAdvance("MM"))
    name = tr("Requirement met") if ok else (tr("Requirement not met") if ok is not None
                                             else tr("Not required"))
    label.setAccessibleName(name)
    label.setToolTip(name)
    return label


class CheckList(QWidget):
    """Lines with a tick or a cross, each with an optional detail in grey underneath.

    ``lines`` keeps what is shown as ``(ok, text, detail)`` (tests read it).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        self.lines: list[tuple[bool | None, str, str]] = []
        self._row = 0

    def clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.lines = []
        self._row = 0

    def add_heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        if self._row:
            label.setContentsMargins(0, 6, 0, 0)
        self.grid.addWidget(label, self._row, 0, 1, 2)
        self._row += 1
        return label

    def add(self, ok: bool | None, text: str, detail: str = "") -> QLabel:
        self.grid.addWidget(mark_label(ok, self), self._row, 0)
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(label, self._row, 1)
        self._row += 1
        if detail:
            note = QLabel(detail, self)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {NEUTRAL_COLOR};")
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(note, self._row, 1)
            self._row += 1
        self.lines.append((ok, text, detail))
        return label


def document_state_text(state: str) -> str:
    return {"valid": tr("on file and valid"), "expired": tr("on file but expired"),
            "missing": tr("not on file")}.get(state, state)


def interviewers_text(row: dict) -> str:
    """The interviewers' names, "✓" after who signed off the outcome."""
    return ", ".join(person["full_name"] + (f" {TICK}" if person.get("signed_off_at") else "")
                     for person in row.get("interviewers") or [])


def summary_text(evidence: dict) -> str:
    """"Pronto per l'approvazione", or the service's "Manca: …" line."""
    return tr("Ready for approval") if evidence.get("ready") else evidence.get("summary", "")


class EvidencePanel(QWidget):
    """The approval evidence of one fosterer and their interviews; ``refresh()`` re-reads.

    ``fosterer_id`` may be None (nothing chosen yet) and changed with :meth:`set_fosterer`.
    ``show_new``: offer "New interview…" (when the user may create interviews);
    ``side_by_side``: requirements and interviews next to each other (a wide, low place).
    """

    def __init__(self, ctx, fosterer_id: int | None, parent: QWidget | None = None, *,
                 show_new: bool = True, side_by_side: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.fosterer_id = fosterer_id
        self.evidence: dict = {}
        self.setObjectName("evidencePanel")
        self.can_read_interviews = ctx.can(Action.READ, Resource.INTERVIEW)

        self.requirements_box = QGroupBox(tr("Requirements for approval"), self)
        self.requirements = CheckList(self.requirements_box)
        self.summary = QLabel(self.requirements_box)
        self.summary.setObjectName("evidenceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.requirements_box)
        box.addWidget(self.requirements)
        box.addWidget(self.summary)
        box.addStretch(1)

        self.interviews_box = QGroupBox(tr("Interviews"), self)
        self.interviews = RecordTable(
            [(tr("Date"), lambda r: italian_date(r["held_at"].astimezone().date())),
             (tr("Kind"), lambda r: r["kind"].label),
             (tr("Outcome"), lambda r: r["outcome"].label),
             (tr("Interviewers"), interviewers_text)],
            self.interviews_box, empty_text=tr("No interview recorded yet."),
            add_text=tr("New interview…"), edit_text=tr("Open"), removable=False, stretch=3)
        self.interviews.setObjectName("interviewList")
        self.interviews.table.setMinimumHeight(110)
        self.interviews.add_button.setVisible(
            show_new and ctx.can(Action.CREATE, Resource.INTERVIEW))
        self.interviews.add_requested.connect(self.new_interview)
        self.interviews.edit_requested.connect(self.open_interview)
        legend = QLabel(tr("✓ after a name: that interviewer signed off the outcome."),
                        self.interviews_box)
        legend.setWordWrap(True)
        legend.setStyleSheet(f"color: {NEUTRAL_COLOR}; font-style: italic;")
        box = QVBoxLayout(self.interviews_box)
        box.addWidget(self.interviews, 1)
        box.addWidget(legend)
        self.interviews_box.setVisible(self.can_read_interviews)

        self.empty_note = QLabel(tr("Select a candidate to see what their approval still "
                                    "needs."), self)
        self.empty_note.setObjectName("emptyNote")
        self.empty_note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_note)
        if side_by_side:
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(self.requirements_box, 1)
            row.addWidget(self.interviews_box, 1)
            layout.addLayout(row, 1)
        else:
            layout.addWidget(self.requirements_box)
            layout.addWidget(self.interviews_box, 1)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # --- data ---

    def set_fosterer(self, fosterer_id: int | None) -> None:
        if fosterer_id != self.fosterer_id:
            self.fosterer_id = fosterer_id
            self.refresh()

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        """Read the evidence and the interviews again (4 + 2 queries)."""
        has = self.fosterer_id is not None
        self.empty_note.setVisible(not has)
        self.requirements_box.setVisible(has)
        self.interviews_box.setVisible(has and self.can_read_interviews)
        if not has:
            self.evidence = {}
            self.requirements.clear()
            self.interviews.set_rows([])
            return
        rows: list[dict] = []
        try:
            with self.ctx.sessions() as s:
                evidence = selection.approval_evidence(s, self.fosterer_id)
                if self.can_read_interviews:
                    rows = interview_service.list_interviews(s, self.ctx.actor,
                                                             fosterer_id=self.fosterer_id)
        except AffidoError:
            return
        self.evidence = evidence
        self._show_requirements(evidence)
        self.interviews.set_rows(rows)
        table = self.interviews.table
        for r in range(table.rowCount()):  # long texts are cut: the tooltip has them whole
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is not None and not item.toolTip():
                    item.setToolTip(item.text())

    def _show_requirements(self, ev: dict) -> None:
        checks = self.requirements
        checks.clear()
        checks.add_heading(tr("Selection interviews"))
        signoff = ev["interviews"]
        checks.add(signoff["favourable_signed"],
                   tr("Favourable interview signed off by a psychologist and a social worker"),
                   "\n".join(signoff["missing"]))

        checks.add_heading(tr("Training"))
        training = ev["training"]
        for course in training["courses"]:
            required = course["required"]
            if required is None:
                required = course["core_total"]
            text = tr("“{title}”: {attended} of {required} required meetings attended").format(
                title=course["title"], attended=course["core_attended"], required=required)
            detail = ""
            if not course["required_for_approval"]:
                detail = tr("Not required for approval.")
            elif not course["completed"] and course["missing"]:
                why = course["missing"]
                detail = why[:1].upper() + why[1:] + "."
            ok = course["completed"] if course["required_for_approval"] else (
                course["completed"] or None)
            checks.add(ok, text, detail)
        if not any(c["required_for_approval"] for c in training["courses"]):
            checks.add(False, training["missing"][0])  # the service's sentence

        checks.add_heading(tr("Documents"))
        for kind in REQUIRED_FOSTERER_DOCUMENTS:
            state = ev["documents"].get(kind, "missing")
            checks.add(state == "valid", tr("{document}: {state}").format(
                document=kind.label, state=document_state_text(state)))

        checks.add_heading(tr("Consent"))
        checks.add(ev["consent"], tr("Consent to data processing on file") if ev["consent"]
                   else tr("No consent to data processing on file"))

        self.summary.setText(summary_text(ev))
        color = OK_COLOR if ev["ready"] else BAD_COLOR
        self.summary.setStyleSheet(f"QLabel#evidenceSummary {{ color: {color}; "
                                   "font-weight: 600; padding-top: 6px; }")

    # --- actions ---

    def interview_rows(self) -> Sequence[dict]:
        return self.interviews.rows

    def new_interview(self) -> int | None:
        from affido_app.ui.dialogs.interview_dialog import InterviewDialog

        if self.fosterer_id is None:
            return None
        new_id = InterviewDialog.create(self, self.ctx, fosterer_id=self.fosterer_id)
        if new_id:
            self.refresh()
        return new_id

    def open_interview(self, row: dict) -> None:
        from affido_app.ui.dialogs.interview_dialog import InterviewDialog

        if InterviewDialog.open_interview(self, self.ctx, row["id"]):
            self.refresh()
