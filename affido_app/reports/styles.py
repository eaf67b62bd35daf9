"""The look shared by every document: colours, paragraph styles, table styles."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from affido_app.reports import fonts

INK = "#1f2933"
ACCENT = "#2f5d8a"
MUTED = "#5f6b76"
RULE = "#c5ccd3"
BAND = "#eef2f6"
WARN = "#9a3412"

MARGIN_MM = 18
HEADER_MM = 22
FOOTER_MM = 16


@dataclass(frozen=True)
class Styles:
    title: object
    subtitle: object
    h1: object
    h2: object
    body: object
    small: object
    muted: object
    label: object
    value: object
    cell: object
    cell_bold: object
    cell_right: object
    cell_head: object
    nodata: object
    warning: object


@functools.cache
def styles() -> Styles:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    fonts.register_fonts()
    ink, accent, muted = HexColor(INK), HexColor(ACCENT), HexColor(MUTED)
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=13,
                          textColor=ink, spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, spaceAfter=0)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=17,
                             leading=21, textColor=accent, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10.5, leading=14,
                                textColor=muted, spaceAfter=10),
        h1=ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=12, leading=15,
                          textColor=accent, spaceBefore=12, spaceAfter=5),
        h2=ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=10, leading=13,
                          spaceBefore=7, spaceAfter=3),
        body=body,
        small=small,
        muted=ParagraphStyle("muted", parent=small, textColor=muted),
        label=ParagraphStyle("label", parent=small, fontSize=7.5, leading=9.5,
                             textColor=muted),
        value=ParagraphStyle("value", parent=body, fontName=fonts.BOLD, spaceAfter=0),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.BOLD, fontSize=8,
                                 textColor=HexColor("#ffffff")),
        nodata=ParagraphStyle("nodata", parent=body, fontName=fonts.ITALIC, textColor=muted),
        warning=ParagraphStyle("warning", parent=body, fontName=fonts.BOLD,
                               textColor=HexColor(WARN)),
    )
