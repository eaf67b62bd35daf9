"""The calendar: training meetings, supervision meetings, introductions of pairs and planned
interviews between two days, and their export as an iCalendar (.ics) file.

:func:`events` runs one query per kind of event, and only for the kinds the acting user may read
(the others are skipped, not refused). Each :class:`CalendarEvent` carries only what a calendar
shows: times, an Italian title, the place and a short detail (course, trainer, who leads). Never
notes, fragility, interview or supervision texts, codice fiscale or phone numbers: the export is
meant for the office's shared or personal calendars, and pairs appear by surname only.

Days are the office's days: a meeting belongs to the day it falls on the PC's clock; all-day
events (introductions, planned interviews) start at local midnight.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from affido_app.db.base import utcnow
from affido_app.db.models import (
    Elder,
    Fosterer,
    Interview,
    Match,
    MatchEvent,
    StaffUser,
    SupervisionSession,
    TrainingCourse,
    TrainingSession,
)
from affido_app.domain.enums import AuditAction, MatchStatus, PersonKind, SupervisionKind
from affido_app.domain.permissions import Action, Resource, can
from affido_app.errors import StorageError, ValidationError
from affido_app.files import write_atomically
from affido_app.services.audit import audit
from affido_app.services.context import Actor

TRAINING = "training"
SUPERVISION = "supervision"
INTRODUCTION = "introduction"
INTERVIEW = "interview"
#: every kind of event, in the order the calendar lists events starting together
KINDS: tuple[str, ...] = (TRAINING, SUPERVISION, INTRODUCTION, INTERVIEW)
#: what a user must be allowed to read to see each kind
KIND_RESOURCE = {
    TRAINING: Resource.TRAINING,
    SUPERVISION: Resource.SUPERVISION,
    INTRODUCTION: Resource.MATCH,
    INTERVIEW: Resource.INTERVIEW,
}
#: Italian names of the kinds (categories of the exported events)
KIND_LABELS = {
    TRAINING: "Formazione",
    SUPERVISION: "Supervisione",
    INTRODUCTION: "Conoscenza",
    INTERVIEW: "Colloquio",
}
#: the length shown for a meeting recorded without an end time
DEFAULT_DURATION = dt.timedelta(hours=1)
#: at most this many events of one kind in one range (a year of a busy office is far less)
MAX_PER_KIND = 5000
#: the longest range one call may ask for
MAX_RANGE_DAYS = 3 * 366

PRODID = "-//Affido//Mi affido a te//IT"
CALENDAR_NAME = "Mi affido a te"
ANONYMOUS = "(anonimizzato)"


@dataclass(frozen=True)
class CalendarEvent:
    """One event of the calendar (plain values, safe across sessions)."""

    kind: str
    #: id of the source record: training session, supervision session, match, interview
    id: int
    #: aware; local midnight for all-day events
    start: dt.datetime
    end: dt.datetime | None
    all_day: bool
    #: Italian, without personal health details
    title: str
    place: str | None = None
    #: a short Italian detail: course and trainer, who leads the supervision
    detail: str | None = None
    #: what the interface opens: ("training", session id), ("supervision", session id),
    #: ("elder", elder id) or ("fosterer", fosterer id)
    record: tuple[str, int] = ("", 0)
    #: a shorter title for small spaces, where the colour already tells the kind
    short_title: str = ""

    @property
    def label(self) -> str:
        return self.short_title or self.title

    @property
    def day(self) -> dt.date:
        """The office's day of the event."""
        return self.start.astimezone().date()

    @property
    def uid(self) -> str:
        """Stable across exports: a calendar app updates the event instead of duplicating it."""
        return f"{self.kind}-{self.id}@affido"

    def shown_end(self) -> dt.datetime:
        """The end a calendar draws: the recorded end, else one hour (a day when all-day)."""
        if self.all_day:
            return self.start + dt.timedelta(days=1)
        if self.end is not None and self.end > self.start:
            return self.end
        return self.start + DEFAULT_DURATION


def readable_kinds(actor: Actor) -> tuple[str, ...]:
    """The kinds of event this user may see."""
    return tuple(k for k in KINDS if can(actor.role, Action.READ, KIND_RESOURCE[k]))


