"""Documents about a pair: the supervision report (a pair, every pair of a fosterer, a period)
and the foster agreement to sign, rendered from demo data and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from affido_app.db.models import (
    AuditEvent,
    Elder,
    Fosterer,
    Match,
    SupervisionNote,
    SupervisionSession,
)
from affido_app.domain.enums import AuditAction, MatchStatus, Role
from affido_app.errors import ValidationError
from affido_app.reports import format as fmt
from affido_app.reports.supervision import NO_MEETINGS, OMITTED
from affido_app.services.documents import DocumentRequest, prepare
from affido_app.services.settings import set_setting
from tests.reports.conftest import print_document


def flat(text: str) -> str:
    """Text read back from a PDF with line breaks and runs of spaces made single spaces."""
    return " ".join(text.replace("\xa0", " ").split())


def _name(model, person_id: int, s) -> str:
    last, first = s.execute(select(model.last_name, model.first_name)
                            .where(model.id == person_id)).one()
    return f"{last} {first}"


def _busiest_active_pair(database) -> dict:
    """The active pair with the most supervision meetings, its names and meeting days."""
    with database.sessions() as s:
        match_id = s.execute(
            select(SupervisionNote.match_id)
            .join(Match, Match.id == SupervisionNote.match_id)
            .where(Match.status == MatchStatus.ACTIVE)
            .group_by(SupervisionNote.match_id)
            .order_by(func.count().desc(), SupervisionNote.match_id).limit(1)
        ).scalar_one()
        match = s.get(Match, match_id)
        days = [held.astimezone().date() for held in s.scalars(
            select(SupervisionSession.held_at)
            .join(SupervisionNote, SupervisionNote.session_id == SupervisionSession.id)
            .where(SupervisionNote.match_id == match_id)
            .order_by(SupervisionSession.held_at))]
        return {"id": match_id, "elder_id": match.elder_id, "fosterer_id": match.fosterer_id,
                "elder": _name(Elder, match.elder_id, s),
                "fosterer": _name(Fosterer, match.fosterer_id, s), "days": days}


def _mark_note(database, match_id: int, **values) -> int:
    """Write texts into the pair's latest note as stored data (no service length limit)."""
    with database.sessions.begin() as s:
        note = s.scalars(
            select(SupervisionNote).join(SupervisionSession)
            .where(SupervisionNote.match_id == match_id)
            .order_by(SupervisionSession.held_at.desc()).limit(1)
        ).one()
        for key, value in values.items():
            setattr(note, key, value)
        return note.id


def _print_audit(database, actor) -> AuditEvent:
    with database.sessions() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.user_id == actor.id,
                                                  AuditEvent.action == AuditAction.PRINT)
                         .order_by(AuditEvent.id.desc()).limit(1)).one()


# --- supervision: one pair ----------------------------------------------------------------------

def test_pair_report_lists_every_meeting_in_date_order(demo_db, demo_actors):
    pair = _busiest_active_pair(demo_db)
    assert len(pair["days"]) >= 3
    actor = demo_actors[Role.PSYCHOLOGIST]
    text, pages, document, _ = print_document(demo_db, actor,
                                              DocumentRequest("supervision", pair["id"]))
    body = flat(text)
    assert "Relazione di supervisione" in body
    assert pair["elder"] in body and pair["fosterer"] in body
    assert "Frequenza della supervisione ogni 30 giorni" in body
    assert f"Incontri di supervisione ({len(pair['days'])})" in body
    # the meetings in date order, each with its day, who led it and the recorded levels
    positions = [body.index(f"{i}. Incontro di {fmt.date_long(day, weekday=True)}")
                 for i, day in enumerate(pair["days"], start=1)]
    assert positions == sorted(positions)
    assert body.count("Condotto da") == len(pair["days"])
    assert "Benessere dell'anziano" in body and "Andamento dell'affido" in body
    assert f"Ultima supervisione {fmt.date_long(pair['days'][-1])}" in body
    assert "Obiettivi e note dell'abbinamento" in body and "Situazioni di rischio" in body
    assert f"Pagina 1 di {pages}" in body and f"Pagina {pages} di {pages}" in body
    assert "RISERVATO" in body
    assert document.subject == f"{pair['elder']} – {pair['fosterer']}"
    assert document.filename.startswith("relazione-supervisione-") and document.filename.isascii()
    audit = _print_audit(demo_db, actor)
    assert (audit.entity, audit.entity_id) == ("matches", pair["id"])
    assert (audit.elder_id, audit.fosterer_id) == (pair["elder_id"], pair["fosterer_id"])
    assert audit.detail["scope"] == "pair"


