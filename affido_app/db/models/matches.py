"""Matches (abbinamenti): an elder and a fosterer, and the life of the pair."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from affido_app.db.base import Base, StrEnum, Versioned
from affido_app.db.models.people import Elder, Fosterer
from affido_app.domain.enums import MatchStatus, MeetingPlace


class Match(Versioned, Base):
    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id", ondelete="RESTRICT"), index=True)
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[MatchStatus] = mapped_column(StrEnum(MatchStatus), index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(String(40))
    close_sub_reason: Mapped[str | None] = mapped_column(String(200))
    #: agreed days and times (same 21-bit grid as availability)
    schedule: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    meeting_place: Mapped[MeetingPlace | None] = mapped_column(StrEnum(MeetingPlace))
    activities: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: how often the pair should be supervised
    supervision_every_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    #: compatibility score when proposed (0–100), for the record
    proposal_score: Mapped[float | None] = mapped_column(Float)
    goals: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    elder: Mapped[Elder] = relationship()
    fosterer: Mapped[Fosterer] = relationship()

    __table_args__ = (Index("ix_matches_pair", "elder_id", "fosterer_id"),)

    def __repr__(self) -> str:
        return f"<Match id={self.id} status={self.status}>"
