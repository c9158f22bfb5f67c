"""Linked GW2 accounts with their encrypted API keys.

Revision ID: 0006_accounts
Revises: 0005_announcements
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0006_accounts"
down_revision: str | None = "0005_announcements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gw2_accounts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("account_name", sa.String(length=64), nullable=False),
        sa.Column("key_token", sa.LargeBinary(), nullable=False),
        sa.Column("key_name", sa.String(length=200), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("key_expires_at", UTCDateTime(), nullable=True),
        sa.Column("linked_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("invalid_count", sa.Integer(), nullable=False),
        sa.Column("first_invalid_at", UTCDateTime(), nullable=True),
        sa.Column("last_invalid_at", UTCDateTime(), nullable=True),
        sa.Column("broken_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_gw2_accounts")),
    )


def downgrade() -> None:
    op.drop_table("gw2_accounts")
