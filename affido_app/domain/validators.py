"""Single-field validators for the data typed into the forms.

Every validator takes the raw value of one field (usually the text of a form widget: it may carry
stray spaces, be empty or be ``None``) and either returns the value in its normalised form or raises
:class:`~affido_app.errors.FieldError` with a short Italian message meant to be shown next to the
field. Empty input means "not given": the validators return ``None`` for it and leave it to
:func:`require` (or to the caller) to decide whether the field is mandatory.

Messages never repeat the value they reject, so they can be logged without leaking personal data.

The module is pure: no Qt, no database, no I/O except the data tables shipped with
``python-codicefiscale`` (comuni and foreign countries), which the library loads once on first use.

Overview:

* text: :func:`clean_text`, :func:`require`, :func:`normalize_name`;
* codice fiscale: :func:`validate_codice_fiscale`, :func:`decode_codice_fiscale`;
* contacts: :func:`validate_phone`, :func:`format_phone`, :func:`validate_email`,
  :func:`validate_postal_code`;
* dates: :func:`parse_date`, :func:`validate_birth_date`, :func:`age_on`,
  :func:`validate_elder_age`;
* numbers: :func:`parse_decimal`, :func:`validate_int_range`.
"""

from __future__ import annotations

import calendar
import datetime
import decimal
import re
import unicodedata
from collections.abc import Sized
from decimal import Decimal
from typing import Any

import phonenumbers
from codicefiscale import codicefiscale

from affido_app.errors import FieldError

__all__ = [
    "ELDER_MIN_AGE",
    "age_on",
    "clean_text",
    "decode_codice_fiscale",
    "format_phone",
    "normalize_name",
    "parse_date",
    "parse_decimal",
    "require",
    "validate_birth_date",
    "validate_codice_fiscale",
    "validate_elder_age",
    "validate_email",
    "validate_int_range",
    "validate_phone",
    "validate_postal_code",
]

#: Minimum age of an elder taking part in the programme.
ELDER_MIN_AGE = 65

NAME_MAX_LENGTH = 80
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------


def _plural_article(number: int) -> str:
    """The Italian plural masculine article before *number* written in digits ("i" / "gli").

    "gli" goes before numbers read with an initial vowel: 8 (otto), 11 (undici), 80-89, 800-899,
    8000-8999, 11000-11999 ... ; "i" before all the others.
    """
    digits = str(abs(number))
    if digits.startswith("8"):
        return "gli"
    if digits.startswith("11") and len(digits) % 3 == 2:
        return "gli"
    return "i"


def _too_long_message(max_length: int) -> str:
    if max_length == 1:
        return "Il testo supera il limite di 1 carattere."
    return f"Il testo supera {_plural_article(max_length)} {max_length} caratteri."


