"""Supervision: sessions, confidential pair notes, risks, and which pairs are due."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, select

from affido_app.db.models import AuditEvent, Match
from affido_app.domain.enums import AuditAction, MatchStatus, Role, SupervisionKind, WellbeingLevel
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import people
from affido_app.services import staff as staff_service
from affido_app.services import supervision as sv
from affido_app.services.context import Actor
from affido_app.services.supervision import supervision_due

SECRET = "Il figlio alza la voce con la madre"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
TODAY = dt.date.today()
D = dt.date


# --- the due-date rule, without a database ------------------------------------------------------

def test_supervision_due_rule():
    today = D(2026, 11, 21)
    # never supervised: counted from the start of the pair
    assert supervision_due(None, D(2026, 10, 1), 30, today) == (D(2026, 10, 31), 21)
    # the last supervision wins over the start
    assert supervision_due(D(2026, 11, 1), D(2026, 1, 1), 30, today) == (D(2026, 12, 1), -10)
    assert supervision_due(D(2026, 10, 22), None, 30, today) == (D(2026, 11, 21), 0)  # due today
    assert supervision_due(D(2026, 10, 21), None, 30, today) == (D(2026, 11, 20), 1)
    assert supervision_due(None, None, 30, today) == (None, 0)


# --- helpers ------------------------------------------------------------------------------------

def _people(s, actor, n, offset=0):
    """n (elder, fosterer) pairs of ids, named so that their order is Anziano0, Anziano1…"""
    out = []
    for i in range(offset, offset + n):
        eid = people.create_elder(s, actor, {"last_name": f"Anziano{chr(65 + i)}",
                                             "first_name": "Maria", "birth_date": "01/01/1940",
                                             "comune": "Rivoli"})
        fid = people.create_fosterer(s, actor, {"last_name": f"Volontario{chr(65 + i)}",
                                                "first_name": "Luca", "birth_date": "01/01/1980",
                                                "comune": "Rivoli"})
        out.append((eid, fid))
    return out


def _match(s, elder_id, fosterer_id, *, status=MatchStatus.ACTIVE, started_on=None,
           every_days=30) -> int:
    started_on = started_on or TODAY - dt.timedelta(days=60)
    m = Match(elder_id=elder_id, fosterer_id=fosterer_id, status=status, status_since=started_on,
              proposed_on=started_on - dt.timedelta(days=10), started_on=started_on,
              supervision_every_days=every_days)
    s.add(m)
    s.flush()
    return m.id


def _session_data(**over):
    data = {"kind": SupervisionKind.GROUP, "held_at": NOW - dt.timedelta(days=2),
            "place": "Sede di Collegno", "notes": SECRET}
    data.update(over)
    return data


def _other_staff(db, admin, username, role) -> Actor:
    with db.sessions.begin() as s:
        uid = staff_service.create_staff(
            s, admin, {"username": username, "full_name": username.title(), "role": role})
    return Actor(uid, role, username)


@pytest.fixture
def group(db, actors):
    """A group session led by the psychologist with the social worker, one pair note with a risk."""
    psy, sw = actors[Role.PSYCHOLOGIST], actors[Role.SOCIAL_WORKER]
    with db.sessions.begin() as s:
        ((eid, fid),) = _people(s, actors[Role.COORDINATOR], 1)
        mid = _match(s, eid, fid)
        sid = sv.create_supervision(s, psy, _session_data(led_by_id=psy.id),
                                    staff_ids=[sw.id], fosterer_ids=[fid])
        nid = sv.add_pair_note(s, sw, sid, mid, {
            "how_it_goes": SECRET, "problems": "Tensioni in famiglia", "risk_flag": True,
            "elder_wellbeing": WellbeingLevel.POOR, "fosterer_wellbeing": "4"})
    return {"session": sid, "note": nid, "match": mid, "elder": eid, "fosterer": fid}


# --- sessions -----------------------------------------------------------------------------------

def test_create_validation(db, actors):
    coord, admin = actors[Role.COORDINATOR], actors[Role.ADMIN]
    gone = _other_staff(db, admin, "ex.psicologo", Role.PSYCHOLOGIST)
    with db.sessions.begin() as s:
        staff_service.update_staff(s, admin, gone.id, {"active": False}, expected_version=1)
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            sv.create_supervision(s, coord, {"place": "Rivoli"})
        assert exc.value.errors == {"kind": "Campo obbligatorio.", "held_at": "Campo obbligatorio.",
                                    "led_by_id": "Campo obbligatorio."}
        with pytest.raises(ValidationError) as exc:
            sv.create_supervision(s, coord, _session_data(
                led_by_id=gone.id, notes=None, held_at=NOW + dt.timedelta(days=1),
                next_date="01/01/2020"), staff_ids=[gone.id], fosterer_ids=[4242])
        assert exc.value.errors == {
            "led_by_id": "L'operatore indicato non esiste o non è attivo.",
            "held_at": "L'incontro si registra dopo averlo svolto: la data non può essere nel "
                       "futuro.",
            "next_date": "Il prossimo incontro deve seguire la data di questo.",
            "staff_ids": "Uno o più operatori indicati non esistono o non sono attivi.",
            "fosterer_ids": "Uno o più affidatari indicati non esistono.",
        }
        with pytest.raises(PermissionDenied, match="creare supervisioni"):
            sv.create_supervision(s, actors[Role.READ_ONLY], _session_data(led_by_id=coord.id))
        # a coordinator who neither leads nor takes part cannot write the confidential notes
        with pytest.raises(PermissionDenied):
            sv.create_supervision(s, coord, _session_data(led_by_id=actors[Role.SOCIAL_WORKER].id))
        sid = sv.create_supervision(s, coord, _session_data(
            led_by_id=actors[Role.SOCIAL_WORKER].id, notes=None))
        rec = sv.get_supervision(s, coord, sid)
    assert rec["kind"] == SupervisionKind.GROUP and rec["led_by_name"] == "Sara Assistente"
    assert rec["confidential_visible"] is False and "notes" not in rec


def test_who_reads_the_confidential_notes(db, actors, group):
    sid = group["session"]
    outsider = _other_staff(db, actors[Role.ADMIN], "altra.assistente", Role.SOCIAL_WORKER)
    other_psy = _other_staff(db, actors[Role.ADMIN], "altro.psicologo", Role.PSYCHOLOGIST)
    for actor, visible in ((actors[Role.PSYCHOLOGIST], True),  # leads it
                           (actors[Role.SOCIAL_WORKER], True),  # took part
                           (other_psy, True),  # any psychologist
                           (outsider, False), (actors[Role.COORDINATOR], False),
                           (actors[Role.READ_ONLY], False), (actors[Role.ADMIN], False)):
        with db.sessions.begin() as s:
            rec = sv.get_supervision(s, actor, sid)
        assert rec["confidential_visible"] is visible, actor
        assert ("notes" in rec) is visible
        (note,) = rec["pair_notes"]
        assert ("how_it_goes" in note) is visible
        assert note["risk_flag"] is True and note["elder_wellbeing"] == WellbeingLevel.POOR
        assert note["fosterer_wellbeing"] == WellbeingLevel.GOOD
        assert note["elder_name"] == "AnzianoA Maria"
    assert rec["staff"] == [{"staff_id": actors[Role.SOCIAL_WORKER].id,
                             "full_name": "Sara Assistente", "role": Role.SOCIAL_WORKER}]
    assert rec["fosterers"] == [{"fosterer_id": group["fosterer"], "name": "VolontarioA Luca"}]
    with db.sessions.begin() as s:
        rec = sv.get_supervision(s, other_psy, sid)
        reads = list(s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.READ)
                               .order_by(AuditEvent.id)))
    assert rec["notes"] == SECRET and rec["pair_notes"][0]["how_it_goes"] == SECRET
    # one read row for the session and one per pair (for "who consulted this person")
    assert {r.user_id for r in reads} == {actors[Role.PSYCHOLOGIST].id,
                                          actors[Role.SOCIAL_WORKER].id, other_psy.id}
    last_two = reads[-2:]
    assert [r.entity for r in last_two] == ["supervision_sessions", "supervision_notes"]
    assert last_two[1].elder_id == group["elder"] and last_two[1].fosterer_id == group["fosterer"]


def test_audit_rows_hold_no_note_text(db, actors, group):
    psy = actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        sv.update_supervision(s, psy, group["session"], {"notes": "Altro testo riservato"},
                              expected_version=1)
        sv.update_pair_note(s, psy, group["note"], {"agreed_actions": "Telefonata settimanale"},
                            expected_version=1)
        sv.close_risk(s, psy, group["note"], "Parlato con il figlio")
        sv.get_supervision(s, psy, group["session"])
        rows = list(s.scalars(select(AuditEvent).where(
            AuditEvent.entity.in_(["supervision_sessions", "supervision_notes"]))))
    dump = json.dumps([r.detail for r in rows])
    assert len(rows) == 7
    for text in (SECRET, "Altro testo", "Telefonata", "Parlato", "Tensioni", "Collegno"):
        assert text not in dump
    assert {"fields": ["agreed_actions"]} in [r.detail for r in rows]


def test_update_session_rules(db, actors, group):
    sid = group["session"]
    psy, sw, coord = (actors[r] for r in (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER,
                                          Role.COORDINATOR))
    with db.sessions.begin() as s:
        # not a participant: may correct the place, not the notes nor who took part
        assert sv.update_supervision(s, coord, sid, {"place": "Sede di Rivoli"},
                                     expected_version=1) == 2
        with pytest.raises(PermissionDenied):
            sv.update_supervision(s, coord, sid, {"notes": "Riscritte"}, expected_version=2)
        with pytest.raises(PermissionDenied):
            sv.update_supervision(s, coord, sid, {}, expected_version=2,
                                  staff_ids=[sw.id, coord.id])
        with pytest.raises(PermissionDenied):
            sv.update_supervision(s, coord, sid, {"led_by_id": coord.id}, expected_version=2)
        with pytest.raises(Conflict):
            sv.update_supervision(s, psy, sid, {"place": "Altrove"}, expected_version=1)
        # the leader changes participants: a new version
        assert sv.update_supervision(s, psy, sid, {}, expected_version=2,
                                     staff_ids=[coord.id], fosterer_ids=[]) == 3
        rec = sv.get_supervision(s, coord, sid)
    assert rec["confidential_visible"] is True
    assert [x["staff_id"] for x in rec["staff"]] == [coord.id] and rec["fosterers"] == []
    with db.sessions.begin() as s:
        assert sv.get_supervision(s, sw, sid)["confidential_visible"] is False


def test_list_supervisions_by_period(db, actors):
    psy = actors[Role.PSYCHOLOGIST]
    days = (40, 20, 5)
    with db.sessions.begin() as s:
        ids = [sv.create_supervision(s, psy, _session_data(
            led_by_id=psy.id, held_at=NOW - dt.timedelta(days=d)),
            staff_ids=[actors[Role.SOCIAL_WORKER].id] if d == 5 else ()) for d in days]
        local = {d: (NOW - dt.timedelta(days=d)).astimezone().date() for d in days}
        everything = sv.list_supervisions(s, actors[Role.READ_ONLY])
        middle = sv.list_supervisions(s, psy, from_date=local[20], to_date=local[20])
        recent = sv.list_supervisions(s, psy, from_date=local[20])
        old = sv.list_supervisions(s, psy, to_date=local[40])
    assert [r["id"] for r in everything] == ids[::-1]  # newest first
    assert [r["id"] for r in middle] == [ids[1]]
    assert [r["id"] for r in recent] == [ids[2], ids[1]]
    assert [r["id"] for r in old] == [ids[0]]
    assert everything[0]["led_by_name"] == "Paola Psicologa"
    assert everything[0]["pairs"] == 0 and "notes" not in everything[0]
    assert (everything[0]["staff_count"], everything[0]["fosterer_count"]) == (1, 0)
    assert everything[1]["staff_count"] == 0


# --- pair notes ---------------------------------------------------------------------------------

def test_pair_note_rules(db, actors, group):
    psy, coord = actors[Role.PSYCHOLOGIST], actors[Role.COORDINATOR]
    sid = group["session"]
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            sv.add_pair_note(s, psy, sid, group["match"], {})
        assert exc.value.errors == {"match_id": "Per questo abbinamento c'è già una nota in questo "
                                                "incontro: modificare quella."}
        pairs = _people(s, coord, 4, offset=1)
        closed = _match(s, *pairs[0], status=MatchStatus.CLOSED)
        s.get(Match, closed).ended_on = TODAY - dt.timedelta(days=5)  # before the meeting
        closed_after = _match(s, *pairs[3], status=MatchStatus.CLOSED)
        s.get(Match, closed_after).ended_on = TODAY  # running when the meeting was held
        assert sv.add_pair_note(s, psy, sid, closed_after, {"how_it_goes": "Bene"}) > 0
        proposed = _match(s, *pairs[1], status=MatchStatus.PROPOSED)
        suspended = _match(s, *pairs[2], status=MatchStatus.SUSPENDED)
        for mid in (closed, proposed):
            with pytest.raises(ValidationError) as exc:
                sv.add_pair_note(s, psy, sid, mid, {})
            assert exc.value.errors == {
                "match_id": "In supervisione si discutono solo abbinamenti in corso (attivi o "
                            "sospesi) alla data dell'incontro."}
        with pytest.raises(NotFound):
            sv.add_pair_note(s, psy, sid, 99_999, {})
        with pytest.raises(ValidationError) as exc:
            sv.add_pair_note(s, psy, sid, suspended, {"elder_wellbeing": 7,
                                                      "next_date": "01/01/2020"})
        assert exc.value.errors == {
            "elder_wellbeing": "Valore non valido.",
            "next_date": "La prossima verifica deve seguire la data dell'incontro."}
        # a non-participant may record levels and flags, not the texts
        with pytest.raises(PermissionDenied):
            sv.add_pair_note(s, coord, sid, suspended, {"problems": "Testo"})
        nid = sv.add_pair_note(s, coord, sid, suspended, {"elder_wellbeing": "5"})
        with pytest.raises(PermissionDenied):
            sv.update_pair_note(s, coord, nid, {"problems": "Testo"}, expected_version=1)
        assert sv.update_pair_note(s, psy, nid, {"problems": "Testo"}, expected_version=1) == 2
        with pytest.raises(Conflict):
            sv.update_pair_note(s, psy, nid, {"problems": "Altro"}, expected_version=1)
        with pytest.raises(PermissionDenied):
            sv.add_pair_note(s, actors[Role.READ_ONLY], sid, group["match"], {})
        rec = sv.get_supervision(s, psy, sid)
    assert sorted(n["match_id"] for n in rec["pair_notes"]) == sorted(
        [group["match"], closed_after, suspended])


def test_risks_open_and_close(db, actors, group):
    psy, coord, sw = actors[Role.PSYCHOLOGIST], actors[Role.COORDINATOR], actors[Role.SOCIAL_WORKER]
    nid = group["note"]
    with db.sessions.begin() as s:
        (risk,) = sv.open_risks(s, actors[Role.READ_ONLY])
        assert (risk["id"], risk["match_id"], risk["session_id"]) == (nid, group["match"],
                                                                      group["session"])
        assert risk["session_date"] == (NOW - dt.timedelta(days=2)).astimezone().date()
        assert risk["elder_name"] == "AnzianoA Maria" and "problems" not in risk
        with pytest.raises(ValidationError) as exc:
            sv.update_pair_note(s, sw, nid, {"risk_flag": False}, expected_version=1)
        assert set(exc.value.errors) == {"risk_flag"}
        with pytest.raises(ValidationError) as exc:
            sv.close_risk(s, sw, nid, "   ")
        assert exc.value.errors == {
            "risk_closing_note": "Indicare come è stata risolta la situazione di rischio."}
        with pytest.raises(PermissionDenied):
            sv.close_risk(s, coord, nid, "Risolto")
        with pytest.raises(Conflict):
            sv.close_risk(s, sw, nid, "Risolto", expected_version=7)
        assert sv.close_risk(s, sw, nid, "Incontro con il figlio, situazione rientrata") == 2
        assert sv.open_risks(s, coord) == []
        with pytest.raises(ValidationError, match="già stata chiusa"):
            sv.close_risk(s, sw, nid, "Ancora")
        note = sv.get_supervision(s, psy, group["session"])["pair_notes"][0]
        assert note["risk_flag"] is True  # the flag stays: the history is kept
        assert note["risk_closed_by_id"] == sw.id and note["risk_closed_at"] is not None
        assert note["risk_closing_note"] == "Incontro con il figlio, situazione rientrata"
        plain = sv.add_pair_note(s, psy, group["session"], _match(s, *_people(s, coord, 1, 5)[0]),
                                 {"how_it_goes": "Bene"})
        with pytest.raises(ValidationError, match="non segnala"):
            sv.close_risk(s, psy, plain, "Niente")
        status = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.STATUS)).one()
    assert status.entity_id == nid and status.detail == {"risk": "closed"}


# --- due supervision ----------------------------------------------------------------------------

def test_overview_orders_overdue_first(db, actors):
    psy = actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        pairs = _people(s, psy, 5)
        # A: started 60 days ago, never supervised → due 30 days ago (overdue 30)
        a = _match(s, *pairs[0], started_on=TODAY - dt.timedelta(days=60))
        # B: supervised 40 days ago, then 35 days ago → due 5 days ago (overdue 5)
        b = _match(s, *pairs[1])
        # C: supervised 10 days ago → due in 20 days
        c = _match(s, *pairs[2])
        # D: started 10 days ago, checked every 14 days → due in 4 days
        d = _match(s, *pairs[3], started_on=TODAY - dt.timedelta(days=10), every_days=14)
        # E: closed: not listed
        _match(s, *pairs[4], status=MatchStatus.CLOSED)
        for days_ago, mids in ((40, [b]), (35, [b]), (10, [c])):
            sid = sv.create_supervision(s, psy, _session_data(
                led_by_id=psy.id, held_at=_noon(TODAY - dt.timedelta(days=days_ago))))
            for mid in mids:
                sv.add_pair_note(s, psy, sid, mid, {"elder_wellbeing": 4})
        rows = sv.supervision_overview(s, actors[Role.READ_ONLY], today=TODAY)
    assert [r["match_id"] for r in rows] == [a, b, d, c]
    by_id = {r["match_id"]: r for r in rows}
    assert (by_id[a]["last_supervised"], by_id[a]["days_overdue"], by_id[a]["overdue"]) == (
        None, 30, True)
    assert by_id[b]["last_supervised"] == TODAY - dt.timedelta(days=35)
    assert (by_id[b]["due_date"], by_id[b]["days_overdue"]) == (TODAY - dt.timedelta(days=5), 5)
    assert (by_id[c]["days_overdue"], by_id[c]["overdue"]) == (-20, False)
    assert (by_id[d]["due_date"], by_id[d]["every_days"]) == (TODAY + dt.timedelta(days=4), 14)
    assert by_id[a]["elder_name"] == "AnzianoA Maria"
    assert by_id[a]["fosterer_name"] == "VolontarioA Luca"


def test_overview_takes_a_constant_number_of_queries(db, actors):
    psy = actors[Role.PSYCHOLOGIST]

    def count_queries(n_pairs: int, offset: int) -> int:
        with db.sessions.begin() as s:
            sid = sv.create_supervision(s, psy, _session_data(led_by_id=psy.id))
            for pair in _people(s, psy, n_pairs, offset):
                sv.add_pair_note(s, psy, sid, _match(s, *pair), {})
        statements = []

        def log(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", log)
        try:
            with db.sessions.begin() as s:
                rows = sv.supervision_overview(s, psy)
        finally:
            event.remove(db.engine, "before_cursor_execute", log)
        assert len(rows) == offset + n_pairs
        return len(statements)

    few, many = count_queries(1, 0), count_queries(6, 1)
    assert few == many <= 3  # the setting, the overview (and SQLite's BEGIN)


def _noon(day: dt.date) -> dt.datetime:
    """Midday of a local calendar day, as an aware timestamp."""
    return dt.datetime.combine(day, dt.time(12, 0)).astimezone()
