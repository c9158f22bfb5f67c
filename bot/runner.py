"""Run the bot until Discord disconnects for good or the process is asked to stop (SIGTERM/SIGINT).

A stop finishes within about 10 s in every state (connecting, reconnecting, ready): the Discord connection
gets a bounded close, then the task that runs it is cancelled wherever it waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from discord.http import Route

from bot.client import create_bot
from bot.settings import Settings

log = logging.getLogger(__name__)


def use_discord_endpoints(settings: Settings) -> None:
    """Point discord.py's REST calls at a proxy when configured (process-wide, before connecting); the
    gateway URL is the bot's own setting (see `bot.gateway`)."""
    if settings.discord_api_base_url:
        Route.BASE = settings.discord_api_base_url


async def run_bot(settings: Settings, token: str) -> signal.Signals | None:
    """Run until Discord ends the connection for good (None) or a signal asks to stop (that signal)."""
    use_discord_endpoints(settings)
    bot = create_bot(settings)
    received: list[signal.Signals] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def request_stop(sig: signal.Signals) -> None:
        received.append(sig)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, request_stop, sig)
    runner = asyncio.create_task(bot.start(token), name="discord-client")
    stopper = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        done, _pending = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("Stop requested: closing the Discord connection and services")
        await bot.close()
        if stopper in done:
            # Closed on request: whatever the Discord task still waits for (a connection attempt, a reconnect
            # back-off of up to minutes, the setup) has no use any more.
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        else:
            await runner  # it ended by itself: its error, if any, is the command's
    finally:
        stopper.cancel()
        runner.cancel()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return received[0] if received else None
