"""Consents to data processing (consenso al trattamento dei dati)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from affido_app.db.base import Base, StrEnum, Versioned
from affido_app.domain.enums import ConsentScope


class Consent(Versioned, Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int | None] = mapped_column(
        ForeignKey("elders.id", ondelete="CASCADE"), index=True
    )
    fosterer_id: Mapped[int | None] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[ConsentScope] = mapped_column(StrEnum(ConsentScope))
    given_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("(elder_id IS NULL) <> (fosterer_id IS NULL)", name="one_subject"),
    )

    def active_on(self, day: dt.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)
