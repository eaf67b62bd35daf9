"""Reimbursement of fosterers' expenses (rimborso spese): entries, their approval, totals.

An entry is a day's kilometres and costs of one fosterer, optionally for one of their matches.
The €/km rate in force is copied into the entry when it is made, so later changes of the setting
do not alter past claims. Life of an entry: bozza → presentato → approvato / respinto;
approvato → liquidato. Amounts are :class:`~decimal.Decimal`, rounded half up to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from affido_app.db.base import utcnow
from affido_app.db.models import ExpenseClaim, Fosterer, Match
from affido_app.domain import validators as v
from affido_app.domain.enums import AuditAction, ExpenseStatus
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import FieldError, ValidationError
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import apply, as_dict, check_version, get_or_404, today
from affido_app.services.context import Actor
from affido_app.services.settings import get_setting

K = fl.Kind
Fd = fl.Field

NOUN = "Il rimborso"
CENT = Decimal("0.01")
ZERO_KM = Decimal("0.0")
ZERO = Decimal("0.00")

EXPENSE_FIELDS = fl.specs(
    Fd("date", "Data", K.DATE, required=True),
    Fd("km", "Chilometri percorsi", K.DECIMAL, min_value=0, max_value=2000),
    Fd("costs", "Spese sostenute (€)", K.DECIMAL, min_value=0, max_value=10000),
    Fd("description", "Descrizione", K.TEXT, max_length=300),
    Fd("match_id", "Abbinamento", K.REF),
)

#: statuses in which an entry may still be edited or deleted
EDITABLE = frozenset({ExpenseStatus.DRAFT, ExpenseStatus.SUBMITTED})

_OUT = ("fosterer_id", "match_id", "date", "km", "km_rate", "costs", "description", "status",
        "decided_by_id", "decided_at", "decision_note")


def km_amount(km: Decimal, km_rate: Decimal) -> Decimal:
    """The reimbursement for the kilometres, rounded half up to the cent."""
    return (Decimal(km) * Decimal(km_rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def current_km_rate(s: Session) -> Decimal:
    """The €/km rate of the settings."""
    try:
        rate = v.parse_decimal(str(get_setting(s, "expenses.km_rate")), min_value=0, places=3)
    except FieldError:
        rate = None
    if rate is None:
        raise ValidationError({
            "km_rate": "Il rimborso chilometrico nelle impostazioni non è valido: correggerlo."
        })
    return rate


# --- entries ------------------------------------------------------------------------------------

def add_expense(s: Session, actor: Actor, fosterer_id: int, data: Mapping[str, Any]) -> int:
    """A new entry (draft) for the fosterer; returns its id."""
    actor.require(Action.CREATE, Resource.EXPENSE)
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    values = _clean(s, fosterer_id, data, partial=False)
    claim = ExpenseClaim(fosterer_id=fosterer_id, km_rate=current_km_rate(s),
                         status=ExpenseStatus.DRAFT, **values)
    s.add(claim)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, ExpenseClaim.__tablename__, claim.id,
          fosterer_id=fosterer_id, detail={"status": ExpenseStatus.DRAFT.value})
    return claim.id


def update_expense(
    s: Session, actor: Actor, expense_id: int, data: Mapping[str, Any], *, expected_version: int
) -> int:
    """Edit an entry still in draft or submitted; returns the new version."""
    actor.require(Action.UPDATE, Resource.EXPENSE)
    claim = get_or_404(s, ExpenseClaim, expense_id, NOUN)
    check_version(claim, expected_version, NOUN)
    _require_editable(claim, "modificare")
    values = _clean(s, claim.fosterer_id, data, partial=True,
                    current=as_dict(claim, EXPENSE_FIELDS))
    changed = apply(claim, values)
    if not changed:
        return claim.version
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, ExpenseClaim.__tablename__, claim.id,
          fosterer_id=claim.fosterer_id, detail=changed_fields(changed))
    return claim.version


def delete_expense(
    s: Session, actor: Actor, expense_id: int, *, expected_version: int | None = None
) -> None:
    """Remove an entry still in draft or submitted."""
    actor.require(Action.DELETE, Resource.EXPENSE)
    claim = get_or_404(s, ExpenseClaim, expense_id, NOUN)
    check_version(claim, expected_version, NOUN)
    _require_editable(claim, "eliminare")
    fosterer_id, status = claim.fosterer_id, claim.status
    s.delete(claim)
    s.flush()
    audit(s, actor.id, AuditAction.DELETE, ExpenseClaim.__tablename__, expense_id,
          fosterer_id=fosterer_id, detail={"status": status.value})


def get_expense(s: Session, actor: Actor, expense_id: int) -> dict:
    actor.require(Action.READ, Resource.EXPENSE)
    claim = get_or_404(s, ExpenseClaim, expense_id, NOUN)
    return _row_dict({"id": claim.id, "version": claim.version, **as_dict(claim, _OUT)})


# --- status -------------------------------------------------------------------------------------

def submit_expense(
    s: Session, actor: Actor, expense_id: int, *, expected_version: int | None = None
) -> int:
    """Hand a draft in for approval (whoever may enter expenses may submit them)."""
    actor.require(Action.UPDATE, Resource.EXPENSE)
    return _move(s, actor, expense_id, ExpenseStatus.SUBMITTED, expected_version)


def decide_expense(
    s: Session, actor: Actor, expense_id: int, approve: bool, note: str | None = None, *,
    expected_version: int | None = None,
) -> int:
    """Approve or reject a submitted entry; a rejection needs a note."""
    actor.require(Action.APPROVE, Resource.EXPENSE)
    try:
        note = v.clean_text(note, max_length=2000, multiline=True)
    except FieldError as exc:
        raise ValidationError({"note": exc.message}) from None
    if not approve and not note:
        raise ValidationError({"note": "Indicare il motivo per cui il rimborso è respinto."})
    target = ExpenseStatus.APPROVED if approve else ExpenseStatus.REJECTED
    return _move(s, actor, expense_id, target, expected_version, note=note, decided=True)


def mark_paid(
    s: Session, actor: Actor, expense_id: int, *, expected_version: int | None = None
) -> int:
    """Record that an approved entry has been paid."""
    actor.require(Action.CHANGE_STATUS, Resource.EXPENSE)
    return _move(s, actor, expense_id, ExpenseStatus.PAID, expected_version)


#: from which status each status can be reached
_FROM = {
    ExpenseStatus.SUBMITTED: ExpenseStatus.DRAFT,
    ExpenseStatus.APPROVED: ExpenseStatus.SUBMITTED,
    ExpenseStatus.REJECTED: ExpenseStatus.SUBMITTED,
    ExpenseStatus.PAID: ExpenseStatus.APPROVED,
}
_MOVE_WORDS = {
    ExpenseStatus.SUBMITTED: "presentare solo un rimborso in bozza",
    ExpenseStatus.APPROVED: "approvare solo un rimborso presentato",
    ExpenseStatus.REJECTED: "respingere solo un rimborso presentato",
    ExpenseStatus.PAID: "liquidare solo un rimborso approvato",
}


def _move(s: Session, actor: Actor, expense_id: int, new: ExpenseStatus,
          expected_version: int | None, *, note: str | None = None,
          decided: bool = False) -> int:
    claim = get_or_404(s, ExpenseClaim, expense_id, NOUN)
    check_version(claim, expected_version, NOUN)
    old = claim.status
    if old != _FROM[new]:
        raise ValidationError({
            "status": f"Si può {_MOVE_WORDS[new]} (stato attuale: «{old.label}»)."
        })
    claim.status = new
    if decided:
        claim.decided_by_id = actor.id
        claim.decided_at = utcnow()
        claim.decision_note = note
    s.flush()
    audit(s, actor.id, AuditAction.STATUS, ExpenseClaim.__tablename__, claim.id,
          fosterer_id=claim.fosterer_id, detail={"from": old.value, "to": new.value})
    return claim.version


# --- lists and totals ---------------------------------------------------------------------------

_LIST_COLUMNS = (ExpenseClaim.id, ExpenseClaim.version,
                 *(getattr(ExpenseClaim, n) for n in _OUT))


def list_expenses(
    s: Session, actor: Actor, fosterer_id: int, *, year: int | None = None,
    month: int | None = None,
) -> list[dict]:
    """A fosterer's entries (all, of a year, or of a month), oldest first, with their amounts."""
    actor.require(Action.READ, Resource.EXPENSE)
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    stmt = select(*_LIST_COLUMNS).where(ExpenseClaim.fosterer_id == fosterer_id)
    if month is not None and year is None:
        raise ValidationError({"year": "Indicare l'anno del mese richiesto."})
    if year is not None:
        first, after = _period(year, month)
        stmt = stmt.where(ExpenseClaim.date >= first, ExpenseClaim.date < after)
    stmt = stmt.order_by(ExpenseClaim.date, ExpenseClaim.id)
    return [_row_dict(row._asdict()) for row in s.execute(stmt)]


