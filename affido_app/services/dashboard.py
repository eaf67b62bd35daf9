"""The first screen's figures (Cruscotto): a handful of grouped queries, no per-row work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from affido_app.db.models import Elder, Fosterer
from affido_app.domain.enums import ElderStatus, FostererStatus, PersonKind
from affido_app.domain.permissions import Action, Resource
from affido_app.services.common import today
from affido_app.services.context import Actor

SELECTION_STAGES = (FostererStatus.APPLICATION, FostererStatus.SELECTION,
                    FostererStatus.TRAINING)


def status_counts(s: Session, actor: Actor, kind: PersonKind) -> dict:
    """Every status of the life cycle (zero included) → how many people are in it."""
    model, enum, resource = _kind(kind)
    actor.require(Action.READ, resource)
    counts = dict(s.execute(select(model.status, func.count()).group_by(model.status)).all())
    return {status: counts.get(status, 0) for status in enum}


def longest_waiting(s: Session, actor: Actor, *, limit: int = 10,
                    on: dt.date | None = None) -> list[dict]:
    """Elders waiting for a match, longest wait first."""
    actor.require(Action.READ, Resource.ELDER)
    on = on or today()
    rows = s.execute(
        select(Elder.id, Elder.last_name, Elder.first_name, Elder.comune, Elder.status_since)
        .where(Elder.status == ElderStatus.WAITING)
        .order_by(Elder.status_since, Elder.id).limit(limit)
    ).all()
    return [{"id": r.id, "name": f"{r.last_name} {r.first_name}", "comune": r.comune,
             "since": r.status_since, "days": (on - r.status_since).days} for r in rows]


def fosterers_in_selection(s: Session, actor: Actor, *, limit: int = 10,
                           on: dt.date | None = None) -> list[dict]:
    """Candidates still in application, selection or training, longest in their stage first."""
    actor.require(Action.READ, Resource.FOSTERER)
    on = on or today()
    rows = s.execute(
        select(Fosterer.id, Fosterer.last_name, Fosterer.first_name, Fosterer.comune,
               Fosterer.status, Fosterer.status_since)
        .where(Fosterer.status.in_(SELECTION_STAGES))
        .order_by(Fosterer.status_since, Fosterer.id).limit(limit)
    ).all()
    return [{"id": r.id, "name": f"{r.last_name} {r.first_name}", "comune": r.comune,
             "status": r.status, "since": r.status_since, "days": (on - r.status_since).days}
            for r in rows]


def _kind(kind: PersonKind):
    if PersonKind(kind) == PersonKind.ELDER:
        return Elder, ElderStatus, Resource.ELDER
    return Fosterer, FostererStatus, Resource.FOSTERER
