"""Italian formatting of dates, numbers and ages for display."""

from __future__ import annotations

import datetime as dt

from affido_app.domain.validators import age_on

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")


def italian_date(day: dt.date | None) -> str:
    """05/03/2026"""
    return "" if day is None else day.strftime("%d/%m/%Y")


def long_date(day: dt.date | None) -> str:
    """5 marzo 2026"""
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def italian_datetime(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local:%d/%m/%Y %H:%M}"


def age(birth: dt.date | None, on: dt.date | None = None) -> int | None:
    return None if birth is None else age_on(birth, on or dt.date.today())
