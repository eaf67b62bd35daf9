"""Login, passwords, and opening a database with a login (issue 7). No Qt: the login screens and
the command line are built on this module.

Passwords
    argon2id through argon2-cffi's ``PasswordHasher`` with RFC 9106's second recommended
    parameters (64 MiB, 3 passes, 4 lanes: above OWASP's minimum of 19 MiB, 2 passes, 1 lane;
    about 0.13 s to verify on the reference machine). A hash made with other parameters is
    replaced at the next successful login. Passwords are NFC-normalised; the rules: at least
    :data:`MIN_PASSWORD_LENGTH` characters, not the username.

Failed attempts
    Each failed password check of a known account adds one to ``staff_users.failed_logins``. The
    first :data:`~affido_app.db.keyring.FREE_ATTEMPTS` cost nothing; after that an attempt made
    before 2, 4, 8… seconds (at most 5 minutes) have passed since the last failure is refused
    with :class:`TooManyAttempts`, without checking the password. A good password resets the
    count. An unknown username and a wrong password get the same message
    (:data:`GENERIC_LOGIN_MESSAGE`) and take the same time.

Refusals are recorded
    :func:`login`, :func:`change_password` record a failure (count, audit row) and then raise
    :class:`LoginRefused`: the session must be committed anyway. Run them through
    :func:`attempt` (or :func:`sign_in` for a login), which commits on a refusal too.

Accounts without a password
    An account without a password hash cannot log in. Commands may act as such an account
    (``AFFIDO_USER``, or the first administrator) only while *no* account of the database has a
    password (:func:`passwords_in_use`); that keeps databases made before passwords existed, and
    the tests' fixtures, usable. Once one account has a password, every command needs a login.

Encrypted SQLite databases
    :func:`open_with_login` unlocks the database key from the key file (``db/keyring.py``), opens
    the database with it, then logs in (a second check, against the hash in the database). The
    key file follows every password change made through this module or ``services/staff.py``:
    the database is opened with the key file *bound* to its sessions (:func:`bind_keyring`), a
    new password is added to the key file before the commit (the old one kept until the commit
    succeeds, then dropped; put back on a rollback), a deactivated account loses its entry after
    the commit, a renamed one has it moved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import event, exists, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from affido_app.db import keyring as kr
from affido_app.db.base import utcnow
from affido_app.db.keyring import (
    GENERIC_LOGIN_MESSAGE,
    LoginRefused,
    TooManyAttempts,
    WrongPassword,
)
from affido_app.db.models import StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import PermissionDenied, StorageError, ValidationError
from affido_app.services.audit import audit
from affido_app.services.common import get_or_404
from affido_app.services.context import Actor, default_actor

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from affido_app.db.migrate import Database

__all__ = [
    "GENERIC_LOGIN_MESSAGE", "LoginRefused", "TooManyAttempts", "WrongPassword",
    "attempt", "bind_keyring", "change_password", "check_password_rules", "command_actor",
    "create_encrypted_database", "hash_password", "login", "needs_password_change",
    "open_with_login", "open_with_recovery", "passwords_in_use", "reset_with_recovery",
    "set_password", "sign_in", "verify_password",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
INACTIVE_MESSAGE = "L'account è disattivato: rivolgersi a un amministratore."
WRONG_CURRENT_MESSAGE = "La password attuale non è corretta."

_hasher: PasswordHasher | None = None
_dummy_hash: str | None = None


# --- passwords -----------------------------------------------------------------------------------

def hasher() -> PasswordHasher:
    """The password hasher (argon2id, parameters above OWASP's minimum)."""
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher, Type

        _hasher = PasswordHasher(time_cost=kr.KDF_TIME_COST, memory_cost=kr.KDF_MEMORY_COST,
                                 parallelism=kr.KDF_PARALLELISM, hash_len=32, salt_len=16,
                                 type=Type.ID)
    return _hasher


def hash_password(password: str) -> str:
    return hasher().hash(kr.normalize_password(password))


def _verify(digest: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(digest, kr.normalize_password(password))
    except (VerificationError, InvalidHashError):
        return False


def _waste_time(password: str) -> None:
    """As long as a real check: an unknown username is not told apart by the time it takes."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("affido: nessun operatore con questo nome")
    _verify(_dummy_hash, password)


def check_password_rules(password: str, username: str, *, field: str = "password") -> None:
    """Raise a :class:`ValidationError` on ``field`` for a password that breaks the rules."""
    password = kr.normalize_password(password or "")
    if len(password) < MIN_PASSWORD_LENGTH:
        message = f"La password deve avere almeno {MIN_PASSWORD_LENGTH} caratteri."
    elif len(password) > MAX_PASSWORD_LENGTH:
        message = f"La password può avere al massimo {MAX_PASSWORD_LENGTH} caratteri."
    elif not password.strip():
        message = "La password non può essere fatta solo di spazi."
    elif password.strip().casefold() == (username or "").strip().casefold():
        message = "La password non può essere uguale al nome utente."
    else:
        return
    raise ValidationError({field: message})


# --- who may log in ------------------------------------------------------------------------------

def passwords_in_use(s: Session) -> bool:
    """Whether any account has a password (from then on, every access needs a login)."""
    return bool(s.scalar(select(exists().where(StaffUser.password_hash.is_not(None)))))


def has_password(s: Session, user_id: int) -> bool:
    return s.scalar(select(StaffUser.password_hash.is_not(None))
                    .where(StaffUser.id == user_id)) or False


def needs_password_change(s: Session, actor: Actor) -> bool:
    """The account's password was set by an administrator: to be changed before working."""
    return bool(s.scalar(select(StaffUser.must_change_password)
                         .where(StaffUser.id == actor.id)))


def find_user(s: Session, username: str) -> StaffUser | None:
    """The account with this username (exact, else ignoring case)."""
    name = (username or "").strip()
    if not name:
        return None
    user = s.scalar(select(StaffUser).where(StaffUser.username == name))
    if user is None:
        user = s.scalar(select(StaffUser)
                        .where(func.lower(StaffUser.username) == name.lower()).limit(1))
    return user


def wait_seconds(s: Session, username: str, *, now: dt.datetime | None = None) -> float:
    """Seconds before the next attempt for ``username`` may be made (for an unknown name, as
    counted by this process)."""
    user = find_user(s, username)
    if user is None:
        return kr.unknown_user_wait(username, now or utcnow())
    return kr.wait_remaining(user.failed_logins or 0, user.last_failed_at, now or utcnow())


# --- login ---------------------------------------------------------------------------------------

def login(s: Session, username: str, password: str, *, now: dt.datetime | None = None,
          earlier_failures: int = 0) -> Actor:
    """Check a username and password; the :class:`Actor` of the account.

    Raises :class:`WrongPassword` (:data:`GENERIC_LOGIN_MESSAGE`) for an unknown user, an account
    without a password and a wrong password alike; :class:`TooManyAttempts` (nothing checked)
    while the delay after failed attempts runs; :class:`LoginRefused` with
    :data:`INACTIVE_MESSAGE` for a deactivated account, after a correct password. A failure is
    recorded: commit the session anyway (:func:`sign_in` does). ``earlier_failures``: failed
    attempts counted in the key file before the database could be opened (audited here)."""
    now = now or utcnow()
    user = find_user(s, username)
    if user is None:
        kr.check_unknown_user(username, now)
    if user is None or not user.password_hash:
        _waste_time(password)
        if user is None:
            kr.record_unknown_user(username, now)
        audit(s, None, AuditAction.LOGIN_FAILED, "staff_users", user.id if user else None,
              detail={"reason": "no_password" if user else "unknown_user"})
        raise WrongPassword()
    wait = kr.wait_remaining(user.failed_logins or 0, user.last_failed_at, now)
    if wait > 0:
        raise TooManyAttempts(wait)
    if not _verify(user.password_hash, password):
        _record_failure(s, user, now, "password")
        raise WrongPassword()
    if not user.active:
        audit(s, user.id, AuditAction.LOGIN_FAILED, "staff_users", user.id,
              detail={"reason": "inactive"})
        raise LoginRefused(INACTIVE_MESSAGE)
    if earlier_failures:
        audit(s, user.id, AuditAction.LOGIN_FAILED, "staff_users", user.id,
              detail={"reason": "password", "attempts": earlier_failures,
                      "before_opening": True})
    values: dict[str, Any] = {"failed_logins": 0, "last_failed_at": None, "last_login_at": now}
    if hasher().check_needs_rehash(user.password_hash):
        values["password_hash"] = hash_password(password)
    _update_user(s, user.id, values)
    audit(s, user.id, AuditAction.LOGIN, "staff_users", user.id,
          detail={"rehashed": True} if "password_hash" in values else None)
    return Actor.of(user)


def attempt(sessions: sessionmaker[Session], fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run ``fn(session, *args, **kwargs)`` in its own unit of work, committed when it succeeds
    *and* when it raises :class:`LoginRefused` (the failed attempt stays recorded)."""
    s = sessions()
    try:
        try:
            result = fn(s, *args, **kwargs)
        except LoginRefused:
            s.commit()
            raise
        except BaseException:
            s.rollback()
            raise
        s.commit()
        return result
    finally:
        s.close()


def sign_in(sessions: sessionmaker[Session], username: str, password: str, *,
            now: dt.datetime | None = None, earlier_failures: int = 0) -> Actor:
    """:func:`login` in its own unit of work (a refused attempt stays recorded)."""
    return attempt(sessions, login, username, password, now=now,
                   earlier_failures=earlier_failures)


def verify_password(s: Session, user_id: int, password: str, *,
                    now: dt.datetime | None = None) -> bool:
    """The idle lock: is this the password of the logged-in account? A wrong one counts as a
    failed attempt (returns False: commit as usual); :class:`TooManyAttempts` while the delay
    runs; :class:`LoginRefused` if the account was deactivated meanwhile. An account without a
    password is never verified (False, not counted)."""
    now = now or utcnow()
    user = get_or_404(s, StaffUser, user_id, "L'operatore")
    if not user.password_hash:
        return False
    if not user.active:
        raise LoginRefused(INACTIVE_MESSAGE)
    wait = kr.wait_remaining(user.failed_logins or 0, user.last_failed_at, now)
    if wait > 0:
        raise TooManyAttempts(wait)
    if not _verify(user.password_hash, password):
        _record_failure(s, user, now, "unlock")
        return False
    values: dict[str, Any] = {}
    if user.failed_logins or user.last_failed_at:
        values.update(failed_logins=0, last_failed_at=None)
    if hasher().check_needs_rehash(user.password_hash):
        values["password_hash"] = hash_password(password)
    if values:
        _update_user(s, user.id, values)
    audit(s, user.id, AuditAction.LOGIN, "staff_users", user.id, detail={"kind": "unlock"})
    return True


def _record_failure(s: Session, user: StaffUser, now: dt.datetime, kind: str) -> None:
    _update_user(s, user.id, {"failed_logins": StaffUser.failed_logins + 1,
                              "last_failed_at": now})
    audit(s, user.id, AuditAction.LOGIN_FAILED, "staff_users", user.id,
          detail={"reason": kind})


def _update_user(s: Session, user_id: int, values: dict[str, Any]) -> None:
    """Login state changes without touching the record's version: an administrator editing
    the account meanwhile gets no conflict."""
    s.execute(update(StaffUser).where(StaffUser.id == user_id).values(**values)
              .execution_options(synchronize_session="fetch"))


# --- changing passwords --------------------------------------------------------------------------

def change_password(s: Session, actor: Actor, old: str, new: str, *,
                    now: dt.datetime | None = None) -> None:
    """The logged-in user changes their own password.

    :class:`ValidationError` on ``new_password`` for a new password that breaks the rules or
    equals the old one; :class:`LoginRefused` (``field="old_password"``) for a wrong current
    password, recorded as a failed attempt (commit anyway: :func:`attempt`)."""
    now = now or utcnow()
    user = get_or_404(s, StaffUser, actor.id, "L'operatore")
    if not user.active:
        raise PermissionDenied(INACTIVE_MESSAGE)
    check_password_rules(new, user.username, field="new_password")
    if user.password_hash:
        wait = kr.wait_remaining(user.failed_logins or 0, user.last_failed_at, now)
        if wait > 0:
            raise TooManyAttempts(wait)
        if not _verify(user.password_hash, old):
            _record_failure(s, user, now, "change_password")
            raise LoginRefused(WRONG_CURRENT_MESSAGE, field="old_password")
        if kr.normalize_password(old) == kr.normalize_password(new):
            raise ValidationError({"new_password": (
                "La nuova password deve essere diversa da quella attuale.")})
    store_password(s, user, new, must_change=False, now=now)
    audit(s, actor.id, AuditAction.UPDATE, "staff_users", user.id,
          detail={"fields": ["password"]})


def set_password(s: Session, admin_actor: Actor, user_id: int, new: str, *,
                 must_change: bool = True, now: dt.datetime | None = None) -> None:
    """An administrator sets (resets) an account's password; by default the user must change it
    at the next login. Clears the failed attempts."""
    admin_actor.require(Action.UPDATE, Resource.STAFF)
    user = get_or_404(s, StaffUser, user_id, "L'operatore")
    check_password_rules(new, user.username, field="password")
    store_password(s, user, new, must_change=must_change, now=now or utcnow())
    audit(s, admin_actor.id, AuditAction.UPDATE, "staff_users", user.id,
          detail={"fields": ["password"], "reset": True})


def store_password(s: Session, user: StaffUser, password: str, *, must_change: bool,
                   now: dt.datetime | None = None) -> None:
    """Hash and store a password already checked against the rules, and follow it in the key
    file. No permission check, no audit: for the functions of this module and staff.py."""
    _update_user(s, user.id, {
        "password_hash": hash_password(password), "must_change_password": must_change,
        "password_changed_at": now or utcnow(), "failed_logins": 0, "last_failed_at": None,
    })
    keyring_password_set(s, user.username, password)


def install_password_hash(s: Session, user_id: int, digest: str) -> None:
    """Store a hash made by :func:`hash_password`, without the password rules: the demo
    database only (its accounts share the public password ``demo``, hashed once)."""
    from argon2 import extract_parameters

    extract_parameters(digest)  # refuses anything that is not an argon2 hash
    user = get_or_404(s, StaffUser, user_id, "L'operatore")
    if _keyring_target(s)[0] is not None:
        raise StorageError("Un hash senza password non può entrare nel file delle chiavi.")
    _update_user(s, user.id, {"password_hash": digest, "must_change_password": False,
                              "password_changed_at": utcnow()})


# --- commands (AFFIDO_USER / AFFIDO_PASSWORD) ----------------------------------------------------

def command_actor(sessions: sessionmaker[Session], username: str | None,
                  password: str | None, *,
                  ask: Callable[[str | None], tuple[str, str]] | None = None,
                  now: dt.datetime | None = None) -> Actor:
    """The user a command acts as.

    While no account has a password: ``username`` or the first active administrator, as before
    passwords existed. Otherwise a login: ``username`` and ``password`` (``AFFIDO_USER``,
    ``AFFIDO_PASSWORD``), asked through ``ask(username)`` when missing and a terminal is there;
    an account whose password was set by an administrator must change it in the application
    first."""
    with sessions() as s:
        protected = passwords_in_use(s)
    if not protected:
        with sessions.begin() as s:
            return default_actor(s, username)
    if not username or password is None:
        if ask is None:
            raise PermissionDenied(
                "Il database è protetto da password: indicare l'operatore e la password con "
                "AFFIDO_USER e AFFIDO_PASSWORD.")
        username, password = ask(username)
    actor = sign_in(sessions, username, password, now=now)
    refuse_provisional_password(sessions, actor)
    return actor


def refuse_provisional_password(sessions: sessionmaker[Session], actor: Actor) -> None:
    """Commands do not act with a password an administrator set: it is changed first."""
    with sessions() as s:
        if needs_password_change(s, actor):
            raise PermissionDenied(
                "La password dell'operatore è provvisoria: cambiarla accedendo all'applicazione, "
                "poi riprovare.")


# --- the key file follows the passwords ---------------------------------------------------------

KEYRING_INFO = "affido.keyring"
_PENDING = "affido.keyring.pending"


@dataclass(frozen=True)
class KeyringBinding:
    """The key file of the database a session works on, and the database key (to wrap it)."""

    path: Path
    dk: bytes

    def __repr__(self) -> str:  # never the key
        return f"KeyringBinding({self.path.name})"


def bind_keyring(db: Database, path: str | os.PathLike, dk: bytes) -> None:
    """Every session of ``db`` keeps ``path`` (the key file) in step with the passwords."""
    info = dict(db.sessions.kw.get("info") or {})
    info[KEYRING_INFO] = KeyringBinding(Path(path), dk)
    db.sessions.configure(info=info)


def _keyring_target(s: Session) -> tuple[Path | None, bytes | None]:
    """(key file, database key) of the session's database: (None, None) without a key file."""
    binding = s.info.get(KEYRING_INFO)
    if isinstance(binding, KeyringBinding):
        return binding.path, binding.dk
    bind = s.get_bind()
    if bind.dialect.name != "sqlite" or not bind.url.database or bind.url.database == ":memory:":
        return None, None
    path = kr.keyfile_path(bind.url.database)
    return (path, None) if path.exists() else (None, None)


def _after(s: Session, on_commit: Callable[[], None] | None,
           on_rollback: Callable[[], None] | None = None) -> None:
    s.info.setdefault(_PENDING, []).append((on_commit, on_rollback))


def keyring_password_set(s: Session, username: str, password: str) -> None:
    """The account's password changed in this transaction: wrap the database key for it now
    (the old entry kept), drop the old entry once committed, put it back on a rollback."""
    path, dk = _keyring_target(s)
    if path is None:
        return
    if dk is None:
        raise StorageError(
            "Il database è stato aperto con la chiave diretta: per cambiare le password "
            "accedere con nome utente e password.")
    ring = kr.Keyring.load(path)
    before = ring.entry(username)
    ring.add_user(username, password, dk, keep_previous=True)
    _after(s, lambda: kr.Keyring.load(path).drop_previous(username),
           lambda: kr.Keyring.load(path).restore_entry(username, before))


def keyring_user_removed(s: Session, username: str) -> None:
    """A deactivated account: its entry leaves the key file once the change is committed."""
    path, _dk = _keyring_target(s)
    if path is not None:
        _after(s, lambda: kr.Keyring.load(path).remove_user(username))


def keyring_user_renamed(s: Session, old: str, new: str) -> None:
    path, _dk = _keyring_target(s)
    if path is None or kr.normalize_username(old) == kr.normalize_username(new):
        return
    kr.Keyring.load(path).rename_user(old, new)
    _after(s, None, lambda: kr.Keyring.load(path).rename_user(new, old))


@event.listens_for(Session, "after_commit")
def _keyring_committed(session: Session) -> None:
    for on_commit, _ in session.info.pop(_PENDING, []):
        if on_commit is not None:
            try:
                on_commit()
            except Exception:  # the next login tidies up; the commit itself stands
                log.warning("key file not updated after a commit", exc_info=True)


@event.listens_for(Session, "after_transaction_end")
def _keyring_rolled_back(session: Session, transaction) -> None:
    if transaction.parent is not None or _PENDING not in session.info:
        return
    for _, on_rollback in reversed(session.info.pop(_PENDING)):
        if on_rollback is not None:
            try:
                on_rollback()
            except Exception:
                log.warning("key file not restored after a rollback", exc_info=True)


# --- opening a database with a login (edge functions: they open the database) -------------------

def open_with_login(target: str | os.PathLike, username: str, password: str, *,
                    key: str | None = None, now: dt.datetime | None = None,
                    upgrade: bool = True) -> tuple[Database, Actor]:
    """Open an existing database and log in: the login screen's one call.

    ``target``: a path (SQLite) or a URL. An encrypted SQLite database with a key file is
    unlocked with the user's password (failed attempts counted in the key file, with the same
    growing delay); ``key`` opens it directly instead (the demo database: ``"demo"``). Then
    :func:`login` runs inside. Raises :class:`LoginRefused` (and subclasses), ``StorageError``
    for a missing, damaged or foreign file, ``SchemaTooNew``."""
    from affido_app.config import resolve_db_url, sqlite_path
    from affido_app.db.migrate import open_database

    url = resolve_db_url(target)
    path = sqlite_path(url)
    ring = dk = None
    earlier = 0
    keys = kr.keyfile_path(path) if path is not None else None
    if key is None and keys is not None and keys.exists():
        ring = kr.Keyring.load(keys)
        earlier = ring.failures(username)[0] if ring.has_user(username) else 0
        dk = ring.unlock(username, password, now=now)
        key = kr.raw_key(dk)
    elif key is None and path is not None and is_encrypted_file(path):
        raise StorageError(
            f"Il database «{path.name}» è cifrato ma accanto non c'è il file delle chiavi "
            f"«{keys.name}»: ripristinarlo dalla copia di sicurezza oppure aprire il database "
            "con il codice di recupero.")
    db = open_database(url, key=key, create=False, upgrade=upgrade)
    try:
        if dk is not None:
            bind_keyring(db, keys, dk)
        actor = sign_in(db.sessions, username, password, now=now, earlier_failures=earlier)
    except BaseException:
        db.dispose()
        raise
    if ring is not None:
        try:
            ring.record_success(username, password, dk)
        except StorageError:
            log.warning("key file not tidied after a login")
    return db, actor


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file that is not plain SQLite (SQLCipher files have no readable header)."""
    from affido_app.db.engine import is_encrypted_file as encrypted

    return encrypted(path)


def create_encrypted_database(path: str | os.PathLike, admin_username: str,
                              admin_full_name: str, admin_password: str
                              ) -> tuple[Database, str]:
    """The first-run wizard: a new encrypted database at ``path`` with its key file and its
    first administrator. Returns the open database (key file bound) and the recovery code, to
    show once and print. Nothing is left behind on a failure."""
    from affido_app.config import sqlite_url
    from affido_app.db.migrate import open_database
    from affido_app.services import staff

    path = Path(path).expanduser().absolute()
    keys = kr.keyfile_path(path)
    if not path.parent.is_dir():
        raise StorageError(f"La cartella «{path.parent}» non esiste.")
    for existing in (path, keys, Path(f"{path}-wal")):
        if existing.exists():
            raise StorageError(f"«{existing.name}» esiste già: scegliere un altro file.")
    staff.check_new_account(admin_username, admin_full_name)
    check_password_rules(admin_password, admin_username)
    dk = kr.new_database_key()
    db = None
    try:
        db = open_database(sqlite_url(path), key=kr.raw_key(dk))
        kr.Keyring.create(keys, dk)
        bind_keyring(db, keys, dk)
        with db.sessions.begin() as s:
            staff.create_first_admin(s, admin_username, admin_full_name,
                                     password=admin_password)
    except BaseException:
        if db is not None:
            db.dispose()
        for leftover in (path, keys, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return db, kr.recovery_code(dk)


def open_with_recovery(target: str | os.PathLike, code: str, *,
                       upgrade: bool = True) -> Database:
    """Open an encrypted SQLite database with its recovery code (every administrator forgot
    the password, or the key file is lost). A missing or damaged key file is replaced by a new
    one, empty: passwords are then set again (:func:`reset_with_recovery`, :func:`set_password`).
    ``ValidationError`` on ``recovery_code`` for a mistyped code or another database's."""
    from affido_app.config import resolve_db_url, sqlite_path
    from affido_app.db.migrate import open_database

    url = resolve_db_url(target)
    path = sqlite_path(url)
    if path is None:
        raise StorageError("Il codice di recupero vale solo per un database SQLite cifrato.")
    dk = kr.key_from_recovery_code(code)
    keys = kr.keyfile_path(path)
    ring = None
    if keys.exists():
        try:
            ring = kr.Keyring.load(keys)
        except StorageError:
            damaged = keys.with_name(f"{keys.name}.danneggiato-{utcnow():%Y%m%d-%H%M%S}")
            os.replace(keys, damaged)
            log.warning("damaged key file moved aside")
        else:
            if not ring.matches(dk):
                raise ValidationError({"recovery_code": kr.WRONG_RECOVERY_MESSAGE})
    try:
        db = open_database(url, key=kr.raw_key(dk), create=False, upgrade=upgrade)
    except StorageError as exc:
        if ring is None and "chiave" in exc.message:
            raise ValidationError({"recovery_code": kr.WRONG_RECOVERY_MESSAGE}) from exc
        raise
    try:
        if ring is None:
            kr.Keyring.create(keys, dk)
        bind_keyring(db, keys, dk)
    except BaseException:
        db.dispose()
        raise
    return db


def reset_with_recovery(target: str | os.PathLike, code: str, username: str,
                        new_password: str, *, now: dt.datetime | None = None
                        ) -> tuple[Database, Actor]:
    """With the recovery code, give an active administrator a new password and log them in."""
    now = now or utcnow()
    db = open_with_recovery(target, code)
    try:
        with db.sessions.begin() as s:
            user = find_user(s, username)
            if user is None or not user.active or user.role != Role.ADMIN:
                raise ValidationError({"username": (
                    "Indicare il nome utente di un amministratore attivo.")})
            check_password_rules(new_password, user.username)
            store_password(s, user, new_password, must_change=False, now=now)
            audit(s, user.id, AuditAction.UPDATE, "staff_users", user.id,
                  detail={"fields": ["password"], "recovery": True})
            name = user.username
        actor = sign_in(db.sessions, name, new_password, now=now)
    except BaseException:
        db.dispose()
        raise
    return db, actor


def record_recovery_sheet(s: Session, actor: Actor, output: str) -> None:
    """The recovery sheet was printed or saved ("printer" / "file"): an audit row, never the
    code."""
    if output not in ("printer", "file"):
        raise ValueError(output)
    audit(s, actor.id, AuditAction.PRINT, "recovery_sheet", None,
          detail={"document": "recovery", "output": output})
