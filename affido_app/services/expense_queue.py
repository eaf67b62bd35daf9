"""The reimbursements waiting for the office, across all fosterers.

Entries handed in and waiting for a decision (presentato) and entries approved but not paid yet
(approvato), each with the fosterer's and the elder's names, oldest first: the coordinators'
work list. One query selecting plain columns, paged; a count for "N more not shown".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from affido_app.db.models import Elder, ExpenseClaim, Fosterer, Match
from affido_app.domain.enums import ExpenseStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.services.context import Actor
from affido_app.services.expenses import km_amount

#: what the office still has to do something about
QUEUE_STATUSES = (ExpenseStatus.SUBMITTED, ExpenseStatus.APPROVED)

_COLUMNS = (
    ExpenseClaim.id, ExpenseClaim.version, ExpenseClaim.fosterer_id, ExpenseClaim.match_id,
    ExpenseClaim.date, ExpenseClaim.km, ExpenseClaim.km_rate, ExpenseClaim.costs,
    ExpenseClaim.description, ExpenseClaim.status, ExpenseClaim.decision_note,
    Fosterer.last_name.label("fosterer_last_name"),
    Fosterer.first_name.label("fosterer_first_name"),
    Elder.last_name.label("elder_last_name"), Elder.first_name.label("elder_first_name"),
)


def pending_expenses(
    s: Session, actor: Actor, *, statuses: Iterable[ExpenseStatus | str] = QUEUE_STATUSES,
    year: int | None = None, month: int | None = None, offset: int = 0, limit: int = 200,
) -> list[dict[str, Any]]:
    """One page of entries in ``statuses`` (of a year, or of a month of a year), oldest first,
    with ``fosterer_name``, ``elder_name`` (None when the entry names no pair), ``km_amount``
    and ``total``."""
    actor.require(Action.READ, Resource.EXPENSE)
    stmt = (
        select(*_COLUMNS)
        .join(Fosterer, Fosterer.id == ExpenseClaim.fosterer_id)
        .outerjoin(Match, Match.id == ExpenseClaim.match_id)
        .outerjoin(Elder, Elder.id == Match.elder_id)
    )
    stmt = _filtered(stmt, statuses, year, month)
    stmt = stmt.order_by(ExpenseClaim.date, ExpenseClaim.id)
    rows = s.execute(stmt.offset(max(0, offset)).limit(max(0, limit)))
    return [_row(row._asdict()) for row in rows]


def count_pending(
    s: Session, actor: Actor, *, statuses: Iterable[ExpenseStatus | str] = QUEUE_STATUSES,
    year: int | None = None, month: int | None = None,
) -> int:
    """How many entries :func:`pending_expenses` would list without paging."""
    actor.require(Action.READ, Resource.EXPENSE)
    stmt = _filtered(select(func.count()).select_from(ExpenseClaim), statuses, year, month)
    return s.execute(stmt).scalar_one()


def _filtered(stmt: Select, statuses, year: int | None, month: int | None) -> Select:
    wanted = [ExpenseStatus(x) for x in statuses]
    stmt = stmt.where(ExpenseClaim.status.in_(wanted))
    if month is not None and year is None:
        raise ValidationError({"year": "Indicare l'anno del mese richiesto."})
    if year is not None:
        first, after = _period(year, month)
        stmt = stmt.where(ExpenseClaim.date >= first, ExpenseClaim.date < after)
    return stmt


def _period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        first = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"month": "Periodo non valido."}) from None
    return first, dt.date(year + (month == 12), month % 12 + 1, 1)


def _name(last: str | None, first: str | None) -> str | None:
    parts = [p for p in (last, first) if p]
    return " ".join(parts) or None


def _dec(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


def _row(row: dict[str, Any]) -> dict[str, Any]:
    km, rate, costs = _dec(row["km"]), _dec(row["km_rate"]), _dec(row["costs"])
    amount = km_amount(km, rate)
    row.update(
        km=km, km_rate=rate, costs=costs, km_amount=amount, total=amount + costs,
        fosterer_name=_name(row.pop("fosterer_last_name"), row.pop("fosterer_first_name")),
        elder_name=_name(row.pop("elder_last_name"), row.pop("elder_first_name")),
    )
    return row
