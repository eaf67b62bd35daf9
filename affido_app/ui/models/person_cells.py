"""What the cells of a registry row show (no Qt here: the benchmark formats rows the same way
without loading Qt)."""

from __future__ import annotations

from typing import Any

from affido_app.domain.validators import age_on, format_phone


def format_date(day) -> str:
    """Italian style dd/mm/yyyy; empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def person_cells(r: Any, on) -> tuple[str, ...]:
    """Name, birth date with age on ``on``, comune, phone (else mobile), status, since: the
    texts of a row of ``list_people``."""
    born = ""
    if r.birth_date:
        born = f"{format_date(r.birth_date)} ({age_on(r.birth_date, on)})"
    number = r.phone or r.mobile
    status = getattr(r.status, "label", "") if r.status is not None else ""
    return (
        " ".join(p for p in (r.last_name, r.first_name) if p),
        born,
        r.comune or "",
        format_phone(number) if number else "",
        status,
        format_date(r.status_since),
    )
