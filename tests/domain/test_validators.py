"""Tests of the single-field validators (affido_app.domain.validators)."""

from __future__ import annotations

import calendar
import datetime
import string
from datetime import date, timedelta
from decimal import Decimal

import phonenumbers
import pytest
from codicefiscale import codicefiscale
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from affido_app.domain import validators as v
from affido_app.errors import FieldError

TODAY = date(2026, 11, 21)
COMUNI = ["Torino", "Rivoli", "Collegno", "Grugliasco", "Palermo"]
OMOCODE_LETTERS = "LMNPQRSTUV"

MSG_CF_FORMAT = "Il codice fiscale deve avere 16 caratteri (lettere e cifre)."
MSG_CF_CHECKSUM = "Il codice fiscale non è valido: il carattere di controllo non corrisponde."
MSG_CF_DATE = "Il codice fiscale non corrisponde alla data di nascita."
MSG_CF_SEX = "Il codice fiscale non corrisponde al sesso."
MSG_CF_PLACE = "Il codice fiscale non corrisponde al luogo di nascita."
MSG_CF_LASTNAME = "Il codice fiscale non corrisponde al cognome."
MSG_CF_FIRSTNAME = "Il codice fiscale non corrisponde al nome."

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def field_error(func, *args, **kwargs) -> str:
    """Call *func* expecting a FieldError and return its message."""
    with pytest.raises(FieldError) as info:
        func(*args, **kwargs)
    return info.value.message


# --------------------------------------------------------------------------------------------------
# Codice fiscale
# --------------------------------------------------------------------------------------------------

name_text = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàèéìòùÀÈ' ",
    min_size=1,
    max_size=14,
).filter(lambda text: any(char.isalpha() for char in text))
birth_dates = st.dates(min_value=date(1905, 1, 1), max_value=date(2005, 12, 31))


@st.composite
def people(draw: st.DrawFn) -> dict:
    person = {
        "last_name": draw(name_text),
        "first_name": draw(name_text),
        "sex": draw(st.sampled_from("MF")),
        "birth_date": draw(birth_dates),
        "birthplace": draw(st.sampled_from(COMUNI)),
    }
    person["code"] = encode(person)
    return person


def encode(person: dict) -> str:
    birth_date = person["birth_date"]
    return codicefiscale.encode(
        lastname=person["last_name"],
        firstname=person["first_name"],
        gender=person["sex"],
        birthdate=datetime.datetime(birth_date.year, birth_date.month, birth_date.day),
        birthplace=person["birthplace"],
    )


def consistent_kwargs(person: dict) -> dict:
    return {
        key: person[key] for key in ("last_name", "first_name", "sex", "birth_date", "birthplace")
    }


def with_checksum(code15: str) -> str:
    return code15 + codicefiscale.encode_cin(code15)


@FAST
@given(people())
def test_generated_codes_validate_with_consistent_data(person: dict) -> None:
    code = person["code"]
    assert v.validate_codice_fiscale(code) == code
    assert v.validate_codice_fiscale(code, **consistent_kwargs(person)) == code
    # spaces and lower case are normalised away
    messy = " " + code[:6].lower() + " " + code[6:11] + "  " + code[11:].lower() + " "
    assert v.validate_codice_fiscale(messy, **consistent_kwargs(person)) == code


@FAST
@given(people(), st.lists(st.integers(min_value=1, max_value=127), min_size=1, max_size=6))
def test_omocode_variants_validate(person: dict, indexes: list[int]) -> None:
    omocodes = codicefiscale.decode(person["code"])["omocodes"]
    assert len(omocodes) == 128
    for index in indexes:
        variant = omocodes[index]
        assert variant != person["code"]
        assert v.validate_codice_fiscale(variant, **consistent_kwargs(person)) == variant
        decoded = v.decode_codice_fiscale(variant, today=TODAY, min_age=0)
        assert decoded is not None
        assert decoded["birth_date"].strftime("%y%m%d") == person["birth_date"].strftime("%y%m%d")


def test_all_omocode_variants_of_an_old_person_validate() -> None:
    person = {
        "last_name": "Rossi",
        "first_name": "Maria",
        "sex": "F",
        "birth_date": date(1912, 2, 29),
        "birthplace": "Torino",
    }
    code = encode(person)
    assert code == "RSSMRA12B69L219V"
    variants = codicefiscale.decode(code)["omocodes"]
    assert len(set(variants)) == 128
    for variant in variants:
        assert v.validate_codice_fiscale(variant, **consistent_kwargs(person)) == variant
        decoded = v.decode_codice_fiscale(variant, today=TODAY, min_age=60)
        assert decoded == {
            "birth_date": date(1912, 2, 29),
            "sex": "F",
            "birthplace": "Torino",
            "birthplace_code": "L219",
        }


