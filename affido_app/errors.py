"""The error hierarchy shared by every layer (design.md, Conventions 3).

Messages are Italian and meant for the people using the application: the UI and the command line
show them as they are. Anything that is not an :class:`AffidoError` is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping


class AffidoError(Exception):
    """Base of every error a user may see."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FieldError(ValueError):
    """Raised by a single-field validator; collected into a :class:`ValidationError`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(AffidoError):
    """One or more fields are invalid: ``errors`` maps field name to an Italian message."""

    def __init__(self, errors: Mapping[str, str], message: str | None = None):
        self.errors = dict(errors)
        if message is None:
            if len(self.errors) == 1:
                message = next(iter(self.errors.values()))
            else:
                message = f"Ci sono {len(self.errors)} campi da correggere."
        super().__init__(message)


class NotFound(AffidoError):
    """The record asked for does not exist (or was removed meanwhile)."""


class Conflict(AffidoError):
    """Someone else changed the record meanwhile, or the operation clashes with existing data."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class PermissionDenied(AffidoError):
    """The acting user may not do this."""


class StorageError(AffidoError):
    """The database cannot be used: missing folder, not a database, disk full, read-only…"""


class SchemaTooNew(StorageError):
    """The database was written by a newer version of Affido: it is refused and left untouched."""
