"""The dashboard's "Supervisione" box: pairs overdue for supervision and open risk flags.

Overdue pairs first (the ten most overdue: "elder – fosterer, overdue by N days"), then the open
risk flags (the ten oldest), under a count line ("12 coppie da supervisionare, 3 segnalazioni di
rischio aperte"). An overdue pair opens the elder's record (``ctx.open_record``); a risk opens
the pair note that flagged it. The box refreshes itself when supervision or matches change.

The helpers that word a pair's due date (:func:`due_status`) are shared with the Supervision
section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.permissions import Action, Resource
from affido_app.errors import AffidoError
from affido_app.services import supervision as supervision_service
from affido_app.ui.i18n import tr
from affido_app.ui.style import ACCENT
from affido_app.ui.widgets.format import italian_date

#: what the panel and the Supervision section refresh on
AREAS = frozenset({"supervision", "matches", "elders", "fosterers"})
#: items listed in each of the panel's lists
TOP = 10
#: a pair due within this many days is "due soon"; later it is "OK"
DUE_SOON_DAYS = 7

OVERDUE_COLOR = QColor("#b3261e")
SOON_COLOR = QColor("#8a5a00")
OK_COLOR = QColor("#2e7d32")
RISK_COLOR = QColor("#9a3412")

_ROLE = Qt.ItemDataRole.UserRole


# --- shared wording -----------------------------------------------------------------------------

def pair_name(row: Mapping[str, Any]) -> str:
    """"Rossi Maria – Bianchi Luca" (elder – fosterer)."""
    return f"{row.get('elder_name') or ''} – {row.get('fosterer_name') or ''}"


def overdue_text(days: int) -> str:
    if days == 1:
        return tr("Overdue by 1 day")
    return tr("Overdue by {n} days").format(n=days)


def due_status(row: Mapping[str, Any]) -> tuple[str, str]:
    """(text, state) of a pair of :func:`supervision_overview`; state is "overdue", "today",
    "soon", "ok" or "unknown"."""
    if row.get("due_date") is None:
        return tr("No start date"), "unknown"
    days = int(row.get("days_overdue") or 0)
    if days > 0:
        return overdue_text(days), "overdue"
    if days == 0:
        return tr("Due today"), "today"
    left = -days
    if left <= DUE_SOON_DAYS:
        if left == 1:
            return tr("Due tomorrow"), "soon"
        return tr("Due in {n} days").format(n=left), "soon"
    return tr("Up to date"), "ok"


def state_color(state: str) -> QColor | None:
    return {"overdue": OVERDUE_COLOR, "today": OVERDUE_COLOR, "soon": SOON_COLOR,
            "ok": OK_COLOR}.get(state)


def frequency_text(days: int | None) -> str:
    if not days:
        return ""
    return tr("every {n} days").format(n=days)


def last_supervised_text(day: dt.date | None) -> str:
    return italian_date(day) if day is not None else tr("never")


def risk_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def overdue_icon(size: int = 16) -> QIcon:
    """A red disc with a white exclamation mark."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(OVERDUE_COLOR)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.75))
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def overdue_item_text(row: Mapping[str, Any]) -> str:
    """"Rossi Maria – Bianchi Luca: overdue by 12 days"."""
    days, pair = int(row["days_overdue"]), pair_name(row)
    if days <= 0:
        return tr("{pair}: due today").format(pair=pair)
    if days == 1:
        return tr("{pair}: overdue by 1 day").format(pair=pair)
    return tr("{pair}: overdue by {n} days").format(pair=pair, n=days)


def pairs_to_supervise_text(n: int) -> str:
    if n == 0:
        return tr("No pair to supervise")
    if n == 1:
        return tr("1 pair to supervise")
    return tr("{n} pairs to supervise").format(n=n)


def open_risks_text(n: int) -> str:
    if n == 0:
        return tr("no open risk flag")
    if n == 1:
        return tr("1 open risk flag")
    return tr("{n} open risk flags").format(n=n)


# --- the panel ----------------------------------------------------------------------------------

