"""The supervision report of one pair, about 20 pages, against plain reportlab drawing the same
text.

The pair with the most meetings in the benchmark's demo part gets long notes (realistic Italian
paragraphs, written as stored data) until its report is about :data:`PAGES` pages. The
application's path is what printing it does: ``services.documents.prepare`` (reading the data,
the audit row) and ``reports.render_bytes`` (page template, header, footer, "Pagina N di M").
The floor lays out the same texts, one ``Paragraph`` each, with a bare ``SimpleDocTemplate`` in the
same font.
"""

from __future__ import annotations

from affido_app.bench.common import Row, Run, median_time

PAGES = 20
PARAGRAPH = (
    "La signora racconta con piacere le uscite al mercato del giovedì e le telefonate serali; "
    "l'affidataria riferisce che gli incontri si svolgono con regolarità, che la relazione è "
    "serena e che si sono concordate piccole attività in comune: la spesa, una passeggiata al "
    "parco, la lettura del giornale. Emergono a tratti stanchezza e qualche preoccupazione per "
    "la salute del fratello; si concorda di sentire il medico di base e di aggiornare la "
    "figlia. ")


def _busiest_pair(run: Run) -> int:
    from sqlalchemy import func, select

    from affido_app.db.models import SupervisionNote

    with run.db.sessions() as s:
        return int(s.scalar(select(SupervisionNote.match_id).group_by(SupervisionNote.match_id)
                            .order_by(func.count().desc(), SupervisionNote.match_id).limit(1)))


def _fill_notes(run: Run, match_id: int, paragraphs: int) -> None:
    from sqlalchemy import select

    from affido_app.db.models import SupervisionNote

    with run.db.sessions.begin() as s:
        for note in s.scalars(select(SupervisionNote).where(SupervisionNote.match_id == match_id)):
            note.how_it_goes = "\n\n".join([PARAGRAPH * 2] * paragraphs)
            note.problems = PARAGRAPH
            note.agreed_actions = PARAGRAPH


def _texts(flowables) -> list[str]:
    """The text of every paragraph of a story, tables and kept-together groups included."""
    from reportlab.platypus import Paragraph

    out: list[str] = []
    for f in flowables:
        if isinstance(f, Paragraph):
            out.append(f.text)
        elif hasattr(f, "_cellvalues"):
            for cells in f._cellvalues:
                for cell in cells:
                    out += _texts(cell if isinstance(cell, (list, tuple)) else [cell])
        elif hasattr(f, "_content"):
            out += _texts(f._content)
        elif isinstance(f, str) and f.strip():
            out.append(f)
    return out


def measure(run: Run) -> Row:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from affido_app.reports import fonts, render_bytes
    from affido_app.services.documents import DocumentRequest, prepare

    row = Row("report", f"relazione di supervisione di circa {PAGES} pagine", "s", max_ratio=2)
    actor = run.actor("psicologa")  # a psychologist reads the notes: they are printed
    match_id = _busiest_pair(run)
    request = DocumentRequest("supervision", match_id)

    def document():
        with run.db.sessions.begin() as s:
            return prepare(s, actor, request, output="file")

    paragraphs, pages = 2, 0
    for _ in range(6):  # grow the notes until the report has about PAGES pages
        _fill_notes(run, match_id, paragraphs)
        pages = render_bytes(document())[1]
        if pages >= PAGES:
            break
        paragraphs = max(paragraphs + 1, round(paragraphs * PAGES / max(pages, 1) + 0.5))

    def app():
        return render_bytes(document())

    texts = _texts(document().story)
    fonts.register_fonts()
    style = ParagraphStyle("plain", fontName=fonts.REGULAR, fontSize=10, leading=13)

    def floor():
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4).build([Paragraph(t, style) for t in texts])
        return out.getvalue()

    repeat = max(2, run.repeat // 2)
    row.value = median_time(app, repeat)
    row.floor = median_time(floor, repeat)
    row.details = {"pagine": app()[1], "paragrafi": len(texts)}
    return row
