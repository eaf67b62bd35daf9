"""The shared office database on PostgreSQL: connection settings ⇄ URL, the private password
file, what a failed connection means in Italian, the connection test, and the append-only
audit log on the server (the PostgreSQL tests skip when AFFIDO_TEST_PG_URL is unset)."""

from __future__ import annotations

import os
import stat
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from affido_app.db import pg_url
from affido_app.db.migrate import open_database
from affido_app.errors import StorageError, ValidationError
from tests.conftest import PG_URL, _pg_admin_engine, pg_database_url

S = pg_url.ServerSettings


def dev_server(**changes) -> pg_url.ServerSettings:
    """The settings of the dev/CI server in AFFIDO_TEST_PG_URL (plain, loopback)."""
    if not PG_URL:
        pytest.skip("AFFIDO_TEST_PG_URL not set")
    base = pg_url.from_url(PG_URL)
    values = {"host": base.host, "port": base.port, "database": base.database,
              "user": base.user, "sslmode": "disable", "password": base.password}
    values.update(changes)
    return S(**values)


# --- settings ⇄ URL -------------------------------------------------------------------------

@pytest.mark.parametrize("settings", [
    S("server.ufficio.local"),
    S("192.168.1.10", 5433, "affido_prova", "segreteria", "require"),
    S("::1", 5432, "affido", "affido", "disable"),
    S("db.example.org", 6543, "dati ufficio", "utente@ufficio:1", "verify-full",
      "C:\\Certificati\\ca ufficio.crt"),
    S("db", 5432, "affido", "affido", "verify-ca", "/etc/ssl/ca.pem"),
])
def test_url_round_trip(settings, tmp_path):
    passfile = tmp_path / "pg pass" / "pgpass.conf"
    url = pg_url.to_url(settings, passfile=passfile)
    assert url.startswith("postgresql+psycopg://")
    back = pg_url.from_url(url)
    assert back == settings
    query = make_url(url).query
    assert query["sslmode"] == settings.sslmode
    assert query["passfile"] == str(passfile)
    assert query["connect_timeout"] == str(pg_url.CONNECT_TIMEOUT)
    # what SQLAlchemy hands to psycopg: libpq's own parameter names and values
    args = make_url(url).translate_connect_args(username="user", database="dbname")
    assert (args["host"], args["port"], args["dbname"], args["user"]) == (
        settings.host, settings.port, settings.database, settings.user)


def test_hand_written_url_keeps_its_other_parameters():
    url = ("postgresql+psycopg://u@h:5433/d?sslmode=require&target_session_attrs=read-write"
           "&keepalives_idle=30")
    settings = pg_url.from_url(url)
    assert settings.extra == (("keepalives_idle", "30"), ("target_session_attrs", "read-write"))
    assert pg_url.from_url(pg_url.to_url(settings)) == settings


def test_password_never_in_the_url_a_repr_or_a_safe_url(tmp_path):
    secret = "Zz-segreto-9"
    settings = S("h", password=secret)
    assert secret not in repr(settings)
    assert secret not in pg_url.to_url(settings, passfile=tmp_path / "p")
    given = pg_url.from_url(f"postgresql+psycopg://u:{secret}@h/d")
    assert given.password == secret and secret not in repr(given)
    assert secret not in pg_url.safe_url(f"postgresql+psycopg://u:{secret}@h/d")
    assert secret not in repr(make_url(pg_url.to_url(given)))


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"host": "  "}, "host", "Indicare il nome"),
    ({"host": "server ufficio"}, "host", "senza spazi"),
    ({"port": 0}, "port", "da 1 a 65535"),
    ({"port": 70000}, "port", "da 1 a 65535"),
    ({"database": ""}, "database", "nome del database"),
    ({"user": ""}, "user", "utente"),
    ({"sslmode": "prefer"}, "sslmode", "TLS non valida"),
    ({"sslmode": "verify-full", "sslrootcert": ""}, "sslrootcert", "autorità (CA)"),
    ({"sslmode": "verify-full", "sslrootcert": "/non/esiste.crt"}, "sslrootcert", "non esiste"),
])
def test_validation_messages_name_the_field(changes, field, words):
    values = {"host": "server", "port": 5432, "database": "affido", "user": "affido",
              "sslmode": "require"}
    values.update(changes)
    with pytest.raises(ValidationError) as info:
        pg_url.validate(S(**values))
    assert set(info.value.errors) == {field}
    assert words in info.value.errors[field]


