"""Cruscotto: the coordinator's first screen. Every item opens what it counts.

Under the counts, three charts (services/dashboard_charts.py): pairs and people month by month,
the fosterers' selection funnel, supervision held on time. Their data is read after the window
is shown (it costs a few tens of milliseconds on the demo database) and again when the records
they count change; a click (or Enter) on a dot or a bar lists the records behind it, and a
double-click on a name opens that record.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
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
from affido_app.errors import AffidoError
from affido_app.services import dashboard
from affido_app.services import dashboard_charts as charts_service
from affido_app.ui.i18n import tr
from affido_app.ui.widgets.charts import PALETTE, BarChart, LineChart
from affido_app.ui.widgets.format import italian_date

AREAS = {"elders", "fosterers", "matches"}
#: what the charts count: they are read again when one of these changes
CHART_AREAS = frozenset({"elders", "fosterers", "matches", "supervision"})


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
        self._build_charts(grid, 1)  # the trends right under the counts: seen on opening
        grid.addWidget(self.waiting[0], 2, 0)
        grid.addWidget(self.selection[0], 2, 1)
        self.supervision = None
        if ctx.can(Action.READ, Resource.SUPERVISION):
            from affido_app.ui.widgets.supervision_panel import SupervisionPanel

            self.supervision = SupervisionPanel(ctx)
            grid.addWidget(self.supervision, 3, 0, 1, 2)
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

    def _build_charts(self, grid: QGridLayout, row: int) -> None:
        """The charts the user may read, side by side in one row of the grid."""
        number = QLocale().toString
        self.people_chart = self.funnel_chart = self.supervision_chart = None
        self.chart_boxes: dict[str, QGroupBox] = {}
        if any(self.ctx.can(Action.READ, r) for r in (Resource.MATCH, Resource.ELDER,
                                                       Resource.FOSTERER)):
            self.people_chart = LineChart(number=number)
            self._chart_box("people", tr("Pairs and people"),
                            self.people_chart, tr(
                                "In a month, who was so for at least a day: active pairs; "
                                "elders from referral to closing; approved fosterers (also "
                                "suspended)."))
        if self.ctx.can(Action.READ, Resource.FOSTERER):
            self.funnel_chart = BarChart(horizontal=True, number=number)
            self._chart_box("funnel", tr("Fosterer selection"),
                            self.funnel_chart, tr(
                                "Every candidate, by the furthest stage reached; paired: a "
                                "pair has started."))
        if self.ctx.can(Action.READ, Resource.SUPERVISION) and self.ctx.can(Action.READ,
                                                                              Resource.MATCH):
            self.supervision_chart = BarChart(number=number)
            self._chart_box("supervision", tr("Supervision on time"),
                            self.supervision_chart, tr(
                                "Active pairs, by their first meeting of the month against its "
                                "due date; missing: overdue with no meeting."))
        if self.chart_boxes:
            line = QHBoxLayout()
            line.setSpacing(16)
            for box in self.chart_boxes.values():
                line.addWidget(box, 1)
            grid.addLayout(line, row, 0, 1, 2)
        for chart in (self.people_chart, self.funnel_chart, self.supervision_chart):
            if chart is not None:
                chart.empty_text = tr("Loading…")
                chart.activated.connect(self.show_records)
        self._charts_stale = True

    def _chart_box(self, key: str, title: str, chart, note: str) -> None:
        box = QGroupBox(title)
        box.setObjectName(f"chart_{key}")
        box.setMinimumWidth(260)
        chart.setObjectName(f"{key}Chart")
        chart.setAccessibleName(title)
        chart.setToolTip(tr("Click a dot or a bar, or press Enter, to list the records"))
        label = QLabel(note)
        label.setWordWrap(True)
        label.setObjectName("chartNote")
        label.setStyleSheet("QLabel#chartNote { color: #5b6770; }")
        v = QVBoxLayout(box)
        v.addWidget(chart, 1)
        v.addWidget(label)
        self.chart_boxes[key] = box

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
        if CHART_AREAS & set(areas):
            self._charts_stale = True
            if self.isVisible():
                QTimer.singleShot(0, self._refresh_charts_if_stale)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._charts_stale:  # after the window is on screen: the first paint comes first
            QTimer.singleShot(0, self._refresh_charts_if_stale)

    def _refresh_charts_if_stale(self) -> None:
        if self._charts_stale and self.isVisible():
            self.refresh_charts()

    def refresh_charts(self, on: dt.date | None = None) -> None:
        """Read the charts' figures again (a few grouped queries per chart)."""
        self._charts_stale = False
        actor = self.ctx.actor
        try:
            with self.ctx.sessions() as s:
                people = (charts_service.people_over_time(s, actor, on=on)
                          if self.people_chart is not None else None)
                funnel = (charts_service.selection_funnel(s, actor)
                          if self.funnel_chart is not None else None)
                supervision = (charts_service.supervision_on_time(s, actor, on=on)
                               if self.supervision_chart is not None else None)
        except AffidoError:
            for box in self.chart_boxes.values():
                box.hide()
            return
        for box in self.chart_boxes.values():
            box.show()
        if people is not None:
            self._fill_people(people)
        if funnel is not None:
            self._fill_funnel(funnel)
        if supervision is not None:
            self._fill_supervision(supervision)

    def _fill_people(self, data) -> None:
        names = {"pairs": tr("Active pairs"), "elders": tr("Elders in the programme"),
                 "fosterers": tr("Approved fosterers")}
        colors = {"pairs": PALETTE["accent"], "elders": PALETTE["amber"],
                  "fosterers": PALETTE["accent_light"]}
        number = QLocale().toString
        series = []
        for sr in data.series:
            tips, keys = [], []
            for month, ids in zip(data.months, sr.ids, strict=True):
                title = tr("{what} — {month}").format(what=names[sr.key],
                                                     month=month_title(month))
                tips.append("\n".join((month_title(month), tr("{what}: {n}").format(
                    what=names[sr.key], n=number(len(ids))), click_hint())))
                keys.append((sr.kind, ids, title))
            series.append((names[sr.key], colors[sr.key], sr.counts, keys, tips))
        self.people_chart.empty_text = ""
        self.people_chart.set_data([month_label(m, i) for i, m in enumerate(data.months)],
                                   series)

    def _fill_funnel(self, data) -> None:
        number = QLocale().toString
        names = {"further": tr("Went further"), "current": tr("At this stage now"),
                 "stopped": tr("Stopped here")}
        special = {("approved", "current"): tr("Approved, waiting for a first pair"),
                   ("approved", "stopped"): tr("Ceased before a first pair"),
                   ("paired", "current"): tr("With a running pair now"),
                   ("paired", "stopped"): tr("No running pair now"),
                   ("application", "current"): tr("Application being examined")}
        segments = [(names[k], c) for k, c in (("further", PALETTE["accent"]),
                                               ("current", PALETTE["accent_light"]),
                                               ("stopped", PALETTE["grey"]))]
        values, keys, tips = [], [], []
        for stage in data.stages:
            values.append([len(stage.segments[k]) for k in charts_service.SEGMENTS])
            row_keys, row_tips = [], []
            for k in charts_service.SEGMENTS:
                ids = stage.segments[k]
                what = special.get((stage.key, k), names[k])
                row_keys.append(("fosterer", ids, tr("{stage}: {what}").format(
                    stage=stage.label, what=what.lower())))
                row_tips.append("\n".join((
                    tr("{stage}: {total} reached this stage").format(
                        stage=stage.label, total=number(stage.total)),
                    tr("{what}: {n}").format(what=what, n=number(len(ids))), click_hint())))
            keys.append(row_keys)
            tips.append(row_tips)
        self.funnel_chart.empty_text = tr("No fosterer has applied yet.")
        if not any(stage.total for stage in data.stages):
            self.funnel_chart.set_data([], segments, [], [], [])
            return
        self.funnel_chart.set_data([stage.label for stage in data.stages], segments, values,
                                   keys, tips)

    def _fill_supervision(self, data) -> None:
        number = QLocale().toString
        names = {"on_time": tr("Held on time"), "late": tr("Held late"),
                 "missing": tr("Missing")}
        colors = {"on_time": PALETTE["accent"], "late": PALETTE["amber"],
                  "missing": PALETTE["red"]}
        order = ("on_time", "late", "missing")
        values, keys, tips = [], [], []
        for m in data.months:
            ids = {k: getattr(m, k) for k in order}
            values.append([len(ids[k]) for k in order])
            keys.append([("match", ids[k], tr("{what} — {month}").format(
                what=names[k], month=month_title(m.month))) for k in order])
            tips.append(["\n".join((
                month_title(m.month),
                tr("{what}: {n} pairs").format(what=names[k], n=number(len(ids[k]))),
                tr("On time {on_time}, late {late}, missing {missing}").format(
                    on_time=number(len(ids["on_time"])), late=number(len(ids["late"])),
                    missing=number(len(ids["missing"]))),
                click_hint())) for k in order])
        self.supervision_chart.empty_text = ""
        self.supervision_chart.set_data(
            [month_label(m.month, i) for i, m in enumerate(data.months)],
            [(names[k], colors[k]) for k in order], values, keys, tips)

    def show_records(self, key, *, show: bool = True):
        """The records behind a dot or a bar: ``key`` is ``(kind, ids, title)``."""
        kind, ids, title = key
        return ChartRecordsDialog.open_list(self.window(), self.ctx, kind, ids, title,
                                            show=show)

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


