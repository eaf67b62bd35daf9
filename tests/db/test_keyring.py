"""Encryption at rest: the key file (db/keyring.py), opening a database with a login, the
recovery code, and no personal data in clear in the database file, its -wal, its backups or the
key file."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat

import pytest
from sqlalchemy import select

from affido_app.config import sqlite_url
from affido_app.db import keyring as kr
from affido_app.db.backup import backup_sqlite
from affido_app.db.migrate import open_database
from affido_app.db.models import AuditEvent, StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.errors import StorageError, ValidationError
from affido_app.services import auth, people, staff
from affido_app.services.context import Actor
from tests.helpers import elder_data

T0 = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
PW = "cavallo-batteria-graffetta"
MARKER = "Zqxmarcatore"


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


# --- the key file alone ------------------------------------------------------------------------

@pytest.fixture
def ring(tmp_path):
    dk = kr.new_database_key()
    keys = kr.Keyring.create(tmp_path / "a.db.keys", dk)
    keys.add_user("anna", PW, dk)
    return keys, dk


def test_unlock_with_the_right_password_only(ring):
    keys, dk = ring
    assert kr.Keyring.load(keys.path).unlock("anna", PW, now=T0) == dk
    assert keys.unlock("ANNA ", PW, now=T0) == dk  # usernames ignore case, as in the database
    for name, password in (("anna", "sbagliata-123"), ("nessuno", PW)):
        with pytest.raises(kr.WrongPassword) as err:
            keys.unlock(name, password, now=T0)
        assert err.value.message == "Nome utente o password non validi."


def test_failed_attempts_are_counted_in_the_file_with_the_growing_delay(ring):
    keys, dk = ring
    for _ in range(4):
        with pytest.raises(kr.WrongPassword):
            keys.unlock("anna", "sbagliata-123", now=T0)
    again = kr.Keyring.load(keys.path)  # another process sees the count
    assert again.failures("anna") == (4, T0)
    with pytest.raises(kr.TooManyAttempts) as err:  # not even checked
        again.unlock("anna", PW, now=at(1))
    assert "riprovare tra 1 secondo" in err.value.message
    assert again.unlock("anna", PW, now=at(2)) == dk
    again.record_success("anna", PW, dk)
    assert kr.Keyring.load(keys.path).failures("anna") == (0, None)
    # unknown names leave no trace: a mistyped password in the username field is not stored
    with pytest.raises(kr.WrongPassword):
        again.unlock("la-mia-password", "x", now=T0)
    assert "la-mia-password" not in keys.path.read_text()


def test_the_delay_does_not_tell_a_missing_account_from_an_existing_one(ring):
    """The same attempts with a name that has no account meet the same delay, with the same
    message: the wait message does not reveal which accounts exist."""
    keys, _dk = ring
    messages = {}
    for name in ("anna", "nessuno"):
        for _ in range(4):
            with pytest.raises(kr.WrongPassword):
                keys.unlock(name, "sbagliata-123", now=T0)
        with pytest.raises(kr.TooManyAttempts) as err:
            keys.unlock(name, "sbagliata-123", now=at(1))
        messages[name] = err.value.message
        assert keys.wait_seconds(name, now=at(1)) == pytest.approx(1.0)
    assert messages["anna"] == messages["nessuno"]
    assert "nessuno" not in keys.path.read_text()  # counted in memory only


def test_rewrap_on_password_change(ring):
    keys, dk = ring
    with pytest.raises(kr.WrongPassword):
        keys.rewrap("anna", "sbagliata-123", "nuova-password-1", now=T0)
    assert keys.rewrap("anna", PW, "nuova-password-1", now=T0) == dk
    assert keys.unlock("anna", "nuova-password-1", now=T0) == dk
    with pytest.raises(kr.WrongPassword):
        keys.unlock("anna", PW, now=T0)


def test_keep_previous_until_committed(ring):
    keys, dk = ring
    keys.add_user("anna", "nuova-password-1", dk, keep_previous=True)
    assert keys.unlock("anna", PW, now=T0) == dk
    assert keys.unlock("anna", "nuova-password-1", now=T0) == dk
    keys.drop_previous("anna")
    with pytest.raises(kr.WrongPassword):
        keys.unlock("anna", PW, now=T0)


def test_remove_and_rename(ring):
    keys, dk = ring
    keys.rename_user("anna", "anna.b")
    assert keys.unlock("anna.b", PW, now=T0) == dk
    keys.remove_user("anna.b")
    assert keys.users() == []
    with pytest.raises(kr.WrongPassword):
        keys.unlock("anna.b", PW, now=T0)


def test_entries_only_open_in_their_own_file(ring, tmp_path):
    keys, dk = ring
    other = kr.Keyring.create(tmp_path / "b.db.keys", dk)
    data = json.loads(other.path.read_text())
    data["users"]["anna"] = json.loads(keys.path.read_text())["users"]["anna"]
    other.path.write_text(json.dumps(data))
    with pytest.raises(kr.WrongPassword):
        kr.Keyring.load(other.path).unlock("anna", PW, now=T0)


def test_recovery_code(ring, tmp_path):
    keys, dk = ring
    code = keys.set_recovery(dk)
    groups = code.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert len(base64.b32decode("".join(groups))) * 8 >= 128 + 128  # the whole 256-bit key
    assert keys.unlock_with_recovery(code) == dk
    # typed carelessly: lower case, spaces, 0/1 for O/I
    sloppy = code.lower().replace("-", " ").replace("o", "0").replace("i", "1")
    assert keys.unlock_with_recovery(sloppy) == dk
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    with pytest.raises(ValidationError) as err:
        keys.unlock_with_recovery(typo)
    assert err.value.errors == {"recovery_code": (
        "Il codice di recupero contiene un errore di battitura: ricontrollarlo.")}
    with pytest.raises(ValidationError) as err:
        keys.unlock_with_recovery(code[:-5])
    assert "14 gruppi di 4" in err.value.message
    other = kr.recovery_code(kr.new_database_key())
    with pytest.raises(ValidationError) as err:
        keys.unlock_with_recovery(other)
    assert err.value.message == "Il codice di recupero non è quello di questo database."


def test_the_file_is_written_whole_and_private(ring):
    keys, dk = ring
    for i in range(3):
        keys.add_user(f"utente{i}", PW, dk)
    # no temporary file left; the (empty) lock file that writers take stays
    assert sorted(p.name for p in keys.path.parent.iterdir()) == ["a.db.keys", "a.db.keys.lock"]
    assert keys.path.with_name("a.db.keys.lock").stat().st_size == 0
    if os.name == "posix":
        assert stat.S_IMODE(keys.path.stat().st_mode) == 0o600
    data = json.loads(keys.path.read_text())
    assert (data["format"], data["version"]) == ("affido-keyring", 1)
    slot = data["users"]["anna"]["slots"][0]
    assert slot["kdf"] == "argon2id" and slot["m"] >= 19456 and slot["t"] >= 2


def _slow_writes(monkeypatch):
    """Every write of the key file takes a while: two unlocked changes would overlap."""
    import time

    real = kr.write_atomically

    def slow(*args, **kwargs):
        time.sleep(0.03)
        return real(*args, **kwargs)

    monkeypatch.setattr(kr, "write_atomically", slow)


def test_changes_made_at_the_same_time_by_two_programs_are_all_kept(ring, monkeypatch):
    """Two programs (here threads, each with its own file handle) change the key file at once:
    a password set for a new account and failed attempts of an existing one are all kept."""
    from concurrent.futures import ThreadPoolExecutor

    keys, dk = ring
    _slow_writes(monkeypatch)

    def add(i: int) -> None:
        kr.Keyring.load(keys.path).add_user(f"utente{i}", PW, dk)

    def fail(_i: int) -> None:
        with pytest.raises(kr.WrongPassword):
            kr.Keyring.load(keys.path).unlock("anna", "sbagliata-123", now=T0)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(add, i) for i in range(6)]
        futures += [pool.submit(fail, i) for i in range(kr.FREE_ATTEMPTS)]
        for f in futures:
            f.result()
    after = kr.Keyring.load(keys.path)
    assert after.users() == sorted(["anna"] + [f"utente{i}" for i in range(6)])
    assert after.failures("anna")[0] == kr.FREE_ATTEMPTS
    for i in range(6):
        assert after.unlock(f"utente{i}", PW, now=T0) == dk


def test_a_key_file_held_by_another_program_is_a_clear_message(ring, monkeypatch):
    keys, dk = ring
    monkeypatch.setattr(kr, "LOCK_TIMEOUT_SECONDS", 0.1)
    # another program is in the middle of a change
    with kr._locked(keys.path), pytest.raises(StorageError) as err:
        kr.Keyring.load(keys.path).add_user("paola", PW, dk)
    assert "in uso da un altro programma" in err.value.message
    assert not kr.Keyring.load(keys.path).has_user("paola")


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "other"}',
                                     b'{"format": "affido-keyring", "version": 1}'])
def test_damaged_or_missing_file_is_a_clear_message(tmp_path, content):
    path = tmp_path / "a.db.keys"
    with pytest.raises(StorageError) as err:
        kr.Keyring.load(path)
    assert "Manca il file delle chiavi" in err.value.message
    path.write_bytes(content)
    with pytest.raises(StorageError) as err:
        kr.Keyring.load(path)
    assert "danneggiato" in err.value.message and "codice di recupero" in err.value.message


def test_newer_format_is_refused(ring):
    keys, _dk = ring
    data = json.loads(keys.path.read_text())
    data["version"] = 99
    keys.path.write_text(json.dumps(data))
    with pytest.raises(StorageError) as err:
        kr.Keyring.load(keys.path)
    assert "più recente" in err.value.message


def test_weaker_entries_are_rewrapped_at_the_next_login(tmp_path, monkeypatch):
    dk = kr.new_database_key()
    monkeypatch.setattr(kr, "KDF_MEMORY_COST", 19456)
    monkeypatch.setattr(kr, "KDF_TIME_COST", 2)
    keys = kr.Keyring.create(tmp_path / "a.db.keys", dk)
    keys.add_user("anna", PW, dk)
    monkeypatch.undo()
    assert keys.unlock("anna", PW, now=T0) == dk
    keys.record_success("anna", PW, dk)
    slot = json.loads(keys.path.read_text())["users"]["anna"]["slots"][0]
    assert (slot["m"], slot["t"]) == (kr.KDF_MEMORY_COST, kr.KDF_TIME_COST)
    assert keys.unlock("anna", PW, now=T0) == dk


# --- an encrypted database -----------------------------------------------------------------------

@pytest.fixture
def encrypted(tmp_path):
    """A new encrypted database (closed), as the first-run wizard makes it."""
    path = tmp_path / "affido.db"
    db, code = auth.create_encrypted_database(path, "admin", "Anna Amministratrice", PW)
    db.dispose()
    return path, code


def test_first_run_makes_the_database_its_key_file_and_the_admin(encrypted):
    path, code = encrypted
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert kr.Keyring.for_database(path).users() == ["admin"]
    db, actor = auth.open_with_login(path, "admin", PW)
    try:
        assert actor.role == Role.ADMIN
        with db.sessions() as s:
            assert not auth.needs_password_change(s, actor)
            assert s.scalar(select(StaffUser.full_name)) == "Anna Amministratrice"
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert c.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # memory
        assert kr.key_from_raw(db.key) == kr.key_from_recovery_code(code)
    finally:
        db.dispose()


def test_first_run_checks_before_creating_anything(tmp_path):
    with pytest.raises(ValidationError):
        auth.create_encrypted_database(tmp_path / "a.db", "admin", "Anna", "corta")
    with pytest.raises(ValidationError):
        auth.create_encrypted_database(tmp_path / "a.db", "due parole", "Anna", PW)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "b.db").write_bytes(b"qualcosa")
    with pytest.raises(StorageError):
        auth.create_encrypted_database(tmp_path / "b.db", "admin", "Anna", PW)
    assert (tmp_path / "b.db").read_bytes() == b"qualcosa"


def _grep(path, needles) -> list[str]:
    data = path.read_bytes().lower()
    return [n for n in needles if n.lower().encode("utf-8") in data
            or n.lower().encode("utf-16-le") in data]


def test_no_personal_data_in_clear_in_files(encrypted, tmp_path):
    path, code = encrypted
    db, admin = auth.open_with_login(path, "admin", PW)
    needles = [MARKER, "Quintiliana", "via dei marcatori"]
    try:
        with db.sessions.begin() as s:
            people.create_elder(s, admin, elder_data(
                last_name=MARKER, first_name="Quintiliana", address="Via dei Marcatori 7",
                notes=f"Nota riservata su {MARKER}"))
            staff.create_staff(s, admin, {"username": "paola", "full_name": f"Paola {MARKER}",
                                          "role": Role.PSYCHOLOGIST,
                                          "email": "paola@esempio.it"},
                               password="iniziale-paola")
        with db.sessions() as s:  # it is there, readable through the key
            assert MARKER in s.scalar(select(StaffUser.full_name).where(
                StaffUser.username == "paola"))
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # not yet checkpointed
        assert _grep(path, needles) == []
        assert _grep(wal, needles) == []
        copy = tmp_path / "copia.db"
        backup_sqlite(path, copy, db.key)
        assert _grep(copy, needles) == []
    finally:
        db.dispose()
    # the key file: usernames only; no name, no email, no password, no key in any form
    keys = path.with_name(path.name + ".keys")
    dk = kr.key_from_recovery_code(code)
    secrets_ = [MARKER, "Anna", "Amministratrice", "paola@esempio.it", PW, "iniziale-paola",
                dk.hex(), base64.b64encode(dk).decode(), code, code.replace("-", "")]
    assert _grep(keys, secrets_) == []
    assert dk not in keys.read_bytes()
    assert sorted(json.loads(keys.read_text())["users"]) == ["admin", "paola"]


def test_the_marker_check_can_fail(tmp_path):
    """The same check finds the marker in a database that is not encrypted."""
    from tests.conftest import make_actors

    db = open_database(sqlite_url(tmp_path / "chiaro.db"))
    try:
        actors = make_actors(db)
        with db.sessions.begin() as s:
            people.create_elder(s, actors[Role.COORDINATOR], elder_data(last_name=MARKER))
        files = [tmp_path / "chiaro.db", tmp_path / "chiaro.db-wal"]
        assert any(_grep(f, [MARKER]) for f in files)
    finally:
        db.dispose()


def test_wrong_password_or_key_gets_a_clear_message(encrypted):
    path, _code = encrypted
    with pytest.raises(auth.WrongPassword) as err:
        auth.open_with_login(path, "admin", "sbagliata-123")
    assert err.value.message == "Nome utente o password non validi."
    with pytest.raises(auth.WrongPassword):
        auth.open_with_login(path, "nessuno", PW)
    with pytest.raises(StorageError) as err:
        open_database(sqlite_url(path), key=kr.raw_key(kr.new_database_key()))
    assert "chiave del database è errata" in err.value.message
    with pytest.raises(StorageError) as err:
        open_database(sqlite_url(path))
    assert "cifrato e serve la chiave" in err.value.message


def test_failures_before_opening_are_delayed_and_audited_later(encrypted):
    path, _code = encrypted
    for _ in range(4):
        with pytest.raises(auth.WrongPassword):
            auth.open_with_login(path, "admin", "sbagliata-123", now=T0)
    with pytest.raises(auth.TooManyAttempts) as err:
        auth.open_with_login(path, "admin", PW, now=at(1))
    assert err.value.wait_seconds == pytest.approx(1)
    db, actor = auth.open_with_login(path, "admin", PW, now=at(2))
    try:
        with db.sessions() as s:
            rows = s.execute(select(AuditEvent.action, AuditEvent.user_id, AuditEvent.detail)
                             .order_by(AuditEvent.id)).all()[-2:]
        assert rows == [
            (AuditAction.LOGIN_FAILED, actor.id,
             {"reason": "password", "attempts": 4, "before_opening": True}),
            (AuditAction.LOGIN, actor.id, None)]
    finally:
        db.dispose()
    assert kr.Keyring.for_database(path).failures("admin") == (0, None)


def test_the_key_file_follows_password_changes(encrypted):
    path, _code = encrypted
    db, admin = auth.open_with_login(path, "admin", PW)
    try:
        with db.sessions.begin() as s:
            uid = staff.create_staff(s, admin, {"username": "carlo", "full_name": "Carlo C",
                                                "role": Role.COORDINATOR},
                                     password="iniziale-carlo")
        carlo = auth.sign_in(db.sessions, "carlo", "iniziale-carlo")
        # a change rolled back leaves the key file as it was
        with pytest.raises(RuntimeError), db.sessions.begin() as s:
            auth.change_password(s, carlo, "iniziale-carlo", "rollback-carlo")
            raise RuntimeError("the unit of work fails after the change")
        keys = kr.Keyring.for_database(path)
        with pytest.raises(kr.WrongPassword):
            keys.unlock("carlo", "rollback-carlo")
        auth.attempt(db.sessions, auth.change_password, carlo, "iniziale-carlo", "nuova-carlo-1")
        assert len(json.loads(keys.path.read_text())["users"]["carlo"]["slots"]) == 1
        with pytest.raises(kr.WrongPassword):
            keys.unlock("carlo", "iniziale-carlo")
        # an administrator's reset
        with db.sessions.begin() as s:
            auth.set_password(s, admin, uid, "reset-da-admin")
        # deactivation: the entry goes; renaming another account moves its entry
        with db.sessions.begin() as s:
            staff.set_active(s, admin, uid, False,
                             expected_version=s.get(StaffUser, uid).version)
        with db.sessions.begin() as s:
            pid = staff.create_staff(s, admin, {"username": "paola", "full_name": "Paola P",
                                                "role": Role.PSYCHOLOGIST},
                                     password="iniziale-paola")
        with db.sessions.begin() as s:
            staff.update_staff(s, admin, pid, {"username": "paola.r"},
                               expected_version=s.get(StaffUser, pid).version)
    finally:
        db.dispose()
    assert kr.Keyring.for_database(path).users() == ["admin", "paola.r"]
    with pytest.raises(auth.WrongPassword):
        auth.open_with_login(path, "carlo", "reset-da-admin")
    db, paola = auth.open_with_login(path, "paola.r", "iniziale-paola")
    db.dispose()
    assert paola.id == pid


def test_a_direct_key_cannot_desynchronise_the_key_file(encrypted):
    """Opened with AFFIDO_DB_KEY-style direct key and no binding: password changes refused."""
    path, code = encrypted
    db = open_database(sqlite_url(path), key=kr.raw_key(kr.key_from_recovery_code(code)))
    try:
        with db.sessions.begin() as s:
            admin_id = s.scalar(select(StaffUser.id))
        with pytest.raises(StorageError) as err, db.sessions.begin() as s:
            auth.set_password(s, Actor(admin_id, Role.ADMIN, "admin"), admin_id, "altra-pass-1")
        assert "chiave diretta" in err.value.message
    finally:
        db.dispose()


def test_lost_key_file_and_the_recovery_code(encrypted):
    path, code = encrypted
    keys = path.with_name(path.name + ".keys")
    keys.unlink()
    with pytest.raises(StorageError) as err:
        auth.open_with_login(path, "admin", PW)
    assert "codice di recupero" in err.value.message
    with pytest.raises(ValidationError) as err:
        auth.reset_with_recovery(path, kr.recovery_code(kr.new_database_key()), "admin",
                                 "nuova-admin-1")
    assert err.value.errors == {"recovery_code": kr.WRONG_RECOVERY_MESSAGE}
    db, actor = auth.reset_with_recovery(path, code, "admin", "nuova-admin-1")
    db.dispose()
    assert actor.role == Role.ADMIN
    db, _actor = auth.open_with_login(path, "admin", "nuova-admin-1")
    db.dispose()
    # with the key file present, the code still opens it, and must be this database's
    db = auth.open_with_recovery(path, code.lower())
    db.dispose()


def test_recovery_needs_an_active_administrator(encrypted):
    path, code = encrypted
    with pytest.raises(ValidationError) as err:
        auth.reset_with_recovery(path, code, "nessuno", "nuova-admin-1")
    assert "amministratore attivo" in err.value.message


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def test_open_with_login_without_a_key_file(backend, tmp_path, request):
    """A plain SQLite file or PostgreSQL: the password is checked in the database."""
    url = (sqlite_url(tmp_path / "a.db") if backend == "sqlite"
           else request.getfixturevalue("fresh_pg_url"))
    db = open_database(url)
    with db.sessions.begin() as s:
        staff.create_first_admin(s, "admin", "Anna A", password=PW)
    db.dispose()
    with pytest.raises(auth.WrongPassword):
        auth.open_with_login(url, "admin", "sbagliata-123")
    db, actor = auth.open_with_login(url, "admin", PW)
    db.dispose()
    assert actor.username == "admin"


# --- the command line --------------------------------------------------------------------------

def test_commands_on_an_encrypted_database(encrypted, monkeypatch, capsys):
    from affido_app.cli import main

    path, code = encrypted
    monkeypatch.delenv("AFFIDO_DB_KEY", raising=False)
    monkeypatch.delenv("AFFIDO_USER", raising=False)
    monkeypatch.delenv("AFFIDO_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", None)  # not a terminal
    assert main(["check", "--db", str(path)]) == 1
    assert "AFFIDO_USER e AFFIDO_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("AFFIDO_USER", "admin")
    monkeypatch.setenv("AFFIDO_PASSWORD", "sbagliata-123")
    assert main(["check", "--db", str(path)]) == 1
    assert capsys.readouterr().err == "affido: Nome utente o password non validi.\n"
    monkeypatch.setenv("AFFIDO_PASSWORD", PW)
    assert main(["check", "--db", str(path)]) == 0, capsys.readouterr().err
    out = path.with_name("agenda.ics")
    assert main(["calendar", "--db", str(path), "--out", str(out)]) == 0
    # a password set by an administrator is changed in the application before acting
    db, admin = auth.open_with_login(path, "admin", PW)
    with db.sessions.begin() as s:
        staff.create_staff(s, admin, {"username": "carlo", "full_name": "Carlo C",
                                      "role": Role.COORDINATOR}, password="iniziale-carlo")
    db.dispose()
    monkeypatch.setenv("AFFIDO_USER", "carlo")
    monkeypatch.setenv("AFFIDO_PASSWORD", "iniziale-carlo")
    capsys.readouterr()
    assert main(["calendar", "--db", str(path), "--out", str(out)]) == 1
    assert "provvisoria" in capsys.readouterr().err
    out.unlink()
    # the direct key still works (and still needs a login to act: see test_auth)
    monkeypatch.delenv("AFFIDO_PASSWORD")
    monkeypatch.setenv("AFFIDO_DB_KEY", kr.raw_key(kr.key_from_recovery_code(code)))
    assert main(["check", "--db", str(path)]) == 0, capsys.readouterr().err
    assert main(["calendar", "--db", str(path), "--out", str(out)]) == 1
    assert "AFFIDO_PASSWORD" in capsys.readouterr().err and not out.exists()


def test_demo_database(tmp_path, monkeypatch, capsys):
    """Key ``demo``, no key file, every demo account with the password ``demo``."""
    from affido_app.cli import main
    from affido_app.config import DEMO_DB_KEY, DEMO_PASSWORD
    from affido_app.services.demo import DEMO_ACCOUNTS

    for var in ("AFFIDO_DB_KEY", "AFFIDO_USER", "AFFIDO_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--elders", "3", "--fosterers", "3"]) == 0
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]
    assert main(["check", "--db", str(path)]) == 0, capsys.readouterr().err
    for username, _name, role in DEMO_ACCOUNTS:
        db, actor = auth.open_with_login(path, username, DEMO_PASSWORD, key=DEMO_DB_KEY)
        db.dispose()
        assert actor.role == role
    monkeypatch.setenv("AFFIDO_USER", "coordinatore")
    monkeypatch.setenv("AFFIDO_PASSWORD", "demo")
    out = tmp_path / "agenda.ics"
    assert main(["calendar", "--db", str(path), "--out", str(out)]) == 0
    assert out.exists()


def test_a_backup_copy_opens_with_the_users_password(tmp_path):
    """The key file travels with the copy: the same password opens the backup."""
    original = tmp_path / "ufficio.db"
    db, _code = auth.create_encrypted_database(original, "admin", "Anna Admin",
                                               "una-password-lunga")
    db.dispose()
    dk = kr.Keyring.for_database(original).unlock("admin", "una-password-lunga")
    copy = tmp_path / "copia.db"
    backup_sqlite(original, copy, kr.raw_key(dk))
    assert kr.keyfile_path(copy).read_bytes() == kr.keyfile_path(original).read_bytes()
    opened, actor = auth.open_with_login(copy, "admin", "una-password-lunga")
    opened.dispose()
    assert actor.username == "admin"
