"""Copies of the database: rotation, verification, damage → refusal → restore, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from affido_app.config import sqlite_url
from affido_app.db import backup as raw
from affido_app.db.keyring import keyfile_path
from affido_app.db.migrate import open_database
from affido_app.db.models import AuditEvent, Elder
from affido_app.domain.enums import AuditAction, Role
from affido_app.errors import PermissionDenied, StorageError, ValidationError
from affido_app.services import auth, backups, people
from affido_app.services.context import Actor
from tests.helpers import elder_data

PASSWORD = "Lunga-Password-42"
NOW = dt.datetime(2026, 11, 22, 10, 30)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """Overwrite bytes in the middle of the (encrypted) file, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


@pytest.fixture
def office(tmp_path):
    """An encrypted database with its key file, an administrator and one elder."""
    path = tmp_path / "ufficio" / "affido.db"
    path.parent.mkdir()
    db, _code = auth.create_encrypted_database(path, "admin", "Anna Amministratrice", PASSWORD)
    with db.sessions.begin() as s:
        admin = auth.login(s, "admin", PASSWORD)
        people.create_elder(s, admin, elder_data(last_name="Prima"))
    yield db, admin
    db.dispose()


def _elders(db) -> list[str]:
    with db.sessions() as s:
        return sorted(s.scalars(select(Elder.last_name)))


# --- rotation -----------------------------------------------------------------------------------

def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    # one copy a day at noon for two years, ending Sunday 22 November 2026
    end = dt.datetime(2026, 11, 22, 12, 0)
    stamps = [end - dt.timedelta(days=d) for d in range(730)]
    kept = backups.choose_kept(stamps)
    days = {t.date() for t in kept}
    # the last 7 days
    assert {end.date() - dt.timedelta(days=d) for d in range(7)} <= days
    # the last copy of each of the 4 most recent weeks: Sundays 22, 15, 8, 1 November
    assert {dt.date(2026, 11, 15), dt.date(2026, 11, 8), dt.date(2026, 11, 1)} <= days
    # the last copy of each of the 12 most recent months: 31 October … 31 December 2025
    assert {dt.date(2026, 10, 31), dt.date(2026, 9, 30), dt.date(2026, 2, 28),
            dt.date(2025, 12, 31)} <= days
    assert dt.date(2025, 11, 30) not in days  # the 13th month back
    assert dt.date(2026, 11, 14) not in days  # an ordinary day of the second week
    # 7 daily + 3 more weeks + 11 more months (this month's copy is the newest already)
    assert len(kept) == 7 + 3 + 11


def test_rotation_keeps_the_newest_of_each_day():
    morning = dt.datetime(2026, 11, 20, 8, 0)
    evening = dt.datetime(2026, 11, 20, 19, 0)
    kept = backups.choose_kept([morning, evening, dt.datetime(2026, 11, 21, 9, 0)])
    assert evening in kept and morning not in kept


def test_rotation_counts_days_with_copies_not_calendar_days():
    # the office was closed for months: the last copies are old, they are not all deleted
    stamps = [dt.datetime(2025, 3, d, 17, 0) for d in range(1, 11)]
    kept = backups.choose_kept(stamps)
    assert {t.day for t in kept} == {4, 5, 6, 7, 8, 9, 10, 2}  # 7 days + the week before
    assert backups.choose_kept([]) == set()
    assert backups.choose_kept(stamps[:1]) == set(stamps[:1])


def test_names_are_parsed_for_this_database_only(tmp_path):
    db_path = tmp_path / "affido.db"
    name = backups.backup_name(db_path, NOW)
    assert name == "affido-copia-20261122-103000.db"
    assert backups.parse_name(db_path, name) == ("copia", NOW)
    assert backups.parse_name(db_path, "affido-prima-del-ripristino-20261122-103000-2.db") \
        == ("prima-del-ripristino", NOW)
    assert backups.parse_name(db_path, "affido-prima-aggiornamento-0003-20261122-103000.db") \
        == ("prima-aggiornamento", NOW)
    for other in ("altro-copia-20261122-103000.db", "affido-copia-20261122-103000.db.keys",
                  ".affido-copia-20261122-103000.db.parziale", "affido-copia-2026.db"):
        assert backups.parse_name(db_path, other) is None


# --- making copies ------------------------------------------------------------------------------

