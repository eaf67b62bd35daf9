"""Opening a database: refuse what is not ours, take a verified copy, upgrade, hand out sessions.

``open_database`` is the only way the application, the command line and the tests get an engine:

1. For SQLite, check the path before touching anything (missing folder, missing file, a file that
   is not a database, a wrong key): a refused file is left exactly as it was.
2. Read the schema revision. A revision this version of Affido does not know means the database
   was written by a newer version: refused, untouched.
3. An older revision is upgraded, after a verified copy of the file has been taken.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from affido_app.config import sqlite_path
from affido_app.db.backup import connect_raw, pre_upgrade_copy, quick_check
from affido_app.db.engine import (
    SQLITE_MAGIC,
    create_db_engine,
    session_factory,
    storage_errors,
    translate_db_error,
)
from affido_app.db.storage_checks import refuse_network_share
from affido_app.errors import SchemaTooNew, StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+)['\"]?", re.M)


@functools.lru_cache(maxsize=1)
def _revision_graph() -> dict[str, str | None]:
    """revision → the revision it revises, read from the migration files' headers.

    Opening a database only needs to know the head and the known revisions: reading them here
    spares importing alembic (a third of a second) at every start; alembic itself loads only
    to upgrade. A test checks that this agrees with alembic's own reading."""
    graph: dict[str, str | None] = {}
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict((k, v) for k, v in _REVISION_LINE.findall(file.read_text("utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = sorted(set(graph) - {d for d in graph.values() if d})
    if len(heads) != 1:  # pragma: no cover - guarded by a test
        raise RuntimeError(f"migrations have {len(heads)} heads")
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph())


@dataclass
class Database:
    """An open, up-to-date database: the engine and a session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    key: str | None = field(default=None, repr=False)
    #: the verified copy taken before an upgrade, if one was needed
    pre_upgrade_backup: Path | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    url: str, *, key: str | None = None, create: bool = True, upgrade: bool = True
) -> Database:
    """Open (creating or upgrading as allowed) the database at ``url``."""
    path = sqlite_path(url)
    if path is not None:
        probe = _preflight_sqlite(path, key, create=create)
        if probe is not None:  # refuse what is not ours before anything writes to the file
            _refuse_unknown(*probe)
            quick_check(path, key)  # a damaged file is never written to (DamagedDatabase)
    engine = create_db_engine(url, key=key)
    try:
        with storage_errors():
            revision, has_tables = _read_revision(engine)
        head = head_revision()
        backup = None
        _refuse_unknown(revision, has_tables)
        if revision != head:
            if not upgrade:
                raise StorageError(
                    "Il database va aggiornato alla versione attuale: aprirlo con Affido "
                    "per aggiornarlo (ne sarà fatta prima una copia)."
                )
            if revision is not None and path is not None:
                engine.dispose()
                backup = pre_upgrade_copy(path, key, revision)
                log.info("pre-upgrade copy written")
            with storage_errors():
                upgrade_to(engine, "head")
        return Database(url, engine, session_factory(engine), key, backup)
    except BaseException:
        engine.dispose()
        raise


def _refuse_unknown(revision: str | None, has_tables: bool) -> None:
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNew(
            "Il database è stato aggiornato da una versione più recente di Affido: "
            "installare la versione più recente. Il database non è stato modificato."
        )
    if revision is None and has_tables:
        raise StorageError("Il database non è un database di Affido: non è stato modificato.")


def upgrade_to(engine: Engine, target: str = "head") -> None:
    _run_alembic(engine, "upgrade", target)


def downgrade_to(engine: Engine, target: str) -> None:
    _run_alembic(engine, "downgrade", target)


def _run_alembic(engine: Engine, command_name: str, target: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A batch migration recreates tables: with foreign keys on, dropping the old table
            # deletes child rows through ON DELETE CASCADE. The pragma only takes effect outside
            # a transaction, so it goes straight to the driver before anything begins.
            _driver_pragma(conn, "PRAGMA foreign_keys = OFF")
        try:
            cfg.attributes["connection"] = conn
            getattr(command, command_name)(cfg, target)
            conn.commit()
            if sqlite:
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.rollback()
                if problems:
                    raise StorageError(
                        "L'aggiornamento del database ha lasciato riferimenti non validi: "
                        "ripristinare la copia fatta prima dell'aggiornamento."
                    )
        finally:
            if sqlite:
                conn.rollback()
                _driver_pragma(conn, "PRAGMA foreign_keys = ON")


def _driver_pragma(conn, statement: str) -> None:
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def current_revision(engine: Engine) -> str | None:
    return _read_revision(engine)[0]


def _read_revision(engine: Engine) -> tuple[str | None, bool]:
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        revision = None
        if "alembic_version" in names:
            revision = _stored_revision(conn)
        conn.rollback()
    return revision, bool(names - {"alembic_version"})


def _stored_revision(conn) -> str | None:
    """The revision recorded in ``alembic_version`` (one row; None when empty)."""
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def _preflight_sqlite(
    path: Path, key: str | None, *, create: bool
) -> tuple[str | None, bool] | None:
    """Check a SQLite path without writing; for an existing database, (revision, has tables)."""
    if not path.parent.is_dir():
        raise StorageError(f"La cartella «{path.parent}» non esiste.")
    refuse_network_share(path)  # SQLite on a shared folder gets damaged: PostgreSQL instead
    if not path.exists():
        if not create:
            raise StorageError(f"Il database «{path}» non esiste.")
        _create_private(path)
        return None
    if path.is_dir():
        raise StorageError(f"«{path}» è una cartella, non un database.")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StorageError(f"Impossibile leggere «{path.name}»: {exc.strerror}.") from exc
    if not header:
        return None  # an empty file: a new database
    if header == SQLITE_MAGIC:
        if key:
            raise StorageError(
                "Il database non è cifrato ma è stata indicata una chiave: "
                "togliere AFFIDO_DB_KEY per aprirlo."
            )
    elif not key:
        raise StorageError(
            f"«{path.name}» non è un database di Affido leggibile: non è un database, è "
            "danneggiato, oppure è cifrato e serve la chiave (AFFIDO_DB_KEY)."
        )
    # open read-only once, so a wrong key or garbage is refused before anything writes
    try:
        conn = connect_raw(path, key, readonly=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in names:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
        return revision, bool(names - {"alembic_version"})
    except Exception as exc:
        translated = translate_db_error(exc)
        if key and translated is not None and "non è un database" in translated.message:
            raise StorageError(
                f"Impossibile aprire «{path.name}»: la chiave del database è errata "
                "oppure il file è danneggiato."
            ) from exc
        raise translated or StorageError(f"Impossibile aprire «{path.name}».") from exc


def _create_private(path: Path) -> None:
    """A new database file readable by its owner only (SQLite gives its -wal and -shm the same
    permissions); an empty file is a new database to SQLite."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StorageError(f"Impossibile creare «{path.name}»: {exc.strerror}.") from exc


def check_database(db: Database, *, full: bool = True) -> list[str]:
    """Integrity, foreign keys and migration level: a list of Italian problems (empty = fine)."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            pragma = "integrity_check" if full else "quick_check"
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            if rows != ["ok"]:
                problems.append(f"Controllo di integrità non superato ({len(rows)} problemi).")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                tables = sorted({r[0] for r in fk})
                problems.append(
                    f"{len(fk)} riferimenti non validi (tabelle: {', '.join(tables)})."
                )
            fts = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%\\_fts' "
                "ESCAPE '\\'"
            ).fetchall()
            for (name,) in fts:
                try:
                    conn.exec_driver_sql(
                        f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', 1)"
                    )
                except Exception:
                    problems.append(f"L'indice di ricerca {name} è danneggiato.")
        else:
            conn.execute(text("SELECT 1"))
        names = set(inspect(conn).get_table_names())
        revision = _stored_revision(conn) if "alembic_version" in names else None
        conn.rollback()
    if revision != head_revision():
        problems.append(
            f"Versione dello schema {revision or 'assente'}, attesa {head_revision()}."
        )
    return problems
