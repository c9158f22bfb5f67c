"""Squads: a guild's planned group, its seats by subgroup, the members' sign-ups, and notices for leaders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class SquadRow(Base):
    __tablename__ = "squads"
    __table_args__ = (UniqueConstraint("guild_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    leader_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(16))
    event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The post can no longer be edited (channel or message deleted, permission lost).
    post_detached: Mapped[bool] = mapped_column(Boolean, default=False)
    # The post shows outdated content (a change happened that no edit has shown yet).
    post_stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped by every change; the bump is also the first write of a change, so it takes the row lock
    # (PostgreSQL) or the write lock (SQLite) before anything is read, serialising changes per squad.
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SquadSlotRow(Base):
    __tablename__ = "squad_slots"
    __table_args__ = (
        UniqueConstraint("squad_id", "subgroup", "position"),
        # A member sits in one seat at most: the database refuses a second one even under a race.
        UniqueConstraint("squad_id", "member_id"),
        CheckConstraint("position BETWEEN 1 AND 5", name="position_range"),
        CheckConstraint("NOT locked OR member_id IS NOT NULL", name="lock_needs_member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"))
    subgroup: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    # A deleted build leaves the seat with its specialization and role.
    build_id: Mapped[int | None] = mapped_column(ForeignKey("builds.id", ondelete="SET NULL"))
    specialization: Mapped[str | None] = mapped_column(String(48))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class SquadSignupRow(Base):
    __tablename__ = "squad_signups"
    __table_args__ = (UniqueConstraint("squad_id", "member_id"),)

    # The id orders sign-ups: earlier sign-ups are seated first and lead the waitlist.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SquadChoiceRow(Base):
    __tablename__ = "squad_signup_choices"
    __table_args__ = (UniqueConstraint("signup_id", "rank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("squad_signups.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)  # 0 is the member's first choice
    role: Mapped[str] = mapped_column(String(32))
    build_id: Mapped[int | None] = mapped_column(ForeignKey("builds.id", ondelete="SET NULL"))
    specialization: Mapped[str | None] = mapped_column(String(48))


class SquadNoticeRow(Base):
    """Something a leader must hear the next time they use a squad command."""

    __tablename__ = "squad_notices"
    __table_args__ = (Index("ix_squad_notices_recipient", "guild_id", "recipient_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"))
    guild_id: Mapped[int] = mapped_column(BigInteger)
    recipient_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