def monthly_totals(s: Session, actor: Actor, fosterer_id: int, year: int) -> list[dict]:
    """Twelve dicts (month 1–12): km, km_amount, costs, total; rejected entries left out.

    Each entry's kilometre amount is rounded to the cent before summing, as on the statement.
    """
    actor.require(Action.READ, Resource.EXPENSE)
    get_or_404(s, Fosterer, fosterer_id, "L'affidatario")
    first, after = _period(year, None)
    rows = s.execute(
        select(ExpenseClaim.date, ExpenseClaim.km, ExpenseClaim.km_rate, ExpenseClaim.costs)
        .where(ExpenseClaim.fosterer_id == fosterer_id, ExpenseClaim.date >= first,
               ExpenseClaim.date < after, ExpenseClaim.status != ExpenseStatus.REJECTED)
    )
    months = [{"month": m, "km": ZERO_KM, "km_amount": ZERO, "costs": ZERO, "total": ZERO}
              for m in range(1, 13)]
    for row in rows:
        acc = months[row.date.month - 1]
        km, rate, costs = _dec(row.km), _dec(row.km_rate), _dec(row.costs)
        acc["km"] += km
        acc["km_amount"] += km_amount(km, rate)
        acc["costs"] += costs
    for acc in months:
        acc["total"] = acc["km_amount"] + acc["costs"]
    return months


