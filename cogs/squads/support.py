"""What the squad commands share: who counts as a leader, event times, suggestions, and replies that carry
the notices waiting for a leader."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.replies import send_reply
from bot.tree import guild_id_of
from optimizer.squads import Boon, SquadMode, load_boon_catalog
from storage.squads import Squad

if TYPE_CHECKING:
    from bot.client import GW2Bot

MESSAGE_LIMIT = 2000
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})"
_ABSOLUTE = re.compile(rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}})[ t]+{_TIME}")
_RELATIVE = re.compile(rf"(?P<day>[a-z]+)[ ,]+(?:at )?{_TIME}")
TIME_FORMAT_HELP = "YYYY-MM-DD HH:MM (e.g. 2026-12-05 20:30), “tomorrow 20:30” or “friday 20:30”"


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


def parse_event_time(text: str, timezone: str, now: datetime) -> datetime:
    """An aware UTC datetime from what a leader typed, read in `timezone`; `now` resolves “tomorrow”."""
    zone = ZoneInfo(timezone)
    cleaned = " ".join(text.strip().lower().split())
    local_now = now.astimezone(zone)
    day: date | None = None
    match = _ABSOLUTE.fullmatch(cleaned)
    if match:
        try:
            day = datetime.strptime(match["date"], "%Y-%m-%d").date()
        except ValueError:
            day = None
    else:
        match = _RELATIVE.fullmatch(cleaned)
        if match:
            day = _relative_day(match["day"], local_now)
    if match is None or day is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise UserFacingError(f"“{text}” is not a date and time I can read; write {TIME_FORMAT_HELP}.")
    clock = time(int(match["hour"]), int(match["minute"]))
    moment = datetime.combine(day, clock, tzinfo=zone)
    if match.re is _RELATIVE and match["day"] not in ("today", "tomorrow") and moment <= local_now:
        moment += timedelta(days=7)  # “friday 20:30” on a Friday evening means next week
    return moment.astimezone(UTC)


def _relative_day(word: str, local_now: datetime) -> date | None:
    today = local_now.date()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    names = [name for name in _WEEKDAYS if len(word) >= 3 and name.startswith(word)]
    if len(names) != 1:
        return None
    return today + timedelta(days=(_WEEKDAYS.index(names[0]) - today.weekday()) % 7)


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
    if content is not None and len(content) > MESSAGE_LIMIT:
        content = content[: MESSAGE_LIMIT - 1] + "…"
    await send_reply(interaction, content, embed=embed, view=view, ephemeral=True)
