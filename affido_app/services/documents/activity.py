"""Activity report for the consortium (*relazione di attività*): numbers only, over a period.

Every figure is an aggregate (``GROUP BY`` queries in SQLAlchemy Core that run the same on SQLite
and PostgreSQL); no name, no id, no personal detail leaves this module. What each figure means:

- people by status *at the end of the period*: the status of each person's latest status event
  that took effect on or before the last day (people not yet referred or applied are not counted);
- pairs *started* in the period: first activation (``Match.started_on``) in the period; pairs
  *closed*: closure events in the period (a pair closed twice counts once), by reason;
- supervision *on time*: see :func:`supervision_punctuality`;
- training: sessions that started in the period and are already over; hours from their times;
- expenses: entries dated in the period, paid (*liquidate*) or approved and still to pay.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, cast, distinct, extract, func, or_, select
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import (
    Attendance,
    Elder,
    ElderEvent,
    ExpenseClaim,
    Fosterer,
    FostererEvent,
    Match,
    MatchEvent,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
    TrainingSession,
)
from affido_app.domain.enums import (
    AttendanceStatus,
    ElderStatus,
    ExpenseStatus,
    FostererStatus,
    MatchCloseReason,
    MatchStatus,
    SupervisionKind,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename
from affido_app.services.expenses import km_amount
from affido_app.services.settings import get_setting

ZERO = Decimal("0.00")
#: the statuses a supervision outcome can have, in the order the report shows them
ON_TIME, LATE, MISSING = "on_time", "late", "missing"


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """Plain aggregates for :mod:`affido_app.reports.activity` (see the module's docstring)."""
    for resource in (Resource.ELDER, Resource.FOSTERER, Resource.MATCH, Resource.SUPERVISION,
                     Resource.TRAINING, Resource.EXPENSE):
        actor.require(Action.READ, resource)
    start, end = request.date_from, request.date_to
    if start is None or end is None:
        raise ValidationError({"date_from": "Indicare l'inizio e la fine del periodo."})
    if start > end:
        raise ValidationError({"date_to": "La fine del periodo viene prima dell'inizio."})
    return {
        "date_from": start,
        "date_to": end,
        "elders": people_figures(s, Elder, ElderEvent, ElderEvent.elder_id, ElderStatus,
                                 Elder.referral_date, start, end),
        "fosterers": people_figures(s, Fosterer, FostererEvent, FostererEvent.fosterer_id,
                                    FostererStatus, Fosterer.application_date, start, end,
                                    approved=FostererStatus.APPROVED),
        "pairs": pair_figures(s, start, end),
        "supervision": supervision_figures(s, start, end),
        "training": training_figures(s, start, end),
        "expenses": expense_figures(s, start, end),
        "subject": _period_words(start, end),
        "filename": filename("relazione attivita", start.isoformat(), end.isoformat()),
    }


# --- people -------------------------------------------------------------------------------------

def status_at(s: Session, event_model, owner_col, day: dt.date) -> dict[str, int]:
    """Status code → how many records had it at the end of ``day`` (the latest event that took
    effect by then, per record): one windowed ``GROUP BY``."""
    rank = func.row_number().over(
        partition_by=owner_col,
        order_by=(event_model.occurred_on.desc(), event_model.id.desc()),
    ).label("rank")
    latest = (select(event_model.to_status.label("status"), rank)
              .where(event_model.occurred_on <= day).subquery())
    rows = s.execute(select(latest.c.status, func.count())
                     .where(latest.c.rank == 1).group_by(latest.c.status)).all()
    return {status: n for status, n in rows}


def people_figures(s: Session, model, event_model, owner_col, enum, since_col, start: dt.date,
                   end: dt.date, *, approved=None) -> dict[str, Any]:
    counts = status_at(s, event_model, owner_col, end)
    by_status = [(member.label, counts.get(member.value, 0)) for member in enum]
    new = s.execute(select(func.count()).select_from(model)
                    .where(since_col >= start, since_col <= end)).scalar_one()
    out = {"by_status": by_status, "total": sum(n for _l, n in by_status), "new": new}
    if approved is not None:
        out["approved"] = s.execute(
            select(func.count(distinct(owner_col)))
            .where(event_model.to_status == approved.value,
                   event_model.occurred_on >= start, event_model.occurred_on <= end)
        ).scalar_one()
    return out


# --- pairs --------------------------------------------------------------------------------------

def pair_figures(s: Session, start: dt.date, end: dt.date) -> dict[str, Any]:
    in_period = (MatchEvent.occurred_on >= start, MatchEvent.occurred_on <= end)
    closing = (MatchEvent.to_status == MatchStatus.CLOSED.value, *in_period)

    proposed = s.execute(select(func.count()).select_from(Match)
                         .where(Match.proposed_on >= start, Match.proposed_on <= end)
                         ).scalar_one()
    started_year, started_month = _year_month(Match.started_on)
    started = s.execute(
        select(started_year, started_month, func.count())
        .where(Match.started_on >= start, Match.started_on <= end)
        .group_by(started_year, started_month)
    ).all()
    closed_year, closed_month = _year_month(MatchEvent.occurred_on)
    closed = s.execute(
        select(closed_year, closed_month, func.count(distinct(MatchEvent.match_id)))
        .where(*closing).group_by(closed_year, closed_month)
    ).all()
    closed_total = s.execute(
        select(func.count(distinct(MatchEvent.match_id))).where(*closing)).scalar_one()
    reasons = s.execute(
        select(MatchEvent.reason, func.count(distinct(MatchEvent.match_id)))
        .where(*closing).group_by(MatchEvent.reason)
    ).all()
    at_end = status_at(s, MatchEvent, MatchEvent.match_id, end)

    months = _months(start, end)
    started_by = {(int(y), int(m)): n for y, m, n in started}
    closed_by = {(int(y), int(m)): n for y, m, n in closed}
    return {
        "proposed": proposed,
        "started": sum(started_by.values()),
        "closed": closed_total,
        "active_end": at_end.get(MatchStatus.ACTIVE.value, 0),
        "by_status_end": [(st.label, at_end.get(st.value, 0)) for st in MatchStatus],
        "closed_by_reason": sorted(
            ((_reason_label(code), n) for code, n in reasons), key=lambda r: (-r[1], r[0])),
        "per_month": [{"year": y, "month": m, "started": started_by.get((y, m), 0),
                       "closed": closed_by.get((y, m), 0)} for y, m in months],
    }


def _year_month(column):
    return cast(extract("year", column), Integer), cast(extract("month", column), Integer)


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _reason_label(code: str | None) -> str:
    try:
        return MatchCloseReason(code).label
    except ValueError:
        return "Motivo non indicato"


# --- supervision --------------------------------------------------------------------------------

def supervision_figures(s: Session, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Sessions held in the period and the punctuality of the meetings due in it."""
    since, until = _local_midnight(start), _local_midnight(end + dt.timedelta(days=1))
    held = (SupervisionSession.held_at >= since, SupervisionSession.held_at < until)
    kinds = dict(s.execute(
        select(SupervisionSession.kind, func.count()).where(*held)
        .group_by(SupervisionSession.kind)).all())
    pairs = s.execute(
        select(func.count(distinct(SupervisionNote.match_id)))
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .where(*held)).scalar_one()
    fosterers = s.execute(
        select(func.count(distinct(SupervisionParticipant.fosterer_id)))
        .join(SupervisionSession, SupervisionSession.id == SupervisionParticipant.session_id)
        .where(*held, SupervisionParticipant.fosterer_id.is_not(None))).scalar_one()
    outcomes = supervision_punctuality(s, start, end)
    return {
        "sessions": sum(kinds.values()),
        "individual": kinds.get(SupervisionKind.INDIVIDUAL, 0),
        "group": kinds.get(SupervisionKind.GROUP, 0),
        "pairs_discussed": pairs,
        "fosterers": fosterers,
        "due": sum(outcomes.values()),
        **outcomes,
        "every_days": int(get_setting(s, "supervision.every_days")),
    }


def supervision_punctuality(s: Session, start: dt.date, end: dt.date) -> dict[str, int]:
    """The supervision meetings due in the period: held on time, late or missing.

    A running pair is due for supervision every ``Match.supervision_every_days`` days (the
    office's setting when not set) after its last supervision or, when it has had none since,
    after it became active (start, resumption after a suspension, reopening). A due date counts
    when it falls in the period while the pair is active. For each one, the pair's next
    supervision:

    - *on time* (``on_time``): held on or before the due date;
    - *late* (``late``): held after it, but within one more interval and by the end of the
      period;
    - *missing* (``missing``): not held by then (the next interval is then due in turn).

    Three narrow queries (the pairs running in the period with their status events, the last
    supervision of each before the period, the supervisions in the period); the walk along each
    pair's dates is done here.
    """
    default_every = int(get_setting(s, "supervision.every_days"))
    # started by the end of the period, and not closed before it began
    running_where = (Match.started_on.is_not(None), Match.started_on <= end,
                     or_(Match.status != MatchStatus.CLOSED, Match.ended_on >= start))
    running = select(Match.id).where(*running_where)
    every = {mid: (n if n and n > 0 else default_every) for mid, n in s.execute(
        select(Match.id, Match.supervision_every_days).where(*running_where))}
    counts = {ON_TIME: 0, LATE: 0, MISSING: 0}
    if not every:
        return counts
    timeline: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for mid, day, status in s.execute(
        select(MatchEvent.match_id, MatchEvent.occurred_on, MatchEvent.to_status)
        .where(MatchEvent.match_id.in_(running), MatchEvent.occurred_on <= end)
        .order_by(MatchEvent.match_id, MatchEvent.occurred_on, MatchEvent.id)
    ):
        timeline[mid].append((day, status))
    since, until = _local_midnight(start), _local_midnight(end + dt.timedelta(days=1))
    on = (SupervisionSession.id == SupervisionNote.session_id)
    before = {mid: _local_date(at) for mid, at in s.execute(
        select(SupervisionNote.match_id, func.max(SupervisionSession.held_at))
        .join(SupervisionSession, on)
        .where(SupervisionNote.match_id.in_(running),
               SupervisionSession.held_at < since)
        .group_by(SupervisionNote.match_id)
    )}
    during: dict[int, list[dt.date]] = defaultdict(list)
    for mid, at in s.execute(
        select(SupervisionNote.match_id, SupervisionSession.held_at).join(SupervisionSession, on)
        .where(SupervisionNote.match_id.in_(running),
               SupervisionSession.held_at >= since, SupervisionSession.held_at < until)
    ):
        during[mid].append(_local_date(at))
    for mid, days in every.items():
        for outcome in walk_pair(timeline.get(mid, []), before.get(mid),
                                 sorted(during.get(mid, [])), days, start, end):
            counts[outcome] += 1
    return counts


def walk_pair(events: list[tuple[dt.date, str]], last_before: dt.date | None,
              meetings: list[dt.date], every: int, start: dt.date, end: dt.date) -> list[str]:
    """The outcomes of the due dates of one pair that fall in the period (pure: see
    :func:`supervision_punctuality` for the rule). ``events``: (day, status) in order;
    ``last_before``: the last supervision before the period; ``meetings``: the supervisions in
    the period, sorted."""
    active = MatchStatus.ACTIVE.value
    days = [d for d, _s in events]
    activations = [d for d, st in events if st == active]

    def status_on(day: dt.date) -> str | None:
        i = bisect.bisect_right(days, day)
        return events[i - 1][1] if i else None

    def meeting_after(day: dt.date, inclusive: bool) -> dt.date | None:
        i = (bisect.bisect_left if inclusive else bisect.bisect_right)(meetings, day)
        return meetings[i] if i < len(meetings) else None

    # the base at the start of the period: the last supervision or activation before it
    last_activation = next((d for d in reversed(activations) if d <= start), None)
    candidates = [d for d in (last_before, last_activation) if d is not None]
    if candidates:
        base = max(candidates)
        from_activation = last_activation is not None and base == last_activation and (
            last_before is None or last_activation > last_before)
    else:
        base = next((d for d in activations if d > start), None)
        from_activation = True
    if base is None:
        return []
    due = base + dt.timedelta(days=every)
    pending_activation = bisect.bisect_right(activations, base)
    out: list[str] = []
    while due <= end:
        # a resumption or reopening before the due date starts the interval again
        if pending_activation < len(activations) and activations[pending_activation] <= due:
            base, from_activation = activations[pending_activation], True
            pending_activation += 1
            due = base + dt.timedelta(days=every)
            continue
        if status_on(due) != active:  # suspended or closed: nothing due until it resumes
            if pending_activation >= len(activations):
                break
            base, from_activation = activations[pending_activation], True
            pending_activation += 1
            due = base + dt.timedelta(days=every)
            continue
        held = meeting_after(base, inclusive=from_activation)
        if held is not None and held <= due:
            outcome = ON_TIME
        elif held is not None and held < due + dt.timedelta(days=every) and held <= end:
            outcome = LATE
        else:
            outcome = MISSING
        if due >= start:
            out.append(outcome)
        if outcome == MISSING:
            due += dt.timedelta(days=every)  # the next interval is due in turn
        else:
            base, from_activation = held, False
            while pending_activation < len(activations) and \
                    activations[pending_activation] <= base:
                pending_activation += 1
            due = base + dt.timedelta(days=every)
    return out


# --- training -----------------------------------------------------------------------------------

def training_figures(s: Session, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Sessions held in the period (started in it and already begun by now), their hours, who
    attended. Hours come from each session's start and end times (sessions without an end
    time are counted, without hours)."""
    since = _local_midnight(start)
    until = min(_local_midnight(end + dt.timedelta(days=1)), utcnow())
    in_period = (TrainingSession.starts_at >= since, TrainingSession.starts_at < until)
    present = (
        select(Attendance.session_id, func.count().label("present"))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .group_by(Attendance.session_id).subquery()
    )
    rows = s.execute(
        select(TrainingSession.course_id, TrainingSession.starts_at, TrainingSession.ends_at,
               func.coalesce(present.c.present, 0))
        .outerjoin(present, present.c.session_id == TrainingSession.id)
        .where(*in_period)
    ).all()
    fosterers = s.execute(
        select(func.count(distinct(Attendance.fosterer_id)))
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(*in_period, Attendance.status == AttendanceStatus.PRESENT)
    ).scalar_one()
    hours = attendance_hours = Decimal(0)
    without_end = 0
    for _course, starts, ends, n in rows:
        if ends is None or ends <= starts:
            without_end += 1
            continue
        length = Decimal((ends - starts).total_seconds()) / Decimal(3600)
        hours += length
        attendance_hours += length * n
    return {
        "sessions": len(rows),
        "courses": len({r[0] for r in rows}),
        "hours": hours,
        "presences": sum(r[3] for r in rows),
        "fosterers": fosterers,
        "attendance_hours": attendance_hours,
        "without_end": without_end,
    }


# --- expenses -----------------------------------------------------------------------------------

def expense_figures(s: Session, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Entries dated in the period: paid, approved still to pay, and waiting for a decision.

    Grouped by status, kilometres and rate so that each entry's kilometre amount is rounded
    to the cent as on the statements, without reading the entries one by one."""
    in_period = (ExpenseClaim.date >= start, ExpenseClaim.date <= end)
    rows = s.execute(
        select(ExpenseClaim.status, ExpenseClaim.km, ExpenseClaim.km_rate, func.count(),
               func.sum(ExpenseClaim.costs))
        .where(*in_period)
        .group_by(ExpenseClaim.status, ExpenseClaim.km, ExpenseClaim.km_rate)
    ).all()
    people = dict(s.execute(
        select(ExpenseClaim.status, func.count(distinct(ExpenseClaim.fosterer_id)))
        .where(*in_period).group_by(ExpenseClaim.status)).all())
    sums: dict[ExpenseStatus, dict[str, Any]] = {}
    for status, km, rate, n, costs in rows:
        acc = sums.setdefault(ExpenseStatus(status), _empty_sum())
        km, rate = _dec(km), _dec(rate)
        acc["count"] += n
        acc["km"] += km * n
        acc["km_amount"] += km_amount(km, rate) * n
        acc["costs"] += _dec(costs).quantize(Decimal("0.01"))
    for acc in sums.values():
        acc["total"] = acc["km_amount"] + acc["costs"]

    def part(statuses: Iterable[ExpenseStatus]) -> dict[str, Any]:
        out = _empty_sum()
        for st in statuses:
            for key in ("count", "km", "km_amount", "costs", "total"):
                out[key] += sums.get(st, _empty_sum())[key]
        return out

    paid = part([ExpenseStatus.PAID])
    paid["fosterers"] = people.get(ExpenseStatus.PAID, 0)
    to_pay = part([ExpenseStatus.APPROVED])
    to_pay["fosterers"] = people.get(ExpenseStatus.APPROVED, 0)
    waiting = part([ExpenseStatus.DRAFT, ExpenseStatus.SUBMITTED])
    waiting["fosterers"] = s.execute(
        select(func.count(distinct(ExpenseClaim.fosterer_id)))
        .where(*in_period, ExpenseClaim.status.in_([ExpenseStatus.DRAFT,
                                                    ExpenseStatus.SUBMITTED]))
    ).scalar_one()
    return {"paid": paid, "to_pay": to_pay, "waiting": waiting,
            "rejected": part([ExpenseStatus.REJECTED])}


def _empty_sum() -> dict[str, Any]:
    return {"count": 0, "km": Decimal("0.0"), "km_amount": ZERO, "costs": ZERO, "total": ZERO}


def _dec(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


# --- helpers ------------------------------------------------------------------------------------

def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def _period_words(start: dt.date, end: dt.date) -> str:
    from affido_app.reports.format import month_year, period

    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        if (start.year, start.month) == (end.year, end.month):
            return month_year(start.year, start.month)
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return f"anno {start.year}"
    return period(start, end)
