"""Status histories: every change of an elder's, fosterer's or match's status is an event.

Events are only ever added: the history is never rewritten (domain.md, Life cycles).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from affido_app.db.base import Base, UTCDateTime, utcnow


class StatusEventMixin:
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the day the change took effect (may be earlier than the day it was recorded)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(40))
    sub_reason: Mapped[str | None] = mapped_column(String(200))
    #: planned return / resume date, for suspensions
    until: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("staff_users.id"))


class ElderEvent(StatusEventMixin, Base):
    __tablename__ = "elder_events"
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id", ondelete="CASCADE"), index=True)


class FostererEvent(StatusEventMixin, Base):
    __tablename__ = "fosterer_events"
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )


class MatchEvent(StatusEventMixin, Base):
    __tablename__ = "match_events"
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
