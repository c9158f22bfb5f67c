"""Announcements: a channel subscribed to a feed, and the ledger of runs that makes each post happen once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class AnnouncementSubscriptionRow(Base):
    __tablename__ = "announcement_subscriptions"
    __table_args__ = (UniqueConstraint("guild_id", "channel_id", "feed"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    feed: Mapped[str] = mapped_column(String(32))
    # Five-field cron expression in `timezone` for scheduled feeds; None for feeds driven by events.
    schedule: Mapped[str | None] = mapped_column(String(120))
    schedule_kind: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64))
    role_id: Mapped[int | None] = mapped_column(BigInteger)
    lead_minutes: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # What the feed announces starts here: set when subscribing and when resuming.
    active_since: Mapped[datetime] = mapped_column(UTCDateTime)
    # None while active; otherwise why it is paused (by an admin, or Discord refused a post).
    paused_reason: Mapped[str | None] = mapped_column(String(300))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnnouncementRunRow(Base):
    """One post of a subscription for one slot. The unique (subscription, slot) pair is the exactly-once
    guarantee: a run is recorded before anything is sent, and a second record of the same slot fails."""

    __tablename__ = "announcement_runs"
    __table_args__ = (
        UniqueConstraint("subscription_id", "slot"),
        Index("ix_announcement_runs_subscription_scheduled", "subscription_id", "scheduled_for"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("announcement_subscriptions.id", ondelete="CASCADE")
    )
    slot: Mapped[str] = mapped_column(String(80))
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    # A sending run whose lease ran out was abandoned (its process died) and may be taken over.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(300))
    # What the post showed, for the next post of the feed to say what changed since.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
