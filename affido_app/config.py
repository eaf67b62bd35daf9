"""Where things live (platformdirs) and which database to open. No Qt."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Affido"
APP_AUTHOR = "Affido"
ENV_HOME = "AFFIDO_HOME"  # overrides the data folder (tests, portable installs)
ENV_DB_KEY = "AFFIDO_DB_KEY"
ENV_USER = "AFFIDO_USER"
ENV_PASSWORD = "AFFIDO_PASSWORD"
#: The demo database is encrypted with this passphrase and every demo account has this password.
#: Both are public by design (shown on the demo login screen): the demo has no key file.
DEMO_DB_KEY = "demo"
DEMO_PASSWORD = "demo"

DEFAULT_DISTRICT_COMUNI = (
    "Alpignano",
    "Buttigliera Alta",
    "Collegno",
    "Grugliasco",
    "Rivoli",
    "Rosta",
    "Villarbasse",
)
DEFAULT_PROVINCE = "TO"


def resource_dir(name: str) -> Path:
    """``resources/NAME`` of the source tree, or of the PyInstaller bundle when frozen."""
    import sys

    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        bundled = Path(meipass) / "resources" / name
        if bundled.is_dir():
            return bundled
    return Path(__file__).resolve().parents[1] / "resources" / name


def data_dir() -> Path:
    """The user's data folder (database, backups, logs), created on first use."""
    home = os.environ.get(ENV_HOME)
    if home:
        path = Path(home)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "log"
    path.mkdir(exist_ok=True)
    return path


def pseudonym_key_path() -> Path:
    """The key of the pseudonyms in statistics exports: a file of its own, never in the
    database (services.gdpr creates it on first use)."""
    return data_dir() / "pseudonym.key"


def default_db_path() -> Path:
    return data_dir() / "affido.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def is_url(value: str) -> bool:
    return "://" in value


def resolve_db_url(value: str | os.PathLike | None) -> str:
    """``--db`` as given (a URL, or a bare path meaning SQLite) → a SQLAlchemy URL."""
    if value is None:
        return sqlite_url(default_db_path())
    text = os.fspath(value)
    if is_url(text):
        if text.startswith("postgresql"):  # a wrong TLS mode or port: an Italian message
            from affido_app.db.pg_url import check_url

            return check_url(text)
        return text
    return sqlite_url(Path(text))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).expanduser().absolute()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def db_key_from_env() -> str | None:
    return os.environ.get(ENV_DB_KEY) or None


def credentials_from_env() -> tuple[str | None, str | None]:
    """``AFFIDO_USER`` and ``AFFIDO_PASSWORD`` (None when unset; an empty password counts)."""
    return os.environ.get(ENV_USER) or None, os.environ.get(ENV_PASSWORD)
