"""GW2 API data: the response cache, the game-data snapshots built from it, and the game builds seen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class GW2ResponseRow(Base):
    """One cached API response. `cache_key` digests endpoint, parameters, language, schema and key."""

    __tablename__ = "gw2_api_responses"

    cache_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(200), index=True)
    params: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    schema_version: Mapped[str] = mapped_column(String(40))
    # A digest of the API key for keyed requests (never the key itself); None for public data.
    key_fingerprint: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed JSON
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(64))


class GW2SnapshotRow(Base):
    """The API payloads one game-data snapshot was built from. `payload` is dropped for old snapshots."""

    __tablename__ = "gw2_data_snapshots"
    __table_args__ = (Index("ix_gw2_data_snapshots_language_fetched", "language", "fetched_at"),)

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    build_id: Mapped[int] = mapped_column(Integer, index=True)
    language: Mapped[str] = mapped_column(String(8))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed JSON, by endpoint


class GW2GameBuildRow(Base):
    """A game build seen by the tracker, the snapshot fetched for it, and what changed from the one before."""

    __tablename__ = "gw2_game_builds"

    build_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    snapshot_id: Mapped[str | None] = mapped_column(String(48))
    previous_build_id: Mapped[int | None] = mapped_column(Integer)
    diff: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # GameDataDiff.to_json()
