"""One Affido per SQLite database on a computer: a ``QLockFile`` on ``<database>.lock``.

The lock is taken once the database's path is known and before the login (``ui/app.py``), and
held until the application ends. A second Affido started on the same database is refused with a
clear message. A lock left behind by an Affido that crashed or lost power is stale (its process no
longer runs) and is removed by Qt; ``affido_app.db.instance.in_use`` reads the same file without
Qt. PostgreSQL needs no lock: several PCs share a server by design.
"""

from __future__ import annotations

import atexit
import logging
import time
from pathlib import Path

from PySide6.QtCore import QLockFile

from affido_app.db.instance import lock_path, read_lock
from affido_app.db.storage_checks import refuse_network_share
from affido_app.errors import StorageError
from affido_app.ui.i18n import tr

log = logging.getLogger(__name__)

#: an unreadable lock file younger than this may be one being written: left alone
UNREADABLE_GRACE_S = 5.0


class AlreadyOpen(StorageError):
    """Another Affido has this database open on this computer."""


class InstanceLock:
    """The lock of one database, held by this process."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._lock = QLockFile(str(self.path))
        # held for as long as the application runs: never stale because of its age, only
        # because its process is gone (Qt checks the process id, host and boot)
        self._lock.setStaleLockTime(0)

    def try_lock(self) -> bool:
        """Take the lock (removing a stale one); False when another live process holds it."""
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            # tryLock removes a stale lock by itself; a file left empty or half written by a
            # crash cannot be read, so Qt never calls it stale: removed here once it is old
            # enough not to be a lock another Affido is writing at this very moment
            if (read_lock(self.path) is None and _age_seconds(self.path) > UNREADABLE_GRACE_S
                    and self._lock.removeStaleLockFile()):
                return self._lock.tryLock(0)
            return False
        # the folder is read-only, or similar: opening the database gives the real reason
        log.warning("instance lock not taken (error %s)", int(self._lock.error().value))
        return True

    def holds(self) -> bool:
        return self._lock.isLocked()

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def _age_seconds(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


#: the lock this process holds (one application per process)
_held: InstanceLock | None = None


def hold_instance_lock(db_path: Path | None) -> InstanceLock | None:
    """Take the lock of the SQLite database at ``db_path`` for the rest of the run (None for
    PostgreSQL). Raises :class:`AlreadyOpen` when another Affido on this computer has it open,
    :class:`StorageError` when it is on a network share. Taking the same database again in the
    same process is harmless."""
    global _held
    if db_path is None:
        return None
    db_path = Path(db_path).absolute()
    if _held is not None:
        if _held.db_path == db_path and _held.holds():
            return _held
        release_instance_lock()
    if not db_path.parent.is_dir():
        return None  # opening the database explains the missing folder
    # refused before the login, not after it (opening the database refuses it too)
    refuse_network_share(db_path)
    lock = InstanceLock(db_path)
    if not lock.try_lock():
        raise AlreadyOpen(
            tr("Affido is already open on this database on this computer ({name}). Use the "
               "window that is already open (it may be minimised or behind other windows), or "
               "close it before starting Affido again.").format(name=db_path.name))
    _held = lock
    return lock


def release_instance_lock() -> None:
    """Give the lock back (the application ends, or opens another database)."""
    global _held
    if _held is not None:
        _held.release()
        _held = None


def held_lock() -> InstanceLock | None:
    return _held


atexit.register(release_instance_lock)
