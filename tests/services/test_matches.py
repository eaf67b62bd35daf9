"""Matches: the life of a pair, the elder's status following it, refusals, permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import (
    ElderStatus,
    FostererStatus,
    MatchCloseReason,
    MatchStatus,
    MeetingPlace,
    Need,
    PersonKind,
    Role,
)
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import consents, matches, people
from affido_app.services.settings import set_setting
from tests.helpers import give_approval_evidence

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=30)

# --- helpers ------------------------------------------------------------------------------------


def waiting_elder(s, actor, last_name="Rossi", first_name="Maria") -> int:
    eid = people.create_elder(s, actor, {
        "last_name": last_name, "first_name": first_name, "birth_date": "12/03/1940",
        "comune": "Rivoli",
    })
    consents.record_consent(s, actor, elder_id=eid,
                            data={"scope": "data_processing", "given_on": TODAY})
    people.change_elder_status(s, actor, eid, ElderStatus.ASSESSED)
    people.change_elder_status(s, actor, eid, ElderStatus.WAITING)
    return eid


def approved_fosterer(s, actor, last_name="Bianchi", first_name="Luca", capacity=1) -> int:
    fid = people.create_fosterer(s, actor, {
        "last_name": last_name, "first_name": first_name, "birth_date": "05/06/1975",
        "comune": "Rivoli", "capacity": capacity,
    })
    people.change_fosterer_status(s, actor, fid, FostererStatus.SELECTION)
    give_approval_evidence(s, fid)
    people.change_fosterer_status(s, actor, fid, FostererStatus.APPROVED)
    return fid


def elder_status(s, elder_id) -> ElderStatus:
    s.expire_all()
    return people.get_elder(s, _admin(s), elder_id)["status"]


def _admin(s):
    from affido_app.services.context import load_actor

    return load_actor(s, "admin")


def assert_audit_clean(s, *words: str) -> None:
    """No audit detail holds any of the given personal words."""
    details = s.scalars(select(AuditEvent.detail)).all()
    text = json.dumps(details).lower()
    for word in words:
        assert word.lower() not in text


@pytest.fixture
def pair(db, actors):
    """A waiting elder and an approved fosterer (capacity 1), created by the coordinator."""
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        return waiting_elder(s, coord), approved_fosterer(s, coord)


# --- life cycle ---------------------------------------------------------------------------------

def test_full_life_cycle_with_events_and_elder_status(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id, {
            "schedule": [(0, 0), (3, 1)], "hours_per_week": "4,5",
            "meeting_place": MeetingPlace.ELDER_HOME, "activities": ["company", "walks"],
            "proposal_score": 82.5, "goals": "Ridurre l'isolamento",
        })
        m = matches.get_match(s, coord, mid)
        assert m["status"] == MatchStatus.PROPOSED
        assert m["elder_name"] == "Rossi Maria" and m["fosterer_name"] == "Bianchi Luca"
        assert m["hours_per_week"] == 4.5 and isinstance(m["hours_per_week"], float)
        assert m["activities"] == Need.COMPANY | Need.WALKS
        assert m["supervision_every_days"] == 30  # from the settings
        assert m["proposed_by_id"] == coord.id and m["proposed_on"] == TODAY
        assert elder_status(s, elder_id) == ElderStatus.WAITING  # a proposal is not yet an affido
        assert matches.open_match_count(s, fosterer_id) == 1

        matches.change_match_status(s, coord, mid, MatchStatus.INTRODUCTION, note="Primo incontro")
        matches.change_match_status(s, coord, mid, "active")
        assert elder_status(s, elder_id) == ElderStatus.FOSTERED
        m = matches.get_match(s, coord, mid)
        assert m["started_on"] == TODAY and m["ended_on"] is None

        matches.change_match_status(s, coord, mid, MatchStatus.SUSPENDED, until=LATER,
                                    reason="Ricovero")
        m = matches.get_match(s, coord, mid)
        assert m["suspended_until"] == LATER
        assert elder_status(s, elder_id) == ElderStatus.FOSTERED
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        assert matches.get_match(s, coord, mid)["suspended_until"] is None

        version = matches.change_match_status(
            s, coord, mid, MatchStatus.CLOSED, reason=MatchCloseReason.GOALS_REACHED,
            sub_reason="Rete familiare ricostruita", note="Chiusura concordata",
        )
        m = matches.get_match(s, coord, mid)
        assert m["version"] == version
        assert m["status"] == MatchStatus.CLOSED and m["ended_on"] == TODAY
        assert m["close_reason"] == MatchCloseReason.GOALS_REACHED
        assert m["close_sub_reason"] == "Rete familiare ricostruita"
        assert m["started_on"] == TODAY
        assert elder_status(s, elder_id) == ElderStatus.WAITING
        assert matches.open_match_count(s, fosterer_id) == 0

        hist = matches.match_history(s, coord, mid)
        assert [(h["from_status"], h["to_status"]) for h in hist] == [
            (None, MatchStatus.PROPOSED),
            (MatchStatus.PROPOSED, MatchStatus.INTRODUCTION),
            (MatchStatus.INTRODUCTION, MatchStatus.ACTIVE),
            (MatchStatus.ACTIVE, MatchStatus.SUSPENDED),
            (MatchStatus.SUSPENDED, MatchStatus.ACTIVE),
            (MatchStatus.ACTIVE, MatchStatus.CLOSED),
        ]
        assert all(h["author_id"] == coord.id for h in hist)
        assert hist[1]["note"] == "Primo incontro"
        assert hist[3]["until"] == LATER and hist[3]["reason"] == "Ricovero"
        assert hist[5]["reason"] == "goals_reached"
        assert hist[5]["sub_reason"] == "Rete familiare ricostruita"

        # the elder's history shows the consequences, authored by the coordinator
        elder_hist = people.history(s, coord, PersonKind.ELDER, elder_id)
        assert [h["to_status"] for h in elder_hist] == [
            ElderStatus.REFERRED, ElderStatus.ASSESSED, ElderStatus.WAITING,
            ElderStatus.FOSTERED, ElderStatus.WAITING,
        ]
        assert elder_hist[3]["author_id"] == coord.id
        assert elder_hist[3]["note"] == "Abbinamento con Bianchi Luca: attivo."

        rows = s.execute(
            select(AuditEvent.action, AuditEvent.entity, AuditEvent.detail,
                   AuditEvent.elder_id, AuditEvent.fosterer_id)
            .where(AuditEvent.entity.in_(("matches", "elders")))
            .order_by(AuditEvent.id)
        ).all()
        match_rows = [r for r in rows if r.entity == "matches"]
        assert [str(r.action) for r in match_rows] == ["create"] + ["status"] * 5
        assert all((r.elder_id, r.fosterer_id) == (elder_id, fosterer_id) for r in match_rows)
        assert match_rows[-1].detail == {"from": "active", "to": "closed"}
        elder_rows = [r for r in rows if r.entity == "elders" and r.detail
                      and r.detail.get("match_id") == mid]
        assert [(r.detail["from"], r.detail["to"]) for r in elder_rows] == [
            ("waiting", "fostered"), ("fostered", "waiting")]
        assert_audit_clean(s, "Rossi", "Maria", "Bianchi", "Luca", "Ricovero", "concordata",
                           "isolamento", "Rete familiare")


@pytest.mark.parametrize("reason, end_reason, uvg", [
    (MatchCloseReason.ELDER_DIED, "died", False),
    (MatchCloseReason.CARE_HOME, "care_home", False),
    (MatchCloseReason.UVG_CARE, "uvg_care", True),
])
def test_closure_reasons_that_close_the_elder(db, actors, pair, reason, end_reason, uvg):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        matches.change_match_status(s, coord, mid, MatchStatus.CLOSED, reason=reason.value)
        s.expire_all()
        elder = people.get_elder(s, coord, elder_id)
        assert elder["status"] == ElderStatus.CLOSED
        assert elder["end_reason"] == end_reason
        assert elder["in_uvg_care"] is uvg
        last = people.history(s, coord, PersonKind.ELDER, elder_id)[-1]
        assert (last["from_status"], last["to_status"]) == (ElderStatus.FOSTERED,
                                                            ElderStatus.CLOSED)
        assert last["reason"] == end_reason


def test_closing_a_proposal_leaves_a_waiting_elder_waiting(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.NOT_STARTED)
        assert elder_status(s, elder_id) == ElderStatus.WAITING
        assert len(people.history(s, coord, PersonKind.ELDER, elder_id)) == 3
        # the elder is free again: a new proposal with another fosterer is possible
        other = approved_fosterer(s, coord, "Verdi", "Anna")
        matches.propose_match(s, coord, elder_id, other)


# --- refusals -----------------------------------------------------------------------------------

def test_proposal_refusals(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        referred = people.create_elder(s, coord, {
            "last_name": "Neri", "first_name": "Ugo", "birth_date": "01/01/1938",
            "comune": "Rivoli"})
        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, referred, fosterer_id)
        assert exc.value.errors == {
            "elder_id": "L'anziano non è in attesa di abbinamento (stato attuale: «Segnalato»)."}

        candidate = people.create_fosterer(s, coord, {
            "last_name": "Gialli", "first_name": "Pia", "birth_date": "01/01/1980",
            "comune": "Rivoli"})
        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, elder_id, candidate)
        assert exc.value.errors["fosterer_id"] == (
            "L'affidatario non è idoneo e disponibile (stato attuale: «Candidatura»).")

        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, elder_id, fosterer_id,
                                  {"proposed_on": TODAY + dt.timedelta(days=1),
                                   "hours_per_week": 61, "supervision_every_days": 3})
        assert set(exc.value.errors) == {"proposed_on", "hours_per_week",
                                         "supervision_every_days"}
        assert exc.value.errors["proposed_on"] == (
            "La data della proposta non può essere nel futuro.")

        matches.propose_match(s, coord, elder_id, fosterer_id)
        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, elder_id, fosterer_id)
        assert exc.value.errors == {"fosterer_id": (
            "Esiste già un abbinamento aperto tra questo anziano e questo affidatario.")}

        second = approved_fosterer(s, coord, "Verdi", "Anna", capacity=2)
        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, elder_id, second)
        assert exc.value.errors == {"elder_id": "L'anziano ha già un altro abbinamento aperto."}

        other_elder = waiting_elder(s, coord, "Russo", "Gina")
        with pytest.raises(ValidationError) as exc:
            matches.propose_match(s, coord, other_elder, fosterer_id)
        assert exc.value.errors == {"fosterer_id": (
            "L'affidatario ha già il numero massimo di abbinamenti aperti (1 anziano alla volta).")}
        # a fosterer with capacity 2 takes a second elder, not a third
        matches.propose_match(s, coord, other_elder, second)
        third = waiting_elder(s, coord, "Galli", "Ada")
        fourth = waiting_elder(s, coord, "Conti", "Rita")
        matches.propose_match(s, coord, third, second)
        with pytest.raises(ValidationError, match=r"\(2 anziani alla volta\)"):
            matches.propose_match(s, coord, fourth, second)

        with pytest.raises(NotFound):
            matches.propose_match(s, coord, 999_999, fosterer_id)


def test_status_change_refusals(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.SUSPENDED)
        assert exc.value.errors == {"status": (
            "Da «Proposto» non si può passare a «Sospeso»: stati possibili «Conoscenza», "
            "«Attivo», «Concluso».")}
        with pytest.raises(ValidationError, match="Stato non valido"):
            matches.change_match_status(s, coord, mid, "nonsense")

        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.SUSPENDED, reason="Ricovero")
        assert exc.value.errors == {"until": "Indicare la data prevista di ripresa."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.SUSPENDED, until=LATER)
        assert exc.value.errors == {"reason": "Indicare il motivo."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.SUSPENDED, reason="Ricovero",
                                        until=TODAY)
        assert exc.value.errors == {
            "until": "La data di ripresa deve seguire quella della sospensione."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.CLOSED)
        assert exc.value.errors == {"reason": "Indicare il motivo della conclusione."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.CLOSED, reason="boh")
        assert exc.value.errors == {"reason": "Motivo non valido."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.CLOSED, reason="other",
                                        on=TODAY + dt.timedelta(days=1))
        assert exc.value.errors == {
            "on": "La data del cambio di stato non può essere nel futuro."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.CLOSED, reason="other",
                                        on=TODAY - dt.timedelta(days=1))
        assert exc.value.errors == {"on": "La data non può precedere quella dello stato attuale."}
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        assert exc.value.errors == {"status": "Lo stato è già «Attivo»."}
        # nothing of the refused changes was written
        assert len(matches.match_history(s, coord, mid)) == 2
        assert matches.get_match(s, coord, mid)["status"] == MatchStatus.ACTIVE


# --- reopening ----------------------------------------------------------------------------------

def test_reopen(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        matches.change_match_status(s, coord, mid, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.FOSTERER_WITHDREW)
        assert elder_status(s, elder_id) == ElderStatus.WAITING

        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE, note="Ci ha ripensato")
        m = matches.get_match(s, coord, mid)
        assert m["status"] == MatchStatus.ACTIVE
        assert m["ended_on"] is None and m["close_reason"] is None
        assert m["close_sub_reason"] is None and m["started_on"] == TODAY
        assert elder_status(s, elder_id) == ElderStatus.FOSTERED
        hist = matches.match_history(s, coord, mid)
        assert [h["to_status"] for h in hist][-2:] == [MatchStatus.CLOSED, MatchStatus.ACTIVE]
        assert hist[-2]["reason"] == "fosterer_withdrew"  # history kept


def test_reopen_refusals(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        first = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, first, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.INCOMPATIBILITY)
        # the elder now has another open match
        other = approved_fosterer(s, coord, "Verdi", "Anna")
        second = matches.propose_match(s, coord, elder_id, other)
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, first, MatchStatus.ACTIVE)
        assert exc.value.errors == {"status": (
            "Non si può riaprire l'abbinamento: l'anziano ha già un altro abbinamento aperto.")}
        matches.change_match_status(s, coord, second, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.NOT_STARTED)
        # the fosterer is now busy with another elder (capacity 1)
        busy = waiting_elder(s, coord, "Russo", "Gina")
        third = matches.propose_match(s, coord, busy, fosterer_id)
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, first, MatchStatus.ACTIVE)
        assert exc.value.errors == {"status": (
            "Non si può riaprire l'abbinamento: l'affidatario ha già il numero massimo di "
            "abbinamenti aperti (1 anziano alla volta).")}
        matches.change_match_status(s, coord, third, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.NOT_STARTED)
        # the fosterer is suspended
        people.change_fosterer_status(s, coord, fosterer_id, FostererStatus.SUSPENDED,
                                      reason="Motivi familiari", until=LATER)
        with pytest.raises(ValidationError, match="l'affidatario non è idoneo e disponibile"):
            matches.change_match_status(s, coord, first, MatchStatus.ACTIVE)


def test_reopen_refused_when_the_elder_case_is_closed(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        matches.change_match_status(s, coord, mid, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.CARE_HOME)
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        assert exc.value.errors["status"].startswith("Lo stato dell'anziano non lo consente.")
        assert "«Concluso»" in exc.value.errors["status"]
        assert matches.get_match(s, coord, mid)["status"] == MatchStatus.CLOSED


def test_previous_incompatibility(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        other = approved_fosterer(s, coord, "Verdi", "Anna")
        assert not matches.previous_incompatibility(s, elder_id, fosterer_id)
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        assert not matches.previous_incompatibility(s, elder_id, fosterer_id)
        matches.change_match_status(s, coord, mid, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.INCOMPATIBILITY)
        assert matches.previous_incompatibility(s, elder_id, fosterer_id)
        assert not matches.previous_incompatibility(s, elder_id, other)
        mid2 = matches.propose_match(s, coord, elder_id, other)
        matches.change_match_status(s, coord, mid2, MatchStatus.CLOSED,
                                    reason=MatchCloseReason.NOT_STARTED)
        assert not matches.previous_incompatibility(s, elder_id, other)


# --- edit, lists, permissions, conflicts --------------------------------------------------------

def test_update_list_and_count(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        set_setting(s, actors[Role.ADMIN], "supervision.every_days", 21)
        mid = matches.propose_match(s, coord, elder_id, fosterer_id)
        m = matches.get_match(s, coord, mid)
        assert m["supervision_every_days"] == 21
        version = matches.update_match(
            s, coord, mid, {"hours_per_week": "3", "notes": "Martedì al mercato",
                            "supervision_every_days": 14}, expected_version=m["version"])
        assert version == m["version"] + 1
        m = matches.get_match(s, coord, mid)
        assert m["hours_per_week"] == 3.0 and m["supervision_every_days"] == 14
        # nothing changed: same version, no audit row
        assert matches.update_match(s, coord, mid, {"hours_per_week": 3},
                                    expected_version=version) == version
        with pytest.raises(ValidationError) as exc:
            matches.update_match(s, coord, mid, {"supervision_every_days": ""},
                                 expected_version=version)
        assert exc.value.errors == {"supervision_every_days": "Campo obbligatorio."}
        with pytest.raises(Conflict):
            matches.update_match(s, coord, mid, {"notes": "x"}, expected_version=version - 1)
        with pytest.raises(Conflict):
            matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE,
                                        expected_version=version - 1)
        upd = s.execute(select(AuditEvent.detail).where(
            AuditEvent.entity == "matches", AuditEvent.action == "update")).scalars().all()
        assert upd == [{"fields": ["hours_per_week", "notes", "supervision_every_days"]}]

        e2 = waiting_elder(s, coord, "Russo", "Gina")
        f2 = approved_fosterer(s, coord, "Verdi", "Anna")
        mid2 = matches.propose_match(s, coord, e2, f2)
        matches.change_match_status(s, coord, mid2, MatchStatus.ACTIVE)

        rows = matches.list_matches(s, coord)
        assert {r.id for r in rows} == {mid, mid2}
        row = next(r for r in rows if r.id == mid2)
        assert (row.elder_last_name, row.elder_first_name) == ("Russo", "Gina")
        assert (row.fosterer_last_name, row.fosterer_first_name) == ("Verdi", "Anna")
        assert row.status == MatchStatus.ACTIVE
        active = matches.list_matches(s, coord, statuses=("active",))
        assert [r.id for r in active] == [mid2]
        assert matches.count_matches(s, coord, statuses=(MatchStatus.PROPOSED,)) == 1
        assert matches.count_matches(s, coord, elder_id=elder_id) == 1
        assert matches.count_matches(s, coord, fosterer_id=f2) == 1
        assert matches.count_matches(s, coord) == 2
        assert len(matches.list_matches(s, coord, limit=1)) == 1
        assert len(matches.list_matches(s, coord, offset=1)) == 1
        assert_audit_clean(s, "mercato", "Russo", "Verdi")

        with pytest.raises(NotFound):
            matches.get_match(s, coord, 999_999)


def test_permissions(db, actors, pair):
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    with db.sessions.begin() as s:
        for role in (Role.READ_ONLY, Role.PSYCHOLOGIST, Role.SOCIAL_WORKER):
            with pytest.raises(PermissionDenied, match="creare abbinamenti"):
                matches.propose_match(s, actors[role], elder_id, fosterer_id)
        mid = matches.propose_match(s, actors[Role.ADMIN], elder_id, fosterer_id)
        for role in (Role.READ_ONLY, Role.PSYCHOLOGIST, Role.SOCIAL_WORKER):
            with pytest.raises(PermissionDenied, match="cambiare lo stato di abbinamenti"):
                matches.change_match_status(s, actors[role], mid, MatchStatus.ACTIVE)
            with pytest.raises(PermissionDenied):
                matches.update_match(s, actors[role], mid, {"notes": "x"}, expected_version=1)
            # everyone may read
            assert matches.get_match(s, actors[role], mid)["id"] == mid
            assert matches.count_matches(s, actors[role]) == 1
            assert len(matches.match_history(s, actors[role], mid)) == 1
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
        assert elder_status(s, elder_id) == ElderStatus.FOSTERED


def test_elder_history_is_not_rewritten_backwards(db, actors, pair):
    """A match dated before the elder's current status cannot move the elder's status back."""
    coord = actors[Role.COORDINATOR]
    elder_id, fosterer_id = pair
    yesterday = TODAY - dt.timedelta(days=1)
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, elder_id, fosterer_id, {"proposed_on": yesterday})
        with pytest.raises(ValidationError) as exc:
            matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE, on=yesterday)
        assert exc.value.errors == {"on": (
            "La data non può precedere quella dello stato attuale dell'anziano "
            f"(«In attesa di abbinamento» dal {TODAY:%d/%m/%Y}).")}
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE, on=TODAY)
        assert elder_status(s, elder_id) == ElderStatus.FOSTERED