@FAST
@given(people(), st.integers(min_value=0, max_value=15), st.data())
def test_single_character_change_is_rejected(
    person: dict, position: int, data: st.DataObject
) -> None:
    code = person["code"]
    alphabet = string.digits if code[position].isdigit() else string.ascii_uppercase
    replacement = data.draw(st.sampled_from(alphabet.replace(code[position], "")))
    mutated = code[:position] + replacement + code[position + 1 :]
    if codicefiscale.is_valid(mutated):
        # would be another valid code (cannot happen with the official checksum, but the library
        # is the judge): it must then be accepted
        assert v.validate_codice_fiscale(mutated) == mutated
    else:
        with pytest.raises(FieldError):
            v.validate_codice_fiscale(mutated)
        assert v.decode_codice_fiscale(mutated) is None


@FAST
@given(people(), st.integers(min_value=0, max_value=14), st.data())
def test_change_with_recomputed_checksum_agrees_with_library(
    person: dict, position: int, data: st.DataObject
) -> None:
    code = person["code"]
    alphabet = string.digits if code[position].isdigit() else string.ascii_uppercase
    replacement = data.draw(st.sampled_from(alphabet.replace(code[position], "")))
    mutated = with_checksum(code[:position] + replacement + code[position + 1 : 15])
    if codicefiscale.is_valid(mutated):
        assert v.validate_codice_fiscale(mutated) == mutated
    else:
        message = field_error(v.validate_codice_fiscale, mutated)
        assert message.startswith("Il codice fiscale non è valido")
        assert message != MSG_CF_CHECKSUM


@FAST
@given(people(), st.integers(min_value=1, max_value=3000))
def test_wrong_birth_date_is_reported(person: dict, days: int) -> None:
    kwargs = consistent_kwargs(person)
    kwargs["birth_date"] = person["birth_date"] + timedelta(days=days)
    assert field_error(v.validate_codice_fiscale, person["code"], **kwargs) == MSG_CF_DATE


@FAST
@given(people())
def test_birth_date_century_is_not_checked(person: dict) -> None:
    birth_date = person["birth_date"]
    for other_year in (birth_date.year - 100, birth_date.year + 100):
        try:
            other = birth_date.replace(year=other_year)
        except ValueError:  # 29 February 2000 -> 1900
            continue
        assert v.validate_codice_fiscale(person["code"], birth_date=other) == person["code"]


@FAST
@given(people())
def test_wrong_sex_is_reported(person: dict) -> None:
    kwargs = consistent_kwargs(person)
    kwargs["sex"] = "F" if person["sex"] == "M" else "M"
    assert field_error(v.validate_codice_fiscale, person["code"], **kwargs) == MSG_CF_SEX
    assert v.validate_codice_fiscale(person["code"], sex=person["sex"].lower()) == person["code"]


@FAST
@given(people(), st.sampled_from(COMUNI))
def test_wrong_birthplace_is_reported(person: dict, other_place: str) -> None:
    assume(other_place != person["birthplace"])
    kwargs = consistent_kwargs(person)
    kwargs["birthplace"] = other_place
    assert field_error(v.validate_codice_fiscale, person["code"], **kwargs) == MSG_CF_PLACE


@FAST
@given(people(), name_text)
def test_wrong_names_are_reported(person: dict, other_name: str) -> None:
    code = person["code"]
    if codicefiscale.encode_lastname(other_name) != code[:3]:
        message = field_error(v.validate_codice_fiscale, code, last_name=other_name)
        assert message == MSG_CF_LASTNAME
    else:
        assert v.validate_codice_fiscale(code, last_name=other_name) == code
    if codicefiscale.encode_firstname(other_name) != code[3:6]:
        message = field_error(v.validate_codice_fiscale, code, first_name=other_name)
        assert message == MSG_CF_FIRSTNAME
    else:
        assert v.validate_codice_fiscale(code, first_name=other_name) == code


