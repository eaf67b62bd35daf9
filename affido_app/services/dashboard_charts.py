"""The figures behind the dashboard's three charts, each with the ids of the records it counts.

- :func:`people_over_time` — month by month over the last twelve months (the current one up to
  today): **active pairs** (a match in status *attivo* on at least one day of the month),
  **elders in the programme** (an elder in one of the open statuses of
  :data:`~affido_app.domain.lifecycle.ELDER_OPEN` — segnalato, valutato, in attesa, in affido,
  sospeso — on at least one day of the month) and **approved fosterers** (*idoneo*, or
  temporarily *sospeso*, on at least one day of the month). Who was in which status when comes
  from the status histories (the events), never from today's status: a pair ended on the 15th
  counts in that month and not in the next one.
- :func:`selection_funnel` — every fosterer who ever applied, by the furthest stage reached
  (candidatura → in selezione → in formazione → idoneo → abbinato, "abbinato" meaning at least
  one pair that started); each stage splits into who went further, who is there now and who
  stopped there (non idoneo, ritirato, cessato, or no longer paired).
- :func:`supervision_on_time` — per month, the active pairs whose supervision was held on time,
  held late or missing, by the rule of :func:`affido_app.services.supervision.supervision_due`
  (due ``every_days`` after the last supervision, or after the start of the pair).

Counting is done by the database (status intervals with a window function, joined to the months);
the supervision rule, which works on the office's local calendar days, runs over the few rows of
meetings. A handful of queries per chart, never one per record. :func:`chart_records` names the
records behind a bar, in one query.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Date, Integer, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from affido_app.db.models import (
    Elder,
    ElderEvent,
    Fosterer,
    FostererEvent,
    Match,
    MatchEvent,
    SupervisionNote,
    SupervisionSession,
)
from affido_app.domain.enums import FostererStatus, MatchStatus
from affido_app.domain.lifecycle import ELDER_OPEN
from affido_app.domain.permissions import Action, Resource, can
from affido_app.errors import PermissionDenied
from affido_app.services.common import today as _today
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting
from affido_app.services.supervision import supervision_due

MONTHS = 12
#: fosterer statuses counted as "in the programme" (approved, also while suspended)
FOSTERER_IN_PROGRAMME = frozenset({FostererStatus.APPROVED, FostererStatus.SUSPENDED})
#: match statuses counted as an active pair
PAIR_ACTIVE = frozenset({MatchStatus.ACTIVE})

#: the funnel's stages, in order
STAGES = ("application", "selection", "training", "approved", "paired")
STAGE_LABELS = {"application": "Candidatura", "selection": "In selezione",
                "training": "In formazione", "approved": "Idoneo", "paired": "Abbinato"}
#: how far each fosterer status shows a candidate went (not_approved/withdrawn say nothing)
_STATUS_RANK = {FostererStatus.APPLICATION: 0, FostererStatus.SELECTION: 1,
                FostererStatus.TRAINING: 2, FostererStatus.APPROVED: 3,
                FostererStatus.SUSPENDED: 3, FostererStatus.CEASED: 3}
#: each funnel segment: went further / is at this stage now / stopped here
SEGMENTS = ("further", "current", "stopped")


# --- plain results ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Month:
    start: dt.date
    #: last day counted: the month's last day, or today for the current month
    end: dt.date

    @property
    def partial(self) -> bool:
        return self.end < _month_end(self.start)


@dataclass(frozen=True)
class Series:
    key: str  # "pairs", "elders", "fosterers"
    kind: str  # the records' kind: "match", "elder", "fosterer"
    #: per month (same order as the months), the ids counted
    ids: tuple[tuple[int, ...], ...]

    @property
    def counts(self) -> list[int]:
        return [len(i) for i in self.ids]


@dataclass(frozen=True)
class PeopleOverTime:
    months: tuple[Month, ...]
    #: only the series the actor may read
    series: tuple[Series, ...]


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    #: "further", "current", "stopped" → fosterer ids
    segments: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(sorted(i for ids in self.segments.values() for i in ids))

    @property
    def total(self) -> int:
        return sum(len(i) for i in self.segments.values())


@dataclass(frozen=True)
class Funnel:
    stages: tuple[FunnelStage, ...]


@dataclass(frozen=True)
class SupervisionMonth:
    month: Month
    #: match ids: pairs supervised on time in the month, late, overdue without a meeting
    on_time: tuple[int, ...]
    late: tuple[int, ...]
    missing: tuple[int, ...]
    #: active pairs with no meeting in the month that were not due yet
    not_due: tuple[int, ...]


@dataclass(frozen=True)
class SupervisionOnTime:
    months: tuple[SupervisionMonth, ...]
    every_days_default: int


@dataclass(frozen=True)
class ChartRecord:
    kind: str
    id: int
    name: str


# --- months -------------------------------------------------------------------------------------

def _month_end(start: dt.date) -> dt.date:
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def last_months(on: dt.date, n: int = MONTHS) -> tuple[Month, ...]:
    """The ``n`` months ending with ``on``'s month (which ends on ``on``), oldest first."""
    out = []
    start = on.replace(day=1)
    for _ in range(n):
        out.append(Month(start, min(_month_end(start), on)))
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return tuple(reversed(out))


