"""GDPR tools: a person's export, anonymisation after the retention period, erasure on request,
the pseudonymised statistics export, the signed form of a consent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from affido_app.db.models import (
    Attachment,
    AuditEvent,
    Consent,
    Elder,
    ElderContact,
    ElderEvent,
    ExpenseClaim,
    Fosterer,
    HouseholdMember,
    Interview,
    InterviewInterviewer,
    Match,
    MatchEvent,
    StaffUser,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
)
from affido_app.domain import permissions
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    ElderStatus,
    FostererStatus,
    InterviewKind,
    InterviewOutcome,
    MatchStatus,
    PersonKind,
    Role,
    SupervisionKind,
    WellbeingLevel,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import Conflict, PermissionDenied, ValidationError
from affido_app.services import attachments, consents, gdpr, people
from affido_app.services.settings import REGISTRY, set_setting
from tests.helpers import cf_for

TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
ELDER = ("Quagliarella", "Ermenegilda")
FOSTERER = ("Scaramucci", "Bartolomeo")
OTHER_FOSTERER = ("Zanzottera", "Filiberto")
CONTACT = "Gianfranca Quagliarella"
SECRET = "Colloquio: racconta di un lutto recente"
SUPERVISION_TEXT = "Scaramucci porta Ermenegilda al mercato il giovedì"


def _years_ago(years: int, days: int = 0) -> dt.date:
    return gdpr.years_before(TODAY, years) - dt.timedelta(days=days)


@pytest.fixture
def world(db, actors):
    """An elder and a fosterer with a pair, closed long ago or running, and what surrounds them:
    contacts, household, consent with its signed form, an intake interview, a supervision group
    meeting with another fosterer, expenses, a status note naming the other person."""
    coord = actors[Role.COORDINATOR]
    psy = actors[Role.PSYCHOLOGIST]
    born = dt.date(1941, 3, 9)
    with db.sessions.begin() as s:
        eid = people.create_elder(s, coord, {
            "last_name": ELDER[0], "first_name": ELDER[1], "sex": "F", "birth_date": born,
            "codice_fiscale": cf_for(*ELDER, "F", born), "birthplace": "Rivoli",
            "comune": "Collegno", "address": "Via Roma 12", "phone": "011 998877",
            "email": "ermenegilda@example.org", "notes": "Vive al terzo piano senza ascensore.",
            "chronic_conditions": "Diabete di tipo 2", "gp_name": "Dott. Ferrando",
            "referral_date": _years_ago(13)})
        fborn = dt.date(1970, 5, 4)
        fid = people.create_fosterer(s, coord, {
            "last_name": FOSTERER[0], "first_name": FOSTERER[1], "sex": "M", "birth_date": fborn,
            "codice_fiscale": cf_for(*FOSTERER, "M", fborn), "comune": "Rivoli",
            "mobile": "333 1234567", "motivation": "Tempo libero dopo la pensione.",
            "application_date": _years_ago(13)})
        other = people.create_fosterer(s, coord, {
            "last_name": OTHER_FOSTERER[0], "first_name": OTHER_FOSTERER[1], "sex": "M",
            "birth_date": dt.date(1965, 1, 1), "comune": "Rivoli",
            "application_date": _years_ago(13)})
        people.add_elder_contact(s, coord, eid, {"name": CONTACT, "relation": "figlia",
                                                 "phone": "011 445566"})
        people.add_household_member(s, coord, fid, {"name": "Ornella Scaramucci",
                                                     "relation": "coniuge"})
        form = attachments.add_attachment(s, coord, elder_id=eid, filename="consenso.pdf",
                                          data=b"%PDF-1.4 firmato")
        consent_id = consents.record_consent(s, coord, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": _years_ago(13),
            "attachment_id": form, "notes": "Firmato alla presenza della figlia."})
        consents.record_consent(s, coord, fosterer_id=fid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": _years_ago(13)})
        interview = Interview(elder_id=eid, kind=InterviewKind.INTAKE, outcome=InterviewOutcome
                              .FAVOURABLE, held_at=NOW - dt.timedelta(days=365 * 12),
                              family_context=SECRET, created_by_id=psy.id)
        interview.interviewers = [InterviewInterviewer(staff_id=psy.id, role=Role.PSYCHOLOGIST)]
        s.add(interview)
        start = _years_ago(12)
        match = Match(elder_id=eid, fosterer_id=fid, status=MatchStatus.ACTIVE,
                      status_since=start, proposed_on=start, started_on=start,
                      notes=f"Affido tra {ELDER[1]} e {FOSTERER[1]} {FOSTERER[0]}.")
        s.add(match)
        s.flush()
        s.add_all([
            MatchEvent(match_id=match.id, occurred_on=start, to_status="active",
                       note="Avvio concordato.", author_id=coord.id),
            ElderEvent(elder_id=eid, occurred_on=start, from_status="referred",
                       to_status="fostered",
                       note=f"Abbinamento con {FOSTERER[0]} {FOSTERER[1]}: attivo.",
                       author_id=coord.id),
        ])
        session = SupervisionSession(kind=SupervisionKind.GROUP, led_by_id=psy.id,
                                     held_at=NOW - dt.timedelta(days=365 * 11),
                                     notes="Gruppo numeroso", place="Sala")
        session.participants = [SupervisionParticipant(fosterer_id=fid),
                                SupervisionParticipant(fosterer_id=other),
                                SupervisionParticipant(staff_id=psy.id)]
        s.add(session)
        s.flush()
        s.add(SupervisionNote(session_id=session.id, match_id=match.id,
                              how_it_goes=SUPERVISION_TEXT,
                              elder_wellbeing=WellbeingLevel.GOOD,
                              fosterer_wellbeing=WellbeingLevel.FAIR,
                              fosterer_wellbeing_notes="Stanco per il lavoro"))
        s.add(ExpenseClaim(fosterer_id=fid, match_id=match.id, date=_years_ago(11, 30),
                           km=Decimal("12.0"), km_rate=Decimal("0.30"), costs=Decimal("4.50"),
                           description=f"Spesa per {ELDER[1]}"))
        s.flush()
        ids = {"elder": eid, "fosterer": fid, "other": other, "match": match.id,
               "consent": consent_id, "form": form, "interview": interview.id,
               "session": session.id}
    return ids


def _close_long_ago(db, w, years=11):
    """The pair, the elder and the fosterer closed ``years`` years ago (straight to the
    database: the services refuse backdated changes this old only through their own rules)."""
    end = _years_ago(years)
    with db.sessions.begin() as s:
        m = s.get(Match, w["match"])
        m.status, m.status_since, m.ended_on, m.close_reason = (
            MatchStatus.CLOSED, end, end, "goals_reached")
        e = s.get(Elder, w["elder"])
        e.status, e.status_since, e.end_reason = ElderStatus.CLOSED, end, "goals_reached"
        f = s.get(Fosterer, w["fosterer"])
        f.status, f.status_since, f.end_reason = FostererStatus.CEASED, end, "personal"
        s.add(ElderEvent(elder_id=e.id, occurred_on=end, from_status="fostered",
                         to_status="closed", reason="goals_reached",
                         note="Conclusione: la signora si trasferisce dalla figlia."))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str).lower()


# --- 1. the export of one person ------------------------------------------------------------------

def test_elder_export_holds_her_data_and_nobody_elses(db, actors, world):
    admin = actors[Role.ADMIN]
    with db.sessions.begin() as s:
        data = gdpr.person_export(s, admin, PersonKind.ELDER, world["elder"])
        cf_fosterer = s.get(Fosterer, world["fosterer"]).codice_fiscale
        cf_elder = s.get(Elder, world["elder"]).codice_fiscale
        staff = list(s.scalars(select(StaffUser.full_name)))
    json.dumps(data)  # JSON-serialisable as it is
    blob = _dump(data)
    # hers
    assert data["Scheda"]["Cognome"] == ELDER[0]
    assert data["Scheda"]["Codice fiscale"] == cf_elder
    assert data["Scheda"]["Patologie croniche stabilizzate"] == "Diabete di tipo 2"
    assert data["Persone di riferimento"][0]["Nome e cognome"] == CONTACT
    assert data["Consensi"][0]["Modulo firmato allegato"] is True
    assert [a["Nome del file"] for a in data["Allegati"]] == ["consenso.pdf"]
    assert data["Abbinamenti"][0]["Altra persona"] == "la persona affidataria dell'abbinamento"
    assert data["Abbinamenti"][0]["Note di supervisione"][0]["Benessere della persona"] == "Buono"
    assert any(r["Operazione"] == "Creazione" for r in data["Registro degli accessi"])
    # nobody else's: the fosterer (names, codice fiscale, wellbeing), staff
    for needle in (*FOSTERER, cf_fosterer, *OTHER_FOSTERER, "stanco per il lavoro", *staff):
        assert needle.lower() not in blob, needle
    history_notes = [e["Nota"] for e in data["Storia dello stato"] if e["Nota"]]
    assert f"Abbinamento con {gdpr.REDACTED}: attivo." in history_notes
    assert data["Abbinamenti"][0]["Note"] == (
        f"Affido tra {ELDER[1]} e {gdpr.REDACTED}.")
    assert "operatore (coordinatore)" in blob  # staff as a role


def test_export_is_audited_and_needs_the_export_right(db, actors, world):
    with db.sessions.begin() as s:
        gdpr.person_export(s, actors[Role.COORDINATOR], "elder", world["elder"])
    with db.sessions() as s:
        row = s.execute(select(AuditEvent)
                        .where(AuditEvent.action == AuditAction.EXPORT)).scalar_one()
        assert (row.entity, row.entity_id, row.elder_id) == ("elders", world["elder"],
                                                             world["elder"])
        assert row.detail["document"] == "person_export"
        assert row.detail["confidential_hidden"] == 2  # the interview and the pair's note
        assert ELDER[0].lower() not in _dump(row.detail)
        for role in (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER, Role.READ_ONLY):
            with pytest.raises(PermissionDenied):
                gdpr.person_export(s, actors[role], "elder", world["elder"])


def test_confidential_notes_only_for_who_may_read_them_and_the_export_says_so(db, actors, world,
                                                                              monkeypatch):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        data = gdpr.person_export(s, coord, "elder", world["elder"])
    assert SECRET.lower() not in _dump(data)
    assert "mercato" not in _dump(data)
    assert data["Colloqui"][0]["Note riservate incluse"] is False
    warnings = " ".join(data["Avvertenze"])
    assert "note riservate di 1 colloquio" in warnings
    assert "1 nota di supervisione" in warnings
    assert "«Registro degli accessi» non è inclusa" in warnings
    # a psychologist who may export reads the notes, the other person's name still hidden
    monkeypatch.setitem(permissions.MATRIX, Role.PSYCHOLOGIST, permissions.MATRIX[
        Role.PSYCHOLOGIST] | {(Action.EXPORT, Resource.ELDER)})
    with db.sessions.begin() as s:
        data = gdpr.person_export(s, actors[Role.PSYCHOLOGIST], "elder", world["elder"])
    assert data["Colloqui"][0]["Contesto familiare"] == SECRET
    note = data["Abbinamenti"][0]["Note di supervisione"][0]
    assert note["Andamento dell'affido"] == (
        f"{gdpr.REDACTED} porta {ELDER[1]} al mercato il giovedì")  # her own name stays
    assert "Note sul benessere della persona" in note
    assert "stanco" not in _dump(data)  # the fosterer's wellbeing is not hers


def test_health_data_left_out_for_who_may_not_read_it(db, actors, world, monkeypatch):
    monkeypatch.setitem(permissions.MATRIX, Role.COORDINATOR, permissions.MATRIX[
        Role.COORDINATOR] - {(Action.READ_SENSITIVE, Resource.ELDER)})
    with db.sessions.begin() as s:
        data = gdpr.person_export(s, actors[Role.COORDINATOR], "elder", world["elder"])
    assert "diabete" not in _dump(data)
    assert "Patologie croniche stabilizzate" not in data["Scheda"]
    assert data["Avvertenze"][0].startswith("I dati sanitari")


def test_fosterer_export(db, actors, world):
    with db.sessions.begin() as s:
        data = gdpr.person_export(s, actors[Role.ADMIN], "fosterer", world["fosterer"])
        cf_elder = s.get(Elder, world["elder"]).codice_fiscale
    blob = _dump(data)
    assert data["Scheda"]["Cognome"] == FOSTERER[0]
    assert data["Nucleo familiare"][0]["Nome e cognome"] == "Ornella Scaramucci"
    assert data["Rimborsi spese"][0]["Totale (€)"] == "8.10"
    assert data["Rimborsi spese"][0]["Descrizione"] == f"Spesa per {gdpr.REDACTED}"
    assert data["Incontri di supervisione"][0]["Tipo di incontro"] == "Di gruppo"
    assert data["Abbinamenti"][0]["Altra persona"] == "la persona anziana dell'abbinamento"
    for needle in (*ELDER, cf_elder, *OTHER_FOSTERER, CONTACT, "diabete"):
        assert needle.lower() not in blob, needle


def test_export_files_json_and_pdf(db, actors, world, tmp_path):
    json_path, pdf_path = tmp_path / "dati.json", tmp_path / "dati.pdf"
    with db.sessions.begin() as s:
        gdpr.export_person_files(s, actors[Role.ADMIN], "elder", world["elder"],
                                 json_path=json_path, pdf_path=pdf_path)
    assert json.loads(json_path.read_text("utf-8"))["Scheda"]["Nome"] == ELDER[1]
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert gdpr.export_filename("elder", 7) == "dati-personali-anziano-7"
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        gdpr.export_person_files(s, actors[Role.ADMIN], "elder", world["elder"],
                                 json_path=None, pdf_path=None)


def test_demo_person_export_names_nobody_else(demo_db):
    """Every person of the demo database: their export holds their own name and codice
    fiscale, and no other person's name (either order), codice fiscale or staff name."""
    from affido_app.services.context import load_actor

    with demo_db.sessions() as s:
        admin = load_actor(s, "admin")
        everyone = [("elder", *r) for r in s.execute(
            select(Elder.id, Elder.last_name, Elder.first_name, Elder.codice_fiscale))]
        everyone += [("fosterer", *r) for r in s.execute(
            select(Fosterer.id, Fosterer.last_name, Fosterer.first_name,
                   Fosterer.codice_fiscale))]
        staff = [n.lower() for n in s.scalars(select(StaffUser.full_name))]
    redacted = 0
    for kind, pid, last, first, cf in everyone:
        with demo_db.sessions() as s:
            data = gdpr.person_export(s, admin, kind, pid)
        blob = _dump(data)
        assert data["Scheda"]["Cognome"] == last and data["Scheda"]["Nome"] == first
        if cf:
            assert cf.lower() in blob
        redacted += blob.count(gdpr.REDACTED)
        for k2, p2, last2, first2, cf2 in everyone:
            if (k2, p2) == (kind, pid):
                continue
            for needle in (f"{last2} {first2}", f"{first2} {last2}", cf2):
                assert not needle or needle.lower() not in blob, (kind, pid, k2, p2)
        assert not [n for n in staff if n in blob]
    assert redacted  # the demo's notes do name the other person of a pair: they were hidden


