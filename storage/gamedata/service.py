"""The game-data service: the current snapshot every feature reads, its refresh from the API, build tracking.

Start-up needs no network: the newest snapshot stored in the database, else the bundled one. A refresh
fetches every endpoint (conditionally, through the response cache), stores the payloads as a new snapshot
and swaps it in. The build tracker polls `/v2/build`; a new build triggers a refresh, and the diff against
the snapshot it replaces is stored with the build for the announcement feed (`seen_builds`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from optimizer.gamedata import GameData, GameDataDiff, GameDataError, Source
from storage.db import Database, Store, per_call
from storage.gamedata.repository import (
    GameBuildRepository,
    Payloads,
    SeenBuild,
    SnapshotRepository,
    decode_payloads,
    encode_payloads,
)
from storage.gw2api import SYSTEM_CLOCK, Clock, GW2BadAnswer, GW2Client, ResponseCache, fetch_all

log = logging.getLogger(__name__)

ENDPOINTS: dict[str, str] = {
    "professions": "/v2/professions",
    "specializations": "/v2/specializations",
    "traits": "/v2/traits",
    "skills": "/v2/skills",
    "legends": "/v2/legends",
    "pets": "/v2/pets",
    "itemstats": "/v2/itemstats",
}
# /v2/build reported this value from 2021-05 for years while the game moved on; it says nothing.
STUCK_BUILD_ID = 115267
# The current snapshot, the one before it (the diff's other side) and one spare keep their payloads.
SNAPSHOTS_KEPT = 3


@dataclass(frozen=True, slots=True)
class RefreshReport:
    build_id: int
    snapshot_id: str
    counts: dict[str, int]
    seconds: float
    new_build: bool
    diff: GameDataDiff | None  # against the snapshot it replaced, when that was another build


@dataclass(frozen=True, slots=True)
class BuildCheck:
    """What a poll of /v2/build found: the stuck value (ignored), a build we have, or a refresh it caused."""

    reported: int
    outcome: Literal["stuck", "known", "adopted", "refreshed"]
    refresh: RefreshReport | None = None


@dataclass(frozen=True, slots=True)
class DataStatus:
    build_id: int
    source: Source
    language: str
    snapshot_id: str | None
    fetched_at: datetime | None
    age: timedelta | None
    counts: dict[str, int]
    missing: tuple[str, ...]
    cached_responses: int
    last_seen_build: SeenBuild | None


class GameDataService(Store):
    def __init__(
        self,
        database: Database,
        client: GW2Client,
        *,
        current: GameData,
        snapshot_id: str | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(database)
        self._client = client
        self._clock = clock
        self._current = current
        self._snapshot_id = snapshot_id
        self._previous: GameData | None = None
        self._lock = asyncio.Lock()

    @classmethod
    async def load(
        cls, database: Database, client: GW2Client, *, clock: Clock = SYSTEM_CLOCK
    ) -> GameDataService:
        """The service on the newest stored snapshot in the client's language, else on the bundled data."""
        async with database.session() as session:
            found = await SnapshotRepository(session).latest_blob(client.language)
        current, snapshot_id = GameData.bundled(), None
        if found is not None:
            stored, blob = found
            try:
                current = await asyncio.to_thread(
                    _snapshot_from_blob, stored.build_id, stored.fetched_at, blob
                )
                snapshot_id = stored.id
            except (GameDataError, ValueError) as exc:
                log.warning("Stored game data %s is unusable (%s); using the bundled data", stored.id, exc)
        log.info(
            "Game data: build %s from %s (%s)", current.build_id, current.source, snapshot_id or "bundled"
        )
        return cls(database, client, current=current, snapshot_id=snapshot_id, clock=clock)

    # -- what features read ----------------------------------------------------------------------------

    @property
    def current(self) -> GameData:
        return self._current

    @property
    def previous(self) -> GameData | None:
        """The snapshot the last build change replaced (in memory until restart; stored snapshots stay)."""
        return self._previous

    @property
    def snapshot_id(self) -> str | None:
        return self._snapshot_id

    async def load_snapshot(self, snapshot_id: str) -> GameData | None:
        """A stored snapshot by id (None when unknown or its payloads were pruned)."""
        async with self._database.session() as session:
            stored = await SnapshotRepository(session).get(snapshot_id)
        if stored is None or stored.payloads is None:
            return None
        return await asyncio.to_thread(
            _snapshot_from_payloads, stored.build_id, stored.fetched_at, stored.payloads
        )

    # -- refresh and build tracking --------------------------------------------------------------------

    async def refresh(self, *, build_id: int | None = None) -> RefreshReport:
        """Fetch everything from the API, store it as a snapshot and make it current.

        Raises a GW2APIError when the API cannot deliver; the current snapshot then stays. Cached bodies are
        revalidated, never served stale: a refresh must not pass old data off as the new build's.
        """
        async with self._lock:
            return await self._refresh(build_id)

    async def check_build(self) -> BuildCheck:
        """Poll /v2/build; refresh when the build is new, or when the current data is only the bundled one."""
        async with self._lock:
            reported = await self._client.build_id()
            if reported <= STUCK_BUILD_ID:
                log.debug("/v2/build reports the stuck value %d; ignored", reported)
                return BuildCheck(reported, "stuck")
            async with self._database.session() as session:
                latest = await GameBuildRepository(session).latest()
            current = self._current
            if (
                latest is not None
                and reported <= latest.build_id
                and (latest.build_id > current.build_id or current.source == "bundled")
                and await self._adopt(latest)
            ):
                return BuildCheck(reported, "adopted")
            known = max(self._current.build_id, latest.build_id if latest else 0)
            if reported <= known and self._current.source == "api":
                return BuildCheck(reported, "known")
            log.info("Game build %d (had %d from %s): refreshing", reported, known, self._current.source)
            return BuildCheck(reported, "refreshed", await self._refresh(reported))

    async def _adopt(self, seen: SeenBuild) -> bool:
        """Switch to a newer build another process already fetched and stored (several processes share one
        database); False when its snapshot is in another language or its payloads were pruned."""
        if seen.snapshot_id is None:
            return False
        async with self._database.session() as session:
            stored = await SnapshotRepository(session).get(seen.snapshot_id)
        if stored is None or stored.payloads is None or stored.language != self._client.language:
            return False
        snapshot = await asyncio.to_thread(
            _snapshot_from_payloads, stored.build_id, stored.fetched_at, stored.payloads
        )
        self._previous, self._current, self._snapshot_id = self._current, snapshot, stored.id
        log.info(
            "Game data of build %d adopted from the database (stored by another process)", stored.build_id
        )
        return True

    async def _refresh(self, build_id: int | None) -> RefreshReport:
        started = time.perf_counter()
        if build_id is None:
            reported = await self._client.build_id()
            build_id = reported if reported > STUCK_BUILD_ID else self._current.build_id
        payloads = await self._fetch_payloads()
        fetched_at = self._clock.now()
        language = self._client.language
        snapshot_id, blob = await asyncio.to_thread(encode_payloads, build_id, language, payloads)
        try:
            snapshot = await asyncio.to_thread(_snapshot_from_payloads, build_id, fetched_at, payloads)
        except GameDataError as error:
            # Each answer had the shape of its endpoint, but the objects inside do not fit the game data.
            raise GW2BadAnswer(str(error), status=200) from None
        old = self._current
        # Only a later build is a game update; an earlier one means our data (e.g. the bundle) was newer.
        new_build = build_id > old.build_id
        diff = await asyncio.to_thread(old.diff, snapshot) if new_build else None
        async with self._database.session() as session:
            await SnapshotRepository(session).add(
                snapshot_id,
                build_id=build_id,
                language=language,
                fetched_at=fetched_at,
                counts=snapshot.counts(),
                payload=blob,
            )
            await SnapshotRepository(session).prune(language, SNAPSHOTS_KEPT)
            await GameBuildRepository(session).record(
                build_id,
                seen_at=fetched_at,
                snapshot_id=snapshot_id,
                previous_build_id=old.build_id if new_build else None,
                diff=diff,
            )
        if new_build:
            self._previous = old
        self._current, self._snapshot_id = snapshot, snapshot_id
        seconds = time.perf_counter() - started
        log.info("Game data of build %d refreshed in %.1f s: %s", build_id, seconds, snapshot.counts())
        return RefreshReport(build_id, snapshot_id, snapshot.counts(), seconds, new_build, diff)

    async def _fetch_payloads(self) -> Payloads:
        async def one(path: str) -> list[Any]:
            result = await fetch_all(self._client, path, cache="revalidate", allow_stale=False)
            return [dict(item) for item in result.items]

        lists = await asyncio.gather(*(one(path) for path in ENDPOINTS.values()))
        return dict(zip(ENDPOINTS, lists, strict=True))

    # -- status and the announcement feed --------------------------------------------------------------

    async def status(self) -> DataStatus:
        async with self._database.session() as session:
            latest = await GameBuildRepository(session).latest()
        cached = await ResponseCache(self._database).count()
        return _status(
            self._current,
            self._client.language,
            self._snapshot_id,
            self._clock,
            cached_responses=cached,
            last_seen_build=latest,
        )

    seen_builds = per_call(GameBuildRepository, GameBuildRepository.seen)