def clean_text(
    value: str | None, *, max_length: int | None = None, multiline: bool = False
) -> str | None:
    """Tidy free text typed in a form; ``None`` when nothing is left.

    Single-line (the default): leading and trailing whitespace is removed and every internal run of
    whitespace (tabs and newlines included) becomes a single space.

    ``multiline=True``: line breaks are normalised to ``\\n``, trailing whitespace is removed from
    every line and blank lines are dropped at the start and at the end; the rest (indentation,
    blank lines between paragraphs) is kept.

    The length limit applies to the cleaned text.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"clean_text() expects a str, not {type(value).__name__}")
    if multiline:
        lines = [
            line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        text = "\n".join(lines)
    else:
        text = " ".join(value.split())
    if not text:
        return None
    if max_length is not None and len(text) > max_length:
        raise FieldError(_too_long_message(max_length))
    return text


def require(value: Any) -> Any:
    """Return *value*, or raise "Campo obbligatorio." when it is missing.

    Missing means ``None``, an empty or whitespace-only string, or an empty collection. ``0``,
    ``False`` and ``Decimal(0)`` are values, not missing ones.
    """
    if value is None:
        raise FieldError("Campo obbligatorio.")
    if isinstance(value, str):
        if not value.strip():
            raise FieldError("Campo obbligatorio.")
        return value
    if isinstance(value, Sized) and len(value) == 0:
        raise FieldError("Campo obbligatorio.")
    return value


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-"})
_NAME_PUNCTUATION = frozenset(" '-.")
_NAME_WORD = re.compile(r"[^ '\-.]+")


def normalize_name(value: str | None) -> str | None:
    """Normalise a person's first or last name.

    Whitespace is tidied as in :func:`clean_text` (at most 80 characters), typographic apostrophes
    and dashes become ``'`` and ``-``. Allowed: letters of any alphabet (accented ones included),
    spaces, apostrophes, hyphens and dots, with at least one letter.

    A name written all in capitals or all in lower case is converted to title case, each part
    separated by a space, apostrophe, hyphen or dot starting with a capital ("D'ANGELO" ->
    "D'Angelo", "maria-grazia" -> "Maria-Grazia"); mixed case is considered intentional and kept
    ("McDonald", "de Rossi").
    """
    text = clean_text(value, max_length=NAME_MAX_LENGTH)
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_HYPHENS)
    if not any(char.isalpha() for char in text) or any(
        not char.isalpha() and char not in _NAME_PUNCTUATION for char in text
    ):
        raise FieldError("Il nome contiene caratteri non ammessi.")
    if text in (text.upper(), text.lower()):
        text = _NAME_WORD.sub(lambda match: match[0].capitalize(), text)
    return text


# --------------------------------------------------------------------------------------------------
# Codice fiscale
# --------------------------------------------------------------------------------------------------

_CF_OMOCODE_DIGITS = "0123456789"
_CF_OMOCODE_LETTERS = "LMNPQRSTUV"
_CF_FROM_OMOCODE = str.maketrans(_CF_OMOCODE_LETTERS, _CF_OMOCODE_DIGITS)
#: Positions of the digits that omocodia may replace with letters (year, day, place number).
_CF_OMOCODE_POSITIONS = frozenset((6, 7, 9, 10, 12, 13, 14))
_CF_MONTHS = "ABCDEHLMPRST"
_CF_ALNUM16 = re.compile(r"[A-Z0-9]{16}")
_CF_STRUCTURE = re.compile(
    r"[A-Z]{6}"  # cognome, nome
    r"[0-9LMNPQRSTUV]{2}"  # anno
    rf"[{_CF_MONTHS}]"  # mese
    r"[0-9LMNPQRSTUV]{2}"  # giorno (+40 per le donne)
    r"[A-Z][0-9LMNPQRSTUV]{3}"  # comune o Stato estero
    r"[A-Z]"  # carattere di controllo
)

_CF_MSG_FORMAT = "Il codice fiscale deve avere 16 caratteri (lettere e cifre)."
_CF_MSG_STRUCTURE = (
    "Il codice fiscale non è valido: lettere e cifre non sono nelle posizioni previste."
)
_CF_MSG_CHECKSUM = "Il codice fiscale non è valido: il carattere di controllo non corrisponde."
_CF_MSG_DATE = "Il codice fiscale non è valido: la data di nascita indicata nel codice non esiste."
_CF_MSG_PLACE = (
    "Il codice fiscale non è valido: il codice del comune o dello Stato di nascita "
    "non è riconosciuto."
)
_CF_MSG_MISMATCH = "Il codice fiscale non corrisponde {}."


class _CodiceFiscale:
    """The fields of a structurally valid codice fiscale, omocodia undone."""

    __slots__ = ("code", "day", "month", "place_code", "sex", "year2")

    def __init__(self, code: str):
        plain = "".join(
            char.translate(_CF_FROM_OMOCODE) if index in _CF_OMOCODE_POSITIONS else char
            for index, char in enumerate(code)
        )
        self.code = code
        self.year2 = int(plain[6:8])
        self.month = _CF_MONTHS.index(plain[8]) + 1
        day = int(plain[9:11])
        self.sex = "F" if day > 40 else "M"
        self.day = day - 40 if day > 40 else day
        self.place_code = plain[11:15]

    def date_exists(self) -> bool:
        if self.month == 2:
            # Years with the same last two digits are all leap or all non-leap, except 1900/2000:
            # "00" may well be 2000.
            last_day = 29 if self.year2 % 4 == 0 else 28
        else:
            last_day = calendar.monthrange(2001, self.month)[1]
        return 1 <= self.day <= last_day


def _normalize_cf(value: str) -> str:
    return "".join(value.split()).upper()


def _parse_cf(value: str) -> tuple[_CodiceFiscale, dict[str, Any]]:
    """Check *value* (already normalised) and return its fields and the library's decoding."""
    if not _CF_ALNUM16.fullmatch(value):
        raise FieldError(_CF_MSG_FORMAT)
    if not _CF_STRUCTURE.fullmatch(value):
        raise FieldError(_CF_MSG_STRUCTURE)
    if codicefiscale.encode_cin(value) != value[15]:
        raise FieldError(_CF_MSG_CHECKSUM)
    fields = _CodiceFiscale(value)
    if not fields.date_exists():
        raise FieldError(_CF_MSG_DATE)
    try:
        # Format, checksum and date are fine: what the library may still refuse is the place code
        # (unknown, or not in use at the birth date in either possible century).
        decoded = codicefiscale.decode(value)
    except ValueError:
        raise FieldError(_CF_MSG_PLACE) from None
    return fields, decoded


