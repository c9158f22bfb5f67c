"""Embeds for builds and decoded chat links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.embeds import (
    COLOUR_INFO,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    clip_lines,
    fit_embed,
    safe_name,
)
from bot.gear_text import infusion_text, slot_group_lines
from optimizer.chatlink import TIERS, BuildTemplate, ItemLink
from optimizer.gamedata import GameData
from optimizer.squads import Boon
from storage.builds import Build, BuildGear, BuildPage, Visibility

if TYPE_CHECKING:
    from bot.client import GW2Bot

_SKILL_SLOTS = ("Heal", "Utility", "Utility", "Utility", "Elite")


def trait_lines(template: BuildTemplate, gamedata: GameData) -> list[str]:
    lines = []
    for line in template.specializations:
        if not line.specialization:
            continue
        spec = gamedata.specializations.get(line.specialization)
        picks = []
        for tier, choice in enumerate(line.traits, start=1):
            trait = gamedata.trait_choice(line.specialization, tier, choice) if choice else None
            picks.append(trait.name if trait else f"{TIERS[tier - 1]}: none")
        name = spec.name if spec else f"Specialization {line.specialization}"
        lines.append(f"**{name}**: " + " · ".join(picks))
    return lines or ["No specializations chosen."]


def skill_text(template: BuildTemplate, gamedata: GameData) -> str:
    bar = template.terrestrial
    palettes = (bar.heal, *bar.utilities, bar.elite)
    if not gamedata.has_skill_names(template.profession):
        ids = ", ".join(str(p) if p else "empty" for p in palettes)
        return f"Palette ids {ids} (skill names need game data from the GW2 API: `gw2opt data refresh`)"
    parts = []
    for slot, palette in zip(_SKILL_SLOTS, palettes, strict=True):
        skill = gamedata.palette_to_skill(template.profession, palette) if palette else None
        parts.append(f"{slot}: {skill.name if skill else (palette or 'empty')}")
    return "\n".join(parts)


def weapons_text(template: BuildTemplate) -> str:
    """The weapons a template lists, each once, with how often a code repeats it (a code may list 255)."""
    names = template.weapon_names
    return ", ".join(
        name if names.count(name) == 1 else f"{name} ×{names.count(name)}" for name in dict.fromkeys(names)
    )


def chat_code_text(code: str) -> str:
    """A chat code in a code block, to copy in one go; codes with many weapons and skill overrides run to
    2,100 characters, so they go in the description, not a field."""
    return f"```{code}```"


def gear_summary(gear: BuildGear) -> str:
    """Slots that share a prefix are shown together: `Armor: Berserker (Helm, Coat); Assassin (Boots)`."""
    lines = [f"**{group}**: {text}" for group, text in slot_group_lines(gear.slots)]
    upgrades = [
        ("Runes", gear.runes),
        ("Sigils", ", ".join(gear.sigils) if gear.sigils else None),
        ("Relic", gear.relic),
        ("Food", gear.food),
        ("Utility", gear.utility),
        ("Infusions", infusion_text(gear.infusions) if any(gear.infusions.values()) else None),
    ]
    lines += [f"**{label}**: {value}" for label, value in upgrades if value]
    return clip_lines(lines, FIELD_VALUE_LIMIT, empty="No gear recorded.")


def boon_text(boons: frozenset[Boon]) -> str:
    return ", ".join(boon.label for boon in Boon if boon in boons) or "none"


def add_template_fields(embed: discord.Embed, template: BuildTemplate, gamedata: GameData) -> None:
    """Traits, skills and weapons of a build template: shared by saved builds and decoded links."""
    embed.add_field(
        name="Traits", value=clip_lines(trait_lines(template, gamedata), FIELD_VALUE_LIMIT), inline=False
    )
    embed.add_field(
        name="Skills",
        value=clip_lines(skill_text(template, gamedata).splitlines(), FIELD_VALUE_LIMIT),
        inline=False,
    )
    if template.weapons:
        embed.add_field(name="Weapons", value=weapons_text(template), inline=False)


def build_choices(builds: Sequence[Build], viewer_id: int) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for builds: name, spec, role and whose it is; the value picks the build by id."""
    choices = []
    for build in builds:
        owner = "yours" if build.author_id == viewer_id else "guild"
        label = f"{build.name} — {build.specialization}, {build.role.label} ({owner})"
        choices.append(app_commands.Choice(name=label[:100], value=f"#{build.id}"))
    return choices


