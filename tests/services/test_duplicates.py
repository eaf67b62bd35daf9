"""The duplicate finder, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from affido_app.domain.enums import ElderStatus, PersonKind, Role
from affido_app.errors import PermissionDenied
from affido_app.services import duplicates as D
from affido_app.services import people as P
from tests.helpers import cf_for, elder_data, fosterer_data

BORN = dt.date(1942, 6, 15)


@pytest.fixture
def co(actors):
    return actors[Role.COORDINATOR]


def _elder(db, actor, **kw) -> int:
    with db.sessions.begin() as s:
        return P.create_elder(s, actor, elder_data(**kw))


def _find(db, actor, kind=PersonKind.ELDER, **kw):
    with db.sessions() as s:
        return D.find_possible_duplicates(s, actor, kind, **kw)


def test_same_codice_fiscale_is_certain(db, co):
    cf = cf_for("Rossi", "Maria", "F", BORN)
    eid = _elder(db, co, last_name="Rossi", first_name="Maria", birth_date=BORN,
                 codice_fiscale=cf)
    found = _find(db, co, last_name="Completamente", first_name="Diverso",
                  codice_fiscale=cf.lower())
    assert [d["id"] for d in found] == [eid]
    hit = found[0]
    assert hit["certain"] is True
    assert hit["reason"] == "Stesso codice fiscale"
    assert hit["score"] == 100
    assert hit["name"] == "Rossi Maria"
    assert hit["birth_date"] == BORN
    assert hit["comune"] == "Rivoli"
    assert hit["status"] == ElderStatus.REFERRED
    assert hit["status_label"] == "Segnalato"


def test_similar_name_and_same_birth_date(db, co):
    eid = _elder(db, co, last_name="Rossi", first_name="Maria", birth_date=BORN)
    _elder(db, co, last_name="Rossi", first_name="Maria", birth_date=dt.date(1950, 1, 1))
    _elder(db, co, last_name="Ferrero", first_name="Luigi", birth_date=BORN)
    found = _find(db, co, last_name="Rosi", first_name="Mària", birth_date=BORN)
    assert [d["id"] for d in found] == [eid]
    assert found[0]["reason"] == "Nome simile e stessa data di nascita"
    assert found[0]["certain"] is False
    assert 85 <= found[0]["score"] < 100


def test_swapped_names_and_typo_in_first_letters_still_found_by_birth_date(db, co):
    eid = _elder(db, co, last_name="Bianco", first_name="Giuseppina", birth_date=BORN)
    found = _find(db, co, last_name="Giuseppina", first_name="Bianco", birth_date=BORN)
    assert [d["id"] for d in found] == [eid]
    found = _find(db, co, last_name="Vianco", first_name="Giuseppina", birth_date=BORN)
    assert [d["id"] for d in found] == [eid]


def test_birth_year_within_one_is_a_weaker_match(db, co):
    close = _elder(db, co, last_name="D'Angelo", first_name="Nicolò",
                   birth_date=dt.date(1941, 12, 30))
    _elder(db, co, last_name="D'Angelo", first_name="Nicolò", birth_date=dt.date(1938, 1, 1))
    same = _elder(db, co, last_name="D'Angelo", first_name="Nicolo", birth_date=BORN)
    found = _find(db, co, last_name="d'angelo", first_name="nicolo", birth_date=BORN)
    assert [d["id"] for d in found] == [same, close]
    assert found[1]["reason"] == "Nome simile e anno di nascita vicino"
    assert found[1]["score"] < found[0]["score"]


def test_different_people_are_not_reported(db, co):
    _elder(db, co, last_name="Rossi", first_name="Maria", birth_date=BORN)
    assert _find(db, co, last_name="Rossini", first_name="Gioachino", birth_date=BORN) == []
    assert _find(db, co, last_name="Rossi", first_name="Maria",
                 birth_date=dt.date(1960, 1, 1)) == []
    assert _find(db, co, last_name="", first_name="") == []


def test_exclude_id_limit_and_kind(db, co):
    ids = [_elder(db, co, last_name="Gallo", first_name="Anna", birth_date=BORN)
           for _ in range(4)]
    found = _find(db, co, last_name="Gallo", first_name="Anna", birth_date=BORN,
                  exclude_id=ids[0], limit=2)
    assert len(found) == 2
    assert ids[0] not in {d["id"] for d in found}
    # fosterers are another registry
    assert _find(db, co, PersonKind.FOSTERER, last_name="Gallo", first_name="Anna",
                 birth_date=BORN) == []
    with db.sessions.begin() as s:
        fid = P.create_fosterer(s, co, fosterer_data(last_name="Gallo", first_name="Anna",
                                                     birth_date=dt.date(1980, 2, 2)))
    found = _find(db, co, "fosterer", last_name="Galo", first_name="Anna",
                  birth_date=dt.date(1980, 2, 2))
    assert [(d["id"], d["kind"]) for d in found] == [(fid, PersonKind.FOSTERER)]


def test_without_birth_date_only_almost_identical_names(db, co):
    eid = _elder(db, co, last_name="Martinetto", first_name="Carla", birth_date=BORN)
    found = _find(db, co, last_name="MARTINETTO", first_name="carla")
    assert [(d["id"], d["reason"]) for d in found] == [(eid, "Nome simile")]
    assert _find(db, co, last_name="Martinet", first_name="Carlo") == []


def test_reading_needs_permission(db, actors):
    reader = actors[Role.READ_ONLY]
    assert _find(db, reader, last_name="Rossi", first_name="Maria") == []
    with pytest.raises(PermissionDenied), db.sessions() as s:
        from affido_app.services.context import Actor

        D.find_possible_duplicates(s, Actor(999, "nobody"), PersonKind.ELDER,
                                   last_name="Rossi", first_name="Maria")
