"""Saved builds: a chat code with role, boons, optional gear and notes, owned by a member of a guild."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class BuildRow(Base):
    __tablename__ = "builds"
    __table_args__ = (
        # Names are unique per author per guild, compared case-insensitively through name_key.
        UniqueConstraint("guild_id", "author_id", "name_key"),
        Index("ix_builds_guild_visibility", "guild_id", "visibility"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    author_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    chat_code: Mapped[str] = mapped_column(String(1000))
    profession: Mapped[str] = mapped_column(String(32))
    specialization: Mapped[str] = mapped_column(String(48))
    role: Mapped[str] = mapped_column(String(32))
    boons: Mapped[list[str]] = mapped_column(JSON)
    gear: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