# --- 2. anonymisation ---------------------------------------------------------------------------

def test_retention_setting_defaults_to_ten_years(db, actors):
    assert REGISTRY[gdpr.RETENTION_KEY].default == 10
    with db.sessions() as s:
        assert gdpr.retention_years(s) == 10


def test_candidates_are_closed_records_past_the_retention_period(db, actors, world):
    admin = actors[Role.ADMIN]
    with db.sessions() as s:  # open pair: nobody
        assert gdpr.anonymisation_candidates(s, admin, TODAY) == []
    _close_long_ago(db, world, years=9)
    with db.sessions() as s:
        assert gdpr.anonymisation_candidates(s, admin, TODAY) == []
        found = gdpr.anonymisation_candidates(s, admin, TODAY + dt.timedelta(days=366 * 2))
        assert {(c["kind"], c["id"]) for c in found} == {
            (PersonKind.ELDER, world["elder"]), (PersonKind.FOSTERER, world["fosterer"])}
    with db.sessions.begin() as s:
        set_setting(s, admin, gdpr.RETENTION_KEY, 5)
    with db.sessions() as s:
        found = gdpr.anonymisation_candidates(s, admin, TODAY)
        elder = next(c for c in found if c["kind"] == PersonKind.ELDER)
        assert elder["last_name"] == ELDER[0] and elder["birth_year"] == 1941
        assert elder["due_on"] == elder["closed_on"].replace(year=elder["closed_on"].year + 5)
        with pytest.raises(PermissionDenied):
            gdpr.anonymisation_candidates(s, actors[Role.COORDINATOR], TODAY)


