"""Suggested fosterers for one waiting elder, best first, with why (the matching engine).

Each row has the compatibility score as a coloured bar (0–100), the fosterer's name and comune
and a stacked bar of the points each criterion gave; the panel on the right lists the criteria
of the selected fosterer with their Italian labels, points and explanation. "Show excluded
candidates" lists the approved fosterers who cannot be paired, with every reason. Two selected
fosterers can be compared side by side. "Propose…" records a proposed pair
(``matches.propose_match`` with the score), after a confirmation, and offers to open it.

The score bars and the stacked bar are shared with the plan (:mod:`affido_app.ui.views.plan`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.services import matches
from affido_app.ui.dialogs.form_dialog import confirm
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op

#: what a new proposal changes
AREAS = ("matches", "elders", "fosterers")

#: data roles of the painted columns
SCORE_ROLE = Qt.ItemDataRole.UserRole + 1
PARTS_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole

#: the criteria's colours, in the engine's order of the parts
PART_COLORS = ("#2f6f73", "#4e79a7", "#59a14f", "#d4a017", "#b07aa1", "#e07b39")
GOOD, FAIR, POOR = QColor("#2e7d32"), QColor("#b7791f"), QColor("#b3261e")
TRACK = QColor("#e6e9eb")

# columns of the candidates
C_SCORE, C_NAME, C_COMUNE, C_PARTS = range(4)
# columns of the excluded
X_NAME, X_COMUNE, X_REASONS = range(3)


# --- wording and painting shared with the plan -------------------------------------------------

def points_text(value: float | None) -> str:
    """72,5 — or 72 when there are no decimals."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def score_color(score: float) -> QColor:
    if score >= 65:
        return GOOD
    if score >= 40:
        return FAIR
    return POOR


def part_labels() -> dict[str, str]:
    """The engine's criteria in order, with their Italian labels."""
    from affido_app.matching.weights import PART_LABELS, PARTS

    return {name: PART_LABELS.get(name, name) for name in PARTS}


def part_color(name: str) -> QColor:
    names = list(part_labels())
    index = names.index(name) if name in names else len(names)
    return QColor(PART_COLORS[index % len(PART_COLORS)])


def parts_tooltip(parts: Mapping[str, float], shares: Mapping[str, float] | None = None) -> str:
    lines = []
    for name, label in part_labels().items():
        if name not in parts:
            continue
        line = f"{label}: {points_text(parts[name])}"
        if shares and name in shares:
            line += f" / {points_text(shares[name])}"
        lines.append(line)
    return "\n".join(lines)