def events(
    s: Session, actor: Actor, start: dt.date, end: dt.date, kinds: Iterable[str] | None = None
) -> list[CalendarEvent]:
    """The events from ``start`` to ``end`` (both days included), sorted by time.

    ``kinds`` limits the kinds asked for (default: all); kinds the actor may not read are
    skipped silently. One query per kind.
    """
    _check_range(start, end)
    wanted = KINDS if kinds is None else tuple(kinds)
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown calendar kinds: {unknown}")
    allowed = set(readable_kinds(actor))
    out: list[CalendarEvent] = []
    for kind in KINDS:
        if kind in wanted and kind in allowed:
            out.extend(_LOADERS[kind](s, start, end))
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda e: (e.start, not e.all_day, order[e.kind], e.id))
    return out


def export_ics(
    s: Session, actor: Actor, start: dt.date, end: dt.date, kinds: Iterable[str] | None = None
) -> bytes:
    """The events of :func:`events` as an iCalendar file (UTF-8 bytes). The export is audited;
    call it inside a unit of work that is committed."""
    return _export(s, actor, start, end, kinds)[0]


def save_ics(
    s: Session, actor: Actor, start: dt.date, end: dt.date, path: str | os.PathLike,
    kinds: Iterable[str] | None = None,
) -> int:
    """:func:`export_ics` written to ``path`` (replaced whole, never left half-written); returns
    the number of events. A failed write raises :class:`StorageError`: roll the unit of work
    back, and the audit row with it."""
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise StorageError(f"La cartella «{path.parent}» non esiste.")
    data, count = _export(s, actor, start, end, kinds)
    write_atomically(path, data)
    return count