def _search(s, actor, kind, words):
    return people.list_people(s, actor, kind, people.PersonFilter(search=words))


def test_anonymise_removes_identity_and_free_texts_and_keeps_statistics(db, actors, world):
    admin = actors[Role.ADMIN]
    _close_long_ago(db, world)
    with db.sessions() as s:
        assert _search(s, admin, PersonKind.ELDER, ELDER[0])
        old_cf = s.get(Elder, world["elder"]).codice_fiscale
    with db.sessions.begin() as s:
        result = gdpr.anonymise(s, admin, "elder", world["elder"], "retention")
    assert result["contacts"] == 1 and result["attachments"] == 1 and result["fields"] > 5
    with db.sessions() as s:
        e = s.get(Elder, world["elder"])
        assert (e.last_name, e.first_name, e.codice_fiscale) == (gdpr.ANONYMOUS_NAME, "", None)
        assert (e.address, e.phone, e.email, e.notes, e.chronic_conditions, e.gp_name,
                e.birthplace) == (None,) * 7
        assert e.anonymised_at is not None
        # what statistics need
        assert (e.birth_date.year, e.sex.value, e.comune, e.status) == (
            1941, "F", "Collegno", ElderStatus.CLOSED)
        assert e.referral_date == _years_ago(13)
        assert s.scalar(select(func.count()).select_from(ElderContact)) == 0
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        consent = s.get(Consent, world["consent"])
        assert (consent.notes, consent.attachment_id, consent.given_on) == (
            None, None, _years_ago(13))
        interview = s.get(Interview, world["interview"])
        assert interview.family_context is None and interview.outcome == "favourable"
        events = s.scalars(select(ElderEvent).where(ElderEvent.elder_id == e.id)
                           .order_by(ElderEvent.id)).all()
        assert [ev.to_status for ev in events] == ["referred", "fostered", "closed"]
        assert all(ev.note is None for ev in events)
        assert events[-1].reason == "goals_reached"
        m = s.get(Match, world["match"])
        assert (m.status, m.started_on, m.notes) == (MatchStatus.CLOSED, _years_ago(12), None)
        assert s.scalar(select(MatchEvent.note)) is None
        note = s.scalar(select(SupervisionNote))
        assert (note.how_it_goes, note.fosterer_wellbeing_notes) == (None, None)
        assert note.elder_wellbeing == WellbeingLevel.GOOD
        # a group meeting keeps its own notes (other people took part)
        assert s.get(SupervisionSession, world["session"]).notes == "Gruppo numeroso"
        # the search no longer finds the old name or codice fiscale
        for words in (ELDER[0], ELDER[1], old_cf, "998877"):
            assert _search(s, admin, PersonKind.ELDER, words) == [], words
        assert _search(s, admin, PersonKind.ELDER, "anonimizzata")
        audit_row = s.execute(select(AuditEvent).where(
            AuditEvent.entity == "elders", AuditEvent.entity_id == e.id,
            AuditEvent.action == AuditAction.ANONYMISE)).scalars().all()[-1]
        assert audit_row.detail["reason"] == "retention"
        assert audit_row.detail["contacts"] == 1
        # as the audit viewer tells it: in Italian, no internal words
        from affido_app.services.audit_log import describe_detail

        sentence = describe_detail(audit_row.action, audit_row.entity, audit_row.detail)
        assert "Motivo: Fine del periodo di conservazione" in sentence
        assert "1 contatto" in sentence
        assert not any(word in sentence for word in ("reason", "contacts", "retention"))
        blob = _dump(audit_row.detail)
        assert ELDER[0].lower() not in blob and old_cf.lower() not in blob


