"""Meta builds from the sources guilds follow: each source's poll state, its builds, their history of
changes, and our check of each build's guide gear."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class MetaSourceRow(Base):
    """One source (`discretize`, `guild:<id>`): where its last poll stopped and how it went."""

    __tablename__ = "meta_sources"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    # What the adapter needs for the next conditional poll: ETags, commit, file blob SHAs, ...
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # never | ok | down | format | rate_limited | error
    status: Mapped[str] = mapped_column(String(16), default="never")
    problem: Mapped[str | None] = mapped_column(Text)
    # Files (or entries) skipped at the last poll, each {"origin": ..., "message": ...}.
    problems: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    version: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the source asked us to wait (rate limit); no poll before then.
    retry_after: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetaBuildRow(Base):
    """The current version of a build in its source; `removed_at` is set when the source dropped it."""

    __tablename__ = "meta_builds"
    __table_args__ = (
        UniqueConstraint("source", "key"),
        Index("ix_meta_builds_source_removed", "source", "removed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str] = mapped_column(String(32))
    specialization: Mapped[str] = mapped_column(String(48))
    role: Mapped[str] = mapped_column(String(32))
    code: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[str] = mapped_column(String(80), default="")
    origin: Mapped[str] = mapped_column(String(300), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetaChangeRow(Base):
    """One entry of a build's history: new, changed (with the fields that changed) or removed."""

    __tablename__ = "meta_changes"
    __table_args__ = (Index("ix_meta_changes_source_id", "source", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    build_id: Mapped[int] = mapped_column(ForeignKey("meta_builds.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str] = mapped_column(String(32))
    specialization: Mapped[str] = mapped_column(String(48))
    version: Mapped[str] = mapped_column(String(80), default="")
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MetaCheckRow(Base):
    """Our check of one gear variant of a build; `fingerprint` names the build version, game data and
    engine it was computed with, so a stale check is recomputed rather than shown."""

    __tablename__ = "meta_checks"

    build_id: Mapped[int] = mapped_column(ForeignKey("meta_builds.id", ondelete="CASCADE"), primary_key=True)
    variant: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
