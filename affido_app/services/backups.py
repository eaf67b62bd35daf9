"""Copies of the SQLite database: make, list, rotate, restore. No Qt.

A copy is made with SQLite's online backup API (``db/backup.py``), encrypted with the database's
own key, verified (integrity and row counts) and only then given its final name, with the key
file of the database beside it (``<copy>.keys``: each user's password opens the copy too). A
file named like a copy is therefore always a complete, verified one: the last good copy is the
newest file in the folder.

Names carry the database's name and the time: ``affido-copia-20261122-0315.db`` (rotated:
7 daily, 4 weekly, 12 monthly), ``affido-prima-del-ripristino-….db`` (taken by a restore) and
``affido-prima-aggiornamento-<rev>-….db`` (taken before a migration): of these the 3 newest of
each kind are kept, and any younger than 30 days.

The folder is a database setting (``backup.folder``, administrators; empty: ``backups`` in the
data folder). The last folder used for a database is also remembered in the data folder
(``cartelle-copie.json``, paths only), so that a database too damaged to read its settings still
finds its copies.

PostgreSQL: the server's own backups (pg_dump) are the office's job; Affido copies nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from affido_app.config import data_dir
from affido_app.db import backup as raw
from affido_app.db.engine import is_encrypted_file, opens_with
from affido_app.db.keyring import keyfile_path
from affido_app.domain.enums import AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import PermissionDenied, SchemaTooNew, StorageError, ValidationError
from affido_app.services.context import Actor

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
WARN_SETTING = "backup.warn_after_days"
DEFAULT_WARN_DAYS = 2
#: an automatic copy is due when the last good one is older than this
DAILY = dt.timedelta(hours=24)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12

COPY = "copia"
PRE_RESTORE = "prima-del-ripristino"
DAMAGED_PRE_RESTORE = "danneggiato-prima-del-ripristino"
PRE_UPGRADE = "prima-aggiornamento"
KIND_LABELS = {
    COPY: "Copia",
    PRE_RESTORE: "Prima del ripristino",
    DAMAGED_PRE_RESTORE: "Danneggiato, prima del ripristino",
    PRE_UPGRADE: "Prima dell'aggiornamento",
}
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<kind>copia|prima-del-ripristino|danneggiato-prima-del-ripristino"
    r"|prima-aggiornamento-[^-]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")
FOLDERS_FILE = "cartelle-copie.json"
#: a partial copy older than this was left by a crash: swept
STALE_PARTIAL = dt.timedelta(hours=1)

POSTGRES_MESSAGE = (
    "Il database è su un server PostgreSQL condiviso: le copie di sicurezza sono compito "
    "del server (per esempio pg_dump pianificato dall'amministratore di rete dell'ufficio), "
    "non di Affido.")


# --- names and listing ------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # local time, from the name
    size: int
    kind: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, KIND_LABELS[COPY])


def backup_name(db_path: Path, when: dt.datetime, kind: str = COPY) -> str:
    return f"{Path(db_path).stem}-{kind}-{when.strftime(STAMP)}.db"


def parse_name(db_path: Path, name: str) -> tuple[str, dt.datetime] | None:
    """(kind, time) of a copy of ``db_path`` named ``name``; None for any other file."""
    m = _NAME.match(name)
    if m is None or m["stem"] != Path(db_path).stem:
        return None
    kind = PRE_UPGRADE if m["kind"].startswith(PRE_UPGRADE) else m["kind"]
    try:
        return kind, dt.datetime.strptime(m["stamp"], STAMP)
    except ValueError:
        return None


def list_backups(folder: Path, db_path: Path) -> list[BackupFile]:
    """The copies of ``db_path`` in ``folder``, newest first (empty when it is unreachable)."""
    out = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for entry in entries:
        parsed = parse_name(db_path, entry.name)
        if parsed is None:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        out.append(BackupFile(entry, parsed[1], size, parsed[0]))
    out.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return out


def newest_backup(db_path: Path, folder: Path | None = None) -> BackupFile | None:
    """The newest copy of ``db_path``: in ``folder``, else in every folder where copies of it
    were made or are made by default."""
    folders = [folder] if folder is not None else candidate_folders(db_path)
    found = [b for f in folders for b in list_backups(f, db_path)]
    return max(found, key=lambda b: b.taken_at, default=None)


# --- rotation ---------------------------------------------------------------------------------

def choose_kept(stamps: Iterable[dt.datetime], *, daily: int = KEEP_DAILY,
                weekly: int = KEEP_WEEKLY, monthly: int = KEEP_MONTHLY) -> set[dt.datetime]:
    """Which copies to keep: the newest copy of each of the ``daily`` most recent days that
    have copies, of the ``weekly`` most recent ISO weeks, of the ``monthly`` most recent months
    (a copy may count for all three). The newest copy is always kept. Pure: tested with dates."""
    ordered = sorted(set(stamps), reverse=True)
    kept: set[dt.datetime] = set(ordered[:1])
    for count, period in ((daily, lambda t: t.date()),
                          (weekly, lambda t: t.isocalendar()[:2]),
                          (monthly, lambda t: (t.year, t.month))):
        seen: list = []
        for stamp in ordered:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(stamp)  # the newest of its period: the list runs newest first
    return kept


#: copies taken before a restore or an upgrade: the newest of each kind kept, and any younger
#: than KEEP_SPECIAL_DAYS (a restore undone a week later still finds what it replaced)
KEEP_SPECIAL = 3
KEEP_SPECIAL_DAYS = 30


def rotate(folder: Path, db_path: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete the copies (and their key files) the rotation does not keep: regular copies
    beyond 7 daily / 4 weekly / 12 monthly; copies taken before a restore or an upgrade beyond
    the newest KEEP_SPECIAL of each kind, unless younger than KEEP_SPECIAL_DAYS. Looks in
    ``folder`` and in the folder beside the database where upgrades leave their copy. Returns
    what was deleted."""
    now = now or dt.datetime.now()
    found = list_backups(folder, db_path)
    beside = Path(db_path).parent / "backups"
    if beside.resolve() != Path(folder).resolve():
        found += [b for b in list_backups(beside, db_path) if b.kind != COPY]
    copies = [b for b in found if b.kind == COPY]
    kept = choose_kept(b.taken_at for b in copies)
    doomed = [b for b in copies if b.taken_at not in kept]
    for kind in (PRE_RESTORE, DAMAGED_PRE_RESTORE, PRE_UPGRADE):
        special = sorted((b for b in found if b.kind == kind), key=lambda b: b.taken_at,
                         reverse=True)
        doomed += [b for b in special[KEEP_SPECIAL:]
                   if now - b.taken_at > dt.timedelta(days=KEEP_SPECIAL_DAYS)]
    removed = []
    for b in doomed:
        try:
            b.path.unlink()
        except OSError:
            log.warning("an old backup could not be deleted")
            continue
        with contextlib.suppress(OSError):
            keyfile_path(b.path).unlink()
        removed.append(b.path)
    return removed


