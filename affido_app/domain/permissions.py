"""Who may do what: one permission function over a default matrix, denying by default.

``can(role, action, resource)`` answers for a kind of record; record-level rules (confidential
interview and supervision notes are readable by psychologists and by the staff who took part) are
in :func:`can_read_confidential_notes`. Services call :func:`require`, which raises
:class:`~affido_app.errors.PermissionDenied` with an Italian message.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from affido_app.domain.enums import Role
from affido_app.errors import PermissionDenied


class Action(enum.StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CHANGE_STATUS = "change_status"
    #: health, fragility and other special-category fields of a person
    READ_SENSITIVE = "read_sensitive"
    #: approve: a fosterer's suitability, an expense claim
    APPROVE = "approve"
    EXPORT = "export"
    PRINT = "print"


class Resource(enum.StrEnum):
    ELDER = "elder"
    FOSTERER = "fosterer"
    INTERVIEW = "interview"
    TRAINING = "training"
    SUPERVISION = "supervision"
    MATCH = "match"
    EXPENSE = "expense"
    CONSENT = "consent"
    ATTACHMENT = "attachment"
    STAFF = "staff"
    SETTINGS = "settings"
    AUDIT = "audit"


A, R = Action, Resource
_RECORDS = (R.ELDER, R.FOSTERER, R.INTERVIEW, R.TRAINING, R.SUPERVISION, R.MATCH, R.EXPENSE,
            R.CONSENT, R.ATTACHMENT)
_EDIT = (A.READ, A.CREATE, A.UPDATE)


def _grant(
    resources: Iterable[Resource], actions: Iterable[Action]
) -> set[tuple[Action, Resource]]:
    return {(a, r) for r in resources for a in actions}


_READ_ALL = _grant(_RECORDS, (A.READ,))

MATRIX: dict[Role, frozenset[tuple[Action, Resource]]] = {
    Role.ADMIN: frozenset(
        _grant(_RECORDS, (*_EDIT, A.DELETE, A.CHANGE_STATUS, A.EXPORT, A.PRINT))
        | _grant((R.ELDER, R.FOSTERER), (A.READ_SENSITIVE,))
        | _grant((R.FOSTERER, R.EXPENSE), (A.APPROVE,))
        | _grant((R.STAFF, R.SETTINGS), (*_EDIT, A.DELETE))
        | _grant((R.AUDIT,), (A.READ, A.EXPORT, A.PRINT))
    ),
    Role.COORDINATOR: frozenset(
        _grant(_RECORDS, (*_EDIT, A.PRINT, A.EXPORT))
        | _grant((R.ELDER, R.FOSTERER, R.MATCH, R.EXPENSE), (A.CHANGE_STATUS,))
        | _grant((R.ELDER, R.FOSTERER), (A.READ_SENSITIVE,))
        | _grant((R.FOSTERER, R.EXPENSE), (A.APPROVE,))
        | _grant((R.TRAINING, R.SUPERVISION, R.EXPENSE, R.ATTACHMENT, R.CONSENT), (A.DELETE,))
        | _grant((R.STAFF, R.SETTINGS), (A.READ,))
    ),
    Role.PSYCHOLOGIST: frozenset(
        _READ_ALL
        | _grant((R.ELDER, R.FOSTERER, R.INTERVIEW, R.SUPERVISION, R.ATTACHMENT, R.CONSENT),
                 (A.CREATE, A.UPDATE, A.PRINT))
        | _grant((R.ELDER, R.FOSTERER), (A.CHANGE_STATUS, A.READ_SENSITIVE))
        | _grant((R.MATCH, R.TRAINING), (A.PRINT,))
        | _grant((R.STAFF, R.SETTINGS), (A.READ,))
    ),
    Role.SOCIAL_WORKER: frozenset(
        _READ_ALL
        | _grant((R.ELDER, R.FOSTERER, R.INTERVIEW, R.SUPERVISION, R.ATTACHMENT, R.CONSENT),
                 (A.CREATE, A.UPDATE, A.PRINT))
        | _grant((R.ELDER, R.FOSTERER), (A.CHANGE_STATUS, A.READ_SENSITIVE))
        | _grant((R.MATCH, R.TRAINING, R.EXPENSE), (A.PRINT,))
        | _grant((R.EXPENSE,), (A.CREATE, A.UPDATE))
        | _grant((R.STAFF, R.SETTINGS), (A.READ,))
    ),
    Role.READ_ONLY: frozenset(_READ_ALL - {(A.READ, R.ATTACHMENT)} | {(A.READ, R.STAFF)}),
}

_ACTION_WORDS = {
    A.READ: "consultare", A.CREATE: "creare", A.UPDATE: "modificare", A.DELETE: "eliminare",
    A.CHANGE_STATUS: "cambiare lo stato di", A.READ_SENSITIVE: "vedere i dati sanitari di",
    A.APPROVE: "approvare", A.EXPORT: "esportare", A.PRINT: "stampare",
}
_RESOURCE_WORDS = {
    R.ELDER: "anziani", R.FOSTERER: "affidatari", R.INTERVIEW: "colloqui",
    R.TRAINING: "attività di formazione", R.SUPERVISION: "supervisioni", R.MATCH: "abbinamenti",
    R.EXPENSE: "rimborsi spese", R.CONSENT: "consensi", R.ATTACHMENT: "allegati",
    R.STAFF: "operatori", R.SETTINGS: "impostazioni", R.AUDIT: "registro degli accessi",
}


def can(role: Role | str | None, action: Action, resource: Resource) -> bool:
    """The default matrix. Unknown roles, actions or resources are denied."""
    try:
        role = Role(role)
    except ValueError:
        return False
    return (action, resource) in MATRIX.get(role, frozenset())


def require(role: Role | str | None, action: Action, resource: Resource) -> None:
    if not can(role, action, resource):
        raise PermissionDenied(
            f"Il suo profilo non consente di {_ACTION_WORDS[action]} {_RESOURCE_WORDS[resource]}."
        )


def can_read_confidential_notes(
    role: Role | str | None, user_id: int | None, participant_ids: Iterable[int | None]
) -> bool:
    """Interview notes and supervision free notes: psychologists, and the staff who took part."""
    try:
        role = Role(role)
    except ValueError:
        return False
    if role == Role.READ_ONLY:
        return False
    if role == Role.PSYCHOLOGIST:
        return True
    return user_id is not None and user_id in set(participant_ids)
