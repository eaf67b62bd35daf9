"""Per-PC preferences in QSettings: one registry of keys and defaults (design.md, 7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    kind: type


LANGUAGE = Key("ui/language", "it", str)
MAIN_GEOMETRY = Key("window/main_geometry", QByteArray(), QByteArray)
MAIN_STATE = Key("window/main_state", QByteArray(), QByteArray)
LAST_SECTION = Key("window/last_section", "dashboard", str)
RECORD_GEOMETRY = Key("window/record_geometry", QByteArray(), QByteArray)
DOCUMENT_GEOMETRY = Key("window/document_geometry", QByteArray(), QByteArray)
#: the folder where the last document was saved as PDF (the next "Save as PDF" starts there)
DOCUMENT_FOLDER = Key("documents/last_folder", "", str)
#: the database this PC opens when no --db is given: "sqlite" (the file in the data folder) or
#: "postgresql" (the office server below); the password is not here (db/pg_url.py, pgpass.conf)
SERVER_KIND = Key("server/kind", "sqlite", str)
SERVER_HOST = Key("server/host", "", str)
SERVER_PORT = Key("server/port", 5432, int)
SERVER_DATABASE = Key("server/database", "affido", str)
SERVER_USER = Key("server/user", "affido", str)
SERVER_SSLMODE = Key("server/sslmode", "verify-full", str)
SERVER_SSLROOTCERT = Key("server/sslrootcert", "", str)


def table_header_key(name: str) -> Key:
    """Column widths, order and sort of one table."""
    return Key(f"tables/{name}/header", QByteArray(), QByteArray)


def splitter_key(name: str) -> Key:
    return Key(f"splitters/{name}", QByteArray(), QByteArray)


class Settings:
    """Typed access to QSettings; tests pass their own file-backed QSettings."""

    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings()

    def get(self, key: Key) -> Any:
        value = self.q.value(key.name, key.default)
        if value is None:
            return key.default
        if key.kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)
        if key.kind is bool and isinstance(value, str):
            return value.lower() == "true"
        try:
            return key.kind(value)
        except (TypeError, ValueError):
            return key.default

    def set(self, key: Key, value: Any) -> None:
        self.q.setValue(key.name, value)

    def sync(self) -> None:
        self.q.sync()
