"""Building blocks every document is made of: sections, the key-data box, label/value lists,
tables that flow across pages with their header repeated, signature lines, "nessun dato".

Every value given to these helpers is user text and is escaped here (:func:`text.esc`); pass
already-built flowables (``Paragraph``…) only for markup the document writes itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from affido_app.reports.styles import ACCENT, BAND, RULE, styles
from affido_app.reports.text import esc, pieces

NO_DATA = "Nessun dato."


def mm(value: float) -> float:
    from reportlab.lib.units import mm

    return value * mm


def frame_width() -> float:
    from reportlab.lib.pagesizes import A4

    from affido_app.reports.styles import MARGIN_MM

    return A4[0] - 2 * mm(MARGIN_MM)


def para(value: Any, style=None):
    """A paragraph of user text (escaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(esc(value), style or styles().body)


def markup(text: str, style=None):
    """A paragraph of markup the document writes itself (never user text)."""
    from reportlab.platypus import Paragraph

    return Paragraph(text, style or styles().body)


def cell(value: Any, style=None):
    """A table cell: flowables pass through, anything else is escaped text."""
    from reportlab.platypus import Flowable

    if isinstance(value, Flowable):
        return value
    return para(value, style or styles().cell)


def title_block(title: str, subtitle: str | None = None) -> list:
    out = [para(title, styles().title)]
    if subtitle:
        out.append(para(subtitle, styles().subtitle))
    return out


def heading(title: str, level: int = 1):
    from reportlab.platypus import Paragraph

    st = styles()
    p = Paragraph(esc(title), st.h1 if level == 1 else st.h2)
    p.keepWithNext = True
    return p


def section(title: str, content: Iterable | None, *, empty: str = NO_DATA,
            level: int = 1) -> list:
    """A heading and its flowables; "Nessun dato." (or ``empty``) when there are none."""
    items = list(content or [])
    return [heading(title, level), *(items if items else [no_data(empty)])]


def no_data(text: str = NO_DATA):
    return para(text, styles().nodata)


def long_text(value: Any, *, empty: str = NO_DATA, style=None) -> list:
    """A note of any length as paragraphs that flow across pages (one per line; very long
    lines cut in pieces); blocks keep the space between them."""
    from reportlab.platypus import Paragraph

    parts = pieces(value)
    if not parts:
        return [no_data(empty)]
    style = style or styles().body
    line_style = _line_style(style)
    out = []
    for block in parts:
        for i, piece in enumerate(block):
            out.append(Paragraph(piece or "&#160;", style if i == len(block) - 1 else line_style))
    return out


@functools.cache
def _line_style(style):
    return style.clone(f"{style.name}_line", spaceAfter=0)


def key_box(pairs: Sequence[tuple[str, Any]], columns: int = 3):
    """The box under the title with the key data of the person or pair: label above value."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    st = styles()
    cells = [[para(label, st.label), para(value if value not in (None, "") else "—", st.value)]
             for label, value in pairs]
    rows = []
    for i in range(0, len(cells), columns):
        chunk = cells[i:i + columns]
        chunk += [""] * (columns - len(chunk))
        rows.append(chunk)
    width = frame_width() / columns
    table = Table(rows or [[""]], colWidths=[width] * columns, splitInRow=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(BAND)),
        ("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
        ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def fields(pairs: Sequence[tuple[str, Any]], *, label_width: float = 0.3,
           empty: str = NO_DATA) -> list:
    """A label/value list (two columns); values may be long and flow across pages."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    st = styles()
    rows = [[para(label, st.muted), cell(value if value not in (None, "") else "—")]
            for label, value in pairs]
    if not rows:
        return [no_data(empty)]
    width = frame_width()
    table = Table(rows, colWidths=[width * label_width, width * (1 - label_width)],
                  splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [table]


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float],
          *, right: Iterable[int] = (), total: Sequence[Any] | None = None,
          empty: str = NO_DATA, row_heights: float | None = None) -> list:
    """A data table: ``widths`` are fractions of the text width; the header row repeats on
    every page and a tall row is split between pages rather than overflowing. Columns in
    ``right`` are right-aligned (numbers). ``total`` adds a bold last row."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    st = styles()
    right = set(right)

    def row_cells(values: Sequence[Any], bold: bool = False) -> list:
        out = []
        for i, value in enumerate(values):
            style = st.cell_right if i in right else (st.cell_bold if bold else st.cell)
            if bold and i in right:
                style = st.cell_bold.clone("cell_total_right", alignment=st.cell_right.alignment)
            out.append(cell(value, style))
        return out

    body = [row_cells(r) for r in rows]
    if not body:
        return [no_data(empty)]
    head_right = st.cell_head.clone("cell_head_right", alignment=st.cell_right.alignment)
    data = [[cell(h, head_right if i in right else st.cell_head) for i, h in enumerate(headers)],
            *body]
    if total is not None:
        data.append(row_cells(total, bold=True))
    full = frame_width()
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, HexColor(RULE)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1 if total is None else -2),
         [HexColor("#ffffff"), HexColor("#f7f9fb")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total is not None:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, HexColor(ACCENT)))
    heights = None
    if row_heights is not None:
        heights = [None] + [row_heights] * len(body) + ([None] if total is not None else [])
    t = Table(data, colWidths=[full * w for w in widths], repeatRows=1, splitInRow=1,
              rowHeights=heights, hAlign="LEFT")
    t.setStyle(TableStyle(commands))
    return [t]


def signatures(labels: Sequence[str], *, place_date: bool = True) -> list:
    """Signature lines side by side (two or three per row), each with its label under it."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    st = styles()
    out: list = [Spacer(1, mm(6))]
    if place_date:
        out.append(para("Luogo e data: ______________________________", st.body))
        out.append(Spacer(1, mm(2)))
    per_row = 3 if len(labels) % 3 == 0 else 2
    gap = mm(10)
    width = (frame_width() - gap * (per_row - 1)) / per_row
    widths: list[float] = []
    for i in range(per_row):
        widths += [width] if i == 0 else [gap, width]
    rows, commands = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    for start in range(0, len(labels), per_row):
        chunk = list(labels[start:start + per_row])
        line_row, label_row = [], []
        for i in range(per_row):
            if i:
                line_row.append("")
                label_row.append("")
            label_row.append(para(chunk[i], st.small) if i < len(chunk) else "")
            line_row.append("")
            if i < len(chunk):
                commands.append(("LINEBELOW", (2 * i, len(rows)), (2 * i, len(rows)), 0.7,
                                 HexColor("#000000")))
        rows += [line_row, label_row]
    table = Table(rows, colWidths=widths, hAlign="LEFT",
                  rowHeights=[mm(18) if r % 2 == 0 else None for r in range(len(rows))])
    table.setStyle(TableStyle(commands))
    out.append(table)
    return [KeepTogether(out)]


def spacer(height_mm: float = 4):
    from reportlab.platypus import Spacer

    return Spacer(1, mm(height_mm))
