"""The office's PostgreSQL server: connection settings ⇄ ``postgresql+psycopg://`` URL, their
checks (Italian messages per field), the private password file, and a connection test. No Qt.

The password never goes into a URL this module builds, a log line or a ``repr``: the settings
screen stores it in a libpq password file (``pgpass.conf`` in the data folder, owner-only
permissions) and the URL names that file with libpq's ``passfile`` parameter, so libpq itself
reads the password when it connects. What QSettings keeps (host, port, database, user, TLS mode,
CA file) is not secret.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from affido_app.errors import StorageError, ValidationError

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "affido"
DEFAULT_USER = "affido"
#: seconds libpq waits for the server before giving up (at start and in the connection test)
CONNECT_TIMEOUT = 10
TEST_TIMEOUT = 5
#: libpq's ``sslmode`` values Affido offers; "prefer"/"allow" (silently unencrypted) are not
TLS_MODES = ("disable", "require", "verify-ca", "verify-full")
TLS_VERIFY = ("verify-ca", "verify-full")
DEFAULT_TLS = "verify-full"
PASSFILE_NAME = "pgpass.conf"
#: query parameters this module manages; any other one in a URL is kept as it is
_MANAGED = {"sslmode", "sslrootcert", "connect_timeout", "passfile", "application_name"}


@dataclass(frozen=True)
class ServerSettings:
    """Where the office database lives. ``password`` is only held while the settings screen is
    open (never stored here, never shown by ``repr``)."""

    host: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = DEFAULT_USER
    sslmode: str = DEFAULT_TLS
    sslrootcert: str = ""
    password: str = field(default="", repr=False, compare=False)
    #: other query parameters of a URL given by hand (kept on a round trip)
    extra: tuple[tuple[str, str], ...] = ()

    def without_password(self) -> ServerSettings:
        return replace(self, password="")

    def describe(self) -> str:
        """``user@host:port/database`` for messages (no password)."""
        return f"{self.user}@{_host_text(self.host)}:{self.port}/{self.database}"


def _host_text(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# --- checks ---------------------------------------------------------------------------------

def validate(settings: ServerSettings) -> ServerSettings:
    """The settings with blanks trimmed, or :class:`ValidationError` (field → Italian message).
    Field names: host, port, database, user, sslmode, sslrootcert."""
    s = replace(settings, host=settings.host.strip(), database=settings.database.strip(),
                user=settings.user.strip(), sslrootcert=settings.sslrootcert.strip())
    errors: dict[str, str] = {}
    if not s.host:
        errors["host"] = "Indicare il nome o l'indirizzo del server."
    elif any(ch.isspace() for ch in s.host) or "/" in s.host or "@" in s.host:
        errors["host"] = "Nome del server non valido: solo il nome o l'indirizzo, senza spazi."
    if not isinstance(s.port, int) or not 1 <= s.port <= 65535:
        errors["port"] = "La porta è un numero da 1 a 65535 (di solito 5432)."
    if not s.database:
        errors["database"] = "Indicare il nome del database."
    elif len(s.database) > 63:
        errors["database"] = "Il nome del database è troppo lungo (al massimo 63 caratteri)."
    if not s.user:
        errors["user"] = "Indicare l'utente del database."
    elif len(s.user) > 63:
        errors["user"] = "Il nome dell'utente è troppo lungo (al massimo 63 caratteri)."
    if s.sslmode not in TLS_MODES:
        errors["sslmode"] = "Modalità TLS non valida."
    elif s.sslmode in TLS_VERIFY:
        if not s.sslrootcert:
            errors["sslrootcert"] = ("Per verificare il server indicare il file del certificato "
                                     "dell'autorità (CA) che lo ha firmato.")
        elif not Path(s.sslrootcert).expanduser().is_file():
            errors["sslrootcert"] = "Il file del certificato non esiste."
    if errors:
        raise ValidationError(errors)
    if s.sslmode not in TLS_VERIFY:
        s = replace(s, sslrootcert="")
    return s


# --- URL ------------------------------------------------------------------------------------

def to_url(settings: ServerSettings, *, passfile: Path | None = None,
           timeout: int = CONNECT_TIMEOUT) -> str:
    """The ``postgresql+psycopg://`` URL for ``settings`` (never with the password; libpq reads
    it from ``passfile`` when given)."""
    from sqlalchemy.engine import URL

    query: dict[str, str] = dict(settings.extra)
    query["sslmode"] = settings.sslmode
    if settings.sslrootcert:
        query["sslrootcert"] = settings.sslrootcert
    if timeout:
        query["connect_timeout"] = str(timeout)
    if passfile is not None:
        query["passfile"] = str(passfile)
    url = URL.create(DRIVER, username=settings.user, host=settings.host, port=settings.port,
                     database=settings.database, query=query)
    return url.render_as_string(hide_password=False)


def is_postgresql(url: str) -> bool:
    return url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def from_url(url: str) -> ServerSettings:
    """The settings in a PostgreSQL URL (a password in it is kept in memory only).
    :class:`StorageError` for what is not a usable PostgreSQL URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
    except (ArgumentError, ValueError):
        raise StorageError("L'indirizzo del database non è valido.") from None
    if u.get_backend_name() != "postgresql":
        raise StorageError("L'indirizzo non è quello di un database PostgreSQL.")
    if u.drivername not in ("postgresql", DRIVER):
        raise StorageError("Per PostgreSQL usare un indirizzo postgresql+psycopg://…")
    query = {k: (v[-1] if isinstance(v, tuple) else v) for k, v in u.query.items()}
    sslmode = query.get("sslmode", "prefer")
    if sslmode not in (*TLS_MODES, "prefer", "allow"):
        raise StorageError(f"Modalità TLS «{sslmode}» non valida: usare disable, require, "
                           "verify-ca o verify-full.")
    try:
        port = u.port or DEFAULT_PORT
    except ValueError:
        raise StorageError("La porta del server PostgreSQL non è valida.") from None
    extra = tuple(sorted((k, v) for k, v in query.items() if k not in _MANAGED))
    return ServerSettings(host=u.host or "", port=port, database=u.database or "",
                          user=u.username or "", sslmode=sslmode,
                          sslrootcert=query.get("sslrootcert", ""),
                          password=u.password or "", extra=extra)


