"""Demo data: realistic, consistent, reproducible."""

from __future__ import annotations

import datetime as dt

import pytest
from codicefiscale import codicefiscale
from sqlalchemy import func, select

from affido_app.config import DEFAULT_DISTRICT_COMUNI, sqlite_url
from affido_app.db.migrate import check_database, open_database
from affido_app.db.models import (
    Attendance,
    Elder,
    ElderEvent,
    Fosterer,
    Interview,
    Match,
    StaffUser,
    SupervisionNote,
)
from affido_app.domain.enums import ElderStatus, FostererStatus, MatchStatus, Role
from affido_app.domain.text import fold
from affido_app.services.audit import verify_chain
from affido_app.services.demo import DemoSpec, build_demo

SPEC = DemoSpec(elders=60, fosterers=45, seed=7)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(sqlite_url(tmp_path_factory.mktemp("demo") / "demo.db"))
    build_demo(db, SPEC)
    yield db
    db.dispose()


def _snapshot(db):
    with db.sessions() as s:
        people = s.execute(select(Elder.last_name, Elder.first_name, Elder.birth_date,
                                  Elder.codice_fiscale, Elder.status).order_by(Elder.id)).all()
        pairs = s.execute(select(Match.elder_id, Match.fosterer_id, Match.status,
                                 Match.proposed_on).order_by(Match.id)).all()
    return people, pairs


def test_same_seed_same_data(demo_db, tmp_path):
    again = open_database(sqlite_url(tmp_path / "again.db"))
    build_demo(again, SPEC)
    try:
        assert _snapshot(again) == _snapshot(demo_db)
    finally:
        again.dispose()
    other = open_database(sqlite_url(tmp_path / "other.db"))
    build_demo(other, DemoSpec(elders=60, fosterers=45, seed=8))
    try:
        assert _snapshot(other)[0] != _snapshot(demo_db)[0]
    finally:
        other.dispose()


def test_database_is_consistent(demo_db):
    assert check_database(demo_db) == []
    with demo_db.sessions() as s:
        assert verify_chain(s) == []


def test_every_role_has_an_account(demo_db):
    with demo_db.sessions() as s:
        roles = set(s.scalars(select(StaffUser.role)))
    assert roles == set(Role)


def test_codici_fiscali_match_birth_data(demo_db):
    with demo_db.sessions() as s:
        rows = s.execute(select(Elder.codice_fiscale, Elder.birth_date, Elder.sex)
                         .where(Elder.codice_fiscale.is_not(None))).all()
        rows += s.execute(select(Fosterer.codice_fiscale, Fosterer.birth_date, Fosterer.sex)
                          .where(Fosterer.codice_fiscale.is_not(None))).all()
    assert len(rows) > 50
    for cf, born, sex in rows:
        decoded = codicefiscale.decode(cf)
        assert decoded["birthdate"].date().replace(year=born.year) == born
        assert decoded["birthdate"].year % 100 == born.year % 100
        assert decoded["gender"] == sex.value


def test_people_live_in_the_district_and_elders_are_old(demo_db):
    today = dt.date.today()
    with demo_db.sessions() as s:
        comuni = set(s.scalars(select(Elder.comune))) | set(s.scalars(select(Fosterer.comune)))
        youngest = s.scalar(select(func.max(Elder.birth_date)))
    assert comuni <= set(DEFAULT_DISTRICT_COMUNI)
    assert (today - youngest).days >= 65 * 365


def test_statuses_agree_with_matches(demo_db):
    with demo_db.sessions() as s:
        fostered = set(s.scalars(select(Elder.id).where(Elder.status == ElderStatus.FOSTERED)))
        with_active = set(s.scalars(select(Match.elder_id).where(
            Match.status.in_([MatchStatus.ACTIVE, MatchStatus.SUSPENDED]))))
        assert fostered == with_active and fostered
        active_fosterers = set(s.scalars(select(Match.fosterer_id).where(
            Match.status == MatchStatus.ACTIVE)))
        statuses = set(s.scalars(select(Fosterer.status).where(
            Fosterer.id.in_(active_fosterers))))
        assert statuses == {FostererStatus.APPROVED}
        # every elder has a history starting with the referral
        firsts = s.execute(select(ElderEvent.elder_id, func.min(ElderEvent.id))
                           .group_by(ElderEvent.elder_id)).all()
        assert len(firsts) == s.scalar(select(func.count()).select_from(Elder))


def test_two_years_of_history_in_every_area(demo_db):
    today = dt.date.today()
    with demo_db.sessions() as s:
        oldest = s.scalar(select(func.min(Elder.referral_date)))
        assert (today - oldest).days > 600
        assert s.scalar(select(func.count()).select_from(Interview)) > 50
        assert s.scalar(select(func.count()).select_from(Attendance)) > 50
        assert s.scalar(select(func.count()).select_from(SupervisionNote)) > 20
        statuses = set(s.scalars(select(Match.status)))
        assert {MatchStatus.ACTIVE, MatchStatus.CLOSED} <= statuses


def test_some_supervisions_are_overdue(demo_db):
    from affido_app.services import supervision
    from affido_app.services.context import Actor

    with demo_db.sessions() as s:
        coord = s.scalar(select(StaffUser).where(StaffUser.role == Role.COORDINATOR))
        overview = supervision.supervision_overview(s, Actor.of(coord))
    overdue = [row for row in overview if row["days_overdue"] > 0]
    assert overdue and len(overdue) < len(overview)


def test_there_are_near_duplicates(demo_db):
    from rapidfuzz import fuzz

    with demo_db.sessions() as s:
        rows = s.execute(select(Elder.id, Elder.last_name, Elder.first_name, Elder.birth_date)
                         ).all()
    by_birth: dict = {}
    for row in rows:
        by_birth.setdefault(row.birth_date, []).append(row)
    similar = [
        (a.id, b.id) for group in by_birth.values() for i, a in enumerate(group)
        for b in group[i + 1:]
        if fuzz.ratio(fold(f"{a.last_name} {a.first_name}"),
                      fold(f"{b.last_name} {b.first_name}")) >= 85
    ]
    assert len(similar) >= 3
