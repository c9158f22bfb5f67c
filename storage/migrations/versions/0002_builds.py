"""Saved builds.

Revision ID: 0002_builds
Revises: 0001_guild_settings
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0002_builds"
down_revision: str | None = "0001_guild_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "builds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("chat_code", sa.String(length=1000), nullable=False),
        sa.Column("profession", sa.String(length=32), nullable=False),
        sa.Column("specialization", sa.String(length=48), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("boons", sa.JSON(), nullable=False),
        sa.Column("gear", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_builds")),
        sa.UniqueConstraint(
            "guild_id", "author_id", "name_key", name=op.f("uq_builds_guild_id_author_id_name_key")
        ),
    )
    op.create_index("ix_builds_guild_visibility", "builds", ["guild_id", "visibility"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_builds_guild_visibility", table_name="builds")
    op.drop_table("builds")