class SupervisionPanel(QGroupBox):
    """The "Supervisione" box of the dashboard. ``refresh()`` reads it again.

    Signals: ``show_all()`` — the user asked for the whole list (the Supervision section).
    """

    show_all = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(tr("Supervision"), parent)
        self.ctx = ctx
        self.setObjectName("supervisionPanel")
        self.overdue_rows: list[dict] = []
        self.risk_rows: list[dict] = []

        self.count_label = QLabel(self)
        self.count_label.setObjectName("supervisionCount")
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("QLabel#supervisionCount { font-weight: 600; }")

        self.overdue_title = self._heading(tr("Pairs overdue for supervision"))
        self.overdue_list = self._list("overdueList")
        self.overdue_empty = self._empty(tr("Every running pair has been supervised on time."))
        self.risk_title = self._heading(tr("Open risk flags"))
        self.risk_list = self._list("riskList")
        self.risk_empty = self._empty(tr("No risk flag is open."))
        self.overdue_list.setToolTip(tr("Double-click or press Enter to open the elder's "
                                        "record"))
        self.risk_list.setToolTip(tr("Double-click or press Enter to open the note that "
                                     "flagged the risk"))
        self.all_button = QPushButton(tr("Show every running pair"), self)
        self.all_button.setObjectName("showAllSupervision")
        self.all_button.setFlat(True)
        self.all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.all_button.setStyleSheet(f"text-align: left; padding: 2px 4px; color: {ACCENT}; "
                                      "text-decoration: underline;")
        self.all_button.clicked.connect(self.show_all)

        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.overdue_title)
        layout.addWidget(self.overdue_list)
        layout.addWidget(self.overdue_empty)
        layout.addWidget(self.risk_title)
        layout.addWidget(self.risk_list)
        layout.addWidget(self.risk_empty)
        layout.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        self.overdue_list.itemActivated.connect(self._open_overdue)
        self.risk_list.itemActivated.connect(self._open_risk)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("panelHeading")
        label.setStyleSheet("QLabel#panelHeading { color: #5b6770; padding-top: 6px; }")
        return label

    def _list(self, name: str) -> QListWidget:
        lst = QListWidget(self)
        lst.setObjectName(name)
        lst.setIconSize(QSize(16, 16))
        lst.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lst.customContextMenuRequested.connect(lambda pos, w=lst: self._context_menu(w, pos))
        return lst

    def _empty(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("emptyNote")
        label.setWordWrap(True)
        label.hide()
        return label

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        if not self.ctx.can(Action.READ, Resource.SUPERVISION):
            self.hide()
            return
        try:
            with self.ctx.sessions() as s:
                overview = supervision_service.supervision_overview(s, self.ctx.actor)
                risks = supervision_service.open_risks(s, self.ctx.actor)
        except AffidoError:
            self.hide()
            return
        due = [r for r in overview if r["due_date"] is not None and r["days_overdue"] >= 0]
        due.sort(key=lambda r: (-r["days_overdue"], r["elder_name"].lower()))
        self.overdue_rows = due
        self.risk_rows = risks
        self.count_label.setText(tr("{pairs}, {risks}").format(
            pairs=pairs_to_supervise_text(len(due)), risks=open_risks_text(len(risks))))
        self.overdue_list.clear()
        icon = overdue_icon()
        for row in due[:TOP]:
            item = QListWidgetItem(icon, overdue_item_text(row))
            item.setData(_ROLE, row)
            item.setForeground(QBrush(OVERDUE_COLOR))
            item.setToolTip(tr("Last supervised: {last} · every {n} days").format(
                last=last_supervised_text(row["last_supervised"]), n=row["every_days"]))
            self.overdue_list.addItem(item)
        if len(due) > TOP:
            self._more(self.overdue_list, len(due) - TOP)
        self.risk_list.clear()
        warning = risk_icon()
        for row in risks[:TOP]:
            item = QListWidgetItem(warning, tr("{pair}: risk flagged on {date}").format(
                pair=pair_name(row), date=italian_date(row["session_date"])))
            item.setData(_ROLE, row)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setForeground(QBrush(RISK_COLOR))
            self.risk_list.addItem(item)
        if len(risks) > TOP:
            self._more(self.risk_list, len(risks) - TOP)
        self._fit(self.overdue_list, self.overdue_empty)
        self._fit(self.risk_list, self.risk_empty)
        self.show()

    def _more(self, lst: QListWidget, n: int) -> None:
        item = QListWidgetItem(tr("… and {n} more").format(n=n))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(QBrush(QColor("#5b6770")))
        lst.addItem(item)

    @staticmethod
    def _fit(lst: QListWidget, empty: QLabel) -> None:
        """As tall as its items (up to ten), hidden when empty."""
        rows = lst.count()
        lst.setVisible(bool(rows))
        empty.setVisible(not rows)
        if rows:
            height = lst.sizeHintForRow(0) * min(rows, TOP + 1) + 2 * lst.frameWidth() + 4
            lst.setFixedHeight(max(height, 40))

    # --- opening ---

    def _row(self, item: QListWidgetItem | None) -> dict | None:
        if item is None:
            return None
        row = item.data(_ROLE)
        return row if isinstance(row, dict) else None

    def _open_overdue(self, item: QListWidgetItem) -> None:
        row = self._row(item)
        if row is not None:
            self.open_person("elder", row)

    def _open_risk(self, item: QListWidgetItem) -> None:
        row = self._row(item)
        if row is not None:
            self.open_note(row)

    def open_person(self, kind: str, row: Mapping[str, Any]) -> None:
        """Ask the main window to open the elder's or the fosterer's record of a pair."""
        key = f"{kind}_id"
        if row.get(key) is not None:
            self.ctx.open_record.emit(kind, int(row[key]))

    def open_note(self, row: Mapping[str, Any], *, exec: bool = True):
        """The pair note that flagged a risk (where it can be closed)."""
        from affido_app.ui.dialogs.pair_note_dialog import PairNoteDialog

        return PairNoteDialog.open_note(self.window(), self.ctx, row["session_id"], row["id"],
                                        exec=exec)

    def _context_menu(self, lst: QListWidget, pos: QPoint) -> None:
        row = self._row(lst.itemAt(pos))
        if row is None:
            return
        menu = QMenu(self)
        if lst is self.risk_list:
            menu.addAction(tr("Open the note…"), lambda: self.open_note(row))
        if self.ctx.can(Action.READ, Resource.ELDER):
            menu.addAction(tr("Open the elder's record"), lambda: self.open_person("elder", row))
        if self.ctx.can(Action.READ, Resource.FOSTERER):
            menu.addAction(tr("Open the fosterer's record"),
                           lambda: self.open_person("fosterer", row))
        menu.exec(lst.viewport().mapToGlobal(pos))
