"""What the squad commands share: who counts as a leader, suggestions, and replies that carry the notices
waiting for a leader."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

import discord
from discord import app_commands

from bot.embeds import CONTENT_LIMIT, clip
from bot.errors import UserFacingError
from bot.replies import send_reply
from bot.tree import guild_id_of
from optimizer.squads import Boon, SquadMode, load_boon_catalog
from storage.squads import Squad

if TYPE_CHECKING:
    from bot.client import GW2Bot


async def require_leader(interaction: discord.Interaction[GW2Bot]) -> None:
    """Leaders have Manage Events, or the leader role the server set with `/squad leader-role`."""
    guild_id = guild_id_of(interaction)
    if interaction.permissions.manage_events:
        return
    role_id = await interaction.client.services.squads.leader_role(guild_id)
    member = interaction.user
    if role_id is not None and isinstance(member, discord.Member) and member.get_role(role_id) is not None:
        return
    needed = "the Manage Events permission" + (f" or the <@&{role_id}> role" if role_id is not None else "")
    raise UserFacingError(f"Only squad leaders can change squads: you need {needed}.")


@cache
def _timezone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def timezone_choices(current: str) -> list[app_commands.Choice[str]]:
    wanted = current.strip().casefold().replace(" ", "_")
    names = [name for name in _timezone_names() if wanted in name.casefold()]
    names.sort(key=lambda name: (not name.casefold().startswith(wanted), name))
    return [app_commands.Choice(name=name, value=name) for name in names[:25]]


async def timezone_autocomplete(
    _interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return timezone_choices(current)


def spec_choices(current: str) -> list[app_commands.Choice[str]]:
    wanted = current.strip().casefold()
    entries = [e for e in load_boon_catalog().specializations if wanted in e.name.casefold()]
    return [app_commands.Choice(name=f"{e.name} ({e.profession})", value=e.name) for e in entries[:25]]


def squad_choices(squads: list[Squad]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(
            name=f"{squad.name} — {squad.mode.label}, {squad.status.label}"[:100], value=f"#{squad.id}"
        )
        for squad in squads
    ]


def spec_candidates(mode: SquadMode) -> list[tuple[str, frozenset[Boon]]]:
    """Every (spec as role, boons) the catalog offers for the roles of `mode`, for suggestions."""
    return [
        (f"{entry.name} as {role.short}", boons)
        for entry in load_boon_catalog().specializations
        for role, boons in entry.roles.items()
        if role in mode.roles and boons
    ]


async def reply(
    interaction: discord.Interaction[GW2Bot],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Answer privately, with the notices waiting for this member (a lost post, a deleted build) in front."""
    notices = await interaction.client.services.squads.take_notices(
        guild_id_of(interaction), interaction.user.id
    )
    if notices:
        lines = "\n".join(f"📣 {notice}" for notice in notices)
        content = f"{lines}\n\n{content}" if content else lines
    if content is not None:
        content = clip(content, CONTENT_LIMIT)
    await send_reply(interaction, content, embed=embed, view=view, ephemeral=True)