async def build_autocomplete(
    interaction: discord.Interaction[GW2Bot], current: str
) -> list[app_commands.Choice[str]]:
    """The builds this member may use in this server that match what they typed (none for a pasted code)."""
    if interaction.guild_id is None or "[&" in current:
        return []
    builds = await interaction.client.services.builds.suggest(
        interaction.guild_id, interaction.user.id, current
    )
    return build_choices(builds, interaction.user.id)


def build_embed(build: Build, template: BuildTemplate, gamedata: GameData) -> discord.Embed:
    summary = f"**{build.specialization}** ({build.profession}) · {build.role.label}"
    embed = discord.Embed(
        title=safe_name(build.name),
        description=f"{summary}\n{chat_code_text(build.chat_code)}",
        colour=COLOUR_INFO,
        timestamp=build.updated_at,
    )
    add_template_fields(embed, template, gamedata)
    embed.add_field(name="Boons", value=boon_text(build.boons), inline=False)
    if build.gear is not None:
        embed.add_field(name="Gear", value=gear_summary(build.gear), inline=False)
    if build.notes:
        embed.add_field(
            name="Notes", value=clip_lines(build.notes.splitlines(), FIELD_VALUE_LIMIT), inline=False
        )
    shared = "shared with the guild" if build.visibility is Visibility.GUILD else "private"
    embed.add_field(name="Author", value=f"<@{build.author_id}> · {shared}", inline=False)
    embed.set_footer(text=f"Build #{build.id} · updated")
    return fit_embed(embed)


def template_embed(template: BuildTemplate, code: str, gamedata: GameData) -> discord.Embed:
    elite = gamedata.elite_specialization(template.specialization_ids)
    title = f"{elite.name} ({template.profession_name})" if elite else template.profession_name
    legacy = "A legacy (pre-2023) code; this is its current form:\n" if template.legacy else ""
    embed = discord.Embed(title=title, description=legacy + chat_code_text(code), colour=COLOUR_INFO)
    add_template_fields(embed, template, gamedata)
    if template.pets is not None:
        embed.add_field(name="Pets", value=", ".join(str(p) for p in template.pets.terrestrial), inline=False)
    return fit_embed(embed)


def item_embed(item: ItemLink, code: str) -> discord.Embed:
    embed = discord.Embed(title=f"Item {item.item_id}", colour=COLOUR_INFO)
    embed.add_field(name="Quantity", value=str(item.quantity))
    if item.skin is not None:
        embed.add_field(name="Skin", value=str(item.skin))
    upgrades = [str(u) for u in (item.upgrade1, item.upgrade2) if u is not None]
    if upgrades:
        embed.add_field(name="Upgrades", value=", ".join(upgrades))
    embed.description = chat_code_text(code)
    return fit_embed(embed)


def build_list_embed(page: BuildPage, *, title: str) -> discord.Embed:
    embed = discord.Embed(title=title, colour=COLOUR_INFO)
    if not page.builds:
        embed.description = "No builds match. Save one with `/build save`."
        return fit_embed(embed)
    lines = [
        f"**{safe_name(b.name)}** — {b.specialization} · {b.role.label} · <@{b.author_id}>"
        + (" · private" if b.visibility is Visibility.PRIVATE else "")
        for b in page.builds
    ]
    embed.description = clip_lines(lines, DESCRIPTION_LIMIT)
    first, last = page.offset + 1, page.offset + len(page.builds)
    embed.set_footer(text=f"Builds {first}–{last} of {page.total}")
    return fit_embed(embed)