def test_confidential_notes_only_for_who_may_read_them(demo_db, demo_actors):
    pair = _busiest_active_pair(demo_db)
    secret = "Il figlio chiede di non essere contattato: tensioni in famiglia."
    closing = "Rischio rientrato dopo il colloquio con il medico di base."
    _mark_note(demo_db, pair["id"], problems=secret, risk_flag=True,
               risk_closed_at=dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC),
               risk_closing_note=closing)
    request = DocumentRequest("supervision", pair["id"])

    # the coordinator did not take part in the demo meetings: levels and dates, no texts
    text, *_ = print_document(demo_db, demo_actors[Role.COORDINATOR], request)
    body = flat(text)
    assert secret not in body and closing not in body
    assert "Andamento dell'affido" not in body
    assert body.count(flat(OMITTED)) == len(pair["days"])
    assert "Benessere dell'anziano" in body
    assert "Chiusa il 10 gennaio 2026" in body  # the risk and its closing date are metadata

    text, *_ = print_document(demo_db, demo_actors[Role.PSYCHOLOGIST], request)
    body = flat(text)
    assert secret in body and closing in body
    assert "Problemi emersi" in body
    assert flat(OMITTED) not in body


def test_open_risk_stands_out(demo_db, demo_actors):
    pair = _busiest_active_pair(demo_db)
    _mark_note(demo_db, pair["id"], risk_flag=True, risk_closed_at=None,
               agreed_actions="Sentire i familiari entro la settimana.")
    text, *_ = print_document(demo_db, demo_actors[Role.PSYCHOLOGIST],
                              DocumentRequest("supervision", pair["id"]))
    body = flat(text)
    assert "Rischi aperti 1" in body
    assert "Sì, ancora aperta" in body
    assert "Aperta Azioni concordate: Sentire i familiari entro la settimana." in body


def test_pair_without_supervision_says_so(demo_db, demo_actors):
    with demo_db.sessions() as s:
        match_id = s.execute(
            select(Match.id).where(~Match.id.in_(select(SupervisionNote.match_id)))
            .order_by(Match.id).limit(1)).scalar_one()
    text, pages, *_ = print_document(demo_db, demo_actors[Role.COORDINATOR],
                                     DocumentRequest("supervision", match_id))
    body = flat(text)
    assert NO_MEETINGS in body
    assert "Ultima supervisione nessuna" in body
    assert "Nessuna situazione di rischio segnalata." in body
    assert pages == 1 and "Pagina 1 di 1" in body


# --- supervision: every pair of a fosterer ------------------------------------------------------

