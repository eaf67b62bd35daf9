"""A proposal of pairs for every elder waiting, computed by the matching engine.

The plan runs in a worker thread (with its own database session) behind a progress dialog with
Cancel. It lists the proposed pairs, best score first, each with its score bar and, unfolded,
the points and explanation of every criterion. Each pair can be accepted (a proposed match is
recorded at once) or rejected (struck out; "Restore" takes it back); "Accept all remaining"
proposes every pair not yet decided. Under the list: the total score and the elders left without
a proposal, with the reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import matches
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.dialogs.suggestions_dialog import (
    PARTS_ROLE,
    SCORE_ROLE,
    BarDelegate,
    part_color,
    part_labels,
    points_text,
)
from affido_app.ui.i18n import tr
from affido_app.ui.operations import Cancelled, run_op, show_error

#: what a proposal changes
AREAS = ("matches", "elders", "fosterers")

PENDING, ACCEPTED, REJECTED, FAILED = "pending", "accepted", "rejected", "failed"
P_ELDER, P_FOSTERER, P_SCORE, P_PARTS, P_STATE, P_ACTIONS = range(6)
ACCEPTED_COLOR = QColor("#2e7d32")
REJECTED_COLOR = QColor("#8a949b")
FAILED_COLOR = QColor("#b3261e")
#: the progress dialog appears when the computation takes longer than this
PROGRESS_DELAY_MS = 500
#: QProgressDialog would show itself after its own delay: left to our timer instead
NEVER_BY_ITSELF_MS = 24 * 3600 * 1000


class _Worker(QObject):
    """Runs ``fn(report, cancelled)`` in the worker thread; ``report(percent, text)`` raises
    :class:`Cancelled` once the user cancelled. The signals reach the dialog in the GUI thread.

    (Not :func:`affido_app.ui.operations.run_slow`: its callbacks are plain functions, which
    PySide6 runs in the sender's thread — the worker's — so the progress dialog would be touched
    from the worker thread.)
    """

    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        def report(percent: int, text: str = "") -> None:
            if self.cancelled:
                raise Cancelled()
            self.progress.emit(int(percent), text)

        try:
            self.done.emit(self.fn(report, lambda: self.cancelled))
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.failed.emit(exc)


class PlanView(QDialog):
    """``PlanView.run(parent, ctx)``: compute the plan, let the user accept or reject pairs.
    Returns the ids of the pairs proposed."""

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("planView")
        self.setWindowTitle(tr("Plan for everyone waiting"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.plan: Any = None
        self.error: str | None = None
        self.worker_thread: QThread | None = None
        self.worker: _Worker | None = None
        self.progress: QProgressDialog | None = None
        #: pair index → PENDING / ACCEPTED / REJECTED / FAILED
        self.states: dict[int, str] = {}
        #: pair index → the id of the match proposed
        self.proposed: dict[int, int] = {}
        self.problems: dict[int, str] = {}
        self.may_propose = ctx.can(Action.CREATE, Resource.MATCH)

        self.summary = QLabel(tr("Computing the plan…"), self)
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("planPairs")
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels([tr("Elder"), tr("Fosterer"), tr("Score"),
                                   tr("Points by criterion"), tr("Decision"), ""])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegateForColumn(P_SCORE, BarDelegate("score", self.tree))
        self.tree.setItemDelegateForColumn(P_PARTS, BarDelegate("parts", self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((P_ELDER, 200), (P_FOSTERER, 200), (P_SCORE, 170),
                              (P_PARTS, 170), (P_STATE, 150), (P_ACTIONS, 190)):
            header.resizeSection(column, width)
        self.tree.setToolTip(tr("Unfold a pair to read the points and the reason of each "
                                "criterion"))

        self.unmatched_box = QGroupBox(tr("Elders left without a proposal"), self)
        self.unmatched = QListWidget(self.unmatched_box)
        self.unmatched.setObjectName("unmatched")
        self.skipped_label = QLabel(self.unmatched_box)
        self.skipped_label.setObjectName("emptyNote")
        self.skipped_label.setWordWrap(True)
        box = QVBoxLayout(self.unmatched_box)
        box.addWidget(self.unmatched, 1)
        box.addWidget(self.skipped_label)

        self.accept_all_button = QPushButton(tr("Accept all remaining"), self)
        self.accept_all_button.setObjectName("acceptAll")
        self.accept_all_button.setAutoDefault(False)
        self.accept_all_button.clicked.connect(lambda: self.accept_all())
        self.accept_all_button.setVisible(self.may_propose)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("planTotal")
        bold = QFont(self.total_label.font())
        bold.setBold(True)
        self.total_label.setFont(bold)
        buttons = QHBoxLayout()
        buttons.addWidget(self.total_label, 1)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.close_button)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.unmatched_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1150, 720)
        self._update_buttons()

    # --- entry point ---

    @classmethod
    def run(cls, parent: QWidget | None, ctx, *, exec: bool = True):
        """Compute the plan and show it. Returns the ids of the pairs proposed (``exec=False``:
        the dialog, not shown, with the computation started; wait for ``plan`` or
        ``error``)."""
        dialog = cls(parent, ctx)
        dialog.start()
        if not exec:
            return dialog
        dialog.exec()
        return list(dialog.proposed.values())

    # --- computing ---

    def start(self) -> None:
        """Compute in a worker thread, with a database session of its own; a progress dialog
        with Cancel appears after half a second."""
        from affido_app.matching import engine

        ctx = self.ctx

        def work(report, cancelled):
            with ctx.db.sessions() as s:
                return engine.plan(s, ctx.actor, progress=report, cancelled=cancelled)

        self.plan = None
        self.error = None
        self.summary.setText(tr("Computing the plan…"))
        self.worker_thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.worker_thread)
        # bound methods of this dialog (GUI thread): the signals are queued to it
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker_thread.started.connect(self.worker.run)
        self.worker_thread.finished.connect(self.worker.deleteLater)
        title = tr("Plan for everyone waiting")
        self.progress = QProgressDialog(title, tr("Cancel"), 0, 100, self)
        self.progress.setObjectName("planProgress")
        self.progress.setWindowTitle(title)
        self.progress.setMinimumDuration(NEVER_BY_ITSELF_MS)  # shown by the timer below
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.hide()
        self.progress.canceled.connect(self.cancel)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._show_progress)
        self._progress_timer.start(PROGRESS_DELAY_MS)
        self.worker_thread.start()

    def is_running(self) -> bool:
        return self.worker_thread is not None and self.worker_thread.isRunning()

    def cancel(self) -> None:
        """Stop the computation (the worker stops at its next step)."""
        if self.worker is not None and self.is_running():
            self.worker.cancelled = True
            if self.progress is not None:
                self.progress.setLabelText(tr("Cancelling…"))

    def wait(self, ms: int = 10000) -> bool:
        """Wait for the worker thread to end (before the dialog goes away)."""
        if self.worker_thread is None:
            return True
        self.worker_thread.quit()
        return self.worker_thread.wait(ms)

    @Slot()
    def _show_progress(self) -> None:
        if self.is_running() and self.plan is None and not self.worker.cancelled:
            self.progress.show()

    @Slot(int, str)
    def _on_progress(self, percent: int, text: str) -> None:
        if self.progress is not None:
            self.progress.setValue(percent)
            if text:
                self.progress.setLabelText(text)

    def _finish(self) -> None:
        self._progress_timer.stop()
        self.progress.close()
        self.worker_thread.quit()

    @Slot(object)
    def _on_done(self, plan: Any) -> None:
        self._finish()
        self.show_plan(plan)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        from affido_app.matching.engine import Cancelled as EngineCancelled

        self._finish()
        if isinstance(exc, Cancelled | EngineCancelled):
            self.error = tr("The computation was stopped.")
            self.summary.setText(self.error)
            return
        if isinstance(exc, AffidoError):
            self.error = exc.message
            self.summary.setText(exc.message)
            show_error(self, tr("Plan not computed"), exc.message)
            return
        self.error = tr("The plan could not be computed.")
        self.summary.setText(self.error)
        raise exc

    # --- showing ---

    def show_plan(self, plan: Any) -> None:
        self.plan = plan
        self.states = {k: PENDING for k in range(len(plan.pairs))}
        self.tree.clear()
        shares = plan.weights.shares() if plan.weights is not None else {}
        labels = part_labels()
        order = sorted(range(len(plan.pairs)), key=lambda k: (-plan.pairs[k].score,
                                                              plan.pairs[k].elder_name))
        for k in order:
            pair = plan.pairs[k]
            item = QTreeWidgetItem([pair.elder_name, pair.fosterer_name, "", "", "", ""])
            item.setData(P_ELDER, Qt.ItemDataRole.UserRole, k)
            item.setData(P_SCORE, SCORE_ROLE, float(pair.score))
            item.setData(P_PARTS, PARTS_ROLE, dict(pair.parts))
            item.setSizeHint(P_ACTIONS, QSize(180, 32))
            for name, label in labels.items():
                points = points_text(pair.parts.get(name, 0.0))
                if name in shares:
                    points = tr("{points} of {share}").format(points=points,
                                                              share=points_text(shares[name]))
                why = pair.explanations.get(name, "")
                child = QTreeWidgetItem([tr("{criterion}: {points} — {why}").format(
                    criterion=label, points=points, why=why)])
                child.setIcon(0, _chip(part_color(name)))
                child.setToolTip(0, why)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            for c in range(item.childCount()):
                item.child(c).setFirstColumnSpanned(True)
            self.tree.setItemWidget(item, P_ACTIONS, self._actions(k))
            self._paint(k)
        self.unmatched.clear()
        for u in plan.unmatched:
            self.unmatched.addItem(tr("{name} — {reason}").format(name=u.name, reason=u.reason))
        if not plan.unmatched:
            self.unmatched.addItem(tr("Every elder considered has a proposal."))
        skipped = len(plan.skipped)
        self.skipped_label.setText(
            "" if not skipped else
            tr("1 waiting elder already has a pair in progress and was not considered.")
            if skipped == 1 else
            tr("{n} waiting elders already have a pair in progress and were not considered.")
            .format(n=skipped))
        self.skipped_label.setVisible(bool(skipped))
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        plan = self.plan
        if plan is None:
            return
        n = len(plan.pairs)
        considered = n + len(plan.unmatched)
        if n == 0:
            self.summary.setText(tr("No pair can be proposed now: no waiting elder has a "
                                    "compatible fosterer with room."))
        else:
            self.summary.setText(tr("{n} pairs proposed for {m} elders waiting. Accept the "
                                    "ones you agree with: each accepted pair is recorded as "
                                    "«proposed».").format(n=n, m=considered))
        done = sum(1 for st in self.states.values() if st == ACCEPTED)
        rejected = sum(1 for st in self.states.values() if st == REJECTED)
        total = tr("Total score: {total}").format(total=points_text(plan.total))
        if n:
            total += " · " + tr("average {avg}").format(avg=points_text(plan.total / n))
            total += " · " + tr("accepted {a}, rejected {r}, to decide {p}").format(
                a=done, r=rejected, p=n - done - rejected
                - sum(1 for st in self.states.values() if st == FAILED))
        self.total_label.setText(total)

    def _actions(self, k: int) -> QWidget:
        box = QWidget(self.tree)
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 1, 2, 1)
        row.setSpacing(4)
        accept = QPushButton(tr("Accept"), box)
        accept.setObjectName(f"accept_{k}")
        accept.setAutoDefault(False)
        accept.clicked.connect(lambda _c=False, i=k: self.accept_pair(i))
        reject = QPushButton(tr("Reject"), box)
        reject.setObjectName(f"reject_{k}")
        reject.setAutoDefault(False)
        reject.clicked.connect(lambda _c=False, i=k: self.toggle_reject(i))
        accept.setVisible(self.may_propose)
        row.addWidget(accept)
        row.addWidget(reject)
        box.accept_button = accept
        box.reject_button = reject
        return box

    def item_of(self, k: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(P_ELDER, Qt.ItemDataRole.UserRole) == k:
                return item
        return None

    def buttons_of(self, k: int) -> QWidget | None:
        item = self.item_of(k)
        return None if item is None else self.tree.itemWidget(item, P_ACTIONS)

    def _paint(self, k: int) -> None:
        item = self.item_of(k)
        if item is None:
            return
        state = self.states.get(k, PENDING)
        font = QFont(self.tree.font())
        font.setStrikeOut(state == REJECTED)
        color = {ACCEPTED: ACCEPTED_COLOR, REJECTED: REJECTED_COLOR,
                 FAILED: FAILED_COLOR}.get(state)
        for column in (P_ELDER, P_FOSTERER, P_STATE):
            item.setFont(column, font)
            item.setForeground(column, QBrush(color) if color is not None else QBrush())
        item.setText(P_STATE, {PENDING: "", ACCEPTED: tr("Proposed"),
                               REJECTED: tr("Rejected"), FAILED: tr("Not possible")}[state])
        item.setToolTip(P_STATE, self.problems.get(k, ""))
        buttons = self.tree.itemWidget(item, P_ACTIONS)
        if buttons is not None:
            buttons.accept_button.setEnabled(state in (PENDING, FAILED) and self.may_propose)
            buttons.reject_button.setEnabled(state in (PENDING, REJECTED, FAILED))
            buttons.reject_button.setText(tr("Restore") if state == REJECTED else tr("Reject"))
            buttons.setVisible(state != ACCEPTED)

    def _update_buttons(self) -> None:
        pending = [k for k, st in self.states.items() if st == PENDING]
        self.accept_all_button.setEnabled(bool(pending) and self.may_propose)

    # --- decisions ---

    def pending(self) -> list[int]:
        return [k for k, st in sorted(self.states.items()) if st == PENDING]

    def toggle_reject(self, k: int) -> None:
        """Reject a pair (struck out, nothing recorded), or take a rejection back."""
        state = self.states.get(k)
        if state in (PENDING, FAILED):
            self.states[k] = REJECTED
        elif state == REJECTED:
            self.states[k] = PENDING
        self._paint(k)
        self._update_summary()
        self._update_buttons()

    def accept_pair(self, k: int, *, quiet: bool = False) -> bool:
        """Record the pair as a proposed match now."""
        if self.plan is None or self.states.get(k) not in (PENDING, FAILED):
            return False
        pair = self.plan.pairs[k]
        score = round(max(0.0, min(100.0, float(pair.score))), 1)
        ok, result = run_op(
            self, self.ctx,
            lambda s: matches.propose_match(s, self.ctx.actor, pair.elder_id, pair.fosterer_id,
                                            {"proposal_score": score}),
            changes=() if quiet else AREAS, title=tr("Proposal not recorded"), quiet=quiet)
        if ok:
            self.states[k] = ACCEPTED
            self.proposed[k] = int(result)
            self.problems.pop(k, None)
        else:
            self.states[k] = FAILED
            self.problems[k] = getattr(result, "message", "")
        self._paint(k)
        self._update_summary()
        self._update_buttons()
        return ok

    def accept_all(self, *, ask: bool = True) -> int:
        """Propose every pair not decided yet; returns how many were recorded."""
        pending = self.pending()
        if not pending:
            return 0
        if ask and not confirm(self, tr("Accept all remaining"),
                               tr("Record the {n} pairs still to decide as proposed?").format(
                                   n=len(pending)), tr("Accept all")):
            return 0
        done = sum(1 for k in pending if self.accept_pair(k, quiet=True))
        self.ctx.notify(AREAS)
        failed = [k for k in pending if self.states[k] == FAILED]
        if failed:
            lines = [f"{self.plan.pairs[k].elder_name} – {self.plan.pairs[k].fosterer_name}: "
                     f"{self.problems.get(k, '')}" for k in failed]
            show_error(self, tr("Some pairs were not recorded"),
                       tr("{done} pairs recorded; these could not be:").format(done=done)
                       + "\n" + "\n".join(lines))
        return done

    # --- closing ---

    def done(self, result: int) -> None:
        self.cancel()
        self.wait()
        super().done(result)

    def closeEvent(self, event) -> None:
        self.cancel()
        self.wait()
        super().closeEvent(event)



def _chip(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return QIcon(pixmap)
