"""Foster agreement to sign (*patto di affido*): the three parties, what was agreed for the pair
and the commitments of each.

The days and times are those agreed for the pair or, when none were recorded, the times the elder
wants that the fosterer has free (printed as indicative); the activities likewise come from the
pair or from the elder's needs that the fosterer offers. The supervision frequency is the pair's
(set from the settings when the pair was proposed), the mileage rate the one in force
(:func:`expenses.current_km_rate`). No health or confidential data is gathered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from affido_app.domain.enums import MatchStatus, Need, Role
from affido_app.domain.permissions import Action, Resource, can
from affido_app.services import people, staff
from affido_app.services.common import today
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename
from affido_app.services.expenses import current_km_rate
from affido_app.services.pair import pair_overview
from affido_app.services.settings import get_setting

_PERSON_KEYS = ("last_name", "first_name", "sex", "birth_date", "birthplace", "codice_fiscale",
                "address", "postal_code", "comune")


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"elder", "fosterer" (identity and address), "co_fosterers", "coordinator",
    "status", "proposed_on", "started_on", "schedule" (grid mask), "schedule_agreed",
    "hours_per_week", "meeting_place", "activities" (Need), "activities_agreed", "goals",
    "every_days", "km_rate", "review_date", "today", "elder_id", "fosterer_id", "subject",
    "filename"}``."""
    day = today()
    overview = pair_overview(s, actor, request.record_id, with_texts=False, on=day)
    match = overview["match"]
    elder = people.get_elder(s, actor, match["elder_id"])
    fosterer = people.get_fosterer(s, actor, match["fosterer_id"])
    household = people.list_household(s, actor, match["fosterer_id"])

    schedule = int(match.get("schedule") or 0)
    schedule_agreed = schedule != 0
    if not schedule_agreed:
        schedule = int(elder.get("availability") or 0) & int(fosterer.get("availability") or 0)
    activities = Need(int(match.get("activities") or 0))
    activities_agreed = bool(activities)
    if not activities_agreed:
        needs = Need(int(elder.get("needs") or 0))
        activities = needs & Need(int(fosterer.get("skills") or 0)) or needs

    every = int(match.get("supervision_every_days")
                or get_setting(s, "supervision.every_days"))
    sup = overview.get("supervision") or {}
    review = sup.get("due_date")
    if review is None and match.get("started_on"):
        review = max(match["started_on"], day) + dt.timedelta(days=every)
    elder_name = _full_name(elder)
    fosterer_name = _full_name(fosterer)
    return {
        "elder": {k: elder.get(k) for k in _PERSON_KEYS},
        "fosterer": {k: fosterer.get(k) for k in _PERSON_KEYS},
        "co_fosterers": [{"name": m.get("name"), "relation": m.get("relation")}
                         for m in household if m.get("co_fosterer")],
        "coordinator": _coordinator(s, actor, match.get("proposed_by_id")),
        "status": MatchStatus(match["status"]),
        "proposed_on": match.get("proposed_on"),
        "started_on": match.get("started_on"),
        "schedule": schedule,
        "schedule_agreed": schedule_agreed,
        "hours_per_week": match.get("hours_per_week"),
        "meeting_place": match.get("meeting_place"),
        "activities": activities,
        "activities_agreed": activities_agreed,
        "goals": match.get("goals"),
        "every_days": every,
        "km_rate": current_km_rate(s),
        "review_date": review,
        "today": day,
        "elder_id": match["elder_id"],
        "fosterer_id": match["fosterer_id"],
        "subject": f"{elder_name} – {fosterer_name}",
        "filename": filename("patto di affido", elder.get("last_name"),
                             fosterer.get("last_name")),
    }


def _coordinator(s: Session, actor: Actor, proposed_by: int | None) -> str | None:
    """The project coordinator who signs for the consortium: who proposed the pair when that is
    an active coordinator, else the first active coordinator; None (a blank line) when there is
    none or the actor may not list the staff."""
    if not can(actor.role, Action.READ, Resource.STAFF):
        return None
    coordinators = staff.list_staff(s, actor, active_only=True, role=Role.COORDINATOR)
    for user in coordinators:
        if user["id"] == proposed_by:
            return user.get("full_name")
    return coordinators[0].get("full_name") if coordinators else None


def _full_name(person: dict[str, Any]) -> str:
    return " ".join(p for p in (person.get("last_name"), person.get("first_name")) if p)
