"""Elder summary (*scheda anziano*): the record of one elder with the people around them, needs,
preferred times, consents, interviews, pairs and the history of the status.

Health and fragility fields are gathered only for actors who may read them (and reading them is
audited by :func:`people.get_elder`); interviews come without their confidential texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import StaffUser
from affido_app.domain.enums import (
    ElderCloseReason,
    ElderStatus,
    MatchCloseReason,
    PersonKind,
)
from affido_app.domain.permissions import Action, Resource, can
from affido_app.domain.validators import age_on
from affido_app.services import consents as consent_service
from affido_app.services import interviews as interview_service
from affido_app.services import matches as match_service
from affido_app.services import people
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename

#: the most pairs a summary lists (a person has a handful in practice)
MAX_PAIRS = 500


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"elder_id", "person", "age", "referred_by", "sensitive_visible", "contacts",
    "consents", "interviews", "pairs", "history", "today", "subject", "filename"}``.

    ``consents``, ``interviews`` and ``pairs`` are None when the actor may not read them."""
    elder_id = request.record_id
    sensitive = can(actor.role, Action.READ_SENSITIVE, Resource.ELDER)
    person = people.get_elder(s, actor, elder_id, sensitive=sensitive)  # checks READ
    events = people.history(s, actor, PersonKind.ELDER, elder_id)
    contacts = people.list_elder_contacts(s, actor, elder_id)
    day = today()
    names = staff_names(s, [person.get("referred_by_id"),
                            *(e["author_id"] for e in events)])
    return {
        "elder_id": elder_id,
        "person": person,
        "age": age_on(person["birth_date"], day) if person.get("birth_date") else None,
        "referred_by": names.get(person.get("referred_by_id")),
        "sensitive_visible": sensitive,
        "contacts": sorted(contacts, key=lambda c: (not c.get("is_primary"), c["id"])),
        "consents": person_consents(s, actor, elder_id=elder_id),
        "interviews": person_interviews(s, actor, elder_id=elder_id),
        "pairs": person_pairs(s, actor, elder_id=elder_id),
        "history": history_rows(events, names, ElderStatus, ElderCloseReason),
        "today": day,
        "subject": full_name(person),
        "filename": filename("scheda anziano", person.get("last_name"),
                             person.get("first_name")),
    }


# --- shared with the fosterer dossier and the interview record ----------------------------------

def full_name(person: dict[str, Any]) -> str:
    """"Cognome Nome"."""
    return " ".join(p for p in (person.get("last_name"), person.get("first_name")) if p)


def staff_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Staff id → full name, for the ids given (authors of events, interviewers…)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(s.execute(
        select(StaffUser.id, StaffUser.full_name).where(StaffUser.id.in_(wanted))
    ).all())


def reason_text(reason: str | None, *enums: type) -> str | None:
    """A reason code as its Italian label (closing reasons); free text (suspensions) as is."""
    if not reason:
        return None
    for enum in enums:
        try:
            return enum(reason).label
        except ValueError:
            continue
    return reason


def history_rows(events: list[dict], names: dict[int, str], status_enum: type,
                 *reason_enums: type) -> list[dict]:
    """Status events, oldest first, with labels and the author's name."""
    return [
        {
            "occurred_on": e["occurred_on"],
            "from_status": e["from_status"],
            "to_status": e["to_status"],
            "reason": reason_text(e.get("reason"), *reason_enums),
            "sub_reason": e.get("sub_reason"),
            "until": e.get("until"),
            "note": e.get("note"),
            "author": names.get(e.get("author_id")),
        }
        for e in events
    ]


def person_interviews(s: Session, actor: Actor, **person: int) -> list[dict] | None:
    """Interviews of a person, oldest first, metadata only (never the confidential texts);
    None when the actor may not read interviews."""
    if not can(actor.role, Action.READ, Resource.INTERVIEW):
        return None
    rows = interview_service.list_interviews(s, actor, **person)
    return [
        {
            "held_at": r["held_at"], "kind": r["kind"], "place": r.get("place"),
            "outcome": r["outcome"], "next_date": r.get("next_date"),
            "interviewers": [
                {"name": i["full_name"], "role": i["role"], "signed_off_at": i["signed_off_at"]}
                for i in r["interviewers"]
            ],
        }
        for r in reversed(rows)
    ]


def person_pairs(s: Session, actor: Actor, *, elder_id: int | None = None,
                 fosterer_id: int | None = None) -> list[dict] | None:
    """The pairs of a person, oldest first: the other person, dates, status, end reason; None
    when the actor may not read pairs."""
    if not can(actor.role, Action.READ, Resource.MATCH):
        return None
    rows = match_service.list_matches(s, actor, elder_id=elder_id, fosterer_id=fosterer_id,
                                      limit=MAX_PAIRS)
    out = []
    for r in rows:
        sub_reason = None
        if r.close_reason:
            sub_reason = match_service.get_match(s, actor, r.id).get("close_sub_reason")
        out.append({
            "elder": f"{r.elder_last_name} {r.elder_first_name}",
            "fosterer": f"{r.fosterer_last_name} {r.fosterer_first_name}",
            "status": r.status,
            "status_since": r.status_since,
            "proposed_on": r.proposed_on,
            "started_on": r.started_on,
            "ended_on": r.ended_on,
            "suspended_until": r.suspended_until,
            "hours_per_week": r.hours_per_week,
            "close_reason": reason_text(r.close_reason, MatchCloseReason),
            "close_sub_reason": sub_reason,
        })
    out.sort(key=lambda p: (p["proposed_on"] or dt.date.min, p["started_on"] or dt.date.min))
    return out


def person_consents(s: Session, actor: Actor, **person: int) -> list[dict] | None:
    """A person's consents, most recent first; None when the actor may not read them."""
    if not can(actor.role, Action.READ, Resource.CONSENT):
        return None
    return consent_service.list_consents(s, actor, **person)