@FAST
@given(people())
def test_decode_round_trips_birth_date_and_sex(person: dict) -> None:
    birth_date = person["birth_date"]
    decoded = v.decode_codice_fiscale(
        person["code"], today=TODAY, min_age=v.age_on(birth_date, TODAY)
    )
    assert decoded is not None
    assert decoded["birth_date"] == birth_date
    assert decoded["sex"] == person["sex"]
    assert decoded["birthplace"] == person["birthplace"]
    assert decoded["birthplace_code"] == person["code"][11:15]

    # without min_age: the most recent century that is not in the future
    latest = v.decode_codice_fiscale(person["code"], today=TODAY)
    assert latest is not None
    assert latest["birth_date"].strftime("%y%m%d") == birth_date.strftime("%y%m%d")
    assert latest["birth_date"] <= TODAY
    assert latest["birth_date"] > TODAY.replace(year=TODAY.year - 100)


@FAST
@given(people().filter(lambda person: person["birth_date"].year <= 1960))
def test_decode_with_elder_min_age(person: dict) -> None:
    decoded = v.decode_codice_fiscale(person["code"], today=TODAY, min_age=60)
    assert decoded is not None
    assert decoded["birth_date"] == person["birth_date"]


def test_codice_fiscale_examples() -> None:
    code = "RSSMRA15C05L219P"  # Mario Rossi, 5 March 1915, Torino
    assert v.validate_codice_fiscale(None) is None
    assert v.validate_codice_fiscale("   ") is None
    assert v.validate_codice_fiscale(" rssmra 15c05 l219p ") == code
    assert (
        v.validate_codice_fiscale(
            code,
            birth_date=date(1915, 3, 5),
            sex="M",
            birthplace="TORINO (TO)",
            first_name="Mario",
            last_name="Rossi",
        )
        == code
    )
    assert v.decode_codice_fiscale(code, today=TODAY)["birth_date"] == date(2015, 3, 5)
    assert v.decode_codice_fiscale(code, today=TODAY, min_age=60)["birth_date"] == date(1915, 3, 5)
    assert v.decode_codice_fiscale("RSSMRA15C05L219X") is None
    assert v.decode_codice_fiscale("") is None


def test_codice_fiscale_distinct_messages() -> None:
    assert field_error(v.validate_codice_fiscale, "RSSMRA15C05L219") == MSG_CF_FORMAT
    assert field_error(v.validate_codice_fiscale, "RSSMRA15C05L219PX") == MSG_CF_FORMAT
    assert field_error(v.validate_codice_fiscale, "RSSMRA15C05L219-") == MSG_CF_FORMAT
    structure = field_error(v.validate_codice_fiscale, with_checksum("RSSMR115C05L219"))
    assert structure.startswith("Il codice fiscale non è valido")
    assert structure not in (MSG_CF_FORMAT, MSG_CF_CHECKSUM)
    assert field_error(v.validate_codice_fiscale, "RSSMRA15C05L219Q") == MSG_CF_CHECKSUM
    # 31 April does not exist
    bad_date = field_error(v.validate_codice_fiscale, with_checksum("RSSMRA15D31L219"))
    assert "data di nascita" in bad_date
    # 29 February of a non-leap year
    assert "data di nascita" in field_error(
        v.validate_codice_fiscale, with_checksum("RSSMRA15B29L219")
    )
    # Z999 is no country, L000 no comune
    for place in ("Z999", "L000"):
        message = field_error(v.validate_codice_fiscale, with_checksum("RSSMRA15C05" + place))
        assert "luogo" in message or "comune" in message
        assert message not in (MSG_CF_CHECKSUM, bad_date)
    # messages never echo the code
    for bad in ("RSSMRA15C05L219", "RSSMRA15C05L219Q"):
        assert bad not in field_error(v.validate_codice_fiscale, bad)


def test_codice_fiscale_foreign_birthplace_and_accents() -> None:
    code = codicefiscale.encode("Müller", "Hans", "M", "1940-06-01", "Germania")
    assert v.validate_codice_fiscale(code, birthplace="germania") == code
    assert v.validate_codice_fiscale(code, last_name="Müller", first_name="Hans") == code
    assert field_error(v.validate_codice_fiscale, code, birthplace="Francia") == MSG_CF_PLACE
    decoded = v.decode_codice_fiscale(code, today=TODAY)
    assert decoded is not None
    assert decoded["birthplace_code"].startswith("Z")
    # accents and apostrophes in the place name
    code = codicefiscale.encode("Rossi", "Anna", "F", "1930-01-10", "Sant'Ambrogio di Torino")
    assert v.validate_codice_fiscale(code, birthplace="SANT’AMBROGIO DI TORINO") == code
    code = codicefiscale.encode("Rossi", "Anna", "F", "1930-01-10", "Forlì")
    assert v.validate_codice_fiscale(code, birthplace="forli") == code


