"""The bot class and the one factory that production and tests both use."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.announcements import AnnouncementRuntime
from bot.gateway import connect_shard, route_gateway, start_shard
from bot.meta import schedule_meta_poll
from bot.scheduler import BotScheduler, schedule_build_poll
from bot.services import Services
from bot.settings import Settings
from bot.tree import GW2CommandTree

log = logging.getLogger(__name__)

# How long close() waits for Discord to confirm the closed socket before it stops regardless: a dead gateway
# never answers, and shutdown has to finish within 15 s (the usual grace before SIGKILL is 10-30 s).
DISCORD_CLOSE_SECONDS = 5.0

EXTENSIONS: tuple[str, ...] = (
    "cogs.help.commands",
    "cogs.builds.commands",
    "cogs.squads.commands",
    "cogs.optimize.commands",
    "cogs.accounts.commands",
    "cogs.announce.commands",
    "cogs.meta.commands",
)


def bot_intents() -> discord.Intents:
    # Slash commands need no privileged intents; guilds gives the channel and role cache.
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


class GW2Bot(commands.AutoShardedBot):
    def __init__(self, settings: Settings, *, sync_dev_guild: bool = True) -> None:
        sharding: dict[str, Any] = {"shard_count": settings.shard_count}
        if settings.shard_ids is not None:
            sharding["shard_ids"] = settings.shard_ids
        # The bot has no voice: discord.py's warnings about the missing voice libraries are noise.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            tree_cls=GW2CommandTree,
            help_command=None,
            **sharding,
            chunk_guilds_at_startup=False,
            max_messages=None,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=True, users=True),
        )
        self.settings = settings
        self.sync_dev_guild = sync_dev_guild
        self._services: Services | None = None
        self.scheduler = BotScheduler()
        self._announcements: AnnouncementRuntime | None = None
        if settings.discord_gateway_url:
            route_gateway(self.http, settings.discord_gateway_url)

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are created in setup_hook; the bot has not logged in yet")
        return self._services

    @property
    def announcements(self) -> AnnouncementRuntime:
        if self._announcements is None:
            raise RuntimeError("announcements start in setup_hook; the bot has not logged in yet")
        return self._announcements

    async def setup_hook(self) -> None:
        self._services = await Services.start(self.settings)
        self.scheduler.start_paused()
        schedule_build_poll(self.scheduler, self._services.game_data, self.settings.gw2_build_poll_minutes)
        schedule_meta_poll(self.scheduler, self._services.meta, self._services.game_data)
        # Elects the process that posts announcements and, there, sets up their jobs (they run once resumed).
        self._announcements = AnnouncementRuntime.for_bot(self)
        await self._announcements.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_dev_guild and self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to development guild %s", len(synced), guild.id)

    async def launch_shard(self, gateway: yarl.URL, shard_id: int, *, initial: bool = False) -> None:
        # discord.py retries by recursion inside its except block, for ever: every log record chains all the
        # earlier tracebacks, and the retries go on after close() ("Session is closed").
        ws = await connect_shard(self, gateway, shard_id, initial=initial)
        if ws is not None:
            start_shard(self, shard_id, ws)

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d guilds (shards %s)", self.user, len(self.guilds), self.shard_ids)
        self.scheduler.resume_once()

    async def close(self) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(super().close()), DISCORD_CLOSE_SECONDS)
        except TimeoutError:
            log.warning(
                "Discord did not confirm the close within %.0f s; stopping anyway", DISCORD_CLOSE_SECONDS
            )
            await self.http.close()
        finally:
            if self._announcements is not None:
                announcements, self._announcements = self._announcements, None
                await announcements.stop()
            await self.scheduler.stop()
            if self._services is not None:
                services, self._services = self._services, None
                await services.aclose()


def create_bot(settings: Settings, *, sync_dev_guild: bool = True) -> GW2Bot:
    return GW2Bot(settings, sync_dev_guild=sync_dev_guild)
