"""Matches (abbinamenti): propose a pair, follow its life, edit what was agreed, read and list.

A match moves along :data:`~affido_app.domain.lifecycle.MATCH_TRANSITIONS`; every change is a
:class:`~affido_app.db.models.MatchEvent` (the history is never rewritten) and the elder's status
follows the match: a running match makes the elder "in affido", closing it sends the elder back to
"in attesa" or closes the elder's case when the reason says so (death, care home, UVG care). Those
consequences are recorded as events of the elder too, authored by whoever changed the match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from affido_app.db.models import Elder, ElderEvent, Fosterer, Match, MatchEvent
from affido_app.domain import lifecycle
from affido_app.domain import validators as v
from affido_app.domain.enums import (
    AuditAction,
    ElderCloseReason,
    ElderStatus,
    FostererStatus,
    MatchCloseReason,
    MatchStatus,
    MeetingPlace,
    Need,
)
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import apply, as_dict, check_version, get_or_404, today
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting

K = fl.Kind
Fd = fl.Field

NOUN = "L'abbinamento"

MATCH_FIELDS = fl.specs(
    Fd("proposed_on", "Data della proposta", K.DATE, required=True),
    Fd("schedule", "Giorni e orari concordati", K.GRID),
    Fd("hours_per_week", "Ore settimanali", K.DECIMAL, min_value=0, max_value=60),
    Fd("meeting_place", "Luogo degli incontri", K.ENUM, enum=MeetingPlace),
    Fd("activities", "Attività previste", K.FLAG, enum=Need),
    Fd("supervision_every_days", "Frequenza della supervisione (giorni)", K.INT, required=True,
       min_value=7, max_value=180),
    Fd("proposal_score", "Punteggio di compatibilità", K.DECIMAL, min_value=0, max_value=100),
    Fd("goals", "Obiettivi", K.MULTILINE),
    Fd("notes", "Note", K.MULTILINE),
)
#: what :func:`update_match` may change: the proposal date belongs to the history (first event)
UPDATE_FIELDS = {n: f for n, f in MATCH_FIELDS.items() if n != "proposed_on"}
_FLOAT_FIELDS = ("hours_per_week", "proposal_score")

#: match closures that close the elder's case too, with the elder's reason
_ELDER_CLOSING = {
    MatchCloseReason.ELDER_DIED: ElderCloseReason.DIED,
    MatchCloseReason.CARE_HOME: ElderCloseReason.CARE_HOME,
    MatchCloseReason.UVG_CARE: ElderCloseReason.UVG_CARE,
}

_DETAIL_NAMES = (
    "elder_id", "fosterer_id", "status", "status_since", "proposed_on", "started_on", "ended_on",
    "suspended_until", "close_sub_reason", *UPDATE_FIELDS, "proposed_by_id",
)


# --- queries used by other services (no permission: the caller has checked its own) ------------

def open_match_count(s: Session, fosterer_id: int) -> int:
    """Matches taking up the fosterer's capacity (proposed, introduction, active, suspended)."""
    return s.execute(
        select(func.count()).select_from(Match).where(
            Match.fosterer_id == fosterer_id, Match.status.in_(lifecycle.MATCH_OPEN)
        )
    ).scalar_one()


def previous_incompatibility(s: Session, elder_id: int, fosterer_id: int) -> bool:
    """Whether this pair already had a match closed for incompatibility."""
    return s.execute(
        select(Match.id).where(
            Match.elder_id == elder_id, Match.fosterer_id == fosterer_id,
            Match.status == MatchStatus.CLOSED,
            Match.close_reason == MatchCloseReason.INCOMPATIBILITY.value,
        ).limit(1)
    ).first() is not None


def _open_matches_of_elder(s: Session, elder_id: int, *, exclude: int | None = None) -> list:
    stmt = select(Match.id, Match.fosterer_id).where(
        Match.elder_id == elder_id, Match.status.in_(lifecycle.MATCH_OPEN)
    )
    if exclude is not None:
        stmt = stmt.where(Match.id != exclude)
    return s.execute(stmt).all()


# --- propose / edit / read ----------------------------------------------------------------------

