"""Helpers every service uses: loading records, optimistic versions, applying cleaned values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from affido_app.errors import Conflict, NotFound

T = TypeVar("T")


def get_or_404(s: Session, model: type[T], record_id: Any, what: str) -> T:
    obj = s.get(model, record_id) if record_id is not None else None
    if obj is None:
        raise NotFound(f"{what} non trovato: potrebbe essere stato eliminato.")
    return obj


def check_version(obj: Any, expected: int | None, what: str) -> None:
    """Refuse an edit made on an outdated copy of the record (two PCs editing it)."""
    if expected is not None and obj.version != expected:
        raise Conflict(
            f"{what} è stato modificato da un altro operatore mentre lo si modificava: "
            "ricaricare i dati e riprovare.",
            current_version=obj.version,
        )


def apply(obj: Any, values: Mapping[str, Any]) -> list[str]:
    """Set attributes; returns the names whose value actually changed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def as_dict(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def column_names(model: type) -> list[str]:
    return [c.key for c in sa_inspect(model).column_attrs]


def today() -> dt.date:
    return dt.date.today()


def is_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "unique" in text or "duplicate key" in text