def bundled_status(language: str, clock: Clock = SYSTEM_CLOCK) -> DataStatus:
    """The status before any database exists: the bundled data, nothing fetched or cached."""
    return _status(GameData.bundled(), language, None, clock, cached_responses=0, last_seen_build=None)


def _status(
    current: GameData,
    language: str,
    snapshot_id: str | None,
    clock: Clock,
    *,
    cached_responses: int,
    last_seen_build: SeenBuild | None,
) -> DataStatus:
    return DataStatus(
        build_id=current.build_id,
        source=current.source,
        language=language,
        snapshot_id=snapshot_id,
        fetched_at=current.fetched_at,
        age=clock.now() - current.fetched_at if current.fetched_at is not None else None,
        counts=current.counts(),
        missing=current.missing(),
        cached_responses=cached_responses,
        last_seen_build=last_seen_build,
    )


def _snapshot_from_payloads(build_id: int, fetched_at: datetime, payloads: Payloads) -> GameData:
    lists = {name: payloads.get(name, []) for name in ENDPOINTS}
    return GameData.from_api_payloads(build_id=build_id, source="api", fetched_at=fetched_at, **lists)


def _snapshot_from_blob(build_id: int, fetched_at: datetime, blob: bytes) -> GameData:
    return _snapshot_from_payloads(build_id, fetched_at, decode_payloads(blob))