def _months_table(months: tuple[Month, ...]):
    """The months as a small table (m, ms, me), portable to SQLite and PostgreSQL."""
    rows = [select(literal(i, Integer).label("m"), literal(m.start, Date).label("ms"),
                   literal(m.end, Date).label("me")) for i, m in enumerate(months)]
    return union_all(*rows).subquery("months")


def _intervals(event_model, fk_name: str):
    """Each status a record was in: (rid, st, start, next) — in ``st`` from ``start`` to the day
    before ``next`` (None: still in it)."""
    fk = getattr(event_model, fk_name)
    following = func.lead(event_model.occurred_on).over(
        partition_by=fk, order_by=(event_model.occurred_on, event_model.id))
    return select(fk.label("rid"), event_model.to_status.label("st"),
                  event_model.occurred_on.label("start"), following.label("next")).subquery()


def _in_status_by_month(s: Session, months, event_model, fk_name: str,
                        statuses) -> tuple[tuple[int, ...], ...]:
    """Per month, the ids of the records in one of ``statuses`` on at least one of its days."""
    table = _months_table(months)
    iv = _intervals(event_model, fk_name)
    rows = s.execute(
        select(table.c.m, iv.c.rid).distinct()
        .join(iv, and_(iv.c.st.in_([str(x) for x in statuses]),
                       iv.c.start <= table.c.me,
                       or_(iv.c.next.is_(None),
                           and_(iv.c.next > table.c.ms, iv.c.next > iv.c.start))))
    ).all()
    per: dict[int, list[int]] = defaultdict(list)
    for m, rid in rows:
        per[int(m)].append(int(rid))
    return tuple(tuple(sorted(per.get(i, ()))) for i in range(len(months)))


# --- chart 1: pairs and people over time --------------------------------------------------------

def people_over_time(s: Session, actor: Actor, *, on: dt.date | None = None,
                     n: int = MONTHS) -> PeopleOverTime:
    """Active pairs, elders in the programme and approved fosterers, month by month."""
    wanted = [("pairs", "match", Resource.MATCH, MatchEvent, "match_id", PAIR_ACTIVE),
              ("elders", "elder", Resource.ELDER, ElderEvent, "elder_id", ELDER_OPEN),
              ("fosterers", "fosterer", Resource.FOSTERER, FostererEvent, "fosterer_id",
               FOSTERER_IN_PROGRAMME)]
    allowed = [w for w in wanted if _can(actor, Action.READ, w[2])]
    if not allowed:
        actor.require(Action.READ, Resource.MATCH)  # raises, with the usual message
    months = last_months(on or _today(), n)
    series = tuple(Series(key, kind, _in_status_by_month(s, months, model, fk, statuses))
                   for key, kind, _res, model, fk, statuses in allowed)
    return PeopleOverTime(months, series)


