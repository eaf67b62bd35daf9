"""Spreadsheet cells → the raw values the forms send, before the usual field cleaning.

Spreadsheets hold what a form never does: Excel serial dates, datetime cells, numbers where a
phone number or a CAP lost its leading zero, two-digit years, month names, "maschio"/"femmina".
:func:`convert` turns a cell into what :func:`affido_app.services.fields.clean` expects, and leaves
anything it does not recognise as text, so that the form's own validation gives its own message.
Nothing here decides whether a value is valid: that is the forms' rule, applied after.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from affido_app.domain.enums import Sex
from affido_app.domain.text import fold
from affido_app.errors import FieldError
from affido_app.services.fields import Field, Kind

#: day 0 of Excel's (1900) date system; 1900-02-29, which Excel believes in, is before any
#: plausible date in this programme
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: serial numbers read as dates: 1 January 1900 … 31 December 2099
_SERIAL_MIN, _SERIAL_MAX = 1, 73050

MONTHS = {
    "gennaio": 1, "gen": 1, "febbraio": 2, "feb": 2, "marzo": 3, "mar": 3, "aprile": 4, "apr": 4,
    "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8, "ago": 8,
    "settembre": 9, "set": 9, "sett": 9, "ottobre": 10, "ott": 10, "novembre": 11, "nov": 11,
    "dicembre": 12, "dic": 12,
}

_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})\s*(?P<sep>[/.\-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<c>\d{1,4})"
)
_WORDS = re.compile(r"(?P<day>\d{1,2})\s*(?:°|º)?\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{2,4})")
_COMPACT = re.compile(r"(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})")

_SEX = {
    "m": Sex.M, "maschio": Sex.M, "maschile": Sex.M, "uomo": Sex.M, "u": Sex.M,
    "f": Sex.F, "femmina": Sex.F, "femminile": Sex.F, "donna": Sex.F, "d": Sex.F,
}

MSG_NO_DATE = "Data inesistente."
MSG_SEX = "Sesso non riconosciuto: indicare M o F."
MSG_YEAR_ONLY = "Data incompleta: indicare giorno, mese e anno."


def convert(spec: Field, cell: Any, *, today: dt.date, min_age: int = 0) -> Any:
    """The value to hand to the field cleaning for a cell under the column of ``spec``.

    ``min_age`` chooses the century of a two-digit birth year: the latest century in which the
    person is at least that old today. Raises FieldError only when the cell is certainly wrong
    (an impossible date written in a form the forms do not accept, an unknown sex).
    """
    if cell is None:
        return None
    if isinstance(cell, str):
        cell = cell.strip()
        if not cell:
            return None
    k = spec.kind
    if k in (Kind.DATE, Kind.BIRTH_DATE):
        return to_date(cell, today=today, birth=k is Kind.BIRTH_DATE, min_age=min_age)
    if k is Kind.ENUM and spec.name in ("sex", "prefers_sex"):
        return to_sex(cell)
    if k is Kind.INT:
        return _to_int(cell)
    if k is Kind.BOOL:
        return cell if isinstance(cell, bool) else as_text(cell)
    if k is Kind.PHONE:
        return _to_phone(cell)
    if k is Kind.POSTAL_CODE:
        number = isinstance(cell, int | float) and not isinstance(cell, bool)
        if number and float(cell).is_integer():
            digits = str(int(cell))
            return digits.zfill(5) if len(digits) <= 5 else digits
        return as_text(cell)
    return as_text(cell)


def as_text(cell: Any) -> str | None:
    """A cell as the text a user would have typed."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "sì" if cell else "no"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))
        return repr(cell).replace(".", ",")
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0, 0):
            return cell.strftime("%d/%m/%Y")
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    return str(cell)


def _to_int(cell: Any) -> Any:
    if isinstance(cell, bool):
        return as_text(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return as_text(cell)


def _to_phone(cell: Any) -> Any:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if not float(cell).is_integer():
            return as_text(cell)
        digits = str(int(cell))
        # a number cell drops the leading zero of a landline ("011…" became 11…): mobiles start
        # with 3, international numbers were written with "+" or "00" (text, not a number)
        if not digits.startswith("3"):
            digits = "0" + digits
        return digits
    return as_text(cell)


def to_sex(cell: Any) -> Any:
    if isinstance(cell, Sex):
        return cell
    key = fold(as_text(cell)).strip(" .")
    if not key:
        return None
    try:
        return _SEX[key]
    except KeyError:
        raise FieldError(MSG_SEX) from None


def to_date(cell: Any, *, today: dt.date, birth: bool = False, min_age: int = 0) -> Any:
    """A date from any common Italian way of writing it, an Excel serial number or a date cell.

    Returns a ``date``; text in no known form is returned unchanged (the forms' validation then
    says how to write a date); a recognised form naming a day that does not exist raises.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool):
        return as_text(cell)
    if isinstance(cell, int | float):
        if 1000 <= cell <= 2100 and float(cell).is_integer():
            raise FieldError(MSG_YEAR_ONLY)  # a year alone, not the serial of a day in 1902
        return _serial(cell)
    text = fold(str(cell))
    if not text:
        return None
    if re.fullmatch(r"\d{4,5}(?:[.,]\d+)?", text) and not re.fullmatch(r"\d{4}", text):
        return _serial(float(text.replace(",", ".")))  # a serial number pasted as text
    text = re.sub(r"\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$", "", text)  # "12/03/1940 00:00"
    match = _NUMERIC.fullmatch(text)
    if match:
        a, b, c = match["a"], match["b"], match["c"]
        if len(a) == 4:  # 1940-03-12, 1940/03/12
            return _make(int(a), int(b), int(c))
        if len(c) == 3:
            return cell if isinstance(cell, str) else as_text(cell)
        year = _year(c, today=today, birth=birth, min_age=min_age, month=int(b), day=int(a))
        return _make(year, int(b), int(a))
    match = _WORDS.fullmatch(text)
    if match and match["month"] in MONTHS:
        month = MONTHS[match["month"]]
        year = _year(match["year"], today=today, birth=birth, min_age=min_age, month=month,
                     day=int(match["day"]))
        return _make(year, month, int(match["day"]))
    match = _COMPACT.fullmatch(text)
    if match:
        return _make(int(match["year"]), int(match["month"]), int(match["day"]))
    return cell if isinstance(cell, str) else as_text(cell)


def _serial(number: float) -> dt.date:
    if not float(number).is_integer() and number < _SERIAL_MIN:
        raise FieldError(MSG_NO_DATE)
    whole = int(number)  # a time of day after the point is dropped
    if not _SERIAL_MIN <= whole <= _SERIAL_MAX:
        raise FieldError("Numero non riconosciuto come data.")
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


def _year(text: str, *, today: dt.date, birth: bool, min_age: int, month: int, day: int) -> int:
    if len(text) == 4:
        return int(text)
    if len(text) != 2:
        raise FieldError("Indicare l'anno con due o quattro cifre.")
    yy = int(text)
    if birth:
        # the latest century in which the person is old enough today ("40" → 1940 for an elder,
        # "05" → 2005 for an adult in 2026 would be 21: kept only if old enough)
        year = today.year - today.year % 100 + yy
        while year > today.year - min_age or (
            year == today.year - min_age and (month, day) > (today.month, today.day)
        ):
            year -= 100
        return year
    # other dates (referral, application): the most recent year not after this one
    year = today.year - today.year % 100 + yy
    return year - 100 if year > today.year else year


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(MSG_NO_DATE) from None
