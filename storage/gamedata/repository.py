"""Game-data snapshots and the game builds seen, in the database (payloads compressed, diffs as JSON)."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from optimizer.gamedata import GameDataDiff
from storage.models.gw2 import GW2GameBuildRow, GW2SnapshotRow

Payloads = dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    id: str
    build_id: int
    language: str
    fetched_at: datetime
    counts: dict[str, int]
    payloads: Payloads | None  # None once pruned


@dataclass(frozen=True, slots=True)
class SeenBuild:
    """A game build the tracker saw; `diff` is what changed from `previous_build_id` (None for the first)."""

    build_id: int
    seen_at: datetime
    snapshot_id: str | None
    previous_build_id: int | None
    diff: GameDataDiff | None


def encode_payloads(build_id: int, language: str, payloads: Payloads) -> tuple[str, bytes]:
    """The snapshot id (build, language and a digest of the content) and the compressed payloads."""
    raw = json.dumps(payloads, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    digest = hashlib.blake2b(raw, digest_size=6).hexdigest()
    return f"{build_id}-{language}-{digest}", zlib.compress(raw, 6)


def decode_payloads(blob: bytes) -> Payloads:
    decoded: Payloads = json.loads(zlib.decompress(blob))
    return decoded


def _snapshot(row: GW2SnapshotRow, payloads: Payloads | None) -> StoredSnapshot:
    return StoredSnapshot(row.id, row.build_id, row.language, row.fetched_at, dict(row.counts), payloads)


def _seen(row: GW2GameBuildRow) -> SeenBuild:
    diff = GameDataDiff.from_json(row.diff) if row.diff is not None else None
    return SeenBuild(row.build_id, row.seen_at, row.snapshot_id, row.previous_build_id, diff)


class SnapshotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        snapshot_id: str,
        *,
        build_id: int,
        language: str,
        fetched_at: datetime,
        counts: dict[str, int],
        payload: bytes,
    ) -> None:
        """Store a snapshot; the same content fetched again only moves its fetch time."""
        row = await self._session.get(GW2SnapshotRow, snapshot_id)
        if row is None:
            row = GW2SnapshotRow(id=snapshot_id, build_id=build_id, language=language)
            self._session.add(row)
        row.fetched_at, row.counts, row.payload = fetched_at, counts, payload
        await self._session.flush()

    async def latest_blob(self, language: str) -> tuple[StoredSnapshot, bytes] | None:
        """The most recent snapshot in `language` that still has its payloads, undecoded."""
        row = await self._session.scalar(
            select(GW2SnapshotRow)
            .where(GW2SnapshotRow.language == language, GW2SnapshotRow.payload.is_not(None))
            .order_by(GW2SnapshotRow.fetched_at.desc())
            .limit(1)
        )
        if row is None or row.payload is None:
            return None
        return _snapshot(row, None), row.payload

    async def get(self, snapshot_id: str) -> StoredSnapshot | None:
        row = await self._session.get(GW2SnapshotRow, snapshot_id)
        if row is None:
            return None
        return _snapshot(row, decode_payloads(row.payload) if row.payload is not None else None)

    async def prune(self, language: str, keep: int) -> int:
        """Drop the payloads of all but the `keep` newest snapshots (their ids and counts stay)."""
        kept = select(GW2SnapshotRow.id).where(GW2SnapshotRow.language == language)
        newest = (
            await self._session.scalars(kept.order_by(GW2SnapshotRow.fetched_at.desc()).limit(keep))
        ).all()
        result = await self._session.execute(
            update(GW2SnapshotRow)
            .where(
                GW2SnapshotRow.language == language,
                GW2SnapshotRow.payload.is_not(None),
                GW2SnapshotRow.id.not_in(newest),
            )
            .values(payload=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class GameBuildRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        build_id: int,
        *,
        seen_at: datetime,
        snapshot_id: str,
        previous_build_id: int | None,
        diff: GameDataDiff | None,
    ) -> SeenBuild:
        """Remember a build the first time it is seen; later refreshes of it only update the snapshot id."""
        row = await self._session.get(GW2GameBuildRow, build_id)
        if row is None:
            row = GW2GameBuildRow(
                build_id=build_id,
                seen_at=seen_at,
                previous_build_id=previous_build_id,
                diff=diff.to_json() if diff is not None else None,
            )
            self._session.add(row)
        row.snapshot_id = snapshot_id
        await self._session.flush()
        return _seen(row)

    async def latest(self) -> SeenBuild | None:
        row = await self._session.scalar(
            select(GW2GameBuildRow).order_by(GW2GameBuildRow.build_id.desc()).limit(1)
        )
        return _seen(row) if row is not None else None

    async def seen(
        self, *, after_time: datetime | None = None, after_build: int | None = None
    ) -> list[SeenBuild]:
        """Game builds seen (oldest first) after a moment and/or a build id, each with its stored diff."""
        query = select(GW2GameBuildRow).order_by(GW2GameBuildRow.seen_at, GW2GameBuildRow.build_id)
        if after_time is not None:
            query = query.where(GW2GameBuildRow.seen_at > after_time)
        if after_build is not None:
            query = query.where(GW2GameBuildRow.build_id > after_build)
        return [_seen(row) for row in await self._session.scalars(query)]
