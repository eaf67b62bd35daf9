"""Selezione: the candidate fosterers by stage (application, selection, training), how long each
has been waiting, their latest interview and what their approval still needs.

Selecting a candidate shows the detail of the evidence underneath (:class:`EvidencePanel`);
"New interview…", "Approve…" (only when nothing is missing and the user may approve) and "Open
record" act on it. The list re-reads itself when fosterers, interviews, training or consents
change, and only while it is on screen (a hidden view re-reads when shown again).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain import lifecycle
from affido_app.domain.enums import FostererStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import interviews as interview_service
from affido_app.services import people, selection
from affido_app.services.people import PersonFilter
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.settings import splitter_key, table_header_key
from affido_app.ui.widgets.evidence_panel import (
    AREAS,
    BAD_COLOR,
    OK_COLOR,
    EvidencePanel,
    summary_text,
)
from affido_app.ui.widgets.format import italian_date

STAGES = (FostererStatus.APPLICATION, FostererStatus.SELECTION, FostererStatus.TRAINING)
#: at most this many candidates per stage are listed (longest waiting first; 450 in all):
#: each costs about 5 queries (evidence and interviews are read per candidate)
STAGE_LIMIT = 150
COL_NAME, COL_COMUNE, COL_DAYS, COL_INTERVIEW, COL_EVIDENCE = range(5)
ID_ROLE = Qt.ItemDataRole.UserRole
HEADER_KEY = table_header_key("selection")
SPLITTER_KEY = splitter_key("selection")


def days_text(days: int) -> str:
    if days <= 0:
        return tr("since today")
    if days == 1:
        return tr("1 day")
    return tr("{days} days").format(days=QLocale().toString(days))


def interview_text(row: dict | None) -> str:
    if row is None:
        return tr("none yet")
    return " · ".join((italian_date(row["held_at"].astimezone().date()), row["outcome"].label))


class SelectionView(QWidget):
    """Signals: ``open_fosterer(id)`` to open a fosterer's record."""

    open_fosterer = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("selection")
        #: candidate id → {"id", "name", "status", "ready", "summary", …}
        self.candidates: dict[int, dict] = {}
        #: stage → (listed, total)
        self.counts: dict[FostererStatus, tuple[int, int]] = {}
        self.query_count = 0
        self._stale = False
        self._filled_once = False

        title = QLabel(tr("Selection"))
        title.setObjectName("pageTitle")
        intro = QLabel(tr("Candidate fosterers by stage, longest waiting first. Select a "
                          "candidate to see what their approval still needs."))
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #5b6770;")

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("candidates")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([tr("Name"), tr("Comune"), tr("In this stage"),
                                   tr("Latest interview"), tr("For approval")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((COL_NAME, 200), (COL_COMUNE, 110), (COL_DAYS, 110),
                              (COL_INTERVIEW, 190)):
            self.tree.setColumnWidth(column, width)
        state = ctx.settings.get(HEADER_KEY)
        if not state.isEmpty():
            header.restoreState(state)
        header.sectionResized.connect(lambda *_: ctx.settings.set(HEADER_KEY,
                                                                  header.saveState()))
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(self._activated)

        self.new_button = QPushButton(tr("New interview…"))
        self.new_button.setObjectName("newInterview")
        self.new_button.clicked.connect(self.new_interview)
        self.new_button.setVisible(ctx.can(Action.CREATE, Resource.INTERVIEW))
        self.approve_button = QPushButton(tr("Approve…"))
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.approve)
        self.approve_button.setVisible(ctx.can(Action.APPROVE, Resource.FOSTERER)
                                       and ctx.can(Action.CHANGE_STATUS, Resource.FOSTERER))
        self.open_button = QPushButton(tr("Open record"))
        self.open_button.setObjectName("openRecord")
        self.open_button.clicked.connect(self.open_selected)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setStyleSheet("color: #5b6770;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        self.approve_note = QLabel()
        self.approve_note.setObjectName("approveNote")
        self.approve_note.setWordWrap(True)
        self.approve_note.setStyleSheet("color: #5b6770;")

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.tree, 1)
        left_box.addLayout(buttons)
        left_box.addWidget(self.approve_note)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("recordHeader")
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setWordWrap(True)
        self.panel = EvidencePanel(ctx, None, show_new=False, side_by_side=True)
        detail = QWidget()
        detail_box = QVBoxLayout(detail)
        detail_box.setContentsMargins(0, 8, 0, 0)
        detail_box.addWidget(self.detail_title)
        detail_box.addWidget(self.panel, 1)
        scroll = QScrollArea()
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(detail)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("selectionSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        state = ctx.settings.get(SPLITTER_KEY)
        if state.isEmpty() or not self.splitter.restoreState(state):
            self.splitter.setSizes([300, 360])
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.set(SPLITTER_KEY, self.splitter.saveState()))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the candidates of each stage (a bounded page per stage) with their latest
        interview and approval evidence."""
        self._stale = False
        actor = self.ctx.actor
        can_interviews = self.ctx.can(Action.READ, Resource.INTERVIEW)
        today = dt.date.today()
        stages: dict[FostererStatus, list[dict]] = {}
        counts: dict[FostererStatus, tuple[int, int]] = {}
        try:
            with self.ctx.sessions() as s:
                for stage in STAGES:
                    flt = PersonFilter(statuses=(stage,), sort="status_since")
                    rows = people.list_people(s, actor, PersonKind.FOSTERER, flt,
                                              limit=STAGE_LIMIT)
                    total = (len(rows) if len(rows) < STAGE_LIMIT else
                             people.count_people(s, actor, PersonKind.FOSTERER, flt))
                    counts[stage] = (len(rows), total)
                    out = []
                    for r in rows:
                        # per candidate: the evidence (4 queries) and the interviews (2)
                        evidence = selection.approval_evidence(s, r.id, today)
                        latest = None
                        if can_interviews:
                            found = interview_service.list_interviews(s, actor,
                                                                      fosterer_id=r.id)
                            latest = found[0] if found else None
                        out.append({
                            "id": r.id, "name": f"{r.last_name} {r.first_name}",
                            "comune": r.comune or "", "status": FostererStatus(r.status),
                            "since": r.status_since,
                            "days": (today - r.status_since).days if r.status_since else 0,
                            "latest": latest, "ready": evidence["ready"],
                            "summary": summary_text(evidence),
                            "missing": evidence["missing"],
                        })
                    stages[stage] = out
        except AffidoError:
            return
        self.counts = counts
        self._fill(stages)

    def _fill(self, stages: dict[FostererStatus, list[dict]]) -> None:
        selected = self.selected_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        self.candidates = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        italic = QFont(self.tree.font())
        italic.setItalic(True)
        target = None
        for stage in STAGES:
            listed, total = self.counts.get(stage, (0, 0))
            group = QTreeWidgetItem(self.tree, [f"{stage.label} ({QLocale().toString(total)})"])
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setData(0, ID_ROLE, None)
            for c in stages.get(stage, []):
                self.candidates[c["id"]] = c
                item = QTreeWidgetItem(group, [
                    c["name"], c["comune"], days_text(c["days"]), interview_text(c["latest"]),
                    c["summary"]])
                item.setData(0, ID_ROLE, c["id"])
                if c["latest"] is not None:
                    item.setToolTip(COL_INTERVIEW, c["latest"]["kind"].label)
                item.setToolTip(COL_DAYS, tr("In “{stage}” since {date}").format(
                    stage=stage.label, date=italian_date(c["since"])))
                if c["ready"]:
                    item.setForeground(COL_EVIDENCE, QBrush(QColor(OK_COLOR)))
                    item.setFont(COL_EVIDENCE, bold)
                    item.setToolTip(COL_EVIDENCE, c["summary"])
                else:
                    item.setForeground(COL_EVIDENCE, QBrush(QColor(BAD_COLOR)))
                    item.setToolTip(COL_EVIDENCE, tr("Still missing:") + "\n"
                                    + "\n".join(f"• {m}" for m in c["missing"]))
                item.setTextAlignment(COL_DAYS, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
                if c["id"] == selected:
                    target = item
            if not listed:
                empty = QTreeWidgetItem(group, [tr("No candidate in this stage.")])
                empty.setFirstColumnSpanned(True)
                empty.setFont(0, italic)
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            elif total > listed:
                more = QTreeWidgetItem(group, [tr("…and {n} more (open the fosterers' registry "
                                                  "to see them all)").format(
                    n=QLocale().toString(total - listed))])
                more.setFirstColumnSpanned(True)
                more.setFont(0, italic)
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setExpanded(True)
        total_all = sum(t for _l, t in self.counts.values())
        self.count_label.setText(tr("{n} candidates").format(n=QLocale().toString(total_all)))
        self.tree.blockSignals(False)
        if target is None and not self._filled_once:
            target = self._first_candidate()  # something to show underneath from the start
        self._filled_once = True
        if target is not None:
            self.tree.setCurrentItem(target)
        self._selection_changed()

    def _first_candidate(self) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ID_ROLE) is not None:
                    return group.child(j)
        return None

    # --- selection and buttons ---

    def selected_id(self) -> int | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        value = items[0].data(0, ID_ROLE)
        return int(value) if value is not None else None

    def selected(self) -> dict | None:
        sid = self.selected_id()
        return self.candidates.get(sid) if sid is not None else None

    def select(self, fosterer_id: int) -> bool:
        """Select a candidate by id (True when listed)."""
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                item = group.child(j)
                if item.data(0, ID_ROLE) == fosterer_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def approve_block_reason(self, candidate: dict | None) -> str | None:
        """Why the selected candidate cannot be approved now (None: it can)."""
        if candidate is None:
            return ""
        problem = lifecycle.check_transition(candidate["status"], FostererStatus.APPROVED)
        if problem:
            return problem
        if not candidate["ready"]:
            return tr("Approval is possible once nothing is missing.")
        return None

    def _selection_changed(self) -> None:
        candidate = self.selected()
        has = candidate is not None
        self.new_button.setEnabled(has)
        self.open_button.setEnabled(has)
        reason = self.approve_block_reason(candidate)
        self.approve_button.setEnabled(reason is None)
        self.approve_button.setToolTip(reason or "")
        self.approve_note.setText(reason if (reason and not self.approve_button.isHidden())
                                  else "")
        self.approve_note.setVisible(bool(self.approve_note.text()))
        self.detail_title.setText(candidate["name"] if has else "")
        self.detail_title.setVisible(has)
        self.panel.set_fosterer(candidate["id"] if has else None)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        value = item.data(0, ID_ROLE)
        if value is not None:
            self.open_fosterer.emit(int(value))

    def open_selected(self) -> None:
        sid = self.selected_id()
        if sid is not None:
            self.open_fosterer.emit(sid)

    def new_interview(self) -> int | None:
        from affido_app.ui.dialogs.interview_dialog import InterviewDialog

        sid = self.selected_id()
        if sid is None:
            return None
        return InterviewDialog.create(self, self.ctx, fosterer_id=sid)

    def approve(self) -> bool:
        candidate = self.selected()
        if candidate is None or self.approve_block_reason(candidate) is not None:
            return False
        if not confirm(self, tr("Approve the fosterer"),
                       tr("Declare {name} suitable to foster?\nThe status becomes “{status}” "
                          "from today.").format(name=candidate["name"],
                                                 status=FostererStatus.APPROVED.label),
                       tr("Declare suitable")):
            return False
        fid = candidate["id"]
        ok, _ = run_op(self, self.ctx,
                       lambda s: people.change_status(s, self.ctx.actor, PersonKind.FOSTERER,
                                                      fid, FostererStatus.APPROVED),
                       changes={"fosterers"}, title=tr("Fosterer not approved"))
        return ok
