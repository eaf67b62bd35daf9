"""Reimbursement of a fosterer's expenses (rimborso spese)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from affido_app.db.base import Base, StrEnum, UTCDateTime, Versioned
from affido_app.domain.enums import ExpenseStatus


class ExpenseClaim(Versioned, Base):
    __tablename__ = "expense_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    km: Mapped[Decimal] = mapped_column(Numeric(8, 1), default=Decimal(0), server_default="0")
    #: €/km applied, copied from the settings when the entry is made
    km_rate: Mapped[Decimal] = mapped_column(Numeric(6, 3), default=Decimal(0), server_default="0")
    costs: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0), server_default="0")
    description: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[ExpenseStatus] = mapped_column(
        StrEnum(ExpenseStatus), default=ExpenseStatus.DRAFT, server_default="draft"
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)

    @property
    def total(self) -> Decimal:
        return (self.km * self.km_rate).quantize(Decimal("0.01")) + self.costs
