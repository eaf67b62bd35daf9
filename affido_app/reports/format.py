"""Italian dates and numbers for documents: "21 novembre 2026", "1.234,50", "€ 12,30"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")
WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
DASH = "—"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment


def date_long(value: dt.date | dt.datetime | None, *, weekday: bool = False) -> str:
    """"21 novembre 2026" (with ``weekday``: "sabato 21 novembre 2026"); None → "—"."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text


def date_short(value: dt.date | dt.datetime | None) -> str:
    """"21/11/2026"; None → "—"."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def time_short(value: dt.datetime | None) -> str:
    return DASH if value is None else f"{_local(value):%H:%M}"


def datetime_long(value: dt.datetime | None) -> str:
    """"21 novembre 2026, 10:30" in local time."""
    if value is None:
        return DASH
    return f"{date_long(value)}, {time_short(value)}"


def month_year(year: int, month: int) -> str:
    """"novembre 2026"."""
    return f"{MONTHS[month - 1]} {year}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """"dal 1 ottobre 2026 al 31 ottobre 2026"."""
    if start is None and end is None:
        return "tutto il periodo"
    if start is None:
        return f"fino al {date_long(end)}"
    if end is None:
        return f"dal {date_long(start)}"
    return f"dal {date_long(start)} al {date_long(end)}"


def number(value: Any, decimals: int = 0) -> str:
    """"1.234" / "1.234,50" (thousands with a dot, decimals with a comma); None → "—"."""
    if value is None:
        return DASH
    quantum = Decimal(1).scaleb(-decimals)
    amount = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if decimals else f"{sign}{text}"


def money(value: Any) -> str:
    """"€ 1.234,50"."""
    return DASH if value is None else f"€ {number(value, 2)}"


def percent(part: float, whole: float) -> str:
    """"42%" of ``part`` over ``whole``; "—" when there is no whole."""
    if not whole:
        return DASH
    return f"{number(100 * part / whole)}%"


def hours(value: Any) -> str:
    """"2,5 ore" / "1 ora"."""
    if value is None:
        return DASH
    amount = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = number(amount, 1).removesuffix(",0")
    return f"{text} {'ora' if amount == 1 else 'ore'}"


def yes_no(value: bool | None) -> str:
    return DASH if value is None else ("sì" if value else "no")
