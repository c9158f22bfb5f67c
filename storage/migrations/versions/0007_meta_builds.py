"""Meta builds: the sources guilds follow, their builds with history, and our checks of the guides' gear.

Revision ID: 0007_meta_builds
Revises: 0006_accounts
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0007_meta_builds"
down_revision: str | None = "0006_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meta_sources",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("cursor", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("polled_at", UTCDateTime(), nullable=True),
        sa.Column("succeeded_at", UTCDateTime(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=True),
        sa.Column("retry_after", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_meta_sources")),
    )
    op.create_table(
        "meta_builds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("profession", sa.String(length=32), nullable=False),
        sa.Column("specialization", sa.String(length=48), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meta_builds")),
        sa.UniqueConstraint("source", "key", name=op.f("uq_meta_builds_source_key")),
    )
    op.create_index("ix_meta_builds_source_removed", "meta_builds", ["source", "removed_at"], unique=False)
    op.create_table(
        "meta_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("profession", sa.String(length=32), nullable=False),
        sa.Column("specialization", sa.String(length=48), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["build_id"],
            ["meta_builds.id"],
            name=op.f("fk_meta_changes_build_id_meta_builds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meta_changes")),
    )
    op.create_index(op.f("ix_meta_changes_build_id"), "meta_changes", ["build_id"], unique=False)
    op.create_index("ix_meta_changes_source_id", "meta_changes", ["source", "id"], unique=False)
    op.create_table(
        "meta_checks",
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["build_id"],
            ["meta_builds.id"],
            name=op.f("fk_meta_checks_build_id_meta_builds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("build_id", "variant", name=op.f("pk_meta_checks")),
    )


def downgrade() -> None:
    op.drop_table("meta_checks")
    op.drop_index("ix_meta_changes_source_id", table_name="meta_changes")
    op.drop_index(op.f("ix_meta_changes_build_id"), table_name="meta_changes")
    op.drop_table("meta_changes")
    op.drop_index("ix_meta_builds_source_removed", table_name="meta_builds")
    op.drop_table("meta_builds")
    op.drop_table("meta_sources")
