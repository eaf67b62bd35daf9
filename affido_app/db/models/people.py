"""Elders (anziani) and fosterers (affidatari), with what belongs to each person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from affido_app.db.base import Base, IntEnumType, StrEnum, Timestamps, Versioned
from affido_app.domain.enums import (
    DocumentKind,
    ElderStatus,
    FostererStatus,
    FragilityLevel,
    LivingSituation,
    NetworkStrength,
    Sex,
)


class PersonMixin:
    """Identity, address and contacts common to elders and fosterers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    sex: Mapped[Sex | None] = mapped_column(StrEnum(Sex, 1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    codice_fiscale: Mapped[str | None] = mapped_column(String(16), unique=True)
    birthplace: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(200))
    comune: Mapped[str | None] = mapped_column(String(80), index=True)
    postal_code: Mapped[str | None] = mapped_column(String(5))
    phone: Mapped[str | None] = mapped_column(String(32))
    mobile: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    #: weekday × time-of-day grid as a 21-bit mask (see domain.availability)
    availability: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    interests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    interests_notes: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    smoker: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    has_pets: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    notes: Mapped[str | None] = mapped_column(Text)
    status_since: Mapped[dt.date] = mapped_column(Date)
    #: planned return date while suspended
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    #: reason of the latest closure / withdrawal (its code; the events keep the history)
    end_reason: Mapped[str | None] = mapped_column(String(40))
    #: normalised text (no accents, lower case) that search indexes: names, cf, phones, comune
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: set when the record is anonymised (GDPR); identity fields are then blanked
    anonymised_at: Mapped[dt.datetime | None]

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


class Elder(PersonMixin, Versioned, Base):
    __tablename__ = "elders"

    status: Mapped[ElderStatus] = mapped_column(StrEnum(ElderStatus), index=True)
    referral_date: Mapped[dt.date] = mapped_column(Date)
    intake_date: Mapped[dt.date | None] = mapped_column(Date)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    referral_source: Mapped[str | None] = mapped_column(String(200))
    gp_name: Mapped[str | None] = mapped_column(String(160))
    gp_phone: Mapped[str | None] = mapped_column(String(32))
    living_situation: Mapped[LivingSituation | None] = mapped_column(StrEnum(LivingSituation))
    family_network: Mapped[NetworkStrength | None] = mapped_column(StrEnum(NetworkStrength))
    family_network_notes: Mapped[str | None] = mapped_column(Text)
    # fragility: health-related, special-category data (reads are audited)
    fragility_relational: Mapped[FragilityLevel] = mapped_column(
        IntEnumType(FragilityLevel), default=FragilityLevel.NONE, server_default="0"
    )
    fragility_relational_notes: Mapped[str | None] = mapped_column(Text)
    fragility_physical: Mapped[FragilityLevel] = mapped_column(
        IntEnumType(FragilityLevel), default=FragilityLevel.NONE, server_default="0"
    )
    fragility_physical_notes: Mapped[str | None] = mapped_column(Text)
    fragility_psychological: Mapped[FragilityLevel] = mapped_column(
        IntEnumType(FragilityLevel), default=FragilityLevel.NONE, server_default="0"
    )
    fragility_psychological_notes: Mapped[str | None] = mapped_column(Text)
    chronic_conditions: Mapped[str | None] = mapped_column(Text)
    mobility_aids: Mapped[str | None] = mapped_column(Text)
    uses_wheelchair: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    in_uvg_care: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    needs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    needs_notes: Mapped[str | None] = mapped_column(Text)
    preferences_notes: Mapped[str | None] = mapped_column(Text)
    allergies: Mapped[str | None] = mapped_column(Text)
    allergic_to_pets: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    accepts_smokers: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    #: prefers to meet at home only (cannot or will not go to the fosterer's home)
    home_visits_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    prefers_sex: Mapped[Sex | None] = mapped_column(StrEnum(Sex, 1))
    max_distance_km: Mapped[int | None] = mapped_column(Integer)

    contacts: Mapped[list[ElderContact]] = relationship(
        back_populates="elder", cascade="all, delete-orphan", order_by="ElderContact.id"
    )

    __table_args__ = (Index("ix_elders_name", "last_name", "first_name"),)

    def __repr__(self) -> str:  # no personal data in logs
        return f"<Elder id={self.id} status={self.status}>"


class ElderContact(Timestamps, Base):
    """A reference person of an elder: relative, neighbour, friend, carer."""

    __tablename__ = "elder_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    relation: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    notes: Mapped[str | None] = mapped_column(Text)

    elder: Mapped[Elder] = relationship(back_populates="contacts")


class Fosterer(PersonMixin, Versioned, Base):
    __tablename__ = "fosterers"

    status: Mapped[FostererStatus] = mapped_column(StrEnum(FostererStatus), index=True)
    application_date: Mapped[dt.date] = mapped_column(Date)
    approval_date: Mapped[dt.date | None] = mapped_column(Date)
    occupation: Mapped[str | None] = mapped_column(String(120))
    motivation: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    skills_notes: Mapped[str | None] = mapped_column(Text)
    has_driving_licence: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    has_car: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    hosts_at_home: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    home_accessible: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    smokers_at_home: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    home_notes: Mapped[str | None] = mapped_column(Text)
    #: how many elders at once
    capacity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    max_distance_km: Mapped[int | None] = mapped_column(Integer)

    household: Mapped[list[HouseholdMember]] = relationship(
        back_populates="fosterer", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )
    documents: Mapped[list[FostererDocument]] = relationship(
        back_populates="fosterer", cascade="all, delete-orphan", order_by="FostererDocument.id"
    )

    __table_args__ = (Index("ix_fosterers_name", "last_name", "first_name"),)

    def __repr__(self) -> str:
        return f"<Fosterer id={self.id} status={self.status}>"


class HouseholdMember(Timestamps, Base):
    """A member of a fosterer's household (nucleo)."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    relation: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    co_fosterer: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    notes: Mapped[str | None] = mapped_column(Text)

    fosterer: Mapped[Fosterer] = relationship(back_populates="household")


class FostererDocument(Versioned, Base):
    """A document on file for a fosterer (criminal record certificate, ID, insurance…)."""

    __tablename__ = "fosterer_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    fosterer_id: Mapped[int] = mapped_column(
        ForeignKey("fosterers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(StrEnum(DocumentKind))
    number: Mapped[str | None] = mapped_column(String(80))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(Text)

    fosterer: Mapped[Fosterer] = relationship(back_populates="documents")

    def is_valid_on(self, day: dt.date) -> bool:
        return self.expires_on is None or self.expires_on >= day
