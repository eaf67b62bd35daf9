"""Verified copies of a SQLite database through SQLite's online backup API.

A copy is encrypted like the source (same key), then checked: ``PRAGMA integrity_check`` and the
row count of every table must match the source. A copy that fails verification is deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from affido_app.db.engine import key_pragma, sqlite_module
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
        conn.execute(key_pragma(key))
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


def backup_sqlite(src: Path, dest: Path, key: str | None) -> dict[str, int]:
    """Copy ``src`` into ``dest`` (which must not exist) and verify the copy. Returns row counts."""
    dest = Path(dest)
    if dest.exists():
        raise StorageError(f"Il file di destinazione esiste già: {dest.name}.")
    if not dest.parent.is_dir():
        raise StorageError(f"La cartella «{dest.parent}» non esiste.")
    source = connect_raw(src, key)
    try:
        target = connect_raw(dest, key)
        try:
            source.backup(target)
        finally:
            target.close()
        counts = table_counts(source)
    except Exception as exc:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise StorageError(f"Copia di sicurezza non riuscita: {_reason(exc)}") from exc
    finally:
        source.close()
    try:
        verify_copy(dest, key, counts)
        _copy_key_file(src, dest)
    except StorageError:
        for leftover in (dest, keyfile_path(dest)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return counts


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
    with contextlib.suppress(OSError):
        os.chmod(dest, 0o600)
    return dest


def _reason(exc: BaseException) -> str:
    from affido_app.db.engine import translate_db_error

    translated = translate_db_error(exc)
    return translated.message if translated else type(exc).__name__
