"""Charts for documents, drawn with reportlab's own graphics (vector, no image files).

Each function returns a flowable: a :class:`~reportlab.graphics.shapes.Drawing`, or the line
"Nessun dato …" when there is nothing to draw (an empty chart would only look broken). Labels are
Italian and in DejaVu Sans, colours come from the documents' palette (:mod:`.styles`), legends are
laid out here so that they never overlap the plot, numbers use the Italian thousands separator.
Every text drawn is plain text (``String``), never markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from affido_app.reports import fonts
from affido_app.reports.format import number
from affido_app.reports.layout import frame_width, mm, no_data
from affido_app.reports.styles import ACCENT, INK, MUTED, RULE, WARN

NO_DATA = "Nessun dato da rappresentare nel periodo."
LABEL_SIZE = 7.5
SMALL_SIZE = 6.8


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white (``amount`` 0 → the colour, 1 → white), as "#rrggbb"."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


#: series colours, in order: the accent, the warning colour, then lighter shades of both
SERIES = (ACCENT, WARN, tint(ACCENT, 0.55), tint(WARN, 0.5), MUTED)
#: supervision outcomes: on time, late, missing
OUTCOME_COLOURS = (ACCENT, tint(WARN, 0.45), WARN)


def _color(value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def _width(text: str, size: float = LABEL_SIZE, font: str = fonts.REGULAR) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _nice_scale(top: float, ticks: int = 5) -> tuple[int, int]:
    """(axis maximum, step): whole numbers (counts), a step of 1, 2 or 5 times a power of ten,
    about ``ticks`` steps, the maximum ≥ ``top``."""
    if top <= 0:
        return 1, 1
    raw = top / ticks
    magnitude = 10 ** max(0, math.floor(math.log10(raw))) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return int(step * math.ceil(top / step)), int(step)


def _int_label(value: float) -> str:
    return number(round(value))


def _legend_width(items: Sequence[tuple[str, str]], size: float = LABEL_SIZE) -> float:
    swatch, gap = size, 12
    return sum(swatch + 3 + _width(label, size) for _c, label in items) + gap * (len(items) - 1)


def _legend(drawing, items: Sequence[tuple[str, str]], x: float, y: float, *,
            max_width: float, size: float = LABEL_SIZE) -> float:
    """Swatches and labels in rows from (x, y) downwards (y: the top of the first row),
    wrapping within ``max_width``; returns the y under the last row."""
    from reportlab.graphics.shapes import Rect, String

    swatch, gap, row = size, 12, size + 5
    cx, cy = x, y
    for colour, label in items:
        w = swatch + 3 + _width(label, size)
        if cx > x and cx + w > x + max_width:
            cx, cy = x, cy - row
        drawing.add(Rect(cx, cy - swatch, swatch, swatch, fillColor=_color(colour),
                         strokeColor=None))
        drawing.add(String(cx + swatch + 3, cy - swatch + 1, label, fontName=fonts.REGULAR,
                           fontSize=size, fillColor=_color(INK)))
        cx += w + gap
    return cy - row


def bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
              width: float | None = None, height: float = mm(62), value_label: str = "",
              empty: str = NO_DATA):
    """Vertical bars, one group per category (labels may hold a line break) and one bar per
    series, with a legend above and the value on each bar when there is room."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String

    fonts.register_fonts()
    values = [v for _name, vs in series for v in vs]
    if not categories or not values or max(values) <= 0:
        return no_data(empty)
    width = width or frame_width()
    top, step = _nice_scale(max(values) * 1.1)  # headroom for the figures on the bars
    axis_width = max(_width(_int_label(top), SMALL_SIZE), _width("0", SMALL_SIZE)) + 6
    lines = max(str(c).count("\n") + 1 for c in categories)
    drawing = Drawing(width, height)
    # the axis title on the left and the legend on the right, on one line above the plot
    items = [(SERIES[i % len(SERIES)], name) for i, (name, _vs) in enumerate(series)]
    title_width = _width(value_label, SMALL_SIZE) + 16 if value_label else 0
    legend_x = max(title_width, width - _legend_width(items))
    legend_bottom = _legend(drawing, items, legend_x, height, max_width=width - legend_x)
    if value_label:
        drawing.add(String(0, height - LABEL_SIZE + 1, value_label, fontName=fonts.REGULAR,
                           fontSize=SMALL_SIZE, fillColor=_color(MUTED)))
    chart = VerticalBarChart()
    chart.x, chart.y = axis_width, lines * (SMALL_SIZE + 1.5) + 6
    chart.width = width - axis_width - 2
    chart.height = legend_bottom - 4 - chart.y
    chart.data = [tuple(float(v) for v in vs) for _name, vs in series]
    chart.strokeColor = None
    _value_axis(chart.valueAxis, top, step)
    chart.valueAxis.visibleTicks = False
    chart.categoryAxis.categoryNames = [str(c) for c in categories]
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = SMALL_SIZE
    chart.categoryAxis.labels.fillColor = _color(INK)
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.textAnchor = "middle"
    chart.categoryAxis.labels.dy = -3
    chart.categoryAxis.labels.leading = SMALL_SIZE + 1.5
    chart.categoryAxis.strokeColor = _color(MUTED)
    chart.categoryAxis.visibleTicks = False
    chart.groupSpacing = 6 if len(categories) > 12 else 10
    chart.barSpacing = 1
    for i in range(len(series)):
        chart.bars[i].fillColor = _color(SERIES[i % len(SERIES)])
        chart.bars[i].strokeColor = None
    group = chart.width / len(categories)
    bar = (group - chart.groupSpacing) / max(1, len(series))
    if bar >= _width("888", SMALL_SIZE):  # room for the figures on the bars
        chart.barLabelFormat = lambda v: _int_label(v) if v else ""
        chart.barLabels.fontName = fonts.REGULAR
        chart.barLabels.fontSize = SMALL_SIZE
        chart.barLabels.fillColor = _color(INK)
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def hbar_chart(items: Sequence[tuple[str, float]], *, width: float | None = None,
               colour: str = ACCENT, row: float = 15, top_pad: float = 0,
               labels_for: Sequence[str] = (), empty: str = NO_DATA):
    """Horizontal bars, one per labelled item (the first at the top), the figure at the end
    of each bar. ``row``: the height of each bar's row; ``top_pad``: room above the first;
    ``labels_for``: more labels whose width the label column must fit (so that charts set
    one under the other line up)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    fonts.register_fonts()
    if not items or max(v for _l, v in items) <= 0:
        return no_data(empty)
    width = width or frame_width()
    top, step = _nice_scale(max(v for _l, v in items), ticks=4)
    label_width = max(_width(label) for label in [*(lb for lb, _v in items), *labels_for]) + 8
    bottom = 12
    height = row * len(items) + bottom + top_pad
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, bottom
    chart.width = width - label_width - _width(_int_label(top)) - 10
    chart.height = row * len(items)
    chart.data = [tuple(float(v) for _l, v in items)]
    chart.strokeColor = None
    chart.bars[0].fillColor = _color(colour)
    chart.bars[0].strokeColor = None
    chart.barWidth = row * 0.6
    chart.groupSpacing = row * 0.4
    chart.categoryAxis.categoryNames = [label for label, _v in items]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = _color(INK)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = _color(MUTED)
    chart.categoryAxis.visibleTicks = False
    _value_axis(chart.valueAxis, top, step)
    chart.valueAxis.visibleTicks = False
    chart.barLabelFormat = _int_label
    chart.barLabels.fontName = fonts.BOLD
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.fillColor = _color(INK)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def pie_chart(items: Sequence[tuple[str, float]], *, width: float | None = None,
              height: float = mm(40), colours: Sequence[str] = SERIES, empty: str = NO_DATA):
    """A pie with its legend beside it: each item's label, figure and share (no labels on the
    slices, so that small slices never overlap)."""
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing

    fonts.register_fonts()
    total = sum(v for _l, v in items)
    if total <= 0:
        return no_data(empty)
    width = width or frame_width()
    size = height - 8
    drawing = Drawing(width, height)
    shown = [(i, v) for i, (_l, v) in enumerate(items) if v > 0]
    pie = Pie()
    pie.x, pie.y = 4, 4
    pie.width = pie.height = size
    pie.data = [float(v) for _i, v in shown]
    pie.labels = None
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.sameRadii = True
    for k, (i, _v) in enumerate(shown):
        pie.slices[k].fillColor = _color(colours[i % len(colours)])
        pie.slices[k].strokeColor = _color("#ffffff")
        pie.slices[k].strokeWidth = 1
    drawing.add(pie)
    legend = [(colours[i % len(colours)],
               f"{label}: {number(v)} ({number(100 * v / total)}%)")
              for i, (label, v) in enumerate(items)]
    rows = len(legend)
    row = LABEL_SIZE + 6
    start_y = height / 2 + rows * row / 2
    for k, item in enumerate(legend):
        _legend(drawing, [item], size + 18, start_y - k * row, max_width=width - size - 20)
    return drawing


def _value_axis(axis, top: float, step: float) -> None:
    """A value axis from 0 to ``top``: whole-number labels, light grid lines."""
    axis.valueMin, axis.valueMax = 0, top
    axis.valueStep = step
    axis.labelTextFormat = _int_label
    axis.labels.fontName = fonts.REGULAR
    axis.labels.fontSize = SMALL_SIZE
    axis.labels.fillColor = _color(MUTED)
    axis.strokeColor = _color(RULE)
    axis.visibleGrid = True
    axis.gridStrokeColor = _color(RULE)
    axis.gridStrokeWidth = 0.3
