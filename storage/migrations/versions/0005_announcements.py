"""Announcement subscriptions and the ledger of their runs.

Revision ID: 0005_announcements
Revises: 0004_squads
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0005_announcements"
down_revision: str | None = "0004_squads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "announcement_subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("feed", sa.String(length=32), nullable=False),
        sa.Column("schedule", sa.String(length=120), nullable=True),
        sa.Column("schedule_kind", sa.String(length=16), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("role_id", sa.BigInteger(), nullable=True),
        sa.Column("lead_minutes", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("active_since", UTCDateTime(), nullable=False),
        sa.Column("paused_reason", sa.String(length=300), nullable=True),
        sa.Column("paused_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_subscriptions")),
        sa.UniqueConstraint(
            "guild_id",
            "channel_id",
            "feed",
            name=op.f("uq_announcement_subscriptions_guild_id_channel_id_feed"),
        ),
    )
    op.create_index(
        op.f("ix_announcement_subscriptions_guild_id"),
        "announcement_subscriptions",
        ["guild_id"],
        unique=False,
    )
    op.create_table(
        "announcement_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=80), nullable=False),
        sa.Column("scheduled_for", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["announcement_subscriptions.id"],
            name=op.f("fk_announcement_runs_subscription_id_announcement_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_runs")),
        sa.UniqueConstraint(
            "subscription_id", "slot", name=op.f("uq_announcement_runs_subscription_id_slot")
        ),
    )
    op.create_index(
        "ix_announcement_runs_subscription_scheduled",
        "announcement_runs",
        ["subscription_id", "scheduled_for"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_announcement_runs_subscription_scheduled", table_name="announcement_runs")
    op.drop_table("announcement_runs")
    op.drop_index(op.f("ix_announcement_subscriptions_guild_id"), table_name="announcement_subscriptions")
    op.drop_table("announcement_subscriptions")
