"""The shared async optimizer: searches run in the worker pool, one per member, cached by scenario."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.cpu_pool import CpuPool, PoolBusyError, WorkerTimeoutError
from bot.errors import UserFacingError
from bot.optimize.jobs import search_job
from optimizer.gamedata import GameData
from optimizer.gear import AffixTable, OptimizationResult, Scenario, affix_table_from_itemstats

log = logging.getLogger(__name__)


class StillWorkingError(UserFacingError):
    pass


class OptimizerBusyError(UserFacingError):
    pass


class SearchTimeoutError(UserFacingError):
    pass


@dataclass(frozen=True, slots=True)
class OptimizeAnswer:
    result: OptimizationResult
    cached: bool


def data_version(gamedata: GameData) -> str:
    """Results depend on the game data they were computed with; this names it in cache keys."""
    return f"{gamedata.build_id}:{gamedata.source}:{gamedata.fetched_at}"


class OptimizeService:
    def __init__(self, pool: CpuPool, *, time_limit: float, cache_size: int = 256) -> None:
        self._pool = pool
        self._time_limit = time_limit
        self._cache_size = cache_size
        self._cache: OrderedDict[str, OptimizationResult] = OrderedDict()
        self._running: set[int] = set()
        self._affixes: tuple[str, AffixTable] | None = None

    def affixes_for(self, gamedata: GameData) -> AffixTable:
        """The affix table of this snapshot's itemstats (a game update that changes them changes results)."""
        version = data_version(gamedata)
        if self._affixes is None or self._affixes[0] != version:
            self._affixes = (version, affix_table_from_itemstats(gamedata.itemstat_payloads()))
        return self._affixes[1]

    def is_cached(self, scenario: Scenario, gamedata: GameData) -> bool:
        return self._key(scenario, gamedata) in self._cache

    @staticmethod
    def _key(scenario: Scenario, gamedata: GameData) -> str:
        return f"{data_version(gamedata)}\n{scenario.model_dump_json()}"

    @asynccontextmanager
    async def reserve(self, user_id: int) -> AsyncIterator[None]:
        """One search at a time per member: a second request while one runs is refused politely."""
        if user_id in self._running:
            raise StillWorkingError("I'm still working on your last optimization; you'll get it in a moment.")
        self._running.add(user_id)
        try:
            yield
        finally:
            self._running.discard(user_id)

    async def search(self, scenario: Scenario, gamedata: GameData) -> OptimizeAnswer:
        """The search; identical scenarios on the same game data are answered from memory."""
        key = self._key(scenario, gamedata)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return OptimizeAnswer(cached, cached=True)
        try:
            result = await self._pool.run(
                search_job, scenario, self.affixes_for(gamedata), time_limit=self._time_limit
            )
        except PoolBusyError:
            raise OptimizerBusyError(
                "The optimizer is busy with other members' searches right now; try again in a moment."
            ) from None
        except WorkerTimeoutError:
            log.warning(
                "A search ran past %s s and was stopped: %s", self._time_limit, scenario.model_dump_json()
            )
            raise SearchTimeoutError(
                f"The search took longer than {self._time_limit:g} s and was stopped. Narrow it down: fewer "
                "affixes, fewer infusion types, or force some slots."
            ) from None
        self._cache[key] = result
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return OptimizeAnswer(result, cached=False)
