"""/optimize character:<name>: the best gear for a goal next to what the member's character wears."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.errors import UserFacingError
from bot.replies import send_reply
from cogs.accounts import CharacterResultView
from optimizer.accounts import build_from_tab, gear_from_tab
from optimizer.builds import OptimizeRequest, character_scenarios, prepare

if TYPE_CHECKING:
    from bot.client import GW2Bot


async def optimize_character(
    bot: GW2Bot,
    interaction: discord.Interaction[GW2Bot],
    request: OptimizeRequest,
    character: str,
    *,
    public: bool,
) -> None:
    """Search the goal of `request` for the character's profession and weapon type, evaluate the character's
    own gear (active build and equipment tab) the same way, and show the results with what to change."""
    if request.profession or request.specialization or request.build or request.template:
        raise UserFacingError(
            "The character sets the build; leave build, template, profession and specialization out with it."
        )
    # The API can take longer than the 3 s Discord waits for the first answer.
    await interaction.response.defer(ephemeral=not public, thinking=True)
    gamedata = bot.services.current_gamedata()
    tabs = await bot.services.accounts.character_tabs(interaction.user.id, character)
    build = build_from_tab(tabs.build, gamedata)
    gear = gear_from_tab(tabs.equipment, tabs.items, gamedata, fallback_stats=tabs.armory_stats)
    if request.weapon and request.weapon != gear.weapon_type:
        wields = "a two-handed weapon" if gear.weapon_type == "two-handed" else "two one-handed weapons"
        raise UserFacingError(
            f"{tabs.character} wields {wields}; leave the weapon option out to compare with that gear."
        )
    # The character's active build tab: its own traits and skills, its weapons.
    prepared = prepare(replace(request, build=build.chat_code, weapon=gear.weapon_type), gamedata)
    best, current = character_scenarios(prepared.scenario, gear)
    optimizer = bot.services.optimizer
    async with optimizer.reserve(interaction.user.id):
        outcome = await optimizer.search(best, gamedata)
        worn = await optimizer.search(current, gamedata)
    if not outcome.result.results or not worn.result.results:
        raise UserFacingError("No gear meets these limits; loosen them and try again.")
    view = CharacterResultView(
        bot,
        outcome.result,
        owner_id=interaction.user.id,
        title=f"{tabs.character}: {prepared.title}",
        current=worn.result.results[0],
        exotic=gear.exotic_slots,
        prepared=prepared,
    )
    message = await send_reply(interaction, embed=view.embed(), view=view, ephemeral=not public)
    view.message = message if message is not None else await interaction.original_response()