def test_fosterer_report_has_each_pair_one_after_the_other(demo_db, demo_actors):
    with demo_db.sessions() as s:
        fosterer_id = s.execute(
            select(Match.fosterer_id).join(SupervisionNote, SupervisionNote.match_id == Match.id)
            .group_by(Match.fosterer_id)
            .order_by(func.count(func.distinct(Match.id)).desc(), Match.fosterer_id).limit(1)
        ).scalar_one()
        fosterer = _name(Fosterer, fosterer_id, s)
        elders = [_name(Elder, eid, s) for eid in
                  s.scalars(select(Match.elder_id).where(Match.fosterer_id == fosterer_id))]
    assert len(elders) >= 2
    actor = demo_actors[Role.SOCIAL_WORKER]
    text, pages, document, _ = print_document(
        demo_db, actor, DocumentRequest("supervision", fosterer_id, scope="fosterer"))
    body = flat(text)
    assert fosterer in body and document.subject == fosterer
    assert "Abbinamenti dell'affidatario" in body
    for elder in elders:  # one section per pair (an elder may have had two with them)
        assert body.count(f"Abbinamento con {elder}") == elders.count(elder)
    assert body.count("Incontri di supervisione") >= len(elders)
    assert f"Pagina 1 di {pages}" in body and pages > len(elders)
    audit = _print_audit(demo_db, actor)
    assert (audit.entity, audit.entity_id, audit.fosterer_id) == ("fosterers", fosterer_id,
                                                                 fosterer_id)


# --- supervision: a period ----------------------------------------------------------------------

def test_period_report_summarises_pairs_then_meetings_by_pair(demo_db, demo_actors):
    with demo_db.sessions() as s:
        last = s.scalar(select(func.max(SupervisionSession.held_at))).astimezone().date()
    start, end = last - dt.timedelta(days=40), last
    with demo_db.sessions() as s:
        in_period = s.execute(
            select(Elder.last_name, Elder.first_name, Fosterer.last_name, Fosterer.first_name)
            .select_from(SupervisionNote)
            .join(SupervisionSession).join(Match, Match.id == SupervisionNote.match_id)
            .join(Elder, Elder.id == Match.elder_id)
            .join(Fosterer, Fosterer.id == Match.fosterer_id)
            .where(SupervisionSession.held_at
                   >= dt.datetime.combine(start, dt.time()).astimezone())
            .distinct()).all()
    assert in_period
    text, pages, document, _ = print_document(
        demo_db, demo_actors[Role.PSYCHOLOGIST],
        DocumentRequest("supervision", scope="period", date_from=start, date_to=end))
    body = flat(text)
    assert f"Periodo: {fmt.period(start, end)}" in body
    table = body.index("Abbinamenti supervisionati o in scadenza nel periodo")
    meetings = body.index("Incontri del periodo")
    assert table < meetings
    for e_last, e_first, f_last, f_first in in_period:
        pair = f"{e_last} {e_first} – {f_last} {f_first}"
        assert table < body.index(pair) < meetings       # in the summary
        assert pair in body[meetings:]                    # and as a group of meetings
    assert "In regola" in body
    assert f"Pagina 1 di {pages}" in body
    assert document.filename == (f"relazione-supervisione-{start.isoformat()}-"
                                 f"{end.isoformat()}.pdf")


def test_period_report_marks_overdue_pairs(demo_db, demo_actors):
    today = dt.date.today()
    text, *_ = print_document(
        demo_db, demo_actors[Role.COORDINATOR],
        DocumentRequest("supervision", scope="period", date_from=today - dt.timedelta(days=60),
                        date_to=today))
    body = flat(text)
    # the demo leaves a few running pairs unsupervised on purpose
    assert re.search(r"In ritardo di \d+ giorni", body)
    assert body.index("In ritardo di") < body.index("In regola")


@pytest.mark.parametrize("dates", [{}, {"date_from": dt.date(2026, 1, 1)},
                                   {"date_to": dt.date(2026, 1, 31)}])
def test_period_report_needs_both_dates(demo_db, demo_actors, dates):
    with demo_db.sessions.begin() as s, pytest.raises(ValidationError) as error:
        prepare(s, demo_actors[Role.COORDINATOR],
                DocumentRequest("supervision", scope="period", **dates))
    assert "date_from" in error.value.errors


# --- long and hostile notes ---------------------------------------------------------------------

