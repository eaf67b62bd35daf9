"""Declarative base, naming convention, column types and mixins shared by every model."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class StrEnum(TypeDecorator):
    """Stores a :class:`~affido_app.domain.enums.LabelledEnum` by its code in a VARCHAR.

    No CHECK constraint: adding a value later needs no table rebuild; the type refuses unknown
    values on the way in and on the way out.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[enum.Enum], length: int = 32):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect) -> Any:
        return None if value is None else self.enum_class(value)

    def copy(self, **kw):
        return StrEnum(self.enum_class, self.impl.length)


class IntEnumType(TypeDecorator):
    """Stores an :class:`enum.IntEnum` (levels, ratings) as an integer."""

    impl = Integer
    cache_ok = True

    def __init__(self, enum_class: type[enum.IntEnum]):
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect) -> int | None:
        return None if value is None else int(self.enum_class(value))

    def process_result_value(self, value: int | None, dialect) -> Any:
        return None if value is None else self.enum_class(value)

    def copy(self, **kw):
        return IntEnumType(self.enum_class)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class Timestamps:
    """created/updated timestamps, set by the database clock on insert and by the ORM on update."""

    created_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class Versioned(Timestamps):
    """An editable record: optimistic concurrency through ``version_id_col`` (design.md, 2)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}
