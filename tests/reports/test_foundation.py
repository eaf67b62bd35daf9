"""The shared parts of every document: escaping, Italian formats, the page template, tables
that flow across pages, the registry's permission and audit rules."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import AuditAction, Role
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.reports import Document, Letterhead, render_bytes
from affido_app.reports import format as fmt
from affido_app.reports import layout as L
from affido_app.reports.text import blocks, clean, esc
from affido_app.services.documents import DocumentRequest, check_request, filename, prepare
from tests.reports.conftest import pdf_text, print_document

HOSTILE = ('<b>Rossi & figli</b> <img src="/etc/passwd"/> <a href="http://example.com">x</a> '
           '&amp; &nbsp; 😀 שלום مرحبا')


def _doc(story, *, confidential=True, logo=None) -> Document:
    return Document(kind="test", title="Documento di prova", story=story,
                    letterhead=Letterhead("Consorzio <Ovest> & Co", "Mi affido a te",
                                          "Via Roma 1, Collegno", logo),
                    confidential=confidential, printed_by="Carla Coordinatrice",
                    printed_at=dt.datetime(2026, 11, 21, 10, 30).astimezone())


def test_escaping_keeps_markup_literal_and_line_breaks():
    assert esc("<b>Rossi & figli</b>") == "&lt;b&gt;Rossi &amp; figli&lt;/b&gt;"
    assert esc("riga uno\r\nriga due") == "riga uno<br/>riga due"
    assert esc(None) == ""
    assert clean("a\x00b\x07c\td") == "abc    d"
    assert blocks("primo\n\n\nsecondo\n") == ["primo", "secondo"]


def test_hostile_text_prints_literally_and_loads_nothing(monkeypatch):
    opened = []
    import reportlab.lib.utils as rl_utils

    real_open = rl_utils.open_for_read
    monkeypatch.setattr(rl_utils, "open_for_read",
                        lambda name, *a, **k: opened.append(name) or real_open(name, *a, **k))
    story = [*L.title_block(HOSTILE, HOSTILE), L.key_box([("Nome", HOSTILE)]),
             *L.fields([("Nota", HOSTILE)]), *L.table(["Colonna"], [[HOSTILE]], [1.0]),
             *L.long_text(HOSTILE)]
    pdf, pages = render_bytes(_doc(story))
    text, _ = pdf_text(pdf)
    assert "<b>Rossi & figli</b>" in text
    assert '<img src="/etc/passwd"/>' in text
    assert "&amp; &nbsp;" in text
    # pypdf reads the Hebrew back in visual order; the emoji is drawn (DejaVu has it) but
    # reportlab's text map cannot name characters beyond U+FFFF, so it is not checked here
    assert "שלום" in text or "םולש" in text
    assert "مرحبا" in text or "ابحرم" in text
    assert not [name for name in opened if "passwd" in str(name) or "example" in str(name)]
    assert pages == 1


def test_a_huge_note_flows_across_pages_in_a_table_and_as_text():
    words = ("parola " * 15_000)[:100_000]
    story = [*L.fields([("Nota", words)]), *L.table(["A", "B"], [["x", words]], [0.2, 0.8]),
             *L.long_text(words), *L.long_text("x" * 100_000)]
    pdf, pages = render_bytes(_doc(story))
    text, _ = pdf_text(pdf)
    assert pages > 20
    assert f"Pagina {pages} di {pages}" in text


def test_page_template_header_footer_and_page_count():
    story = [*L.title_block("Titolo", "Sottotitolo"),
             *L.table(["N.", "Testo"], [[str(i), f"riga {i}"] for i in range(200)], [0.2, 0.8])]
    pdf, pages = render_bytes(_doc(story))
    text, _ = pdf_text(pdf)
    assert pages >= 3
    for n in range(1, pages + 1):
        assert f"Pagina {n} di {pages}" in text
    assert text.count("Testo") == pages  # the header row repeats on every page
    assert "Consorzio <Ovest> & Co" in text
    assert "Stampato il 21 novembre 2026, 10:30 da Carla Coordinatrice" in text
    assert text.count("RISERVATO") == pages
    plain, _ = pdf_text(render_bytes(_doc([L.para("niente")], confidential=False))[0])
    assert "RISERVATO" not in plain


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (80, 40), (40, 90, 140)).save(buf, format="PNG")
    return buf.getvalue()


def test_logo_prints_in_the_header_and_a_broken_one_is_left_out():
    from pypdf import PdfReader

    pdf, _ = render_bytes(_doc([L.para("con logo")], logo=_png()))
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    pdf, pages = render_bytes(_doc([L.para("logo rotto")], logo=b"not an image"))
    assert pages == 1 and not PdfReader(io.BytesIO(pdf)).pages[0].images


def test_empty_sections_and_tables_say_nessun_dato():
    story = [*L.section("Colloqui", []), *L.table(["A"], [], [1.0], empty="Nessun colloquio."),
             *L.fields([]), *L.long_text("  ")]
    text, _ = pdf_text(render_bytes(_doc(story))[0])
    assert "Colloqui" in text and "Nessun colloquio." in text
    assert text.count("Nessun dato.") == 3


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.5, 2, "1.234,50"), (Decimal("-1234567.005"), 2, "-1.234.567,01"), (0, 0, "0"),
    (999, 0, "999"), (1000, 0, "1.000"), (None, 0, "—"),
])
def test_italian_numbers(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_italian_dates_money_hours():
    day = dt.date(2026, 11, 21)
    assert fmt.date_long(day) == "21 novembre 2026"
    assert fmt.date_long(day, weekday=True) == "sabato 21 novembre 2026"
    assert fmt.date_short(day) == "21/11/2026"
    assert fmt.month_year(2026, 3) == "marzo 2026"
    assert fmt.period(day, dt.date(2026, 12, 31)) == "dal 21 novembre 2026 al 31 dicembre 2026"
    assert fmt.money(Decimal("12.3")) == "€ 12,30"
    assert fmt.hours(1) == "1 ora" and fmt.hours(2.5) == "2,5 ore"
    assert fmt.percent(1, 3) == "33%" and fmt.percent(1, 0) == "—"


def test_file_names_are_ascii():
    assert filename("Scheda anziano", "Nicolò D'Àrco") == "scheda-anziano-nicolo-d-arco.pdf"
    assert filename("", None) == "documento.pdf"


@pytest.mark.parametrize(("request_", "field"), [
    (DocumentRequest("nonsense", 1), "kind"),
    (DocumentRequest("elder"), "record_id"),
    (DocumentRequest("activity"), "date_from"),
    (DocumentRequest("activity", 3, date_from=dt.date(2026, 1, 1),
                     date_to=dt.date(2026, 2, 1)), "record_id"),
    (DocumentRequest("activity", date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 1)),
     "date_to"),
    (DocumentRequest("supervision", scope="period"), "date_from"),
    (DocumentRequest("supervision", 4, scope="everything"), "scope"),
])
def test_incomplete_requests_are_refused_with_a_message_per_field(request_, field):
    with pytest.raises(ValidationError) as caught:
        check_request(request_)
    assert field in caught.value.errors


def _session_id(database) -> int:
    from affido_app.db.models import TrainingSession

    with database.sessions() as s:
        return s.scalars(select(TrainingSession.id).order_by(TrainingSession.id)).first()


def test_printing_needs_permission_and_leaves_an_audit_row(demo_db, demo_actors):
    request = DocumentRequest("attendance", _session_id(demo_db))
    with demo_db.sessions() as s:
        before = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    with pytest.raises(PermissionDenied), demo_db.sessions.begin() as s:
        prepare(s, demo_actors[Role.READ_ONLY], request)
    print_document(demo_db, demo_actors[Role.COORDINATOR], request, output="preview")
    with demo_db.sessions() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
    assert [(r.action, r.entity, r.entity_id, r.user_id, r.detail) for r in rows] == [
        (AuditAction.PRINT, "training_sessions", request.record_id,
         demo_actors[Role.COORDINATOR].id, {"document": "attendance", "output": "preview"}),
    ]
