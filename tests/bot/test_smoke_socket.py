"""One end-to-end start over real sockets: IDENTIFY intents, READY, and a /help round trip."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.client import bot_intents, create_bot
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_gateway import one_guild_server
from tests.harness.payloads import BOT_PERMISSIONS, snowflake
from tests.harness.settings import settings_for


async def test_bot_starts_over_sockets_and_answers_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, member, guild = one_guild_server("Smoke")
    await server.start()
    monkeypatch.setattr(Route, "BASE", server.rest_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))

    target = DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'smoke.db'}")
    bot = create_bot(settings_for(target))
    # Log in first: waiting for readiness needs an initialised client, whatever order the event loop runs
    # a freshly created task in (Python 3.12 changed it for asyncio.wait_for).
    await bot.login("fake-token")
    runner = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), timeout=15)
        assert server.identify is not None
        assert server.identify["intents"] == bot_intents().value
        assert not discord.Intents._from_value(server.identify["intents"]).members
        assert not discord.Intents._from_value(server.identify["intents"]).message_content
        assert bot.get_guild(guild.id) is not None

        channel = guild.channels[0]
        await server.send_interaction(
            {
                "id": str(snowflake()),
                "application_id": str(server.application_id),
                "type": 2,
                "token": secrets.token_hex(8),
                "version": 1,
                "data": {"id": str(snowflake()), "name": "help", "type": 1, "options": []},
                "guild_id": str(guild.id),
                "channel_id": str(channel.id),
                "channel": channel.payload(guild.id),
                "member": {**member.payload(), "permissions": str(member.permissions.value)},
                "app_permissions": str(BOT_PERMISSIONS.value),
                "locale": "en-US",
                "guild_locale": "en-US",
                "entitlements": [],
                "authorizing_integration_owners": {},
                "context": 0,
                "attachment_size_limit": 10_000_000,
            }
        )
        callback = await asyncio.wait_for(server.callbacks.get(), timeout=15)
        assert callback["type"] == 4
        assert callback["data"]["flags"] & 64
        embed = callback["data"]["embeds"][0]
        assert embed["title"] == "GW2Optimizer commands"
        assert embed["fields"] and all(field["name"].startswith("/") for field in embed["fields"])
    finally:
        await bot.close()
        await asyncio.wait_for(runner, timeout=15)
        await server.stop()
