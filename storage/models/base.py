"""Declarative base with stable constraint names (Alembic needs them to alter tables later)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Mapper

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ValueTooLong(ValueError):
    """A string longer than its column: refused on every backend (SQLite would store it, PostgreSQL not)."""


def _check_lengths(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    for prop in mapper.column_attrs:
        for column in prop.columns:
            length = column.type.length if isinstance(column.type, String) else None
            value = getattr(target, prop.key, None)
            if length is not None and isinstance(value, str) and len(value) > length:
                table = getattr(column.table, "name", mapper.class_.__name__)
                raise ValueTooLong(
                    f"{table}.{column.name} holds at most {length} characters (got {len(value)})"
                )


event.listen(Base, "before_insert", _check_lengths, propagate=True)
event.listen(Base, "before_update", _check_lengths, propagate=True)