# --------------------------------------------------------------------------------------------------
# Phone, e-mail, CAP
# --------------------------------------------------------------------------------------------------

ITALIAN_PREFIXES = ["011", "06", "02", "091", "0121", "333", "347", "320", "366", "389"]


@st.composite
def italian_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(ITALIAN_PREFIXES))
    length = 10 if prefix.startswith("3") else draw(st.integers(min_value=8, max_value=10))
    rest = draw(
        st.text(
            alphabet=string.digits, min_size=length - len(prefix), max_size=length - len(prefix)
        )
    )
    national = prefix + rest
    assume(phonenumbers.is_valid_number(phonenumbers.parse(national, "IT")))
    return national


@FAST
@given(
    italian_numbers(), st.sampled_from(["", "+39", "+39 ", "0039", "0039 ", "(+39) "]), st.data()
)
def test_phone_variants_normalise_to_the_same_e164(
    national: str, prefix: str, data: st.DataObject
) -> None:
    expected = "+39" + national
    separators = data.draw(
        st.lists(
            st.sampled_from(["", " ", "-", ".", "/"]),
            min_size=len(national) - 1,
            max_size=len(national) - 1,
        )
    )
    spaced = national[0] + "".join(
        sep + digit for sep, digit in zip(separators, national[1:], strict=True)
    )
    assert v.validate_phone(prefix + spaced) == expected
    assert v.validate_phone(f"  {prefix}{national}  ") == expected
    assert v.format_phone(expected).replace(" ", "") == national


@FAST
@given(st.text(min_size=1, max_size=20).filter(lambda text: any(char.isalpha() for char in text)))
def test_phone_with_letters_is_rejected(text: str) -> None:
    assert field_error(v.validate_phone, text) == "Numero di telefono non valido."


def test_phone_examples() -> None:
    assert v.validate_phone(None) is None
    assert v.validate_phone("  ") is None
    assert v.validate_phone("011 1234567") == "+390111234567"
    assert v.validate_phone("+39 333 123 4567") == "+393331234567"
    assert v.validate_phone("3331234567") == "+393331234567"
    assert v.validate_phone("0039 333 1234567") == "+393331234567"
    assert v.validate_phone("(011) 123.45.67") == "+390111234567"
    assert v.validate_phone("+44 20 7946 0958") == "+442079460958"
    assert v.validate_phone("0044 20 7946 0958") == "+442079460958"
    for garbage in (
        "123",
        "abc",
        "+",
        "0",
        "333",
        "+39 333",
        "011 1234567 int. 3",
        "99999999999999999",
    ):
        assert field_error(v.validate_phone, garbage) == "Numero di telefono non valido."
    assert v.format_phone("+390111234567") == "011 123 4567"
    assert v.format_phone("+393331234567") == "333 123 4567"
    assert v.format_phone("+442079460958") == "+44 20 7946 0958"
    assert v.format_phone("not a number") == "not a number"


def test_email() -> None:
    assert v.validate_email(None) is None
    assert v.validate_email("   ") is None
    assert v.validate_email(" Mario.Rossi@Comune.Torino.IT ") == "Mario.Rossi@comune.torino.it"
    assert v.validate_email("a+b@example.org") == "a+b@example.org"
    for bad in (
        "mario",
        "mario@",
        "@example.org",
        "mario@example",
        "mario@@example.org",
        "ma rio@example.org",
        "mario@exa mple.org",
        "mario@example..org",
        "mario@.example.org",
        "mario@example.org.",
        "mario@-example.org",
        "mario@example.c",
        "mario@example.123",
        ".mario@example.org",
        "ma..rio@example.org",
        "mario<x>@example.org",
        "a@b@example.org",
    ):
        assert field_error(v.validate_email, bad) == "Indirizzo email non valido.", bad


def test_postal_code() -> None:
    assert v.validate_postal_code(None) is None
    assert v.validate_postal_code(" ") is None
    assert v.validate_postal_code(" 10100 ") == "10100"
    assert v.validate_postal_code("00100") == "00100"
    for bad in ("1010", "101000", "10a00", "10 100", "١٠١٠٠"):
        assert field_error(v.validate_postal_code, bad) == "Il CAP deve avere 5 cifre."


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

