"""The acting user every service call carries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from affido_app.db.models import StaffUser
from affido_app.domain.enums import Role
from affido_app.domain.permissions import Action, Resource, require
from affido_app.errors import NotFound, PermissionDenied


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff user's id and role (plain values, safe across sessions)."""

    id: int
    role: Role
    username: str = ""

    @classmethod
    def of(cls, user: StaffUser) -> Actor:
        return cls(user.id, Role(user.role), user.username)

    def require(self, action: Action, resource: Resource) -> None:
        require(self.role, action, resource)


def load_actor(s: Session, username: str) -> Actor:
    """The active staff user with this username (the login itself comes with security)."""
    user = s.query(StaffUser).filter_by(username=username).one_or_none()
    if user is None:
        raise NotFound(f"Operatore «{username}» non trovato.")
    if not user.active:
        raise PermissionDenied("L'account dell'operatore è disattivato.")
    return Actor.of(user)


def default_actor(s: Session, username: str | None) -> Actor:
    """The user a command acts as: ``username`` (AFFIDO_USER), else the first active
    administrator. Passwords come with security."""
    if username:
        return load_actor(s, username)
    from sqlalchemy import select

    first_admin = s.scalar(
        select(StaffUser.username)
        .where(StaffUser.role == Role.ADMIN, StaffUser.active.is_(True))
        .order_by(StaffUser.id).limit(1)
    )
    if first_admin is None:
        raise NotFound("Nessun amministratore attivo: indicare l'operatore con AFFIDO_USER.")
    return load_actor(s, first_admin)
