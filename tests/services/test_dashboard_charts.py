"""The dashboard charts' figures, on both databases: month edges, the funnel, supervision."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from affido_app.db.models import (
    ElderEvent,
    FostererEvent,
    Match,
    MatchEvent,
    SupervisionNote,
    SupervisionSession,
)
from affido_app.domain import permissions
from affido_app.domain.enums import FostererStatus, MatchStatus, Role, SupervisionKind
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import PermissionDenied
from affido_app.services import dashboard_charts as C
from affido_app.services import people as P
from affido_app.services.context import Actor
from tests.helpers import elder_data, fosterer_data, give_approval_evidence

D = dt.date
ON = D(2025, 6, 20)  # the charts' "today": months Jul 2024 … Jun 2025 (up to the 20th)


def _month(months, year, month) -> int:
    return next(i for i, m in enumerate(months) if (m.start.year, m.start.month) == (year, month))


def _events(s, model, fk, record_id, *steps) -> None:
    """Status events after the first one: (day, status) pairs."""
    for day, status in steps:
        s.add(model(**{fk: record_id}, occurred_on=day, to_status=str(status)))
    s.flush()


def _pair(s, elder_id, fosterer_id, *steps, every=30, status=MatchStatus.ACTIVE) -> int:
    """A match whose history is ``steps`` ((day, status) pairs, the first one proposing it)."""
    started = next((d for d, st in steps if st == MatchStatus.ACTIVE), None)
    ended = next((d for d, st in steps if st == MatchStatus.CLOSED), None)
    m = Match(elder_id=elder_id, fosterer_id=fosterer_id, status=status,
              status_since=steps[-1][0], proposed_on=steps[0][0], started_on=started,
              ended_on=ended, close_reason="other" if ended else None,
              supervision_every_days=every)
    s.add(m)
    s.flush()
    _events(s, MatchEvent, "match_id", m.id, *steps)
    return m.id


def test_last_months_end_today_and_cover_twelve_months():
    months = C.last_months(D(2025, 3, 31))
    assert len(months) == 12 and months[0].start == D(2024, 4, 1)
    assert months[-1].end == D(2025, 3, 31) and not months[-1].partial
    assert C.last_months(D(2024, 2, 10))[-1].end == D(2024, 2, 10)
    assert C.last_months(D(2024, 2, 10))[-1].partial
    assert C.last_months(D(2024, 3, 5))[-2].end == D(2024, 2, 29)  # leap year


def test_people_over_time_counts_each_month_a_record_was_in_status(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        e1 = P.create_elder(s, co, elder_data(referral_date=D(2025, 1, 10)))
        _events(s, ElderEvent, "elder_id", e1, (D(2025, 3, 15), "closed"))  # closed mid-month
        e2 = P.create_elder(s, co, elder_data(referral_date=D(2025, 3, 1)))
        _events(s, ElderEvent, "elder_id", e2, (D(2025, 4, 1), "closed"))  # on the 1st
        e3 = P.create_elder(s, co, elder_data(referral_date=D(2024, 5, 3)))  # before the window
        f1 = P.create_fosterer(s, co, fosterer_data(application_date=D(2024, 12, 1)))
        _events(s, FostererEvent, "fosterer_id", f1, (D(2025, 2, 10), "approved"),
                (D(2025, 4, 5), "suspended"), (D(2025, 4, 20), "approved"))
        P.create_fosterer(s, co, fosterer_data(application_date=D(2025, 1, 5)))  # never approved
        m1 = _pair(s, e1, f1, (D(2025, 1, 20), "proposed"), (D(2025, 2, 1), "active"),
                   (D(2025, 3, 15), "closed"), status=MatchStatus.CLOSED)
        m2 = _pair(s, e3, f1, (D(2025, 5, 31), "proposed"), (D(2025, 5, 31), "active"))
        # active and closed on the same day: never active on a whole day, not counted
        _pair(s, e2, f1, (D(2025, 5, 10), "proposed"), (D(2025, 5, 10), "active"),
              (D(2025, 5, 10), "closed"), status=MatchStatus.CLOSED)
    with db.sessions() as s:
        data = C.people_over_time(s, co, on=ON)
    months = data.months
    assert len(months) == 12 and months[0].start == D(2024, 7, 1) and months[-1].end == ON
    series = {sr.key: sr for sr in data.series}
    assert [sr.kind for sr in data.series] == ["match", "elder", "fosterer"]

    def ids(key, year, month):
        return series[key].ids[_month(months, year, month)]

    assert ids("elders", 2024, 12) == (e3,)
    assert ids("elders", 2025, 1) == tuple(sorted((e1, e3)))
    assert ids("elders", 2025, 3) == tuple(sorted((e1, e2, e3)))  # both closed later
    assert ids("elders", 2025, 4) == (e3,)  # e1 closed on 15/3, e2 on 1/4
    assert series["elders"].counts == [1] * 6 + [2, 2, 3, 1, 1, 1]
    assert ids("pairs", 2025, 1) == ()  # proposed, not active yet
    assert ids("pairs", 2025, 2) == ids("pairs", 2025, 3) == (m1,)  # ended mid-March
    assert ids("pairs", 2025, 4) == ()
    assert ids("pairs", 2025, 5) == ids("pairs", 2025, 6) == (m2,)  # from the last day of May
    assert ids("fosterers", 2025, 1) == ()
    assert [ids("fosterers", 2025, m) for m in (2, 3, 4, 5, 6)] == [(f1,)] * 5  # suspended too


def test_selection_funnel_by_furthest_stage(db, actors):
    co = actors[Role.COORDINATOR]
    today = dt.date.today()
    start = today - dt.timedelta(days=25)  # approval evidence is dated 30 days ago

    def fosterer(*statuses, evidence=False):
        fid = P.create_fosterer(s, co, fosterer_data(application_date=start))
        if evidence:
            give_approval_evidence(s, fid)
        for k, status in enumerate(statuses):
            reason = "personal" if status in (FostererStatus.WITHDRAWN,
                                              FostererStatus.CEASED) else None
            P.change_fosterer_status(s, co, fid, status, on=start + dt.timedelta(days=k + 1),
                                     reason=reason)
        return fid

    F = FostererStatus
    with db.sessions.begin() as s:
        applied = fosterer()
        withdrew = fosterer(F.SELECTION, F.WITHDRAWN)
        training = fosterer(F.SELECTION, F.TRAINING)
        approved = fosterer(F.SELECTION, F.APPROVED, evidence=True)  # training skipped
        paired = fosterer(F.SELECTION, F.TRAINING, F.APPROVED, evidence=True)
        was_paired = fosterer(F.SELECTION, F.TRAINING, F.APPROVED, evidence=True)
        ceased = fosterer(F.SELECTION, F.TRAINING, F.APPROVED, F.CEASED, evidence=True)
        e1 = P.create_elder(s, co, elder_data())
        e2 = P.create_elder(s, co, elder_data())
        _pair(s, e1, paired, (start + dt.timedelta(days=10), "proposed"),
              (start + dt.timedelta(days=11), "active"))
        _pair(s, e2, was_paired, (start + dt.timedelta(days=10), "proposed"),
              (start + dt.timedelta(days=11), "active"),
              (start + dt.timedelta(days=20), "closed"), status=MatchStatus.CLOSED)
    with db.sessions() as s:
        funnel = C.selection_funnel(s, actors[Role.READ_ONLY])
    stages = {st.key: st for st in funnel.stages}
    assert [st.key for st in funnel.stages] == list(C.STAGES)
    assert [st.total for st in funnel.stages] == [7, 6, 5, 4, 2]

    def seg(stage):
        return {k: set(v) for k, v in stages[stage].segments.items()}

    everyone = {applied, withdrew, training, approved, paired, was_paired, ceased}
    assert seg("application") == {"further": everyone - {applied}, "current": {applied},
                                  "stopped": set()}
    assert seg("selection") == {"further": everyone - {applied, withdrew}, "current": set(),
                                "stopped": {withdrew}}
    assert seg("training") == {"further": {approved, paired, was_paired, ceased},
                               "current": {training}, "stopped": set()}
    assert seg("approved") == {"further": {paired, was_paired}, "current": {approved},
                               "stopped": {ceased}}
    assert seg("paired") == {"further": set(), "current": {paired}, "stopped": {was_paired}}
    assert set(stages["approved"].ids) == {approved, paired, was_paired, ceased}


def _meeting(s, actor, match_id, day: dt.date) -> None:
    ses = SupervisionSession(kind=SupervisionKind.INDIVIDUAL, led_by_id=actor.id,
                             held_at=dt.datetime.combine(day, dt.time(11)).astimezone())
    s.add(ses)
    s.flush()
    s.add(SupervisionNote(session_id=ses.id, match_id=match_id))
    s.flush()


def test_supervision_on_time_late_and_missing_by_month(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        people = [(P.create_elder(s, co, elder_data(referral_date=D(2024, 10, 1))),
                   P.create_fosterer(s, co, fosterer_data(application_date=D(2024, 10, 1))))
                  for _ in range(4)]
        (e1, f1), (e2, f2), (e3, f3), (e4, f4) = people
        # every 30 days from 1/1: due 31/1
        steady = _pair(s, e1, f1, (D(2024, 12, 20), "proposed"), (D(2025, 1, 1), "active"))
        for day in (D(2025, 1, 25),  # on time (due 31/1)
                    D(2025, 3, 10),  # late (due 24/2): February is missing
                    D(2025, 6, 5)):  # late (due 9/4): April and May missing
            _meeting(s, co, steady, day)
        _meeting(s, co, steady, D(2025, 1, 28))  # a second meeting in January: counted once
        # closed mid-April, never supervised: due 31/3; missing in April only
        closed = _pair(s, e2, f2, (D(2025, 2, 20), "proposed"), (D(2025, 3, 1), "active"),
                       (D(2025, 4, 15), "closed"), status=MatchStatus.CLOSED)
        fresh = _pair(s, e3, f3, (D(2025, 6, 1), "proposed"), (D(2025, 6, 10), "active"))
        weekly = _pair(s, e4, f4, (D(2025, 5, 1), "proposed"), (D(2025, 5, 1), "active"),
                       every=7)
        _meeting(s, co, weekly, D(2025, 5, 8))  # due 8/5: on time, the due day itself
    with db.sessions() as s:
        data = C.supervision_on_time(s, actors[Role.PSYCHOLOGIST], on=ON)
    by_month = {(m.month.start.year, m.month.start.month): m for m in data.months}
    assert data.every_days_default == 30 and len(data.months) == 12

    def states(year, month):
        m = by_month[(year, month)]
        return {"on_time": set(m.on_time), "late": set(m.late), "missing": set(m.missing),
                "not_due": set(m.not_due)}

    none: set[int] = set()
    assert states(2024, 12) == {"on_time": none, "late": none, "missing": none, "not_due": none}
    assert states(2025, 1) == {"on_time": {steady}, "late": none, "missing": none,
                               "not_due": none}
    assert states(2025, 2)["missing"] == {steady}
    assert states(2025, 3) == {"on_time": none, "late": {steady}, "missing": none,
                               "not_due": {closed}}  # due 31/3, not overdue by then
    assert states(2025, 4) == {"on_time": none, "late": none, "missing": {steady, closed},
                               "not_due": none}
    assert states(2025, 5) == {"on_time": {weekly}, "late": none, "missing": {steady},
                               "not_due": none}
    # June (to the 20th): steady late; weekly overdue since 15/5; fresh not due yet
    assert states(2025, 6) == {"on_time": none, "late": {steady}, "missing": {weekly},
                               "not_due": {fresh}}


def test_chart_records_are_named_and_sorted(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        b = P.create_elder(s, co, elder_data(last_name="Bruno", first_name="Ada"))
        a = P.create_elder(s, co, elder_data(last_name="Amato", first_name="Rita"))
        f = P.create_fosterer(s, co, fosterer_data(last_name="Conti", first_name="Luca"))
        m = _pair(s, b, f, (D(2025, 1, 1), "proposed"), (D(2025, 1, 2), "active"))
    with db.sessions() as s:
        assert [(r.id, r.name) for r in C.chart_records(s, co, "elder", [b, a])] == [
            (a, "Amato Rita"), (b, "Bruno Ada")]
        assert [r.name for r in C.chart_records(s, co, "match", (m,))] == ["Bruno Ada – Conti Luca"]
        assert [r.name for r in C.chart_records(s, co, "fosterer", [f])] == ["Conti Luca"]
        assert C.chart_records(s, co, "elder", []) == []
        with pytest.raises(PermissionDenied):
            C.chart_records(s, co, "audit", [1])


def test_charts_follow_the_permissions(db, actors, monkeypatch):
    nobody = Actor(actors[Role.READ_ONLY].id, "nobody")  # an unknown role may read nothing
    reader = actors[Role.READ_ONLY]
    matrix = permissions.MATRIX[Role.READ_ONLY]
    monkeypatch.setitem(permissions.MATRIX, Role.READ_ONLY,
                        matrix - {(Action.READ, Resource.MATCH)})
    with db.sessions() as s:
        for chart in (C.people_over_time, C.selection_funnel, C.supervision_on_time):
            with pytest.raises(PermissionDenied):
                chart(s, nobody)
        with pytest.raises(PermissionDenied):
            C.chart_records(s, nobody, "elder", [1])
        assert [sr.key for sr in C.people_over_time(s, reader).series] == ["elders",
                                                                           "fosterers"]
        with pytest.raises(PermissionDenied):
            C.supervision_on_time(s, reader)  # pairs unreadable
        with pytest.raises(PermissionDenied):
            C.chart_records(s, reader, "match", [1])


def test_charts_send_the_same_few_queries_whatever_the_records(db, actors):
    """Grouped queries only: adding pairs, people and meetings adds no statement."""
    co = actors[Role.COORDINATOR]

    def add(n):
        with db.sessions.begin() as s:
            for _ in range(n):
                e = P.create_elder(s, co, elder_data(referral_date=D(2024, 9, 1)))
                f = P.create_fosterer(s, co, fosterer_data(application_date=D(2024, 9, 1)))
                m = _pair(s, e, f, (D(2024, 10, 1), "proposed"), (D(2024, 10, 2), "active"))
                _meeting(s, co, m, D(2025, 2, 3))

    def statements() -> int:
        sent = []

        def count(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK",
                                                           "SAVEPOINT", "RELEASE", "PRAGMA")):
                sent.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            with db.sessions() as s:
                C.people_over_time(s, co, on=ON)
                C.selection_funnel(s, co)
                C.supervision_on_time(s, co, on=ON)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(sent)

    add(2)
    few = statements()
    add(12)
    assert statements() == few <= 8
