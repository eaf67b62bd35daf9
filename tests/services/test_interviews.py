"""Interviews: recording, confidentiality of the notes, sign-off and approval evidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import (
    INTERVIEW_SECTIONS,
    AuditAction,
    InterviewKind,
    InterviewOutcome,
    Role,
)
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import interviews as iv
from affido_app.services import people
from affido_app.services import staff as staff_service

SECRET = "Racconta di un lutto recente mai elaborato"
NOW = dt.datetime.now(dt.UTC)
HELD = (NOW - dt.timedelta(days=3)).replace(microsecond=0)


# --- helpers ------------------------------------------------------------------------------------

def _fosterer(s, actor, last="Bianchi", first="Giulia") -> int:
    return people.create_fosterer(s, actor, {"last_name": last, "first_name": first,
                                             "birth_date": "12/03/1975", "comune": "Rivoli"})


def _elder(s, actor, last="Rossi", first="Maria") -> int:
    return people.create_elder(s, actor, {"last_name": last, "first_name": first,
                                          "birth_date": "01/02/1940", "comune": "Rivoli"})


def _data(**over):
    data = {"kind": InterviewKind.FIRST, "held_at": HELD, "place": "Sede di Rivoli",
            "motivation": SECRET, "notes": "Note libere riservate",
            "recommendation": "Proseguire con un approfondimento"}
    data.update(over)
    return data


def _staff(s, admin, username, role, full_name="Altro Operatore") -> int:
    return staff_service.create_staff(
        s, admin, {"username": username, "full_name": full_name, "role": role})


@pytest.fixture
def setup(db, actors):
    """A fosterer interviewed by the psychologist and the social worker (recorded by the latter)."""
    sw, psy = actors[Role.SOCIAL_WORKER], actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        fid = _fosterer(s, actors[Role.COORDINATOR])
        iid = iv.create_interview(s, sw, fosterer_id=fid, data=_data(),
                                  interviewers=[psy.id, sw.id])
    return fid, iid


def _audit_rows(s, entity="interviews", entity_id=None):
    stmt = select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
    if entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    return list(s.scalars(stmt))


# --- create -------------------------------------------------------------------------------------

def test_create_and_read_back_as_participant(db, actors, setup):
    fid, iid = setup
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        rec = iv.get_interview(s, sw, iid)
    assert rec["confidential_visible"] is True
    assert rec["motivation"] == SECRET
    assert rec["fosterer_id"] == fid and rec["elder_id"] is None
    assert rec["kind"] == InterviewKind.FIRST
    assert rec["held_at"] == HELD
    assert rec["outcome"] == InterviewOutcome.PENDING
    assert rec["subject_name"] == "Bianchi Giulia"
    assert rec["version"] == 1
    roles = {(r["staff_id"], r["role"]) for r in rec["interviewers"]}
    assert roles == {(actors[Role.PSYCHOLOGIST].id, Role.PSYCHOLOGIST), (sw.id, Role.SOCIAL_WORKER)}
    assert all(r["signed_off_at"] is None and r["full_name"] for r in rec["interviewers"])
    assert rec["created_by_id"] == sw.id


def test_create_validation_messages(db, actors):
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        fid = _fosterer(s, sw)
        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, fosterer_id=fid, data={"place": "Rivoli"},
                                interviewers=[sw.id])
        assert exc.value.errors == {"kind": "Campo obbligatorio.",
                                    "held_at": "Campo obbligatorio."}

        future = NOW + dt.timedelta(days=2)
        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, fosterer_id=fid, data=_data(held_at=future),
                                interviewers=[sw.id])
        assert exc.value.errors == {"held_at": "Il colloquio si registra dopo averlo svolto: "
                                               "la data non può essere nel futuro."}

        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, fosterer_id=fid, data=_data(
                next_date=(HELD - dt.timedelta(days=5)).date(), outcome="sconosciuto"),
                interviewers=[sw.id])
        assert exc.value.errors == {
            "next_date": "Il prossimo appuntamento non può precedere il colloquio.",
            "outcome": "Valore non valido.",
        }

        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, fosterer_id=fid, data=_data(), interviewers=[])
        assert exc.value.errors == {
            "interviewers": "Indicare almeno un operatore che ha condotto il colloquio."}


def test_kind_depends_on_the_person(db, actors):
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        fid, eid = _fosterer(s, sw), _elder(s, sw)
        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, fosterer_id=fid, data=_data(kind=InterviewKind.INTAKE),
                                interviewers=[sw.id])
        assert exc.value.errors == {
            "kind": "La «Valutazione di accesso» riguarda solo gli anziani."}
        with pytest.raises(ValidationError) as exc:
            iv.create_interview(s, sw, elder_id=eid, data=_data(kind=InterviewKind.HOME_VISIT),
                                interviewers=[sw.id])
        assert exc.value.errors == {
            "kind": "Con un anziano si svolge solo la «Valutazione di accesso»."}
        # the Italian label is accepted too
        iid = iv.create_interview(s, sw, elder_id=eid,
                                  data=_data(kind="Valutazione di accesso"), interviewers=[sw.id])
        assert iv.get_interview(s, sw, iid)["kind"] == InterviewKind.INTAKE


def test_exactly_one_existing_subject(db, actors):
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        fid, eid = _fosterer(s, sw), _elder(s, sw)
        for kwargs in ({}, {"elder_id": eid, "fosterer_id": fid}):
            with pytest.raises(ValidationError) as exc:
                iv.create_interview(s, sw, data=_data(), interviewers=[sw.id], **kwargs)
            assert set(exc.value.errors) == {"subject"}
        with pytest.raises(NotFound):
            iv.create_interview(s, sw, fosterer_id=fid + 999, data=_data(),
                                interviewers=[sw.id])


def test_interviewers_must_be_active_staff(db, actors):
    sw, admin = actors[Role.SOCIAL_WORKER], actors[Role.ADMIN]
    with db.sessions.begin() as s:
        fid = _fosterer(s, sw)
        gone = _staff(s, admin, "ex.operatore", Role.SOCIAL_WORKER)
        staff_service.update_staff(s, admin, gone, {"active": False}, expected_version=1)
        for ids in ([sw.id, gone], [sw.id, 99_999]):
            with pytest.raises(ValidationError) as exc:
                iv.create_interview(s, sw, fosterer_id=fid, data=_data(), interviewers=ids)
            assert exc.value.errors == {
                "interviewers": "Uno o più operatori indicati non esistono o non sono attivi."}


def test_read_only_cannot_create_or_edit(db, actors, setup):
    fid, iid = setup
    ro = actors[Role.READ_ONLY]
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDenied, match="creare colloqui"):
            iv.create_interview(s, ro, fosterer_id=fid, data=_data(), interviewers=[ro.id])
        with pytest.raises(PermissionDenied):
            iv.update_interview(s, ro, iid, {"place": "Altrove"}, expected_version=1)
        with pytest.raises(PermissionDenied):
            iv.sign_off_interview(s, ro, iid)
        # reading the metadata is allowed, the notes are not
        rec = iv.get_interview(s, ro, iid)
    assert rec["confidential_visible"] is False
    assert "motivation" not in rec


# --- confidentiality ----------------------------------------------------------------------------

def test_non_participant_social_worker_does_not_see_notes(db, actors, setup):
    _fid, iid = setup
    with db.sessions.begin() as s:
        other = _staff(s, actors[Role.ADMIN], "altra.assistente", Role.SOCIAL_WORKER)
    outsider = type(actors[Role.SOCIAL_WORKER])(other, Role.SOCIAL_WORKER, "altra.assistente")
    with db.sessions.begin() as s:
        before = len(_audit_rows(s, entity_id=iid))
        rec = iv.get_interview(s, outsider, iid)
        assert len(_audit_rows(s, entity_id=iid)) == before  # nothing read, nothing audited
    assert rec["confidential_visible"] is False
    for name in iv.CONFIDENTIAL_FIELDS:
        assert name not in rec
    assert {name for name, _ in INTERVIEW_SECTIONS} <= set(iv.CONFIDENTIAL_FIELDS)
    assert rec["kind"] == InterviewKind.FIRST and rec["place"] == "Sede di Rivoli"
    assert len(rec["interviewers"]) == 2


def test_any_psychologist_sees_notes_and_the_read_is_audited(db, actors, setup):
    fid, iid = setup
    with db.sessions.begin() as s:
        other = _staff(s, actors[Role.ADMIN], "altro.psicologo", Role.PSYCHOLOGIST)
    psy = type(actors[Role.PSYCHOLOGIST])(other, Role.PSYCHOLOGIST, "altro.psicologo")
    with db.sessions.begin() as s:
        rec = iv.get_interview(s, psy, iid)
        reads = [r for r in _audit_rows(s, entity_id=iid) if r.action == AuditAction.READ]
    assert rec["confidential_visible"] is True and rec["motivation"] == SECRET
    assert len(reads) == 1
    assert reads[0].user_id == other and reads[0].fosterer_id == fid


def test_coordinator_not_taking_part_sees_metadata_only(db, actors, setup):
    _fid, iid = setup
    with db.sessions.begin() as s:
        rec = iv.get_interview(s, actors[Role.COORDINATOR], iid)
    assert rec["confidential_visible"] is False and "notes" not in rec


def test_audit_rows_hold_no_note_text(db, actors, setup):
    _fid, iid = setup
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        iv.update_interview(s, sw, iid, {"notes": "Nuova nota riservata",
                                         "outcome": InterviewOutcome.FAVOURABLE},
                            expected_version=1)
        iv.get_interview(s, sw, iid)
        iv.sign_off_interview(s, sw, iid)
        rows = _audit_rows(s, entity_id=iid)
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.UPDATE,
                                        AuditAction.READ, AuditAction.UPDATE]
    assert rows[1].detail["fields"] == ["notes", "outcome"]
    dump = json.dumps([r.detail for r in rows])
    for text in (SECRET, "Nuova nota riservata", "Sede di Rivoli", "Bianchi", "approfondimento"):
        assert text not in dump


# --- edit ---------------------------------------------------------------------------------------

def test_update_and_version_conflict(db, actors, setup):
    _fid, iid = setup
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        version = iv.update_interview(s, sw, iid, {"critical_points": "Poca disponibilità",
                                                   "next_steps": "Visita domiciliare"},
                                      expected_version=1)
    assert version == 2
    with db.sessions.begin() as s, pytest.raises(Conflict) as exc:
        iv.update_interview(s, sw, iid, {"place": "Grugliasco"}, expected_version=1)
    assert exc.value.current_version == 2
    assert "modificato da un altro operatore" in exc.value.message
    with db.sessions.begin() as s:
        # nothing changed: no new version, no audit row
        assert iv.update_interview(s, sw, iid, {"next_steps": "Visita domiciliare"},
                                   expected_version=2) == 2
        rec = iv.get_interview(s, sw, iid)
    assert rec["critical_points"] == "Poca disponibilità"
    assert rec["next_steps"] == "Visita domiciliare"


def test_update_validates_fields(db, actors, setup):
    _fid, iid = setup
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s, pytest.raises(ValidationError) as exc:
        iv.update_interview(s, sw, iid, {"kind": InterviewKind.INTAKE, "outcome": ""},
                            expected_version=1)
    assert exc.value.errors == {
        "kind": "La «Valutazione di accesso» riguarda solo gli anziani.",
        "outcome": "Campo obbligatorio.",
    }


def test_only_participants_or_psychologists_edit_confidential_parts(db, actors, setup):
    _fid, iid = setup
    coord, sw = actors[Role.COORDINATOR], actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDenied, match="solo da chi lo ha condotto"):
            iv.update_interview(s, coord, iid, {"notes": "Riscritte"}, expected_version=1)
        with pytest.raises(PermissionDenied):
            iv.update_interview(s, coord, iid, {"outcome": InterviewOutcome.UNFAVOURABLE},
                                expected_version=1)
        # a non-participant cannot make themselves an interviewer (and so a reader)
        with pytest.raises(PermissionDenied):
            iv.update_interview(s, coord, iid, {}, expected_version=1,
                                interviewers=[sw.id, coord.id])
        # the metadata can be corrected by anyone who may edit interviews
        assert iv.update_interview(s, coord, iid, {"place": "Sede di Grugliasco"},
                                   expected_version=1) == 2
        # sending the confidential text unchanged is not an edit
        assert iv.update_interview(s, coord, iid, {"outcome": "pending"},
                                   expected_version=2) == 2


def test_participant_changes_interviewers(db, actors, setup):
    _fid, iid = setup
    sw, psy, coord = (actors[r] for r in (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST,
                                          Role.COORDINATOR))
    with db.sessions.begin() as s:
        version = iv.update_interview(s, sw, iid, {}, expected_version=1,
                                      interviewers=[sw.id, coord.id])
        assert version == 2  # the record changed: a new version
        rec = iv.get_interview(s, coord, iid)
    assert {(r["staff_id"], r["role"]) for r in rec["interviewers"]} == {
        (sw.id, Role.SOCIAL_WORKER), (coord.id, Role.COORDINATOR)}
    assert rec["confidential_visible"] is True  # the coordinator took part now
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError):
            iv.update_interview(s, sw, iid, {}, expected_version=2, interviewers=[])
        row = _audit_rows(s, entity_id=iid)[-2]  # the update (the last one is the read)
    assert row.detail == {"interviewers": {"added": 1, "removed": 1}}
    assert psy.id not in {r["staff_id"] for r in rec["interviewers"]}


# --- lists --------------------------------------------------------------------------------------

def test_list_is_newest_first_without_texts(db, actors, setup):
    fid, first = setup
    sw = actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        later = iv.create_interview(s, sw, fosterer_id=fid, data=_data(
            kind=InterviewKind.IN_DEPTH, held_at=HELD + dt.timedelta(days=1)),
            interviewers=[sw.id])
        other = _fosterer(s, sw, "Verdi", "Anna")
        iv.create_interview(s, sw, fosterer_id=other, data=_data(), interviewers=[sw.id])
        rows = iv.list_interviews(s, actors[Role.READ_ONLY], fosterer_id=fid)
        everyone = iv.list_interviews(s, sw)
        reads = [r for r in _audit_rows(s) if r.action == AuditAction.READ]
    assert [r["id"] for r in rows] == [later, first]
    assert rows[0]["kind"] == InterviewKind.IN_DEPTH
    assert rows[1]["subject_name"] == "Bianchi Giulia"
    assert len(rows[1]["interviewers"]) == 2
    assert len(everyone) == 3
    for row in everyone:
        assert not set(iv.CONFIDENTIAL_FIELDS) & set(row)
    assert reads == []


# --- sign-off and approval evidence -------------------------------------------------------------

def test_sign_off_rules(db, actors, setup):
    _fid, iid = setup
    sw, psy, coord = (actors[r] for r in (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST,
                                          Role.COORDINATOR))
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            iv.sign_off_interview(s, sw, iid)
        assert exc.value.errors == {
            "outcome": "Prima della firma occorre indicare l'esito del colloquio."}
        iv.update_interview(s, sw, iid, {"outcome": InterviewOutcome.FAVOURABLE},
                            expected_version=1)
        with pytest.raises(PermissionDenied, match="Solo gli operatori"):
            iv.sign_off_interview(s, coord, iid)
        with pytest.raises(Conflict):
            iv.sign_off_interview(s, sw, iid, expected_version=1)  # outcome changed meanwhile
        signed_at = iv.sign_off_interview(s, sw, iid, expected_version=2)
        with pytest.raises(Conflict, match="già stato firmato"):
            iv.sign_off_interview(s, sw, iid)
        rec = iv.get_interview(s, coord, iid)
    signed = {r["staff_id"]: r["signed_off_at"] for r in rec["interviewers"]}
    assert signed == {sw.id: signed_at, psy.id: None}
    assert signed_at.tzinfo is not None


def test_changing_the_outcome_withdraws_sign_offs(db, actors, setup):
    fid, iid = setup
    sw, psy = actors[Role.SOCIAL_WORKER], actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        iv.update_interview(s, sw, iid, {"outcome": InterviewOutcome.FAVOURABLE},
                            expected_version=1)
        iv.sign_off_interview(s, sw, iid)
        iv.sign_off_interview(s, psy, iid)
        assert iv.fosterer_signoff_status(s, fid)["favourable_signed"] is True
        iv.update_interview(s, psy, iid, {"outcome": InterviewOutcome.UNFAVOURABLE},
                            expected_version=2)
        rec = iv.get_interview(s, psy, iid)
        status = iv.fosterer_signoff_status(s, fid)
        update = [r for r in _audit_rows(s, entity_id=iid) if r.action == AuditAction.UPDATE][-1]
    assert all(r["signed_off_at"] is None for r in rec["interviewers"])
    assert update.detail["signoffs_cleared"] == 2
    assert status == {"favourable_signed": False,
                      "missing": ["Manca un colloquio con esito favorevole."]}


def test_fosterer_signoff_status_needs_psychologist_and_social_worker(db, actors, setup):
    fid, iid = setup
    sw, psy, coord = (actors[r] for r in (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST,
                                          Role.COORDINATOR))
    with db.sessions.begin() as s:
        assert iv.fosterer_signoff_status(s, fid)["missing"] == [
            "Manca un colloquio con esito favorevole."]
        iv.update_interview(s, sw, iid, {"outcome": "favourable_reserved"}, expected_version=1)
        assert iv.fosterer_signoff_status(s, fid) == {
            "favourable_signed": False,
            "missing": [
                "Manca la firma di uno psicologo su un colloquio con esito favorevole.",
                "Manca la firma di un assistente sociale su un colloquio con esito favorevole.",
            ]}
        iv.sign_off_interview(s, sw, iid)
        # a psychologist's sign-off on another interview does not count
        other = iv.create_interview(s, psy, fosterer_id=fid, data=_data(
            outcome=InterviewOutcome.FAVOURABLE), interviewers=[psy.id, coord.id])
        iv.sign_off_interview(s, psy, other)
        iv.sign_off_interview(s, coord, other)  # a coordinator is neither role
        assert iv.fosterer_signoff_status(s, fid) == {
            "favourable_signed": False,
            "missing": ["Manca la firma di uno psicologo su un colloquio con esito favorevole."]}
        iv.sign_off_interview(s, psy, iid)
        assert iv.fosterer_signoff_status(s, fid) == {"favourable_signed": True, "missing": []}
        # an unfavourable outcome signed by both never counts
        other_fosterer = _fosterer(s, sw, "Neri", "Luca")
        bad = iv.create_interview(s, sw, fosterer_id=other_fosterer, data=_data(
            outcome=InterviewOutcome.UNFAVOURABLE), interviewers=[sw.id, psy.id])
        iv.sign_off_interview(s, sw, bad)
        iv.sign_off_interview(s, psy, bad)
        assert iv.fosterer_signoff_status(s, other_fosterer)["favourable_signed"] is False


def test_missing_interview(db, actors):
    with db.sessions.begin() as s, pytest.raises(NotFound):
        iv.get_interview(s, actors[Role.PSYCHOLOGIST], 12345)