# --- the folder ---------------------------------------------------------------------------------

def default_folder() -> Path:
    return data_dir() / "backups"


def backup_folder(s: Session) -> Path:
    from affido_app.services.settings import get_setting

    value = (get_setting(s, FOLDER_SETTING) or "").strip()
    return Path(value) if value else default_folder()


def warn_after_days(s: Session) -> int:
    from affido_app.services.settings import get_setting

    value = get_setting(s, WARN_SETTING)
    return value if isinstance(value, int) and 1 <= value <= 60 else DEFAULT_WARN_DAYS


def set_backup_folder(s: Session, actor: Actor, folder: str) -> Path:
    """The folder of the copies (administrators). Empty: the default. It must exist and be
    writable (an external drive, a network folder): checked by writing a file there."""
    from affido_app.services.settings import set_setting

    actor.require(Action.UPDATE, Resource.SETTINGS)
    text = (folder or "").strip()
    if text:
        path = Path(text).expanduser()
        if not path.is_absolute():
            raise ValidationError({"folder": "Indicare il percorso completo della cartella."})
        if not path.is_dir():
            raise ValidationError({"folder": "La cartella non esiste o non è raggiungibile."})
        probe = path / f".affido-prova-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError:
            raise ValidationError(
                {"folder": "Affido non può scrivere in questa cartella: controllare i permessi."}
            ) from None
        text = str(path.absolute())
    set_setting(s, actor, FOLDER_SETTING, text)
    return Path(text) if text else default_folder()