def _place_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a place name, province dropped."""
    name = re.split(r"[,(]", name, maxsplit=1)[0]
    name = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    letters = (char for char in name.casefold() if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", "".join(letters)).strip()


def _birthplace_matches(
    fields: _CodiceFiscale,
    decoded_place: dict[str, Any] | None,
    birthplace: str,
    birth_date: datetime.date | None,
) -> bool | None:
    """Whether *birthplace* is the place coded in the CF; ``None`` when it cannot be told."""
    given = _place_key(birthplace)
    if not given:
        return None
    if decoded_place:
        names = [
            decoded_place.get(key) or ""
            for key in ("name", "name_trans", "name_alt", "name_alt_trans", "name_alt_en")
        ]
        names += decoded_place.get("name_slugs") or []
        if given in {_place_key(str(name)) for name in names if name}:
            return True
    # The place may have been renamed (the library decodes the name in use at a date in the
    # right or in the wrong century): compare the codes too.
    birthdate_arg = None
    if birth_date is not None:
        birthdate_arg = datetime.datetime(birth_date.year, birth_date.month, birth_date.day)
    try:
        code = codicefiscale.encode_birthplace(birthplace, birthdate_arg)
    except ValueError:
        code = None
    if code is not None and code == fields.place_code:
        return True
    if not decoded_place:
        return None
    return False


def validate_codice_fiscale(
    value: str | None,
    *,
    birth_date: datetime.date | None = None,
    sex: str | None = None,
    birthplace: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> str | None:
    """Check an Italian codice fiscale (16 characters) and return it in upper case without spaces.

    Checked in order: length and characters, position of letters and digits, control character,
    existence of the coded birth date, place code known to ``python-codicefiscale`` (comuni,
    including suppressed ones, and foreign countries). Omocodia variants are accepted. The year has
    two digits only, so any century is accepted (people born before 1920 included).

    The other arguments, when given, must agree with the code: surname and name (three-letter codes
    of the official rule), birth date (day, month and the last two digits of the year), sex
    (``"M"``/``"F"``; other values are ignored) and birthplace (a comune, optionally followed by the
    province, or a foreign country; compared ignoring case and accents, or through its code; the
    check is skipped when the place cannot be decoded).
    """
    if value is None:
        return None
    code = _normalize_cf(value)
    if not code:
        return None
    fields, decoded = _parse_cf(code)

    if last_name and last_name.strip() and codicefiscale.encode_lastname(last_name) != code[:3]:
        raise FieldError(_CF_MSG_MISMATCH.format("al cognome"))
    if (
        first_name
        and first_name.strip()
        and codicefiscale.encode_firstname(first_name) != code[3:6]
    ):
        raise FieldError(_CF_MSG_MISMATCH.format("al nome"))
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        fields.day,
        fields.month,
        fields.year2,
    ):
        raise FieldError(_CF_MSG_MISMATCH.format("alla data di nascita"))
    if sex and sex.strip():
        given_sex = sex.strip().upper()[0]
        if given_sex in ("M", "F") and given_sex != fields.sex:
            raise FieldError(_CF_MSG_MISMATCH.format("al sesso"))
    if birthplace and birthplace.strip():
        place = decoded.get("birthplace")
        if _birthplace_matches(fields, place, birthplace, birth_date) is False:
            raise FieldError(_CF_MSG_MISMATCH.format("al luogo di nascita"))
    return code


def decode_codice_fiscale(
    value: str, *, today: datetime.date | None = None, min_age: int = 0
) -> dict[str, Any] | None:
    """Birth data coded in a valid codice fiscale, to pre-fill a form; ``None`` if not valid.

    Returns ``{"birth_date": date, "sex": "M" | "F", "birthplace": str | None,
    "birthplace_code": str}``; ``birthplace_code`` is the cadastral code with omocodia undone
    ("L219"), ``birthplace`` the name of the comune or country as known to the library.

    The code holds only the last two digits of the year: the most recent century is chosen that
    gives an existing date on which the person is at least *min_age* years old on *today* (default
    ``date.today()``). Pass e.g. ``min_age=60`` for elders, so that "15" means 1915, not 2015.
    """
    if not value:
        return None
    code = _normalize_cf(value)
    try:
        fields, decoded = _parse_cf(code)
    except FieldError:
        return None
    if today is None:
        today = datetime.date.today()
    year = today.year - today.year % 100 + fields.year2
    birth_date = None
    for candidate_year in range(year, year - 400, -100):
        if candidate_year < datetime.MINYEAR:
            break
        try:
            candidate = datetime.date(candidate_year, fields.month, fields.day)
        except ValueError:
            continue
        if candidate <= today and age_on(candidate, today) >= min_age:
            birth_date = candidate
            break
    if birth_date is None:
        return None
    place = decoded.get("birthplace") or {}
    name = place.get("name")
    return {
        "birth_date": birth_date,
        "sex": fields.sex,
        "birthplace": str(name) if name else None,
        "birthplace_code": fields.place_code,
    }


# --------------------------------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"[0-9+()./\-\s]+")


def validate_phone(value: str | None) -> str | None:
    """Check a telephone number and return it in E.164 form ("+390111234567").

    Numbers without an international prefix are Italian ("011 1234567", "3331234567"); foreign
    numbers need "+" or "00" and the country code. Spaces, dots, dashes, slashes and parentheses
    are ignored.
    """
    text = clean_text(value)
    if text is None:
        return None
    if not _PHONE_CHARS.fullmatch(text) or not any(char.isdigit() for char in text):
        raise FieldError("Numero di telefono non valido.")
    try:
        number = phonenumbers.parse(text, "IT")
    except phonenumbers.NumberParseException:
        raise FieldError("Numero di telefono non valido.") from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError("Numero di telefono non valido.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """Display form of a number stored as E.164.

    Italian numbers (+39) in national format ("011 123 4567"), the others in international format
    ("+44 20 7946 0958"). A value that cannot be parsed is returned unchanged.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 39:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_EMAIL_LOCAL_FORBIDDEN = frozenset('()<>[]\\,;:"@')
