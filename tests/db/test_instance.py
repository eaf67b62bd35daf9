"""One Affido per SQLite database: the lock file Qt writes, read with and without Qt."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from affido_app.db.instance import in_use, lock_path, read_lock

POSIX = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")

#: the refusal (English until the lead merges the translations)
ITALIAN_OR_NOT_YET_TRANSLATED = ("Affido è già aperto su questo database su questo computer",
                                 "Affido is already open on this database on this computer")

HOLDER = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0), "not locked"
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
lock.unlock()
"""


@pytest.fixture
def holder(tmp_path):
    """Start another process that holds the lock of a database, the way Affido does."""
    started: list[subprocess.Popen] = []

    def start(db: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path(db))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_lock_path_is_next_to_the_database(tmp_path):
    assert lock_path(tmp_path / "affido.db") == tmp_path / "affido.db.lock"


def test_no_lock_file_means_not_in_use(tmp_path):
    assert not in_use(tmp_path / "affido.db")


def test_a_running_affido_holds_the_database_until_it_ends(tmp_path, holder):
    db = tmp_path / "affido.db"
    proc = holder(db)
    info = read_lock(lock_path(db))
    assert info is not None and info.pid == proc.pid
    assert in_use(db)
    assert not in_use(tmp_path / "other.db")
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0
    assert not lock_path(db).exists() and not in_use(db)


@POSIX
def test_a_lock_left_by_a_killed_affido_is_stale(tmp_path, holder):
    db = tmp_path / "affido.db"
    proc = holder(db)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert lock_path(db).exists()  # left behind, as after a crash or a power cut
    assert not in_use(db)


@POSIX
def test_a_pid_now_used_by_another_program_does_not_count(tmp_path):
    db = tmp_path / "affido.db"
    other = subprocess.Popen(["sleep", "30"])
    try:
        lock_path(db).write_text(f"{other.pid}\n{Path(sys.executable).name}\n"
                                 f"{socket.gethostname()}\n")
        if sys.platform.startswith("linux"):
            assert not in_use(db)  # "sleep" is not the program that wrote the lock
        lock_path(db).write_text(f"{other.pid}\nsleep\n{socket.gethostname()}\n")
        assert in_use(db)
    finally:
        other.kill()
        other.wait()


def test_locks_from_another_computer_or_unreadable(tmp_path):
    db = tmp_path / "affido.db"
    lock_path(db).write_text("12345\npython3\nanother-pc\n")
    assert in_use(db)  # cannot be checked from here: careful
    lock_path(db).write_text("")
    assert read_lock(lock_path(db)) is None and not in_use(db)
    lock_path(db).write_text("garbage\n")
    assert not in_use(db)


# --- the application's lock (Qt) --------------------------------------------------------------

def test_a_second_affido_on_the_same_database_is_refused(qapp, tmp_path, holder):
    from affido_app.ui.i18n import install_translators
    from affido_app.ui.instance_lock import AlreadyOpen, hold_instance_lock

    install_translators(qapp, "it")
    db = tmp_path / "affido.db"
    holder(db)
    with pytest.raises(AlreadyOpen) as refused:
        hold_instance_lock(db)
    assert refused.value.message.startswith(ITALIAN_OR_NOT_YET_TRANSLATED)
    assert "affido.db" in refused.value.message


@POSIX
def test_the_lock_of_a_crashed_affido_is_taken_over(qapp, tmp_path, holder):
    from affido_app.ui.instance_lock import hold_instance_lock, release_instance_lock

    db = tmp_path / "affido.db"
    proc = holder(db)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    try:
        lock = hold_instance_lock(db)
        assert lock is not None and lock.holds()
        assert read_lock(lock_path(db)).pid == os.getpid()
        assert hold_instance_lock(db) is lock  # the same database again: still ours
    finally:
        release_instance_lock()
    assert not lock_path(db).exists()


def test_an_old_unreadable_lock_is_removed_a_fresh_one_is_respected(qapp, tmp_path):
    from affido_app.ui.instance_lock import (
        UNREADABLE_GRACE_S,
        AlreadyOpen,
        hold_instance_lock,
        release_instance_lock,
    )

    db = tmp_path / "affido.db"
    lock_path(db).write_bytes(b"")  # a lock file a crash left empty
    with pytest.raises(AlreadyOpen):  # ...or one being written right now: wait
        hold_instance_lock(db)
    old = time.time() - UNREADABLE_GRACE_S - 60
    os.utime(lock_path(db), (old, old))
    try:
        assert hold_instance_lock(db).holds()
    finally:
        release_instance_lock()


def test_postgresql_takes_no_lock(qapp):
    from affido_app.ui.instance_lock import hold_instance_lock

    assert hold_instance_lock(None) is None


@pytest.mark.parametrize("demo", [True, False])
def test_the_app_stops_before_the_login_when_the_database_is_open(
        qapp, tmp_path, holder, monkeypatch, demo):
    from PySide6.QtCore import QSettings

    from affido_app.ui.app import open_context
    from affido_app.ui.instance_lock import AlreadyOpen, held_lock
    from affido_app.ui.settings import Settings

    monkeypatch.setenv("AFFIDO_HOME", str(tmp_path))
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    path = tmp_path / ("demo.db" if demo else "affido.db")
    holder(path)
    with pytest.raises(AlreadyOpen):  # run_gui shows its message and exits
        open_context(None if demo else str(path), demo, settings, quiet=True)
    assert not path.exists()  # refused before anything was built or asked
    assert held_lock() is None


def test_a_database_on_a_network_share_is_refused_before_the_login(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from affido_app.db import storage_checks
    from affido_app.errors import StorageError
    from affido_app.ui.app import open_context
    from affido_app.ui.instance_lock import held_lock
    from affido_app.ui.settings import Settings

    if not sys.platform.startswith("linux"):
        pytest.skip("the mount table is Linux's")
    monkeypatch.setattr(storage_checks, "mount_table_reader",
                        lambda: f"40 1 0:45 / {tmp_path} rw - cifs //server/ufficio rw\n")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    with pytest.raises(StorageError) as refused:
        open_context(str(tmp_path / "affido.db"), False, settings)
    assert "cartella di rete" in refused.value.message
    assert held_lock() is None and not lock_path(tmp_path / "affido.db").exists()
