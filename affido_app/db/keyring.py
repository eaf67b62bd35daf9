"""The key file of an encrypted SQLite database: the database key, wrapped once per user.

An encrypted database (SQLCipher) is keyed with a random 256-bit *database key* (DK), used as a
raw key (``x'<64 hex>'``, no passphrase derivation). The DK is never stored in clear. Beside the
database, ``<database>.keys`` (JSON, written atomically) holds it *wrapped* once per user:

- KEK = argon2id(password, per-entry random salt) — the parameters are stored with each entry, so
  they can be raised later and old entries still open (and are re-wrapped at the next login);
- the DK is sealed with AES-256-GCM under the KEK. The associated data binds each entry to this
  key file (its random id and the format version), so an entry copied from another key file does
  not open; it deliberately does not include the username, so that renaming an account does not
  need the user's password. The keyring only guards the DK: who the person is, is decided by the
  password check inside the database (services/auth.py), which runs after every unlock.

Recovery: the *recovery code* is the DK itself, in base32 with a 24-bit checksum, 14 groups of 4
characters (``ABCD-EFGH-…``). It is shown once, to be printed and kept in a safe. Because it is
the key and not a key to an entry of this file, it opens the database even when the key file is
lost or damaged (a new key file is then made and an administrator sets new passwords). Nothing
about it is stored: the file keeps only a check value (an HMAC of the DK) so a code, or a DK,
can be told to belong to this database.

Failed attempts before the database is open are counted here, per user (count and time of the
last one), so the growing delay of :func:`failed_login_delay` applies before the database can
count them itself. The file holds no personal data beyond usernames.

Every change takes an exclusive lock (``<file>.lock``, so that two programs changing it at once
do not lose one another's change), reads the file afresh and replaces it atomically (temporary
file, fsync, rename): a crash leaves the old file or the new one, never half of one. The slow
part, deriving a key from a password, runs before the lock is taken.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from affido_app.errors import PermissionDenied, StorageError, ValidationError
from affido_app.files import write_atomically

FORMAT = "affido-keyring"
VERSION = 1
SUFFIX = ".keys"
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

#: argon2id parameters for the key-encryption keys. RFC 9106's second recommended option
#: (64 MiB, 3 passes, 4 lanes), argon2-cffi's default profile: above OWASP's minimum
#: (19 MiB, 2 passes, 1 lane); about 0.13 s on the reference machine.
KDF_TIME_COST = 3
KDF_MEMORY_COST = 65536  # KiB
KDF_PARALLELISM = 4

#: failed attempts without any delay, then 2, 4, 8… seconds, at most 5 minutes
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0

GENERIC_LOGIN_MESSAGE = "Nome utente o password non validi."

_AD_PREFIX = "affido-keyring"
_CHECK_LABEL = b"affido-keyring-check|"
_RECOVERY_LABEL = b"affido-recovery-code|"
_RECOVERY_CHECK_BYTES = 3
_RECOVERY_GROUP = 4


# --- errors ------------------------------------------------------------------------------------

class LoginRefused(PermissionDenied):
    """A refused login or password check.

    ``wait_seconds`` > 0: too many failed attempts, nothing was checked; retry after that long.
    The refusal may have been *recorded* (failed-attempt count, audit row): whoever holds the
    session commits it before reporting (``services.auth.attempt`` does).
    """

    def __init__(self, message: str = GENERIC_LOGIN_MESSAGE, *, wait_seconds: float = 0.0,
                 field: str | None = None):
        super().__init__(message)
        self.wait_seconds = wait_seconds
        self.field = field


class WrongPassword(LoginRefused):
    """Unknown username or wrong password (one message for both: which one is not revealed)."""


class TooManyAttempts(LoginRefused):
    """Refused without checking the password: the delay after failed attempts has not passed."""

    def __init__(self, wait_seconds: float):
        super().__init__(wait_message(wait_seconds), wait_seconds=wait_seconds)


# --- the growing delay ---------------------------------------------------------------------------

def failed_login_delay(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failed attempts: none for the first
    :data:`FREE_ATTEMPTS`, then 2, 4, 8… capped at :data:`MAX_DELAY_SECONDS`."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** min(failures - FREE_ATTEMPTS, 32), MAX_DELAY_SECONDS)


def wait_remaining(failures: int, last_failed_at: dt.datetime | None,
                   now: dt.datetime) -> float:
    """Seconds still to wait before the next attempt (0: an attempt may be made now)."""
    if last_failed_at is None:
        return 0.0
    delay = failed_login_delay(failures)
    if delay <= 0:
        return 0.0
    elapsed = (now - last_failed_at).total_seconds()
    if elapsed < 0:  # a clock set back: count from now, never wait longer than the delay
        elapsed = 0.0
    return max(0.0, delay - elapsed)


#: failed attempts for names that have no account, kept in this process only (a name typed by
#: mistake, perhaps a password, is never written down): the delay, and its message, then come
#: the same for an existing and a missing account, and do not tell one from the other
_UNKNOWN_FAILURES: dict[str, tuple[int, dt.datetime]] = {}
_UNKNOWN_LIMIT = 1000


def check_unknown_user(username: str, now: dt.datetime) -> None:
    """:class:`TooManyAttempts` while the delay for this unknown name runs."""
    failures, last = _UNKNOWN_FAILURES.get(normalize_username(username), (0, None))
    wait = wait_remaining(failures, last, now)
    if wait > 0:
        raise TooManyAttempts(wait)


def record_unknown_user(username: str, now: dt.datetime) -> None:
    name = normalize_username(username)
    failures, _last = _UNKNOWN_FAILURES.pop(name, (0, None))
    while len(_UNKNOWN_FAILURES) >= _UNKNOWN_LIMIT:  # the oldest name goes first
        _UNKNOWN_FAILURES.pop(next(iter(_UNKNOWN_FAILURES)))
    _UNKNOWN_FAILURES[name] = (failures + 1, now)


def unknown_user_wait(username: str, now: dt.datetime) -> float:
    failures, last = _UNKNOWN_FAILURES.get(normalize_username(username), (0, None))
    return wait_remaining(failures, last, now)


def wait_message(seconds: float) -> str:
    """«Troppi tentativi non riusciti: riprovare tra 1 minuto e 4 secondi.»"""
    total = max(1, math.ceil(seconds))
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minut{'o' if minutes == 1 else 'i'}")
    if secs:
        parts.append(f"{secs} second{'o' if secs == 1 else 'i'}")
    return f"Troppi tentativi non riusciti: riprovare tra {' e '.join(parts)}."


# --- keys ----------------------------------------------------------------------------------------

def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def raw_key(dk: bytes) -> str:
    """The DK as SQLCipher's raw key (``engine.key_pragma`` passes it without derivation)."""
    if len(dk) != KEY_BYTES:
        raise ValueError("a database key has 32 bytes")
    return f"x'{dk.hex()}'"