# --- chart 2: the selection funnel --------------------------------------------------------------

def selection_funnel(s: Session, actor: Actor) -> Funnel:
    """Every fosterer who applied, by the furthest stage reached (two queries' worth of rows:
    one per fosterer, the ids the bars need)."""
    actor.require(Action.READ, Resource.FOSTERER)
    ev = FostererEvent
    rank = case(*((ev.to_status == str(st), r) for st, r in _STATUS_RANK.items()), else_=-1)
    reached = select(ev.fosterer_id.label("fid"), func.max(rank).label("rank")) \
        .group_by(ev.fosterer_id).subquery()
    started = select(Match.fosterer_id.label("fid"), func.count().label("n")) \
        .where(Match.started_on.is_not(None)).group_by(Match.fosterer_id).subquery()
    running = select(Match.fosterer_id.label("fid"), func.count().label("n")) \
        .where(Match.status.in_([MatchStatus.ACTIVE, MatchStatus.SUSPENDED])) \
        .group_by(Match.fosterer_id).subquery()
    rows = s.execute(
        select(Fosterer.id, Fosterer.status, reached.c.rank, started.c.n, running.c.n)
        .join(reached, reached.c.fid == Fosterer.id, isouter=True)
        .join(started, started.c.fid == Fosterer.id, isouter=True)
        .join(running, running.c.fid == Fosterer.id, isouter=True)
        .order_by(Fosterer.id)
    ).all()
    buckets = {key: {seg: [] for seg in SEGMENTS} for key in STAGES}
    last = len(STAGES) - 1
    for fid, status, ev_rank, n_started, n_running in rows:
        status = FostererStatus(status)
        top = max(ev_rank if ev_rank is not None else -1, _STATUS_RANK.get(status, -1), 0)
        if n_started:
            top = last
        for k in range(top + 1):
            if k < top:
                seg = "further"
            elif k == last:
                seg = "current" if n_running else "stopped"
            elif k == 3:
                seg = "stopped" if status == FostererStatus.CEASED else "current"
            else:
                seg = "current" if _STATUS_RANK.get(status) == k else "stopped"
            buckets[STAGES[k]][seg].append(int(fid))
    return Funnel(tuple(
        FunnelStage(key, STAGE_LABELS[key], {seg: tuple(ids) for seg, ids in segs.items()})
        for key, segs in buckets.items()))


# --- chart 3: supervision on time ---------------------------------------------------------------

