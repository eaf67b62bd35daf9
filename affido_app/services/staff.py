"""Staff accounts (operatori), their roles and passwords (login itself: services/auth.py).

Only administrators manage accounts. The last active administrator can be neither demoted nor
deactivated, by anyone: the database would be left with nobody able to manage it. On an
encrypted database a deactivated account loses its entry in the key file (it can no longer
unlock the database even outside Affido); reactivating it needs a new password
(:func:`affido_app.services.auth.set_password`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from affido_app.db.models import StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.services import auth, people
from affido_app.services import fields as fl
from affido_app.services.audit import audit, changed_fields
from affido_app.services.common import apply, as_dict, check_version, get_or_404
from affido_app.services.context import Actor

K, Fd = fl.Kind, fl.Field

STAFF_FIELDS = fl.specs(
    Fd("username", "Nome utente", K.TEXT, required=True, max_length=64),
    Fd("full_name", "Nome e cognome", K.TEXT, required=True, max_length=160),
    Fd("role", "Ruolo", K.ENUM, enum=Role, required=True),
    Fd("email", "Email", K.EMAIL),
    Fd("phone", "Telefono", K.PHONE),
    Fd("active", "Attivo", K.BOOL, default=True),
)


def check_new_account(username: str, full_name: str) -> None:
    """The checks :func:`create_first_admin` makes on its fields, before any database exists
    (the first-run wizard)."""
    fl.clean({"username": username, "full_name": full_name, "role": Role.ADMIN},
             STAFF_FIELDS, extra_checks=[_username_check])


def create_first_admin(s: Session, username: str, full_name: str, *,
                       password: str | None = None) -> int:
    """The first account of a new database (no actor exists yet). Refused once any exists.
    With ``password`` (checked against the rules) the account can log in."""
    if s.execute(select(func.count()).select_from(StaffUser)).scalar_one():
        raise ValidationError({"username": "Esistono già degli operatori."})
    values = fl.clean({"username": username, "full_name": full_name, "role": Role.ADMIN},
                      STAFF_FIELDS, extra_checks=[_username_check])
    if password is not None:
        auth.check_password_rules(password, values["username"])
    user = StaffUser(**values)
    s.add(user)
    s.flush()
    audit(s, user.id, AuditAction.CREATE, "staff_users", user.id, detail={"role": "admin"})
    if password is not None:
        auth.store_password(s, user, password, must_change=False)
    return user.id


def create_staff(s: Session, actor: Actor, data: Mapping[str, Any], *,
                 password: str | None = None, must_change: bool = True) -> int:
    """A new account; with ``password`` (the initial one, to be changed at the first login
    unless ``must_change`` is False) it can log in."""
    actor.require(Action.CREATE, Resource.STAFF)
    values = fl.clean(data, STAFF_FIELDS, extra_checks=[_username_check])
    if password is not None:
        auth.check_password_rules(password, values["username"])
    _unique_username(s, values["username"], None)
    user = StaffUser(**values)
    s.add(user)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, "staff_users", user.id,
          detail={"role": str(user.role)})
    if password is not None:
        auth.store_password(s, user, password, must_change=must_change)
    return user.id


def update_staff(s: Session, actor: Actor, user_id: int, data: Mapping[str, Any], *,
                 expected_version: int) -> int:
    actor.require(Action.UPDATE, Resource.STAFF)
    user = get_or_404(s, StaffUser, user_id, "L'operatore")
    check_version(user, expected_version, "L'operatore")
    values = fl.clean(data, STAFF_FIELDS, partial=True, extra_checks=[_username_check],
                      current=as_dict(user, STAFF_FIELDS))
    if "username" in values:
        _unique_username(s, values["username"], user.id)
    if user.id == actor.id and (values.get("active") is False
                                or values.get("role", Role.ADMIN) != Role.ADMIN):
        raise ValidationError({"role": "Non è possibile togliere a sé stessi il ruolo di "
                                       "amministratore o disattivare il proprio account."})
    _keep_an_admin(s, user, values)
    old_username, was_active = user.username, user.active
    changed = apply(user, values)
    if changed:
        s.flush()
        audit(s, actor.id, AuditAction.UPDATE, "staff_users", user.id,
              detail=changed_fields(changed))
        if user.username != old_username:
            auth.keyring_user_renamed(s, old_username, user.username)
        if was_active and not user.active:
            auth.keyring_user_removed(s, user.username)
    return user.version


def set_role(s: Session, actor: Actor, user_id: int, role: Role, *,
             expected_version: int) -> int:
    """Change an account's role (administrators only; never the last active administrator)."""
    return update_staff(s, actor, user_id, {"role": role}, expected_version=expected_version)


def set_active(s: Session, actor: Actor, user_id: int, active: bool, *,
               expected_version: int) -> int:
    """Deactivate or reactivate an account (administrators only; never the last active
    administrator). A deactivated account cannot log in; its records and history stay."""
    return update_staff(s, actor, user_id, {"active": active},
                        expected_version=expected_version)


def _keep_an_admin(s: Session, user: StaffUser, values: Mapping[str, Any]) -> None:
    """Refuse to demote or deactivate the last active administrator."""
    if not (user.active and user.role == Role.ADMIN):
        return
    stays_admin = (values.get("active", True) is not False
                   and values.get("role", Role.ADMIN) == Role.ADMIN)
    if stays_admin:
        return
    others = s.scalar(select(func.count()).select_from(StaffUser).where(
        StaffUser.role == Role.ADMIN, StaffUser.active.is_(True), StaffUser.id != user.id))
    if not others:
        field = "active" if values.get("active") is False else "role"
        raise ValidationError({field: (
            "È l'ultimo amministratore attivo: nominare prima un altro amministratore.")})


def list_staff(s: Session, actor: Actor, *, active_only: bool = False,
               role: Role | None = None) -> list[dict]:
    actor.require(Action.READ, Resource.STAFF)
    params: dict[str, Any] = {}
    if role is not None:
        params["role"] = Role(role)
    rows = s.execute(_list_statement(active_only, role is not None), params)
    out = []
    for r in rows:
        item = dict(zip(_LISTED, r, strict=True))
        item["has_password"] = bool(item["has_password"])
        out.append(item)
    return out


#: the columns of a listed account (never the password hash: only whether there is one)
_LISTED = ("id", "version", *STAFF_FIELDS, "has_password", "must_change_password",
           "last_login_at")


@functools.lru_cache(maxsize=4)
def _list_statement(active_only: bool, by_role: bool):
    t = StaffUser.__table__
    cols = people.columns(StaffUser, _LISTED[:-3])
    cols += [t.c.password_hash.is_not(None), t.c.must_change_password, t.c.last_login_at]
    stmt = select(*cols).order_by(t.c.full_name)
    if active_only:
        stmt = stmt.where(t.c.active.is_(True))
    if by_role:
        stmt = stmt.where(t.c.role == bindparam("role"))
    return stmt


def _username_check(rec: dict[str, Any], errors: dict[str, str]) -> None:
    name = rec.get("username")
    if name and "username" not in errors and (
        not name.replace(".", "").replace("_", "").replace("-", "").isalnum() or " " in name
    ):
        errors["username"] = "Usare solo lettere, cifre, punto, trattino e trattino basso."


def _unique_username(s: Session, username: str, own_id: int | None) -> None:
    clash = s.execute(
        select(StaffUser.id).where(func.lower(StaffUser.username) == username.lower(),
                                   StaffUser.id != (own_id or 0))
    ).first()
    if clash:
        raise ValidationError({"username": "Nome utente già in uso."})
