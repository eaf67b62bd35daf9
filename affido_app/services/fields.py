"""Field specifications: one description per editable field, used to validate and to label.

Each service declares the fields of its records once (name, Italian label, kind, required,
limits, whether the field is special-category data). :func:`clean` turns a dict of raw values
(what a form or an import sends) into typed values or raises one
:class:`~affido_app.errors.ValidationError` listing every invalid field with its message.
The UI reuses the same specs for labels and required marks.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from affido_app.domain import validators as v
from affido_app.domain.enums import LabelledFlag
from affido_app.errors import FieldError, ValidationError


class Kind(enum.Enum):
    TEXT = "text"
    MULTILINE = "multiline"
    NAME = "name"
    CODICE_FISCALE = "cf"
    PHONE = "phone"
    EMAIL = "email"
    DATE = "date"
    BIRTH_DATE = "birth_date"
    DATETIME = "datetime"
    ENUM = "enum"
    INT_ENUM = "int_enum"
    FLAG = "flag"
    GRID = "grid"
    BOOL = "bool"
    INT = "int"
    DECIMAL = "decimal"
    POSTAL_CODE = "cap"
    COMUNE = "comune"
    REF = "ref"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int | None = None
    enum: type | None = None
    min_value: Any = None
    max_value: Any = None
    #: special-category data (health, fragility, confidential notes): reads are audited
    sensitive: bool = False
    default: Any = None


def specs(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


def clean(
    data: Mapping[str, Any],
    fields: Mapping[str, Field],
    *,
    partial: bool = False,
    extra_checks: Iterable[Callable[[dict[str, Any], dict[str, str]], None]] = (),
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Validated, typed values for the keys of ``data``.

    ``partial``: only the keys given are checked (an edit); otherwise every required field must
    be present (a creation). Unknown keys are refused: a form cannot write what it does not show.
    ``extra_checks`` run on the merged record (``current`` updated with the cleaned values) and add
    cross-field messages to the error dict.
    """
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")  # a programming error
    names = data.keys() if partial else fields.keys()
    for name in names:
        spec = fields[name]
        raw = data.get(name, spec.default)
        try:
            value = clean_value(spec, raw)
            if spec.required:
                v.require(value)
            out[name] = value
        except FieldError as exc:
            errors[name] = exc.message
    merged = {**(current or {}), **out}
    for check in extra_checks:
        check(merged, errors)
    if errors:
        raise ValidationError(errors)
    return out


def clean_value(spec: Field, raw: Any) -> Any:
    k = spec.kind
    if k is Kind.TEXT:
        return v.clean_text(_text(raw), max_length=spec.max_length or 200)
    if k is Kind.MULTILINE:
        return v.clean_text(_text(raw), max_length=spec.max_length or 20_000, multiline=True)
    if k is Kind.NAME:
        return v.normalize_name(_text(raw))
    if k is Kind.CODICE_FISCALE:
        return v.validate_codice_fiscale(_text(raw))
    if k is Kind.PHONE:
        return v.validate_phone(_text(raw))
    if k is Kind.EMAIL:
        return v.validate_email(_text(raw))
    if k is Kind.DATE:
        return v.parse_date(raw)
    if k is Kind.BIRTH_DATE:
        return v.validate_birth_date(raw)
    if k is Kind.DATETIME:
        return _datetime(raw)
    if k is Kind.ENUM:
        return _enum(spec, raw)
    if k is Kind.INT_ENUM:
        if raw in (None, ""):
            return spec.default
        try:
            return spec.enum(int(raw))
        except (TypeError, ValueError):
            raise FieldError("Valore non valido.") from None
    if k is Kind.FLAG:
        return _flag(spec, raw)
    if k is Kind.GRID:
        from affido_app.domain.availability import WeeklyGrid

        return WeeklyGrid.coerce(raw).mask
    if k is Kind.BOOL:
        return _bool(raw)
    if k is Kind.INT:
        if raw in (None, ""):
            return None
        lo = spec.min_value if spec.min_value is not None else -(2**31)
        hi = spec.max_value if spec.max_value is not None else 2**31 - 1
        return v.validate_int_range(raw, min_value=lo, max_value=hi)
    if k is Kind.DECIMAL:
        return v.parse_decimal(raw, min_value=spec.min_value, max_value=spec.max_value)
    if k is Kind.POSTAL_CODE:
        return v.validate_postal_code(_text(raw))
    if k is Kind.COMUNE:
        from affido_app.domain.comuni import canonical_comune

        return canonical_comune(_text(raw))
    if k is Kind.REF:
        if raw in (None, ""):
            return None
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise FieldError("Riferimento non valido.") from None
    raise AssertionError(k)  # pragma: no cover


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    return raw if isinstance(raw, str) else str(raw)


def _enum(spec: Field, raw: Any) -> Any:
    if raw in (None, ""):
        return None
    if isinstance(raw, spec.enum):
        return raw
    try:
        return spec.enum(raw)
    except ValueError:
        pass
    for member in spec.enum:  # accept the Italian label too (imports, typing)
        if str(raw).strip().lower() == member.label.lower():
            return member
    raise FieldError("Valore non valido.")


def _flag(spec: Field, raw: Any) -> int:
    flag: type[LabelledFlag] = spec.enum
    if raw in (None, ""):
        return 0
    if isinstance(raw, int):
        if raw < 0 or raw & ~sum(int(m) for m in flag):
            raise FieldError("Valore non valido.")
        return int(raw)
    if isinstance(raw, str):
        raw = [p for p in raw.replace(";", ",").split(",") if p.strip()]
    try:
        return int(flag.from_codes(str(c).strip() for c in raw))
    except KeyError:
        raise FieldError("Valore non valido.") from None


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw in (None, ""):
        return False
    text = str(raw).strip().lower()
    if text in ("1", "true", "sì", "si", "s", "x", "yes", "vero"):
        return True
    if text in ("0", "false", "no", "n", "falso"):
        return False
    raise FieldError("Indicare sì o no.")


def _datetime(raw: Any) -> dt.datetime | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime.combine(raw, dt.time(9, 0))
    else:
        text = str(raw).strip()
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            parts = text.split()
            day = v.parse_date(parts[0])
            try:
                hh, mm = (int(x) for x in (parts[1] if len(parts) > 1 else "9:00").split(":")[:2])
                value = dt.datetime.combine(day, dt.time(hh, mm))
            except (ValueError, IndexError):
                raise FieldError("Ora non valida: usare il formato hh:mm.") from None
    if value.tzinfo is None:
        value = value.astimezone()  # local wall-clock time as typed
    return value.astimezone(dt.UTC)


def labels(fields: Mapping[str, Field], names: Iterable[str]) -> list[str]:
    return [fields[n].label for n in names if n in fields]