_EMAIL_DOMAIN_LABEL = re.compile(r"[^\W_]+(?:-+[^\W_]+)*")


def validate_email(value: str | None) -> str | None:
    """A sane check of an e-mail address; the domain is returned in lower case.

    Required: one "@", a non-empty local part without spaces or special characters, a domain made
    of at least two dot-separated labels (letters, digits, hyphens) with a top-level domain of two
    or more letters.
    """
    text = clean_text(value)
    if text is None:
        return None
    invalid = FieldError("Indirizzo email non valido.")
    if len(text) > 254 or text.count("@") != 1 or any(char.isspace() for char in text):
        raise invalid
    local, domain = text.split("@")
    if (
        not local
        or len(local) > 64
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
        or any(char in _EMAIL_LOCAL_FORBIDDEN or not char.isprintable() for char in local)
    ):
        raise invalid
    domain = domain.lower()
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise invalid
    top_level = labels[-1]
    if len(top_level) < 2 or not top_level.isalpha():
        raise invalid
    return f"{local}@{domain}"


def validate_postal_code(value: str | None) -> str | None:
    """An Italian CAP: exactly five digits ("00100")."""
    if value is None:
        return None
    text = clean_text(str(value))
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{5}", text):
        raise FieldError("Il CAP deve avere 5 cifre.")
    return text


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")
_ITALIAN_DATE = re.compile(
    r"(?P<day>[0-9]{1,2})\s*(?P<sep>[/.\-])\s*(?P<month>[0-9]{1,2})\s*(?P=sep)\s*(?P<year>[0-9]+)"
)


def parse_date(value: str | datetime.date | None) -> datetime.date | None:
    """Read a date typed in a form.

    Accepted: ``date`` objects (a ``datetime`` loses its time), ISO "2024-03-05", and day/month/year
    with "/", "-" or "." as separator ("5/3/2024", "05/03/2024", "5-3-2024", "05.03.2024"). The year
    must have four digits.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"parse_date() expects a str or a date, not {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    match = _ISO_DATE.fullmatch(text) or _ITALIAN_DATE.fullmatch(text)
    if match is None:
        raise FieldError("Data non valida: usare il formato gg/mm/aaaa.")
    if len(match["year"]) != 4:
        raise FieldError("Indicare l'anno con quattro cifre.")
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise FieldError("Data inesistente.") from None


def validate_birth_date(
    value: str | datetime.date | None, *, today: datetime.date | None = None
) -> datetime.date | None:
    """:func:`parse_date`, then refuse dates in the future or before 1900."""
    birth_date = parse_date(value)
    if birth_date is None:
        return None
    if today is None:
        today = datetime.date.today()
    if birth_date > today:
        raise FieldError("La data di nascita non può essere nel futuro.")
    if birth_date < EARLIEST_BIRTH_DATE:
        raise FieldError("Data di nascita non plausibile.")
    return birth_date


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Completed years of age on the day *on*.

    Someone born on 29 February has the birthday on 1 March in non-leap years. Negative when *on*
    precedes the birth date.
    """
    # Comparing (month, day) pairs: in a non-leap year no day equals (2, 29), so whoever was born
    # on 29 February turns one year older on 1 March.
    birthday = (birth_date.month, birth_date.day)
    years = on.year - birth_date.year
    if (on.month, on.day) < birthday:
        years -= 1
    return years


