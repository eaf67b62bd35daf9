"""Faults the office meets: disk full, read-only database, database locked by another program,
a database on a network share, damaged files. Each gives a clear Italian message and writes
nothing half: a save either happens whole or not at all, and works again once the fault is gone.

The faults are injected for real on the application's own connections: ``max_page_count`` (the
database cannot grow: what a full disk does), a read-only open of the file (works as root too,
where ``chmod`` stops nothing), another connection holding the write lock. The ``chmod`` variants
run where they mean something (not as root).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from affido_app.config import sqlite_url
from affido_app.db import engine as engine_module
from affido_app.db import storage_checks
from affido_app.db.backup import connect_raw
from affido_app.db.engine import create_db_engine, session_factory, storage_errors
from affido_app.db.migrate import Database, open_database
from affido_app.db.models import AuditEvent, Elder
from affido_app.domain.enums import Role
from affido_app.errors import StorageError
from affido_app.services import people
from tests.conftest import make_actors
from tests.helpers import elder_data

#: the start of each message (the messages say what happened first)
DISK_FULL = "Il disco è pieno: l'operazione non è stata salvata"
READ_ONLY = "Il database è in sola lettura: l'operazione non è stata salvata"
LOCKED = "Il database è occupato da un altro programma: l'operazione non è stata salvata"



def _chmod_stops_writes() -> bool:
    """False as root (or with CAP_DAC_OVERRIDE), where read-only permissions stop nothing."""
    probe = Path(tempfile.mkdtemp(prefix="affido-chmod-")) / "probe"
    probe.write_bytes(b"")
    probe.chmod(0o444)
    try:
        with probe.open("ab"):
            return False
    except PermissionError:
        return True
    finally:
        shutil.rmtree(probe.parent, ignore_errors=True)


CHMOD_IGNORED = not _chmod_stops_writes()


# --- injections, shared with tests/ui/test_fault_forms.py --------------------------------------

@contextlib.contextmanager
def disk_full(database: Database):
    """The database cannot grow by a single page on the application's connections."""
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0  # no room inside
        conn.rollback()

    def cap(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
        cur.close()

    database.engine.dispose()
    event.listen(database.engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(database.engine, "connect", cap)
        database.engine.dispose()


@contextlib.contextmanager
def read_only(database: Database):
    """The application's sessions open the file read-only (as from a write-protected disk)."""
    path = database.path
    ro = create_db_engine(f"sqlite:///file:{path}?mode=ro&uri=true", key=database.key)
    engine, sessions = database.engine, database.sessions
    database.engine, database.sessions = ro, session_factory(ro)
    try:
        yield
    finally:
        database.engine, database.sessions = engine, sessions
        ro.dispose()


@contextlib.contextmanager
def locked_by_another_program(database: Database, monkeypatch, busy_ms: int = 150):
    """Another program holds the write lock; the application waits ``busy_ms`` at most."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", busy_ms)
    database.engine.dispose()  # new connections get the short busy timeout
    other = connect_raw(database.path, database.key)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def long_notes() -> str:
    """Notes longer than a page: saving them needs a new page."""
    return ("Ha bisogno di compagnia nel pomeriggio e di aiuto per la spesa. " * 80).strip()


def counts(database: Database) -> tuple[int, int]:
    with database.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Elder)),
                s.scalar(select(func.count()).select_from(AuditEvent)))


def save_elder(database: Database, actor, **data) -> int:
    with storage_errors(), database.sessions.begin() as s:
        return people.create_elder(s, actor, elder_data(**data))


KEY = "x'" + "c3" * 32 + "'"


@pytest.fixture
def encrypted(tmp_path):
    """An encrypted database (as the application makes them) and its coordinator."""
    database = open_database(sqlite_url(tmp_path / "affido.db"), key=KEY)
    actor = make_actors(database)[Role.COORDINATOR]
    yield database, actor
    database.dispose()


# --- disk full ---------------------------------------------------------------------------------

def test_disk_full_saves_nothing_and_says_so(encrypted):
    database, actor = encrypted
    before = counts(database)
    with disk_full(database), pytest.raises(StorageError) as refused:
        save_elder(database, actor, notes=long_notes())
    assert refused.value.message.startswith(DISK_FULL)
    assert "Liberare spazio sul disco e riprovare" in refused.value.message
    assert counts(database) == before  # no elder without its audit row, or the reverse
    save_elder(database, actor, notes=long_notes())  # space again: it saves
    assert counts(database) == (before[0] + 1, before[1] + 1)


# --- read-only ---------------------------------------------------------------------------------

def test_a_read_only_database_saves_nothing_and_says_so(encrypted):
    database, actor = encrypted
    before = counts(database)
    with read_only(database), pytest.raises(StorageError) as refused:
        save_elder(database, actor)
    assert refused.value.message.startswith(READ_ONLY)
    assert "permessi" in refused.value.message
    assert counts(database) == before
    save_elder(database, actor)
    assert counts(database)[0] == before[0] + 1


@pytest.mark.skipif(CHMOD_IGNORED, reason="root writes to read-only files")
def test_a_read_only_file_gives_the_read_only_message(encrypted):
    database, actor = encrypted
    path = database.path
    database.dispose()
    before = counts(database)
    path.chmod(0o444)
    try:
        again = open_database(sqlite_url(path), key=KEY)
        try:
            with pytest.raises(StorageError) as refused:
                save_elder(again, actor)
            assert refused.value.message.startswith(READ_ONLY)
            assert counts(again) == before
        finally:
            again.dispose()
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(CHMOD_IGNORED, reason="root writes to read-only folders")
def test_a_read_only_folder_gives_a_clear_message(encrypted):
    database, actor = encrypted
    path = database.path
    database.dispose()  # closed: no -wal / -shm beside it any more
    folder = path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(StorageError) as refused:
            again = open_database(sqlite_url(path), key=KEY)
            try:
                save_elder(again, actor)
            finally:
                again.dispose()
        assert refused.value.message.startswith(
            (READ_ONLY, "Impossibile aprire il database: controllare il percorso e i permessi"))
    finally:
        folder.chmod(0o755)


# --- locked by another program -----------------------------------------------------------------

def test_a_database_locked_by_another_program_saves_nothing_and_says_so(encrypted, monkeypatch):
    database, actor = encrypted
    before = counts(database)
    with locked_by_another_program(database, monkeypatch):
        with pytest.raises(StorageError) as refused:
            save_elder(database, actor)
        assert refused.value.message.startswith(LOCKED)
        assert "Riprovare tra qualche istante" in refused.value.message
    assert counts(database) == before
    save_elder(database, actor)  # the other program is done: it saves
    assert counts(database)[0] == before[0] + 1


# --- the messages for the remaining SQLite / SQLCipher error texts ---------------------------

@pytest.mark.parametrize(("text", "start"), [
    ("database or disk is full", DISK_FULL),
    ("attempt to write a readonly database", READ_ONLY),
    ("database is locked", LOCKED),
    ("disk I/O error", "Errore di lettura o scrittura sul disco"),
    ("database disk image is malformed", "Il database risulta danneggiato"),
    ("file is not a database", "Il file non è un database di Affido leggibile"),
    ("unable to open database file", "Impossibile aprire il database"),
])
def test_sqlcipher_errors_get_their_message(text, start):
    from sqlcipher3 import dbapi2

    translated = engine_module.translate_db_error(dbapi2.OperationalError(text))
    assert translated is not None and translated.message.startswith(start)


def test_a_bug_is_not_dressed_up_as_a_storage_problem():
    assert engine_module.translate_db_error(ValueError("no such column: x")) is None


# --- a database on a network share -------------------------------------------------------------

MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
25 22 0:21 / /tmp rw,nosuid shared:5 - tmpfs tmpfs rw
40 22 0:45 / /mnt/ufficio rw,relatime shared:20 - cifs //server/ufficio rw,vers=3.0
41 22 0:46 / /mnt/archivio\040comune rw,relatime shared:21 - nfs4 srv:/export rw
42 40 8:2 / /mnt/ufficio/locale rw,relatime shared:22 - ext4 /dev/sdb1 rw
43 22 0:47 / /home/anna/remoto rw,relatime shared:23 - fuse.sshfs anna@srv: rw
"""


LINUX_MOUNTS = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                  reason="the mount table is Linux's")


@pytest.fixture
def fake_mounts(monkeypatch):
    def use(text: str) -> None:
        monkeypatch.setattr(storage_checks, "mount_table_reader", lambda: text)
    return use


@LINUX_MOUNTS
@pytest.mark.parametrize(("path", "expected"), [
    ("/mnt/ufficio/affido.db", "cifs"),
    ("/mnt/ufficio", "cifs"),
    ("/mnt/ufficio/sub/dir/affido.db", "cifs"),
    ("/mnt/archivio comune/affido.db", "nfs4"),
    ("/home/anna/remoto/affido.db", "fuse.sshfs"),
    ("/mnt/ufficio/locale/affido.db", None),  # a local disk mounted inside the share
    ("/mnt/ufficiox/affido.db", None),  # a name that only starts like the share
    ("/tmp/affido.db", None),
    ("/home/anna/affido.db", None),
])
def test_network_shares_are_told_from_local_disks(fake_mounts, path, expected):
    fake_mounts(MOUNTINFO)
    assert storage_checks.network_share(Path(path), platform="linux") == expected


@pytest.mark.parametrize(("fstype", "network"), [
    ("nfs", True), ("nfs4", True), ("cifs", True), ("smb3", True), ("smbfs", True),
    ("fuse.sshfs", True), ("9p", True), ("afs", True), ("ceph", True), ("glusterfs", True),
    ("davfs", True), ("ext4", False), ("xfs", False), ("btrfs", False), ("tmpfs", False),
    ("overlay", False), ("fuse.gvfsd-fuse", False), ("vfat", False), ("ntfs3", False),
])
def test_network_file_system_types(fstype, network):
    assert storage_checks.is_network_type(fstype) is network


@pytest.mark.parametrize(("path", "unc"), [
    (r"\\server\ufficio\affido.db", True),
    ("//server/ufficio/affido.db", True),
    (r"\\?\UNC\server\ufficio\affido.db", True),
    (r"\\?\C:\Dati\affido.db", False),
    (r"C:\Dati\affido.db", False),
    ("/home/anna/affido.db", False),
])
def test_unc_paths_are_network_paths(path, unc):
    assert storage_checks.is_unc(path) is unc
    assert (storage_checks.network_share(path, platform="win32") == "rete") is unc


@LINUX_MOUNTS
def test_a_database_on_a_network_share_is_refused_untouched(tmp_path, fake_mounts):
    share = tmp_path / "ufficio"
    share.mkdir()
    existing = share / "esistente.db"
    shutil.copyfile(Path(__file__), existing)  # any content: it must stay as it is
    before = existing.read_bytes()
    fake_mounts(f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                f"40 22 0:45 / {share} rw - cifs //server/ufficio rw\n")
    for path in (share / "nuovo.db", existing):
        with pytest.raises(StorageError) as refused:
            open_database(sqlite_url(path), key=KEY)
        message = refused.value.message
        assert "cartella di rete (cifs)" in message and "PostgreSQL" in message
        assert "Ufficio con più PC" in message
    assert not (share / "nuovo.db").exists()
    assert existing.read_bytes() == before
    assert sorted(p.name for p in share.iterdir()) == ["esistente.db"]


@LINUX_MOUNTS
def test_without_a_mount_table_nothing_is_refused(tmp_path, fake_mounts):
    fake_mounts(None)
    database = open_database(sqlite_url(tmp_path / "affido.db"), key=KEY)
    database.dispose()


def test_the_real_mount_table_is_read(tmp_path):
    if not Path("/proc/self/mountinfo").exists():
        pytest.skip("no /proc/self/mountinfo here")
    table = storage_checks.read_mount_table()
    assert table and storage_checks.filesystem_type_linux(Path("/"), table)
