"""Each feed's post for a subscription: the data loaded through storage and services, then rendered."""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.announcements.feeds.build_impact import build_impacts, squad_impacts
from bot.announcements.feeds.game_updates import render_game_update
from bot.announcements.feeds.meta_digest import DigestData, render_meta_digest
from bot.announcements.feeds.post import Post
from bot.announcements.feeds.squad_reminders import render_squad_reminder
from bot.announcements.feeds.template_gear import TemplateGearBoard
from bot.meta.digest import SourceChanges, digest_changes
from bot.meta.service import MetaService
from optimizer.builds import stale_modifiers, templates_using
from optimizer.gamedata import GameData
from storage.announcements import AnnouncementStore, FeedSources, Subscription
from storage.gamedata import GameDataService, SeenBuild
from storage.squads import SquadDetails


class FeedRenderer:
    def __init__(
        self,
        store: AnnouncementStore,
        sources: FeedSources,
        game_data: GameDataService,
        templates: TemplateGearBoard,
        meta: MetaService | None = None,
    ) -> None:
        self._store = store
        self._sources = sources
        self._game_data = game_data
        self._templates = templates
        self._meta = meta
        self._snapshot: tuple[str, GameData] | None = None
        self._snapshot_lock = asyncio.Lock()

    async def meta_digest(self, subscription: Subscription, *, now: datetime) -> Post:
        gamedata = self._game_data.current
        previous = await self._store.last_sent(subscription.id)
        seen = (
            await self._game_data.seen_builds(after_time=previous.scheduled_for)
            if previous is not None
            else []
        )
        state = previous.state if previous is not None else None
        meta: list[SourceChanges] = []
        meta_change_id = None
        if self._meta is not None and self._meta.enabled:
            remembered = (state or {}).get("meta_change_id")
            if isinstance(remembered, int):
                meta, meta_change_id = await digest_changes(
                    self._meta, subscription.guild_id, remembered, gamedata
                )
            else:
                # The first digest (or one from before meta sources) starts the history from here.
                meta_change_id = await self._meta.store.last_change_id()
        data = DigestData(
            usages=await self._sources.build_usage(subscription.guild_id),
            templates=await self._templates.current(gamedata),
            game_build=gamedata.build_id,
            builds_seen=seen,
            previous_state=state,
            previous_at=previous.scheduled_for if previous is not None else None,
            meta=meta,
            meta_change_id=meta_change_id,
        )
        return render_meta_digest(data, role_id=subscription.role_id, now=now)

    async def game_update(self, subscription: Subscription, seen: SeenBuild) -> Post:
        if seen.diff is None:
            raise ValueError(f"game build {seen.build_id} has no diff to announce")
        new = await self._data_of(seen)
        previous = self._game_data.previous
        old = previous if previous is not None and previous.build_id == seen.diff.old_build else None
        builds = await self._sources.guild_builds(subscription.guild_id)
        squads = await self._sources.guild_squads(subscription.guild_id)
        diff = seen.diff
        # Decoding every stored build is pure CPU work; keep the event loop answering meanwhile.
        stale = await asyncio.to_thread(stale_modifiers, new)
        templates = await asyncio.to_thread(templates_using, (m.trait_id for m in stale), new)
        impacts = await asyncio.to_thread(build_impacts, builds, diff, new, old, stale)
        by_build = {impact.build.id: impact for impact in impacts}
        squad_list = squad_impacts(squads, by_build, diff)
        return render_game_update(
            diff, impacts, squad_list, role_id=subscription.role_id, stale=stale, templates=templates
        )

    async def _data_of(self, seen: SeenBuild) -> GameData:
        """The game data of the announced build. This process may not have refreshed to it (another process
        saw it first): then its stored snapshot is read, once for all guilds."""
        current = self._game_data.current
        if current.build_id >= seen.build_id or seen.snapshot_id is None:
            return current
        async with self._snapshot_lock:
            if self._snapshot is None or self._snapshot[0] != seen.snapshot_id:
                stored = await self._game_data.load_snapshot(seen.snapshot_id)
                if stored is None:
                    return current
                self._snapshot = (seen.snapshot_id, stored)
            return self._snapshot[1]

    async def seen_builds(self, after_time: datetime) -> list[SeenBuild]:
        return await self._game_data.seen_builds(after_time=after_time)

    async def latest_game_update(self) -> SeenBuild | None:
        """The most recent game build seen with a diff (for previews)."""
        seen = [build for build in await self._game_data.seen_builds() if build.diff is not None]
        return seen[-1] if seen else None

    @staticmethod
    def squad_reminder(subscription: Subscription, details: SquadDetails, *, now: datetime) -> Post:
        return render_squad_reminder(details, role_id=subscription.role_id, now=now)
