"""Two people saving the same record: what each changed, field by field (no Qt).

When a save is refused because someone else saved the record meanwhile (a :class:`Conflict` with
the record's current version, or SQLAlchemy's ``StaleDataError`` when both saves raced to the
database), the window compares three copies of every field:

* **base** — the value when the record was opened (what the form was loaded with);
* **theirs** — the value saved meanwhile, read fresh from the database;
* **mine** — the value in the form now.

:func:`compare` returns one :class:`FieldDiff` per field with the Italian label and display
values (names instead of ids, enum labels, dates as 21/11/2026), who changed it, and the proposed
choice: only they changed it → theirs; only I did → mine; both, differently → mine, marked to be
looked at. :func:`merge` builds the values to put back in the form from the choices.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from affido_app.domain import validators as v
from affido_app.errors import Conflict, FieldError
from affido_app.services import fields as fl

K = fl.Kind
Side = Literal["mine", "theirs"]

#: the message of a save that raced another one to the database (``StaleDataError``)
STALE_MESSAGE = ("La scheda è stata modificata da un altro operatore mentre la si salvava: "
                 "ricaricare i dati e riprovare.")
#: shown for an empty value
EMPTY = "—"
#: kinds whose value the form may hold as text
_TYPED_KINDS = frozenset({K.DECIMAL, K.DATE, K.BIRTH_DATE, K.DATETIME, K.INT, K.ENUM,
                          K.INT_ENUM})


def stale_conflict(_exc: BaseException | None = None) -> Conflict:
    """The :class:`Conflict` for a save that lost the race with another one (SQLAlchemy's
    ``StaleDataError``: the row's version changed between the check and the write)."""
    conflict = Conflict(STALE_MESSAGE)
    conflict.stale = True  # type: ignore[attr-defined]
    return conflict


def is_stale_data_error(exc: BaseException) -> bool:
    from sqlalchemy.orm.exc import StaleDataError

    return isinstance(exc, StaleDataError)


def is_version_conflict(exc: BaseException | None) -> bool:
    """Someone else saved the record meanwhile (not a clash with the data, such as an outcome
    already signed off, which is also a :class:`Conflict`)."""
    return isinstance(exc, Conflict) and (
        exc.current_version is not None or bool(getattr(exc, "stale", False)))


# --- display ------------------------------------------------------------------------------------

def display_value(spec: fl.Field, value: Any,
                  choices: Mapping[Any, str] | None = None) -> str:
    """``value`` as a person reads it: Italian dates and numbers, labels of enums and flags,
    names instead of ids (``choices``: value → label), "Sì"/"No"; "—" when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY
    if choices is not None:
        for key, label in choices.items():
            if key == value or str(key) == str(value):
                return label
        if spec.kind is K.REF:
            return "(non disponibile)"
    k = spec.kind
    if isinstance(value, str) and k in _TYPED_KINDS:
        try:  # text from the form ("12,0", "05/03/2026"): shown as the value it stands for
            typed = fl.clean_value(spec, value)
        except (FieldError, TypeError, ValueError):
            typed = None
        if typed is not None:
            value = typed
    if k is K.BOOL:
        return "Sì" if value else "No"
    if k is K.FLAG:
        if isinstance(value, int) and spec.enum is not None:
            try:
                label = spec.enum(value).label
            except ValueError:
                return str(value)
            return label or EMPTY
        return str(value)
    if k is K.GRID:
        from affido_app.domain.availability import WeeklyGrid

        try:
            return WeeklyGrid.coerce(value).describe() or EMPTY
        except (TypeError, ValueError):
            return str(value)
    if hasattr(value, "label") and not isinstance(value, str | int):
        return str(value.label)
    if k in (K.ENUM, K.INT_ENUM) and spec.enum is not None:
        try:
            return spec.enum(value).label
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo else value
        return f"{local:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, decimal.Decimal | float):
        return _italian_number(value)
    if k is K.PHONE and isinstance(value, str) and value.startswith("+"):
        try:
            return v.format_phone(value)
        except Exception:
            return value
    if isinstance(value, set | frozenset | list | tuple):
        return ", ".join(sorted(str(x) for x in value)) or EMPTY
    return str(value)


def _italian_number(value: decimal.Decimal | float) -> str:
    d = decimal.Decimal(str(value)).normalize()
    if d == d.to_integral_value():
        d = d.quantize(decimal.Decimal(1))
    sign, whole, frac = ("-" if d < 0 else ""), *f"{abs(d):f}".partition(".")[::2]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


# --- comparison ---------------------------------------------------------------------------------

def canonical(spec: fl.Field, value: Any) -> Any:
    """The value as the service stores it, to compare copies from the form and from the
    database (``"12,5"`` and ``Decimal("12.5")`` are the same); unchanged when it is not valid
    (what the user typed stays theirs to fix)."""
    if isinstance(value, set | frozenset | list | tuple):
        return frozenset(value)
    try:
        cleaned = fl.clean_value(spec, value)
    except (FieldError, TypeError, ValueError, AttributeError):
        cleaned = value
    if isinstance(cleaned, str):
        cleaned = cleaned.strip() or None
    if spec.kind is K.BOOL:
        return bool(cleaned)
    if spec.kind is K.FLAG:
        return int(cleaned or 0)
    if isinstance(cleaned, dt.datetime) and cleaned.tzinfo is None:
        cleaned = cleaned.astimezone()
    if isinstance(cleaned, dt.datetime):
        cleaned = cleaned.astimezone(dt.UTC).replace(second=0, microsecond=0)
    return cleaned


@dataclass
class FieldDiff:
    """One field in the three copies."""

    name: str
    label: str
    base: Any
    mine: Any
    theirs: Any
    base_text: str
    mine_text: str
    theirs_text: str
    #: I changed it since opening the record
    mine_changed: bool
    #: the other person changed it
    theirs_changed: bool
    #: both copies hold the same value (both made the same change, or neither changed it)
    agree: bool

    @property
    def both_changed(self) -> bool:
        """Changed by both, differently: a choice to look at."""
        return self.mine_changed and self.theirs_changed and not self.agree

    @property
    def differs(self) -> bool:
        """Mine and theirs differ: the field needs a choice."""
        return not self.agree

    @property
    def default(self) -> Side:
        """The proposed choice: theirs where only they changed it, mine otherwise."""
        return "theirs" if self.theirs_changed and not self.mine_changed else "mine"


def compare(fields: Mapping[str, fl.Field], names: Iterable[str], base: Mapping[str, Any],
            mine: Mapping[str, Any], theirs: Mapping[str, Any], *,
            choices: Mapping[str, Mapping[Any, str]] | None = None) -> list[FieldDiff]:
    """The fields ``names`` (those in ``theirs``) in three copies, in the order given."""
    choices = choices or {}
    out = []
    for name in names:
        if name not in theirs or name not in fields:
            continue  # not readable by this user, or not part of the record
        spec = fields[name]
        b, m, t = base.get(name), mine.get(name, base.get(name)), theirs.get(name)
        cb, cm, ct = canonical(spec, b), canonical(spec, m), canonical(spec, t)
        named = choices.get(name)
        out.append(FieldDiff(
            name=name, label=spec.label, base=b, mine=m, theirs=t,
            base_text=display_value(spec, b, named), mine_text=display_value(spec, m, named),
            theirs_text=display_value(spec, t, named),
            mine_changed=cm != cb, theirs_changed=ct != cb, agree=cm == ct))
    return out


def changed_by_them(diffs: Iterable[FieldDiff]) -> list[FieldDiff]:
    return [d for d in diffs if d.theirs_changed]


def needing_choice(diffs: Iterable[FieldDiff]) -> list[FieldDiff]:
    """The fields where mine and theirs differ (the others are the same either way)."""
    return [d for d in diffs if d.differs]


def merge(diffs: Iterable[FieldDiff], picks: Mapping[str, Side] | None = None) -> dict[str, Any]:
    """The value of every field after the choices (``picks``: field → side; the default
    choice for a field not in it)."""
    picks = picks or {}
    return {d.name: (d.mine if picks.get(d.name, d.default) == "mine" else d.theirs)
            for d in diffs}


def keep_mine(diffs: Iterable[FieldDiff]) -> dict[str, Any]:
    return {d.name: d.mine for d in diffs}


def keep_theirs(diffs: Iterable[FieldDiff]) -> dict[str, Any]:
    return {d.name: d.theirs for d in diffs}