def key_from_raw(key: str | None) -> bytes | None:
    """The DK of a raw key string ``x'<64 hex>'``; None for a passphrase or no key."""
    if key and key.startswith("x'") and key.endswith("'") and len(key) == 67:
        try:
            return bytes.fromhex(key[2:-1])
        except ValueError:
            return None
    return None


def keyfile_path(db_path: str | os.PathLike) -> Path:
    """``<database>.keys`` beside the database file."""
    return Path(f"{os.fspath(db_path)}{SUFFIX}")


def normalize_password(password: str) -> str:
    """NFC: the same password typed on any system gives the same bytes."""
    return unicodedata.normalize("NFC", password)


def normalize_username(username: str) -> str:
    return unicodedata.normalize("NFC", username).strip().lower()


def derive_kek(password: str, salt: bytes, *, time_cost: int | None = None,
               memory_cost: int | None = None, parallelism: int | None = None) -> bytes:
    """argon2id of the password: the key that wraps the DK (today's parameters by default)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(normalize_password(password).encode("utf-8"), salt,
                           time_cost=time_cost or KDF_TIME_COST,
                           memory_cost=memory_cost or KDF_MEMORY_COST,
                           parallelism=parallelism or KDF_PARALLELISM,
                           hash_len=KEY_BYTES, type=Type.ID)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


# --- recovery code -------------------------------------------------------------------------------

def recovery_code(dk: bytes) -> str:
    """The recovery code of a database key: 14 groups of 4 base32 characters."""
    if len(dk) != KEY_BYTES:
        raise ValueError("a database key has 32 bytes")
    check = hashlib.sha256(_RECOVERY_LABEL + dk).digest()[:_RECOVERY_CHECK_BYTES]
    text = base64.b32encode(dk + check).decode("ascii")  # 35 bytes → 56 characters, no padding
    return "-".join(text[i:i + _RECOVERY_GROUP] for i in range(0, len(text), _RECOVERY_GROUP))


def key_from_recovery_code(code: str) -> bytes:
    """The database key written in a recovery code. Spaces, dashes and case do not matter;
    0, 1 and 8 (not in the alphabet) are read as O, I and B."""
    text = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    text = text.translate(str.maketrans("018", "OIB"))
    expected = len(recovery_code(bytes(KEY_BYTES)).replace("-", ""))
    if len(text) != expected:
        raise ValidationError({"recovery_code": (
            f"Il codice di recupero ha {expected} caratteri (14 gruppi di 4): "
            f"ne sono stati scritti {len(text)}.")})
    try:
        raw = base64.b32decode(text)
    except ValueError:
        raise ValidationError({"recovery_code": (
            "Il codice di recupero contiene caratteri non validi: ricontrollarlo.")}) from None
    dk, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if not hmac.compare_digest(
            check, hashlib.sha256(_RECOVERY_LABEL + dk).digest()[:_RECOVERY_CHECK_BYTES]):
        raise ValidationError({"recovery_code": (
            "Il codice di recupero contiene un errore di battitura: ricontrollarlo.")})
    return dk


WRONG_RECOVERY_MESSAGE = "Il codice di recupero non è quello di questo database."


# --- the key file --------------------------------------------------------------------------------

class Keyring:
    """The key file of one database. Every method that changes it re-reads it first."""

    def __init__(self, path: str | os.PathLike, data: Mapping[str, Any]):
        self.path = Path(path)
        self._data = dict(data)
        #: username → id of the entry slot the last successful unlock opened
        self._opened: dict[str, str] = {}

    # --- creating and reading ---

    @classmethod
    def create(cls, path: str | os.PathLike, dk: bytes) -> Keyring:
        """A new key file for the database key ``dk`` (refused if the file exists)."""
        path = Path(path)
        if path.exists():
            raise StorageError(f"Il file delle chiavi «{path.name}» esiste già.")
        file_id = secrets.token_bytes(16)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "id": _b64(file_id),
            "check": _b64(_check_value(dk, file_id)),
            "users": {},
        }
        ring = cls(path, data)
        with _locked(path):
            ring._write()
        return ring

    @classmethod
    def load(cls, path: str | os.PathLike) -> Keyring:
        path = Path(path)
        return cls(path, _read(path))

    @classmethod
    def for_database(cls, db_path: str | os.PathLike) -> Keyring:
        return cls.load(keyfile_path(db_path))

    def _reload(self) -> None:
        self._data = _read(self.path)

    @property
    def _file_id(self) -> bytes:
        return _unb64(self._data["id"])

    def _ad(self) -> bytes:
        return json.dumps([_AD_PREFIX, VERSION, self._data["id"]]).encode("ascii")

    def matches(self, dk: bytes) -> bool:
        """Whether ``dk`` is the key of this database."""
        return hmac.compare_digest(_check_value(dk, self._file_id), _unb64(self._data["check"]))

    def users(self) -> list[str]:
        return sorted(self._data["users"])

    def has_user(self, username: str) -> bool:
        return normalize_username(username) in self._data["users"]

    def failures(self, username: str) -> tuple[int, dt.datetime | None]:
        entry = self._data["users"].get(normalize_username(username)) or {}
        return int(entry.get("failed", 0)), _parse_time(entry.get("last_failed_at"))

    def wait_seconds(self, username: str, now: dt.datetime | None = None) -> float:
        if not self.has_user(username):
            return unknown_user_wait(username, now or _now())
        failed, last = self.failures(username)
        return wait_remaining(failed, last, now or _now())

    # --- entries ---

    def add_user(self, username: str, password: str, dk: bytes, *,
                 keep_previous: bool = False) -> None:
        """Wrap ``dk`` for ``username`` under ``password`` (replacing the user's entry).

        ``keep_previous``: the old password keeps opening too, until :meth:`drop_previous` or
        the next successful login — a password change survives a crash between the key file
        and the database commit."""
        if not self.matches(dk):
            raise StorageError("La chiave indicata non è quella di questo database.")
        name = normalize_username(username)
        slot = self._new_slot(password, dk)
        with self._changing():
            old = self._data["users"].get(name)
            slots = [slot]
            if keep_previous and old:
                slots += old.get("slots", [])[:1]
            self._data["users"][name] = {"slots": slots, "failed": 0, "last_failed_at": None}
        self._opened.pop(name, None)

    def drop_previous(self, username: str) -> None:
        """Keep only the newest entry slot of ``username`` (a password change committed)."""
        with self._changing() as data:
            entry = data["users"].get(normalize_username(username))
            if not entry or len(entry.get("slots", [])) <= 1:
                raise _Unchanged
            entry["slots"] = entry["slots"][:1]

    def remove_user(self, username: str) -> None:
        with self._changing() as data:
            if data["users"].pop(normalize_username(username), None) is None:
                raise _Unchanged

    def rename_user(self, old: str, new: str) -> None:
        """Move an entry to a new username (the password is not needed)."""
        with self._changing() as data:
            users = data["users"]
            entry = users.pop(normalize_username(old), None)
            if entry is None:
                raise _Unchanged
            if normalize_username(new) in users:
                raise StorageError(
                    "Il file delle chiavi ha già una voce con il nuovo nome utente.")
            users[normalize_username(new)] = entry

    def rewrap(self, username: str, old: str, new: str, *, now: dt.datetime | None = None,
               keep_previous: bool = False) -> bytes:
        """Change the password of ``username``'s entry (the old one must open it)."""
        dk = self.unlock(username, old, now=now)
        self.add_user(username, new, dk, keep_previous=keep_previous)
        return dk

    def entry(self, username: str) -> dict[str, Any] | None:
        """A copy of ``username``'s entry (to put back with :meth:`restore_entry`)."""
        self._reload()
        entry = self._data["users"].get(normalize_username(username))
        return json.loads(json.dumps(entry)) if entry is not None else None

    def restore_entry(self, username: str, entry: Mapping[str, Any] | None) -> None:
        name = normalize_username(username)
        with self._changing() as data:
            if entry is None:
                data["users"].pop(name, None)
            else:
                data["users"][name] = json.loads(json.dumps(entry))

    # --- unlocking ---

    def unlock(self, username: str, password: str, *, now: dt.datetime | None = None) -> bytes:
        """The DK, if ``password`` opens ``username``'s entry.

        Raises :class:`TooManyAttempts` (nothing checked) while the delay after failed attempts
        runs, :class:`WrongPassword` for an unknown user or a wrong password (a failure of a
        known user is recorded in the file)."""
        now = now or _now()
        self._reload()
        name = normalize_username(username)
        entry = self._data["users"].get(name)
        if entry is None:
            check_unknown_user(name, now)
            derive_kek(password, secrets.token_bytes(SALT_BYTES))  # same time as a real try
            record_unknown_user(name, now)
            raise WrongPassword()
        wait = wait_remaining(int(entry.get("failed", 0)),
                              _parse_time(entry.get("last_failed_at")), now)
        if wait > 0:
            raise TooManyAttempts(wait)
        for slot in entry.get("slots", []):
            dk = self._open_slot(slot, password)
            if dk is not None:
                self._opened[name] = slot.get("id", "")
                return dk
        with self._changing() as data:  # counted on the file as it is now, not as read above
            entry = data["users"].get(name)
            if entry is None:
                raise _Unchanged
            entry["failed"] = int(entry.get("failed", 0)) + 1
            entry["last_failed_at"] = now.astimezone(dt.UTC).isoformat()
        raise WrongPassword()

    def record_success(self, username: str, password: str, dk: bytes) -> None:
        """After a complete login: forget the failed attempts, drop entry slots other than the
        one this password opened, and re-wrap it if its parameters are below today's."""
        name = normalize_username(username)
        with self._changing() as data:
            entry = data["users"].get(name)
            if entry is None:
                raise _Unchanged
            slots = entry.get("slots", [])
            opened = self._opened.get(name)
            kept = [s for s in slots if s.get("id") == opened] or slots[:1]
            if kept and _weaker_than_default(kept[0]):
                kept = [self._new_slot(password, dk)]
            if kept == slots and not entry.get("failed") and not entry.get("last_failed_at"):
                raise _Unchanged
            entry.update(slots=kept, failed=0, last_failed_at=None)

    def unlock_with_recovery(self, code: str) -> bytes:
        """The DK written in a recovery code, if it is this database's."""
        dk = key_from_recovery_code(code)
        if not self.matches(dk):
            raise ValidationError({"recovery_code": WRONG_RECOVERY_MESSAGE})
        return dk

    def set_recovery(self, dk: bytes) -> str:
        """The recovery code of this database (its key, checked): to show once and print."""
        if not self.matches(dk):
            raise StorageError("La chiave indicata non è quella di questo database.")
        return recovery_code(dk)

    # --- internals ---

    def _new_slot(self, password: str, dk: bytes) -> dict[str, Any]:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(SALT_BYTES)
        nonce = secrets.token_bytes(NONCE_BYTES)
        t, m, p = KDF_TIME_COST, KDF_MEMORY_COST, KDF_PARALLELISM
        kek = derive_kek(password, salt, time_cost=t, memory_cost=m, parallelism=p)
        return {
            "id": secrets.token_hex(4),
            "kdf": "argon2id", "v": 19, "t": t, "m": m, "p": p,
            "salt": _b64(salt), "nonce": _b64(nonce),
            "wrapped": _b64(AESGCM(kek).encrypt(nonce, dk, self._ad())),
        }

    def _open_slot(self, slot: Mapping[str, Any], password: str) -> bytes | None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            if slot.get("kdf") != "argon2id":
                return None
            kek = derive_kek(password, _unb64(slot["salt"]), time_cost=int(slot["t"]),
                             memory_cost=int(slot["m"]), parallelism=int(slot["p"]))
            dk = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), self._ad())
        except (InvalidTag, KeyError, ValueError, TypeError):
            return None
        return dk if self.matches(dk) else None

    @contextlib.contextmanager
    def _changing(self) -> Iterator[dict[str, Any]]:
        """Lock the file, re-read it and hand its data to the block, which changes it in place;
        written back when the block ends, unless it raises (:class:`_Unchanged`: nothing to
        write)."""
        with _locked(self.path):
            self._reload()
            try:
                yield self._data
            except _Unchanged:
                return
            self._write()

    def _write(self) -> None:
        text = json.dumps(self._data, indent=1, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"), private=True)


class _Unchanged(Exception):
    """Raised inside :meth:`Keyring._changing` when there is nothing to write."""


#: how long to wait for another program's change of the key file (it takes milliseconds)
LOCK_TIMEOUT_SECONDS = 15.0


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<path>.lock`` (advisory: every writer of the key file takes it)."""
    import time

    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(
            f"Impossibile modificare il file delle chiavi «{path.name}»: {exc.strerror}.") from exc
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StorageError(
                    f"Il file delle chiavi «{path.name}» è in uso da un altro programma: "
                    "riprovare tra qualche istante.")
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _check_value(dk: bytes, file_id: bytes) -> bytes:
    return hmac.new(dk, _CHECK_LABEL + file_id, hashlib.sha256).digest()[:16]


def _weaker_than_default(slot: Mapping[str, Any]) -> bool:
    try:
        return (int(slot["t"]) < KDF_TIME_COST or int(slot["m"]) < KDF_MEMORY_COST
                or int(slot["p"]) < KDF_PARALLELISM)
    except (KeyError, ValueError, TypeError):
        return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StorageError(
            f"Manca il file delle chiavi «{path.name}» accanto al database: ripristinarlo "
            "dalla copia di sicurezza oppure aprire il database con il codice di recupero."
        ) from None
    except OSError as exc:
        raise StorageError(
            f"Impossibile leggere il file delle chiavi «{path.name}»: {exc.strerror}.") from exc
    damaged = StorageError(
        f"Il file delle chiavi «{path.name}» è danneggiato: ripristinarlo dalla copia di "
        "sicurezza oppure aprire il database con il codice di recupero.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise damaged
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise StorageError(
            f"Il file delle chiavi «{path.name}» è di una versione più recente di Affido: "
            "installare la versione più recente.")
    try:
        _unb64(data["id"])
        _unb64(data["check"])
        if not isinstance(data["users"], dict):
            raise ValueError
    except (KeyError, ValueError):
        raise damaged from None
    return data
