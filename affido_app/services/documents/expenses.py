"""Reimbursement statement (*prospetto dei rimborsi*): one fosterer's expense claims in a period.

The entries come from :func:`affido_app.services.expenses.list_expenses` (amounts rounded per
entry, as the office computes them), the elder of each pair from one narrow query, the €/km rate
in force from the settings. Only approved and paid entries count towards the sum to reimburse.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.models import Elder, Fosterer, Match
from affido_app.domain.enums import ExpenseStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.reports.format import month_year, period
from affido_app.services import expenses
from affido_app.services.common import get_or_404
from affido_app.services.context import Actor
from affido_app.services.documents import DocumentRequest, filename

#: entries that count towards the sum to reimburse
TO_REIMBURSE = (ExpenseStatus.APPROVED, ExpenseStatus.PAID)
#: entries still to be checked by the office
WAITING = (ExpenseStatus.DRAFT, ExpenseStatus.SUBMITTED)
#: order of the statuses in the summary
STATUS_ORDER = (ExpenseStatus.PAID, ExpenseStatus.APPROVED, ExpenseStatus.SUBMITTED,
                ExpenseStatus.DRAFT, ExpenseStatus.REJECTED)

ZERO = Decimal("0.00")


def collect(s: Session, actor: Actor, request: DocumentRequest) -> dict[str, Any]:
    """``{"fosterer": {...}, "date_from", "date_to", "km_rate", "rates", "rows": [...],
    "totals", "by_status", "to_reimburse", "paid", "to_pay", "waiting", "fosterer_id",
    "subject",
    "filename"}``. Amounts are :class:`~decimal.Decimal`."""
    actor.require(Action.READ, Resource.FOSTERER)
    actor.require(Action.READ, Resource.EXPENSE)
    start, end = request.date_from, request.date_to
    if start is None or end is None:
        raise ValidationError({"date_from": "Indicare l'inizio e la fine del periodo."})
    fosterer = get_or_404(s, Fosterer, request.record_id, "L'affidatario")

    claims: list[dict] = []
    for year in range(start.year, end.year + 1):
        claims += [c for c in expenses.list_expenses(s, actor, fosterer.id, year=year)
                   if start <= c["date"] <= end]

    elders = _elders_of(s, actor, {c["match_id"] for c in claims if c["match_id"]})
    rows = [{
        "date": c["date"],
        "pair": elders.get(c["match_id"]),
        "description": c["description"],
        "km": c["km"],
        "km_rate": c["km_rate"],
        "km_amount": c["km_amount"],
        "costs": c["costs"],
        "total": c["total"],
        "status": ExpenseStatus(c["status"]),
    } for c in claims]

    by_status = {st: _sum([r for r in rows if r["status"] == st]) for st in STATUS_ORDER}
    name = _name(fosterer.last_name, fosterer.first_name)
    return {
        "fosterer": {
            "name": name,
            "codice_fiscale": fosterer.codice_fiscale,
            "address": _address(fosterer),
        },
        "date_from": start,
        "date_to": end,
        "km_rate": expenses.current_km_rate(s),
        "rates": sorted({r["km_rate"] for r in rows if r["km"]}),
        "rows": rows,
        "totals": _sum(rows),
        "by_status": {st: v for st, v in by_status.items() if v["count"]},
        "to_reimburse": _sum([r for r in rows if r["status"] in TO_REIMBURSE]),
        "paid": _sum([r for r in rows if r["status"] == ExpenseStatus.PAID]),
        "to_pay": _sum([r for r in rows if r["status"] == ExpenseStatus.APPROVED]),
        "waiting": _sum([r for r in rows if r["status"] in WAITING]),
        "fosterer_id": fosterer.id,
        "subject": f"{name} · {_period_words(start, end)}",
        "filename": filename("prospetto rimborsi", name, start.isoformat(), end.isoformat()),
    }


def _elders_of(s: Session, actor: Actor, match_ids: set[int]) -> dict[int, str]:
    """Match id → the elder's name (the pair the entry is for)."""
    if not match_ids:
        return {}
    actor.require(Action.READ, Resource.MATCH)
    actor.require(Action.READ, Resource.ELDER)
    rows = s.execute(
        select(Match.id, Elder.last_name, Elder.first_name)
        .join(Elder, Elder.id == Match.elder_id).where(Match.id.in_(sorted(match_ids)))
    ).all()
    return {r.id: _name(r.last_name, r.first_name) for r in rows}


def _sum(rows: list[dict]) -> dict[str, Any]:
    return {
        "count": len(rows),
        "km": sum((r["km"] for r in rows), Decimal("0.0")),
        "km_amount": sum((r["km_amount"] for r in rows), ZERO),
        "costs": sum((r["costs"] for r in rows), ZERO),
        "total": sum((r["total"] for r in rows), ZERO),
    }


def _name(last: str | None, first: str | None) -> str:
    return " ".join(p for p in (last, first) if p) or "—"


def _address(f: Fosterer) -> str | None:
    town = " ".join(p for p in (f.postal_code, f.comune) if p)
    return ", ".join(p for p in (f.address, town) if p) or None


def _period_words(start: dt.date, end: dt.date) -> str:
    last_day = (end + dt.timedelta(days=1)).day == 1
    if start.day == 1 and last_day and (start.year, start.month) == (end.year, end.month):
        return month_year(start.year, start.month)
    return period(start, end)
