"""Driving squads through the interaction harness: leaders, posts, the sign-up dialog, a bot restart."""

from __future__ import annotations

from typing import Any

import discord

from bot.client import create_bot
from optimizer.squads import Role
from storage.squads import Choice
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_api import SentMessage, _FakeResponse
from tests.harness.payloads import MEMBER_PERMISSIONS, FakeMember
from tests.harness.settings import settings_for

LEADER_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(manage_events=True)


def leader(harness: BotHarness, name: str = "lead") -> FakeMember:
    return harness.new_member(name, LEADER_PERMISSIONS)


async def create(
    harness: BotHarness, lead: FakeMember, name: str = "Raid night", mode: str = "raid", **options: Any
) -> SentMessage:
    return (await harness.slash("squad create", {"name": name, "mode": mode, **options}, user=lead)).message


async def post(harness: BotHarness, lead: FakeMember, squad: str = "Raid night") -> SentMessage:
    """Post the squad in the harness channel; the posted channel message."""
    reply = (await harness.slash("squad post", {"squad": squad}, user=lead)).message
    assert reply.content.startswith(f"Posted **{squad}**"), reply.content
    return harness.api.channel_messages(harness.channel.id)[-1]


def component(message: SentMessage, placeholder: str) -> dict[str, Any]:
    """The select whose placeholder starts with `placeholder`."""
    for row in message.components:
        for item in row.get("components", []):
            if item.get("type") == 3 and str(item.get("placeholder", "")).startswith(placeholder):
                return dict(item)
    found = [item.get("placeholder") for row in message.components for item in row.get("components", [])]
    raise AssertionError(f"no select {placeholder!r} on message {message.id}; components: {found}")


def option_values(select: dict[str, Any]) -> list[str]:
    return [str(option["value"]) for option in select.get("options", [])]


async def open_dialog(harness: BotHarness, posted: SentMessage, member: FakeMember) -> SentMessage:
    dialog = (await harness.click(posted, label="Sign up", user=member)).message
    assert dialog.ephemeral, dialog.content
    return dialog


async def choose(harness: BotHarness, dialog: SentMessage, member: FakeMember, role: str, pick: str) -> None:
    """One choice in the dialog: a role, then a build (`b:<id>`) or spec (`s:<name>`) for it."""
    role_select = component(dialog, "")
    await harness.click(dialog, custom_id=role_select["custom_id"], user=member, values=[role])
    pick_select = component(dialog, "Play it with")
    await harness.click(dialog, custom_id=pick_select["custom_id"], user=member, values=[pick])


async def sign_up(
    harness: BotHarness, posted: SentMessage, member: FakeMember, *choices: tuple[str, str]
) -> str:
    """Sign `member` up through the buttons with (role, pick) choices; the text they read at the end."""
    dialog = await open_dialog(harness, posted, member)
    for role, pick in choices:
        await choose(harness, dialog, member, role, pick)
    await harness.click(dialog, label="Sign up", user=member)
    return dialog.content


async def restart(harness: BotHarness, target: DatabaseTarget) -> None:
    """Stop the bot and start a new one on the same database, Discord state and guild."""
    await harness.bot.close()
    bot = create_bot(settings_for(target))
    await bot.login("fake-token")
    harness.bot = bot
    harness.load_guild(harness.guild)


def not_found() -> Exception:
    return discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})


def forbidden() -> Exception:
    return discord.Forbidden(_FakeResponse(403), {"code": 50001, "message": "Missing Access"})


async def signed_up(
    harness: BotHarness, member: FakeMember, *choices: tuple[str, str], squad_id: int = 1
) -> None:
    """Sign up through the service, for tests whose subject is not the dialog (it is much slower)."""
    wanted = [
        Choice(Role(role), None, pick.removeprefix("s:"))
        if pick.startswith("s:")
        else Choice(Role(role), int(pick[2:]))
        for role, pick in choices
    ]
    await harness.bot.services.squads.signup(
        squad_id, guild_id=harness.guild.id, member_id=member.id, choices=wanted
    )
