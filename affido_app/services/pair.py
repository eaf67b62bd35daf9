"""The life of one pair at a glance: the match, its history, its supervision and its expenses.

:func:`pair_overview` gathers what the pair's page shows in a constant number of queries,
whatever the length of the pair's life. The confidential texts of the supervision notes follow
supervision's rule (psychologists, the leader of the meeting and the staff who took part, see
:func:`~affido_app.domain.permissions.can_read_confidential_notes`): they are included only for
those, and every note whose texts are returned leaves a READ row in the audit trail, as
:func:`~affido_app.services.supervision.get_supervision` does. Levels, risk flags and dates are
visible to every role that may read supervision. The caller commits when texts were read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import (
    ExpenseClaim,
    StaffUser,
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
)
from affido_app.domain.enums import AuditAction, ExpenseStatus, MatchStatus
from affido_app.domain.permissions import Action, Resource, can, can_read_confidential_notes
from affido_app.services import matches
from affido_app.services import supervision as sv
from affido_app.services.audit import audit
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.expenses import km_amount

#: the texts of a pair note only its readers see (supervision's own list)
NOTE_TEXTS = sv.NOTE_CONFIDENTIAL
#: statuses whose pairs are expected to be supervised on time
DUE_STATUSES = frozenset({MatchStatus.ACTIVE})

_NOTE_COLUMNS = (
    SupervisionNote.id, SupervisionNote.version, SupervisionNote.session_id,
    SupervisionNote.elder_wellbeing, SupervisionNote.fosterer_wellbeing,
    SupervisionNote.risk_flag, SupervisionNote.risk_closed_at, SupervisionNote.next_date,
    *(getattr(SupervisionNote, name) for name in NOTE_TEXTS),
    SupervisionSession.held_at, SupervisionSession.kind, SupervisionSession.led_by_id,
    StaffUser.full_name.label("led_by_name"),
)

_EXPENSE_COLUMNS = (
    ExpenseClaim.id, ExpenseClaim.version, ExpenseClaim.date, ExpenseClaim.km,
    ExpenseClaim.km_rate, ExpenseClaim.costs, ExpenseClaim.description, ExpenseClaim.status,
)


def pair_overview(s: Session, actor: Actor, match_id: int, *, with_texts: bool = True,
                  on: dt.date | None = None) -> dict[str, Any]:
    """Everything the pair's page shows, as plain data.

    Keys: ``match`` (:func:`matches.get_match`); ``history`` (:func:`matches.match_history`,
    oldest first, each event with ``author_name``); ``supervision`` (None when the actor may not
    read supervision, else the notes newest first — session date, leader, wellbeing levels, risk
    flag, open risk, next date, ``confidential_visible`` and the texts when visible —,
    ``last_supervised``, ``every_days``, ``due_date``, ``days_overdue``, ``overdue``);
    ``expenses`` (None when the actor may not read expenses, else ``entries`` oldest first with
    ``km_amount`` and ``total``, and ``totals`` of the entries not rejected: ``km``,
    ``km_amount``, ``costs``, ``total``, ``count``, ``paid``).

    ``with_texts=False`` leaves every confidential text out (nothing is audited): a refresh of
    the dates and levels. ``on``: the day the due date is counted from (today).
    """
    day = on or today()
    match = matches.get_match(s, actor, match_id)
    history = matches.match_history(s, actor, match_id)
    authors = _staff_names(s, {h["author_id"] for h in history if h["author_id"]}
                           | {match.get("proposed_by_id")})
    for event in history:
        event["author_name"] = authors.get(event["author_id"], "")
    match["proposed_by_name"] = authors.get(match.get("proposed_by_id"), "")
    out: dict[str, Any] = {"match": match, "history": history}
    out["supervision"] = (_supervision(s, actor, match, day, with_texts)
                          if can(actor.role, Action.READ, Resource.SUPERVISION) else None)
    out["expenses"] = (_expenses(s, match_id)
                       if can(actor.role, Action.READ, Resource.EXPENSE) else None)
    return out


# --- supervision --------------------------------------------------------------------------------

def _supervision(s: Session, actor: Actor, match: dict, day: dt.date,
                 with_texts: bool) -> dict[str, Any]:
    rows = s.execute(
        select(*_NOTE_COLUMNS)
        .join(SupervisionSession, SupervisionSession.id == SupervisionNote.session_id)
        .join(StaffUser, StaffUser.id == SupervisionSession.led_by_id, isouter=True)
        .where(SupervisionNote.match_id == match["id"])
        .order_by(SupervisionSession.held_at.desc(), SupervisionNote.id.desc())
    ).all()
    staff_by_session: dict[int, list[int]] = {}
    if rows:
        for session_id, staff_id in s.execute(
            select(SupervisionParticipant.session_id, SupervisionParticipant.staff_id)
            .where(SupervisionParticipant.session_id.in_({r.session_id for r in rows}),
                   SupervisionParticipant.staff_id.is_not(None))
        ):
            staff_by_session.setdefault(session_id, []).append(staff_id)
    notes = []
    read_ids = []
    for r in rows:
        visible = can_read_confidential_notes(
            actor.role, actor.id, [r.led_by_id, *staff_by_session.get(r.session_id, ())])
        note = {
            "id": r.id, "version": r.version, "session_id": r.session_id,
            "held_at": r.held_at, "session_date": _local_date(r.held_at),
            "kind": r.kind, "led_by_id": r.led_by_id, "led_by_name": r.led_by_name or "",
            "elder_wellbeing": r.elder_wellbeing, "fosterer_wellbeing": r.fosterer_wellbeing,
            "risk_flag": bool(r.risk_flag),
            "risk_open": bool(r.risk_flag) and r.risk_closed_at is None,
            "risk_closed_at": r.risk_closed_at,
            "next_date": r.next_date, "confidential_visible": visible,
        }
        if visible and with_texts:
            note.update({name: getattr(r, name) for name in NOTE_TEXTS})
            if any(getattr(r, name) for name in NOTE_TEXTS):
                read_ids.append(r.id)
        notes.append(note)
    for note_id in read_ids:  # "who consulted this person": one row per note read
        audit(s, actor.id, AuditAction.READ, SupervisionNote.__tablename__, note_id,
              elder_id=match["elder_id"], fosterer_id=match["fosterer_id"],
              detail={"fields": "confidential"})
    last = notes[0]["session_date"] if notes else None
    every = match.get("supervision_every_days") or 0
    due, overdue = (None, 0)
    if match["status"] in DUE_STATUSES and every > 0:
        due, overdue = sv.supervision_due(last, match.get("started_on")
                                          or match.get("status_since"), every, day)
    return {"notes": notes, "last_supervised": last, "every_days": every or None,
            "due_date": due, "days_overdue": overdue if due is not None else 0,
            "overdue": due is not None and overdue > 0,
            "open_risks": sum(1 for n in notes if n["risk_open"])}


# --- expenses -----------------------------------------------------------------------------------

def _expenses(s: Session, match_id: int) -> dict[str, Any]:
    entries = []
    totals = {"km": Decimal("0.0"), "km_amount": Decimal("0.00"), "costs": Decimal("0.00"),
              "total": Decimal("0.00"), "count": 0, "paid": Decimal("0.00")}
    for r in s.execute(select(*_EXPENSE_COLUMNS).where(ExpenseClaim.match_id == match_id)
                       .order_by(ExpenseClaim.date, ExpenseClaim.id)):
        km, rate, costs = _dec(r.km), _dec(r.km_rate), _dec(r.costs)
        amount = km_amount(km, rate)
        entry = {"id": r.id, "version": r.version, "date": r.date, "km": km, "km_rate": rate,
                 "costs": costs, "km_amount": amount, "total": amount + costs,
                 "description": r.description, "status": r.status}
        entries.append(entry)
        if r.status == ExpenseStatus.REJECTED:
            continue
        totals["km"] += km
        totals["km_amount"] += amount
        totals["costs"] += costs
        totals["total"] += entry["total"]
        totals["count"] += 1
        if r.status == ExpenseStatus.PAID:
            totals["paid"] += entry["total"]
    return {"entries": entries, "totals": totals}


# --- helpers ------------------------------------------------------------------------------------

def _staff_names(s: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(s.execute(select(StaffUser.id, StaffUser.full_name)
                          .where(StaffUser.id.in_(wanted))).all())


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def _dec(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)