def _export(
    s: Session, actor: Actor, start: dt.date, end: dt.date, kinds: Iterable[str] | None
) -> tuple[bytes, int]:
    import icalendar

    found = events(s, actor, start, end, kinds)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = utcnow().replace(microsecond=0)
    for e in found:
        ev = icalendar.Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        if e.all_day:
            ev.add("dtstart", e.day)
            ev.add("dtend", e.day + dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
        else:
            ev.add("dtstart", _utc(e.start))
            ev.add("dtend", _utc(e.shown_end()))
        ev.add("summary", e.title)
        if e.place:
            ev.add("location", e.place)
        if e.detail:
            ev.add("description", e.detail)
        ev.add("categories", [KIND_LABELS[e.kind]])
        cal.add_component(ev)
    counts = {k: sum(1 for e in found if e.kind == k) for k in KINDS}
    audit(s, actor.id, AuditAction.EXPORT, "calendar", None,
          detail={"from": start.isoformat(), "to": end.isoformat(), "events": len(found),
                  "counts": {k: n for k, n in counts.items() if n}})
    return cal.to_ical(), len(found)


# --- one loader per kind ------------------------------------------------------------------------

def _trainings(s: Session, start: dt.date, end: dt.date) -> list[CalendarEvent]:
    ts = TrainingSession
    rows = s.execute(
        select(ts.id, ts.starts_at, ts.ends_at, ts.topic, ts.place, ts.trainer,
               TrainingCourse.title)
        .join(TrainingCourse, TrainingCourse.id == ts.course_id)
        .where(ts.starts_at >= _local_midnight(start),
               ts.starts_at < _local_midnight(end + dt.timedelta(days=1)))
        .order_by(ts.starts_at, ts.id).limit(MAX_PER_KIND)
    ).all()
    out = []
    for r in rows:
        detail = [f"Percorso: {r.title}"]
        if r.trainer:
            detail.append(f"Formatore: {r.trainer}")
        out.append(CalendarEvent(
            TRAINING, r.id, r.starts_at, r.ends_at, False, f"Formazione: {r.topic}",
            _clean(r.place), " · ".join(detail), (TRAINING, r.id), r.topic))
    return out


def _supervisions(s: Session, start: dt.date, end: dt.date) -> list[CalendarEvent]:
    ss = SupervisionSession
    rows = s.execute(
        select(ss.id, ss.kind, ss.held_at, ss.place, StaffUser.full_name)
        .join(StaffUser, StaffUser.id == ss.led_by_id, isouter=True)
        .where(ss.held_at >= _local_midnight(start),
               ss.held_at < _local_midnight(end + dt.timedelta(days=1)))
        .order_by(ss.held_at, ss.id).limit(MAX_PER_KIND)
    ).all()
    out = []
    for r in rows:
        title = ("Supervisione di gruppo" if r.kind == SupervisionKind.GROUP
                 else "Supervisione individuale")
        detail = f"Conduce: {r.full_name}" if r.full_name else None
        out.append(CalendarEvent(SUPERVISION, r.id, r.held_at, None, False, title,
                                 _clean(r.place), detail, (SUPERVISION, r.id)))
    return out


def _introductions(s: Session, start: dt.date, end: dt.date) -> list[CalendarEvent]:
    rows = s.execute(
        select(Match.id, Match.elder_id, MatchEvent.occurred_on, Elder.last_name,
               Fosterer.last_name.label("f_last_name"))
        .join(MatchEvent, MatchEvent.match_id == Match.id)
        .join(Elder, Elder.id == Match.elder_id)
        .join(Fosterer, Fosterer.id == Match.fosterer_id)
        .where(MatchEvent.to_status == MatchStatus.INTRODUCTION.value,
               MatchEvent.occurred_on >= start, MatchEvent.occurred_on <= end)
        .order_by(MatchEvent.occurred_on, Match.id, MatchEvent.id).limit(MAX_PER_KIND)
    ).all()
    out, seen = [], set()
    for r in rows:
        if r.id in seen:  # one introduction per pair (the life cycle never goes back to it)
            continue
        seen.add(r.id)
        pair = f"{_surname(r.last_name)} – {_surname(r.f_last_name)}"
        out.append(CalendarEvent(INTRODUCTION, r.id, _local_midnight(r.occurred_on), None, True,
                                 f"Conoscenza: {pair}", None,
                                 "Incontro di conoscenza dell'abbinamento",
                                 (PersonKind.ELDER.value, r.elder_id), pair))
    return out


def _interviews(s: Session, start: dt.date, end: dt.date) -> list[CalendarEvent]:
    """The next interview planned by each person's latest interview."""
    later = aliased(Interview)
    newer = (
        select(later.id)
        .where(later.held_at > Interview.held_at,
               ((later.elder_id == Interview.elder_id) & Interview.elder_id.is_not(None))
               | ((later.fosterer_id == Interview.fosterer_id)
                  & Interview.fosterer_id.is_not(None)))
        .exists()
    )
    rows = s.execute(
        select(Interview.id, Interview.next_date, Interview.elder_id, Interview.fosterer_id,
               Elder.last_name, Fosterer.last_name.label("f_last_name"))
        .join(Elder, Elder.id == Interview.elder_id, isouter=True)
        .join(Fosterer, Fosterer.id == Interview.fosterer_id, isouter=True)
        .where(Interview.next_date >= start, Interview.next_date <= end, ~newer)
        .order_by(Interview.next_date, Interview.id).limit(MAX_PER_KIND)
    ).all()
    out = []
    for r in rows:
        if r.elder_id is not None:
            who, role = r.last_name, "anziano/a"
            record = (PersonKind.ELDER.value, r.elder_id)
        else:
            who, role = r.f_last_name, "affidatario/a"
            record = (PersonKind.FOSTERER.value, r.fosterer_id)
        out.append(CalendarEvent(INTERVIEW, r.id, _local_midnight(r.next_date), None, True,
                                 f"Colloquio previsto: {_surname(who)}", None,
                                 f"Colloquio con l'{role}", record,
                                 f"Colloquio: {_surname(who)}"))
    return out


_LOADERS = {
    TRAINING: _trainings,
    SUPERVISION: _supervisions,
    INTRODUCTION: _introductions,
    INTERVIEW: _interviews,
}


# --- helpers ------------------------------------------------------------------------------------

def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"end": "La data finale precede quella iniziale."})
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError({"end": "Il periodo non può superare i tre anni."})


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def _surname(value: str | None) -> str:
    return value.strip() if value and value.strip() else ANONYMOUS


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None
