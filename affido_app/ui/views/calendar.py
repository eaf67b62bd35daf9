"""Calendario: training and supervision meetings, introductions of pairs and planned interviews,
by month or by week, with an export to other calendars (.ics).

The month grid shows up to four events a day and a "+N more" line that lists the rest; the week
shows the hours of the day (8–20, wider when a meeting falls outside) with a block per meeting and
the all-day events on top. A click selects a day, a double-click on an event opens what it refers
to, a double-click on a day of the month opens its week. Keyboard: arrows move the selected day,
Enter opens its event (or lists them), PageUp/PageDown change period, Home goes to today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from affido_app.domain.enums import WEEKDAYS
from affido_app.services import calendar
from affido_app.services.calendar import (
    INTERVIEW,
    INTRODUCTION,
    KINDS,
    SUPERVISION,
    TRAINING,
    CalendarEvent,
)
from affido_app.ui.i18n import tr
from affido_app.ui.operations import run_op
from affido_app.ui.settings import Key
from affido_app.ui.style import ACCENT
from affido_app.ui.widgets.format import MONTHS, italian_date

#: ctx.changed areas that can change what the calendar shows
AREAS = frozenset({"training", "supervision", "matches", "interviews"})
MONTH, WEEK = "month", "week"
MODE_KEY = Key("calendar/mode", MONTH, str)
HIDDEN_KINDS_KEY = Key("calendar/hidden_kinds", "", str)

COLOURS = {
    TRAINING: QColor("#2e7d32"),
    SUPERVISION: QColor("#6a3d9a"),
    INTRODUCTION: QColor("#c45100"),
    INTERVIEW: QColor("#1565c0"),
}
_ACCENT = QColor(ACCENT)
_TODAY_FILL = QColor("#e3efef")
_OTHER_MONTH_FILL = QColor("#f3f4f4")
_WEEKEND_FILL = QColor("#fafaf7")
_GRID = QColor("#d5dadc")
_MUTED = QColor("#8a949a")
_TEXT = QColor("#1f2a30")
_NOW = QColor("#c62828")

MAX_EVENTS_PER_DAY = 4
FIRST_HOUR, LAST_HOUR = 8, 20
MIN_HOUR_HEIGHT = 34
MAX_ALL_DAY_ROWS = 3


def kind_names() -> dict[str, str]:
    return {
        TRAINING: tr("Training"),
        SUPERVISION: tr("Supervision"),
        INTRODUCTION: tr("Introductions"),
        INTERVIEW: tr("Planned interviews"),
    }


def light(colour: QColor, amount: float = 0.84) -> QColor:
    """The colour mixed with white (``amount`` of white)."""
    return QColor(round(colour.red() + (255 - colour.red()) * amount),
                  round(colour.green() + (255 - colour.green()) * amount),
                  round(colour.blue() + (255 - colour.blue()) * amount))


def swatch(colour: QColor, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    p.end()
    return QIcon(pix)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_title(day: dt.date) -> str:
    """Novembre 2026"""
    return f"{MONTHS[day.month - 1].capitalize()} {day.year}"


def week_title(monday: dt.date) -> str:
    """16 – 22 novembre 2026, 30 novembre – 6 dicembre 2026, 29 dicembre 2025 – 4 gennaio 2026"""
    sunday = monday + dt.timedelta(days=6)
    last = f"{sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"
    if monday.year != sunday.year:
        first = f"{monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    elif monday.month != sunday.month:
        first = f"{monday.day} {MONTHS[monday.month - 1]}"
    else:
        first = str(monday.day)
    return f"{first} – {last}"


def time_text(event: CalendarEvent) -> str:
    """17:30–19:30, or 17:30 for a meeting without a recorded end; empty for all-day events."""
    if event.all_day:
        return ""
    start = event.start.astimezone()
    if event.end is None or event.end <= event.start:
        return f"{start:%H:%M}"
    return f"{start:%H:%M}–{event.end.astimezone():%H:%M}"


def tooltip_text(event: CalendarEvent) -> str:
    when = italian_date(event.day)
    if not event.all_day:
        when = f"{when} {time_text(event)}"
    lines = [event.title, when]
    if event.place:
        lines.append(event.place)
    if event.detail:
        lines.append(event.detail)
    return "\n".join(lines)


@dataclass
class _Hit:
    rect: QRect
    event: CalendarEvent | None = None
    #: a "+N more" line: the day whose events it stands for
    more_day: dt.date | None = None


class _Canvas(QWidget):
    """What the month grid and the week grid share: events, hit areas, selection, keyboard."""

    #: an event was double-clicked (or chosen with Enter)
    event_activated = Signal(object)
    #: a day (not an event on it) was double-clicked
    day_activated = Signal(object)
    #: the selected day changed: (day, True when moved with the keyboard)
    day_selected = Signal(object, bool)
    #: PageUp / PageDown / Home: -1, +1, 0 (today)
    navigate = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.events: list[CalendarEvent] = []
        self.by_day: dict[dt.date, list[CalendarEvent]] = {}
        self.selected: dt.date = dt.date.today()
        self.today: dt.date = dt.date.today()
        self._hits: list[_Hit] = []
        self._menu: QMenu | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # --- data ---

    def set_events(self, events: list[CalendarEvent], today: dt.date) -> None:
        self.events = list(events)
        self.today = today
        self.by_day = {}
        for e in self.events:
            self.by_day.setdefault(e.day, []).append(e)
        self._relayout()

    def events_on(self, day: dt.date) -> list[CalendarEvent]:
        return list(self.by_day.get(day, ()))

    def days(self) -> list[dt.date]:  # pragma: no cover - overridden
        raise NotImplementedError

    def day_rect(self, day: dt.date) -> QRect:  # pragma: no cover - overridden
        raise NotImplementedError

    def shown_events(self) -> list[CalendarEvent]:
        """The events drawn (not folded into a "+N more" line)."""
        return [h.event for h in self._hits if h.event is not None]

    def event_rect(self, kind: str, event_id: int) -> QRect | None:
        for h in self._hits:
            if h.event is not None and h.event.kind == kind and h.event.id == event_id:
                return QRect(h.rect)
        return None

    def more_rect(self, day: dt.date) -> QRect | None:
        for h in self._hits:
            if h.more_day == day:
                return QRect(h.rect)
        return None

    def hit_at(self, pos: QPoint) -> _Hit | None:
        for h in reversed(self._hits):  # drawn last, on top
            if h.rect.contains(pos):
                return h
        return None

    def day_at(self, pos: QPoint) -> dt.date | None:
        for day in self.days():
            if self.day_rect(day).contains(pos):
                return day
        return None

    def select(self, day: dt.date) -> None:
        if day != self.selected:
            self.selected = day
            self.update()

    # --- layout ---

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        self._hits = self._layout()
        self.update()

    def _layout(self) -> list[_Hit]:  # pragma: no cover - overridden
        raise NotImplementedError

    # --- mouse and keyboard ---

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        day = self.day_at(pos)
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(day)
            self.day_selected.emit(day, False)
        hit = self.hit_at(pos)
        if hit is not None and hit.more_day is not None:
            self.show_day_menu(hit.more_day, self.mapToGlobal(hit.rect.bottomLeft()))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        hit = self.hit_at(pos)
        if hit is not None and hit.event is not None:
            self.event_activated.emit(hit.event)
            return
        day = self.day_at(pos)
        if day is not None and hit is None:
            self.day_activated.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = self._key_steps().get(key)
        if step is not None:
            day = self.selected + dt.timedelta(days=step)
            self.select(day)
            self.day_selected.emit(day, True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            day_events = self.events_on(self.selected)
            if len(day_events) == 1:
                self.event_activated.emit(day_events[0])
            elif day_events:
                rect = self.day_rect(self.selected)
                self.show_day_menu(self.selected, self.mapToGlobal(rect.center()))
        elif key == Qt.Key.Key_PageUp:
            self.navigate.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.navigate.emit(1)
        elif key == Qt.Key.Key_Home:
            self.navigate.emit(0)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _key_steps(self) -> dict[int, int]:
        return {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}

    def show_day_menu(self, day: dt.date, at: QPoint) -> QMenu:
        """Every event of a day, in a menu: choosing one opens it."""
        if self._menu is not None:
            self._menu.deleteLater()
        menu = QMenu(self)
        header = menu.addAction(italian_date(day))
        header.setEnabled(False)
        for e in self.events_on(day):
            text = f"{time_text(e)}  {e.title}" if not e.all_day else e.title
            action = menu.addAction(swatch(COLOURS[e.kind]), text)
            action.triggered.connect(lambda _=False, ev=e: self.event_activated.emit(ev))
        self._menu = menu
        menu.popup(at)
        return menu

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event
            hit = self.hit_at(help_event.pos())
            if hit is not None and hit.event is not None:
                QToolTip.showText(help_event.globalPos(), tooltip_text(hit.event), self)
            elif hit is not None and hit.more_day is not None:
                QToolTip.showText(help_event.globalPos(),
                                  "\n".join(e.title for e in self.events_on(hit.more_day)),
                                  self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- painting helpers ---

    def _paint_chip(self, p: QPainter, rect: QRect, e: CalendarEvent, text: str) -> None:
        colour = COLOURS[e.kind]
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        if e.all_day:
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(rect), 3, 3)
            p.setPen(QColor("white"))
        else:
            p.setBrush(light(colour))
            p.drawRoundedRect(QRectF(rect), 3, 3)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(rect.x(), rect.y(), 3, rect.height()), 1.5, 1.5)
            p.setPen(_TEXT)
        inner = rect.adjusted(6, 0, -3, 0)
        p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                   p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
        p.restore()


class MonthGrid(_Canvas):
    """Seven columns (Monday first), one row per week of the month."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.month = self.today.replace(day=1)
        self.setMinimumSize(QSize(560, 360))
        self.setAccessibleName(tr("Month"))

    def set_month(self, first: dt.date) -> None:
        self.month = first.replace(day=1)
        self._relayout()

    def first_day(self) -> dt.date:
        return monday_of(self.month)

    def weeks(self) -> int:
        next_month = (self.month + dt.timedelta(days=32)).replace(day=1)
        return ((next_month - self.first_day()).days + 6) // 7

    def days(self) -> list[dt.date]:
        first = self.first_day()
        return [first + dt.timedelta(days=i) for i in range(self.weeks() * 7)]

    def _header_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def _line_height(self) -> int:
        return QFontMetrics(self.font()).height() + 4

    def day_rect(self, day: dt.date) -> QRect:
        index = (day - self.first_day()).days
        col, row = index % 7, index // 7
        top = self._header_height()
        width, height = self.width() - 1, self.height() - top - 1
        x0 = round(col * width / 7)
        x1 = round((col + 1) * width / 7)
        y0 = top + round(row * height / self.weeks())
        y1 = top + round((row + 1) * height / self.weeks())
        return QRect(x0, y0, x1 - x0, y1 - y0)

    def _number_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def _layout(self) -> list[_Hit]:
        hits: list[_Hit] = []
        line = self._line_height()
        for day in self.days():
            rect = self.day_rect(day)
            day_events = self.by_day.get(day, [])
            if not day_events:
                continue
            room = max(0, (rect.height() - self._number_height() - 3) // line)
            fits = min(MAX_EVENTS_PER_DAY, room)
            shown = day_events if len(day_events) <= fits else day_events[:max(0, fits - 1)]
            y = rect.y() + self._number_height()
            for e in shown:
                hits.append(_Hit(QRect(rect.x() + 3, y, rect.width() - 6, line - 2), e))
                y += line
            if len(shown) < len(day_events) and fits > 0:
                hits.append(_Hit(QRect(rect.x() + 3, y, rect.width() - 6, line - 2),
                                 more_day=day))
        return hits

    def _key_steps(self) -> dict[int, int]:
        return {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7,
                Qt.Key.Key_Down: 7}

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        font = self.font()
        bold = QFont(font)
        bold.setBold(True)
        # weekday names
        top = self._header_height()
        p.setFont(bold)
        p.setPen(_ACCENT)
        fm = QFontMetrics(bold)
        for col in range(7):
            rect = self.day_rect(self.first_day() + dt.timedelta(days=col))
            head = QRect(rect.x(), 0, rect.width(), top)
            name = WEEKDAYS[col]
            if fm.horizontalAdvance(name) > head.width() - 8:
                name = name[:3]
            p.drawText(head, Qt.AlignmentFlag.AlignCenter, name)
        # cells
        p.setFont(font)
        for day in self.days():
            rect = self.day_rect(day)
            inside = day.month == self.month.month
            fill = (_TODAY_FILL if day == self.today else
                    _OTHER_MONTH_FILL if not inside else
                    _WEEKEND_FILL if day.weekday() >= 5 else QColor("white"))
            p.fillRect(rect, fill)
            p.setPen(QPen(_GRID, 1))
            p.drawRect(rect)
            self._paint_number(p, rect, day, inside, bold)
        # events and "+N more"
        more_font = QFont(font)
        more_font.setItalic(True)
        for h in self._hits:
            if h.event is not None:
                text = h.event.label if h.event.all_day else \
                    f"{h.event.start.astimezone():%H:%M} {h.event.label}"
                self._paint_chip(p, h.rect, h.event, text)
            else:
                hidden = len(self.by_day[h.more_day]) - sum(
                    1 for x in self._hits if x.event is not None and x.event.day == h.more_day)
                p.setFont(more_font)
                p.setPen(_ACCENT)
                p.drawText(h.rect.adjusted(6, 0, 0, 0),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           tr("+{n} more").format(n=hidden))
                p.setFont(font)
        # the selected day, on top
        if self.selected in set(self.days()):
            rect = self.day_rect(self.selected).adjusted(1, 1, -1, -1)
            pen = QPen(_ACCENT, 2 if self.hasFocus() else 1.5)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
        p.end()

    def _paint_number(self, p: QPainter, rect: QRect, day: dt.date, inside: bool,
                      bold: QFont) -> None:
        text = str(day.day)
        if day.day == 1:
            text = f"{day.day} {MONTHS[day.month - 1][:3]}"
        box = QRect(rect.x() + 4, rect.y() + 3, rect.width() - 8, self._number_height() - 6)
        if day == self.today:
            fm = QFontMetrics(bold)
            width = max(fm.horizontalAdvance(text) + 10, box.height())
            badge = QRect(box.x(), box.y(), width, box.height())
            p.save()
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_ACCENT)
            p.drawRoundedRect(QRectF(badge), badge.height() / 2, badge.height() / 2)
            p.setFont(bold)
            p.setPen(QColor("white"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            p.restore()
            return
        p.setPen(_TEXT if inside else _MUTED)
        p.drawText(box.adjusted(2, 0, 0, 0),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class WeekGrid(_Canvas):
    """Seven day columns × the hours of the day; all-day events in a band on top."""

    GUTTER = 52

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.monday = monday_of(self.today)
        self.first_hour, self.last_hour = FIRST_HOUR, LAST_HOUR
        self.setAccessibleName(tr("Week"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_week(self, monday: dt.date) -> None:
        self.monday = monday_of(monday)
        self._relayout()

    def set_events(self, events: list[CalendarEvent], today: dt.date) -> None:
        first, last = FIRST_HOUR, LAST_HOUR
        for e in events:
            if e.all_day:
                continue
            start, end = e.start.astimezone(), e.shown_end().astimezone()
            first = min(first, start.hour)
            end_hour = end.hour + (1 if end.minute or end.second else 0)
            last = max(last, end_hour if end.date() == start.date() else 24)
        self.first_hour, self.last_hour = first, min(24, last)
        super().set_events(events, today)
        self.setMinimumSize(QSize(560, self._grid_top() + self.hours() * MIN_HOUR_HEIGHT + 1))

    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    def hours(self) -> int:
        return self.last_hour - self.first_hour

    def _header_height(self) -> int:
        return QFontMetrics(self.font()).height() * 2 + 12

    def _all_day_rows(self) -> int:
        most = max((sum(1 for e in self.by_day.get(d, ()) if e.all_day) for d in self.days()),
                   default=0)
        return min(most, MAX_ALL_DAY_ROWS)

    def _line_height(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def _grid_top(self) -> int:
        rows = self._all_day_rows()
        return self._header_height() + (rows * self._line_height() + 6 if rows else 0)

    def _hour_height(self) -> float:
        return max(MIN_HOUR_HEIGHT, (self.height() - self._grid_top() - 1) / max(1, self.hours()))

    def _column(self, col: int) -> tuple[int, int]:
        width = self.width() - self.GUTTER - 1
        return (self.GUTTER + round(col * width / 7), self.GUTTER + round((col + 1) * width / 7))

    def day_rect(self, day: dt.date) -> QRect:
        x0, x1 = self._column((day - self.monday).days)
        return QRect(x0, 0, x1 - x0, self.height())

    def y_of(self, moment: dt.datetime, day: dt.date) -> float:
        local = moment.astimezone()
        hours = 24.0 if local.date() > day else local.hour + local.minute / 60
        hours = min(max(hours, self.first_hour), self.last_hour)
        return self._grid_top() + (hours - self.first_hour) * self._hour_height()

    def _layout(self) -> list[_Hit]:
        hits: list[_Hit] = []
        line = self._line_height()
        rows = self._all_day_rows()
        for col, day in enumerate(self.days()):
            x0, x1 = self._column(col)
            day_events = self.by_day.get(day, [])
            all_day = [e for e in day_events if e.all_day]
            shown = all_day if len(all_day) <= rows else all_day[:rows - 1]
            y = self._header_height() + 2
            for e in shown:
                hits.append(_Hit(QRect(x0 + 2, y, x1 - x0 - 4, line - 2), e))
                y += line
            if len(shown) < len(all_day):
                hits.append(_Hit(QRect(x0 + 2, y, x1 - x0 - 4, line - 2), more_day=day))
            timed = [e for e in day_events if not e.all_day]
            for e, lane, lanes in _lanes(timed):
                top = self.y_of(e.start, day)
                bottom = max(top + line, self.y_of(e.shown_end(), day))
                width = (x1 - x0 - 4) / lanes
                left = x0 + 2 + lane * width
                hits.append(_Hit(QRect(round(left), round(top) + 1, round(width) - 2,
                                       round(bottom - top) - 2), e))
        return hits

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        font = self.font()
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        head_h = self._header_height()
        top = self._grid_top()
        hour_h = self._hour_height()
        bottom = top + self.hours() * hour_h
        # columns: today tinted, weekend lightly
        for col, day in enumerate(self.days()):
            x0, x1 = self._column(col)
            if day == self.today:
                p.fillRect(QRect(x0, 0, x1 - x0, self.height()), _TODAY_FILL)
            elif day.weekday() >= 5:
                p.fillRect(QRect(x0, 0, x1 - x0, self.height()), _WEEKEND_FILL)
        # hour lines and labels
        p.setFont(small)
        for i in range(self.hours() + 1):
            y = round(top + i * hour_h)
            p.setPen(QPen(_GRID, 1))
            p.drawLine(self.GUTTER, y, self.width(), y)
            if i < self.hours():
                p.setPen(_MUTED)
                p.drawText(QRect(0, y - 1, self.GUTTER - 6, 18),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                           f"{self.first_hour + i:02d}:00")
        # half-hour dotted lines
        p.setPen(QPen(light(_GRID, 0.4), 1, Qt.PenStyle.DotLine))
        for i in range(self.hours()):
            y = round(top + (i + 0.5) * hour_h)
            p.drawLine(self.GUTTER, y, self.width(), y)
        # day headers and vertical lines
        fm = QFontMetrics(bold)
        for col, day in enumerate(self.days()):
            x0, x1 = self._column(col)
            p.setPen(QPen(_GRID, 1))
            p.drawLine(x0, 0, x0, round(bottom))
            name = WEEKDAYS[col]
            if fm.horizontalAdvance(name) > x1 - x0 - 8:
                name = name[:3]
            number = f"{day.day} {MONTHS[day.month - 1][:3]}"
            head = QRect(x0, 4, x1 - x0, head_h - 8)
            p.setFont(bold)
            p.setPen(_ACCENT if day == self.today else _TEXT)
            p.drawText(head, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)
            p.setFont(font)
            p.drawText(head, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                       number)
        x_end = self._column(6)[1]
        p.setPen(QPen(_GRID, 1))
        p.drawLine(x_end, 0, x_end, round(bottom))
        p.drawLine(self.GUTTER, head_h, self.width(), head_h)
        p.drawLine(self.GUTTER, top, self.width(), top)
        # the selected day: a line under its header
        if self.selected in set(self.days()):
            x0, x1 = self._column((self.selected - self.monday).days)
            p.setPen(QPen(_ACCENT, 3 if self.hasFocus() else 2))
            p.drawLine(x0 + 2, head_h - 2, x1 - 2, head_h - 2)
        # events
        more_font = QFont(font)
        more_font.setItalic(True)
        for h in self._hits:
            if h.event is None:
                p.setFont(more_font)
                p.setPen(_ACCENT)
                hidden = sum(1 for e in self.by_day[h.more_day] if e.all_day) - sum(
                    1 for x in self._hits if x.event is not None and x.event.all_day
                    and x.event.day == h.more_day)
                p.drawText(h.rect.adjusted(6, 0, 0, 0),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           tr("+{n} more").format(n=hidden))
                p.setFont(font)
            elif h.event.all_day:
                self._paint_chip(p, h.rect, h.event, h.event.label)
            else:
                self._paint_block(p, h.rect, h.event, bold, small)
        # now
        if self.today in set(self.days()):
            now = dt.datetime.now().astimezone()
            if self.first_hour <= now.hour < self.last_hour:
                x0, x1 = self._column((self.today - self.monday).days)
                y = round(self.y_of(now, self.today))
                p.setPen(QPen(_NOW, 2))
                p.drawLine(x0, y, x1, y)
        p.end()

    def _paint_block(self, p: QPainter, rect: QRect, e: CalendarEvent, bold: QFont,
                     small: QFont) -> None:
        colour = COLOURS[e.kind]
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(light(colour, 0.45), 1))
        p.setBrush(light(colour))
        p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(rect.x(), rect.y(), 4, rect.height()), 2, 2)
        p.setClipRect(rect.adjusted(1, 1, -1, -1))
        inner = rect.adjusted(8, 3, -4, -2)
        fm_bold, fm = QFontMetrics(bold), QFontMetrics(small)
        y = inner.y()
        p.setFont(bold)
        p.setPen(colour.darker(130))
        when = time_text(e)
        if fm_bold.horizontalAdvance(when) > inner.width():  # a narrow lane: the start only
            when = f"{e.start.astimezone():%H:%M}"
        p.drawText(QRect(inner.x(), y, inner.width(), fm_bold.height()),
                   Qt.AlignmentFlag.AlignLeft,
                   fm_bold.elidedText(when, Qt.TextElideMode.ElideRight, inner.width()))
        y += fm_bold.height()
        p.setFont(small)
        for text, colour_ in ((e.label, _TEXT), (e.place or "", _MUTED)):
            room = (inner.bottom() + 2 - y) // fm.height()
            if not text or room <= 0:
                continue
            p.setPen(colour_)
            for line in wrap(fm, text, inner.width(), room):
                p.drawText(QRect(inner.x(), y, inner.width(), fm.height()),
                           Qt.AlignmentFlag.AlignLeft, line)
                y += fm.height()
        p.restore()


def wrap(fm: QFontMetrics, text: str, width: int, max_lines: int) -> list[str]:
    """Word-wrapped lines of at most ``width`` pixels; the last one elided when cut short."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        candidate = f"{current} {words[0]}" if current else words[0]
        if fm.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            words.pop(0)
            continue
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
    cut = bool(words) or len(lines) > max_lines
    lines = lines[:max_lines]
    if lines and (cut or fm.horizontalAdvance(lines[-1]) > width):
        rest = " ".join([lines[-1], *words]) if cut else lines[-1]
        lines[-1] = fm.elidedText(rest + (" …" if cut and not words else ""),
                                  Qt.TextElideMode.ElideRight, width)
    return lines


def _lanes(timed: list[CalendarEvent]) -> list[tuple[CalendarEvent, int, int]]:
    """Side-by-side lanes for overlapping meetings: (event, its lane, lanes in its cluster)."""
    out: list[tuple[CalendarEvent, int, int]] = []
    cluster: list[tuple[CalendarEvent, int]] = []
    lane_ends: list[dt.datetime] = []
    cluster_end: dt.datetime | None = None

    def flush() -> None:
        lanes = max((lane for _e, lane in cluster), default=-1) + 1
        out.extend((e, lane, lanes) for e, lane in cluster)

    for e in sorted(timed, key=lambda x: (x.start, x.shown_end())):
        if cluster_end is not None and e.start >= cluster_end:
            flush()
            cluster, lane_ends, cluster_end = [], [], None
        for lane, end in enumerate(lane_ends):
            if end <= e.start:
                lane_ends[lane] = e.shown_end()
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(e.shown_end())
        cluster.append((e, lane))
        cluster_end = max(cluster_end or e.shown_end(), e.shown_end())
    flush()
    return out


class CalendarView(QWidget):
    """The "Calendario" section.

    Signals: ``open_event(kind, id)`` for a training session ("training", session id) or a
    supervision session ("supervision", session id), which the main window routes to their
    windows. Introductions and planned interviews open the person through ``ctx.open_record``.
    """

    open_event = Signal(str, int)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("calendar")
        #: the selected day; the month shown starts on ``month_first``
        self.anchor = dt.date.today()
        self.month_first = self.anchor.replace(day=1)
        self.kinds = calendar.readable_kinds(ctx.actor)
        self.loaded: list[CalendarEvent] = []
        mode = ctx.settings.get(MODE_KEY)
        self.mode = mode if mode in (MONTH, WEEK) else MONTH
        hidden = set(filter(None, ctx.settings.get(HIDDEN_KINDS_KEY).split(",")))

        title = QLabel(tr("Calendar"))
        title.setObjectName("pageTitle")
        self.export_button = QPushButton(tr("Export to calendar (.ics)…"))
        self.export_button.setToolTip(tr(
            "Save the events of the period shown in a file that Outlook, Thunderbird, Google "
            "Calendar or a phone can import. Notes and health details are never included."))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(bool(self.kinds))

        style = self.style()
        self.prev_button = self._tool(tr("Previous"), style.standardIcon(
            QStyle.StandardPixmap.SP_ArrowBack), lambda: self.step(-1))
        self.today_button = QPushButton(tr("Today"))
        self.today_button.clicked.connect(self.go_today)
        self.next_button = self._tool(tr("Next"), style.standardIcon(
            QStyle.StandardPixmap.SP_ArrowForward), lambda: self.step(1))
        self.period_label = QLabel()
        self.period_label.setObjectName("calendarPeriod")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.period_label.setFont(font)
        self.month_button = QToolButton()
        self.month_button.setText(tr("Month"))
        self.week_button = QToolButton()
        self.week_button.setText(tr("Week"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        for button, value in ((self.month_button, MONTH), (self.week_button, WEEK)):
            button.setCheckable(True)
            button.setMinimumWidth(90)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, m=value: self.set_mode(m))
            self.mode_group.addButton(button)

        names = kind_names()
        self.filters: dict[str, QCheckBox] = {}
        for kind in KINDS:
            box = QCheckBox(names[kind])
            box.setIcon(swatch(COLOURS[kind]))
            box.setChecked(kind not in hidden)
            box.setVisible(kind in self.kinds)
            box.toggled.connect(self._filters_changed)
            self.filters[kind] = box
        self.note = QLabel()
        self.note.setObjectName("emptyNote")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.month_grid = MonthGrid()
        self.week_grid = WeekGrid()
        for grid in (self.month_grid, self.week_grid):
            grid.event_activated.connect(self.activate)
            grid.day_selected.connect(self._day_selected)
            grid.navigate.connect(lambda step: self.go_today() if step == 0 else self.step(step))
        self.month_grid.day_activated.connect(self._open_week_of)
        self.week_scroll = QScrollArea()
        self.week_scroll.setWidgetResizable(True)
        self.week_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.week_scroll.setWidget(self.week_grid)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.month_grid)
        self.stack.addWidget(self.week_scroll)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.export_button)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.today_button)
        nav.addWidget(self.next_button)
        nav.addSpacing(12)
        nav.addWidget(self.period_label, 1)
        nav.addWidget(self.month_button)
        nav.addWidget(self.week_button)
        nav.setSpacing(6)
        filters = QHBoxLayout()
        shown = QLabel(tr("Show:"))
        filters.addWidget(shown)
        for box in self.filters.values():
            filters.addWidget(box)
        filters.addSpacing(16)
        filters.addWidget(self.note, 1)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(1, 1, 1, 1)
        inner.addWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(nav)
        layout.addLayout(filters)
        layout.addWidget(frame, 1)

        ctx.changed.connect(self._on_changed)
        self.set_mode(self.mode, save=False)

    def _tool(self, text: str, icon: QIcon, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setToolTip(text)
        button.setAccessibleName(text)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # --- what is shown ---

    def grid(self) -> _Canvas:
        return self.month_grid if self.mode == MONTH else self.week_grid

    def visible_range(self) -> tuple[dt.date, dt.date]:
        """The first and last day shown (a month shows whole weeks)."""
        if self.mode == MONTH:
            first = monday_of(self.month_first)
            return first, first + dt.timedelta(days=self._month_weeks(self.month_first) * 7 - 1)
        monday = monday_of(self.anchor)
        return monday, monday + dt.timedelta(days=6)

    @staticmethod
    def _month_weeks(first: dt.date) -> int:
        next_month = (first + dt.timedelta(days=32)).replace(day=1)
        return ((next_month - monday_of(first)).days + 6) // 7

    def checked_kinds(self) -> list[str]:
        return [k for k in self.kinds if self.filters[k].isChecked()]

    def set_mode(self, mode: str, *, save: bool = True) -> None:
        self.mode = WEEK if mode == WEEK else MONTH
        self.month_first = self.anchor.replace(day=1)
        self.month_button.setChecked(self.mode == MONTH)
        self.week_button.setChecked(self.mode == WEEK)
        self.stack.setCurrentIndex(0 if self.mode == MONTH else 1)
        self.prev_button.setToolTip(tr("Previous month") if self.mode == MONTH
                                    else tr("Previous week"))
        self.next_button.setToolTip(tr("Next month") if self.mode == MONTH
                                    else tr("Next week"))
        if save:
            self.ctx.settings.set(MODE_KEY, self.mode)
        self.refresh()

    def set_date(self, day: dt.date) -> None:
        """Show the month or the week of ``day``, with ``day`` selected."""
        self.anchor = day
        self.month_first = day.replace(day=1)
        self.refresh()

    def step(self, direction: int) -> None:
        if self.mode == MONTH:
            month = self.month_first.month - 1 + direction
            year = self.month_first.year + month // 12
            month = month % 12 + 1
            first = dt.date(year, month, 1)
            last = ((first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)).day
            self.set_date(first.replace(day=min(self.anchor.day, last)))
        else:
            self.set_date(self.anchor + dt.timedelta(days=7 * direction))

    def go_today(self) -> None:
        self.set_date(dt.date.today())

    def _day_selected(self, day: dt.date, by_keyboard: bool) -> None:
        self.anchor = day
        if self.mode == MONTH:
            # a click on a day of the next month keeps this month; the keyboard moves on
            if by_keyboard and day.replace(day=1) != self.month_first:
                self.month_first = day.replace(day=1)
                self.refresh()
        elif not self.visible_range()[0] <= day <= self.visible_range()[1]:
            self.refresh()

    def _open_week_of(self, day: dt.date) -> None:
        self.anchor = day
        self.set_mode(WEEK)

    def _filters_changed(self) -> None:
        hidden = [k for k in KINDS if not self.filters[k].isChecked()]
        self.ctx.settings.set(HIDDEN_KINDS_KEY, ",".join(hidden))
        self.refresh()

    def _on_changed(self, areas) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        start, end = self.visible_range()
        kinds = self.checked_kinds()
        today = dt.date.today()
        if kinds:
            with self.ctx.sessions() as s:
                self.loaded = calendar.events(s, self.ctx.actor, start, end, kinds)
        else:
            self.loaded = []
        if self.mode == MONTH:
            self.period_label.setText(month_title(self.month_first))
            self.month_grid.set_month(self.month_first)
            self.month_grid.selected = self.anchor
            self.month_grid.set_events(self.loaded, today)
        else:
            self.period_label.setText(week_title(monday_of(self.anchor)))
            self.week_grid.set_week(self.anchor)
            self.week_grid.selected = self.anchor
            self.week_grid.set_events(self.loaded, today)
        if not self.kinds:
            self.note.setText(tr("Your profile cannot see any kind of event."))
        elif not kinds:
            self.note.setText(tr("Choose at least one kind of event to show."))
        elif not self.loaded:
            self.note.setText(tr("No events in this period."))
        else:
            self.note.setText("")

    # --- actions ---

    def activate(self, event: CalendarEvent) -> None:
        """Open what an event refers to."""
        kind, record_id = event.record
        if kind in ("elder", "fosterer"):
            self.ctx.open_record.emit(kind, record_id)
        else:
            self.open_event.emit(event.kind, event.id)

    def default_export_name(self) -> str:
        start, _end = self.visible_range()
        if self.mode == MONTH:
            return f"calendario-{self.month_first:%Y-%m}.ics"
        return f"calendario-settimana-{start:%Y-%m-%d}.ics"

    def export(self) -> Path | None:
        """Ask where, then write the events shown (period and kinds) as an .ics file."""
        start, end = self.visible_range()
        kinds = self.checked_kinds()
        if not kinds:
            self.note.setText(tr("Choose at least one kind of event to show."))
            return None
        suggested = str(Path.home() / self.default_export_name())
        name, _filter = QFileDialog.getSaveFileName(
            self, tr("Export to calendar"), suggested, tr("iCalendar files (*.ics)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        ok, count = run_op(
            self, self.ctx,
            lambda s: calendar.save_ics(s, self.ctx.actor, start, end, path, kinds),
            title=tr("Export to calendar"))
        if not ok:
            return None
        text = (tr("1 event from {start} to {end} saved in {path}") if count == 1 else
                tr("{n} events from {start} to {end} saved in {path}"))
        self.note.setText(text.format(n=count, start=italian_date(start), end=italian_date(end),
                                      path=str(path)))
        return path