def validate_elder_age(birth_date: datetime.date, on: datetime.date) -> None:
    """Refuse an elder younger than 65 on the day *on* (e.g. the start of the placement)."""
    age = age_on(birth_date, on)
    if age < 0:
        raise FieldError("La data di nascita è successiva alla data di riferimento.")
    if age < ELDER_MIN_AGE:
        raise FieldError(
            f"Per il progetto l'anziano deve avere almeno {ELDER_MIN_AGE} anni (ne ha {age})."
        )


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<body>[0-9][0-9.,]*)")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def _format_decimal_it(value: Decimal, places: int) -> str:
    """Italian notation: "1.234,5" style, decimals shown only when not all zero."""
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    if quantized == quantized.to_integral_value():
        text = f"{quantized:,.0f}"
    else:
        text = f"{quantized:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _decimal_from_text(text: str) -> Decimal | None:
    text = "".join(text.split()).removeprefix("€").removesuffix("€")
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    body = match["body"]
    if "," in body:
        # Italian notation: "," for decimals, optional "." between groups of thousands.
        if body.count(",") != 1:
            return None
        integer, fraction = body.split(",")
        if "." in integer:
            if not _THOUSANDS.fullmatch(integer):
                return None
            integer = integer.replace(".", "")
        if not integer or not fraction.isdigit():
            return None
        body = f"{integer}.{fraction}"
    elif body.count(".") > 1 or re.fullmatch(r"[1-9][0-9]{0,2}\.[0-9]{3}", body):
        # "1.234.567" and "1.234": dots between thousands, as written in Italian.
        if not _THOUSANDS.fullmatch(body):
            return None
        body = body.replace(".", "")
    elif body.endswith("."):
        return None
    return Decimal(match["sign"] + body)


def parse_decimal(
    value: str | Decimal | float | None,
    *,
    min_value: Decimal | float | str | None = None,
    max_value: Decimal | float | str | None = None,
    places: int = 2,
) -> Decimal | None:
    """Read an amount or another decimal number, rounded (half up) to *places* decimals.

    Strings may use the Italian notation ("1.234,50", "12,5", "1.234" is one thousand two hundred
    thirty-four) or a dot for decimals when it cannot be mistaken for a thousands separator
    ("12.5", "0.125"); spaces and a "€" sign are ignored. Bounds are inclusive and apply to the
    rounded value.
    """
    if value is None:
        return None
    invalid = FieldError("Importo non valido.")
    number: Decimal | None
    if isinstance(value, bool):
        raise invalid
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        if not value.strip():
            return None
        number = _decimal_from_text(value)
    else:
        raise TypeError(f"parse_decimal() expects a str or a number, not {type(value).__name__}")
    if number is None or not number.is_finite():
        raise invalid
    try:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    except decimal.InvalidOperation:
        raise invalid from None
    if number == 0:
        number = abs(number)  # no "-0.00"
    if min_value is not None:
        bound = Decimal(str(min_value))
        if number < bound:
            raise FieldError(
                f"Il valore non può essere inferiore a {_format_decimal_it(bound, places)}."
            )
    if max_value is not None:
        bound = Decimal(str(max_value))
        if number > bound:
            raise FieldError(
                f"Il valore non può essere superiore a {_format_decimal_it(bound, places)}."
            )
    return number


def validate_int_range(value: str | int | None, *, min_value: int, max_value: int) -> int:
    """A whole number between *min_value* and *max_value* (both included).

    Strings may have spaces around the number and a sign; an empty value is "Campo obbligatorio.".
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldError("Campo obbligatorio.")
    number: int
    if isinstance(value, bool):
        raise FieldError("Inserire un numero intero.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        number = int(value.strip())
    else:
        raise FieldError("Inserire un numero intero.")
    if not min_value <= number <= max_value:
        raise FieldError(f"Il valore deve essere compreso tra {min_value} e {max_value}.")
    return number
