"""DISCORD_GATEWAY_URL (a gateway proxy) is where every gateway connection goes: the auto-sharded first
connection (for which Discord announces its own URL), a fixed shard count, and a resume after a drop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord.http import Route

from bot.client import GW2Bot, create_bot
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_gateway import FakeDiscordServer, closed_port_url, one_guild_server
from tests.harness.settings import settings_for


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscordServer]:
    fake, _member, _guild = one_guild_server("Proxy")
    await fake.start()
    monkeypatch.setattr(Route, "BASE", fake.rest_base)
    # Discord would send the bot elsewhere (its own gateway); nothing listens there.
    fake.announced_gateway = closed_port_url()
    try:
        yield fake
    finally:
        await fake.stop()


async def connected_bot(server: FakeDiscordServer, tmp_path: Path, shard_count: int | None) -> GW2Bot:
    target = DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'proxy.db'}")
    settings = settings_for(target, discord_gateway_url=server.gateway_url, shard_count=shard_count)
    bot = create_bot(settings)
    await bot.login("fake-token")
    return bot


@pytest.mark.parametrize("shard_count", [None, 1], ids=["auto-sharded", "SHARD_COUNT=1"])
async def test_the_first_connection_goes_to_the_configured_gateway(
    server: FakeDiscordServer, tmp_path: Path, shard_count: int | None
) -> None:
    bot = await connected_bot(server, tmp_path, shard_count)
    runner = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), timeout=15)
        assert server.identify is not None
        assert server.identify["shard"] == [0, 1]
    finally:
        await bot.close()
        await asyncio.wait_for(runner, timeout=15)


async def test_a_resume_goes_to_the_configured_gateway_not_the_announced_one(
    server: FakeDiscordServer, tmp_path: Path
) -> None:
    bot = await connected_bot(server, tmp_path, None)
    runner = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), timeout=15)
        await server.drop_connection()
        for _ in range(300):
            if server.resumes:
                break
            await asyncio.sleep(0.05)
        assert server.resumes, "the bot did not resume through the configured gateway"
        assert server.resumes[0]["session_id"] == "session"
    finally:
        await bot.close()
        await asyncio.wait_for(runner, timeout=15)