all_dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@FAST
@given(all_dates)
def test_parse_date_round_trips(day: date) -> None:
    texts = [
        day.strftime("%d/%m/") + f"{day.year:04d}",
        f"{day.day}/{day.month}/{day.year:04d}",
        f"{day.day}-{day.month}-{day.year:04d}",
        f"{day.day:02d}.{day.month:02d}.{day.year:04d}",
        day.isoformat(),
        f" {day.isoformat()} ",
    ]
    for text in texts:
        assert v.parse_date(text) == day, text


@st.composite
def impossible_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    year = draw(st.integers(min_value=1000, max_value=9999))
    month = draw(st.integers(min_value=1, max_value=12))
    last = calendar.monthrange(year, month)[1]
    if last == 31 or draw(st.booleans()):
        return year, draw(st.sampled_from([0, 13, 20, 99])), draw(st.integers(1, 28))
    return year, month, draw(st.integers(min_value=last + 1, max_value=31))


@FAST
@given(impossible_dates())
def test_impossible_dates_are_rejected(parts: tuple[int, int, int]) -> None:
    year, month, day = parts
    assert field_error(v.parse_date, f"{day:02d}/{month:02d}/{year}") == "Data inesistente."
    assert field_error(v.parse_date, f"{year}-{month:02d}-{day:02d}") == "Data inesistente."


def test_parse_date_examples() -> None:
    assert v.parse_date(None) is None
    assert v.parse_date("  ") is None
    assert v.parse_date(date(2024, 3, 5)) == date(2024, 3, 5)
    assert v.parse_date(datetime.datetime(2024, 3, 5, 10, 30)) == date(2024, 3, 5)
    assert v.parse_date("5/3/2024") == date(2024, 3, 5)
    assert v.parse_date("05.03.2024") == date(2024, 3, 5)
    assert v.parse_date("5-3-2024") == date(2024, 3, 5)
    assert v.parse_date("2024-03-05") == date(2024, 3, 5)
    assert v.parse_date("29/02/2024") == date(2024, 2, 29)
    assert field_error(v.parse_date, "31/02/2024") == "Data inesistente."
    assert field_error(v.parse_date, "29/02/2023") == "Data inesistente."
    for two_digits in ("5/3/24", "05/03/24", "05.03.24", "5-3-24"):
        assert field_error(v.parse_date, two_digits) == "Indicare l'anno con quattro cifre."
    for garbage in (
        "ieri",
        "5 marzo 2024",
        "2024/03",
        "05/03-2024",
        "2024-03-05T10:00",
        "5//3/2024",
    ):
        assert field_error(v.parse_date, garbage) == "Data non valida: usare il formato gg/mm/aaaa."


def test_validate_birth_date() -> None:
    assert v.validate_birth_date(None) is None
    assert v.validate_birth_date("1/1/1900", today=TODAY) == date(1900, 1, 1)
    assert v.validate_birth_date("21/11/2026", today=TODAY) == TODAY
    assert (
        field_error(v.validate_birth_date, "22/11/2026", today=TODAY)
        == "La data di nascita non può essere nel futuro."
    )
    assert (
        field_error(v.validate_birth_date, "31/12/1899", today=TODAY)
        == "Data di nascita non plausibile."
    )
    assert field_error(v.validate_birth_date, "31/02/1950") == "Data inesistente."


@FAST
@given(
    st.dates(max_value=date(9000, 1, 1)),
    st.dates(max_value=date(9000, 1, 1)),
    st.dates(max_value=date(9000, 1, 1)),
)
def test_age_on_properties(birth: date, first: date, second: date) -> None:
    assert v.age_on(birth, birth) == 0
    first, second = sorted((first, second))
    assert v.age_on(birth, first) <= v.age_on(birth, second)
    # one year later the age has grown by one (by two at most, from 29 February to 1 March)
    if (first.month, first.day) == (2, 29):
        later, growth = date(first.year + 1, 3, 1), (1, 2)
    else:
        later, growth = first.replace(year=first.year + 1), (1,)
    assert v.age_on(birth, later) - v.age_on(birth, first) in growth
    if birth <= first:
        age = v.age_on(birth, first)
        assert age >= 0
        assert birth.year + age <= first.year <= birth.year + age + 1


