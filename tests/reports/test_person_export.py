"""A person's data export as a PDF: the same content as the JSON, one person only."""

from __future__ import annotations

from sqlalchemy import func, select

from affido_app.db.models import Elder, Fosterer, Match, StaffUser
from affido_app.reports import Letterhead, person_export, render_bytes
from affido_app.services import gdpr
from tests.reports.conftest import Role, pdf_text

LETTERHEAD = Letterhead("Consorzio Ovest Solidale", "Mi affido a te")


def _busiest(s, column):
    """The person with the most pairs (the richest export of the demo)."""
    return s.scalar(select(column).group_by(column).order_by(func.count().desc(), column)
                    .limit(1))


def _everyone(s):
    rows = [("elder", *r) for r in s.execute(
        select(Elder.id, Elder.last_name, Elder.first_name, Elder.codice_fiscale))]
    rows += [("fosterer", *r) for r in s.execute(
        select(Fosterer.id, Fosterer.last_name, Fosterer.first_name, Fosterer.codice_fiscale))]
    return rows


def test_pdf_of_a_demo_person_holds_their_data_and_nobody_elses(demo_db, demo_actors):
    admin = demo_actors[Role.ADMIN]
    with demo_db.sessions() as s:
        subjects = [("elder", _busiest(s, Match.elder_id)),
                    ("fosterer", _busiest(s, Match.fosterer_id))]
        everyone = _everyone(s)
        staff = list(s.scalars(select(StaffUser.full_name)))
    for kind, pid in subjects:
        with demo_db.sessions() as s:
            data = gdpr.person_export(s, admin, kind, pid)
        pdf, pages = render_bytes(person_export.build(data, LETTERHEAD))
        text, read_pages = pdf_text(pdf)
        flat = " ".join(text.split())
        assert read_pages == pages > 1
        me = next(p for p in everyone if p[:2] == (kind, pid))
        assert f"{me[2]} {me[3]}" in flat and me[4] in flat
        for title in ("Esportazione dei dati personali", "Avvertenze", "Scheda",
                      "Storia dello stato", "Consensi", "Colloqui", "Abbinamenti",
                      "Registro degli accessi", "RISERVATO"):
            assert title in flat, title
        if kind == "fosterer":
            assert "Rimborsi spese" in flat and "Formazione" in flat
        for other in everyone:
            if other[:2] == (kind, pid):
                continue
            for needle in (f"{other[2]} {other[3]}", f"{other[3]} {other[2]}", other[4]):
                assert not needle or needle not in flat, (kind, pid, other[:2])
        assert not [n for n in staff if n in flat]
        assert "Stampato il" in flat and "un operatore con profilo Amministratore" in flat


def test_user_text_prints_literally_and_empty_sections_say_so():
    data = {
        "Documento": "Esportazione", "Tipo di persona": "Anziano", "Codice della scheda": 9,
        "Generato il": "2026-11-21T10:30+01:00", "Avvertenze": ["Nota <b>di prova</b>"],
        "Scheda": {"Cognome": "Rossi & figli", "Nome": "<b>Ada</b>", "Data di nascita":
                   "1940-03-09", "Usa la carrozzina": False, "Interessi": ["Musica", "Carte"]},
        "Persone di riferimento": [],
        "Storia dello stato": [{"Data": "2026-01-02", "Nuovo stato": "Segnalato",
                                "Nota": "<img src='x.png'/> ok"}],
    }
    pdf, _pages = render_bytes(person_export.build(data, LETTERHEAD))
    flat = " ".join(pdf_text(pdf)[0].split())
    assert "Rossi & figli <b>Ada</b>" in flat
    assert "Nota <b>di prova</b>" in flat
    assert "<img src='x.png'/> ok" in flat
    assert "9 marzo 1940" in flat and "Musica, Carte" in flat and "No" in flat
    assert "Nessun dato." in flat  # no reference person
    assert person_export.text_of(None) == "—" and person_export.text_of(True) == "Sì"
    assert person_export.text_of(3.5) == "3,5"
