"""Drafts of open forms: kept per user, replaced, listed with the state of their record, deleted
with the person they are about; the migration that adds them goes up and down."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from sqlalchemy import func, inspect, select

from affido_app.config import sqlite_url
from affido_app.db.migrate import (
    current_revision,
    downgrade_to,
    head_revision,
    open_database,
    upgrade_to,
)
from affido_app.db.models import Elder, FormDraft, Interview
from affido_app.domain.enums import (
    ConsentScope,
    ElderStatus,
    FostererStatus,
    InterviewKind,
    PersonKind,
    Role,
    Sex,
)
from affido_app.errors import PermissionDenied, ValidationError
from affido_app.services import consents, drafts, gdpr, people
from tests.helpers import elder_data

TODAY = dt.date.today()


def _elder(db, actor, **over) -> int:
    with db.sessions.begin() as s:
        return people.create_elder(s, actor, elder_data(**over))


def _count(db) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(FormDraft))


def test_values_keep_their_types():
    values = {"last_name": "Rossi", "birth_date": dt.date(1940, 2, 3), "sex": Sex.F,
              "held_at": dt.datetime(2026, 1, 2, 10, 30, tzinfo=dt.UTC), "mask": 7,
              "km": decimal.Decimal("12.50"), "flag": True, "none": None,
              "nested": {"when": dt.date(2026, 5, 1)}, "items": [dt.date(2026, 1, 1)]}
    back = drafts.decode_values(drafts.encode_values(values))
    assert back == {**values, "sex": "F"}
    assert isinstance(back["km"], decimal.Decimal)
    assert back["held_at"].tzinfo is not None


def test_save_list_replace_discard(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        new_id = drafts.save_draft(s, coord, kind="elder", description="Nuova scheda anziano",
                                   values={"last_name": "Bianchi", "birth_date":
                                           dt.date(1941, 4, 5)})
    with db.sessions.begin() as s:  # the same form again: its draft is replaced
        again = drafts.save_draft(s, coord, kind="elder", description="Nuova scheda anziano",
                                  values={"last_name": "Bianchini"}, draft_id=new_id)
        other_new = drafts.save_draft(s, coord, kind="elder", values={"last_name": "Verdi"},
                                      description="Nuova scheda anziano")
    assert again == new_id and other_new != new_id
    with db.sessions() as s:
        listed = drafts.list_drafts(s, coord)
    assert {d["id"] for d in listed} == {new_id, other_new}
    mine = next(d for d in listed if d["id"] == new_id)
    assert mine["values"] == {"last_name": "Bianchini"}
    assert mine["state"] == drafts.NEW and mine["record_id"] is None
    assert mine["saved_at"].tzinfo is not None
    with db.sessions.begin() as s:
        assert drafts.discard_draft(s, coord, new_id) is True
        assert drafts.discard_draft(s, coord, new_id) is False  # already gone: no error
    with db.sessions() as s:
        assert [d["id"] for d in drafts.list_drafts(s, coord)] == [other_new]


def test_one_draft_per_existing_record(db, actors):
    coord = actors[Role.COORDINATOR]
    eid = _elder(db, coord)
    with db.sessions.begin() as s:
        first = drafts.save_draft(s, coord, kind="elder", record_id=eid, record_version=1,
                                  description="Scheda anziano di Rossi Maria",
                                  values={"notes": "uno"})
    with db.sessions.begin() as s:  # a second window on the same record (after a crash)
        second = drafts.save_draft(s, coord, kind="elder", record_id=eid, record_version=1,
                                   description="Scheda anziano di Rossi Maria",
                                   values={"notes": "due"})
    assert first == second
    with db.sessions() as s:
        (draft,) = drafts.list_drafts(s, coord)
    assert draft["values"] == {"notes": "due"} and draft["state"] == drafts.SAME


def test_drafts_are_their_owners_only(db, actors):
    coord, psy = actors[Role.COORDINATOR], actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s:
        draft_id = drafts.save_draft(s, coord, kind="elder", description="Nuova scheda anziano",
                                     values={"last_name": "Bianchi"})
    with db.sessions.begin() as s:
        assert drafts.list_drafts(s, psy) == []
        assert drafts.count_drafts(s, psy) == 0
        assert drafts.get_draft(s, psy, draft_id) is None
        assert drafts.discard_draft(s, psy, draft_id) is False
        # psy cannot overwrite it either: naming its id makes a draft of her own
        own = drafts.save_draft(s, psy, kind="elder", description="Nuova scheda anziano",
                                values={"last_name": "X"}, draft_id=draft_id)
    assert own != draft_id
    with db.sessions() as s:
        assert drafts.get_draft(s, coord, draft_id)["values"] == {"last_name": "Bianchi"}
        assert drafts.count_drafts(s, coord) == 1


def test_read_only_users_have_no_drafts(db, actors):
    reader = actors[Role.READ_ONLY]
    assert not drafts.may_keep_drafts(reader)
    with db.sessions.begin() as s:
        with pytest.raises(PermissionDenied):
            drafts.save_draft(s, reader, kind="elder", description="x", values={})
        assert drafts.list_drafts(s, reader) == []
    assert _count(db) == 0


def test_rights_of_the_form_apply(db, actors):
    """A psychologist may not record expenses, so she keeps no draft of one."""
    worker = actors[Role.PSYCHOLOGIST]
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        drafts.save_draft(s, worker, kind="expense", description="Nuovo rimborso", values={},
                          context={"fosterer_id": 1})
    with db.sessions.begin() as s, pytest.raises(ValidationError):
        drafts.save_draft(s, worker, kind="nonsense", description="x", values={})


def test_state_follows_the_record(db, actors):
    coord = actors[Role.COORDINATOR]
    eid = _elder(db, coord)
    with db.sessions() as s:
        version = s.get(Elder, eid).version
    with db.sessions.begin() as s:
        drafts.save_draft(s, coord, kind="elder", record_id=eid, record_version=version,
                          description="Scheda", values={"notes": "mio"})
    with db.sessions.begin() as s:
        people.update_elder(s, coord, eid, {"phone": "011 654321"}, expected_version=version)
    with db.sessions() as s:
        assert drafts.list_drafts(s, coord)[0]["state"] == drafts.CHANGED
    with db.sessions.begin() as s:  # a record that is gone (an interview deleted by hand)
        drafts.save_draft(s, coord, kind="interview", record_id=999_999, record_version=1,
                          description="Colloquio", values={})
    with db.sessions() as s:
        states = {d["kind"]: d["state"] for d in drafts.list_drafts(s, coord)}
    assert states == {"elder": drafts.CHANGED, "interview": drafts.DELETED}


def test_links_to_the_people_a_draft_is_about(db, actors):
    coord = actors[Role.COORDINATOR]
    eid = _elder(db, coord)
    with db.sessions.begin() as s:
        interview = Interview(elder_id=eid, kind=InterviewKind.INTAKE,
                              held_at=dt.datetime.now(dt.UTC))
        s.add(interview)
        s.flush()
        iid = interview.id
        drafts.save_draft(s, coord, kind="interview", record_id=iid, record_version=1,
                          description="Colloquio", values={"notes": "x"})
        drafts.save_draft(s, coord, kind="interview", context={"elder_id": eid},
                          description="Nuovo colloquio", values={"notes": "y"})
    with db.sessions() as s:
        rows = s.execute(select(FormDraft.elder_id, FormDraft.fosterer_id)).all()
    assert sorted(rows) == [(eid, None), (eid, None)]


def _closed_elder(db, coord) -> int:
    eid = _elder(db, coord, last_name="Quagliarella", first_name="Ermenegilda")
    with db.sessions.begin() as s:
        e = s.get(Elder, eid)
        e.status, e.status_since = ElderStatus.CLOSED, TODAY - dt.timedelta(days=12 * 365)
    return eid


def test_anonymisation_deletes_the_drafts_about_the_person(db, actors):
    admin, coord, psy = actors[Role.ADMIN], actors[Role.COORDINATOR], actors[Role.PSYCHOLOGIST]
    eid = _closed_elder(db, coord)
    other = _elder(db, coord, last_name="Altri", first_name="Ada", codice_fiscale=None)
    with db.sessions.begin() as s:
        drafts.save_draft(s, coord, kind="elder", record_id=eid, record_version=1,
                          description="Scheda anziano di Quagliarella Ermenegilda",
                          values={"notes": "Ermenegilda"})
        drafts.save_draft(s, psy, kind="interview", context={"elder_id": eid},
                          description="Nuovo colloquio di Quagliarella Ermenegilda",
                          values={"notes": "Ermenegilda"})
        kept = drafts.save_draft(s, coord, kind="elder", record_id=other, record_version=1,
                                 description="Scheda anziano di Altri Ada", values={})
    with db.sessions.begin() as s, pytest.raises(PermissionDenied):
        drafts.discard_drafts_for_person(s, coord, PersonKind.ELDER, eid)
    with db.sessions.begin() as s:
        gdpr.anonymise(s, admin, "elder", eid)
    with db.sessions() as s:
        assert list(s.scalars(select(FormDraft.id))) == [kept]


def test_erasure_deletes_the_drafts_about_the_person(db, actors):
    admin, coord = actors[Role.ADMIN], actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        fid = people.create_fosterer(s, coord, {
            "last_name": "Pellizzari", "first_name": "Nives", "birth_date": "01/01/1980",
            "comune": "Rivoli", "application_date": TODAY - dt.timedelta(days=40)})
        consent = consents.record_consent(s, coord, fosterer_id=fid, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": TODAY - dt.timedelta(days=40)})
        people.change_fosterer_status(s, coord, fid, FostererStatus.WITHDRAWN,
                                      reason="personal", on=TODAY - dt.timedelta(days=2))
        consents.withdraw_consent(s, coord, consent)
        drafts.save_draft(s, coord, kind="fosterer", record_id=fid, record_version=1,
                          description="Scheda affidatario di Pellizzari Nives",
                          values={"notes": "Nives"})
        drafts.save_draft(s, coord, kind="expense", context={"fosterer_id": fid},
                          description="Nuovo rimborso", values={"description": "Nives"})
    assert _count(db) == 2
    with db.sessions.begin() as s:
        gdpr.erase(s, admin, "fosterer", fid, "request")
    assert _count(db) == 0


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def test_migration_0004_up_and_down(backend, tmp_path, request):
    url = (sqlite_url(tmp_path / "a.db") if backend == "sqlite"
           else request.getfixturevalue("fresh_pg_url"))
    database = open_database(url)
    try:
        assert "form_drafts" in inspect(database.engine).get_table_names()
        downgrade_to(database.engine, "0003")  # the revision before the drafts
        assert current_revision(database.engine) == "0003"
        assert "form_drafts" not in inspect(database.engine).get_table_names()
        assert "staff_users" in inspect(database.engine).get_table_names()
        upgrade_to(database.engine, "0004")
        assert current_revision(database.engine) == "0004"
        columns = {c["name"] for c in inspect(database.engine).get_columns("form_drafts")}
        assert {"user_id", "kind", "record_id", "record_version", "values", "description",
                "saved_at", "elder_id", "fosterer_id"} <= columns
        upgrade_to(database.engine, "head")
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()
