"""Squads, their seats, sign-ups with ordered choices, and notices for leaders.

Revision ID: 0004_squads
Revises: 0003_gw2_api
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0004_squads"
down_revision: str | None = "0003_gw2_api"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "squads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("leader_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("event_at", UTCDateTime(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("post_detached", sa.Boolean(), nullable=False),
        sa.Column("post_stale", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squads")),
        sa.UniqueConstraint("guild_id", "name_key", name=op.f("uq_squads_guild_id_name_key")),
    )
    op.create_table(
        "squad_slots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("squad_id", sa.Integer(), nullable=False),
        sa.Column("subgroup", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=True),
        sa.Column("build_id", sa.Integer(), nullable=True),
        sa.Column("specialization", sa.String(length=48), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 5", name=op.f("ck_squad_slots_position_range")),
        sa.CheckConstraint(
            "NOT locked OR member_id IS NOT NULL", name=op.f("ck_squad_slots_lock_needs_member")
        ),
        sa.ForeignKeyConstraint(
            ["build_id"], ["builds.id"], name=op.f("fk_squad_slots_build_id_builds"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["squad_id"], ["squads.id"], name=op.f("fk_squad_slots_squad_id_squads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squad_slots")),
        sa.UniqueConstraint("squad_id", "member_id", name=op.f("uq_squad_slots_squad_id_member_id")),
        sa.UniqueConstraint(
            "squad_id", "subgroup", "position", name=op.f("uq_squad_slots_squad_id_subgroup_position")
        ),
    )
    op.create_table(
        "squad_signups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("squad_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["squad_id"], ["squads.id"], name=op.f("fk_squad_signups_squad_id_squads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squad_signups")),
        sa.UniqueConstraint("squad_id", "member_id", name=op.f("uq_squad_signups_squad_id_member_id")),
    )
    op.create_table(
        "squad_signup_choices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=True),
        sa.Column("specialization", sa.String(length=48), nullable=True),
        sa.ForeignKeyConstraint(
            ["build_id"],
            ["builds.id"],
            name=op.f("fk_squad_signup_choices_build_id_builds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["squad_signups.id"],
            name=op.f("fk_squad_signup_choices_signup_id_squad_signups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squad_signup_choices")),
        sa.UniqueConstraint("signup_id", "rank", name=op.f("uq_squad_signup_choices_signup_id_rank")),
    )
    op.create_table(
        "squad_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("squad_id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["squad_id"], ["squads.id"], name=op.f("fk_squad_notices_squad_id_squads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squad_notices")),
    )
    op.create_index("ix_squad_notices_recipient", "squad_notices", ["guild_id", "recipient_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_squad_notices_recipient", table_name="squad_notices")
    op.drop_table("squad_notices")
    op.drop_table("squad_signup_choices")
    op.drop_table("squad_signups")
    op.drop_table("squad_slots")
    op.drop_table("squads")