@FAST
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2000, 12, 31)),
    st.integers(min_value=1, max_value=99),
)
def test_age_on_birthdays(birth: date, years: int) -> None:
    if (birth.month, birth.day) == (2, 29):
        birthday = (
            date(birth.year + years, 2, 29)
            if calendar.isleap(birth.year + years)
            else date(birth.year + years, 3, 1)
        )
    else:
        birthday = birth.replace(year=birth.year + years)
    assert v.age_on(birth, birthday) == years
    assert v.age_on(birth, birthday - timedelta(days=1)) == years - 1


def test_age_on_29_february() -> None:
    leap_day = date(2000, 2, 29)
    assert v.age_on(leap_day, date(2001, 2, 28)) == 0
    assert v.age_on(leap_day, date(2001, 3, 1)) == 1
    assert v.age_on(leap_day, date(2004, 2, 28)) == 3
    assert v.age_on(leap_day, date(2004, 2, 29)) == 4
    assert v.age_on(date(1960, 5, 10), date(1960, 5, 9)) == -1


def test_validate_elder_age() -> None:
    birth = date(1960, 5, 10)
    assert v.validate_elder_age(birth, date(2025, 5, 10)) is None
    assert (
        field_error(v.validate_elder_age, birth, date(2025, 5, 9))
        == "Per il progetto l'anziano deve avere almeno 65 anni (ne ha 64)."
    )
    assert "ne ha 40" in field_error(v.validate_elder_age, birth, date(2000, 6, 1))
    assert (
        field_error(v.validate_elder_age, birth, date(1950, 1, 1))
        == "La data di nascita è successiva alla data di riferimento."
    )


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2)