def test_anonymise_is_idempotent(db, actors, world):
    admin = actors[Role.ADMIN]
    _close_long_ago(db, world)
    with db.sessions.begin() as s:
        gdpr.anonymise(s, admin, "fosterer", world["fosterer"])
    with db.sessions() as s:
        rows = s.scalar(select(func.count()).select_from(AuditEvent))
        f = s.get(Fosterer, world["fosterer"])
        assert (f.last_name, f.mobile, f.motivation) == (gdpr.ANONYMOUS_NAME, None, None)
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 0
        claim = s.scalar(select(ExpenseClaim))
        assert (claim.description, claim.total) == (None, Decimal("8.10"))
    with db.sessions.begin() as s:
        again = gdpr.anonymise(s, admin, "fosterer", world["fosterer"])
    assert again["already_anonymised"] is True
    assert not any(v for k, v in again.items() if k != "already_anonymised")
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == rows
        found = gdpr.anonymisation_candidates(s, admin, TODAY)
        assert (PersonKind.ELDER, world["elder"]) in {(c["kind"], c["id"]) for c in found}
        assert PersonKind.FOSTERER not in {c["kind"] for c in found}  # done already


def test_pair_files_go_when_both_people_are_anonymised(db, actors, world):
    admin = actors[Role.ADMIN]
    _close_long_ago(db, world)
    with db.sessions.begin() as s:
        pair_file = attachments.add_attachment(s, admin, match_id=world["match"],
                                               filename="patto.pdf", data=b"%PDF patto")
        gdpr.anonymise(s, admin, "elder", world["elder"])
    with db.sessions() as s:
        assert s.get(Attachment, pair_file) is not None  # the fosterer is still on file
    with db.sessions.begin() as s:
        gdpr.anonymise_many(s, admin, [("fosterer", world["fosterer"])])
    with db.sessions() as s:
        assert s.get(Attachment, pair_file) is None


