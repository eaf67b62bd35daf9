"""Verified copies of a SQLite database through SQLite's online backup API.

A copy is encrypted like the source (same key), then checked: ``PRAGMA integrity_check`` and the
row count of every table must match the source. A copy that fails verification is deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from affido_app.db.engine import effective_key, key_pragma, sqlite_module
from affido_app.db.keyring import keyfile_path
from affido_app.errors import StorageError


def connect_raw(path: Path, key: str | None, *, readonly: bool = False):
    """A DB-API connection to a SQLite/SQLCipher file, keyed, without SQLAlchemy."""
    dbapi = sqlite_module()
    if readonly:
        uri = f"file:{Path(path).absolute()}?mode=ro"
        if not Path(f"{path}-wal").exists():
            # nothing pending in a WAL: read the file as it is, creating no -wal/-shm beside it
            uri += "&immutable=1"
        conn = dbapi.connect(uri, uri=True, timeout=10)
    else:
        conn = dbapi.connect(str(path), timeout=10)
    conn.isolation_level = None
    if key:
        conn.execute(key_pragma(effective_key(path, key)))
    return conn


def table_counts(conn) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def integrity_problems(conn, *, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else rows


class DamagedDatabase(StorageError):
    """The database fails SQLite's check: Affido never writes to it. ``path`` is the file."""

    def __init__(self, path: Path, message: str | None = None):
        self.path = Path(path)
        super().__init__(message or (
            f"Il database «{self.path.name}» è danneggiato (non supera il controllo di "
            "integrità): Affido non lo modifica. Ripristinare l'ultima copia di sicurezza "
            "verificata."))


def quick_check(path: Path, key: str | None) -> None:
    """``PRAGMA quick_check`` on a read-only connection, before anything writes to the file.

    Raises :class:`DamagedDatabase` when the file is damaged (a page that does not decrypt
    counts as damage: the key was already checked on the first page)."""
    try:
        conn = connect_raw(path, key, readonly=True)
    except Exception:
        return  # not ours to judge here: the caller's own open reports it
    try:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except Exception:
            return  # unreadable for another reason (key, lock): the caller's open reports it
        try:
            problems = integrity_problems(conn, quick=True)
        except Exception as exc:
            text = str(exc).lower()
            if any(w in text for w in ("malformed", "not a database", "corrupt", "encrypted")):
                raise DamagedDatabase(path) from exc
            raise StorageError(f"Impossibile controllare «{Path(path).name}»: "
                               f"{_reason(exc)}") from exc
    finally:
        conn.close()
    if problems:
        raise DamagedDatabase(path)


def partial_name(dest: Path) -> Path:
    """Where a copy is written before it is verified and renamed to ``dest``."""
    return dest.with_name(f".{dest.name}{PARTIAL_SUFFIX}")


PARTIAL_SUFFIX = ".parziale"


def backup_sqlite(src: Path, dest: Path, key: str | None,
                  progress: Callable[[int], None] | None = None, *,
                  readonly_source: bool = False) -> dict[str, int]:
    """Copy ``src`` into ``dest`` (which must not exist) and verify the copy. Returns row counts.

    The copy is written to a hidden partial file beside ``dest``, checked (integrity and the
    row count of every table), given owner-only permissions and only then renamed to
    ``dest``, with the key file of ``src`` beside it (``<dest>.keys``): a file named ``dest``
    is always a complete, verified copy. ``progress(percent)`` is called between steps; an
    exception it raises (a cancel) stops the copy, which leaves nothing behind.
    ``readonly_source``: ``src`` is a closed copy, read without writing beside it."""
    dest = Path(dest)
    if dest.exists():
        raise StorageError(f"Il file di destinazione esiste già: {dest.name}.")
    if not dest.parent.is_dir():
        raise StorageError(f"La cartella «{dest.parent}» non esiste.")
    tmp = partial_name(dest)
    leftovers = (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm"))

    def clean(*paths: Path) -> None:
        for leftover in paths:
            with contextlib.suppress(OSError):
                leftover.unlink()

    clean(*leftovers)

    def pages(_status, remaining: int, total: int) -> None:
        if progress is not None and total:
            progress(int(90 * (total - remaining) / total))

    try:
        source = connect_raw(src, key, readonly=readonly_source)
    except Exception as exc:
        raise StorageError(f"Copia di sicurezza non riuscita: {_reason(exc)}") from exc
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        target = connect_raw(tmp, key)
        try:
            source.backup(target, pages=1024 if progress else -1,
                          progress=pages if progress else None)
        finally:
            target.close()
        counts = table_counts(source)
    except StorageError:
        clean(*leftovers)
        raise
    except OSError as exc:
        clean(*leftovers)
        raise StorageError(
            f"Copia di sicurezza non riuscita: impossibile scrivere in «{dest.parent}» "
            f"({exc.strerror or exc}).") from None
    except Exception as exc:
        clean(*leftovers)
        if _is_db_error(exc):
            raise StorageError(f"Copia di sicurezza non riuscita: {_reason(exc)}") from exc
        raise  # a cancel from ``progress``, or a bug
    finally:
        source.close()
    try:
        verify_copy(tmp, key, counts)
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)
        _fsync(tmp)
        _copy_key_file(src, dest)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except StorageError:
        clean(*leftovers, keyfile_path(dest))
        raise
    except OSError as exc:
        clean(*leftovers, keyfile_path(dest))
        raise StorageError(
            f"Copia di sicurezza non riuscita: {exc.strerror or exc}.") from None
    if progress is not None:
        progress(100)
    return counts


def _is_db_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite_module().Error)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # the rename itself reaches the disk
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _copy_key_file(src: Path, dest: Path) -> None:
    """An encrypted database's key file goes with its copy: each user's password then opens
    the copy too (without it only the recovery code would)."""
    keys = keyfile_path(src)
    if not keys.is_file():
        return
    from affido_app.files import write_atomically

    try:
        data = keys.read_bytes()
    except OSError as exc:
        raise StorageError(f"Impossibile leggere il file delle chiavi: {exc.strerror}.") from None
    write_atomically(keyfile_path(dest), data, private=True)


def verify_copy(path: Path, key: str | None, expected_counts: dict[str, int] | None) -> None:
    conn = connect_raw(path, key, readonly=True)
    try:
        problems = integrity_problems(conn)
        if problems:
            raise StorageError("La copia di sicurezza non supera il controllo di integrità.")
        if expected_counts is not None and table_counts(conn) != expected_counts:
            raise StorageError("La copia di sicurezza non contiene gli stessi dati dell'originale.")
    except StorageError:
        raise
    except Exception as exc:
        raise StorageError(f"La copia di sicurezza non è leggibile: {_reason(exc)}") from exc
    finally:
        conn.close()


def pre_upgrade_copy(db_path: Path, key: str | None, revision: str | None) -> Path:
    """The verified copy taken before a migration, beside the database in ``backups/``."""
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{db_path.stem}-prima-aggiornamento-{revision or 'vuoto'}-{stamp}.db"
    backup_sqlite(db_path, dest, key)
    return dest


def _reason(exc: BaseException) -> str:
    from affido_app.db.engine import translate_db_error

    translated = translate_db_error(exc)
    return translated.message if translated else type(exc).__name__