def set_warn_after_days(s: Session, actor: Actor, days: int) -> None:
    from affido_app.services.settings import set_setting

    if not isinstance(days, int) or not 1 <= days <= 60:
        raise ValidationError({"days": "Indicare un numero di giorni tra 1 e 60."})
    set_setting(s, actor, WARN_SETTING, days)


def _folders_file() -> Path:
    return data_dir() / FOLDERS_FILE


def remember_folder(db_path: Path, folder: Path) -> None:
    """Remember where the copies of ``db_path`` go (paths only: no personal data)."""
    from affido_app.files import write_atomically

    file = _folders_file()
    try:
        known = json.loads(file.read_text("utf-8")) if file.is_file() else {}
        if not isinstance(known, dict):
            known = {}
    except (OSError, ValueError):
        known = {}
    key = str(Path(db_path).absolute())
    if known.get(key) == str(folder):
        return
    known[key] = str(folder)
    try:
        write_atomically(file, json.dumps(known, indent=1).encode("utf-8"), private=True)
    except StorageError:
        log.warning("backup folder not remembered")


def candidate_folders(db_path: Path) -> list[Path]:
    """Where copies of ``db_path`` may be: the remembered folder, the default one and the
    ``backups`` folder beside the database (copies taken before an upgrade)."""
    out: list[Path] = []
    with contextlib.suppress(OSError, ValueError):
        known = json.loads(_folders_file().read_text("utf-8"))
        remembered = known.get(str(Path(db_path).absolute())) if isinstance(known, dict) else None
        if remembered:
            out.append(Path(remembered))
    for folder in (default_folder(), Path(db_path).parent / "backups"):
        if folder not in out:
            out.append(folder)
    return out


# --- status (the dashboard's warning) ---------------------------------------------------------

@dataclass(frozen=True)
class BackupStatus:
    folder: Path
    last: BackupFile | None
    warn_after_days: int
    #: the folder cannot be reached (an external drive unplugged)
    unreachable: bool = False
    now: dt.datetime = field(default_factory=dt.datetime.now)

    @property
    def age(self) -> dt.timedelta | None:
        return None if self.last is None else self.now - self.last.taken_at

    @property
    def stale(self) -> bool:
        """The dashboard warns: no copy, or the last one older than the threshold."""
        return self.last is None or self.age > dt.timedelta(days=self.warn_after_days)

    @property
    def due(self) -> bool:
        """An automatic copy is due (none, or the last one older than 24 hours)."""
        return self.last is None or self.age >= DAILY

    def message(self) -> str:
        """The warning, in Italian (empty when all is well)."""
        if not self.stale:
            return ""
        if self.unreachable:
            return (f"La cartella delle copie di sicurezza «{self.folder}» non è raggiungibile: "
                    "collegare il disco o la cartella di rete.")
        if self.last is None:
            return "Non c'è ancora nessuna copia di sicurezza del database."
        days = self.age.days
        return (f"L'ultima copia di sicurezza del database è di {days} "
                f"giorn{'o' if days == 1 else 'i'} fa ({_italian_stamp(self.last.taken_at)}).")


def backup_status(folder: Path, db_path: Path, warn_days: int = DEFAULT_WARN_DAYS, *,
                  now: dt.datetime | None = None) -> BackupStatus:
    folder = Path(folder)
    last = max((b for b in list_backups(folder, db_path)), key=lambda b: b.taken_at,
               default=None)
    # the default folder is made with the first copy; a chosen one must be there
    unreachable = not folder.is_dir() and folder != default_folder()
    return BackupStatus(folder, last, warn_days, unreachable=unreachable,
                        now=now or dt.datetime.now())