def test_anonymise_refusals(db, actors, world):
    admin = actors[Role.ADMIN]
    with db.sessions.begin() as s, pytest.raises(Conflict, match="abbinamento in corso"):
        gdpr.anonymise(s, admin, "elder", world["elder"], "request")
    _close_long_ago(db, world, years=3)
    with db.sessions.begin() as s, pytest.raises(Conflict, match="conservazione"):
        gdpr.anonymise(s, admin, "elder", world["elder"], "retention")
    with db.sessions.begin() as s, pytest.raises(Conflict, match="ancora aperta"):
        gdpr.anonymise(s, admin, "fosterer", world["other"], "request")
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        gdpr.anonymise(s, actors[Role.COORDINATOR], "elder", world["elder"], "request")
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        gdpr.anonymise(s, admin, "elder", world["elder"], "boh")
    with db.sessions.begin() as s:  # on request: the retention period does not matter
        gdpr.anonymise(s, admin, "elder", world["elder"], "request")
    with db.sessions() as s:
        assert s.get(Elder, world["elder"]).anonymised_at is not None


def test_anonymised_name_leaves_no_trace_in_the_sqlite_file(sqlite_db, tmp_path):
    """The search index is compacted and secure_delete is on: the old surname is nowhere in
    the database file once the transaction is checkpointed."""
    from tests.conftest import make_actors

    actors = make_actors(sqlite_db)
    admin, coord = actors[Role.ADMIN], actors[Role.COORDINATOR]
    name = "Xilografopoulos"
    with sqlite_db.sessions.begin() as s:
        eid = people.create_elder(s, coord, {"last_name": name, "first_name": "Ada",
                                             "birth_date": "01/01/1940", "comune": "Rivoli",
                                             "referral_date": _years_ago(12)})
        e = s.get(Elder, eid)
        e.status, e.status_since = ElderStatus.CLOSED, _years_ago(11)
    with sqlite_db.sessions.begin() as s:
        gdpr.anonymise(s, admin, "elder", eid)
    with sqlite_db.sessions.begin() as s:
        s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        path = sqlite_db.path
    sqlite_db.dispose()
    raw = path.read_bytes()
    assert name.encode() not in raw and name.lower().encode() not in raw


