"""Light charts drawn with QPainter (no QtCharts, no matplotlib: the dashboard is the first screen).

Two charts share one base, :class:`ChartWidget`:

- :class:`LineChart` — a few series over categories (months), a dot per value;
- :class:`BarChart` — stacked bars, vertical (months) or horizontal (stages of a funnel).

Every dot or bar segment is an *item*: it has a tooltip with its figures, it lights up under the
mouse, a click activates it, and the keyboard reaches it too (Tab gives the chart focus, the
arrow keys, Home and End move between items, Enter or Space activates). ``activated(key)`` carries
the key given with the data, so the owner knows which records to open. Texts come ready from the
caller (already translated); colours from :data:`PALETTE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from affido_app.ui.style import ACCENT

#: the application's palette (style.py: the accent, its error red, its greys), then tints
PALETTE = {
    "accent": QColor(ACCENT),
    "accent_light": QColor("#7fb3b5"),
    "amber": QColor("#c98a1a"),
    "red": QColor("#b3261e"),
    "grey": QColor("#9aa5ac"),
    "text": QColor("#2b3236"),
    "muted": QColor("#5b6770"),
    "grid": QColor("#e3e7e9"),
    "axis": QColor("#d0d5d8"),
}


@dataclass
class ChartItem:
    """One clickable thing of a chart: where it is, its key, its tooltip."""

    rect: QRectF
    key: object
    tooltip: str
    color: QColor


def nice_ceiling(value: float) -> tuple[int, int]:
    """(top of the scale, step) for values up to ``value``: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1, 1
    step = 1
    while True:
        for mult in (1, 2, 5):
            candidate = step * mult
            if value / candidate <= 5:
                top = -(-int(value) // candidate) * candidate
                return max(top, candidate), candidate
        step *= 10


class ChartWidget(QWidget):
    """The shared part: legend, items, hover, focus, keyboard, tooltips, the empty note."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(200)
        self.legend: list[tuple[str, QColor]] = []
        self.empty_text = ""
        self._items: list[ChartItem] = []
        self._items_size: QSize | None = None
        self._hover = -1
        self._current = -1

    # --- for owners and tests ---

    def items(self) -> list[ChartItem]:
        """The chart's items for its current size (laid out on demand)."""
        if self._items_size != self.size():
            self._items = self._layout()
            self._items_size = self.size()
            if self._current >= len(self._items):
                self._current = len(self._items) - 1
        return self._items

    def current_item(self) -> ChartItem | None:
        items = self.items()
        return items[self._current] if 0 <= self._current < len(items) else None

    def set_current(self, index: int) -> None:
        items = self.items()
        if not items:
            return
        self._current = max(0, min(index, len(items) - 1))
        item = items[self._current]
        self.setAccessibleDescription(item.tooltip)
        if self.hasFocus() and self.isVisible():
            QToolTip.showText(self.mapToGlobal(item.rect.center().toPoint()), item.tooltip, self)
        self.update()

    def activate(self, index: int) -> None:
        items = self.items()
        if 0 <= index < len(items):
            self.activated.emit(items[index].key)

    def _changed(self) -> None:
        self._items_size = None
        self._hover = -1
        self._current = min(self._current, len(self.items()) - 1)
        self.update()

    # --- geometry, to be given by subclasses ---

    def _layout(self) -> list[ChartItem]:
        raise NotImplementedError

    def _paint_chart(self, p: QPainter, items: list[ChartItem]) -> None:
        raise NotImplementedError

    def _legend_places(self) -> list[tuple[float, float]]:
        """Where each legend entry goes (x, y of its line), wrapping to the widget's width."""
        fm = QFontMetrics(self.font())
        x, y, box, out = 4, 2, fm.height() - 4, []
        for text, _color in self.legend:
            width = box + 6 + fm.horizontalAdvance(text) + 18
            if x + width - 18 > self.width() and x > 4:
                x, y = 4, y + fm.height() + 2
            out.append((x, y))
            x += width
        return out

    def _legend_height(self) -> int:
        places = self._legend_places()
        return int(places[-1][1]) + QFontMetrics(self.font()).height() + 8 if places else 0

    def _paint_legend(self, p: QPainter) -> None:
        fm = QFontMetrics(self.font())
        box = fm.height() - 4
        p.setPen(PALETTE["text"])
        for (text, color), (x, y) in zip(self.legend, self._legend_places(), strict=True):
            p.fillRect(QRectF(x, y + 2, box, box), color)
            p.drawText(QPointF(x + box + 6, y + fm.ascent()), text)

    # --- Qt ---

    def sizeHint(self) -> QSize:
        return QSize(340, 230)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        items = self.items()
        if not items and self.empty_text:
            p.setPen(PALETTE["muted"])
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.empty_text)
            return
        self._paint_legend(p)
        self._paint_chart(p, items)
        for index, pen in ((self._hover, QPen(PALETTE["text"], 1.5)),
                           (self._current if self.hasFocus() else -1,
                            QPen(PALETTE["text"], 1.5, Qt.PenStyle.DashLine))):
            if 0 <= index < len(items):
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(items[index].rect.adjusted(-2, -2, 2, 2))

    def resizeEvent(self, event) -> None:
        self._items_size = None
        super().resizeEvent(event)

    def _item_at(self, pos: QPointF) -> int:
        for index, item in enumerate(self.items()):
            if item.rect.adjusted(-3, -3, 3, 3).contains(pos):
                return index
        return -1

    def mouseMoveEvent(self, event) -> None:
        index = self._item_at(event.position())
        if index != self._hover:
            self._hover = index
            self.setCursor(Qt.CursorShape.PointingHandCursor if index >= 0
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self._item_at(event.position())
            if index >= 0:
                self.set_current(index)
                self.activate(index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        items = self.items()
        key = event.key()
        if not items:
            super().keyPressEvent(event)
            return
        moves = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1,
                 Qt.Key.Key_Up: -1}
        if key in moves:
            start = self._current if self._current >= 0 else (-1 if moves[key] > 0 else 0)
            self.set_current((start + moves[key]) % len(items))
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(items) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._current < 0:
                self.set_current(0)
            self.activate(self._current)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        if self._current < 0 and self.items():
            self.set_current(0)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self._item_at(QPointF(event.pos()))
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.items()[index].tooltip, self)
                return True
            # elsewhere: the widget's own tooltip (how to use the chart)
        return super().event(event)

    # --- shared drawing ---

    def _plot_area(self, left_labels: Sequence[str], bottom_lines: int) -> QRectF:
        fm = QFontMetrics(self.font())
        left = max((fm.horizontalAdvance(t) for t in left_labels), default=0) + 12
        top = self._legend_height() + fm.height() // 2 + 4
        bottom = bottom_lines * fm.height() + 8
        return QRectF(left, top, max(self.width() - left - 12, 10),
                      max(self.height() - top - bottom, 10))

    def _paint_value_axis(self, p: QPainter, area: QRectF, top: int, step: int,
                          fmt) -> None:
        """Horizontal grid lines with their values on the left (vertical charts)."""
        fm = QFontMetrics(self.font())
        value = 0
        while value <= top:
            y = area.bottom() - area.height() * value / top
            p.setPen(QPen(PALETTE["grid"] if value else PALETTE["axis"], 1))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(PALETTE["muted"])
            text = fmt(value)
            p.drawText(QPointF(area.left() - 8 - fm.horizontalAdvance(text),
                               y + fm.ascent() / 2 - 1), text)
            value += step

    def _paint_categories(self, p: QPainter, area: QRectF, labels: Sequence[str]) -> None:
        """Category labels (one or two lines each) centred under their slots; when they do not
        fit, every second (third…) one, the last one always shown."""
        fm = QFontMetrics(self.font())
        n = max(len(labels), 1)
        slot = area.width() / n
        widest = max((fm.horizontalAdvance(line) for label in labels
                      for line in label.split("\n")), default=0) + 6
        every = max(1, -(-int(widest) // max(int(slot), 1)))
        p.setPen(PALETTE["muted"])
        for i, label in enumerate(labels):
            if (n - 1 - i) % every:
                continue
            cx = area.left() + slot * (i + 0.5)
            for line_no, line in enumerate(label.split("\n")):
                p.drawText(QPointF(cx - fm.horizontalAdvance(line) / 2,
                                   area.bottom() + 4 + fm.ascent() + line_no * fm.height()), line)


class LineChart(ChartWidget):
    """Series of values over categories. ``set_data(categories, series)``: ``series`` is a list
    of ``(name, color, values, keys, tooltips)``, one value, key and tooltip per category."""

    def __init__(self, parent: QWidget | None = None, *, number=str):
        super().__init__(parent)
        self.categories: list[str] = []
        self.series: list[tuple[str, QColor, list[int], list, list[str]]] = []
        self.number = number

    def set_data(self, categories: Sequence[str], series) -> None:
        self.categories = list(categories)
        self.series = [(n, QColor(c), list(v), list(k), list(t)) for n, c, v, k, t in series]
        self.legend = [(n, QColor(c)) for n, c, *_ in self.series]
        self._changed()

    def _scale(self) -> tuple[int, int]:
        return nice_ceiling(max((v for *_x, values, _k, _t in self.series for v in values),
                                default=0))

    def _area(self) -> QRectF:
        top, step = self._scale()
        labels = [self.number(v) for v in range(0, top + 1, step)]
        return self._plot_area(labels, max((c.count("\n") + 1 for c in self.categories),
                                           default=1))

    def _layout(self) -> list[ChartItem]:
        if not self.categories or not self.series:
            return []
        area, (top, _step) = self._area(), self._scale()
        slot = area.width() / len(self.categories)
        items = []
        for i in range(len(self.categories)):  # month by month, then series: arrows walk time
            for _name, color, values, keys, tips in self.series:
                x = area.left() + slot * (i + 0.5)
                y = area.bottom() - area.height() * values[i] / top
                items.append(ChartItem(QRectF(x - 5, y - 5, 10, 10), keys[i], tips[i], color))
        return items

    def _paint_chart(self, p: QPainter, items: list[ChartItem]) -> None:
        area, (top, step) = self._area(), self._scale()
        self._paint_value_axis(p, area, top, step, self.number)
        self._paint_categories(p, area, self.categories)
        n = len(self.series)
        for s_index, (_name, color, *_rest) in enumerate(self.series):
            points = [items[i * n + s_index].rect.center() for i in range(len(self.categories))]
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            p.setPen(QPen(color, 2.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setBrush(color)
            p.setPen(QPen(QColor("white"), 1.2))
            for point in points:
                p.drawEllipse(point, 4, 4)


class BarChart(ChartWidget):
    """Stacked bars. ``set_data(categories, segments, values, keys, tooltips)``: ``segments`` is
    a list of ``(name, color)``; ``values[c][s]``, ``keys[c][s]`` and ``tooltips[c][s]`` for
    category ``c`` and segment ``s``. ``horizontal``: categories down the left, bars to the
    right, with the total at the end of each bar (a funnel)."""

    def __init__(self, parent: QWidget | None = None, *, horizontal: bool = False, number=str):
        super().__init__(parent)
        self.horizontal = horizontal
        self.number = number
        self.categories: list[str] = []
        self.segments: list[tuple[str, QColor]] = []
        self.values: list[list[int]] = []
        self.keys: list[list] = []
        self.tooltips: list[list[str]] = []

    def set_data(self, categories, segments, values, keys, tooltips) -> None:
        self.categories = list(categories)
        self.segments = [(n, QColor(c)) for n, c in segments]
        self.values = [list(v) for v in values]
        self.keys = [list(k) for k in keys]
        self.tooltips = [list(t) for t in tooltips]
        self.legend = list(self.segments)
        self._changed()

    def _top(self) -> tuple[int, int]:
        return nice_ceiling(max((sum(v) for v in self.values), default=0))

    def _area(self) -> QRectF:
        fm = QFontMetrics(self.font())
        if self.horizontal:
            area = self._plot_area(self.categories, 0)
            total = max((fm.horizontalAdvance(self.number(sum(v))) for v in self.values),
                        default=0)
            return area.adjusted(0, 0, -(total + 8), 0)
        top, step = self._top()
        labels = [self.number(v) for v in range(0, top + 1, step)]
        return self._plot_area(labels, max((c.count("\n") + 1 for c in self.categories),
                                           default=1))

    def _layout(self) -> list[ChartItem]:
        if not self.categories:
            return []
        area = self._area()
        n = len(self.categories)
        slot = (area.height() if self.horizontal else area.width()) / n
        thickness = min(slot * 0.66, 34 if self.horizontal else 40)
        scale = max(sum(v) for v in self.values) if self.horizontal else self._top()[0]
        scale = scale or 1
        items = []
        for c in range(n):
            offset = 0.0
            for s, (_name, color) in enumerate(self.segments):
                value = self.values[c][s]
                if value <= 0:
                    continue
                if self.horizontal:
                    length = area.width() * value / scale
                    rect = QRectF(area.left() + offset, area.top() + slot * c
                                  + (slot - thickness) / 2, length, thickness)
                else:
                    length = area.height() * value / scale
                    rect = QRectF(area.left() + slot * c + (slot - thickness) / 2,
                                  area.bottom() - offset - length, thickness, length)
                offset += length
                items.append(ChartItem(rect, self.keys[c][s], self.tooltips[c][s], color))
        return items

    def _paint_chart(self, p: QPainter, items: list[ChartItem]) -> None:
        area = self._area()
        fm = QFontMetrics(self.font())
        if self.horizontal:
            slot = area.height() / max(len(self.categories), 1)
            for c, label in enumerate(self.categories):
                y = area.top() + slot * (c + 0.5)
                p.setPen(PALETTE["text"])
                p.drawText(QPointF(area.left() - 8 - fm.horizontalAdvance(label),
                                   y + fm.ascent() / 2 - 1), label)
            p.setPen(QPen(PALETTE["axis"], 1))
            p.drawLine(area.topLeft(), area.bottomLeft())
        else:
            top, step = self._top()
            self._paint_value_axis(p, area, top, step, self.number)
            self._paint_categories(p, area, self.categories)
        p.setPen(Qt.PenStyle.NoPen)
        for item in items:
            p.fillRect(item.rect, item.color)
        if self.horizontal:
            scale = max((sum(v) for v in self.values), default=0) or 1
            slot = area.height() / max(len(self.categories), 1)
            p.setPen(PALETTE["text"])
            for c, values in enumerate(self.values):
                x = area.left() + area.width() * sum(values) / scale + 6
                y = area.top() + slot * (c + 0.5)
                p.drawText(QPointF(x, y + fm.ascent() / 2 - 1), self.number(sum(values)))
