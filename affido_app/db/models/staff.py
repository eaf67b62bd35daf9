"""Staff users (operatori) and their roles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from affido_app.db.base import Base, StrEnum, Versioned
from affido_app.domain.enums import Role


class StaffUser(Versioned, Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(160))
    role: Mapped[Role] = mapped_column(StrEnum(Role))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    #: argon2id hash (services/auth.py); empty for an account that never got a password
    password_hash: Mapped[str | None] = mapped_column(String(255))
    last_login_at: Mapped[dt.datetime | None]
    #: failed password checks since the last good one, and when the last one happened: the
    #: growing delay before the next attempt is computed from these
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_at: Mapped[dt.datetime | None]
    #: an initial or reset password, chosen by an administrator: to be changed at the next login
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default="0")
    password_changed_at: Mapped[dt.datetime | None]

    def __repr__(self) -> str:  # no personal data
        return f"<StaffUser id={self.id} role={self.role}>"