def test_validation_trims_and_drops_an_unused_ca_file(tmp_path):
    ca = tmp_path / "ca.crt"
    ca.write_text("x")
    ok = pg_url.validate(S(" server ", 5432, " affido ", " affido ", "verify-full", str(ca)))
    assert (ok.host, ok.database, ok.user, ok.sslrootcert) == ("server", "affido", "affido",
                                                               str(ca))
    assert pg_url.validate(S("server", sslmode="require", sslrootcert=str(ca))).sslrootcert == ""


@pytest.mark.parametrize(("url", "words"), [
    ("postgresql+psycopg://u@h/d?sslmode=bogus", "Modalità TLS «bogus» non valida"),
    ("postgresql+asyncpg://u@h/d", r"postgresql\+psycopg"),
    ("sqlite:///x.db", "non è quello di un database PostgreSQL"),
    ("postgresql+psycopg://u@h/d?sslmode=verify-full&sslrootcert=/non/esiste.crt",
     "non esiste"),
])
def test_bad_urls_are_refused_in_italian(url, words):
    with pytest.raises(StorageError, match=words):
        pg_url.check_url(url)


# --- the password file ----------------------------------------------------------------------

def test_password_file_is_private_escaped_and_read_back(tmp_path):
    path = tmp_path / "pgpass.conf"
    server = S("fe80::1", 5432, "affido", "segreteria")
    password = r"a:b\c d"
    pg_url.write_passfile(path, server, password)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "fe80\\:\\:1:5432:affido:segreteria:a\\:b\\\\c d\n"
    assert pg_url.stored_password(path, server) == password
    assert pg_url.stored_password(path, S("fe80::1", 5432, "affido", "altro")) is None
    other = S("server", 5432, "affido", "affido")
    pg_url.write_passfile(path, other, "nuova")  # one server: the file keeps only its line
    assert pg_url.stored_password(path, server) is None
    assert pg_url.stored_password(path, other) == "nuova"
    with pytest.raises(ValidationError):
        pg_url.write_passfile(path, other, "due\nrighe")


@pytest.mark.pg
def test_libpq_is_given_the_password_file(tmp_path):
    """The URL names the file (``passfile``) and libpq takes it as its own parameter (it reads
    it when the server asks for a password; the dev server trusts loopback, so reading it is
    checked by hand against a server with passwords, see the README)."""
    import psycopg

    server = dev_server()
    path = tmp_path / "pgpass.conf"
    pg_url.write_passfile(path, server, "irrilevante")
    kwargs = pg_url.connect_kwargs(server, passfile=path)
    assert kwargs["passfile"] == str(path) and "password" not in kwargs
    with psycopg.connect(**kwargs) as conn:
        assert conn.info.get_parameters()  # connected
        assert dict(p.split("=", 1) for p in conn.info.dsn.split())["passfile"] == str(path)


# --- what a failed connection means ---------------------------------------------------------

@pytest.mark.parametrize(("message", "kind"), [
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
     'password authentication failed for user "affido"', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
     'autenticazione con password fallita per l\'utente "affido"', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
     'fe_sendauth: no password supplied', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
     'role "ospite" does not exist', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
     'server does not support SSL, but SSL was required', "tls"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  no '
     'pg_hba.conf entry for host "10.0.0.9", user "affido", database "affido", no '
     'encryption', "tls"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: SSL error: '
     'certificate verify failed', "tls"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: server '
     'certificate for "db" does not match host name "10.0.0.5"', "tls"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  no '
     'pg_hba.conf entry for host "10.0.0.9", user "affido", database "affido", SSL '
     'encryption', "hba"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
     'database "affido" does not exist', "no_database"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
     'il database "affido" non esiste', "no_database"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: Connection '
     'refused\n\tIs the server running on that host and accepting TCP/IP connections?',
     "unreachable"),
    ("connection failed: connection to server at \"10.0.0.5\", port 5432 failed: timeout "
     "expired", "unreachable"),
    ("failed to resolve host 'srv': [Errno -2] Name or service not known", "bad_host"),
])
def test_connection_failures_are_told_in_italian(message, kind):
    import psycopg

    outcome = pg_url.explain(psycopg.OperationalError(message))
    assert outcome is not None and outcome.kind == kind and not outcome.ok
    assert "10.0.0" not in outcome.message  # said for people, not libpq's raw text


def test_a_wrapped_error_is_explained_through_its_causes():
    import psycopg

    try:
        try:
            raise psycopg.OperationalError("server does not support SSL, but SSL was required")
        except psycopg.OperationalError as inner:
            raise StorageError("Il server PostgreSQL non risponde.") from inner
    except StorageError as outer:
        assert pg_url.explain(outer).kind == "tls"
    assert pg_url.explain(ValueError("something else")) is None


