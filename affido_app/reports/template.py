"""The page every document is printed on: A4, a header with the organisation's logo and name and
the document's title, a footer with the print date, "Pagina N di M" and, on documents with
personal data, the confidentiality mark."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import BinaryIO

from affido_app.reports import fonts
from affido_app.reports.format import datetime_long
from affido_app.reports.styles import (
    ACCENT,
    FOOTER_MM,
    HEADER_MM,
    INK,
    MARGIN_MM,
    MUTED,
    RULE,
    WARN,
)
from affido_app.reports.text import clean

log = logging.getLogger(__name__)

CONFIDENTIAL_MARK = ("RISERVATO · contiene dati personali: non lasciare incustodito, "
                     "non fotocopiare, non diffondere")


@dataclass(frozen=True)
class Letterhead:
    """The organisation, from the office's settings."""

    org_name: str
    project: str = ""
    address: str = ""
    logo: bytes | None = None


@dataclass
class Document:
    """A document ready to render: its story (reportlab flowables) and what the page shows."""

    kind: str
    title: str
    story: list
    letterhead: Letterhead
    confidential: bool
    printed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    printed_by: str | None = None
    #: a suggested file name, ASCII, ending in .pdf
    filename: str = "documento.pdf"
    #: who or what the document is about (header of the pages after the first)
    subject: str | None = None
    #: ``elder_id`` / ``fosterer_id`` of the person the document is about, for the audit rows
    #: of where it went (a print or a save made later from the preview)
    audit_ids: dict[str, int] = field(default_factory=dict)


def render(document: Document, out: BinaryIO) -> int:
    """Write the PDF into ``out`` (any binary file object); returns the number of pages.

    The story is consumed: render a :class:`Document` once."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    fonts.register_fonts()
    width, height = A4
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=(MARGIN_MM + HEADER_MM - 8) * mm, bottomMargin=(MARGIN_MM + FOOTER_MM - 8) * mm,
        title=document.title, author=clean(document.letterhead.org_name), creator="Affido",
        subject=document.title, lang="it-IT",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    painter = _PagePainter(document, width, height)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=painter)])
    canvas_class = _numbered_canvas(painter)
    doc.build(list(document.story), canvasmaker=canvas_class)
    return painter.pages


class _PagePainter:
    """Header and footer of each page (the page count is drawn when the document is done)."""

    def __init__(self, document: Document, width: float, height: float):
        self.document = document
        self.width, self.height = width, height
        self.pages = 0
        self._logo = _logo_reader(document.letterhead.logo)

    def __call__(self, canvas, _doc) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.units import mm

        d, lh = self.document, self.document.letterhead
        left, right = MARGIN_MM * mm, self.width - MARGIN_MM * mm
        top = self.height - MARGIN_MM * mm + 4 * mm
        canvas.saveState()
        x = left
        if self._logo is not None:
            iw, ih = self._logo.getSize()
            h = 13 * mm
            w = min(h * iw / ih, 40 * mm) if ih else h
            canvas.drawImage(self._logo, left, top - h, width=w, height=h,
                             preserveAspectRatio=True, anchor="sw", mask="auto")
            x = left + w + 4 * mm
        canvas.setFillColor(HexColor(INK))
        canvas.setFont(fonts.BOLD, 10)
        canvas.drawString(x, top - 4 * mm, _fit(canvas, clean(lh.org_name), fonts.BOLD, 10,
                                                 (right - x) * 0.55))
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(HexColor(MUTED))
        second = " · ".join(p for p in (clean(lh.project), clean(lh.address)) if p)
        if second:
            canvas.drawString(x, top - 8.5 * mm, _fit(canvas, second, fonts.REGULAR, 8,
                                                       (right - x) * 0.55))
        canvas.setFont(fonts.BOLD, 9)
        canvas.setFillColor(HexColor(ACCENT))
        canvas.drawRightString(right, top - 4 * mm,
                               _fit(canvas, d.title, fonts.BOLD, 9, (right - left) * 0.42))
        if d.subject and canvas.getPageNumber() > 1:
            canvas.setFont(fonts.REGULAR, 8)
            canvas.setFillColor(HexColor(MUTED))
            canvas.drawRightString(right, top - 8.5 * mm,
                                   _fit(canvas, clean(d.subject), fonts.REGULAR, 8,
                                        (right - left) * 0.42))
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.6)
        line_y = top - 15 * mm
        canvas.line(left, line_y, right, line_y)

        bottom = MARGIN_MM * mm - 4 * mm
        canvas.line(left, bottom + 9 * mm, right, bottom + 9 * mm)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        printed = f"Stampato il {datetime_long(d.printed_at)}"
        if d.printed_by:
            printed += f" da {clean(d.printed_by)}"
        canvas.drawString(left, bottom + 5 * mm, _fit(canvas, printed, fonts.REGULAR, 7.5,
                                                       (right - left) * 0.7))
        if d.confidential:
            canvas.setFont(fonts.BOLD, 7.5)
            canvas.setFillColor(HexColor(WARN))
            canvas.drawString(left, bottom + 1 * mm, CONFIDENTIAL_MARK)
        canvas.restoreState()

    def page_number(self, canvas, total: int) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.units import mm

        self.pages = total
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        canvas.drawRightString(self.width - MARGIN_MM * mm, MARGIN_MM * mm + 1 * mm,
                               f"Pagina {canvas.getPageNumber()} di {total}")
        canvas.restoreState()


def _numbered_canvas(painter: _PagePainter):
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps each finished page until the end, then stamps "Pagina N di M" on all."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                painter.page_number(self, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _fit(canvas, text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" to fit ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _logo_reader(data: bytes | None):
    """The organisation's logo, or None when there is none or it cannot be read (the document
    prints without it)."""
    if not data:
        return None
    import io

    from reportlab.lib.utils import ImageReader

    try:
        reader = ImageReader(io.BytesIO(data))
        reader.getSize()
        return reader
    except Exception:  # a broken image must not stop printing
        log.warning("logo dell'ente non leggibile: stampato senza logo")
        return None
