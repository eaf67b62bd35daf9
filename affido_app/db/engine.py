"""Engines for SQLite (SQLCipher through ``sqlcipher3``) and PostgreSQL (psycopg 3).

Every SQLite connection gets: the key (when the database is encrypted), foreign keys on, WAL,
``synchronous=FULL``, a busy timeout, ``secure_delete`` and temporary tables in memory (nothing in
plain temporary files). Transactions begin explicitly, so that reads inside a unit of work are
consistent (SQLAlchemy's recipe for pysqlite).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from affido_app.errors import StorageError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
#: the first 16 bytes of a plain (not encrypted) SQLite file
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_module():
    """The DB-API module for SQLite: SQLCipher when installed, else the standard library."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:  # pragma: no cover - sqlcipher3 is a dependency
        import sqlite3 as dbapi2
    return dbapi2


def key_pragma(key: str) -> str:
    """``PRAGMA key`` for a passphrase, or for a raw 256-bit key given as ``x'<64 hex>'``."""
    if key.startswith("x'") and key.endswith("'") and len(key) == 67:
        return f"PRAGMA key = \"{key}\""
    return "PRAGMA key = '" + key.replace("'", "''") + "'"


#: SQLCipher 4's derivation of a passphrase key (PBKDF2-HMAC-SHA512, 256,000 rounds, 32 bytes)
_KDF_ROUNDS = 256_000


def effective_key(path: str | os.PathLike | None, key: str | None) -> str | None:
    """The key to give every connection to the existing encrypted file ``path``.

    A passphrase (the demo's ``demo``, an ``AFFIDO_DB_KEY``) makes SQLCipher run its slow key
    derivation on *every* connection. The derived key depends only on the passphrase and the
    file's salt (its first 16 bytes): it is computed once here, checked against the file, and
    given as a raw key afterwards. A raw key, a new or empty file, a plain SQLite file or a
    derivation that does not open the file (other SQLCipher settings): the key as given."""
    if not key or path is None or _is_raw(key):
        return key
    try:
        with open(path, "rb") as fh:
            salt = fh.read(16)
    except OSError:
        return key
    if len(salt) < 16 or salt == SQLITE_MAGIC:
        return key
    return _derived_key(key, salt, os.fspath(path)) or key


def _is_raw(key: str) -> bool:
    return key.startswith("x'") and key.endswith("'") and len(key) == 67


def _derived_key(key: str, salt: bytes, path: str) -> str | None:
    with _DERIVING:  # a derivation started in the background is waited for, not run twice
        return _derive(key, salt, path)


_DERIVING = threading.Lock()


@functools.lru_cache(maxsize=16)
def _derive(key: str, salt: bytes, path: str) -> str | None:
    derived = hashlib.pbkdf2_hmac("sha512", key.encode("utf-8"), salt, _KDF_ROUNDS, 32)
    raw = f"x'{derived.hex()}'"
    return raw if opens_with(Path(path), raw) else None


def derive_in_background(path: str | os.PathLike | None,
                         key: str | None) -> threading.Thread | None:
    """Start :func:`effective_key` for ``path`` in a thread: the derivation (a tenth of a
    second, outside Python's lock) then runs while the caller goes on loading modules; the
    first connection waits for it instead of deriving again. Nothing for a raw key, a missing
    or plain file."""
    if not key or path is None or _is_raw(key):
        return None
    thread = threading.Thread(target=effective_key, args=(path, key),
                              name="affido-key-derivation", daemon=True)
    thread.start()
    return thread


def opens_with(path: Path, key: str) -> bool:
    """Whether ``key`` opens the SQLite file ``path`` (a quiet, read-only probe)."""
    try:
        conn = sqlite_module().connect(f"file:{Path(path).absolute()}?mode=ro", uri=True,
                                       timeout=10)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would log the failure
            conn.execute(key_pragma(key))
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except Exception:
        return False
    return True


def is_encrypted_file(path: str | os.PathLike) -> bool:
    """A non-empty file that is not plain SQLite (SQLCipher files have no readable header)."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError:
        return False
    return bool(header) and header != SQLITE_MAGIC


def create_db_engine(url: str, *, key: str | None = None, **kwargs) -> Engine:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, key, **kwargs)
    if backend == "postgresql":
        if make_url(url).drivername not in ("postgresql+psycopg", "postgresql"):
            raise StorageError("Per PostgreSQL usare un indirizzo postgresql+psycopg://…")
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)
    raise StorageError(f"Tipo di database non supportato: {backend}.")


def _sqlite_engine(url: str, key: str | None, **kwargs) -> Engine:
    engine = create_engine(
        url, module=sqlite_module(), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,  # personal data never reaches an error message or a log
        **kwargs,
    )

    database = make_url(url).database
    path = database if database and database != ":memory:" else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        try:
            if key:
                cur.execute(key_pragma(effective_key(path, key)))
            # first real read: fails here, clearly, on a wrong key or a non-database file
            cur.execute("PRAGMA schema_version").fetchone()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA secure_delete = ON")
            cur.execute("PRAGMA temp_store = MEMORY")
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def translate_db_error(exc: BaseException) -> StorageError | None:
    """A clear Italian :class:`StorageError` for a database failure users can act on."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "file is not a database" in text or "file is encrypted" in text:
        return StorageError(
            "Il file non è un database di Affido leggibile: il file è danneggiato, "
            "non è un database oppure la chiave del database è errata."
        )
    if "database or disk is full" in text or "disk full" in text or "no space left" in text:
        return StorageError(
            "Il disco è pieno: l'operazione non è stata salvata (quanto salvato prima è al "
            "sicuro). Liberare spazio sul disco e riprovare."
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(
            "Il database è in sola lettura: l'operazione non è stata salvata. Controllare i "
            "permessi del file del database e della sua cartella (o se il disco è protetto "
            "dalla scrittura), poi riprovare."
        )
    if "database is locked" in text or "database is busy" in text:
        return StorageError(
            "Il database è occupato da un altro programma: l'operazione non è stata salvata. "
            "Riprovare tra qualche istante."
        )
    if "disk i/o error" in text:
        return StorageError(
            "Errore di lettura o scrittura sul disco: l'operazione non è stata salvata. "
            "Controllare che il disco (o la chiavetta) sia collegato e funzionante, poi riprovare."
        )
    if "malformed" in text or "corrupt" in text:
        return StorageError(
            "Il database risulta danneggiato: ripristinare l'ultima copia di sicurezza verificata."
        )
    if "unable to open database" in text:
        return StorageError("Impossibile aprire il database: controllare il percorso e i permessi.")
    from affido_app.db.pg_url import explain_error

    explained = explain_error(exc)  # PostgreSQL: TLS, user/password, missing database, network
    if explained is not None:
        return explained
    if "could not connect" in text or "connection refused" in text or "connection failed" in text:
        return StorageError("Il server PostgreSQL non risponde: controllare indirizzo e rete.")
    if "password authentication failed" in text:
        return StorageError(
            "Accesso al server PostgreSQL rifiutato: controllare utente e password."
        )
    return None


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Turn known database failures into :class:`StorageError`; leave bugs alone."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        translated = translate_db_error(exc)
        if translated is None:
            raise
        log.warning("database error: %s", type(getattr(exc, "orig", exc)).__name__)
        raise translated from exc