# --- the connection test against the dev server ---------------------------------------------

@pytest.fixture
def empty_pg(fresh_pg_url):
    return pg_url.from_url(fresh_pg_url)


@pytest.mark.pg
def test_probe_empty_then_affido_database(empty_pg):
    server = dev_server(database=empty_pg.database)
    first = pg_url.probe(server)
    assert (first.ok, first.kind) == (True, "empty")
    assert "vuoto" in first.message
    open_database(pg_url.to_url(server)).dispose()  # the app creates the schema on opening
    second = pg_url.probe(server)
    assert (second.ok, second.kind) == (True, "ok")


@pytest.mark.pg
def test_probe_refuses_a_foreign_or_newer_database(empty_pg):
    server = dev_server(database=empty_pg.database)
    url = pg_url.to_url(server)
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE ricette (id integer PRIMARY KEY)"))
    outcome = pg_url.probe(server)
    assert (outcome.ok, outcome.kind) == (False, "foreign")
    assert "altro programma" in outcome.message
    with engine.begin() as c:
        c.execute(text("DROP TABLE ricette"))
    engine.dispose()
    database = open_database(url)
    with database.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_futura'"))
    database.dispose()
    outcome = pg_url.probe(server)
    assert (outcome.ok, outcome.kind) == (False, "too_new")
    assert "più recente" in outcome.message


@pytest.mark.pg
@pytest.mark.parametrize(("changes", "kind"), [
    ({"database": "affido_non_esiste_" + uuid.uuid4().hex[:6]}, "no_database"),
    ({"user": "utente_sconosciuto"}, "auth"),
    ({"sslmode": "require"}, "tls"),  # the dev server has no TLS
    ({"host": "127.0.0.1", "port": 1}, "unreachable"),  # nothing listens there
])
def test_probe_tells_what_is_wrong(changes, kind):
    outcome = pg_url.probe(dev_server(**changes))
    assert (outcome.ok, outcome.kind) == (False, kind)


@pytest.mark.pg
def test_opening_with_tls_required_on_a_server_without_tls_says_so():
    """``--db …?sslmode=require`` against a server without TLS: a StorageError whose cause
    the start-up error explains (TLS, not a vague network failure)."""
    url = pg_url.to_url(dev_server(sslmode="require"))
    with pytest.raises(StorageError) as info:
        open_database(url)
    outcome = pg_url.explain(info.value)
    assert outcome is not None and outcome.kind == "tls"
    assert outcome.message == pg_url.TLS_MISSING and "TLS" in outcome.message


@pytest.mark.pg
def test_the_app_works_on_a_url_with_tls_parameters(empty_pg):
    """``sslmode=disable`` and the other parameters the settings screen writes reach libpq."""
    url = pg_url.to_url(dev_server(database=empty_pg.database))
    database = open_database(url)
    try:
        with database.engine.connect() as c:
            assert c.execute(text(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar() is False
    finally:
        database.dispose()


# --- the audit log on the server ------------------------------------------------------------

@pytest.fixture
def pg_db(request):
    if not PG_URL:
        pytest.skip("AFFIDO_TEST_PG_URL not set")
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


def _one_audit_row(database) -> None:
    from affido_app.domain.enums import AuditAction
    from affido_app.services.audit import audit
    from tests.conftest import make_actors

    admin = next(iter(make_actors(database).values()))
    with database.sessions.begin() as s:
        audit(s, admin.id, AuditAction.EXPORT, "elders", None, detail={"rows": 1})


@pytest.mark.pg
@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'read'",
    "UPDATE audit_events SET detail = NULL",
    "DELETE FROM audit_events",
])
def test_audit_rows_cannot_be_changed_on_postgresql(pg_db, statement):
    from sqlalchemy.exc import DBAPIError

    _one_audit_row(pg_db)
    with pytest.raises(DBAPIError, match="append-only"), pg_db.engine.begin() as c:
        c.execute(text(statement))
    with pg_db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM audit_events")).scalar() >= 1


@pytest.mark.pg
def test_audit_log_cannot_be_truncated_on_postgresql(pg_db):
    """Row triggers do not fire on TRUNCATE: a statement trigger (migration 0006) refuses it."""
    from sqlalchemy.exc import DBAPIError

    _one_audit_row(pg_db)
    try:
        with pytest.raises(DBAPIError, match="append-only"), pg_db.engine.begin() as c:
            c.execute(text("TRUNCATE audit_events"))
    finally:
        with pg_db.engine.connect() as c:
            left = c.execute(text("SELECT count(*) FROM audit_events")).scalar()
    assert left >= 1