def test_backup_is_encrypted_verified_private_and_keeps_the_key_file(office, tmp_path):
    db, _admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    steps = []
    result = backups.make_backup(db.path, db.key, folder, now=NOW, progress=steps.append)
    assert result.path == folder / "affido-copia-20261122-103000.db"
    assert steps[-1] == 100
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert result.path.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted
    assert keyfile_path(result.path).read_bytes() == keyfile_path(db.path).read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [result.path.name,
                                                        result.path.name + ".keys"]
    # each user's password opens the copy, as it opens the database
    copy, _actor = auth.open_with_login(result.path, "admin", PASSWORD, upgrade=False)
    try:
        assert _elders(copy) == ["Prima"]
    finally:
        copy.dispose()
    assert backups.list_backups(folder, db.path)[0].path == result.path


def test_a_copy_that_fails_verification_is_deleted_and_reported(office, tmp_path, monkeypatch):
    db, _admin = office
    folder = tmp_path / "copie"
    folder.mkdir()

    def broken(path, key, counts):
        raise StorageError("La copia di sicurezza non contiene gli stessi dati dell'originale.")

    monkeypatch.setattr(raw, "verify_copy", broken)
    with pytest.raises(StorageError, match="stessi dati"):
        backups.make_backup(db.path, db.key, folder, now=NOW)
    assert list(folder.iterdir()) == []  # no copy, no partial file, no key file


def test_the_backup_rotates_regular_copies_only(office, tmp_path):
    db, _admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    old = [NOW - dt.timedelta(days=d, hours=1) for d in range(1, 40)]
    for t in old:
        (folder / backups.backup_name(db.path, t)).write_bytes(b"x")
        keyfile_path(folder / backups.backup_name(db.path, t)).write_bytes(b"k")
    before = folder / backups.backup_name(db.path, old[-1], backups.PRE_RESTORE)
    before.write_bytes(b"x")
    unrelated = folder / "appunti.txt"
    unrelated.write_bytes(b"x")
    result = backups.make_backup(db.path, db.key, folder, now=NOW)
    left = backups.list_backups(folder, db.path)
    copies = [b.taken_at for b in left if b.kind == backups.COPY]
    assert copies == sorted(backups.choose_kept([NOW, *old]), reverse=True)
    assert len(result.removed) == len(old) + 1 - len(copies)
    assert all(not keyfile_path(p).exists() for p in result.removed)
    assert before.exists() and unrelated.exists()


def test_the_folder_must_be_reachable(office, tmp_path):
    db, _admin = office
    with pytest.raises(StorageError, match="non è raggiungibile"):
        backups.make_backup(db.path, db.key, tmp_path / "disco-esterno", now=NOW)


def test_postgresql_backups_are_the_servers_job():
    with pytest.raises(StorageError, match="pg_dump"):
        backups.make_backup(None, None, Path("/tmp"))


def test_backup_at_an_explicit_file_is_outside_the_rotation(office, tmp_path):
    db, _admin = office
    out = tmp_path / "chiavetta.db"
    result = backups.make_backup(db.path, db.key, tmp_path / "non-usata", out=out)
    assert result.path == out and out.exists() and keyfile_path(out).exists()
    with pytest.raises(StorageError, match="esiste già"):
        backups.make_backup(db.path, db.key, tmp_path, out=out)


# --- the folder setting and the dashboard's status ----------------------------------------------

def test_folder_setting_is_for_administrators(db, actors, tmp_path):
    folder = tmp_path / "esterno"
    folder.mkdir()
    with db.sessions.begin() as s:
        assert backups.backup_folder(s) == backups.default_folder()
        with pytest.raises(PermissionDenied):
            backups.set_backup_folder(s, actors[Role.COORDINATOR], str(folder))
        with pytest.raises(ValidationError):
            backups.set_backup_folder(s, actors[Role.ADMIN], str(tmp_path / "manca"))
        with pytest.raises(ValidationError):
            backups.set_backup_folder(s, actors[Role.ADMIN], "relativa/cartella")
        backups.set_backup_folder(s, actors[Role.ADMIN], str(folder))
    with db.sessions() as s:
        assert backups.backup_folder(s) == folder
        assert backups.warn_after_days(s) == 2
    with db.sessions.begin() as s:
        backups.set_backup_folder(s, actors[Role.ADMIN], "")
        assert backups.backup_folder(s) == backups.default_folder()


