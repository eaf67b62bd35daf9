"""Supervision (supervisione) of running pairs: sessions, one note per pair, risks, due dates.

A session is led by a staff member, with staff and fosterers taking part; for each pair discussed
it holds a note (how it goes, wellbeing of both, problems, agreed actions, a risk flag). The free
notes of the session and the texts of the pair notes are special-category data: only
psychologists, the leader and the staff who took part may read or write them, and every read
leaves an audit row (one per person concerned). Levels, risk flags and dates are visible to every
role that may read supervision.

Who took part decides who may read, so changing the leader or the staff taking part is reserved
to the same people. A risk is closed with :func:`close_risk` and a closing note, never by clearing
the flag: the history stays.

Every running pair should be supervised every ``Match.supervision_every_days`` days:
:func:`supervision_due` is the rule and :func:`supervision_overview` lists the pairs, overdue
first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from affido_app.db.base import utcnow
from affido_app.db.models import (
    Elder,
    Fosterer,
    Match,
    StaffUser,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
)
from affido_app.domain import validators as v
from affido_app.domain.enums import AuditAction, MatchStatus, SupervisionKind, WellbeingLevel
from affido_app.domain.permissions import Action, Resource, can_read_confidential_notes
from affido_app.errors import FieldError, PermissionDenied, ValidationError
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import (
    apply,
    as_dict,
    check_version,
    get_or_404,
    is_unique_violation,
    today,
)
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting

K, Fd = fl.Kind, fl.Field

SESSION_FIELDS = fl.specs(
    Fd("kind", "Tipo di incontro", K.ENUM, enum=SupervisionKind, required=True),
    Fd("held_at", "Data e ora", K.DATETIME, required=True),
    Fd("place", "Luogo", K.TEXT, max_length=200),
    Fd("led_by_id", "Condotto da", K.REF, required=True),
    Fd("notes", "Note dell'incontro", K.MULTILINE, sensitive=True),
    Fd("next_date", "Prossimo incontro", K.DATE),
)

NOTE_FIELDS = fl.specs(
    Fd("how_it_goes", "Andamento dell'affido", K.MULTILINE, sensitive=True),
    Fd("elder_wellbeing", "Benessere dell'anziano", K.INT_ENUM, enum=WellbeingLevel),
    Fd("elder_wellbeing_notes", "Note sul benessere dell'anziano", K.MULTILINE, sensitive=True),
    Fd("fosterer_wellbeing", "Benessere dell'affidatario", K.INT_ENUM, enum=WellbeingLevel),
    Fd("fosterer_wellbeing_notes", "Note sul benessere dell'affidatario", K.MULTILINE,
       sensitive=True),
    Fd("problems", "Problemi emersi", K.MULTILINE, sensitive=True),
    Fd("agreed_actions", "Azioni concordate", K.MULTILINE, sensitive=True),
    Fd("risk_flag", "Situazione di rischio", K.BOOL),
    Fd("next_date", "Prossima verifica", K.DATE),
)

SESSION_CONFIDENTIAL = tuple(n for n, f in SESSION_FIELDS.items() if f.sensitive)
NOTE_CONFIDENTIAL = (*(n for n, f in NOTE_FIELDS.items() if f.sensitive), "risk_closing_note")
_SESSION_METADATA = tuple(n for n, f in SESSION_FIELDS.items() if not f.sensitive)
_NOTE_METADATA = tuple(n for n, f in NOTE_FIELDS.items() if not f.sensitive)
#: match statuses whose pairs can be discussed in supervision
SUPERVISED_STATUSES = frozenset({MatchStatus.ACTIVE, MatchStatus.SUSPENDED})
#: tolerance for clocks of office PCs that disagree by a few minutes
CLOCK_GRACE = dt.timedelta(minutes=5)

_SESSION = "L'incontro di supervisione"
_NOTE = "La nota di supervisione"
_RESTRICTED_MESSAGE = (
    "Le note riservate della supervisione, chi la conduce e gli operatori presenti possono "
    "essere modificati solo da chi l'ha condotta, dagli operatori presenti o da uno psicologo."
)


# --- the due-date rule (pure) -------------------------------------------------------------------

def supervision_due(
    last: dt.date | None, started_on: dt.date | None, every_days: int, today: dt.date
) -> tuple[dt.date | None, int]:
    """When a pair is next due for supervision, and by how many days that is overdue.

    Due ``every_days`` after the last supervision, or after the start of the pair when it was
    never supervised. ``days_overdue`` is positive when overdue, zero on the due day, negative
    (days left) before it. ``(None, 0)`` when neither date is known.
    """
    base = last if last is not None else started_on
    if base is None:
        return None, 0
    due = base + dt.timedelta(days=every_days)
    return due, (today - due).days


# --- sessions -----------------------------------------------------------------------------------

def create_supervision(
    s: Session, actor: Actor, data: Mapping[str, Any], *, staff_ids: Iterable[int] = (),
    fosterer_ids: Iterable[int] = (),
) -> int:
    """Record a supervision session with who took part; returns its id."""
    actor.require(Action.CREATE, Resource.SUPERVISION)
    staff, staff_error = _staff(s, staff_ids)
    fosterers, fosterer_error = _fosterers(s, fosterer_ids)
    values = fl.clean(data, SESSION_FIELDS, extra_checks=[
        _session_checks(s),
        _error("staff_ids", staff_error), _error("fosterer_ids", fosterer_error),
    ])
    if values.get("notes") is not None and not can_read_confidential_notes(
            actor.role, actor.id, [values["led_by_id"], *staff]):
        raise PermissionDenied(_RESTRICTED_MESSAGE)
    obj = SupervisionSession(**values)
    obj.participants = [SupervisionParticipant(staff_id=i) for i in staff] + [
        SupervisionParticipant(fosterer_id=i) for i in fosterers
    ]
    s.add(obj)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, SupervisionSession.__tablename__, obj.id,
          detail={"kind": obj.kind.value, "staff": len(staff), "fosterers": len(fosterers)})
    return obj.id


def update_supervision(
    s: Session, actor: Actor, supervision_id: int, data: Mapping[str, Any], *,
    expected_version: int, staff_ids: Iterable[int] | None = None,
    fosterer_ids: Iterable[int] | None = None,
) -> int:
    """Change a session (only the keys given; participants when given); returns the version."""
    actor.require(Action.UPDATE, Resource.SUPERVISION)
    obj = get_or_404(s, SupervisionSession, supervision_id, _SESSION)
    check_version(obj, expected_version, _SESSION)
    old_staff = [p.staff_id for p in obj.participants if p.staff_id is not None]
    old_fosterers = [p.fosterer_id for p in obj.participants if p.fosterer_id is not None]
    staff, staff_error = (
        (None, None) if staff_ids is None else _staff(s, staff_ids, keep=old_staff)
    )
    fosterers, fosterer_error = (None, None) if fosterer_ids is None else _fosterers(
        s, fosterer_ids)
    current = as_dict(obj, SESSION_FIELDS)
    values = fl.clean(data, SESSION_FIELDS, partial=True, current=current, extra_checks=[
        _session_checks(s, current_leader=obj.led_by_id),
        _error("staff_ids", staff_error), _error("fosterer_ids", fosterer_error),
    ])
    staff_changed = staff is not None and set(staff) != set(old_staff)
    fosterers_changed = fosterers is not None and set(fosterers) != set(old_fosterers)
    restricted = staff_changed or any(
        current[name] != value for name, value in values.items()
        if name in (*SESSION_CONFIDENTIAL, "led_by_id")
    )
    if restricted and not _may_read_confidential(actor, obj):
        raise PermissionDenied(_RESTRICTED_MESSAGE)

    changed = apply(obj, values)
    detail: dict[str, Any] = changed_fields(changed) if changed else {}
    if staff_changed or fosterers_changed:
        assert staff is not None or fosterers is not None
        wanted_staff = set(old_staff if staff is None else staff)
        wanted_fosterers = set(old_fosterers if fosterers is None else fosterers)
        for p in list(obj.participants):
            if (p.staff_id is not None and p.staff_id not in wanted_staff) or (
                    p.fosterer_id is not None and p.fosterer_id not in wanted_fosterers):
                obj.participants.remove(p)
        obj.participants += [SupervisionParticipant(staff_id=i)
                             for i in (staff or []) if i not in old_staff]
        obj.participants += [SupervisionParticipant(fosterer_id=i)
                             for i in (fosterers or []) if i not in old_fosterers]
        detail["participants"] = {"staff": len(wanted_staff), "fosterers": len(wanted_fosterers)}
        obj.updated_at = utcnow()  # a new version for the record, not only for its children
    if not detail:
        return obj.version
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, SupervisionSession.__tablename__, obj.id,
          detail=detail)
    return obj.version


def get_supervision(s: Session, actor: Actor, supervision_id: int) -> dict:
    """A session with participants and pair notes; the confidential texts (the session's notes and
    the texts of every pair note) only for who may read them, and then audited.

    ``confidential_visible`` tells whether they are included.
    """
    actor.require(Action.READ, Resource.SUPERVISION)
    obj = get_or_404(s, SupervisionSession, supervision_id, _SESSION)
    visible = _may_read_confidential(actor, obj)
    out = {"id": obj.id, "version": obj.version, **as_dict(obj, _SESSION_METADATA),
           "created_at": obj.created_at, "updated_at": obj.updated_at,
           "confidential_visible": visible}
    staff_rows = s.execute(
        select(StaffUser.id, StaffUser.full_name, StaffUser.role)
        .where(StaffUser.id.in_([p.staff_id for p in obj.participants if p.staff_id]
                                + [obj.led_by_id or 0]))
    ).all()
    staff_by_id = {sid: (name, role) for sid, name, role in staff_rows}
    out["led_by_name"] = staff_by_id.get(obj.led_by_id, (None, None))[0]
    out["staff"] = sorted(
        ({"staff_id": p.staff_id, "full_name": staff_by_id[p.staff_id][0],
          "role": staff_by_id[p.staff_id][1]}
         for p in obj.participants if p.staff_id is not None),
        key=lambda row: row["full_name"].lower(),
    )
    fosterer_ids = [p.fosterer_id for p in obj.participants if p.fosterer_id is not None]
    out["fosterers"] = [
        {"fosterer_id": fid, "name": f"{last} {first}"}
        for fid, last, first in s.execute(
            select(Fosterer.id, Fosterer.last_name, Fosterer.first_name)
            .where(Fosterer.id.in_(fosterer_ids))
            .order_by(func.lower(Fosterer.last_name), func.lower(Fosterer.first_name))
        )
    ] if fosterer_ids else []
    notes = _pair_notes(s, [SupervisionNote.session_id == obj.id])
    out["pair_notes"] = [
        {**row, **(as_dict(note, NOTE_CONFIDENTIAL) if visible else {})} for note, row in notes
    ]
    if visible:
        out["notes"] = obj.notes
        audit(s, actor.id, AuditAction.READ, SupervisionSession.__tablename__, obj.id,
              detail={"fields": "confidential", "pair_notes": len(notes)})
        for note, row in notes:
            audit(s, actor.id, AuditAction.READ, SupervisionNote.__tablename__, note.id,
                  elder_id=row["elder_id"], fosterer_id=row["fosterer_id"],
                  detail={"fields": "confidential"})
    return out


def list_supervisions(
    s: Session, actor: Actor, *, from_date: dt.date | None = None, to_date: dt.date | None = None
) -> list[dict]:
    """Sessions held between two days (both included, either optional), newest first; metadata
    with the number of pairs discussed, of risks still open and of participants (staff and
    fosterers, the leader not counted), never the texts."""
    actor.require(Action.READ, Resource.SUPERVISION)
    counts = (
        select(SupervisionNote.session_id, func.count().label("pairs"),
               func.sum(case((and_(SupervisionNote.risk_flag.is_(True),
                                   SupervisionNote.risk_closed_at.is_(None)), 1), else_=0))
               .label("risks"))
        .group_by(SupervisionNote.session_id).subquery()
    )
    people = (
        select(SupervisionParticipant.session_id,
               func.count(SupervisionParticipant.staff_id).label("staff"),
               func.count(SupervisionParticipant.fosterer_id).label("fosterers"))
        .group_by(SupervisionParticipant.session_id).subquery()
    )
    ss = SupervisionSession
    stmt = (
        select(ss.id, ss.version, ss.kind, ss.held_at, ss.place, ss.led_by_id, ss.next_date,
               StaffUser.full_name, counts.c.pairs, counts.c.risks, people.c.staff,
               people.c.fosterers)
        .join(StaffUser, StaffUser.id == ss.led_by_id, isouter=True)
        .join(counts, counts.c.session_id == ss.id, isouter=True)
        .join(people, people.c.session_id == ss.id, isouter=True)
        .order_by(ss.held_at.desc(), ss.id.desc())
    )
    if from_date is not None:
        stmt = stmt.where(ss.held_at >= _local_midnight(from_date))
    if to_date is not None:
        stmt = stmt.where(ss.held_at < _local_midnight(to_date + dt.timedelta(days=1)))
    return [
        {"id": r[0], "version": r[1], "kind": r[2], "held_at": r[3], "place": r[4],
         "led_by_id": r[5], "next_date": r[6], "led_by_name": r[7], "pairs": r[8] or 0,
         "open_risks": r[9] or 0, "staff_count": r[10] or 0, "fosterer_count": r[11] or 0}
        for r in s.execute(stmt)
    ]


# --- pair notes ---------------------------------------------------------------------------------

def _running_on(match: Match, day: dt.date) -> bool:
    """Active or suspended now, or closed after ``day`` (a past meeting recorded later)."""
    if match.status in SUPERVISED_STATUSES:
        return True
    return (match.status == MatchStatus.CLOSED and match.started_on is not None
            and match.ended_on is not None and match.started_on <= day <= match.ended_on)


def add_pair_note(
    s: Session, actor: Actor, session_id: int, match_id: int, data: Mapping[str, Any]
) -> int:
    """The note on one pair (an active or suspended match) discussed in a session."""
    actor.require(Action.UPDATE, Resource.SUPERVISION)
    ses = get_or_404(s, SupervisionSession, session_id, _SESSION)
    match = get_or_404(s, Match, match_id, "L'abbinamento")
    if not _running_on(match, ses.held_at.astimezone().date()):
        raise ValidationError({"match_id": "In supervisione si discutono solo abbinamenti in "
                                           "corso (attivi o sospesi) alla data dell'incontro."})
    duplicate = ValidationError({"match_id": "Per questo abbinamento c'è già una nota in questo "
                                             "incontro: modificare quella."})
    if s.execute(select(SupervisionNote.id).where(SupervisionNote.session_id == ses.id,
                                                  SupervisionNote.match_id == match.id)).first():
        raise duplicate
    values = fl.clean(data, NOTE_FIELDS, extra_checks=[_note_checks(ses)])
    if any(values.get(name) is not None for name in NOTE_CONFIDENTIAL) and (
            not _may_read_confidential(actor, ses)):
        raise PermissionDenied(_RESTRICTED_MESSAGE)
    note = SupervisionNote(session_id=ses.id, match_id=match.id, **values)
    s.add(note)
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:  # written meanwhile from another PC
        if is_unique_violation(exc):
            raise duplicate from exc
        raise
    audit(s, actor.id, AuditAction.CREATE, SupervisionNote.__tablename__, note.id,
          elder_id=match.elder_id, fosterer_id=match.fosterer_id,
          detail={"session_id": ses.id, "risk_flag": note.risk_flag})
    return note.id


def update_pair_note(
    s: Session, actor: Actor, note_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    """Change a pair note (only the keys given); returns the new version."""
    actor.require(Action.UPDATE, Resource.SUPERVISION)
    note = get_or_404(s, SupervisionNote, note_id, _NOTE)
    check_version(note, expected_version, _NOTE)
    current = as_dict(note, NOTE_FIELDS)
    values = fl.clean(data, NOTE_FIELDS, partial=True, current=current,
                      extra_checks=[_note_checks(note.session)])
    if note.risk_flag and values.get("risk_flag") is False:
        raise ValidationError({"risk_flag": "Una situazione di rischio segnalata si chiude con "
                                            "«Chiudi rischio», indicando come è stata risolta."})
    if any(current[name] != value for name, value in values.items()
           if name in NOTE_CONFIDENTIAL) and not _may_read_confidential(actor, note.session):
        raise PermissionDenied(_RESTRICTED_MESSAGE)
    changed = apply(note, values)
    if changed:
        s.flush()
        match = s.get(Match, note.match_id)
        audit(s, actor.id, AuditAction.UPDATE, SupervisionNote.__tablename__, note.id,
              elder_id=match.elder_id, fosterer_id=match.fosterer_id,
              detail=changed_fields(changed))
    return note.version


def close_risk(
    s: Session, actor: Actor, note_id: int, closing_note: str, *,
    expected_version: int | None = None,
) -> int:
    """Close the risk flagged in a pair note, saying how it was resolved; returns the version."""
    actor.require(Action.UPDATE, Resource.SUPERVISION)
    note = get_or_404(s, SupervisionNote, note_id, _NOTE)
    check_version(note, expected_version, _NOTE)
    if not note.risk_flag:
        raise ValidationError({"risk_flag": "Questa nota non segnala una situazione di rischio."})
    if note.risk_closed_at is not None:
        raise ValidationError({"risk_flag": "La situazione di rischio è già stata chiusa."})
    try:
        text = v.require(v.clean_text(closing_note, max_length=5000, multiline=True))
    except FieldError:
        raise ValidationError(
            {"risk_closing_note": "Indicare come è stata risolta la situazione di rischio."}
        ) from None
    if not _may_read_confidential(actor, note.session):
        raise PermissionDenied(_RESTRICTED_MESSAGE)
    note.risk_closed_at = utcnow()
    note.risk_closed_by_id = actor.id
    note.risk_closing_note = text
    s.flush()
    match = s.get(Match, note.match_id)
    audit(s, actor.id, AuditAction.STATUS, SupervisionNote.__tablename__, note.id,
          elder_id=match.elder_id, fosterer_id=match.fosterer_id, detail={"risk": "closed"})
    return note.version


def open_risks(s: Session, actor: Actor) -> list[dict]:
    """Pair notes flagging a risk not closed yet, oldest session first (no texts)."""
    actor.require(Action.READ, Resource.SUPERVISION)
    cond = [SupervisionNote.risk_flag.is_(True), SupervisionNote.risk_closed_at.is_(None)]
    return [row for _note, row in _pair_notes(s, cond, oldest_first=True)]


def _pair_notes(s: Session, where: list, *, oldest_first: bool = False) -> list[tuple]:
    """(note, metadata row with names) for the notes matching ``where`` (one query)."""
    order = (SupervisionSession.held_at, SupervisionNote.id) if oldest_first else (
        func.lower(Elder.last_name), func.lower(Elder.first_name), SupervisionNote.id)
    rows = s.execute(
        select(SupervisionNote, SupervisionSession.held_at, Match.elder_id, Elder.last_name,
               Elder.first_name, Match.fosterer_id, Fosterer.last_name, Fosterer.first_name)
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .join(Match, Match.id == SupervisionNote.match_id)
        .join(Elder, Elder.id == Match.elder_id)
        .join(Fosterer, Fosterer.id == Match.fosterer_id)
        .where(*where)
        .order_by(*order)
    ).all()
    return [
        (note, {
            "id": note.id, "version": note.version, "session_id": note.session_id,
            "match_id": note.match_id, "held_at": held_at, "session_date": _local_date(held_at),
            "elder_id": elder_id, "elder_name": f"{e_last} {e_first}",
            "fosterer_id": fosterer_id, "fosterer_name": f"{f_last} {f_first}",
            **as_dict(note, _NOTE_METADATA),
            "risk_closed_at": note.risk_closed_at, "risk_closed_by_id": note.risk_closed_by_id,
        })
        for note, held_at, elder_id, e_last, e_first, fosterer_id, f_last, f_first in rows
    ]


# --- due supervision ----------------------------------------------------------------------------

def supervision_overview(s: Session, actor: Actor, today: dt.date | None = None) -> list[dict]:
    """Every active pair with its last supervision and when the next is due: overdue first (most
    overdue first), then by due date. One query."""
    actor.require(Action.READ, Resource.SUPERVISION)
    day = today or _today()
    default_every = int(get_setting(s, "supervision.every_days"))
    last = (
        select(SupervisionNote.match_id, func.max(SupervisionSession.held_at).label("last"))
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .group_by(SupervisionNote.match_id).subquery()
    )
    e, f = aliased(Elder), aliased(Fosterer)
    rows = s.execute(
        select(Match.id, Match.started_on, Match.status_since, Match.supervision_every_days,
               e.id, e.last_name, e.first_name, f.id, f.last_name, f.first_name, last.c.last)
        .join(e, e.id == Match.elder_id)
        .join(f, f.id == Match.fosterer_id)
        .join(last, last.c.match_id == Match.id, isouter=True)
        .where(Match.status == MatchStatus.ACTIVE)
    ).all()
    out = []
    for (match_id, started_on, status_since, every, elder_id, e_last, e_first, fosterer_id,
         f_last, f_first, last_at) in rows:
        every = every if every and every > 0 else default_every
        last_day = _local_date(last_at) if last_at is not None else None
        due, overdue = supervision_due(last_day, started_on or status_since, every, day)
        out.append({
            "match_id": match_id, "elder_id": elder_id, "elder_name": f"{e_last} {e_first}",
            "fosterer_id": fosterer_id, "fosterer_name": f"{f_last} {f_first}",
            "started_on": started_on, "every_days": every, "last_supervised": last_day,
            "due_date": due, "days_overdue": overdue, "overdue": overdue > 0,
        })
    out.sort(key=lambda r: (r["due_date"] is None, r["due_date"] or day,
                            r["elder_name"].lower(), r["match_id"]))
    return out


# --- helpers ------------------------------------------------------------------------------------

def _today() -> dt.date:
    return today()


def _local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a stored (UTC) timestamp, on the office's clock."""
    return moment.astimezone().date()


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()