def supervision_on_time(s: Session, actor: Actor, *, on: dt.date | None = None,
                        n: int = MONTHS) -> SupervisionOnTime:
    """Per month, the pairs active in it: supervised on time, late, or overdue without a
    meeting. A pair with meetings in a month counts by its first meeting of the month (on time
    when held by the due date); without one it is missing when its due date had passed by the
    month's end (or today, or the day it stopped being active)."""
    actor.require(Action.READ, Resource.SUPERVISION)
    actor.require(Action.READ, Resource.MATCH)
    day = on or _today()
    months = last_months(day, n)
    default_every = int(get_setting(s, "supervision.every_days"))
    iv = _intervals(MatchEvent, "match_id")
    active = (select(iv.c.rid, iv.c.start, iv.c.next)
              .where(iv.c.st.in_([str(x) for x in PAIR_ACTIVE]),
                     iv.c.start <= months[-1].end,
                     or_(iv.c.next.is_(None),
                         and_(iv.c.next > months[0].start, iv.c.next > iv.c.start)))
              .subquery())
    rows = s.execute(
        select(active.c.rid, active.c.start, active.c.next, Match.started_on,
               Match.status_since, Match.supervision_every_days)
        .join(Match, Match.id == active.c.rid)
    ).all()
    pairs: dict[int, dict] = {}
    for rid, start, nxt, started_on, status_since, every in rows:
        pair = pairs.setdefault(int(rid), {
            "started": started_on or status_since,
            "every": every if every and every > 0 else default_every,
            "spans": [], "meetings": []})
        pair["spans"].append((_as_date(start), _as_date(nxt) - dt.timedelta(days=1)
                              if nxt is not None else day))
    if pairs:
        sn, ss = aliased(SupervisionNote), aliased(SupervisionSession)
        active_ids = select(active.c.rid)
        for match_id, held_at in s.execute(
                select(sn.match_id, ss.held_at).join(ss, ss.id == sn.session_id)
                .where(sn.match_id.in_(active_ids))):
            pairs[int(match_id)]["meetings"].append(_local_date(held_at))
    for pair in pairs.values():
        pair["meetings"] = sorted(set(pair["meetings"]))
    out = []
    for month in months:
        found: dict[str, list[int]] = {"on_time": [], "late": [], "missing": [], "not_due": []}
        for match_id, pair in sorted(pairs.items()):
            last_active = max((min(end, month.end) for begin, end in pair["spans"]
                               if begin <= month.end and end >= month.start), default=None)
            if last_active is None:
                continue
            meetings = pair["meetings"]
            k = bisect_left(meetings, month.start)  # the first meeting of the month, if any
            previous = meetings[k - 1] if k else None
            if k < len(meetings) and meetings[k] <= month.end:
                _due, overdue = supervision_due(previous, pair["started"], pair["every"],
                                                meetings[k])
                found["late" if overdue > 0 else "on_time"].append(match_id)
            else:
                due, overdue = supervision_due(previous, pair["started"], pair["every"],
                                               last_active)
                found["missing" if due is not None and overdue > 0 else "not_due"].append(
                    match_id)
        out.append(SupervisionMonth(month, *(tuple(found[k]) for k in
                                              ("on_time", "late", "missing", "not_due"))))
    return SupervisionOnTime(tuple(out), default_every)


# --- the records behind a bar -------------------------------------------------------------------

def chart_records(s: Session, actor: Actor, kind: str, ids) -> list[ChartRecord]:
    """Names of the records of ``kind`` ("elder", "fosterer", "match") with these ids, sorted
    by name (one query). Pairs read "Elder – Fosterer"."""
    ids = sorted({int(i) for i in ids})
    if kind == "match":
        actor.require(Action.READ, Resource.MATCH)
        e, f = aliased(Elder), aliased(Fosterer)
        rows = s.execute(
            select(Match.id, e.last_name, e.first_name, f.last_name, f.first_name)
            .join(e, e.id == Match.elder_id).join(f, f.id == Match.fosterer_id)
            .where(Match.id.in_(ids))).all() if ids else []
        out = [ChartRecord(kind, r[0], f"{r[1]} {r[2]} – {r[3]} {r[4]}") for r in rows]
    elif kind in ("elder", "fosterer"):
        model, resource = (Elder, Resource.ELDER) if kind == "elder" else (
            Fosterer, Resource.FOSTERER)
        actor.require(Action.READ, resource)
        rows = s.execute(select(model.id, model.last_name, model.first_name)
                         .where(model.id.in_(ids))).all() if ids else []
        out = [ChartRecord(kind, r[0], f"{r[1]} {r[2]}") for r in rows]
    else:
        raise PermissionDenied("Tipo di scheda non previsto.")
    return sorted(out, key=lambda r: (r.name.lower(), r.id))


# --- helpers ------------------------------------------------------------------------------------

def _can(actor: Actor, action: Action, resource: Resource) -> bool:
    return can(actor.role, action, resource)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):  # SQLite hands back window-function results as text
        return dt.date.fromisoformat(value[:10])
    return value


def _local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a stored (UTC) timestamp, on the office's clock."""
    return moment.astimezone().date()