def test_status_warns_when_there_is_no_copy_or_it_is_old(tmp_path):
    db_path = tmp_path / "affido.db"
    folder = tmp_path / "copie"
    folder.mkdir()
    status = backups.backup_status(folder, db_path, 2, now=NOW)
    assert status.stale and status.due
    assert "nessuna copia" in status.message()
    (folder / backups.backup_name(db_path, NOW - dt.timedelta(days=3))).write_bytes(b"x")
    status = backups.backup_status(folder, db_path, 2, now=NOW)
    assert status.stale and "3 giorni fa" in status.message()
    assert "19 novembre 2026" in status.message()
    (folder / backups.backup_name(db_path, NOW - dt.timedelta(hours=30))).write_bytes(b"x")
    status = backups.backup_status(folder, db_path, 2, now=NOW)
    assert not status.stale and status.due and status.message() == ""
    (folder / backups.backup_name(db_path, NOW - dt.timedelta(hours=2))).write_bytes(b"x")
    assert not backups.backup_status(folder, db_path, 2, now=NOW).due
    unplugged = backups.backup_status(tmp_path / "disco", db_path, 2, now=NOW)
    assert unplugged.stale and "non è raggiungibile" in unplugged.message()


# --- damage, refusal, restore -------------------------------------------------------------------

def test_backup_damage_refused_restore_round_trip(office, tmp_path):
    db, admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    copy = backups.make_backup(db.path, db.key, folder, now=NOW).path
    with db.sessions.begin() as s:  # written after the copy: lost by the restore
        people.create_elder(s, admin, elder_data(last_name="Dopo"))
    key, path = db.key, db.path
    db.dispose()
    damage(path)
    with pytest.raises(raw.DamagedDatabase) as refused:
        auth.open_with_login(path, "admin", PASSWORD)
    assert refused.value.path == path
    damaged_bytes = _sha(path)
    assert backups.newest_backup(path, folder).path == copy

    source_key = backups.source_key(copy, current_key=key)
    assert source_key == key  # the copy's key file is this database's
    result = backups.restore(path, copy, source_key, folder, current_key=key, actor=admin,
                             now=NOW + dt.timedelta(minutes=5))
    # the damaged database was kept as it was, beside the copies
    assert result.previous.name.startswith("affido-danneggiato-prima-del-ripristino-")
    assert _sha(result.previous) == damaged_bytes
    restored, _actor = auth.open_with_login(path, "admin", PASSWORD)
    try:
        assert _elders(restored) == ["Prima"]
        with restored.sessions() as s:
            assert s.scalar(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == AuditAction.RESTORE)) == 1
    finally:
        restored.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_keeps_a_verified_copy_of_the_current_database(office, tmp_path):
    db, admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    copy = backups.make_backup(db.path, db.key, folder, now=NOW).path
    with db.sessions.begin() as s:
        people.create_elder(s, admin, elder_data(last_name="Dopo"))
    key, path = db.key, db.path
    db.dispose()
    result = backups.restore(path, copy, key, folder, current_key=key, actor=admin,
                             now=NOW + dt.timedelta(hours=1))
    assert result.previous.name == "affido-prima-del-ripristino-20261122-113000.db"
    assert keyfile_path(result.previous).exists()
    before, _actor = auth.open_with_login(result.previous, "admin", PASSWORD, upgrade=False)
    try:
        assert _elders(before) == ["Dopo", "Prima"]  # nothing written since is lost
    finally:
        before.dispose()
    restored, _actor = auth.open_with_login(path, "admin", PASSWORD)
    try:
        assert _elders(restored) == ["Prima"]
    finally:
        restored.dispose()


def test_restore_refuses_a_damaged_copy_and_leaves_the_database_untouched(office, tmp_path):
    db, admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    copy = backups.make_backup(db.path, db.key, folder, now=NOW).path
    key, path = db.key, db.path
    db.dispose()
    damage(copy)
    before = _sha(path)
    with pytest.raises(StorageError, match=r"non è stato modificato|non è stata ripristinata"):
        backups.restore(path, copy, key, folder, current_key=key, actor=admin)
    assert _sha(path) == before
    assert [b.kind for b in backups.list_backups(folder, path)] == ["copia"]


def test_restore_refuses_a_foreign_file(office, tmp_path):
    db, admin = office
    key, path = db.key, db.path
    db.dispose()
    before = _sha(path)
    other = tmp_path / "altro.db"
    conn = raw.connect_raw(other, None)
    conn.execute("CREATE TABLE ricette (nome TEXT)")
    conn.close()
    text = tmp_path / "lettera.db"
    text.write_text("Gentile signora, …")
    stranger = tmp_path / "estraneo.db"
    stranger_db = open_database(sqlite_url(stranger), key="x'" + "ab" * 32 + "'")
    stranger_db.dispose()
    for foreign in (other, text):
        with pytest.raises(StorageError):
            backups.restore(path, foreign, None, tmp_path, current_key=key, actor=admin)
    with pytest.raises(StorageError, match="non si apre con la chiave"):
        backups.source_key(stranger, current_key=key)
    assert _sha(path) == before
    assert backups.list_backups(tmp_path, path) == []


