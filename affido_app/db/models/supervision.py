"""Supervision (supervisione) of running pairs: sessions and one note per pair discussed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from affido_app.db.base import Base, IntEnumType, StrEnum, UTCDateTime, Versioned
from affido_app.domain.enums import SupervisionKind, WellbeingLevel


class SupervisionSession(Versioned, Base):
    __tablename__ = "supervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SupervisionKind] = mapped_column(StrEnum(SupervisionKind))
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    led_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: confidential free notes of the session
    notes: Mapped[str | None] = mapped_column(Text)
    next_date: Mapped[dt.date | None] = mapped_column(Date)

    participants: Mapped[list[SupervisionParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    pair_notes: Mapped[list[SupervisionNote]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SupervisionNote.id"
    )


class SupervisionParticipant(Base):
    """Who took part: staff members and/or fosterers."""

    __tablename__ = "supervision_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    fosterer_id: Mapped[int | None] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )

    session: Mapped[SupervisionSession] = relationship(back_populates="participants")


class SupervisionNote(Versioned, Base):
    """The note on one pair discussed in a session."""

    __tablename__ = "supervision_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True
    )
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    how_it_goes: Mapped[str | None] = mapped_column(Text)
    elder_wellbeing: Mapped[WellbeingLevel | None] = mapped_column(IntEnumType(WellbeingLevel))
    elder_wellbeing_notes: Mapped[str | None] = mapped_column(Text)
    fosterer_wellbeing: Mapped[WellbeingLevel | None] = mapped_column(IntEnumType(WellbeingLevel))
    fosterer_wellbeing_notes: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    agreed_actions: Mapped[str | None] = mapped_column(Text)
    risk_flag: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0", index=True)
    risk_closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    risk_closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    risk_closing_note: Mapped[str | None] = mapped_column(Text)
    next_date: Mapped[dt.date | None] = mapped_column(Date)

    session: Mapped[SupervisionSession] = relationship(back_populates="pair_notes")

    __table_args__ = (UniqueConstraint("session_id", "match_id"),)