def check_url(url: str) -> str:
    """A PostgreSQL ``--db`` URL checked (Italian :class:`StorageError`), as given."""
    settings = from_url(url)
    if settings.sslmode in TLS_VERIFY and settings.sslrootcert \
            and not Path(settings.sslrootcert).expanduser().is_file():
        raise StorageError(f"Il file del certificato «{settings.sslrootcert}» non esiste.")
    return url


def safe_url(url: str) -> str:
    """``url`` fit for a log line or a message: the password masked."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<indirizzo non valido>"


# --- the password file ----------------------------------------------------------------------

def passfile_path() -> Path:
    from affido_app.config import data_dir

    return data_dir() / PASSFILE_NAME


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":" and len(parts) < 4:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def passfile_line(settings: ServerSettings, password: str) -> str:
    fields = (settings.host, str(settings.port), settings.database, settings.user, password)
    return ":".join(_escape(f) for f in fields)


def write_passfile(path: Path, settings: ServerSettings, password: str) -> None:
    """Keep only this server's password in ``path`` (owner-only permissions, written whole)."""
    from affido_app.files import write_atomically

    if "\n" in password or "\r" in password:
        raise ValidationError({"password": "La password non può contenere un a capo."})
    write_atomically(path, (passfile_line(settings, password) + "\n").encode("utf-8"),
                     private=True)


def stored_password(path: Path, settings: ServerSettings) -> str | None:
    """The password ``path`` holds for exactly this server, database and user (None: none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    wanted = [settings.host, str(settings.port), settings.database, settings.user]
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = _split(line)
        if len(parts) == 5 and parts[:4] == wanted:
            return parts[4]
    return None


def remove_passfile(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError(f"Impossibile eliminare «{path}»: {exc.strerror or exc}.") from None


# --- what a failed connection means -----------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """The result of a connection test: ``kind`` for code, ``message`` for people."""

    ok: bool
    kind: str
    message: str


UNREACHABLE = ("Il server non risponde: controllare il nome o l'indirizzo, la porta, la rete, "
               "e che il server accetti connessioni da questo computer.")
AUTH = "Accesso rifiutato dal server: utente o password errati."
TLS_MISSING = ("Il server non offre connessioni cifrate (TLS) ma questa configurazione le "
               "richiede: attivare TLS sul server oppure, solo su una rete fidata, scegliere "
               "«nessuna».")
TLS_ONLY = ("Il server accetta solo connessioni cifrate: scegliere la modalità TLS «richiesta» "
            "o «verifica del certificato e del nome».")
TLS_CERT = ("Il certificato del server non è stato accettato: controllare il file del "
            "certificato dell'autorità (CA) e che il nome del server sia quello scritto nel "
            "certificato.")
TLS_CA_FILE = "Il file del certificato dell'autorità (CA) non si trova o non si legge."
HBA = ("Il server non accetta connessioni da questo computer per questo utente e database: "
       "aggiungere una riga in pg_hba.conf sul server (vedere il README).")
NO_DATABASE = ("Il database indicato non esiste sul server: crearlo (vedere il README) o "
               "correggere il nome.")
FOREIGN = ("Il database contiene le tabelle di un altro programma: indicare un database "
           "vuoto o un database di Affido.")
TOO_NEW = ("Il database è stato aggiornato da una versione più recente di Affido: installare "
           "la versione più recente su questo computer.")
NO_PRIVILEGE = ("L'utente non può creare tabelle in questo database: il database va creato "
                "con questo utente come proprietario (OWNER, vedere il README).")
BAD_HOST = "Il nome del server non è stato trovato: controllare come è scritto e la rete."

#: libpq and server messages (English, and Italian for a server with lc_messages=it_IT), in
#: the order they are tried
_PATTERNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tls", TLS_MISSING, ("server does not support ssl", "il server non supporta ssl")),
    ("tls", TLS_ONLY, ("no encryption", "senza cifratura", "nessuna crittografia")),
    ("tls", TLS_CA_FILE, ("root certificate file", "could not read root certificate",
                          "could not load root certificate")),
    ("tls", TLS_CERT, ("certificate verify failed", "does not match host name",
                       "server certificate for", "ssl error", "ssl syscall")),
    ("auth", AUTH, ("password authentication failed", "autenticazione con password fallita",
                    "no password supplied", "fe_sendauth", "password is required",
                    "authentication failed", "autenticazione fallita")),
    ("hba", HBA, ("pg_hba.conf",)),
    ("bad_host", BAD_HOST, ("failed to resolve host", "could not translate host name",
                            "name or service not known", "nodename nor servname")),
    ("unreachable", UNREACHABLE, ("connection refused", "timeout expired", "timed out",
                                  "could not connect", "no route to host",
                                  "network is unreachable", "connessione rifiutata",
                                  "received invalid response to ssl negotiation",
                                  "server closed the connection unexpectedly")),
)


def _message_chain(exc: BaseException | None) -> str:
    parts, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        parts.append(str(getattr(exc, "orig", None) or exc))
        exc = exc.__cause__ or exc.__context__
    return "\n".join(parts).lower()


def explain(exc: BaseException) -> Outcome | None:
    """What a failed PostgreSQL connection means, in Italian (None: not a connection
    problem this module knows). Looks through the exception's causes."""
    text = _message_chain(exc)
    missing = "does not exist" in text or "non esiste" in text
    for kind, message, needles in _PATTERNS:
        if any(n in text for n in needles):
            return Outcome(False, kind, message)
        if kind == "auth" and missing and ('role "' in text or 'ruolo "' in text):
            return Outcome(False, "auth", AUTH)  # an unknown user: said like a wrong password
        if kind == "hba" and missing and 'database "' in text:
            return Outcome(False, "no_database", NO_DATABASE)
    return None