def status_for(s: Session, db_path: Path | None, *,
               now: dt.datetime | None = None) -> BackupStatus | None:
    """The backup status of the open database (None on PostgreSQL)."""
    if db_path is None:
        return None
    return backup_status(backup_folder(s), db_path, warn_after_days(s), now=now)


def _italian_stamp(when: dt.datetime) -> str:
    months = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
              "agosto", "settembre", "ottobre", "novembre", "dicembre")
    return f"{when.day} {months[when.month - 1]} {when.year}, {when:%H:%M}"


# --- making a copy ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    rows: int
    removed: tuple[Path, ...] = ()


def make_backup(db_path: Path | None, key: str | None, folder: Path, *,
                out: Path | None = None, now: dt.datetime | None = None,
                progress: Callable[[int], None] | None = None,
                rotate_old: bool = True) -> BackupResult:
    """A verified copy of the SQLite database at ``db_path`` into ``folder`` (or into the file
    ``out``, outside the rotation). Safe while the database is open: SQLite's online backup API.

    Raises :class:`StorageError` (PostgreSQL, a folder that cannot be reached or written, a
    copy that fails verification: the copy is then deleted)."""
    if db_path is None:
        raise StorageError(POSTGRES_MESSAGE)
    now = now or dt.datetime.now()
    if out is not None:
        dest = Path(out).expanduser().absolute()
        if dest.exists():
            raise StorageError(f"«{dest}» esiste già: indicare un file nuovo.")
        if dest.resolve() == Path(db_path).resolve():
            raise StorageError("La copia non può sostituire il database stesso.")
    else:
        folder = Path(folder)
        _ensure_folder(folder)
        _sweep_partials(folder)
        dest = _free_name(folder, backup_name(db_path, now))
    counts = raw.backup_sqlite(Path(db_path), dest, key, progress=progress)
    removed: tuple[Path, ...] = ()
    if out is None:
        remember_folder(Path(db_path), folder)
        if rotate_old:
            removed = tuple(rotate(folder, Path(db_path), now=now))
    return BackupResult(dest, dest.stat().st_size, sum(counts.values()), removed)


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder == default_folder():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise StorageError(
                f"Impossibile creare la cartella delle copie «{folder}»: "
                f"{exc.strerror or exc}.") from None
        return
    raise StorageError(
        f"La cartella delle copie di sicurezza «{folder}» non è raggiungibile: collegare il "
        "disco o la cartella di rete, oppure sceglierne un'altra (Strumenti → Copie di "
        "sicurezza…).")


def _free_name(folder: Path, name: str) -> Path:
    dest = folder / name
    n = 2
    while dest.exists() or raw.partial_name(dest).exists():
        dest = folder / name.replace(".db", f"-{n}.db")
        n += 1
    return dest


def _sweep_partials(folder: Path) -> None:
    """Partial copies left by a crash or a power cut (never a verified copy)."""
    limit = time.time() - STALE_PARTIAL.total_seconds()
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(".") and raw.PARTIAL_SUFFIX in entry.name:
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < limit:
                        entry.unlink()


def record_backup(s: Session, actor: Actor, result: BackupResult) -> None:
    """The audit row of a copy asked for by someone (file name only)."""
    from affido_app.services.audit import audit

    audit(s, actor.id, AuditAction.BACKUP, "database", None,
          detail={"file": result.path.name, "rows": result.rows})


# --- restoring ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    #: the verified copy of the database as it was (None when there was none)
    previous: Path | None
    #: the restored copy is from an older version of Affido: upgraded at the next open
    needs_upgrade: bool = False


def can_manage(actor: Actor) -> bool:
    """Administrators: the folder, copies on demand, restores."""
    from affido_app.domain.permissions import can

    return can(actor.role, Action.UPDATE, Resource.SETTINGS)


