"""The pair's overview: match, history, supervision (confidential texts by rule), expenses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import (
    AuditAction,
    ElderStatus,
    ExpenseStatus,
    FostererStatus,
    MatchStatus,
    Role,
    SupervisionKind,
    WellbeingLevel,
)
from affido_app.errors import NotFound
from affido_app.services import consents, expenses, matches, people
from affido_app.services import supervision as sv
from affido_app.services.pair import pair_overview
from tests.helpers import elder_data, fosterer_data, give_approval_evidence

TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
SECRET = "Il figlio alza la voce con la madre"


def _waiting_elder(s, actor) -> int:
    eid = people.create_elder(s, actor, elder_data(last_name="Rossi", first_name="Maria"))
    consents.record_consent(s, actor, elder_id=eid,
                            data={"scope": "data_processing", "given_on": TODAY})
    people.change_elder_status(s, actor, eid, ElderStatus.ASSESSED)
    people.change_elder_status(s, actor, eid, ElderStatus.WAITING)
    return eid


def _approved_fosterer(s, actor) -> int:
    fid = people.create_fosterer(s, actor, fosterer_data(last_name="Bianchi", first_name="Luca"))
    people.change_fosterer_status(s, actor, fid, FostererStatus.SELECTION)
    give_approval_evidence(s, fid)
    people.change_fosterer_status(s, actor, fid, FostererStatus.APPROVED)
    return fid


@pytest.fixture
def running(db, actors):
    """An active pair (proposed and started today), supervised every 30 days."""
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        eid, fid = _waiting_elder(s, coord), _approved_fosterer(s, coord)
        mid = matches.propose_match(s, coord, eid, fid, {"proposal_score": 77})
        matches.change_match_status(s, coord, mid, MatchStatus.INTRODUCTION, note="Primo incontro")
        matches.change_match_status(s, coord, mid, MatchStatus.ACTIVE)
    return {"match": mid, "elder": eid, "fosterer": fid}


def _note(db, actor, match_id, days_ago: int, **data) -> int:
    """A session led by ``actor`` ``days_ago`` days ago, with a note on the pair."""
    with db.sessions.begin() as s:
        sid = sv.create_supervision(s, actor, {
            "kind": SupervisionKind.INDIVIDUAL, "held_at": NOW - dt.timedelta(days=days_ago),
            "led_by_id": actor.id})
        return sv.add_pair_note(s, actor, sid, match_id, data)


def test_overview_gathers_the_life_of_the_pair(db, actors, running):
    coord, psy, sw = (actors[Role.COORDINATOR], actors[Role.PSYCHOLOGIST],
                      actors[Role.SOCIAL_WORKER])
    mid = running["match"]
    _note(db, psy, mid, 40, how_it_goes=SECRET, elder_wellbeing=WellbeingLevel.POOR,
          fosterer_wellbeing=WellbeingLevel.GOOD, risk_flag=True)
    _note(db, psy, mid, 35, agreed_actions="Telefonata settimanale")
    with db.sessions.begin() as s:
        for day, km, costs in ((TODAY, "10", "2,50"), (TODAY, "20", None), (TODAY, None, "7")):
            eid = expenses.add_expense(s, sw, running["fosterer"], {
                "date": day, "km": km, "costs": costs, "match_id": mid})
        expenses.submit_expense(s, sw, eid)
        expenses.decide_expense(s, coord, eid, False, "Scontrino mancante")
        rate = expenses.current_km_rate(s)

    with db.sessions.begin() as s:
        out = pair_overview(s, coord, mid)
    match = out["match"]
    assert match["status"] == MatchStatus.ACTIVE and match["elder_name"] == "Rossi Maria"
    assert match["proposed_by_name"] == "Carlo Coordinatore"
    assert [(h["from_status"], h["to_status"]) for h in out["history"]] == [
        (None, MatchStatus.PROPOSED), (MatchStatus.PROPOSED, MatchStatus.INTRODUCTION),
        (MatchStatus.INTRODUCTION, MatchStatus.ACTIVE)]
    assert {h["author_name"] for h in out["history"]} == {"Carlo Coordinatore"}
    assert out["history"][1]["note"] == "Primo incontro"

    sup = out["supervision"]
    assert [n["session_date"] for n in sup["notes"]] == [
        (NOW - dt.timedelta(days=35)).astimezone().date(),
        (NOW - dt.timedelta(days=40)).astimezone().date()]  # newest first
    older = sup["notes"][1]
    assert older["led_by_name"] == "Paola Psicologa"
    assert older["elder_wellbeing"] == WellbeingLevel.POOR
    assert older["fosterer_wellbeing"] == WellbeingLevel.GOOD
    assert older["risk_flag"] is True and older["risk_open"] is True
    assert sup["open_risks"] == 1
    # the coordinator neither led nor took part: levels and flags, never the texts
    assert all(n["confidential_visible"] is False for n in sup["notes"])
    assert not any("how_it_goes" in n or "agreed_actions" in n for n in sup["notes"])
    last = (NOW - dt.timedelta(days=35)).astimezone().date()
    assert sup["last_supervised"] == last and sup["every_days"] == 30
    assert sup["due_date"] == last + dt.timedelta(days=30)
    assert sup["days_overdue"] == 5 and sup["overdue"] is True

    exp = out["expenses"]
    assert [e["status"] for e in exp["entries"]] == [ExpenseStatus.DRAFT, ExpenseStatus.DRAFT,
                                                    ExpenseStatus.REJECTED]
    first = exp["entries"][0]
    assert first["km"] == Decimal("10") and first["costs"] == Decimal("2.50")
    assert first["total"] == expenses.km_amount(Decimal(10), rate) + Decimal("2.50")
    totals = exp["totals"]  # the rejected entry is left out
    assert totals["count"] == 2 and totals["km"] == Decimal("30")
    assert totals["costs"] == Decimal("2.50")
    assert totals["total"] == (expenses.km_amount(Decimal(10), rate)
                               + expenses.km_amount(Decimal(20), rate) + Decimal("2.50"))
    assert totals["paid"] == Decimal(0)


def test_overdue_pair(db, actors, running):
    psy = actors[Role.PSYCHOLOGIST]
    _note(db, psy, running["match"], 45)
    with db.sessions() as s:
        sup = pair_overview(s, psy, running["match"])["supervision"]
    assert sup["overdue"] is True and sup["days_overdue"] == 15
    assert sup["notes"][0]["risk_flag"] is False and sup["open_risks"] == 0


def test_a_proposal_is_not_due_and_has_no_notes(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        mid = matches.propose_match(s, coord, _waiting_elder(s, coord),
                                    _approved_fosterer(s, coord))
        out = pair_overview(s, coord, mid)
    assert out["supervision"]["notes"] == [] and out["supervision"]["due_date"] is None
    assert out["supervision"]["last_supervised"] is None
    assert out["expenses"] == {"entries": [], "totals": {
        "km": 0, "km_amount": 0, "costs": 0, "total": 0, "count": 0, "paid": 0}}
    with db.sessions() as s, pytest.raises(NotFound):
        pair_overview(s, coord, mid + 100)


def test_confidential_texts_only_for_readers_and_audited(db, actors, running):
    psy, sw, coord = (actors[Role.PSYCHOLOGIST], actors[Role.SOCIAL_WORKER],
                      actors[Role.COORDINATOR])
    mid = running["match"]
    by_psy = _note(db, psy, mid, 10, how_it_goes=SECRET)
    by_sw = _note(db, sw, mid, 5, problems="Tensioni in famiglia")
    _note(db, sw, mid, 3)  # no text: nothing to audit

    def reads(s) -> list:
        return list(s.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.READ,
            AuditEvent.entity == "supervision_notes").order_by(AuditEvent.id)))

    with db.sessions.begin() as s:  # the social worker led two of the three meetings
        before = len(reads(s))
        notes = {n["id"]: n for n in pair_overview(s, sw, mid)["supervision"]["notes"]}
        rows = reads(s)[before:]
    assert notes[by_sw]["confidential_visible"] is True
    assert notes[by_sw]["problems"] == "Tensioni in famiglia"
    assert notes[by_psy]["confidential_visible"] is False and "how_it_goes" not in notes[by_psy]
    assert [(r.entity_id, r.user_id, r.elder_id, r.fosterer_id) for r in rows] == [
        (by_sw, sw.id, running["elder"], running["fosterer"])]
    assert rows[0].detail == {"fields": "confidential"}

    with db.sessions.begin() as s:  # any psychologist reads them all
        before = len(reads(s))
        notes = {n["id"]: n for n in pair_overview(s, psy, mid)["supervision"]["notes"]}
        rows = reads(s)[before:]
    assert notes[by_psy]["how_it_goes"] == SECRET and all(
        n["confidential_visible"] for n in notes.values())
    assert sorted(r.entity_id for r in rows) == sorted([by_psy, by_sw])

    with db.sessions.begin() as s:  # a refresh without the texts reads nothing confidential
        before = len(reads(s))
        notes = pair_overview(s, psy, mid, with_texts=False)["supervision"]["notes"]
        assert len(reads(s)) == before
    assert all(n["confidential_visible"] for n in notes)
    assert not any(SECRET in str(n) or "Tensioni" in str(n) for n in notes)

    for actor in (coord, actors[Role.READ_ONLY], actors[Role.ADMIN]):
        with db.sessions.begin() as s:
            before = len(reads(s))
            notes = pair_overview(s, actor, mid)["supervision"]["notes"]
            assert len(reads(s)) == before
        assert not any(n["confidential_visible"] for n in notes)
        assert not any(SECRET in str(n) for n in notes)


def test_a_constant_number_of_queries(db, actors, running):
    psy, coord = actors[Role.PSYCHOLOGIST], actors[Role.COORDINATOR]
    mid = running["match"]

    def count(actor) -> int:
        statements: list[str] = []

        def log(_conn, _cursor, statement, *_args):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", log)
        try:
            with db.sessions() as s:  # rolled back: the audit rows are not kept
                pair_overview(s, actor, mid)
        finally:
            event.remove(db.engine, "before_cursor_execute", log)
        return len(statements)

    _note(db, psy, mid, 30, how_it_goes=SECRET)
    with db.sessions.begin() as s:
        expenses.add_expense(s, coord, running["fosterer"], {"date": TODAY, "km": "5",
                                                             "match_id": mid})
    few, reader_few = count(coord), count(psy)
    for days in (20, 15, 10, 5):
        _note(db, psy, mid, days, how_it_goes=SECRET)
    with db.sessions.begin() as s:
        for _ in range(3):
            expenses.add_expense(s, coord, running["fosterer"], {"date": TODAY, "km": "5",
                                                                 "match_id": mid})
    assert count(coord) == few <= 9  # match and names, history, staff, notes, who, expenses
    # a reader's audit rows are writes (plus the chain's look-ups, once): the reads stay put
    assert count(psy) == reader_few <= few + 2
