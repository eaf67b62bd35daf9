"""Drafts of open forms: what a user typed and has not saved yet, kept so that it survives a
crash of the application and is offered back at the next login (services/drafts.py).

The values are personal data like the record they belong to: they live in the (encrypted)
database and nowhere else. ``elder_id`` / ``fosterer_id`` name the people a draft is about, so
that erasing or anonymising a person deletes the drafts about them too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from affido_app.db.base import Base, utcnow


class FormDraft(Base):
    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the owner: nobody else ever sees the draft
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"),
                                         index=True)
    #: the kind of form ("elder", "interview", …): the UI's registry knows how to reopen it
    kind: Mapped[str] = mapped_column(String(40))
    #: the record edited, None for a new record
    record_id: Mapped[int | None] = mapped_column(Integer)
    #: the record's version when the form was opened (a later change is pointed out)
    record_version: Mapped[int | None] = mapped_column(Integer)
    elder_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fosterer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: short Italian description for the list ("Nuova scheda anziano", …)
    description: Mapped[str] = mapped_column(String(200))
    #: what is needed to reopen the form besides the record (the elder of a new interview, …)
    context: Mapped[Any] = mapped_column(JSON, nullable=True)
    #: the form's values (JSON, see services/drafts.py encode_values)
    values: Mapped[Any] = mapped_column(JSON)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # no personal data
        return f"<FormDraft id={self.id} kind={self.kind}>"
