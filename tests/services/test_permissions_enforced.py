"""The permission matrix is enforced by the services, not only shown by the interface.

For each record type, representative write services are called by every role the matrix refuses:
each call raises PermissionDenied and writes nothing — no row added, changed or removed in any
table, no audit row — even when the caller commits afterwards (a service that wrote first and
checked afterwards would be caught). The same call by a role the matrix allows succeeds and does
write, so every refusal tested here comes from the permission and not from bad test data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from affido_app.db.base import Base
from affido_app.db.models import (
    Consent,
    ElderContact,
    ExpenseClaim,
    Interview,
    Match,
    StaffUser,
    SupervisionSession,
    TrainingCourse,
)
from affido_app.domain.enums import (
    ElderStatus,
    ExpenseStatus,
    FostererStatus,
    InterviewKind,
    MatchStatus,
    Role,
    SupervisionKind,
)
from affido_app.domain.permissions import Action, Resource, can
from affido_app.errors import PermissionDenied
from affido_app.matching.weights import Weights, save_weights
from affido_app.services import attachments, consents, expenses, matches, people, settings, staff
from affido_app.services import interviews as iv
from affido_app.services import supervision as sv
from affido_app.services import training as tr
from tests.helpers import elder_data, fosterer_data, give_approval_evidence

TODAY = dt.date.today()
HELD = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).replace(microsecond=0)


def _version(s, model, row_id) -> int:
    return s.get(model, row_id).version


def _waiting_elder(s, actor) -> int:
    eid = people.create_elder(s, actor, elder_data())
    consents.record_consent(s, actor, elder_id=eid,
                            data={"scope": "data_processing", "given_on": TODAY})
    people.change_elder_status(s, actor, eid, ElderStatus.ASSESSED)
    people.change_elder_status(s, actor, eid, ElderStatus.WAITING)
    return eid


def _fosterer_in_selection(s, actor) -> int:
    fid = people.create_fosterer(s, actor, fosterer_data(capacity=3))
    people.change_fosterer_status(s, actor, fid, FostererStatus.SELECTION)
    give_approval_evidence(s, fid)
    return fid


@pytest.fixture
def world(db, actors):
    """One record of every kind, written by the roles that may write them."""
    admin, coord = actors[Role.ADMIN], actors[Role.COORDINATOR]
    psy, sw = actors[Role.PSYCHOLOGIST], actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        referred = people.create_elder(s, coord, elder_data())
        consents.record_consent(s, coord, elder_id=referred,
                                data={"scope": "data_processing", "given_on": TODAY})
        waiting = _waiting_elder(s, coord)
        matched = _waiting_elder(s, coord)
        fosterer = _fosterer_in_selection(s, coord)
        people.change_fosterer_status(s, coord, fosterer, FostererStatus.APPROVED)
        candidate = _fosterer_in_selection(s, coord)
        match = matches.propose_match(s, coord, matched, fosterer)
        course = tr.create_course(s, coord, {"title": "Percorso base", "start_date": TODAY})
        session = sv.create_supervision(
            s, psy, {"kind": SupervisionKind.GROUP, "held_at": HELD, "led_by_id": psy.id,
                     "place": "Sede di Collegno"}, staff_ids=[sw.id], fosterer_ids=[fosterer])
        interview = iv.create_interview(
            s, sw, fosterer_id=fosterer, interviewers=[psy.id, sw.id],
            data={"kind": InterviewKind.FIRST, "held_at": HELD, "place": "Sede di Rivoli"})
        submitted = expenses.add_expense(s, sw, fosterer, {"date": TODAY, "km": "10"})
        expenses.submit_expense(s, sw, submitted)
        draft = expenses.add_expense(s, sw, fosterer, {"date": TODAY, "km": "4"})
        consent = s.scalar(select(Consent.id).where(Consent.elder_id == referred))
        attachment = attachments.add_attachment(s, coord, elder_id=referred,
                                                filename="nota.txt", data=b"promemoria")
        contact = people.add_elder_contact(s, coord, referred, {"name": "Giulia Rossi",
                                                                "relation": "figlia"})
    del admin
    return {"referred": referred, "waiting": waiting, "fosterer": fosterer,
            "candidate": candidate, "match": match, "course": course, "session": session,
            "interview": interview, "submitted": submitted, "draft": draft, "consent": consent,
            "attachment": attachment, "contact": contact}


@dataclass(frozen=True)
class Case:
    resource: Resource
    action: Action
    name: str
    call: Callable  # (session, actor, world) -> anything
    #: a role the matrix allows (and the record-level rules too): the call succeeds
    allowed: Role


CASES = [
    # elders
    Case(Resource.ELDER, Action.CREATE, "create_elder",
         lambda s, a, w: people.create_elder(s, a, elder_data()), Role.COORDINATOR),
    Case(Resource.ELDER, Action.UPDATE, "update_elder",
         lambda s, a, w: people.update_elder(
             s, a, w["referred"], {"phone": "011 955 1234"},
             expected_version=people.get_elder(s, a, w["referred"])["version"]),
         Role.SOCIAL_WORKER),
    Case(Resource.ELDER, Action.UPDATE, "add_elder_contact",
         lambda s, a, w: people.add_elder_contact(s, a, w["referred"], {"name": "Ugo Rossi"}),
         Role.PSYCHOLOGIST),
    Case(Resource.ELDER, Action.CHANGE_STATUS, "change_elder_status",
         lambda s, a, w: people.change_elder_status(s, a, w["referred"], ElderStatus.ASSESSED),
         Role.SOCIAL_WORKER),
    # fosterers
    Case(Resource.FOSTERER, Action.CREATE, "create_fosterer",
         lambda s, a, w: people.create_fosterer(s, a, fosterer_data()), Role.PSYCHOLOGIST),
    Case(Resource.FOSTERER, Action.APPROVE, "approve_fosterer",
         lambda s, a, w: people.change_fosterer_status(s, a, w["candidate"],
                                                       FostererStatus.APPROVED),
         Role.COORDINATOR),
    # interviews
    Case(Resource.INTERVIEW, Action.CREATE, "create_interview",
         lambda s, a, w: iv.create_interview(
             s, a, fosterer_id=w["fosterer"], interviewers=[a.id],
             data={"kind": InterviewKind.FOLLOW_UP, "held_at": HELD}),
         Role.PSYCHOLOGIST),
    Case(Resource.INTERVIEW, Action.UPDATE, "update_interview",
         lambda s, a, w: iv.update_interview(
             s, a, w["interview"], {"place": "Domicilio"},
             expected_version=_version(s, Interview, w["interview"])),
         Role.SOCIAL_WORKER),
    # training
    Case(Resource.TRAINING, Action.CREATE, "create_course",
         lambda s, a, w: tr.create_course(s, a, {"title": "Percorso avanzato"}),
         Role.COORDINATOR),
    Case(Resource.TRAINING, Action.UPDATE, "enroll",
         lambda s, a, w: tr.enroll(s, a, w["course"], w["fosterer"]), Role.COORDINATOR),
    Case(Resource.TRAINING, Action.DELETE, "delete_course",
         lambda s, a, w: tr.delete_course(s, a, w["course"],
                                          expected_version=_version(s, TrainingCourse,
                                                                    w["course"])),
         Role.COORDINATOR),
    # supervision
    Case(Resource.SUPERVISION, Action.CREATE, "create_supervision",
         lambda s, a, w: sv.create_supervision(
             s, a, {"kind": SupervisionKind.INDIVIDUAL, "held_at": HELD, "led_by_id": a.id}),
         Role.SOCIAL_WORKER),
    Case(Resource.SUPERVISION, Action.UPDATE, "update_supervision",
         lambda s, a, w: sv.update_supervision(
             s, a, w["session"], {"place": "Sede di Rivoli"},
             expected_version=_version(s, SupervisionSession, w["session"])),
         Role.PSYCHOLOGIST),
    # matches
    Case(Resource.MATCH, Action.CREATE, "propose_match",
         lambda s, a, w: matches.propose_match(s, a, w["waiting"], w["fosterer"]),
         Role.COORDINATOR),
    Case(Resource.MATCH, Action.UPDATE, "update_match",
         lambda s, a, w: matches.update_match(
             s, a, w["match"], {"supervision_every_days": 20},
             expected_version=_version(s, Match, w["match"])),
         Role.COORDINATOR),
    Case(Resource.MATCH, Action.CHANGE_STATUS, "change_match_status",
         lambda s, a, w: matches.change_match_status(s, a, w["match"], MatchStatus.INTRODUCTION),
         Role.COORDINATOR),
    # expenses
    Case(Resource.EXPENSE, Action.CREATE, "add_expense",
         lambda s, a, w: expenses.add_expense(s, a, w["fosterer"], {"date": TODAY, "km": "7"}),
         Role.SOCIAL_WORKER),
    Case(Resource.EXPENSE, Action.APPROVE, "decide_expense",
         lambda s, a, w: expenses.decide_expense(s, a, w["submitted"], True),
         Role.COORDINATOR),
    Case(Resource.EXPENSE, Action.DELETE, "delete_expense",
         lambda s, a, w: expenses.delete_expense(
             s, a, w["draft"], expected_version=_version(s, ExpenseClaim, w["draft"])),
         Role.COORDINATOR),
    # consents
    Case(Resource.CONSENT, Action.CREATE, "record_consent",
         lambda s, a, w: consents.record_consent(
             s, a, fosterer_id=w["fosterer"], data={"scope": "photos", "given_on": TODAY}),
         Role.PSYCHOLOGIST),
    Case(Resource.CONSENT, Action.UPDATE, "withdraw_consent",
         lambda s, a, w: consents.withdraw_consent(s, a, w["consent"]), Role.SOCIAL_WORKER),
    # attachments
    Case(Resource.ATTACHMENT, Action.CREATE, "add_attachment",
         lambda s, a, w: attachments.add_attachment(s, a, fosterer_id=w["fosterer"],
                                                    filename="carta.pdf", data=b"%PDF-1.4"),
         Role.SOCIAL_WORKER),
    Case(Resource.ATTACHMENT, Action.DELETE, "delete_attachment",
         lambda s, a, w: attachments.delete_attachment(s, a, w["attachment"]),
         Role.COORDINATOR),
    # staff accounts
    Case(Resource.STAFF, Action.CREATE, "create_staff",
         lambda s, a, w: staff.create_staff(s, a, {"username": "nuovo", "full_name": "Nuovo",
                                                   "role": Role.SOCIAL_WORKER}),
         Role.ADMIN),
    Case(Resource.STAFF, Action.UPDATE, "update_staff",
         lambda s, a, w: staff.update_staff(
             s, a, _staff_id(s, "lettore"), {"role": Role.ADMIN},
             expected_version=_version(s, StaffUser, _staff_id(s, "lettore"))),
         Role.ADMIN),
    # settings
    Case(Resource.SETTINGS, Action.UPDATE, "set_setting",
         lambda s, a, w: settings.set_setting(s, a, "supervision.every_days", 15), Role.ADMIN),
    Case(Resource.SETTINGS, Action.UPDATE, "save_weights",
         lambda s, a, w: save_weights(s, a, Weights(distance=30.0)), Role.ADMIN),
]


def _staff_id(s, username: str) -> int:
    return s.scalar(select(StaffUser.id).where(StaffUser.username == username))


def snapshot(db) -> dict[str, list[str]]:
    """Every row of every table, as text (order-independent)."""
    with db.sessions() as s:
        return {t.name: sorted(repr(tuple(r)) for r in s.execute(select(t)))
                for t in Base.metadata.sorted_tables}


def _changed(before, after) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def test_every_record_type_has_a_write_case():
    covered = {c.resource for c in CASES}
    # the audit trail has no write service at all: rows are only appended by other services
    assert covered == set(Resource) - {Resource.AUDIT}
    for case in CASES:
        assert can(case.allowed, case.action, case.resource), case.name
        assert any(not can(r, case.action, case.resource) for r in Role), (
            f"{case.name}: every role may do it, nothing to enforce")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refused_roles_write_nothing(db, actors, world, case):
    refused = [r for r in Role if not can(r, case.action, case.resource)]
    before = snapshot(db)
    for role in refused:
        with db.sessions() as s:
            with pytest.raises(PermissionDenied, match="Il suo profilo non consente"):
                case.call(s, actors[role], world)
            s.commit()  # whatever the service wrote before refusing would be stored now
        after = snapshot(db)
        assert not _changed(before, after), (
            f"{case.name} by {role.value}: tables written {_changed(before, after)}")

    # the same call by a role the matrix allows goes through and writes (audit row included)
    with db.sessions.begin() as s:
        case.call(s, actors[case.allowed], world)
    changed = _changed(before, snapshot(db))
    assert "audit_events" in changed and len(changed) >= 2, (case.name, changed)


def test_read_only_user_changes_nothing_anywhere(db, actors, world):
    """The read-only role, through every case at once (the rule users rely on most)."""
    before = snapshot(db)
    reader = actors[Role.READ_ONLY]
    for case in CASES:
        with db.sessions() as s:
            with pytest.raises(PermissionDenied):
                case.call(s, reader, world)
            s.commit()
    assert snapshot(db) == before


def test_expense_states_untouched_by_refused_approval(db, actors, world):
    with db.sessions() as s:
        for role in (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER, Role.READ_ONLY):
            with pytest.raises(PermissionDenied):
                expenses.decide_expense(s, actors[role], world["submitted"], True)
        s.commit()
    with db.sessions() as s:
        assert s.get(ExpenseClaim, world["submitted"]).status == ExpenseStatus.SUBMITTED
        assert s.get(ElderContact, world["contact"]) is not None