HOSTILE = ('Nota <b>Rossi & figli</b> con <img src="x"> e &amp; 😀 שלום עולם مرحبا بكم; '
           'la signora racconta della sua giornata, delle visite e dei vicini. ')


def test_huge_note_with_markup_prints_literally_across_many_pages(demo_db, demo_actors,
                                                                   monkeypatch):
    opened = []
    import reportlab.lib.utils as rl_utils

    real_open = rl_utils.open_for_read
    monkeypatch.setattr(rl_utils, "open_for_read",
                        lambda name, *a, **k: opened.append(name) or real_open(name, *a, **k))
    pair = _busiest_active_pair(demo_db)
    paragraph = HOSTILE * 12
    note = "\n\n".join([paragraph] * 200)[:60_000] + " " + HOSTILE * 400  # one huge line too
    note = note[:100_000]
    assert len(note) == 100_000
    _mark_note(demo_db, pair["id"], how_it_goes=note)
    text, pages, _, pdf = print_document(demo_db, demo_actors[Role.PSYCHOLOGIST],
                                         DocumentRequest("supervision", pair["id"]))
    body = flat(text)
    assert pages >= 20
    literal = '<b>Rossi & figli</b> con <img src="x"> e &amp;'
    # every copy prints literally (one per page may be cut by the page's header and footer)
    assert note.count(literal) - pages <= body.count(literal) <= note.count(literal)
    assert "שלום" in body or "םולש" in body
    assert f"Pagina {pages} di {pages}" in body
    assert "Situazioni di rischio" in body  # what follows the note is still there
    assert not [name for name in opened if str(name).endswith("x")]
    assert b"/Subtype /Image" not in pdf


# --- the foster agreement -----------------------------------------------------------------------

def test_agreement_names_the_parties_and_the_clauses(demo_db, demo_actors):
    pair = _busiest_active_pair(demo_db)
    actor = demo_actors[Role.COORDINATOR]
    text, pages, document, _ = print_document(demo_db, actor,
                                              DocumentRequest("agreement", pair["id"]))
    body = flat(text)
    assert "Patto di affido" in body and 2 <= pages <= 3
    assert f"Pagina 1 di {pages}" in body
    # the three parties, with a line for who signs on the elder's behalf
    assert pair["elder"] in body and pair["fosterer"] in body
    assert "Eventuale rappresentante" in body and "amministratore di sostegno" in body
    assert "Consorzio Ovest Solidale" in body and "Marco Bertolino" in body
    with demo_db.sessions() as s:
        started = s.get(Match, pair["id"]).started_on
    assert f"Data di avvio {fmt.date_long(started)}" in body
    for clause in ("Art. 1 – Oggetto e natura dell'affido", "non somministra farmaci",
                   "non maneggia denaro", "non firma documenti", "Art. 6 – Riservatezza",
                   "almeno ogni 30 giorni", "€ 0,30 per chilometro",
                   "responsabilità civile verso terzi", "preavviso di quindici giorni",
                   "Regolamento (UE) 2016/679", "Art. 10 – Trattamento dei dati personali"):
        assert clause in body, clause
    assert body.count("Art. ") == 10
    assert "Luogo e data" in body and "Letto, confermato e sottoscritto" in body
    assert document.filename.startswith("patto-di-affido-") and document.filename.isascii()
    audit = _print_audit(demo_db, actor)
    assert (audit.elder_id, audit.fosterer_id) == (pair["elder_id"], pair["fosterer_id"])


def test_agreement_uses_the_rate_in_force(demo_db, demo_actors):
    pair = _busiest_active_pair(demo_db)
    with demo_db.sessions.begin() as s:
        set_setting(s, demo_actors[Role.ADMIN], "expenses.km_rate", "0.355")
    text, *_ = print_document(demo_db, demo_actors[Role.COORDINATOR],
                              DocumentRequest("agreement", pair["id"]))
    assert "rimborsati a € 0,355 per chilometro" in flat(text)