# --- 2b. erasure --------------------------------------------------------------------------------

def _candidate_fosterer(db, actors, **over):
    """A fosterer who applied, withdrew and never had a pair: erasure may be possible."""
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = people.create_fosterer(s, coord, {
            "last_name": "Pellizzari", "first_name": "Nives", "birth_date": "01/01/1980",
            "comune": "Rivoli", "phone": "011 123456",
            "application_date": TODAY - dt.timedelta(days=40)})
        people.add_household_member(s, coord, fid, {"name": "Aldo Pellizzari"})
        consent = consents.record_consent(s, coord, fosterer_id=fid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": TODAY - dt.timedelta(days=40)})
        attachments.add_attachment(s, coord, fosterer_id=fid, filename="ci.pdf", data=b"x")
        people.change_fosterer_status(s, coord, fid, FostererStatus.WITHDRAWN,
                                      reason="personal", on=TODAY - dt.timedelta(days=2))
    return fid, consent


def test_erase_on_request(db, actors):
    admin, coord = actors[Role.ADMIN], actors[Role.COORDINATOR]
    fid, consent = _candidate_fosterer(db, actors)
    with db.sessions.begin() as s:
        check = gdpr.erasure_check(s, admin, "fosterer", fid)
        assert not check.allowed and check.can_anonymise
        assert "revoca" in check.message and "anonimizzare" in check.message
        with pytest.raises(Conflict, match="consensi ancora attivi"):
            gdpr.erase(s, admin, "fosterer", fid)
    with db.sessions.begin() as s:
        consents.withdraw_consent(s, coord, consent)
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        gdpr.erase(s, coord, "fosterer", fid)
    with db.sessions.begin() as s:
        counts = gdpr.erase(s, admin, "fosterer", fid, "request")
    assert counts["household"] == 1 and counts["consents"] == 1 and counts["attachments"] == 1
    with db.sessions() as s:
        assert s.get(Fosterer, fid) is None
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 0
        assert s.scalar(select(func.count()).select_from(Consent)) == 0
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert _search(s, admin, PersonKind.FOSTERER, "Pellizzari") == []
        row = s.execute(select(AuditEvent).where(AuditEvent.action == AuditAction.ERASE,
                                                 AuditEvent.entity == "fosterers")).scalar_one()
        assert (row.entity_id, row.fosterer_id) == (fid, fid)
        assert row.detail["reason"] == "request"
        assert "pellizzari" not in _dump(row.detail)


def test_erase_refused_where_records_must_be_kept(db, actors, world):
    admin = actors[Role.ADMIN]
    with db.sessions.begin() as s:
        check = gdpr.erasure_check(s, admin, "elder", world["elder"])
        assert not check.allowed and not check.can_anonymise  # open pair: neither
        assert "abbinamento in corso" in check.message
        assert "anonimizzare" not in check.message
    _close_long_ago(db, world, years=3)
    with db.sessions.begin() as s:
        with pytest.raises(Conflict, match="anonimizzare") as err:
            gdpr.erase(s, admin, "elder", world["elder"])
        assert "avuto abbinamenti" in err.value.message
        check = gdpr.erasure_check(s, admin, "fosterer", world["fosterer"])
        assert "2220" not in check.message  # the only expense is older than ten years
    with db.sessions() as s:
        assert s.get(Elder, world["elder"]) is not None


def test_recent_expenses_alone_block_erasure(db, actors):
    admin, coord = actors[Role.ADMIN], actors[Role.COORDINATOR]
    fid, consent = _candidate_fosterer(db, actors)
    with db.sessions.begin() as s:
        consents.withdraw_consent(s, coord, consent)
        s.add(ExpenseClaim(fosterer_id=fid, date=_years_ago(9), costs=Decimal("5")))
    with db.sessions.begin() as s:
        check = gdpr.erasure_check(s, admin, "fosterer", fid)
        assert check.reasons == (next(r for r in check.reasons if "2220" in r),)
        s.execute(text("UPDATE expense_claims SET date = :d"), {"d": _years_ago(11)})
    with db.sessions.begin() as s:
        assert gdpr.erasure_check(s, admin, "fosterer", fid).allowed
        gdpr.erase(s, admin, "fosterer", fid)
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ExpenseClaim)) == 0


