"""Interviews (colloqui): fosterer screening and follow-up, elder intake assessment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from affido_app.db.base import Base, StrEnum, UTCDateTime, Versioned
from affido_app.db.models.staff import StaffUser
from affido_app.domain.enums import InterviewKind, InterviewOutcome, Role


class Interview(Versioned, Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int | None] = mapped_column(
        ForeignKey("elders.id", ondelete="CASCADE"), index=True
    )
    fosterer_id: Mapped[int | None] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[InterviewKind] = mapped_column(StrEnum(InterviewKind))
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    # structured sections (domain.enums.INTERVIEW_SECTIONS): confidential notes
    motivation: Mapped[str | None] = mapped_column(Text)
    personal_resources: Mapped[str | None] = mapped_column(Text)
    relational_skills: Mapped[str | None] = mapped_column(Text)
    family_context: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(Text)
    critical_points: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[InterviewOutcome] = mapped_column(
        StrEnum(InterviewOutcome), default=InterviewOutcome.PENDING,
        server_default=InterviewOutcome.PENDING.value,
    )
    recommendation: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    next_date: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    interviewers: Mapped[list[InterviewInterviewer]] = relationship(
        back_populates="interview", cascade="all, delete-orphan",
        order_by="InterviewInterviewer.id",
    )

    __table_args__ = (
        CheckConstraint(
            "(elder_id IS NULL) <> (fosterer_id IS NULL)", name="one_subject"
        ),
    )

    def __repr__(self) -> str:
        return f"<Interview id={self.id} kind={self.kind}>"


class InterviewInterviewer(Base):
    """A staff member who conducted the interview, and whether they signed off its outcome."""

    __tablename__ = "interview_interviewers"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    #: the role in which they took part (a psychologist, a social worker…)
    role: Mapped[Role] = mapped_column(StrEnum(Role))
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    interview: Mapped[Interview] = relationship(back_populates="interviewers")
    staff: Mapped[StaffUser] = relationship()

    __table_args__ = (UniqueConstraint("interview_id", "staff_id"),)