def propose_match(
    s: Session, actor: Actor, elder_id: int, fosterer_id: int,
    data: Mapping[str, Any] | None = None,
) -> int:
    """Propose a pair: the elder must be waiting, the fosterer approved and with room."""
    actor.require(Action.CREATE, Resource.MATCH)
    data = dict(data or {})
    if data.get("proposed_on") in (None, ""):
        data["proposed_on"] = today()
    if data.get("supervision_every_days") in (None, ""):
        data["supervision_every_days"] = get_setting(s, "supervision.every_days")
    values = _to_model(fl.clean(data, MATCH_FIELDS, extra_checks=[_match_checks]))
    # lock the two people (PostgreSQL): two PCs proposing at once cannot overbook a fosterer
    elder = _lock(s, Elder, elder_id, "L'anziano")
    fosterer = _lock(s, Fosterer, fosterer_id, "L'affidatario")
    errors: dict[str, str] = {}
    if elder.status != ElderStatus.WAITING:
        errors["elder_id"] = (
            f"L'anziano non è in attesa di abbinamento (stato attuale: «{elder.status.label}»)."
        )
    if fosterer.status != FostererStatus.APPROVED:
        errors["fosterer_id"] = (
            f"L'affidatario non è idoneo e disponibile (stato attuale: «{fosterer.status.label}»)."
        )
    open_of_elder = _open_matches_of_elder(s, elder_id)
    if any(row.fosterer_id == fosterer_id for row in open_of_elder):
        errors.setdefault(
            "fosterer_id",
            "Esiste già un abbinamento aperto tra questo anziano e questo affidatario.",
        )
    elif open_of_elder:
        errors.setdefault("elder_id", "L'anziano ha già un altro abbinamento aperto.")
    if "fosterer_id" not in errors and _at_capacity(s, fosterer):
        errors["fosterer_id"] = "L'affidatario " + _capacity_text(fosterer)
    if errors:
        raise ValidationError(errors)
    match = Match(
        elder_id=elder_id, fosterer_id=fosterer_id, status=MatchStatus.PROPOSED,
        status_since=values["proposed_on"], proposed_by_id=actor.id, **values,
    )
    s.add(match)
    s.flush()
    s.add(MatchEvent(match_id=match.id, occurred_on=values["proposed_on"], from_status=None,
                     to_status=MatchStatus.PROPOSED.value, author_id=actor.id))
    audit(s, actor.id, AuditAction.CREATE, Match.__tablename__, match.id, elder_id=elder_id,
          fosterer_id=fosterer_id, detail={"status": MatchStatus.PROPOSED.value})
    return match.id


def update_match(
    s: Session, actor: Actor, match_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    """Edit what was agreed (schedule, hours, place, activities, supervision, goals, notes)."""
    actor.require(Action.UPDATE, Resource.MATCH)
    match = get_or_404(s, Match, match_id, NOUN)
    check_version(match, expected_version, NOUN)
    current = as_dict(match, MATCH_FIELDS)
    values = _to_model(fl.clean(data, UPDATE_FIELDS, partial=True,
                                extra_checks=[_match_checks], current=current))
    changed = apply(match, values)
    if not changed:
        return match.version
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, Match.__tablename__, match.id,
          elder_id=match.elder_id, fosterer_id=match.fosterer_id,
          detail=changed_fields(changed))
    return match.version


def get_match(s: Session, actor: Actor, match_id: int) -> dict:
    """A match as a plain dict, with the names of the two people."""
    actor.require(Action.READ, Resource.MATCH)
    match = get_or_404(s, Match, match_id, NOUN)
    elder = s.execute(
        select(Elder.last_name, Elder.first_name, Elder.status).where(Elder.id == match.elder_id)
    ).one()
    fosterer = s.execute(
        select(Fosterer.last_name, Fosterer.first_name, Fosterer.status)
        .where(Fosterer.id == match.fosterer_id)
    ).one()
    out = as_dict(match, _DETAIL_NAMES)
    out.update(
        id=match.id, version=match.version,
        close_reason=MatchCloseReason(match.close_reason) if match.close_reason else None,
        elder_name=_full_name(elder), elder_status=elder.status,
        fosterer_name=_full_name(fosterer), fosterer_status=fosterer.status,
        created_at=match.created_at, updated_at=match.updated_at,
    )
    return out