# --- 3. statistics with pseudonyms --------------------------------------------------------------

def _rows(content: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content), delimiter=";"))


def test_statistics_export_pseudonymises_ids(db, actors, world, tmp_path):
    coord = actors[Role.COORDINATOR]
    key_a = gdpr.load_or_create_key(tmp_path / "a.key")
    key_b = gdpr.load_or_create_key(tmp_path / "b.key")
    assert key_a != key_b and gdpr.load_or_create_key(tmp_path / "a.key") == key_a
    with db.sessions.begin() as s:
        first = gdpr.statistics_export(s, coord, key_a)
        second = gdpr.statistics_export(s, coord, key_a)
        other = gdpr.statistics_export(s, coord, key_b)
        cf = s.get(Elder, world["elder"]).codice_fiscale
    assert first == second  # same key, same pseudonyms
    elders, fosterers, pairs = (_rows(first[n]) for n in gdpr.STATISTICS_FILES)
    assert len(elders) == 1 and len(fosterers) == 2 and len(pairs) == 1
    elder = elders[0]
    assert elder["pseudonimo"] == gdpr.pseudonym(key_a, "elder", world["elder"])
    assert len(elder["pseudonimo"]) == 16 and str(world["elder"]) != elder["pseudonimo"]
    assert (elder["anno_nascita"], elder["sesso"], elder["comune"], elder["stato"]) == (
        "1941", "F", "Collegno", "Segnalato")
    assert pairs[0]["anziano"] == elder["pseudonimo"]
    assert pairs[0]["affidatario"] == gdpr.pseudonym(key_a, "fosterer", world["fosterer"])
    assert pairs[0]["affidatario"] in {f["pseudonimo"] for f in fosterers}
    blob = "".join(first.values()).lower()
    for needle in (*ELDER, *FOSTERER, cf, "via roma", "998877"):
        assert needle.lower() not in blob
    # another key: nothing in common
    other_ids = {r["pseudonimo"] for n in gdpr.STATISTICS_FILES for r in _rows(other[n])}
    first_ids = {r["pseudonimo"] for n in gdpr.STATISTICS_FILES for r in _rows(first[n])}
    assert not other_ids & first_ids
    with db.sessions() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.entity == "statistics")).all()
        assert len(rows) == 3
        assert rows[0].detail["key"] == gdpr.key_fingerprint(key_a)
        assert key_a.hex() not in _dump(rows[0].detail)
        with pytest.raises(PermissionDenied):
            gdpr.statistics_export(s, actors[Role.SOCIAL_WORKER], key_a)


