"""GW2 API response cache, game-data snapshots and the game builds seen.

Revision ID: 0003_gw2_api
Revises: 0002_builds
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0003_gw2_api"
down_revision: str | None = "0002_builds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gw2_api_responses",
        sa.Column("cache_key", sa.String(length=64), nullable=False),
        sa.Column("endpoint", sa.String(length=200), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("schema_version", sa.String(length=40), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=32), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("cache_key", name=op.f("pk_gw2_api_responses")),
    )
    op.create_index(op.f("ix_gw2_api_responses_endpoint"), "gw2_api_responses", ["endpoint"])
    op.create_table(
        "gw2_data_snapshots",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gw2_data_snapshots")),
    )
    op.create_index(op.f("ix_gw2_data_snapshots_build_id"), "gw2_data_snapshots", ["build_id"])
    op.create_index(
        "ix_gw2_data_snapshots_language_fetched", "gw2_data_snapshots", ["language", "fetched_at"]
    )
    op.create_table(
        "gw2_game_builds",
        sa.Column("build_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.Column("snapshot_id", sa.String(length=48), nullable=True),
        sa.Column("previous_build_id", sa.Integer(), nullable=True),
        sa.Column("diff", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("build_id", name=op.f("pk_gw2_game_builds")),
    )
    op.create_index(op.f("ix_gw2_game_builds_seen_at"), "gw2_game_builds", ["seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_gw2_game_builds_seen_at"), table_name="gw2_game_builds")
    op.drop_table("gw2_game_builds")
    op.drop_index("ix_gw2_data_snapshots_language_fetched", table_name="gw2_data_snapshots")
    op.drop_index(op.f("ix_gw2_data_snapshots_build_id"), table_name="gw2_data_snapshots")
    op.drop_table("gw2_data_snapshots")
    op.drop_index(op.f("ix_gw2_api_responses_endpoint"), table_name="gw2_api_responses")
    op.drop_table("gw2_api_responses")
