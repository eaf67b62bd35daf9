"""Approval follows the evidence, and the record says exactly what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from affido_app.domain.enums import (
    AttendanceStatus,
    DocumentKind,
    FostererStatus,
    InterviewKind,
    InterviewOutcome,
    Role,
)
from affido_app.errors import ValidationError
from affido_app.services import consents, interviews, training
from affido_app.services import people as P
from affido_app.services.selection import approval_evidence
from tests.helpers import fosterer_data

NOW = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
TODAY = dt.date.today()


def _candidate(s, co) -> int:
    fid = P.create_fosterer(s, co, fosterer_data())
    P.change_fosterer_status(s, co, fid, FostererStatus.SELECTION)
    return fid


def test_nothing_on_file_lists_everything(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = _candidate(s, co)
        ev = approval_evidence(s, fid)
    assert not ev["ready"]
    assert ev["summary"].startswith("Manca: colloquio con esito favorevole; ")
    assert "certificato del casellario" in ev["missing"]
    assert "documento d'identità" in ev["missing"]
    assert "assicurazione" in ev["missing"]
    assert ev["missing"][-1] == "consenso al trattamento dei dati"


def test_evidence_builds_up_until_approval(db, actors):
    co, psy, sw = (actors[r] for r in (Role.COORDINATOR, Role.PSYCHOLOGIST,
                                       Role.SOCIAL_WORKER))
    with db.sessions.begin() as s:
        fid = _candidate(s, co)
        iid = interviews.create_interview(
            s, psy, fosterer_id=fid, interviewers=[psy.id, sw.id],
            data={"kind": InterviewKind.FIRST, "held_at": NOW,
                  "outcome": InterviewOutcome.FAVOURABLE})
        interviews.sign_off_interview(s, psy, iid)
        ev = approval_evidence(s, fid)
        assert any("assistente sociale" in m for m in ev["missing"])
        interviews.sign_off_interview(s, sw, iid)
        cid = training.create_course(s, co, {"title": "Percorso A",
                                             "required_core_sessions": 5})
        sessions = [training.add_session(s, co, cid, {
            "starts_at": NOW - dt.timedelta(days=7 * (6 - i)), "topic": f"Incontro {i}"})
            for i in range(5)]
        training.enroll(s, co, cid, fid, on=TODAY - dt.timedelta(days=60))
        for sid in sessions[:3]:
            training.record_attendance(s, co, sid, {fid: AttendanceStatus.PRESENT})
        training.record_attendance(s, co, sessions[3], {fid: AttendanceStatus.JUSTIFIED})
        ev = approval_evidence(s, fid)
        assert "2 incontri obbligatori su 5 («Percorso A»)" in ev["missing"]
        assert not any("colloquio" in m or "firma" in m for m in ev["missing"])
        for kind in (DocumentKind.CRIMINAL_RECORD, DocumentKind.ID_DOCUMENT,
                     DocumentKind.INSURANCE):
            P.add_document(s, co, fid, {"kind": kind, "expires_on": TODAY
                                        + dt.timedelta(days=90)})
        P.add_document(s, co, fid, {"kind": DocumentKind.INSURANCE,
                                    "expires_on": TODAY - dt.timedelta(days=400),
                                    "issued_on": TODAY - dt.timedelta(days=800)})
        consents.record_consent(s, co, fosterer_id=fid, data={
            "scope": "data_processing", "given_on": TODAY})
        ev = approval_evidence(s, fid)
        assert ev["summary"] == "Manca: 2 incontri obbligatori su 5 («Percorso A»)"
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_fosterer_status(s, co, fid, FostererStatus.APPROVED)
    assert info.value.errors == {
        "approval": "Manca: 2 incontri obbligatori su 5 («Percorso A»)."}
    with db.sessions.begin() as s:
        for sid in sessions[3:]:
            training.record_attendance(s, co, sid, {fid: AttendanceStatus.PRESENT})
        assert approval_evidence(s, fid)["ready"]
        P.change_fosterer_status(s, co, fid, FostererStatus.APPROVED)


def test_expired_document_is_named(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = _candidate(s, co)
        P.add_document(s, co, fid, {"kind": DocumentKind.CRIMINAL_RECORD,
                                    "issued_on": TODAY - dt.timedelta(days=500),
                                    "expires_on": TODAY - dt.timedelta(days=135)})
        ev = approval_evidence(s, fid)
    assert "certificato del casellario scaduto" in ev["missing"]
    assert ev["documents"][DocumentKind.CRIMINAL_RECORD] == "expired"
    assert ev["documents"][DocumentKind.INSURANCE] == "missing"