def test_key_file_lives_outside_the_database(db, actors, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("AFFIDO_HOME", str(home))
    path = gdpr.default_key_path()
    assert path.parent == home and not path.exists()
    key = gdpr.load_or_create_key()
    assert path.exists() and len(key) == 32
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key.hex() in path.read_text()
    with db.sessions.begin() as s:
        written = gdpr.write_statistics_export(s, actors[Role.ADMIN], tmp_path)
    assert [p.name for p in written] == list(gdpr.STATISTICS_FILES)
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read accents
    with db.sessions() as s:  # the key is nowhere in the database
        for (value,) in s.execute(text("SELECT detail FROM audit_events")):
            assert key.hex() not in str(value)
        assert key.hex() not in str(s.execute(text("SELECT * FROM app_settings")).all())
    (tmp_path / "bad.key").write_text("# commento\nnon una chiave\n")
    with pytest.raises(ValidationError, match="chiave valida"):
        gdpr.load_or_create_key(tmp_path / "bad.key")
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        gdpr.write_statistics_export(s, actors[Role.ADMIN], tmp_path / "missing")


# --- consents: the signed form ------------------------------------------------------------------

def test_signed_form_linked_to_a_recorded_consent(db, actors, world):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        consent = consents.record_consent(s, coord, fosterer_id=world["fosterer"], data={
            "scope": ConsentScope.PHOTOS, "given_on": TODAY})
        own = attachments.add_attachment(s, coord, fosterer_id=world["fosterer"],
                                         filename="liberatoria.pdf", data=b"%PDF")
        with pytest.raises(ValidationError, match="non appartiene"):
            consents.set_consent_document(s, coord, consent, world["form"])  # the elder's
        version = consents.set_consent_document(s, coord, consent, own)
        assert s.get(Consent, consent).attachment_id == own
        assert consents.set_consent_document(s, coord, consent, own) == version  # no change
        consents.set_consent_document(s, coord, consent, None, expected_version=version)
        assert s.get(Consent, consent).attachment_id is None
        with pytest.raises(PermissionDenied):
            consents.set_consent_document(s, actors[Role.READ_ONLY], consent, own)
        rows = s.scalars(select(AuditEvent).where(AuditEvent.entity == "consents",
                                                  AuditEvent.entity_id == consent,
                                                  AuditEvent.action == AuditAction.UPDATE)).all()
        assert len(rows) == 2 and rows[0].detail["signed_form"] is True


def test_an_anonymised_record_can_no_longer_be_edited(db, actors, world):
    from affido_app.errors import Conflict
    from affido_app.services import people

    admin = actors[Role.ADMIN]
    _close_long_ago(db, world)
    with db.sessions.begin() as s:
        gdpr.anonymise(s, admin, "fosterer", world["fosterer"])
    with db.sessions() as s:
        version = s.get(Fosterer, world["fosterer"]).version
    with pytest.raises(Conflict), db.sessions.begin() as s:
        people.update_fosterer(s, admin, world["fosterer"], {"notes": "di nuovo"},
                               expected_version=version)