def paint_score_bar(painter: QPainter, rect: QRect, score: float, *,
                    text_color: QColor | None = None) -> None:
    """A horizontal bar filled to ``score`` (0–100) in its colour, the number on the right."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    number_width = painter.fontMetrics().horizontalAdvance("100,0") + 6
    bar = QRect(rect.left() + 4, rect.center().y() - 5, max(10, rect.width() - number_width - 8),
                10)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TRACK)
    painter.drawRoundedRect(bar, 4, 4)
    filled = QRect(bar)
    filled.setWidth(max(0, round(bar.width() * max(0.0, min(100.0, score)) / 100)))
    painter.setBrush(score_color(score))
    if filled.width() > 0:
        painter.drawRoundedRect(filled, 4, 4)
    painter.setPen(QPen(text_color or score_color(score)))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    text_rect = QRect(bar.right() + 4, rect.top(), number_width, rect.height())
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     points_text(score))
    painter.restore()


def paint_parts_bar(painter: QPainter, rect: QRect, parts: Mapping[str, float]) -> None:
    """The points of each criterion as adjacent segments on a 0–100 track."""
    painter.save()
    bar = QRect(rect.left() + 4, rect.center().y() - 5, max(10, rect.width() - 8), 10)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TRACK)
    painter.drawRect(bar)
    x = float(bar.left())
    for name in part_labels():
        width = bar.width() * max(0.0, float(parts.get(name, 0.0))) / 100
        if width <= 0:
            continue
        painter.setBrush(part_color(name))
        painter.drawRect(QRect(round(x), bar.top(), max(1, round(x + width) - round(x)),
                               bar.height()))
        x += width
    painter.restore()


class BarDelegate(QStyledItemDelegate):
    """Paints the score (``SCORE_ROLE``) or the parts (``PARTS_ROLE``) of a cell as a bar."""

    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(SCORE_ROLE if self.kind == "score" else PARTS_ROLE)
        if value is None:  # a row without a bar (a tree's child): painted as usual
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        if self.kind == "score":
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            color = (option.palette.color(QPalette.ColorRole.HighlightedText)
                     if selected else None)
            paint_score_bar(painter, option.rect, float(value), text_color=color)
        elif value:
            paint_parts_bar(painter, option.rect, value)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(170 if self.kind == "score" else 150, 26)


class PartsBar(QWidget):
    """A small stacked bar of the points of each criterion (for panels, not tables)."""

    def __init__(self, parts: Mapping[str, float], parent=None):
        super().__init__(parent)
        self.parts = dict(parts)
        self.setMinimumSize(120, 16)
        self.setToolTip(parts_tooltip(self.parts))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        paint_parts_bar(painter, self.rect(), self.parts)
        painter.end()


class ScoreBar(QWidget):
    def __init__(self, score: float, parent=None):
        super().__init__(parent)
        self.score = float(score)
        self.setMinimumSize(150, 18)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        paint_score_bar(painter, self.rect(), self.score)
        painter.end()


def breakdown_widget(parts: Mapping[str, float], explanations: Mapping[str, str],
                     shares: Mapping[str, float] | None, parent: QWidget | None = None
                     ) -> QWidget:
    """Each criterion: a colour chip, its label, the points (out of its share) and why."""
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(8)
    grid.setVerticalSpacing(2)
    grid.setColumnStretch(1, 1)
    for i, (name, label) in enumerate(part_labels().items()):
        row = 2 * i
        chip = QLabel(box)
        chip.setFixedSize(12, 12)
        chip.setStyleSheet(f"background: {part_color(name).name()}; border-radius: 2px;")
        title = QLabel(label, box)
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        points = points_text(parts.get(name, 0.0))
        if shares and name in shares:
            points = tr("{points} of {share}").format(points=points,
                                                      share=points_text(shares[name]))
        points_label = QLabel(points, box)
        points_label.setObjectName(f"points_{name}")
        points_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        why = QLabel(explanations.get(name, ""), box)
        why.setObjectName(f"why_{name}")
        why.setWordWrap(True)
        why.setTextFormat(Qt.TextFormat.PlainText)
        why.setStyleSheet("color: #3c474e;")
        why.setContentsMargins(0, 0, 0, 8)
        grid.addWidget(chip, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(title, row, 1)
        grid.addWidget(points_label, row, 2)
        grid.addWidget(why, row + 1, 1, 1, 2)
    return box


def _table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


# --- the dialog ---------------------------------------------------------------------------------

class SuggestionsDialog(QDialog):
    """``SuggestionsDialog.for_elder(parent, ctx, elder_id)`` → the id of the pair proposed
    (None when nothing was proposed)."""

    def __init__(self, parent: QWidget | None, ctx, elder_id: int, suggestions: Any):
        super().__init__(parent)
        self.ctx = ctx
        self.elder_id = elder_id
        self.suggestions = suggestions
        self.candidates = list(suggestions.candidates)
        self.excluded = list(suggestions.excluded)
        self.shares = suggestions.weights.shares() if suggestions.weights is not None else {}
        self.proposed_match_id: int | None = None
        self.may_propose = ctx.can(Action.CREATE, Resource.MATCH)
        self.setObjectName("suggestionsDialog")
        self.setWindowTitle(tr("Suggestions – {name}").format(name=suggestions.elder_name))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.intro = QLabel(self)
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.notes = QLabel("\n".join(suggestions.notes), self)
        self.notes.setObjectName("engineNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("QLabel#engineNotes { color: #6d4c00; background: #fff8e1; "
                                 "border: 1px solid #ffe082; border-radius: 3px; padding: 6px; }")
        self.notes.setVisible(bool(suggestions.notes))

        self.table = _table(self, [tr("Score"), tr("Fosterer"), tr("Town"),
                                   tr("Points by criterion")], "candidates")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setItemDelegateForColumn(C_SCORE, BarDelegate("score", self.table))
        self.table.setItemDelegateForColumn(C_PARTS, BarDelegate("parts", self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(C_SCORE, 180)
        header.resizeSection(C_NAME, 210)
        header.resizeSection(C_COMUNE, 140)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.propose())
        self.empty = QLabel(tr("No approved fosterer with room is compatible with this elder. "
                               "Look at the excluded candidates to see why."), self)
        self.empty.setObjectName("emptyNote")
        self.empty.setWordWrap(True)

        self.legend = self._legend()
        self.detail = QScrollArea(self)
        self.detail.setObjectName("detail")
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setMinimumWidth(340)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.excluded_toggle = QCheckBox(tr("Show excluded candidates ({n})").format(
            n=len(self.excluded)), self)
        self.excluded_toggle.setObjectName("showExcluded")
        self.excluded_toggle.toggled.connect(self._toggle_excluded)
        self.excluded_box = QGroupBox(tr("Excluded candidates"), self)
        self.excluded_table = _table(self.excluded_box, [tr("Fosterer"), tr("Town"),
                                                         tr("Why not")], "excluded")
        self.excluded_table.setWordWrap(True)
        xh = self.excluded_table.horizontalHeader()
        xh.setSectionResizeMode(X_NAME, QHeaderView.ResizeMode.ResizeToContents)
        xh.setSectionResizeMode(X_COMUNE, QHeaderView.ResizeMode.ResizeToContents)
        xh.setSectionResizeMode(X_REASONS, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.excluded_box).addWidget(self.excluded_table)
        self.excluded_box.hide()

        self.more_button = QPushButton(self)
        self.more_button.setObjectName("showAll")
        self.more_button.setAutoDefault(False)
        self.more_button.clicked.connect(lambda: self.show_all())
        self.compare_button = QPushButton(tr("Compare"), self)
        self.compare_button.setObjectName("compare")
        self.compare_button.setAutoDefault(False)
        self.compare_button.setToolTip(tr("Select two fosterers to compare them side by side"))
        self.compare_button.clicked.connect(lambda: self.compare())
        self.propose_button = QPushButton(tr("Propose…"), self)
        self.propose_button.setObjectName("propose")
        self.propose_button.setAutoDefault(False)
        self.propose_button.clicked.connect(lambda: self.propose())
        self.propose_button.setVisible(self.may_propose)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.legend)
        right = QGroupBox(tr("Why this score"), self)
        QVBoxLayout(right).addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.excluded_toggle)
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.notes)
        layout.addWidget(splitter, 3)
        layout.addWidget(self.excluded_box, 2)
        layout.addLayout(buttons)
        self.resize(1100, 680)
        self.fill()

    # --- entry point ---

    @classmethod
    def for_elder(cls, parent: QWidget | None, ctx, elder_id: int, *, exec: bool = True,
                  top: int = 10):
        """The suggestions for a waiting elder. Returns the id of the pair proposed (None when
        none was; also when the suggestions cannot be computed: the message has been shown).
        ``exec=False``: the dialog, not shown."""
        suggestions = cls.compute(parent, ctx, elder_id, top=top)
        if suggestions is None:
            return None
        dialog = cls(parent, ctx, elder_id, suggestions)
        if not exec:
            return dialog
        dialog.exec()
        return dialog.proposed_match_id

    @staticmethod
    def compute(parent: QWidget | None, ctx, elder_id: int, *, top: int = 10):
        """engine.suggest in a committed unit of work (a reason drawn from health data is an
        audited read); None after showing the message when it fails."""
        from affido_app.matching import engine

        ok, result = run_op(parent, ctx, lambda s: engine.suggest(s, ctx.actor, elder_id,
                                                                  top=top),
                            title=tr("Suggestions not available"))
        return result if ok else None

    # --- filling ---

    def fill(self) -> None:
        s = self.suggestions
        shown = len(self.candidates)
        if s.feasible_count == 0:
            text = tr("{name}: no compatible fosterer at the moment.")
        elif shown < s.feasible_count:
            text = tr("{name}: {n} compatible fosterers; the best {shown} are listed, best "
                      "first.")
        elif s.feasible_count == 1:
            text = tr("{name}: 1 compatible fosterer.")
        else:
            text = tr("{name}: {n} compatible fosterers, best first.")
        self.intro.setText(text.format(name=s.elder_name, n=s.feasible_count, shown=shown))
        self.table.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            score = QTableWidgetItem()
            score.setData(SCORE_ROLE, float(c.score))
            score.setData(ID_ROLE, int(c.fosterer_id))
            score.setToolTip(tr("Compatibility {score} out of 100").format(
                score=points_text(c.score)))
            name = QTableWidgetItem(c.name)
            comune = QTableWidgetItem(c.comune or "")
            parts = QTableWidgetItem()
            parts.setData(PARTS_ROLE, dict(c.parts))
            parts.setToolTip(parts_tooltip(c.parts, self.shares))
            for col, item in ((C_SCORE, score), (C_NAME, name), (C_COMUNE, comune),
                              (C_PARTS, parts)):
                self.table.setItem(r, col, item)
        self.empty.setVisible(not self.candidates)
        self.table.setVisible(bool(self.candidates))
        self.legend.setVisible(bool(self.candidates))
        self.excluded_table.setRowCount(len(self.excluded))
        for r, x in enumerate(self.excluded):
            self.excluded_table.setItem(r, X_NAME, QTableWidgetItem(x.name))
            self.excluded_table.setItem(r, X_COMUNE, QTableWidgetItem(x.comune or ""))
            reasons = QTableWidgetItem("; ".join(x.reasons))
            reasons.setToolTip("\n".join(x.reasons))
            self.excluded_table.setItem(r, X_REASONS, reasons)
        self.excluded_table.resizeRowsToContents()
        self.excluded_toggle.setText(tr("Show excluded candidates ({n})").format(
            n=len(self.excluded)))
        self.excluded_toggle.setEnabled(bool(self.excluded))
        more = s.feasible_count - shown
        self.more_button.setText(tr("Show all {n}").format(n=s.feasible_count))
        self.more_button.setVisible(more > 0)
        if self.candidates:
            self.table.selectRow(0)
        self._selection_changed()

    def _legend(self) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(6)
        for name, label in part_labels().items():
            chip = QLabel(box)
            chip.setFixedSize(10, 10)
            chip.setStyleSheet(f"background: {part_color(name).name()}; border-radius: 2px;")
            row.addWidget(chip)
            text = QLabel(label, box)
            text.setStyleSheet("color: #4a555c;")
            row.addWidget(text)
            row.addSpacing(6)
        row.addStretch(1)
        return box

    # --- selection ---

    def selected(self) -> list[Any]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.candidates[r] for r in rows if 0 <= r < len(self.candidates)]

    def select(self, *rows: int) -> None:
        """Select the candidates in ``rows`` (0 = the best)."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r in rows:
            self.table.selectRow(r)
        self.table.setSelectionMode(mode)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.compare_button.setEnabled(len(chosen) == 2)
        self.propose_button.setEnabled(len(chosen) == 1 and self.may_propose)
        self._show_detail(chosen[0] if len(chosen) == 1 else None, len(chosen))

    def _show_detail(self, candidate: Any, count: int) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(4, 4, 4, 4)
        if candidate is None:
            text = (tr("Two fosterers selected: press Compare to see them side by side.")
                    if count == 2 else tr("Select a fosterer to see the points of each "
                                          "criterion."))
            note = QLabel(text, page)
            note.setObjectName("emptyNote")
            note.setWordWrap(True)
            box.addWidget(note)
        else:
            title = QLabel(candidate.name + (f" — {candidate.comune}" if candidate.comune
                                             else ""), page)
            title.setObjectName("detailName")
            font = QFont(title.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            title.setFont(font)
            title.setWordWrap(True)
            box.addWidget(title)
            box.addWidget(ScoreBar(candidate.score, page))
            box.addWidget(breakdown_widget(candidate.parts, candidate.explanations,
                                           self.shares, page))
        box.addStretch(1)
        self.detail.setWidget(page)

    def _toggle_excluded(self, shown: bool) -> None:
        self.excluded_box.setVisible(shown)
        if shown:
            self.excluded_table.resizeRowsToContents()

    # --- actions ---

    def show_all(self) -> None:
        """Every compatible fosterer, not only the best ten."""
        fresh = self.compute(self, self.ctx, self.elder_id, top=0)
        if fresh is None:
            return
        self.suggestions = fresh
        self.candidates = list(fresh.candidates)
        self.excluded = list(fresh.excluded)
        self.fill()

    def compare(self, *, exec: bool = True):
        """The two selected fosterers side by side (``exec=False``: the dialog, not shown;
        None unless exactly two are selected)."""
        chosen = self.selected()
        if len(chosen) != 2:
            return None
        return CompareDialog.show_pair(self, self.suggestions.elder_name, chosen[0],
                                       chosen[1], self.shares, exec=exec)

    def propose(self) -> int | None:
        """Propose the selected fosterer: confirm, record, offer to open the pair."""
        chosen = self.selected()
        if len(chosen) != 1 or not self.may_propose:
            return None
        c = chosen[0]
        elder = self.suggestions.elder_name
        if not confirm(self, tr("Propose the pair"),
                       tr("Propose {fosterer} to {elder} (compatibility {score})?\nThe pair "
                          "starts as «proposed»: the introduction meetings come next.").format(
                           fosterer=c.name, elder=elder, score=points_text(c.score)),
                       tr("Propose")):
            return None
        score = round(max(0.0, min(100.0, float(c.score))), 1)
        ok, result = run_op(
            self, self.ctx,
            lambda s: matches.propose_match(s, self.ctx.actor, self.elder_id, c.fosterer_id,
                                            {"proposal_score": score}),
            changes=AREAS, title=tr("Proposal not recorded"))
        if not ok:
            return None
        self.proposed_match_id = int(result)
        opening = self.ctx.can(Action.READ, Resource.MATCH) and _ask_open(self, elder, c.name)
        self.accept()
        if opening:
            self.ctx.open_record.emit("match", self.proposed_match_id)
        return self.proposed_match_id


def _ask_open(parent: QWidget, elder: str, fosterer: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Information, tr("Proposal recorded"),
                      tr("The pair {elder} – {fosterer} has been proposed.").format(
                          elder=elder, fosterer=fosterer),
                      QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, parent)
    box.setInformativeText(tr("Open the pair's page now?"))
    box.button(QMessageBox.StandardButton.Open).setText(tr("Open the pair"))
    box.button(QMessageBox.StandardButton.Close).setText(tr("Not now"))
    box.setDefaultButton(QMessageBox.StandardButton.Open)
    return box.exec() == QMessageBox.StandardButton.Open


class CompareDialog(QDialog):
    """Two candidates side by side: the score, then each criterion's points and why."""

    def __init__(self, parent: QWidget | None, elder_name: str, a: Any, b: Any,
                 shares: Mapping[str, float] | None):
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(tr("Compare – {name}").format(name=elder_name))
        self.table = _table(self, [tr("Criterion"), a.name, b.name], "comparison")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        header_h = self.table.horizontalHeader()
        header_h.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        labels = part_labels()
        self.table.setRowCount(2 + len(labels))
        bold = QFont(self.table.font())
        bold.setBold(True)

        def put(row: int, col: int, text: str, *, color: QColor | None = None,
                strong: bool = False) -> None:
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if color is not None:
                item.setForeground(color)
            if strong:
                item.setFont(bold)
            self.table.setItem(row, col, item)

        put(0, 0, tr("Compatibility"), strong=True)
        put(1, 0, tr("Town"), strong=True)
        for col, c in ((1, a), (2, b)):
            put(0, col, tr("{score} out of 100").format(score=points_text(c.score)),
                color=score_color(c.score), strong=True)
            put(1, col, c.comune or "")
        for row, (name, label) in enumerate(labels.items(), start=2):
            put(row, 0, label, strong=True)
            best = max(a.parts.get(name, 0.0), b.parts.get(name, 0.0))
            for col, c in ((1, a), (2, b)):
                points = c.parts.get(name, 0.0)
                share = (shares or {}).get(name)
                head = (tr("{points} of {share}").format(points=points_text(points),
                                                         share=points_text(share))
                        if share is not None else points_text(points))
                put(row, col, f"{head}\n{c.explanations.get(name, '')}",
                    strong=points == best and a.parts.get(name) != b.parts.get(name))
        self.table.resizeRowsToContents()
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("The higher points of each criterion are in bold."), self))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.resize(900, 560)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    @classmethod
    def show_pair(cls, parent: QWidget | None, elder_name: str, a: Any, b: Any,
                  shares: Mapping[str, float] | None, *, exec: bool = True):
        dialog = cls(parent, elder_name, a, b, shares)
        if not exec:
            return dialog
        dialog.exec()
        return dialog

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