def explain_error(exc: BaseException) -> StorageError | None:
    outcome = explain(exc)
    return None if outcome is None else StorageError(outcome.message)


# --- the connection test --------------------------------------------------------------------

def connect_kwargs(settings: ServerSettings, *, password: str | None = None,
                   passfile: Path | None = None, timeout: int = TEST_TIMEOUT) -> dict:
    """psycopg ``connect()`` keywords (libpq parameters) for ``settings``."""
    kwargs: dict = dict(settings.extra)
    kwargs.update(host=settings.host, port=settings.port, dbname=settings.database,
                  user=settings.user, sslmode=settings.sslmode,
                  connect_timeout=max(2, int(timeout)), application_name="Affido")
    if settings.sslrootcert:
        kwargs["sslrootcert"] = settings.sslrootcert
    if password:
        kwargs["password"] = password
    elif passfile is not None:
        kwargs["passfile"] = str(passfile)
    return kwargs


def probe(settings: ServerSettings, *, passfile: Path | None = None,
                    timeout: int = TEST_TIMEOUT) -> Outcome:
    """Connect, and tell whether Affido can use this database (never raises for a connection
    problem: the outcome says what went wrong). ``settings.password`` when typed, else the
    password file."""
    import psycopg

    try:
        conn = psycopg.connect(**connect_kwargs(settings, password=settings.password,
                                                passfile=passfile, timeout=timeout),
                               autocommit=True)
    except psycopg.Error as exc:
        outcome = explain(exc)
        log.info("connection test to the office server failed (%s)",
                 outcome.kind if outcome else type(exc).__name__)
        if outcome is not None:
            return outcome
        return Outcome(False, "other", "Connessione non riuscita: " + _first_line(exc))
    try:
        return _inspect(conn)
    except psycopg.Error as exc:
        return Outcome(False, "other", "Connessione riuscita, ma la lettura del database non "
                       "è riuscita: " + _first_line(exc))
    finally:
        conn.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line.removeprefix("connection failed: ")


def _inspect(conn) -> Outcome:
    from affido_app.db.migrate import head_revision, known_revisions

    tables = {r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema()")}
    if not tables - {"alembic_version"}:
        can_create = conn.execute(
            "SELECT has_schema_privilege(current_schema(), 'CREATE')").fetchone()[0]
        if not can_create:
            return Outcome(False, "no_privilege", NO_PRIVILEGE)
        return Outcome(True, "empty", "Connessione riuscita. Il database è vuoto: Affido vi "
                       "creerà le sue tabelle al primo avvio, e il primo operatore sceglierà "
                       "la sua password.")
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    if revision is None:
        return Outcome(False, "foreign", FOREIGN)
    if revision not in known_revisions():
        return Outcome(False, "too_new", TOO_NEW)
    if revision != head_revision():
        return Outcome(True, "older", "Connessione riuscita. Il database di Affido verrà "
                       "aggiornato alla versione di questo programma al prossimo avvio.")
    return Outcome(True, "ok", "Connessione riuscita: il database di Affido è pronto.")