_ElderName = aliased(Elder, name="e")
_FostererName = aliased(Fosterer, name="f")

_LIST_COLUMNS = (
    Match.id, Match.status, Match.status_since, Match.proposed_on, Match.started_on,
    Match.ended_on, Match.suspended_until, Match.close_reason, Match.supervision_every_days,
    Match.hours_per_week, Match.schedule, Match.version,
    Match.elder_id, _ElderName.last_name.label("elder_last_name"),
    _ElderName.first_name.label("elder_first_name"),
    Match.fosterer_id, _FostererName.last_name.label("fosterer_last_name"),
    _FostererName.first_name.label("fosterer_first_name"),
)


def list_matches(
    s: Session, actor: Actor, *, statuses: tuple = (), elder_id: int | None = None,
    fosterer_id: int | None = None, offset: int = 0, limit: int = 100,
) -> list:
    """One page of matches as rows of plain columns, most recent change first."""
    actor.require(Action.READ, Resource.MATCH)
    stmt = (
        select(*_LIST_COLUMNS)
        .join(_ElderName, _ElderName.id == Match.elder_id)
        .join(_FostererName, _FostererName.id == Match.fosterer_id)
    )
    stmt = _filtered(stmt, statuses, elder_id, fosterer_id)
    stmt = stmt.order_by(Match.status_since.desc(), Match.id.desc())
    return s.execute(stmt.offset(max(0, offset)).limit(max(0, limit))).all()


def count_matches(
    s: Session, actor: Actor, *, statuses: tuple = (), elder_id: int | None = None,
    fosterer_id: int | None = None,
) -> int:
    actor.require(Action.READ, Resource.MATCH)
    stmt = _filtered(select(func.count()).select_from(Match), statuses, elder_id, fosterer_id)
    return s.execute(stmt).scalar_one()


def _filtered(stmt: Select, statuses, elder_id: int | None, fosterer_id: int | None) -> Select:
    if statuses:
        stmt = stmt.where(Match.status.in_([MatchStatus(x) for x in statuses]))
    if elder_id is not None:
        stmt = stmt.where(Match.elder_id == elder_id)
    if fosterer_id is not None:
        stmt = stmt.where(Match.fosterer_id == fosterer_id)
    return stmt


def match_history(s: Session, actor: Actor, match_id: int) -> list[dict]:
    """The status events of a match, oldest first."""
    actor.require(Action.READ, Resource.MATCH)
    get_or_404(s, Match, match_id, NOUN)
    rows = s.execute(
        select(MatchEvent).where(MatchEvent.match_id == match_id)
        .order_by(MatchEvent.occurred_on, MatchEvent.id)
    ).scalars()
    return [
        {
            "occurred_on": e.occurred_on, "recorded_at": e.recorded_at,
            "from_status": MatchStatus(e.from_status) if e.from_status else None,
            "to_status": MatchStatus(e.to_status), "reason": e.reason,
            "sub_reason": e.sub_reason, "until": e.until, "note": e.note,
            "author_id": e.author_id,
        }
        for e in rows
    ]


def _match_checks(rec: dict[str, Any], errors: dict[str, str]) -> None:
    day = rec.get("proposed_on")
    if day and "proposed_on" not in errors and day > today():
        errors["proposed_on"] = "La data della proposta non può essere nel futuro."


def _to_model(values: dict[str, Any]) -> dict[str, Any]:
    """Decimal inputs of float columns become floats."""
    for name in _FLOAT_FIELDS:
        if isinstance(values.get(name), Decimal):
            values[name] = float(values[name])
    return values


def _full_name(row) -> str:
    return " ".join(p for p in (row.last_name, row.first_name) if p)


def _lock(s: Session, model: type, record_id: int, what: str):
    """Load a record locking its row until the end of the transaction (PostgreSQL; SQLite
    serialises writers by itself)."""
    obj = s.get(model, record_id, with_for_update=True) if record_id is not None else None
    return obj if obj is not None else get_or_404(s, model, record_id, what)