def require_restore(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Solo un amministratore può ripristinare una copia di sicurezza.")


def require_admin_in_copy(source: Path, key: str | None, username: str) -> None:
    """The database cannot be opened (damaged): whoever restores must be an active
    administrator in the copy itself (their password unlocked the copy's key file)."""
    from affido_app.db.keyring import normalize_username
    from affido_app.domain.enums import Role

    try:
        conn = raw.connect_raw(source, key, readonly=True)
        try:
            rows = conn.execute("SELECT username, role, active FROM staff_users").fetchall()
        finally:
            conn.close()
    except Exception as exc:
        raise StorageError(f"«{source.name}» non è una copia di Affido leggibile.") from exc
    wanted = normalize_username(username)
    if not any(normalize_username(u) == wanted and r == Role.ADMIN.value and a
               for u, r, a in rows):
        raise PermissionDenied("Solo un amministratore può ripristinare una copia di sicurezza.")


def source_key(source: Path, *, current_key: str | None = None,
               env_key: str | None = None,
               credentials: tuple[str, str] | None = None,
               fallback: tuple[str, ...] = ()) -> str | None:
    """The key that opens the copy ``source``: the database's own key when the copy's key file
    is the same database's, else the copy's key file unlocked with ``credentials``, else
    ``env_key`` (AFFIDO_DB_KEY), else the current key, else the ``fallback`` keys (the public
    demo key). None for a plain SQLite file."""
    from affido_app.db.keyring import Keyring, key_from_raw, raw_key

    if not is_encrypted_file(source):
        return None
    keys = keyfile_path(source)
    candidates: list[str] = []
    ring = None
    if keys.is_file():
        with contextlib.suppress(Exception):
            ring = Keyring.load(keys)
    if ring is not None:
        dk = None
        with contextlib.suppress(Exception):
            dk = key_from_raw(current_key) if current_key else None
        if dk is not None and ring.matches(dk):
            return current_key
        if credentials is not None and ring.has_user(credentials[0]):
            # a wrong password is said as such (LoginRefused), with the usual delay
            candidates.append(raw_key(ring.unlock(*credentials)))
    candidates += [k for k in (env_key, current_key, *fallback) if k]
    for key in candidates:
        if opens_with(source, key):
            return key
    raise StorageError(
        f"La copia «{source.name}» non si apre con la chiave di questo database: indicare la "
        "sua chiave con AFFIDO_DB_KEY, oppure accedere con un operatore che ha una password "
        "nel suo file delle chiavi.")


def verify_source(source: Path, key: str | None) -> bool:
    """The file to restore: a complete Affido database (integrity, known schema). Returns
    whether it needs an upgrade; raises :class:`StorageError` otherwise (nothing changed)."""
    from affido_app.db.migrate import SQLITE_MAGIC, head_revision, known_revisions

    name = source.name
    if not source.is_file():
        raise StorageError(f"Il file «{source}» non esiste.")
    try:
        with source.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StorageError(f"Impossibile leggere «{name}»: {exc.strerror}.") from None
    if not header or (header == SQLITE_MAGIC) == bool(key):
        raise StorageError(f"«{name}» non è una copia di sicurezza di Affido utilizzabile.")
    try:
        conn = raw.connect_raw(source, key, readonly=True)
    except Exception as exc:
        raise StorageError(f"«{name}» non si apre: {raw._reason(exc)}") from exc
    try:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            problems = raw.integrity_problems(conn)
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except Exception as exc:
            raise StorageError(
                f"La copia «{name}» è danneggiata o non è un database di Affido: non è stata "
                "ripristinata. Il database attuale non è stato modificato.") from exc
    finally:
        conn.close()
    if problems:
        raise StorageError(
            f"La copia «{name}» non supera il controllo di integrità: non è stata ripristinata. "
            "Il database attuale non è stato modificato.")
    if revision is None or not {"staff_users", "audit_events"} <= tables:
        raise StorageError(
            f"«{name}» non è un database di Affido: non è stato ripristinato. Il database "
            "attuale non è stato modificato.")
    if revision not in known_revisions():
        raise SchemaTooNew(
            f"La copia «{name}» è stata fatta da una versione più recente di Affido: "
            "installare la versione più recente. Il database attuale non è stato modificato.")
    return revision != head_revision()


def in_use_elsewhere(db_path: Path) -> bool:
    """Another running Affido (not this process) has the database open."""
    from affido_app.db import instance

    info = instance.read_lock(instance.lock_path(db_path))
    if info is None:
        return False
    if info.pid == os.getpid() and instance._same_host(info):
        return False
    return instance.holder_alive(info)


def restore(db_path: Path, source: Path, key: str | None, folder: Path, *,
            current_key: str | None = None, actor: Actor | None = None,
            now: dt.datetime | None = None,
            progress: Callable[[int], None] | None = None) -> RestoreResult:
    """Replace the SQLite database at ``db_path`` with the copy ``source`` (opened with
    ``key``, see :func:`source_key`).

    1. The copy is verified (integrity, an Affido schema this version knows): a damaged or
       foreign file is refused and nothing changes.
    2. The database must not be open in another Affido (the app's lock file). The caller
       closes its own connections first.
    3. A verified copy of the current database goes into ``folder`` (``…-prima-del-ripristino-
       ….db``); a database too damaged to copy that way is copied byte for byte
       (``…-danneggiato-prima-del-ripristino-….db``).
    4. The copy is written beside the database under a temporary name and verified there.
    5. The old database's journal is folded in and its -wal/-shm removed; then the temporary
       file is renamed over the database (atomic: at every instant the database file is either
       the old one or the new one), then the key file likewise.

    A power cut between the two renames leaves the new key file under its temporary name
    (``.<db>.ripristino.keys``): :func:`finish_interrupted_restore` (run by every restore and
    every open through the app) completes it."""
    if actor is not None:
        require_restore(actor)
    db_path = Path(db_path).absolute()
    source = Path(source).expanduser().absolute()
    if source.resolve() == db_path.resolve():
        raise StorageError("Il file indicato è il database stesso.")
    finish_interrupted_restore(db_path)
    report = progress or (lambda _p: None)
    needs_upgrade = verify_source(source, key)
    report(20)
    if in_use_elsewhere(db_path):
        raise StorageError(
            "Il database è aperto in Affido (su questo o su un altro computer): chiudere "
            "Affido e ripetere il ripristino.")
    now = now or dt.datetime.now()
    previous = None
    if db_path.exists() and db_path.stat().st_size > 0:
        previous = _keep_current(db_path, current_key, Path(folder), now)
    report(50)
    staged = _staged(db_path)
    _remove_quietly(staged, keyfile_path(staged))
    try:
        raw.backup_sqlite(source, staged, key, readonly_source=True)
    except StorageError as exc:
        _remove_quietly(staged, keyfile_path(staged))
        raise StorageError(f"{exc.message} Il database attuale non è stato modificato.") \
            from exc
    try:
        report(80)  # the last moment a cancel is heard
    except BaseException:
        _remove_quietly(staged, keyfile_path(staged))
        raise
    new_keys = keyfile_path(staged)
    keys = keyfile_path(db_path)
    stale_keys = not new_keys.exists() and keys.exists() and not _ring_matches(keys, key)
    _checkpoint(db_path, current_key)
    _remove_quietly(Path(f"{db_path}-wal"), Path(f"{db_path}-shm"))
    try:
        os.replace(staged, db_path)
        raw._fsync_dir(db_path.parent)
        if new_keys.exists():
            os.replace(new_keys, keys)
            raw._fsync_dir(db_path.parent)
        elif stale_keys:
            # the restored copy has no key file and the current one would open nothing: the
            # copy's own key (AFFIDO_DB_KEY) opens it; the old key file is in the pre-restore copy
            keys.unlink()
    except OSError as exc:
        raise StorageError(f"Ripristino non completato: {exc.strerror or exc}.") from None
    with contextlib.suppress(OSError):
        os.chmod(db_path, 0o600)
    with contextlib.suppress(Exception):  # done: too late to cancel
        report(90)
    if actor is not None and not needs_upgrade:
        _audit_restore(db_path, key, actor, source)
    with contextlib.suppress(Exception):
        report(100)
    return RestoreResult(source, previous, needs_upgrade)


def finish_interrupted_restore(db_path: Path) -> None:
    """A restore cut off by a crash or a power cut: before the database was renamed, drop the
    temporary copy (the old database is intact); after, move its key file in place."""
    db_path = Path(db_path)
    staged = _staged(db_path)
    new_keys = keyfile_path(staged)
    if staged.exists():
        _remove_quietly(staged, new_keys, Path(f"{staged}-wal"), Path(f"{staged}-shm"))
    elif new_keys.exists():
        with contextlib.suppress(OSError):
            os.replace(new_keys, keyfile_path(db_path))


def _staged(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.ripristino")


def _keep_current(db_path: Path, key: str | None, folder: Path, now: dt.datetime) -> Path:
    _ensure_folder(folder)
    dest = _free_name(folder, backup_name(db_path, now, PRE_RESTORE))
    try:
        raw.quick_check(db_path, key)
        raw.backup_sqlite(db_path, dest, key)
        return dest
    except raw.DamagedDatabase:
        pass
    except StorageError as exc:
        if not is_encrypted_file(db_path) or key is not None:
            raise StorageError(
                f"Non è stato possibile fare la copia del database attuale prima del "
                f"ripristino: {exc.message} Il ripristino non è stato fatto.") from exc
    # damaged, or no key to read it: keep the file as it is, byte for byte
    dest = _free_name(folder, backup_name(db_path, now, DAMAGED_PRE_RESTORE))
    try:
        _copy_bytes(db_path, dest)
        for extra in ("-wal", ".keys"):
            if Path(f"{db_path}{extra}").is_file() and Path(f"{db_path}{extra}").stat().st_size:
                _copy_bytes(Path(f"{db_path}{extra}"), Path(f"{dest}{extra}"))
    except OSError as exc:
        _remove_quietly(dest, Path(f"{dest}-wal"), keyfile_path(dest))
        raise StorageError(
            f"Non è stato possibile copiare il database attuale prima del ripristino: "
            f"{exc.strerror or exc}. Il ripristino non è stato fatto.") from None
    return dest


def _copy_bytes(src: Path, dest: Path) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
        while chunk := inp.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _checkpoint(db_path: Path, key: str | None) -> None:
    """Fold the old database's -wal into it (nothing is lost if the -wal is then removed and
    the power fails before the rename)."""
    if not Path(f"{db_path}-wal").exists():
        return
    try:
        conn = raw.connect_raw(db_path, key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except Exception:
        log.warning("old database not checkpointed before a restore")


def _ring_matches(keys: Path, key: str | None) -> bool:
    from affido_app.db.keyring import Keyring, key_from_raw

    try:
        dk = key_from_raw(key) if key else None
        return dk is not None and Keyring.load(keys).matches(dk)
    except Exception:
        return False


def _audit_restore(db_path: Path, key: str | None, actor: Actor, source: Path) -> None:
    """The restore, written in the restored database (its own audit chain)."""
    from affido_app.config import sqlite_url
    from affido_app.db.migrate import open_database
    from affido_app.db.models import StaffUser
    from affido_app.services.audit import audit

    try:
        db = open_database(sqlite_url(db_path), key=key, create=False, upgrade=False)
    except StorageError:
        log.warning("restore not written to the audit log")
        return
    try:
        with db.sessions.begin() as s:
            user = s.get(StaffUser, actor.id)
            same = user is not None and user.username == actor.username
            audit(s, actor.id if same else None, AuditAction.RESTORE, "database", None,
                  detail={"file": source.name, "by": actor.username})
    except Exception:
        log.warning("restore not written to the audit log", exc_info=True)
    finally:
        db.dispose()


def _remove_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()
