"""Cruscotto: the coordinator's first screen. Every item opens what it counts."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services import dashboard
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.format import italian_date

AREAS = {"elders", "fosterers", "matches"}


class DashboardView(QWidget):
    #: the registry of this kind, filtered on this status code
    show_status = Signal(str, str)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboard")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        title = QLabel(tr("Dashboard"))
        title.setObjectName("pageTitle")
        grid = QGridLayout()
        grid.setSpacing(16)
        self.elder_counts = self._counts_box(tr("Elders by status"), PersonKind.ELDER)
        self.fosterer_counts = self._counts_box(tr("Fosterers by status"), PersonKind.FOSTERER)
        self.waiting = self._list_box(tr("Elders waiting longest for a match"))
        self.selection = self._list_box(tr("Fosterers in selection"))
        grid.addWidget(self.elder_counts[0], 0, 0)
        grid.addWidget(self.fosterer_counts[0], 0, 1)
        grid.addWidget(self.waiting[0], 1, 0)
        grid.addWidget(self.selection[0], 1, 1)
        self.supervision = None
        if ctx.can(Action.READ, Resource.SUPERVISION):
            from affido_app.ui.widgets.supervision_panel import SupervisionPanel

            self.supervision = SupervisionPanel(ctx)
            grid.addWidget(self.supervision, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        from affido_app.ui.backup_schedule import BackupWarning

        self.backup_warning = BackupWarning(ctx)  # the last good copy is too old, or none
        layout.addWidget(self.backup_warning)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.waiting[1].itemActivated.connect(lambda item: self._open("elder", item))
        self.selection[1].itemActivated.connect(lambda item: self._open("fosterer", item))
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # --- building blocks ---

    def _counts_box(self, title: str, kind: PersonKind):
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        return box, grid, kind

    def _list_box(self, title: str):
        box = QGroupBox(title)
        lst = QListWidget()
        lst.setObjectName("dashboardList")
        lst.setMinimumHeight(150)
        lst.setToolTip(tr("Double-click or press Enter to open the record"))
        empty = QLabel()
        empty.setWordWrap(True)
        empty.setObjectName("emptyNote")
        v = QVBoxLayout(box)
        v.addWidget(lst)
        v.addWidget(empty)
        return box, lst, empty

    # --- data ---

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        with self.ctx.sessions() as s:
            data = {}
            if self.ctx.can(Action.READ, Resource.ELDER):
                data["elders"] = dashboard.status_counts(s, self.ctx.actor, PersonKind.ELDER)
                data["waiting"] = dashboard.longest_waiting(s, self.ctx.actor)
            if self.ctx.can(Action.READ, Resource.FOSTERER):
                data["fosterers"] = dashboard.status_counts(s, self.ctx.actor,
                                                            PersonKind.FOSTERER)
                data["selection"] = dashboard.fosterers_in_selection(s, self.ctx.actor)
        self._fill_counts(self.elder_counts, data.get("elders", {}))
        self._fill_counts(self.fosterer_counts, data.get("fosterers", {}))
        locale = QLocale()
        self._fill_list(self.waiting, [
            (w["id"], tr("{name} — {comune} — waiting since {date} ({days} days)").format(
                name=w["name"], comune=w["comune"] or "", date=italian_date(w["since"]),
                days=locale.toString(w["days"])))
            for w in data.get("waiting", [])
        ], tr("No elder is waiting for a match."))
        self._fill_list(self.selection, [
            (f["id"], tr("{name} — {stage} since {date} ({days} days)").format(
                name=f["name"], stage=f["status"].label.lower(), date=italian_date(f["since"]),
                days=locale.toString(f["days"])))
            for f in data.get("selection", [])
        ], tr("No fosterer is in selection."))

    def _fill_counts(self, block, counts: dict) -> None:
        box, grid, kind = block
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        locale = QLocale()
        total = 0
        for row, (status, n) in enumerate(counts.items()):
            total += n
            button = QPushButton(status.label)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("text-align: left; padding: 2px 4px;")
            button.setToolTip(tr("Show them in the list"))
            button.clicked.connect(
                lambda _=False, k=kind.value, st=status.value: self.show_status.emit(k, st))
            value = QLabel(locale.toString(n))
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(button, row, 0)
            grid.addWidget(value, row, 1)
        if counts:
            total_label = QLabel(tr("Total"))
            total_value = QLabel(locale.toString(total))
            total_value.setAlignment(Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter)
            font = total_label.font()
            font.setBold(True)
            total_label.setFont(font)
            total_value.setFont(font)
            grid.addWidget(total_label, len(counts), 0)
            grid.addWidget(total_value, len(counts), 1)
            grid.setRowStretch(len(counts) + 1, 1)
        box.setVisible(bool(counts))

    def _fill_list(self, block, rows: list[tuple[int, str]], empty_text: str) -> None:
        _box, lst, empty = block
        lst.clear()
        for person_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            lst.addItem(item)
        empty.setText(empty_text)
        empty.setVisible(not rows)
        lst.setVisible(bool(rows))

    def _open(self, kind: str, item: QListWidgetItem) -> None:
        self.ctx.open_record.emit(kind, int(item.data(Qt.ItemDataRole.UserRole)))
