"""Builders for valid people, shared by service tests."""

from __future__ import annotations

import datetime as dt
import itertools

from codicefiscale import codicefiscale

_counter = itertools.count(1)


def elder_data(**overrides) -> dict:
    n = next(_counter)
    data = {
        "last_name": f"Bianchi{'abcdefghij'[n % 10]}",
        "first_name": "Maria",
        "sex": "F",
        "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=n),
        "comune": "Rivoli",
        "referral_date": dt.date.today() - dt.timedelta(days=30),
    }
    data.update(overrides)
    return data


def fosterer_data(**overrides) -> dict:
    n = next(_counter)
    data = {
        "last_name": f"Verdi{'abcdefghij'[n % 10]}",
        "first_name": "Giorgio",
        "sex": "M",
        "birth_date": dt.date(1975, 1, 1) + dt.timedelta(days=n),
        "comune": "Collegno",
        "application_date": dt.date.today() - dt.timedelta(days=60),
        "capacity": 1,
    }
    data.update(overrides)
    return data


def cf_for(last, first, sex, born: dt.date, place="Rivoli") -> str:
    return codicefiscale.encode(lastname=last, firstname=first, gender=sex,
                                birthdate=born.isoformat(), birthplace=place)
