"""The services shared by cogs, jobs and the command line; created once per process."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from bot.cpu_pool import CpuPool
from bot.logs import register_secret, secret_in_use
from bot.meta import MetaConfig, MetaService
from bot.optimize import OptimizeService
from bot.settings import Settings
from bot.squads import pooled_autofill
from optimizer.gamedata import GameData
from storage.accounts import AccountService
from storage.builds import BuildStore
from storage.db import Database
from storage.gamedata import GameDataService
from storage.gw2api import GW2Client, ResponseCache
from storage.squads import SquadStore

log = logging.getLogger(__name__)

USER_AGENT = "GW2Optimizer/0.1 (+https://github.com/gw2optimizer)"


@dataclass
class Services:
    settings: Settings
    database: Database
    http: httpx.AsyncClient
    pool: CpuPool
    builds: BuildStore
    gw2: GW2Client
    game_data: GameDataService
    squads: SquadStore
    optimizer: OptimizeService
    accounts: AccountService
    meta: MetaService

    @classmethod
    async def start(cls, settings: Settings, *, migrate: bool = True) -> Services:
        database = Database(settings.database_url, schema=settings.database_schema)
        try:
            if migrate:
                await database.upgrade()
        except BaseException:
            await database.dispose()
            raise
        http = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(30.0, connect=10.0)
        )
        gw2 = GW2Client.from_settings(settings, http, cache=ResponseCache(database))
        try:
            game_data = await GameDataService.load(database, gw2)
        except BaseException:
            await http.aclose()
            await database.dispose()
            raise
        pool = CpuPool(settings.worker_processes, max_waiting=settings.cpu_queue_limit)
        optimizer = OptimizeService(pool, time_limit=settings.optimize_time_limit)
        if settings.github_token is not None:
            register_secret(settings.github_token.get_secret_value())
        log.info(
            "Services started (database %s, %d worker processes)", database.dialect, settings.worker_processes
        )
        return cls(
            settings=settings,
            database=database,
            http=http,
            pool=pool,
            builds=BuildStore(database),
            gw2=gw2,
            game_data=game_data,
            squads=SquadStore(database, run_autofill=pooled_autofill(pool)),
            optimizer=optimizer,
            accounts=AccountService.from_settings(
                settings, database, gw2, on_secret=register_secret, key_scope=secret_in_use
            ),
            meta=MetaService(MetaConfig.from_settings(settings), database, http, optimizer),
        )

    def current_gamedata(self) -> GameData:
        """The game-data snapshot every feature reads (stored API data, else the bundled snapshot)."""
        return self.game_data.current

    async def aclose(self) -> None:
        await self.pool.aclose()
        await self.http.aclose()
        await self.database.dispose()