def italian(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


@FAST
@given(amounts)
def test_parse_decimal_round_trips(amount: Decimal) -> None:
    assert v.parse_decimal(italian(amount)) == amount
    assert v.parse_decimal(italian(amount).replace(".", "")) == amount
    assert v.parse_decimal(f"{amount:.2f}") == amount
    assert v.parse_decimal(amount) == amount


def test_parse_decimal_examples() -> None:
    assert v.parse_decimal(None) is None
    assert v.parse_decimal("  ") is None
    assert v.parse_decimal("1.234,50") == Decimal("1234.50")
    assert v.parse_decimal("12,5") == Decimal("12.50")
    assert v.parse_decimal("12.5") == Decimal("12.50")
    assert v.parse_decimal("1.234") == Decimal("1234.00")  # Italian thousands separator
    assert v.parse_decimal("1.234.567") == Decimal("1234567.00")
    assert v.parse_decimal("0.125") == Decimal("0.13")  # rounded half up
    assert v.parse_decimal("€ 1.000,00") == Decimal("1000.00")
    assert v.parse_decimal("-0,004") == Decimal("0.00")
    assert str(v.parse_decimal("-0,004")) == "0.00"
    assert v.parse_decimal("12,345", places=3) == Decimal("12.345")
    assert v.parse_decimal(7) == Decimal("7.00")
    assert v.parse_decimal(0.1) == Decimal("0.10")
    assert v.parse_decimal(Decimal("2.675")) == Decimal("2.68")
    for bad in (
        "abc",
        "1,234.50",
        "1,2,3",
        "12.",
        "1.23.4",
        "12,",
        "1.2345,6",
        "--1",
        "1e5",
        "NaN",
        "Infinity",
    ):
        assert field_error(v.parse_decimal, bad) == "Importo non valido.", bad
    for bad in (float("nan"), float("inf"), Decimal("NaN"), True):
        assert field_error(v.parse_decimal, bad) == "Importo non valido."


def test_parse_decimal_bounds() -> None:
    assert v.parse_decimal("10,50", min_value=Decimal("10.5")) == Decimal("10.50")
    assert v.parse_decimal("1.000", max_value=1000) == Decimal("1000.00")
    assert (
        field_error(v.parse_decimal, "5", min_value=Decimal("10.5"))
        == "Il valore non può essere inferiore a 10,50."
    )
    assert (
        field_error(v.parse_decimal, "1.000,01", max_value=1000)
        == "Il valore non può essere superiore a 1.000."
    )
    assert (
        field_error(v.parse_decimal, "-1", min_value=0) == "Il valore non può essere inferiore a 0."
    )


def test_validate_int_range() -> None:
    assert v.validate_int_range(" 7 ", min_value=1, max_value=10) == 7
    assert v.validate_int_range(10, min_value=1, max_value=10) == 10
    assert v.validate_int_range("-3", min_value=-5, max_value=0) == -3
    for bad in ("abc", "7,5", "7.0", "1e3", 7.0, True):
        assert (
            field_error(v.validate_int_range, bad, min_value=1, max_value=10)
            == "Inserire un numero intero."
        )
    for out in ("0", 11, "+11"):
        assert (
            field_error(v.validate_int_range, out, min_value=1, max_value=10)
            == "Il valore deve essere compreso tra 1 e 10."
        )
    assert (
        field_error(v.validate_int_range, "  ", min_value=1, max_value=10) == "Campo obbligatorio."
    )


# --------------------------------------------------------------------------------------------------
# Text and names
# --------------------------------------------------------------------------------------------------


def test_clean_text() -> None:
    assert v.clean_text(None) is None
    assert v.clean_text(" \t\n ") is None
    assert v.clean_text("  Via   Roma\t 1 \n scala B ") == "Via Roma 1 scala B"
    assert v.clean_text("a\u00a0\u00a0b") == "a b"
    assert v.clean_text("\n\n  riga uno   \r\n\r\n    riga due  \n\n", multiline=True) == (
        "  riga uno\n\n    riga due"
    )
    assert v.clean_text(" \n \n", multiline=True) is None
    assert v.clean_text("abc", max_length=3) == "abc"
    assert v.clean_text("  abc  ", max_length=3) == "abc"
    assert field_error(v.clean_text, "abcd", max_length=3) == "Il testo supera i 3 caratteri."
    assert (
        field_error(v.clean_text, "x" * 201, max_length=200) == "Il testo supera i 200 caratteri."
    )
    assert field_error(v.clean_text, "x" * 81, max_length=80) == "Il testo supera gli 80 caratteri."


@FAST
@given(st.text(max_size=40))
def test_clean_text_properties(text: str) -> None:
    cleaned = v.clean_text(text)
    if cleaned is None:
        assert not text.strip()
    else:
        assert cleaned == cleaned.strip()
        assert "  " not in cleaned
        assert cleaned.split() == text.split()
        assert v.clean_text(cleaned) == cleaned


def test_require() -> None:
    for missing in (None, "", "   ", [], {}, set(), ()):
        assert field_error(v.require, missing) == "Campo obbligatorio."
    for present in ("x", 0, False, Decimal(0), [0], date(2024, 1, 1)):
        assert v.require(present) is present


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D'ANGELO", "D'Angelo"),
        ("de luca", "De Luca"),
        ("maria-grazia", "Maria-Grazia"),
        ("DELL’ACQUA", "Dell'Acqua"),
        ("  NICOLÒ   ", "Nicolò"),
        ("josé maría", "José María"),
        ("McDonald", "McDonald"),
        ("de Rossi", "de Rossi"),
        ("J. R. R.", "J. R. R."),
        ("anna  maria", "Anna Maria"),
        ("e\u0301lodie", "Élodie"),
        (None, None),
        ("   ", None),
    ],
)
def test_normalize_name(raw: str | None, expected: str | None) -> None:
    assert v.normalize_name(raw) == expected


@pytest.mark.parametrize(
    "raw", ["Mario2", "Rossi!", "---", "'.", "Anna_Maria", "Mario (detto Rino)", "a@b"]
)
def test_normalize_name_rejects(raw: str) -> None:
    assert field_error(v.normalize_name, raw) == "Il nome contiene caratteri non ammessi."


def test_normalize_name_too_long() -> None:
    assert v.normalize_name("a" * 80) == "A" + "a" * 79
    assert field_error(v.normalize_name, "a" * 81) == "Il testo supera gli 80 caratteri."


@FAST
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzàèéìòù'- ", min_size=1, max_size=30).filter(
        lambda text: any(char.isalpha() for char in text)
    )
)
def test_normalize_name_title_cases_lower_and_upper(name: str) -> None:
    lower = v.normalize_name(name)
    assert lower is not None
    assert lower == v.normalize_name(name.upper())
    assert lower.lower() == " ".join(name.split())
    assert v.normalize_name(lower) == lower  # idempotent
    for part in lower.replace("'", " ").replace("-", " ").split():
        assert part[0].isupper()
        assert part[1:] == part[1:].lower()
