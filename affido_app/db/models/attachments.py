"""Files kept inside the database, so that a backup holds everything."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from affido_app.db.base import Base, Timestamps


class Attachment(Timestamps, Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int | None] = mapped_column(
        ForeignKey("elders.id", ondelete="CASCADE"), index=True
    )
    fosterer_id: Mapped[int | None] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    match_id: Mapped[int | None] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(500))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: loaded only when asked for: lists never pull file contents
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
