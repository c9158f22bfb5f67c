"""Run the `gw2opt` command line in-process, off the event loop, as a test's coroutine."""

from __future__ import annotations

import asyncio

from bot.cli.main import main


async def gw2opt(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))
