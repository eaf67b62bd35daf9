"""Shared fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL.

``AFFIDO_TEST_PG_URL`` points at a PostgreSQL server where the tests may create databases
(``.ci/run`` starts one on loopback). Each database test gets its own database, copied from a
template migrated once per session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# never touch the real user's data folder
os.environ["AFFIDO_HOME"] = tempfile.mkdtemp(prefix="affido-test-home-")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from affido_app.config import sqlite_url
from affido_app.db.migrate import open_database
from affido_app.domain.enums import Role
from affido_app.services import staff as staff_service
from affido_app.services.context import Actor
from affido_app.services.demo import DemoSpec, build_demo

PG_URL = os.environ.get("AFFIDO_TEST_PG_URL")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(autouse=True)
def _forget_unknown_login_names():
    """Failed logins with names that have no account are counted per process: each test starts
    with none (a test's "nessuno" must not delay the next test's)."""
    from affido_app.db import keyring

    keyring._UNKNOWN_FAILURES.clear()
    yield
    keyring._UNKNOWN_FAILURES.clear()


def _pg_admin_engine():
    return create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                         isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(sqlite_url(path))
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template():
    if not PG_URL:
        pytest.skip("AFFIDO_TEST_PG_URL not set: PostgreSQL tests skipped")
    name = f"affido_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = _pg_admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(pg_database_url(name))
    db.dispose()
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def pg_database_url(name: str) -> str:
    url = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def fresh_pg_url(request):
    """An empty PostgreSQL database, dropped after the test."""
    if not PG_URL:
        pytest.skip("AFFIDO_TEST_PG_URL not set")
    name = f"affido_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_database_url(name)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    """A fresh, migrated database: SQLite, and PostgreSQL when configured."""
    if request.param == "sqlite":
        path = tmp_path / "affido.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        database = open_database(sqlite_url(path))
        yield database
        database.dispose()
        return
    template = request.getfixturevalue("pg_template")
    name = f"affido_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    database = open_database(pg_database_url(name))
    yield database
    database.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    path = tmp_path / "affido.db"
    shutil.copyfile(sqlite_template, path)
    database = open_database(sqlite_url(path))
    yield database
    database.dispose()


#: a small demo database for the tests that work on realistic data (documents, windows)
DEMO = DemoSpec(elders=40, fosterers=30, seed=3)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(sqlite_url(path))
    build_demo(database, DEMO)
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    database = open_database(sqlite_url(path))
    yield database
    database.dispose()


STAFF = {
    Role.ADMIN: ("admin", "Anna Amministratrice"),
    Role.COORDINATOR: ("coordinatore", "Carlo Coordinatore"),
    Role.PSYCHOLOGIST: ("psicologa", "Paola Psicologa"),
    Role.SOCIAL_WORKER: ("assistente", "Sara Assistente"),
    Role.READ_ONLY: ("lettore", "Luca Lettore"),
}


@pytest.fixture
def actors(db) -> dict[Role, Actor]:
    """One staff user per role, as actors."""
    return make_actors(db)


def make_actors(database) -> dict[Role, Actor]:
    out = {}
    with database.sessions.begin() as s:
        admin_id = staff_service.create_first_admin(s, *STAFF[Role.ADMIN])
        admin = Actor(admin_id, Role.ADMIN, "admin")
        out[Role.ADMIN] = admin
        for role, (username, name) in STAFF.items():
            if role is Role.ADMIN:
                continue
            uid = staff_service.create_staff(
                s, admin, {"username": username, "full_name": name, "role": role})
            out[role] = Actor(uid, role, username)
    return out
