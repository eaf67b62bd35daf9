"""Elders and fosterers through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent, Consent, ElderEvent
from affido_app.domain.enums import (
    AuditAction,
    ConsentScope,
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    Need,
    PersonKind,
    Role,
)
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import people as P
from tests.helpers import cf_for, elder_data, fosterer_data, give_approval_evidence


def _create_elder(db, actor, **kw) -> int:
    with db.sessions.begin() as s:
        return P.create_elder(s, actor, elder_data(**kw))


def test_create_and_read_elder_normalises_values(db, actors):
    co = actors[Role.COORDINATOR]
    born = dt.date(1941, 5, 17)
    cf = cf_for("D'Angelo", "Nicolò", "M", born, "Collegno")
    eid = _create_elder(db, co, last_name="D'ANGELO", first_name="nicolò", sex="M",
                        birth_date="17/05/1941", codice_fiscale=cf.lower(),
                        birthplace="Collegno", comune="collegno", phone="011 953 1234",
                        needs=["company", "walks"])
    with db.sessions.begin() as s:
        e = P.get_elder(s, co, eid)
    assert (e["last_name"], e["first_name"]) == ("D'Angelo", "Nicolò")
    assert e["codice_fiscale"] == cf
    assert e["comune"] == "Collegno"
    assert e["phone"] == "+390119531234"
    assert e["birth_date"] == born
    assert e["needs"] == int(Need.COMPANY | Need.WALKS)
    assert e["status"] == ElderStatus.REFERRED
    assert e["version"] == 1


def test_every_invalid_field_is_reported_in_italian(db, actors):
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_elder(s, actors[Role.COORDINATOR], {
            "last_name": "", "first_name": "Ann4", "birth_date": "31/02/1940",
            "comune": "Atlantide", "codice_fiscale": "XYZ", "phone": "12",
            "email": "non-una-mail",
        })
    errors = info.value.errors
    assert errors["last_name"] == "Campo obbligatorio."
    assert "caratteri non ammessi" in errors["first_name"]
    assert errors["birth_date"] == "Data inesistente."
    assert "Comune non trovato" in errors["comune"]
    assert "16 caratteri" in errors["codice_fiscale"]
    assert "telefono" in errors["phone"].lower()
    assert "email" in errors["email"].lower()


def test_codice_fiscale_must_match_birth_data(db, actors):
    cf = cf_for("Rossi", "Mario", "M", dt.date(1940, 3, 5))
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_elder(s, actors[Role.COORDINATOR], elder_data(
            last_name="Rossi", first_name="Mario", sex="M", birth_date="06/03/1940",
            codice_fiscale=cf))
    assert "data di nascita" in info.value.errors["codice_fiscale"]


def test_people_born_before_1920_are_valid(db, actors):
    born = dt.date(1918, 11, 4)
    cf = cf_for("Rossi", "Ada", "F", born)
    eid = _create_elder(db, actors[Role.COORDINATOR], last_name="Rossi", first_name="Ada",
                        sex="F", birth_date=born, codice_fiscale=cf)
    with db.sessions.begin() as s:
        assert P.get_elder(s, actors[Role.COORDINATOR], eid)["birth_date"] == born


def test_birth_in_the_future_is_refused(db, actors):
    future = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_elder(s, actors[Role.COORDINATOR], elder_data(birth_date=future))
    assert "futuro" in info.value.errors["birth_date"]


def test_elder_must_be_65_at_intake(db, actors):
    young = dt.date.today().replace(year=dt.date.today().year - 60)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_elder(s, actors[Role.COORDINATOR],
                       elder_data(birth_date=young, intake_date=dt.date.today()))
    assert "65 anni" in info.value.errors["birth_date"]


def test_duplicate_codice_fiscale_is_refused(db, actors):
    co = actors[Role.COORDINATOR]
    born = dt.date(1939, 7, 1)
    cf = cf_for("Neri", "Lia", "F", born)
    _create_elder(db, co, last_name="Neri", first_name="Lia", sex="F", birth_date=born,
                  codice_fiscale=cf)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_elder(s, co, elder_data(last_name="Neri", first_name="Lia", sex="F",
                                         birth_date=born, codice_fiscale=cf))
    assert "Esiste già un anziano" in info.value.errors["codice_fiscale"]


def test_update_checks_version_and_audits_field_names_only(db, actors):
    co = actors[Role.COORDINATOR]
    eid = _create_elder(db, co)
    with db.sessions.begin() as s:
        v2 = P.update_elder(s, co, eid, {"address": "Via Roma 1", "notes": "Ama i gatti"},
                            expected_version=1)
    assert v2 == 2
    with pytest.raises(Conflict), db.sessions.begin() as s:
        P.update_elder(s, co, eid, {"address": "Via Po 2"}, expected_version=1)
    with db.sessions.begin() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.UPDATE)
                        .order_by(AuditEvent.id.desc())).first()
        assert row.detail == {"fields": ["address", "notes"]}
        assert row.elder_id == eid and row.user_id == co.id
        assert "Roma" not in str(row.detail) and "gatti" not in str(row.detail)
        assert P.get_elder(s, co, eid)["address"] == "Via Roma 1"


def test_sensitive_fields_need_permission_and_are_audited(db, actors):
    co, ro = actors[Role.COORDINATOR], actors[Role.READ_ONLY]
    eid = _create_elder(db, co, fragility_physical=2, chronic_conditions="Diabete")
    with db.sessions.begin() as s:
        plain = P.get_elder(s, ro, eid)
    assert "chronic_conditions" not in plain and "fragility_physical" not in plain
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.get_elder(s, ro, eid, sensitive=True)
    with db.sessions.begin() as s:
        full = P.get_elder(s, co, eid, sensitive=True)
        assert full["chronic_conditions"] == "Diabete"
        assert full["fragility_physical"] == FragilityLevel.MEDIUM
        reads = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.READ,
                                                   AuditEvent.elder_id == eid)).all()
        assert len(reads) == 1 and reads[0].user_id == co.id


def test_read_only_changes_nothing(db, actors):
    ro = actors[Role.READ_ONLY]
    eid = _create_elder(db, actors[Role.COORDINATOR])
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.create_elder(s, ro, elder_data())
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.update_elder(s, ro, eid, {"notes": "x"}, expected_version=1)
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.change_elder_status(s, ro, eid, ElderStatus.CLOSED, reason="withdrew")


def _consent(s, elder_id):
    s.add(Consent(elder_id=elder_id, scope=ConsentScope.DATA_PROCESSING,
                  given_on=dt.date.today() - dt.timedelta(days=10)))
    s.flush()


def test_elder_life_cycle_records_events(db, actors):
    co = actors[Role.COORDINATOR]
    eid = _create_elder(db, co)
    today = dt.date.today()
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.ASSESSED)
    assert "consenso" in info.value.errors["consent"]
    with db.sessions.begin() as s:
        _consent(s, eid)
        P.change_elder_status(s, co, eid, ElderStatus.ASSESSED, note="Valutazione fatta")
        P.change_elder_status(s, co, eid, ElderStatus.WAITING)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.SUSPENDED, reason="ricovero")
    assert "ripresa" in info.value.errors["until"]
    with db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.SUSPENDED, reason="Ricovero",
                              until=today + dt.timedelta(days=20))
        e = P.get_elder(s, co, eid)
        assert e["status"] == ElderStatus.SUSPENDED
        assert e["suspended_until"] == today + dt.timedelta(days=20)
        assert e["intake_date"] == today
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.CLOSED, reason="boh")
    assert info.value.errors["reason"] == "Motivo non valido."
    with db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.CLOSED, reason="died")
        events = P.history(s, co, PersonKind.ELDER, eid)
    assert [e["to_status"] for e in events] == [
        ElderStatus.REFERRED, ElderStatus.ASSESSED, ElderStatus.WAITING, ElderStatus.SUSPENDED,
        ElderStatus.CLOSED]
    assert events[1]["note"] == "Valutazione fatta"
    assert all(e["author_id"] == co.id for e in events)


def test_transitions_outside_the_life_cycle_are_refused(db, actors):
    co = actors[Role.COORDINATOR]
    eid = _create_elder(db, co)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_elder_status(s, co, eid, ElderStatus.FOSTERED)
    assert "non si può passare" in info.value.errors["status"]


def test_uvg_care_makes_an_elder_ineligible(db, actors):
    co = actors[Role.COORDINATOR]
    eid = _create_elder(db, co, in_uvg_care=True)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        _consent(s, eid)
        P.change_elder_status(s, co, eid, ElderStatus.ASSESSED)
    assert "UVG" in info.value.errors["in_uvg_care"]


def test_status_history_cannot_be_rewritten(db, actors):
    from sqlalchemy.exc import DBAPIError

    eid = _create_elder(db, actors[Role.COORDINATOR])
    with pytest.raises(DBAPIError), db.sessions.begin() as s:
        ev = s.scalars(select(ElderEvent).where(ElderEvent.elder_id == eid)).one()
        ev.note = "riscritto"
        s.flush()


def test_fosterer_approval_needs_the_right_role(db, actors):
    co, psy = actors[Role.COORDINATOR], actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        fid = P.create_fosterer(s, co, fosterer_data())
        P.change_fosterer_status(s, co, fid, FostererStatus.SELECTION)
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.change_fosterer_status(s, psy, fid, FostererStatus.APPROVED)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.change_fosterer_status(s, co, fid, FostererStatus.APPROVED)
    assert info.value.errors["approval"].startswith("Manca: ")
    with db.sessions.begin() as s:
        give_approval_evidence(s, fid)
        P.change_fosterer_status(s, co, fid, FostererStatus.APPROVED)
        f = P.get_fosterer(s, co, fid)
    assert f["status"] == FostererStatus.APPROVED
    assert f["approval_date"] == dt.date.today()


def test_fosterer_must_be_adult(db, actors):
    minor = dt.date.today().replace(year=dt.date.today().year - 16)
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.create_fosterer(s, actors[Role.COORDINATOR], fosterer_data(birth_date=minor))
    assert "maggiorenne" in info.value.errors["birth_date"]


def test_household_contacts_and_documents(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = P.create_fosterer(s, co, fosterer_data())
        P.add_household_member(s, co, fid, {"name": "Lucia Verdi", "relation": "moglie",
                                            "co_fosterer": True})
        expired = P.add_document(s, co, fid, {"kind": "criminal_record",
                                              "issued_on": "01/01/2020",
                                              "expires_on": "01/07/2020"})
        P.add_document(s, co, fid, {"kind": "id_document",
                                    "expires_on": dt.date.today() + dt.timedelta(days=300)})
        eid = P.create_elder(s, co, elder_data())
        P.add_elder_contact(s, co, eid, {"name": "Paolo Bianchi", "relation": "figlio",
                                         "phone": "333 1234567", "is_primary": True})
    with db.sessions.begin() as s:
        docs = {d["id"]: d for d in P.list_documents(s, co, fid)}
        assert docs[expired]["valid"] is False
        assert sum(d["valid"] for d in docs.values()) == 1
        assert P.list_household(s, co, fid)[0]["co_fosterer"] is True
        assert P.list_elder_contacts(s, co, eid)[0]["phone"] == "+393331234567"
    with pytest.raises(ValidationError) as info, db.sessions.begin() as s:
        P.add_document(s, co, fid, {"kind": "insurance", "issued_on": "01/01/2024",
                                    "expires_on": "01/01/2023"})
    assert "rilascio" in info.value.errors["expires_on"]
    with pytest.raises(NotFound), db.sessions.begin() as s:
        P.remove_document(s, co, 99999)


def test_search_ignores_accents_and_case(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        a = P.create_elder(s, co, elder_data(last_name="Nicolò", first_name="Gianni",
                                             phone="011 9876543"))
        P.create_elder(s, co, elder_data(last_name="Rossi", first_name="Anna",
                                         comune="Grugliasco"))
        f = P.create_fosterer(s, co, fosterer_data(last_name="Niccolai", first_name="Bruno"))
    with db.sessions.begin() as s:
        def ids(q, kind=PersonKind.ELDER):
            return [r.id for r in P.list_people(s, co, kind, P.PersonFilter(search=q))]

        assert ids("nicolo") == [a]
        assert ids("NICOLÒ gia") == [a]
        assert ids("011 98765") == [a]
        assert ids("+39 011 9876") == [a]
        assert len(ids("grugli")) == 1
        assert ids("nicc", PersonKind.FOSTERER) == [f]
        assert ids("zzzz") == []
        found = P.search_people(s, co, "nic")
        assert {(r["kind"], r["id"]) for r in found} == {(PersonKind.ELDER, a),
                                                         (PersonKind.FOSTERER, f)}


def test_list_filters_sorting_paging_and_count(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        for i, name in enumerate(["Zanetti", "Abate", "Moro", "Bassi", "Conti"]):
            P.create_elder(s, co, elder_data(
                last_name=name, comune="Rivoli" if i % 2 else "Rosta",
                needs=["company", "meals"] if i < 2 else ["company"],
                fragility_psychological=3 if name == "Moro" else 0))
    with db.sessions.begin() as s:
        flt = P.PersonFilter()
        names = [r.last_name for r in P.list_people(s, co, PersonKind.ELDER, flt)]
        assert names == ["Abate", "Bassi", "Conti", "Moro", "Zanetti"]
        desc = P.PersonFilter(descending=True)
        page = P.list_people(s, co, PersonKind.ELDER, desc, offset=1, limit=2)
        assert [r.last_name for r in page] == ["Moro", "Conti"]
        assert P.count_people(s, co, PersonKind.ELDER, P.PersonFilter(comune="Rosta")) == 3
        meals = P.PersonFilter(needs=int(Need.MEALS))
        assert {r.last_name for r in P.list_people(s, co, PersonKind.ELDER, meals)} == {
            "Zanetti", "Abate"}
        fragile = P.PersonFilter(min_fragility=3)
        assert [r.last_name for r in P.list_people(s, co, PersonKind.ELDER, fragile)] == ["Moro"]
        waiting = P.PersonFilter(statuses=(ElderStatus.WAITING,))
        assert P.count_people(s, co, PersonKind.ELDER, waiting) == 0


def test_status_sort_follows_the_life_cycle(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        closed = P.create_fosterer(s, co, fosterer_data(last_name="Alfa"))
        P.change_fosterer_status(s, co, closed, FostererStatus.WITHDRAWN, reason="personal")
        selection = P.create_fosterer(s, co, fosterer_data(last_name="Beta"))
        P.change_fosterer_status(s, co, selection, FostererStatus.SELECTION)
        application = P.create_fosterer(s, co, fosterer_data(last_name="Gamma"))
    with db.sessions.begin() as s:
        rows = P.list_people(s, co, PersonKind.FOSTERER, P.PersonFilter(sort="status"))
    assert [r.id for r in rows] == [application, selection, closed]


def test_fragility_filter_needs_the_right_to_see_health_data(db, actors):
    with pytest.raises(PermissionDenied), db.sessions.begin() as s:
        P.count_people(s, actors[Role.READ_ONLY], PersonKind.ELDER,
                       P.PersonFilter(min_fragility=1))
    with db.sessions.begin() as s:
        assert P.count_people(s, actors[Role.COORDINATOR], PersonKind.ELDER,
                              P.PersonFilter(min_fragility=1)) == 0


def test_comuni_in_use(db, actors):
    co = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        P.create_elder(s, co, elder_data(comune="Torino"))
        P.create_elder(s, co, elder_data(comune="Avigliana"))
        P.create_elder(s, co, elder_data(comune="Torino"))
        P.create_fosterer(s, co, fosterer_data(comune="Rivoli"))
        assert P.comuni_in_use(s, co, PersonKind.ELDER) == ["Avigliana", "Torino"]
        assert P.comuni_in_use(s, co, PersonKind.FOSTERER) == ["Rivoli"]
