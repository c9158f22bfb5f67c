"""The meta builds a process follows: its sources (from the settings), their store, and the gear check.

Public sources (Discretize) are shared by every guild; the guild source gives each guild its own shared
builds (`guild:<id>`). A guild sees the public sources plus its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Final

import httpx

from bot.meta.recompute import MetaChecker
from bot.optimize import OptimizeService
from optimizer.gamedata import GameData
from storage.db import Database
from storage.meta import (
    DiscretizeSource,
    GuideRepository,
    GuildBuildsSource,
    MetaSource,
    MetaStore,
    PollReport,
    guild_of,
    guild_source_name,
    guilds_to_follow,
)

if TYPE_CHECKING:
    from bot.settings import Settings

# A scheduled poll leaves this share of the interval as slack, so a poll a little early is not skipped.
_DUE_SHARE: Final = 0.9


@dataclass(frozen=True, slots=True)
class MetaConfig:
    sources: tuple[str, ...]
    poll_minutes: float
    repository: GuideRepository

    @classmethod
    def from_settings(cls, settings: Settings) -> MetaConfig:
        token = settings.github_token.get_secret_value().strip() if settings.github_token else None
        return cls(
            sources=tuple(settings.meta_sources),
            poll_minutes=settings.meta_poll_minutes,
            repository=GuideRepository(
                repository=settings.meta_discretize_repository,
                branch=settings.meta_discretize_branch,
                api_url=settings.meta_github_api_url,
                raw_url=settings.meta_github_raw_url,
                site_url=settings.meta_discretize_site_url,
                token=token or None,
            ),
        )


class MetaService:
    def __init__(
        self,
        config: MetaConfig,
        database: Database,
        http: httpx.AsyncClient,
        optimizer: OptimizeService | None = None,
    ) -> None:
        self.config = config
        self.store = MetaStore(database)
        self._database = database
        self.public: tuple[MetaSource, ...] = (
            (DiscretizeSource(http, config.repository),) if "discretize" in config.sources else ()
        )
        self.checker = MetaChecker(self.store, optimizer) if optimizer is not None else None

    @property
    def follows_guilds(self) -> bool:
        return "guild" in self.config.sources

    @property
    def enabled(self) -> bool:
        return bool(self.config.sources)

    def names_for(self, guild_id: int | None) -> list[str]:
        """The sources a guild sees: the public ones and, when followed, its own shared builds."""
        names = [source.name for source in self.public]
        if guild_id is not None and self.follows_guilds:
            names.append(guild_source_name(guild_id))
        return names

    def label(self, name: str) -> str:
        if guild_of(name) is not None:
            return GuildBuildsSource.label
        return next((source.label for source in self.public if source.name == name), name)

    async def sources(self, guild_id: int | None = None) -> list[MetaSource]:
        """What a poll covers: the public sources and the guild sources (one guild's, or every guild's)."""
        found: list[MetaSource] = list(self.public)
        if self.follows_guilds:
            guilds = [guild_id] if guild_id is not None else await guilds_to_follow(self._database)
            found += [GuildBuildsSource(self._database, guild) for guild in guilds]
        return found

    async def refresh(
        self, gamedata: GameData, *, force: bool = False, guild_id: int | None = None
    ) -> list[PollReport]:
        """Poll the sources that are due (all of them with `force`, rate limits still respected)."""
        interval = timedelta(minutes=self.config.poll_minutes * _DUE_SHARE) if not force else timedelta(0)
        return await self.store.poll_all(
            await self.sources(guild_id), min_interval=interval, gamedata=gamedata
        )

    async def check_changed(self, reports: Sequence[PollReport], gamedata: GameData) -> int:
        """Check the gear of every build a poll found new or changed."""
        if self.checker is None:
            return 0
        count = 0
        for report in reports:
            keys = {change.key for change in report.changes if change.kind != "removed"}
            if keys:
                builds = [b for b in await self.store.builds([report.source]) if b.build.key in keys]
                count += await self.checker.check_all(builds, gamedata)
        return count
