"""The API-key modal, character-name suggestions, and the /optimize result view for a character's gear."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.accounts import gear_changes, status_embed
from bot.embeds import fit_embed, safe_name
from bot.replies import send_reply
from bot.tree import report_interaction_error
from cogs.optimize import ResultView
from optimizer.builds import PreparedRequest
from optimizer.gear import BuildResult, OptimizationResult
from storage.accounts import AccountError

if TYPE_CHECKING:
    from bot.client import GW2Bot

# Discord drops an autocomplete answer after 3 s; a slow API gives no suggestions rather than an error.
SUGGESTION_SECONDS = 2.5
CURRENT_GEAR = "your current gear"


async def character_autocomplete(
    interaction: discord.Interaction[GW2Bot], current: str
) -> list[app_commands.Choice[str]]:
    """The member's own character names (their key only), filtered by what they typed."""
    try:
        names = await asyncio.wait_for(
            interaction.client.services.accounts.character_names(interaction.user.id), SUGGESTION_SECONDS
        )
    except (AccountError, TimeoutError):
        return []
    wanted = current.strip().casefold()
    return [
        app_commands.Choice(name=name[:100], value=name[:100])
        for name in names
        if not wanted or wanted in name.casefold()
    ][:25]


class LinkKeyModal(discord.ui.Modal, title="Link your GW2 account"):
    # The key arrives only here: never as a command option, which Discord shows in the channel's history.
    key: discord.ui.TextInput[LinkKeyModal] = discord.ui.TextInput(
        label="GW2 API key (account, characters, builds)",
        custom_id="api_key",
        placeholder="Create one at account.arena.net/applications",
        min_length=20,
        max_length=1000,
    )

    def __init__(self, bot: GW2Bot) -> None:
        super().__init__()  # a random custom_id: several members may link at once
        self.bot = bot

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        account = await self.bot.services.accounts.link(interaction.user.id, self.key.value)
        await send_reply(
            interaction,
            f"Linked **{safe_name(account.account_name)}**. Your key is stored encrypted "
            "and used only for your own commands.",
            embed=status_embed(account),
        )

    async def on_error(  # type: ignore[override]  # Modal's signature differs from View's
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await report_interaction_error(interaction, error)


class CharacterResultView(ResultView):
    """/optimize results for a character: every result says what to change from the character's gear."""

    def __init__(
        self,
        bot: GW2Bot,
        outcome: OptimizationResult,
        *,
        owner_id: int,
        title: str,
        current: BuildResult,
        exotic: Sequence[str] = (),
        prepared: PreparedRequest | None = None,
    ) -> None:
        super().__init__(
            bot, outcome, owner_id=owner_id, title=title, baseline=(CURRENT_GEAR, current), prepared=prepared
        )
        self.current_gear = current
        self.exotic = tuple(exotic)

    def embed(self) -> discord.Embed:
        embed = super().embed()
        if not (self.comparing and self.index > 0):
            embed.insert_field_at(
                0,
                name="Change from your gear",
                value=gear_changes(self.current_gear, self.current, self.exotic),
                inline=False,
            )
        return fit_embed(embed)