def click_hint() -> str:
    return tr("Click or press Enter to list them")


# --- months and the records dialog --------------------------------------------------------------

def month_label(month, index: int) -> str:
    """"gen", with the year under it for the first month shown and for January."""
    name = QLocale().standaloneMonthName(month.start.month, QLocale.FormatType.ShortFormat)
    return f"{name}\n{month.start.year}" if index == 0 or month.start.month == 1 else name


def month_title(month) -> str:
    """"novembre 2026", "novembre 2026 (fino al 22/11/2026)" for the month under way."""
    text = f"{QLocale().standaloneMonthName(month.start.month)} {month.start.year}"
    if month.partial:
        text = tr("{month} (up to {date})").format(month=text, date=italian_date(month.end))
    return text


class ChartRecordsDialog(QDialog):
    """The records behind a chart's dot or bar: names, double-click (or Enter) opens one.

    Not modal, so that the records it opens can be used while it stays open."""

    def __init__(self, parent: QWidget | None, ctx, kind: str, rows, title: str):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.setObjectName("chartRecordsDialog")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(460, 420)
        heading = QLabel(tr("{title}: {n}").format(title=title,
                                                     n=QLocale().toString(len(rows))))
        heading.setWordWrap(True)
        heading.setObjectName("recordsHeading")
        self.list = QListWidget()
        self.list.setObjectName("chartRecords")
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        self.list.setToolTip(tr("Double-click or press Enter to open the record"))
        self.list.itemActivated.connect(self.open_item)
        empty = QLabel(tr("No record."))
        empty.setObjectName("emptyNote")
        empty.setVisible(not rows)
        self.list.setVisible(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(tr("Open"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(bool(rows))
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)

    @classmethod
    def open_list(cls, parent, ctx, kind: str, ids, title: str, *, show: bool = True):
        """Read the names (one query) and show the list; None when they cannot be read (the
        message has been shown)."""
        from affido_app.ui.operations import show_error

        try:
            with ctx.sessions() as s:
                rows = charts_service.chart_records(s, ctx.actor, kind, ids)
        except AffidoError as exc:
            show_error(parent, tr("Cannot show the list"), exc.message)
            return None
        dialog = cls(parent, ctx, kind, rows, title)
        if show:
            dialog.show()
        return dialog

    def open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.ctx.open_record.emit(self.kind, int(item.data(Qt.ItemDataRole.UserRole)))
