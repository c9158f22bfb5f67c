"""Run the bot until Discord disconnects for good or the process is asked to stop (SIGTERM/SIGINT)."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.client import create_bot
from bot.settings import Settings

log = logging.getLogger(__name__)


async def run_bot(settings: Settings, token: str) -> None:
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
