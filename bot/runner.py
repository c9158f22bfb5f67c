"""Run the bot until Discord disconnects for good or the process is asked to stop (SIGTERM/SIGINT)."""

from __future__ import annotations

import asyncio
import logging
import signal

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.client import create_bot
from bot.settings import Settings

log = logging.getLogger(__name__)


def use_discord_endpoints(settings: Settings) -> None:
    """Point discord.py at a REST or gateway proxy when configured (process-wide, before connecting)."""
    if settings.discord_api_base_url:
        Route.BASE = settings.discord_api_base_url
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


async def run_bot(settings: Settings, token: str) -> None:
    use_discord_endpoints(settings)
    bot = create_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(token), name="discord-client")
            stopper = asyncio.create_task(stop.wait(), name="stop-signal")
            done, _pending = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                log.info("Stop requested: closing the Discord connection and services")
                await bot.close()
            else:
                stopper.cancel()
            await runner
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
