"""Staff accounts (operatori) and their roles. Passwords and login come with security."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from affido_app.db.models import StaffUser
from affido_app.domain.enums import AuditAction, Role
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
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


def create_first_admin(s: Session, username: str, full_name: str) -> int:
    """The first account of a new database (no actor exists yet). Refused once any exists."""
    if s.execute(select(func.count()).select_from(StaffUser)).scalar_one():
        raise ValidationError({"username": "Esistono già degli operatori."})
    values = fl.clean({"username": username, "full_name": full_name, "role": Role.ADMIN},
                      STAFF_FIELDS, extra_checks=[_username_check])
    user = StaffUser(**values)
    s.add(user)
    s.flush()
    audit(s, user.id, AuditAction.CREATE, "staff_users", user.id, detail={"role": "admin"})
    return user.id


def create_staff(s: Session, actor: Actor, data: Mapping[str, Any]) -> int:
    actor.require(Action.CREATE, Resource.STAFF)
    values = fl.clean(data, STAFF_FIELDS, extra_checks=[_username_check])
    _unique_username(s, values["username"], None)
    user = StaffUser(**values)
    s.add(user)
    s.flush()
    audit(s, actor.id, AuditAction.CREATE, "staff_users", user.id,
          detail={"role": str(user.role)})
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
    changed = apply(user, values)
    if changed:
        s.flush()
        audit(s, actor.id, AuditAction.UPDATE, "staff_users", user.id,
              detail=changed_fields(changed))
    return user.version


def list_staff(s: Session, actor: Actor, *, active_only: bool = False,
               role: Role | None = None) -> list[dict]:
    actor.require(Action.READ, Resource.STAFF)
    stmt = select(StaffUser).order_by(StaffUser.full_name)
    if active_only:
        stmt = stmt.where(StaffUser.active.is_(True))
    if role is not None:
        stmt = stmt.where(StaffUser.role == Role(role))
    return [{"id": u.id, "version": u.version, **as_dict(u, STAFF_FIELDS)}
            for u in s.scalars(stmt)]


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
