"""The audit log: append-only and hash-chained (each row's hash covers the previous one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from affido_app.db.base import Base, StrEnum, UTCDateTime, utcnow
from affido_app.domain.enums import AuditAction


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    action: Mapped[AuditAction] = mapped_column(StrEnum(AuditAction))
    #: table name of the record touched, and its id
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    #: the person the record is about, for "who consulted this person"
    elder_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fosterer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: field names changed or read, statuses, counts: never personal data
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)
