"""Training (formazione): courses made of sessions, enrolment and attendance."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from affido_app.db.base import Base, StrEnum, Timestamps, UTCDateTime, Versioned
from affido_app.domain.enums import AttendanceStatus


class TrainingCourse(Versioned, Base):
    __tablename__ = "training_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    #: completion rule: at least this many core sessions attended (None: every core session)
    required_core_sessions: Mapped[int | None] = mapped_column(Integer)
    #: whether completing this course is required for a fosterer's approval
    required_for_approval: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    notes: Mapped[str | None] = mapped_column(Text)

    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="TrainingSession.starts_at"
    )


class TrainingSession(Versioned, Base):
    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_courses.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(200))
    trainer: Mapped[str | None] = mapped_column(String(160))
    is_core: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    notes: Mapped[str | None] = mapped_column(Text)

    course: Mapped[TrainingCourse] = relationship(back_populates="sessions")


class CourseEnrollment(Timestamps, Base):
    __tablename__ = "course_enrollments"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_courses.id", ondelete="CASCADE"), index=True
    )
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    enrolled_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("course_id", "fosterer_id"),)


class Attendance(Versioned, Base):
    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(StrEnum(AttendanceStatus))
    note: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("session_id", "fosterer_id"),)
