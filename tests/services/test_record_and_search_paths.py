"""The fast paths of the registry and of a person's record (issue 9) give what users saw before:
the same rows, the same checks, the audit row of a health-data read written and chained."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    ElderStatus,
    PersonKind,
    Role,
)
from affido_app.errors import NotFound, ValidationError
from affido_app.services import consents, interviews, people, staff
from affido_app.services.audit import verify_chain
from affido_app.services.people import PersonFilter, count_people, list_people
from tests.helpers import cf_for, elder_data

ELDER = PersonKind.ELDER


def _elders(db, actor, *rows: dict) -> list[int]:
    with db.sessions.begin() as s:
        return [people.create_elder(s, actor, elder_data(**row)) for row in rows]


def test_search_finds_by_surname_codice_fiscale_and_without_accents(db, actors):
    co = actors[Role.COORDINATOR]
    CF = cf_for("Cantù", "Anna", "F", dt.date(1942, 3, 5))
    nicolo, cantu, other = _elders(
        db, co,
        {"last_name": "Rossi", "first_name": "Nicolò", "comune": "Collegno"},
        {"last_name": "Cantù", "first_name": "Anna", "sex": "F",
         "birth_date": dt.date(1942, 3, 5), "birthplace": "Rivoli",
         "codice_fiscale": CF},
        {"last_name": "Bruno", "first_name": "Carlo", "comune": "Rivoli"},
    )

    def found(text: str, **kw) -> list[int]:
        flt = PersonFilter(search=text, **kw)
        with db.sessions() as s:
            n = count_people(s, co, ELDER, flt)
            rows = list_people(s, co, ELDER, flt, limit=50, counted=n)
            again = list_people(s, co, ELDER, flt, limit=50)  # without the count given
        assert [r.id for r in rows] == [r.id for r in again]
        assert n == len(rows)
        return [r.id for r in rows]

    assert found("rossi") == [nicolo]
    assert found("nicolo") == [nicolo]  # accents left out
    assert found("NICOLÒ ros") == [nicolo]
    assert found("cantu") == [cantu]
    assert found(CF[:8]) == [cantu]  # codice fiscale, a prefix
    assert found(CF.lower()) == [cantu]
    assert found("collegno") == [nicolo]
    assert found("nessuno") == []
    assert set(found("")) == {nicolo, cantu, other}  # no text: everyone
    # another filter with the text: the general path, same rules
    assert found("nicolo", statuses=(ElderStatus.REFERRED,)) == [nicolo]
    assert found("nicolo", statuses=(ElderStatus.WAITING,)) == []


def test_the_registry_page_is_the_same_through_either_path(db, actors):
    """A page read with the statement built once equals the one built for any filter
    (every status asked for: same people), in each order and direction, page after page."""
    co = actors[Role.COORDINATOR]
    _elders(db, co, *({"last_name": name, "first_name": first, "comune": comune}
                      for name, first, comune in [
                          ("de Rossi", "Anna", "Rivoli"), ("De Rossi", "anna", "Rosta"),
                          ("Zanetti", "Ada", "Collegno"), ("Amato", "Bruno", "Rivoli"),
                          ("van Dijk", "Aldo", "Alpignano"), ("Rossini", "Carla", "Rivoli")]))
    every = tuple(ElderStatus)
    with db.sessions() as s:
        for sort in ("name", "birth_date", "comune", "status", "status_since", "id"):
            for descending in (False, True):
                for text in ("", "ro", "rivoli"):
                    plain = PersonFilter(search=text, sort=sort, descending=descending)
                    general = PersonFilter(search=text, sort=sort, descending=descending,
                                           statuses=every)
                    for offset in (0, 2, 4):
                        a = list_people(s, co, ELDER, plain, offset=offset, limit=2)
                        b = list_people(s, co, ELDER, general, offset=offset, limit=2)
                        assert a == b, (sort, descending, text, offset)


def test_opening_a_record_reads_its_lists_and_audits_the_health_data(db, actors):
    co = actors[Role.COORDINATOR]
    (eid,) = _elders(db, co, {"fragility_physical": 2, "allergies": "Penicillina"})
    with db.sessions.begin() as s:
        people.add_elder_contact(s, co, eid, {"name": "Carla Verdi", "relation": "figlia"})
        consents.record_consent(s, co, elder_id=eid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": dt.date.today()})
        before = s.scalar(select(func.count()).select_from(AuditEvent))
    with db.sessions.begin() as s:  # what the elder's window does when it opens
        record = people.get_elder(s, co, eid, sensitive=True)
        team = staff.list_staff(s, co)
        contacts = people.list_elder_contacts(s, co, eid)
        talks = interviews.list_interviews(s, co, elder_id=eid)
        given = consents.list_consents(s, co, elder_id=eid)
        history = people.history(s, co, ELDER, eid)
    assert record["id"] == eid and record["kind"] == ELDER
    assert record["allergies"] == "Penicillina" and record["fragility_physical"] == 2
    assert record["status"] == ElderStatus.REFERRED and record["version"] >= 1
    assert {u["username"] for u in team} >= {"coordinatore"}
    assert all(isinstance(u["has_password"], bool) and "password_hash" not in u for u in team)
    assert [c["name"] for c in contacts] == ["Carla Verdi"] and contacts[0]["id"]
    assert talks == []
    assert [(c["scope"], c["active"]) for c in given] == [(ConsentScope.DATA_PROCESSING, True)]
    assert [h["to_status"] for h in history] == [ElderStatus.REFERRED]
    with db.sessions() as s:  # the read of the health data left one committed, chained row
        rows = s.execute(select(AuditEvent).where(AuditEvent.id > before)).scalars().all()
        assert [(r.action, r.entity, r.entity_id, r.elder_id, r.user_id) for r in rows] == [
            (AuditAction.READ, "elders", eid, eid, co.id)]
        assert rows[0].hash and rows[0].prev_hash
        assert verify_chain(s) == []
    # without the health data: no audit row, no health field
    with db.sessions.begin() as s:
        plain = people.get_elder(s, co, eid)
    assert "allergies" not in plain and plain["last_name"] == record["last_name"]
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == before + 1


def test_lists_of_a_missing_person_are_refused(db, actors):
    co = actors[Role.COORDINATOR]
    (eid,) = _elders(db, co, {})
    with db.sessions() as s:
        assert people.list_elder_contacts(s, co, eid) == []  # nobody yet: an empty list
        assert consents.list_consents(s, co, elder_id=eid) == []
        for read in (lambda: people.get_elder(s, co, eid + 1000),
                     lambda: people.list_elder_contacts(s, co, eid + 1000),
                     lambda: people.history(s, co, ELDER, eid + 1000),
                     lambda: consents.list_consents(s, co, elder_id=eid + 1000),
                     lambda: people.list_household(s, co, 99999)):
            with pytest.raises(NotFound):
                read()
        with pytest.raises(ValidationError):
            consents.list_consents(s, co)


def test_reads_see_changes_not_yet_committed_in_the_same_unit_of_work(db, actors):
    co = actors[Role.COORDINATOR]
    (eid,) = _elders(db, co, {"last_name": "Prima"})
    with db.sessions.begin() as s:
        from affido_app.db.models import Elder

        s.get(Elder, eid).last_name = "Dopo"  # pending in the session, not flushed
        assert people.get_elder(s, co, eid)["last_name"] == "Dopo"


def test_audit_rows_chain_within_and_across_units_of_work(db, actors):
    from affido_app.services.audit import audit

    co = actors[Role.COORDINATOR]
    (eid,) = _elders(db, co, {})
    with db.sessions.begin() as s:
        for _ in range(3):
            audit(s, co.id, AuditAction.READ, "elders", eid, elder_id=eid)
    with db.sessions.begin() as s:
        audit(s, co.id, AuditAction.READ, "elders", eid, elder_id=eid)
    with db.sessions() as s:
        rows = s.execute(select(AuditEvent.prev_hash, AuditEvent.hash)
                         .order_by(AuditEvent.id)).all()
        assert rows[0].prev_hash is None
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
        assert verify_chain(s) == []
