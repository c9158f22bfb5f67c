"""Embeds for linked accounts: the link's status, the character list, an import's notes, and what a
character should change to reach an /optimize result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.embeds import (
    COLOUR_ERROR,
    COLOUR_INFO,
    COLOUR_SUCCESS,
    COLOUR_WARNING,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    clip_lines,
    fit_embed,
    safe_name,
)
from bot.gear_text import infusion_text
from bot.optimize import extras_text
from optimizer import count
from optimizer.gamedata import GameData
from optimizer.gear import SLOTS, BuildResult
from storage.accounts import REQUIRED_PERMISSIONS, CharacterSummary, LinkedAccount

CHARACTERS_PER_PAGE = 10


def _stamp(moment: datetime | None, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>" if moment is not None else "never"


def status_embed(account: LinkedAccount) -> discord.Embed:
    if account.broken:
        colour, state = (
            COLOUR_ERROR,
            (
                f"**Broken**: refused as invalid {count(account.invalid_count, 'time')} since "
                f"{_stamp(account.first_invalid_at, 'f')}. Link a new key with /account link."
            ),
        )
    elif account.invalid_count:
        colour, state = (
            COLOUR_WARNING,
            (
                f"Refused as invalid {count(account.invalid_count, 'time')} "
                f"since {_stamp(account.first_invalid_at, 'f')} (the API sometimes says so by mistake)."
            ),
        )
    else:
        colour, state = COLOUR_SUCCESS, "Working."
    embed = discord.Embed(
        title=f"GW2 account {safe_name(account.account_name)}",
        colour=colour,
    )
    embed.add_field(name="API key", value=state, inline=False)
    if account.key_name:
        embed.add_field(name="Key name", value=safe_name(account.key_name, 256))
    needed = [p for p in account.permissions if p in REQUIRED_PERMISSIONS]
    others = [p for p in account.permissions if p not in REQUIRED_PERMISSIONS]
    permissions = ", ".join(f"**{p}**" for p in needed) + (f", {', '.join(others)}" if others else "")
    embed.add_field(name="Permissions", value=permissions or "none", inline=False)
    embed.add_field(name="Linked", value=_stamp(account.linked_at))
    embed.add_field(name="Last successful use", value=_stamp(account.last_used_at))
    if account.key_expires_at is not None:
        embed.add_field(name="Key expires", value=_stamp(account.key_expires_at))
    embed.set_footer(text="Only you see this. /account unlink deletes the key at once.")
    return fit_embed(embed)


def character_line(character: CharacterSummary, gamedata: GameData) -> str:
    elite = gamedata.specializations.get(character.elite_id) if character.elite_id else None
    spec = (
        f"{elite.name} ({character.profession})"
        if elite is not None and elite.elite
        else character.profession
    )
    tabs = f"{count(character.build_tabs, 'build tab')}, {count(character.equipment_tabs, 'equipment tab')}"
    return f"**{safe_name(character.name)}** — {spec}, level {character.level} · {tabs}"


def character_pages(
    account_name: str, characters: Sequence[CharacterSummary], gamedata: GameData
) -> list[discord.Embed]:
    title = f"Characters of {safe_name(account_name)}"
    if not characters:
        empty = discord.Embed(title=title, description="This account has no characters.", colour=COLOUR_INFO)
        return [fit_embed(empty)]
    pages = []
    for start in range(0, len(characters), CHARACTERS_PER_PAGE):
        chunk = characters[start : start + CHARACTERS_PER_PAGE]
        embed = discord.Embed(
            title=title,
            description=clip_lines([character_line(c, gamedata) for c in chunk], DESCRIPTION_LIMIT),
            colour=COLOUR_INFO,
        )
        embed.set_footer(text=f"{count(len(characters), 'character')} · /account import saves one's build")
        pages.append(fit_embed(embed))
    return pages


def notes_text(notes: Sequence[str], unknown_slots: dict[str, str]) -> str:
    lines = [f"• {slot}: {reason}" for slot, reason in unknown_slots.items()]
    lines += [f"• {note}" for note in notes]
    return clip_lines(lines, FIELD_VALUE_LIMIT)


def gear_changes(current: BuildResult, result: BuildResult, exotic: Sequence[str] = ()) -> str:
    """What to change from the character's gear (`current`, with `exotic` pieces) to reach `result`."""
    lines = [
        f"{slot}: {current.gear[slot]} → **{result.gear[slot]}**"
        for slot in SLOTS
        if slot in result.gear and current.gear.get(slot) != result.gear[slot]
    ]
    if exotic:
        lines.append(f"Exotic → **ascended**: {', '.join(exotic)}")
    if current.infusions != result.infusions:
        lines.append(f"Infusions: {infusion_text(current.infusions)} → **{infusion_text(result.infusions)}**")
    for kind in sorted(set(current.extras) | set(result.extras)):
        before, after = (extras_text({kind: e.get(kind) or "—"}) for e in (current.extras, result.extras))
        if before != after:
            lines.append(f"{before} → {after.split(': ', 1)[1]}")
    return clip_lines(lines, FIELD_VALUE_LIMIT, empty="Nothing: your gear already is this result.")