def _at_capacity(s: Session, fosterer: Fosterer) -> bool:
    return open_match_count(s, fosterer.id) >= fosterer.capacity


def _capacity_text(fosterer: Fosterer) -> str:
    n = fosterer.capacity
    what = "1 anziano" if n == 1 else f"{n} anziani"
    return f"ha già il numero massimo di abbinamenti aperti ({what} alla volta)."


# --- status -------------------------------------------------------------------------------------

def change_match_status(
    s: Session, actor: Actor, match_id: int, new_status: MatchStatus | str, *,
    on: dt.date | None = None, reason: str | None = None, sub_reason: str | None = None,
    until: dt.date | None = None, note: str | None = None, expected_version: int | None = None,
) -> int:
    """Move a match along its life cycle, with the elder's status following. Returns the version.

    - ``suspended``: ``until`` (planned resume date, after ``on``) and a ``reason`` (free text);
    - ``closed``: ``reason`` a :class:`MatchCloseReason` code, ``sub_reason`` free text;
    - ``active`` from ``closed`` reopens the match (the elder must have no other open match and the
      fosterer must be approved with room).
    """
    actor.require(Action.CHANGE_STATUS, Resource.MATCH)
    try:
        new = MatchStatus(new_status)
    except ValueError:
        raise ValidationError({"status": "Stato non valido."}) from None
    match = _lock(s, Match, match_id, NOUN)  # then the elder, then the fosterer: one lock order
    check_version(match, expected_version, NOUN)
    on = on or today()
    errors = _status_errors(match, new, on, reason, until)
    if errors:
        raise ValidationError(errors)
    texts = _clean_texts(new, reason, sub_reason, note)
    old = match.status
    elder = _lock(s, Elder, match.elder_id, "L'anziano")
    if old == MatchStatus.CLOSED and new == MatchStatus.ACTIVE:
        _check_reopen(s, match, _lock(s, Fosterer, match.fosterer_id, "L'affidatario"))
    elder_change = _elder_consequence(s, match, elder, new, texts["reason"], on)

    match.status = new
    match.status_since = on
    match.suspended_until = until if new == MatchStatus.SUSPENDED else None
    if new == MatchStatus.ACTIVE:
        if match.started_on is None:
            match.started_on = on
        if old == MatchStatus.CLOSED:
            match.ended_on = None
            match.close_reason = None
            match.close_sub_reason = None
    elif new == MatchStatus.CLOSED:
        match.ended_on = on
        match.close_reason = texts["reason"]
        match.close_sub_reason = texts["sub_reason"]
    s.add(MatchEvent(match_id=match.id, occurred_on=on, from_status=old.value,
                     to_status=new.value, reason=texts["reason"],
                     sub_reason=texts["sub_reason"], until=until, note=texts["note"],
                     author_id=actor.id))
    s.flush()
    audit(s, actor.id, AuditAction.STATUS, Match.__tablename__, match.id,
          elder_id=match.elder_id, fosterer_id=match.fosterer_id,
          detail={"from": old.value, "to": new.value})
    if elder_change is not None:
        target, elder_reason = elder_change
        _set_elder_status(s, actor, elder, target, on, reason=elder_reason, match=match)
    return match.version


def _status_errors(match: Match, new: MatchStatus, on: dt.date, reason: str | None,
                   until: dt.date | None) -> dict[str, str]:
    return lifecycle.transition_errors(
        match.status, new, status_since=match.status_since, on=on, today=today(),
        reason=reason, until=until, valid_reasons={r.value for r in MatchCloseReason})


def _clean_texts(new: MatchStatus, reason: str | None, sub_reason: str | None,
                 note: str | None) -> dict[str, str | None]:
    errors: dict[str, str] = {}
    out: dict[str, str | None] = {"reason": None, "sub_reason": None, "note": None}
    if new == MatchStatus.CLOSED:
        out["reason"] = MatchCloseReason(str(reason)).value
    elif reason is not None:
        try:
            out["reason"] = v.clean_text(str(reason), max_length=40)
        except FieldError as exc:
            errors["reason"] = exc.message
    try:
        out["sub_reason"] = v.clean_text(sub_reason, max_length=200)
    except FieldError as exc:
        errors["sub_reason"] = exc.message
    try:
        out["note"] = v.clean_text(note, max_length=5000, multiline=True)
    except FieldError as exc:
        errors["note"] = exc.message
    if errors:
        raise ValidationError(errors)
    return out