def _may_read_confidential(actor: Actor, ses: SupervisionSession) -> bool:
    participants = [ses.led_by_id, *(p.staff_id for p in ses.participants if p.staff_id)]
    return can_read_confidential_notes(actor.role, actor.id, participants)


def _staff(
    s: Session, ids: Iterable[int], keep: Iterable[int] = ()
) -> tuple[list[int], str | None]:
    """Ids of active staff users (order kept, repeats dropped; ``keep``: may be inactive)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return [], None
    kept = set(keep)
    found = dict(s.execute(select(StaffUser.id, StaffUser.active)
                           .where(StaffUser.id.in_(wanted))).all())
    if any(i not in found or not (found[i] or i in kept) for i in wanted):
        return [], "Uno o più operatori indicati non esistono o non sono attivi."
    return wanted, None


def _fosterers(s: Session, ids: Iterable[int]) -> tuple[list[int], str | None]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return [], None
    found = set(s.scalars(select(Fosterer.id).where(Fosterer.id.in_(wanted))))
    if set(wanted) - found:
        return [], "Uno o più affidatari indicati non esistono."
    return wanted, None


def _error(name: str, message: str | None):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        if message:
            errors[name] = message

    return check


def _session_checks(s: Session, *, current_leader: int | None = None):
    """Cross-field checks; the leader must be an active staff user (unless unchanged)."""

    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        leader = rec.get("led_by_id")
        if leader is not None and leader != current_leader and "led_by_id" not in errors:
            active = s.execute(select(StaffUser.active).where(StaffUser.id == leader)).scalar()
            if not active:
                errors["led_by_id"] = "L'operatore indicato non esiste o non è attivo."
        held = rec.get("held_at")
        if held is not None and "held_at" not in errors and held > utcnow() + CLOCK_GRACE:
            errors["held_at"] = ("L'incontro si registra dopo averlo svolto: la data non può "
                                 "essere nel futuro.")
        next_date = rec.get("next_date")
        if (next_date is not None and held is not None and "next_date" not in errors
                and next_date <= _local_date(held)):
            errors["next_date"] = "Il prossimo incontro deve seguire la data di questo."

    return check


def _note_checks(ses: SupervisionSession):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        next_date = rec.get("next_date")
        if (next_date is not None and "next_date" not in errors
                and next_date <= _local_date(ses.held_at)):
            errors["next_date"] = "La prossima verifica deve seguire la data dell'incontro."

    return check
