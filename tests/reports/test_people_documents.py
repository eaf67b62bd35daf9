"""Elder summary, fosterer dossier and interview record: rendered from demo data and read back."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from affido_app.db.models import (
    AuditEvent,
    Elder,
    ElderContact,
    Fosterer,
    HouseholdMember,
    Interview,
    InterviewInterviewer,
    Match,
    StaffUser,
)
from affido_app.domain import permissions
from affido_app.domain.enums import INTERVIEW_SECTIONS, DocumentKind, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import PermissionDenied
from affido_app.reports.elder import HEALTH_HIDDEN
from affido_app.reports.format import date_long
from affido_app.services import interviews, people
from affido_app.services.common import today
from affido_app.services.documents import DocumentRequest
from tests.reports.conftest import print_document

HOSTILE_NAME = "<b>Rossi & figli</b>"
HOSTILE = (f'{HOSTILE_NAME} <img src="/etc/passwd"/> &amp; &nbsp; 😀 '
           "שלום עולם · مرحبا بالعالم")
HEALTH = "Diabete di tipo 2 ben compensato"


def flat(text: str) -> str:
    """The PDF text with every run of whitespace as one space (cells wrap lines)."""
    return " ".join(text.split())


def _prints(database, entity: str, entity_id: int) -> list[AuditEvent]:
    with database.sessions() as s:
        return list(s.scalars(
            select(AuditEvent).where(AuditEvent.action == "print", AuditEvent.entity == entity,
                                     AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)))


def _audit_count(database) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent))


def _richest_elder(database) -> int:
    """The demo elder with the most contacts, pairs and interviews."""
    with database.sessions() as s:
        score = (
            select(func.count()).select_from(ElderContact)
            .where(ElderContact.elder_id == Elder.id).scalar_subquery()
            + select(func.count()).select_from(Match)
            .where(Match.elder_id == Elder.id).scalar_subquery()
            + select(func.count()).select_from(Interview)
            .where(Interview.elder_id == Elder.id).scalar_subquery()
        )
        return s.scalar(select(Elder.id).order_by(score.desc(), Elder.id).limit(1))


def _richest_fosterer(database) -> int:
    with database.sessions() as s:
        score = (
            select(func.count()).select_from(Match)
            .where(Match.fosterer_id == Fosterer.id).scalar_subquery()
            + select(func.count()).select_from(HouseholdMember)
            .where(HouseholdMember.fosterer_id == Fosterer.id).scalar_subquery()
            + select(func.count()).select_from(Interview)
            .where(Interview.fosterer_id == Fosterer.id).scalar_subquery()
        )
        return s.scalar(select(Fosterer.id).order_by(score.desc(), Fosterer.id).limit(1))


def _set_health(database, actor, elder_id: int) -> None:
    with database.sessions.begin() as s:
        version = s.get(Elder, elder_id).version
        people.update_elder(s, actor, elder_id, {"chronic_conditions": HEALTH,
                                                 "fragility_physical_notes": "Cammina poco."},
                            expected_version=version)


def _interview_of(database, username: str, *, participant: bool) -> int:
    """A demo interview with texts that ``username`` did (or did not) conduct nor record."""
    with database.sessions() as s:
        staff_id = s.scalar(select(StaffUser.id).where(StaffUser.username == username))
        took_part = select(InterviewInterviewer.interview_id).where(
            InterviewInterviewer.staff_id == staff_id)
        mine = Interview.id.in_(took_part) | (Interview.created_by_id == staff_id)
        return s.scalar(select(Interview.id).where(mine if participant else ~mine,
                                                   Interview.motivation.is_not(None))
                        .order_by(Interview.id).limit(1))


# --- elder summary ------------------------------------------------------------------------------

def test_elder_summary_shows_the_whole_record_from_demo_data(demo_db, demo_actors):
    coordinator = demo_actors[Role.COORDINATOR]
    elder_id = _richest_elder(demo_db)
    _set_health(demo_db, coordinator, elder_id)
    with demo_db.sessions() as s:
        elder = s.get(Elder, elder_id)
        name, cf, born = f"{elder.last_name} {elder.first_name}", elder.codice_fiscale, \
            elder.birth_date
        contacts = [c.name for c in elder.contacts]
        fosterers = [f"{f.last_name} {f.first_name}" for f in s.scalars(
            select(Fosterer).join(Match, Match.fosterer_id == Fosterer.id)
            .where(Match.elder_id == elder_id))]
        secrets = [t for i in s.scalars(select(Interview).where(Interview.elder_id == elder_id))
                   for t in (i.motivation, i.notes, i.critical_points, i.recommendation) if t]
    assert contacts and fosterers and secrets

    text, pages, document, _ = print_document(
        demo_db, coordinator, DocumentRequest("elder", elder_id))
    flat_text = flat(text)
    assert "Scheda anziano" in text
    for expected in (name, cf, date_long(born), *contacts, *fosterers,
                     "Dati anagrafici e recapiti", "Persone di riferimento e familiari",
                     "Bisogni e preferenze", "Interessi e lingue", "Giorni e orari preferiti",
                     "Salute e fragilità", "Consensi al trattamento dei dati", "Colloqui",
                     "Abbinamenti", "Storia dello stato", "Valutazione di accesso",
                     HEALTH, "Cammina poco."):
        assert expected in flat_text, expected
    assert HEALTH_HIDDEN not in flat_text
    for secret in secrets:  # interviews are listed without their confidential texts
        assert flat(secret) not in flat_text
    assert 2 <= pages <= 6
    assert "Pagina 1 di" in text and f"Pagina {pages} di {pages}" in text
    assert "RISERVATO" in text
    assert document.filename.startswith("scheda-anziano-") and document.filename.isascii()


def test_health_data_are_left_out_for_a_profile_that_may_not_read_them(demo_db, demo_actors,
                                                                         monkeypatch):
    coordinator = demo_actors[Role.COORDINATOR]
    elder_id = _richest_elder(demo_db)
    _set_health(demo_db, coordinator, elder_id)
    # no default role may print an elder without reading health data: an office may set one
    limited = permissions.MATRIX[Role.SOCIAL_WORKER] - {(Action.READ_SENSITIVE, Resource.ELDER)}
    monkeypatch.setitem(permissions.MATRIX, Role.SOCIAL_WORKER, limited)
    before = _audit_count(demo_db)

    text, _pages, _doc, _ = print_document(
        demo_db, demo_actors[Role.SOCIAL_WORKER], DocumentRequest("elder", elder_id))
    flat_text = flat(text)
    assert HEALTH_HIDDEN in flat_text
    assert HEALTH not in flat_text and "Cammina poco." not in flat_text
    assert "Salute e fragilità" in flat_text
    # the print is audited, no read of sensitive fields is
    with demo_db.sessions() as s:
        actions = [a.action.value for a in s.scalars(
            select(AuditEvent).where(AuditEvent.id > before))]
    assert actions == ["print"]


def test_health_data_are_printed_for_the_coordinator_and_the_read_is_audited(demo_db,
                                                                             demo_actors):
    coordinator = demo_actors[Role.COORDINATOR]
    elder_id = _richest_elder(demo_db)
    _set_health(demo_db, coordinator, elder_id)
    before = _audit_count(demo_db)
    text, *_ = print_document(demo_db, coordinator, DocumentRequest("elder", elder_id))
    assert HEALTH in flat(text)
    with demo_db.sessions() as s:
        rows = list(s.scalars(select(AuditEvent).where(AuditEvent.id > before)))
    assert {(r.action.value, r.entity, r.elder_id) for r in rows} >= {
        ("read", "elders", elder_id), ("print", "elders", elder_id)}


@pytest.mark.parametrize("kind", ["elder", "fosterer", "interview"])
def test_the_read_only_profile_may_not_print_people_documents(demo_db, demo_actors, kind):
    with demo_db.sessions() as s:
        record_id = s.scalar(select({"elder": Elder.id, "fosterer": Fosterer.id,
                                     "interview": Interview.id}[kind]).limit(1))
    before = _audit_count(demo_db)
    with pytest.raises(PermissionDenied, match="stampare"):
        print_document(demo_db, demo_actors[Role.READ_ONLY], DocumentRequest(kind, record_id))
    assert _audit_count(demo_db) == before


# --- fosterer dossier ---------------------------------------------------------------------------

def test_fosterer_dossier_marks_expired_and_expiring_documents(demo_db, demo_actors):
    coordinator = demo_actors[Role.COORDINATOR]
    fosterer_id = _richest_fosterer(demo_db)
    day = today()
    with demo_db.sessions.begin() as s:
        people.add_document(s, coordinator, fosterer_id, {
            "kind": DocumentKind.MEDICAL_CERTIFICATE, "number": "SCAD-001",
            "issued_on": day - dt.timedelta(days=400), "expires_on": day - dt.timedelta(days=10)})
        people.add_document(s, coordinator, fosterer_id, {
            "kind": DocumentKind.DRIVING_LICENCE, "number": "PROSS-002",
            "issued_on": day - dt.timedelta(days=3000), "expires_on": day + dt.timedelta(days=20)})
        fosterer = s.get(Fosterer, fosterer_id)
        name, born = f"{fosterer.last_name} {fosterer.first_name}", fosterer.birth_date
        household = [m.name for m in fosterer.household]
        elders = [f"{e.last_name} {e.first_name}" for e in s.scalars(
            select(Elder).join(Match, Match.elder_id == Elder.id)
            .where(Match.fosterer_id == fosterer_id))]
    assert elders

    text, pages, document, _ = print_document(
        demo_db, coordinator, DocumentRequest("fosterer", fosterer_id))
    flat_text = flat(text)
    assert "Scheda affidatario" in text
    for expected in (name, date_long(born), *household, *elders,
                     "Nucleo familiare", "Capacità e disponibilità", "Giorni e orari disponibili",
                     "Documenti e consensi", "Percorso di selezione", "Requisiti per l'idoneità",
                     "Storia dello stato", "Formazione", "Abbinamenti",
                     "Certificato medico SCAD-001", "SCADUTO da 10 giorni",
                     "Patente di guida PROSS-002", "IN SCADENZA tra 20 giorni"):
        assert expected in flat_text, expected
    assert 2 <= pages <= 6
    assert "Pagina 1 di" in text and "RISERVATO" in text
    assert document.filename.startswith("scheda-affidatario-")


def test_nearly_empty_records_print_clear_empty_sections(demo_db, demo_actors):
    coordinator = demo_actors[Role.COORDINATOR]
    with demo_db.sessions.begin() as s:
        elder_id = people.create_elder(s, coordinator, {
            "last_name": "Vuoto", "first_name": "Ada", "birth_date": dt.date(1940, 3, 8),
            "comune": "Rosta"})
        fosterer_id = people.create_fosterer(s, coordinator, {
            "last_name": "Vuoti", "first_name": "Bruno", "birth_date": dt.date(1980, 5, 11),
            "comune": "Rosta"})
    text, pages, *_ = print_document(demo_db, coordinator, DocumentRequest("elder", elder_id))
    flat_text = flat(text)
    for expected in ("Vuoto Ada", "8 marzo 1940", "Nessuna persona di riferimento registrata.",
                     "Nessun consenso registrato.", "Nessun colloquio registrato.",
                     "Nessun abbinamento.", "Nessuna annotazione.",
                     "Nessuna preferenza di giorni e orari indicata."):
        assert expected in flat_text, expected
    assert pages <= 3

    text, pages, *_ = print_document(demo_db, coordinator,
                                     DocumentRequest("fosterer", fosterer_id))
    flat_text = flat(text)
    for expected in ("Vuoti Bruno", "11 maggio 1980", "MANCANTE", "✗ manca",
                     "Nessun altro componente del nucleo registrato.",
                     "Non risulta iscritto a nessun percorso formativo.",
                     "L'idoneità non può ancora essere dichiarata."):
        assert expected in flat_text, expected
    assert pages <= 3


# --- interview record ---------------------------------------------------------------------------

def test_interview_record_prints_every_field_for_an_interviewer(demo_db, demo_actors):
    social_worker = demo_actors[Role.SOCIAL_WORKER]
    interview_id = _interview_of(demo_db, "assistente", participant=True)
    with demo_db.sessions() as s:
        interview = s.get(Interview, interview_id)
        texts = [t for t in (interview.motivation, interview.critical_points, interview.notes,
                             interview.recommendation) if t]
        held = interview.held_at
        names = [s.get(StaffUser, i.staff_id).full_name for i in interview.interviewers]
        person = (s.get(Elder, interview.elder_id) if interview.elder_id
                  else s.get(Fosterer, interview.fosterer_id))
        person_name = f"{person.last_name} {person.first_name}"
        elder_id, fosterer_id = interview.elder_id, interview.fosterer_id

    text, pages, document, _ = print_document(
        demo_db, social_worker, DocumentRequest("interview", interview_id))
    flat_text = flat(text)
    assert "Verbale di colloquio" in text
    for expected in (person_name, date_long(held, weekday=True), *names, *map(flat, texts),
                     *(label for _name, label in INTERVIEW_SECTIONS), "Note libere", "Esito",
                     "Indicazioni", "Prossimi passi", "Firma dell'esito", "Luogo e data"):
        assert expected in flat_text, expected
    assert pages <= 4 and f"Pagina {pages} di {pages}" in text and "RISERVATO" in text
    assert document.filename.startswith("verbale-colloquio-")

    rows = _prints(demo_db, "interviews", interview_id)
    assert len(rows) == 1
    assert (rows[0].elder_id, rows[0].fosterer_id) == (elder_id, fosterer_id)
    assert rows[0].detail["document"] == "interview"


@pytest.mark.parametrize(("role", "username"), [(Role.COORDINATOR, "coordinatore"),
                                                (Role.SOCIAL_WORKER, "assistente")])
def test_interview_record_is_refused_to_who_may_not_read_its_notes(demo_db, demo_actors, role,
                                                                   username):
    interview_id = _interview_of(demo_db, username, participant=False)
    before = _audit_count(demo_db)
    with pytest.raises(PermissionDenied, match=r"^Il verbale contiene note riservate: "):
        print_document(demo_db, demo_actors[role], DocumentRequest("interview", interview_id))
    assert _audit_count(demo_db) == before
    assert _prints(demo_db, "interviews", interview_id) == []


# --- audit --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "entity", "column"), [("elder", "elders", "elder_id"),
                                                        ("fosterer", "fosterers", "fosterer_id")])
def test_printing_leaves_an_audit_row_about_the_person(demo_db, demo_actors, kind, entity,
                                                       column):
    record_id = (_richest_elder if kind == "elder" else _richest_fosterer)(demo_db)
    actor = demo_actors[Role.PSYCHOLOGIST]
    print_document(demo_db, actor, DocumentRequest(kind, record_id), output="printer")
    rows = _prints(demo_db, entity, record_id)
    assert len(rows) == 1
    row = rows[0]
    assert row.user_id == actor.id and getattr(row, column) == record_id
    assert row.detail == {"document": kind, "output": "printer"}


# --- hostile text -------------------------------------------------------------------------------

def _no_file_opened(monkeypatch) -> list:
    import reportlab.lib.utils as rl_utils

    opened: list = []
    real_open = rl_utils.open_for_read
    monkeypatch.setattr(rl_utils, "open_for_read",
                        lambda name, *a, **k: opened.append(name) or real_open(name, *a, **k))
    return opened


def _assert_literal(text: str) -> None:
    assert HOSTILE_NAME in text
    assert '<img src="/etc/passwd"/>' in text
    assert "&amp; &nbsp;" in text
    # pypdf reads Hebrew and Arabic back in visual order
    assert "שלום" in text or "םולש" in text
    assert "مرحبا" in text or "ابحرم" in text


def test_hostile_text_prints_literally_across_many_pages(demo_db, demo_actors, monkeypatch):
    coordinator = demo_actors[Role.COORDINATOR]
    psychologist = demo_actors[Role.PSYCHOLOGIST]
    long_note = ("Annotazione lunga con parole vere, una dopo l'altra. " * 2000)[:100_000]
    with demo_db.sessions.begin() as s:
        elder_id = people.create_elder(s, coordinator, {
            "last_name": "Rossi", "first_name": "Maria", "birth_date": dt.date(1938, 11, 2),
            "comune": "Collegno", "preferences_notes": HOSTILE, "address": HOSTILE[:200]})
        people.add_elder_contact(s, coordinator, elder_id, {
            "name": HOSTILE_NAME, "relation": "figli", "notes": HOSTILE, "is_primary": True})
        fosterer_id = people.create_fosterer(s, coordinator, {
            "last_name": "Bianchi", "first_name": "Luca", "birth_date": dt.date(1970, 1, 1),
            "comune": "Rivoli", "motivation": HOSTILE})
        people.add_household_member(s, coordinator, fosterer_id,
                                    {"name": HOSTILE_NAME, "notes": HOSTILE})
        interview_id = interviews.create_interview(
            s, psychologist, elder_id=elder_id, interviewers=[psychologist.id],
            data={"kind": "intake", "held_at": dt.datetime(2026, 2, 8, 9, 30),
                  "place": HOSTILE_NAME, "motivation": HOSTILE,
                  "notes": "\n\n".join([HOSTILE] * 150)})
        # the forms stop free text at 20,000 characters: older or imported records may hold more
        s.get(Elder, elder_id).notes = long_note
    opened = _no_file_opened(monkeypatch)

    text, pages, *_ = print_document(demo_db, coordinator, DocumentRequest("elder", elder_id))
    _assert_literal(text)
    assert "Annotazione lunga con parole vere" in text
    assert pages >= 15 and f"Pagina {pages} di {pages}" in text

    text, _pages, *_ = print_document(demo_db, coordinator,
                                      DocumentRequest("fosterer", fosterer_id))
    _assert_literal(text)

    text, pages, *_ = print_document(demo_db, psychologist,
                                     DocumentRequest("interview", interview_id))
    _assert_literal(text)
    assert text.count('<img src="/etc/passwd"/>') >= 150
    assert pages >= 3 and f"Pagina {pages} di {pages}" in text
    assert not [name for name in opened if "passwd" in str(name)]