def _check_reopen(s: Session, match: Match, fosterer: Fosterer) -> None:
    problem = None
    if _open_matches_of_elder(s, match.elder_id, exclude=match.id):
        problem = "l'anziano ha già un altro abbinamento aperto."
    elif fosterer.status != FostererStatus.APPROVED:
        problem = (
            "l'affidatario non è idoneo e disponibile "
            f"(stato attuale: «{fosterer.status.label}»)."
        )
    elif _at_capacity(s, fosterer):
        problem = "l'affidatario " + _capacity_text(fosterer)
    if problem:
        raise ValidationError({"status": "Non si può riaprire l'abbinamento: " + problem})


def _elder_consequence(
    s: Session, match: Match, elder: Elder, new: MatchStatus, reason: str | None, on: dt.date,
) -> tuple[ElderStatus, ElderCloseReason | None] | None:
    """The elder's status change the match change brings, checked; None when there is none."""
    target: ElderStatus | None = None
    elder_reason: ElderCloseReason | None = None
    if new == MatchStatus.ACTIVE:
        target = ElderStatus.FOSTERED
    elif new == MatchStatus.CLOSED:
        close = MatchCloseReason(reason)
        if close in _ELDER_CLOSING:
            target, elder_reason = ElderStatus.CLOSED, _ELDER_CLOSING[close]
        elif elder.status == ElderStatus.FOSTERED and not _other_active(s, match):
            target = ElderStatus.WAITING
    if target is None or elder.status == target:
        return None
    problem = lifecycle.check_transition(elder.status, target)
    if problem:
        raise ValidationError({"status": "Lo stato dell'anziano non lo consente. " + problem})
    if on < elder.status_since:
        raise ValidationError({
            "on": "La data non può precedere quella dello stato attuale dell'anziano "
                  f"(«{elder.status.label}» dal {elder.status_since:%d/%m/%Y})."
        })
    return target, elder_reason


def _other_active(s: Session, match: Match) -> bool:
    return s.execute(
        select(Match.id).where(Match.elder_id == match.elder_id, Match.id != match.id,
                               Match.status == MatchStatus.ACTIVE).limit(1)
    ).first() is not None


def _set_elder_status(
    s: Session, actor: Actor, elder: Elder, new: ElderStatus, on: dt.date, *,
    reason: ElderCloseReason | None, match: Match,
) -> None:
    """The elder's status as a consequence of a match change (people.change_status semantics,
    the match permission being enough): status, event, audit."""
    old = elder.status
    elder.status = new
    elder.status_since = on
    elder.suspended_until = None
    fields = []
    if new == ElderStatus.CLOSED:
        elder.end_reason = reason.value if reason else None
        if reason == ElderCloseReason.UVG_CARE and not elder.in_uvg_care:
            elder.in_uvg_care = True
            fields.append("in_uvg_care")
    s.add(ElderEvent(
        elder_id=elder.id, occurred_on=on, from_status=old.value, to_status=new.value,
        reason=reason.value if reason else None, author_id=actor.id,
        note=(f"Abbinamento con {_fosterer_name(s, match.fosterer_id)}: "
              f"{match.status.label.lower()}."),
    ))
    s.flush()
    detail: dict[str, Any] = {"from": old.value, "to": new.value, "match_id": match.id}
    if fields:
        detail["fields"] = fields
    audit(s, actor.id, AuditAction.STATUS, Elder.__tablename__, elder.id, elder_id=elder.id,
          detail=detail)


def _fosterer_name(s: Session, fosterer_id: int) -> str:
    row = s.execute(select(Fosterer.last_name, Fosterer.first_name)
                    .where(Fosterer.id == fosterer_id)).one()
    return f"{row.last_name} {row.first_name}"