def test_restore_is_for_administrators_and_refused_while_affido_has_it_open(office, tmp_path):
    db, admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    copy = backups.make_backup(db.path, db.key, folder, now=NOW).path
    key, path = db.key, db.path
    db.dispose()
    with pytest.raises(PermissionDenied):
        backups.restore(path, copy, key, folder, actor=Actor(admin.id, Role.COORDINATOR, "c"))
    before = _sha(path)
    lock = path.with_name(path.name + ".lock")
    lock.write_text(f"{os.getppid()}\n\n{socket.gethostname()}\n")  # another running Affido
    with pytest.raises(StorageError, match="aperto in Affido"):
        backups.restore(path, copy, key, folder, current_key=key, actor=admin)
    assert _sha(path) == before
    lock.write_text(f"{os.getpid()}\n\n{socket.gethostname()}\n")  # this process: its caller
    backups.restore(path, copy, key, folder, current_key=key, actor=admin)  # closed it first


def test_an_interrupted_restore_is_finished_or_undone(tmp_path):
    path = tmp_path / "affido.db"
    path.write_bytes(b"old")
    keyfile_path(path).write_bytes(b"old keys")
    staged = tmp_path / ".affido.db.ripristino"
    # cut before the database was renamed: the old one stands, the staged files go
    staged.write_bytes(b"new")
    keyfile_path(staged).write_bytes(b"new keys")
    backups.finish_interrupted_restore(path)
    assert not staged.exists() and not keyfile_path(staged).exists()
    assert keyfile_path(path).read_bytes() == b"old keys"
    # cut between the two renames: the new key file goes in place
    keyfile_path(staged).write_bytes(b"new keys")
    backups.finish_interrupted_restore(path)
    assert keyfile_path(path).read_bytes() == b"new keys"


def test_the_folder_used_is_remembered_for_a_damaged_database(office, tmp_path):
    db, _admin = office
    folder = tmp_path / "disco"
    folder.mkdir()
    result = backups.make_backup(db.path, db.key, folder, now=NOW)
    assert backups.candidate_folders(db.path)[0] == folder
    assert backups.newest_backup(db.path).path == result.path


def test_a_copy_with_another_key_opens_with_its_own_key_file_and_password(office, tmp_path):
    from affido_app.db.keyring import LoginRefused

    db, _admin = office
    other_path = tmp_path / "altro" / "affido.db"
    other_path.parent.mkdir()
    other, _code = auth.create_encrypted_database(other_path, "admin", "Anna", "Altra-Password-7")
    other.dispose()
    with pytest.raises(StorageError, match="non si apre con la chiave"):
        backups.source_key(other_path, current_key=db.key)
    with pytest.raises(LoginRefused):
        backups.source_key(other_path, current_key=db.key, credentials=("admin", PASSWORD))
    key = backups.source_key(other_path, current_key=db.key,
                             credentials=("admin", "Altra-Password-7"))
    assert key != db.key and backups.verify_source(other_path, key) is False


def test_copies_before_a_restore_or_an_upgrade_keep_the_newest_three_and_a_month(office,
                                                                                  tmp_path):
    """Safety copies taken by restores and upgrades do not pile up for ever: the 3 newest of
    each kind stay, and any younger than 30 days; the upgrade copies beside the database too."""
    db, _admin = office
    folder = tmp_path / "copie"
    folder.mkdir()
    beside = db.path.parent / "backups"
    beside.mkdir(exist_ok=True)
    days = [1, 5, 40, 50, 60, 70]

    def made(where, kind, d):
        path = where / backups.backup_name(db.path, NOW - dt.timedelta(days=d), kind)
        path.write_bytes(b"x")
        keyfile_path(path).write_bytes(b"k")
        return path

    restores = [made(folder, backups.PRE_RESTORE, d) for d in days]
    upgrades = [made(beside, f"{backups.PRE_UPGRADE}-0004", d) for d in days]
    young = [made(folder, backups.PRE_RESTORE, d) for d in (2, 3, 4)]  # 5 younger than 30 days
    result = backups.make_backup(db.path, db.key, folder, now=NOW)
    left_restores = {p for p in [*restores, *young] if p.exists()}
    assert left_restores == {*young, *restores[:2]}  # 5 recent ones; nothing older than 30 days
    assert [p.exists() for p in upgrades] == [True, True, True, False, False, False]
    assert set(result.removed) == ({*restores[2:], *upgrades[3:]})
    assert all(not keyfile_path(p).exists() for p in result.removed)