# --- helpers ------------------------------------------------------------------------------------

def _clean(s: Session, fosterer_id: int, data: Mapping[str, Any], *, partial: bool,
           current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    data = dict(data)
    values = fl.clean(data, EXPENSE_FIELDS, partial=partial, current=current,
                      extra_checks=[_checks(s, fosterer_id, data)])
    if "km" in values:
        values["km"] = _km(data.get("km"))
    for name, zero in (("km", ZERO_KM), ("costs", ZERO)):
        if name in values and values[name] is None:
            values[name] = zero
    return values


def _km(raw: Any) -> Decimal | None:
    """Kilometres with one decimal, rounded once from what was typed."""
    return v.parse_decimal(raw, min_value=0, max_value=2000, places=1)


def _checks(s: Session, fosterer_id: int, raw: Mapping[str, Any]):
    def check(rec: dict[str, Any], errors: dict[str, str]) -> None:
        day = rec.get("date")
        if day and "date" not in errors and day > today():
            errors["date"] = "La data non può essere nel futuro."
        if "km" not in errors and "costs" not in errors:
            km = _km(raw["km"]) if "km" in raw else rec.get("km")
            if not km and not rec.get("costs"):
                errors["km"] = "Indicare i chilometri percorsi o l'importo delle spese."
        match_id = rec.get("match_id")
        if match_id is not None and "match_id" not in errors and "match_id" in raw:
            owner = s.execute(select(Match.fosterer_id).where(Match.id == match_id)).scalar()
            if owner != fosterer_id:
                errors["match_id"] = "L'abbinamento indicato non riguarda questo affidatario."

    return check


def _require_editable(claim: ExpenseClaim, verb: str) -> None:
    if claim.status not in EDITABLE:
        raise ValidationError({
            "status": f"Il rimborso è «{claim.status.label}»: non si può più {verb}."
        })


def _period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        first = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"month": "Periodo non valido."}) from None
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, after


def _dec(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


def _row_dict(row: dict[str, Any]) -> dict[str, Any]:
    """Amounts of an entry added to its columns."""
    km, rate, costs = _dec(row["km"]), _dec(row["km_rate"]), _dec(row["costs"])
    amount = km_amount(km, rate)
    row.update(km=km, km_rate=rate, costs=costs, km_amount=amount, total=amount + costs)
    return row
