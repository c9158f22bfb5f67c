"""The helpers every /squad command class shares: finding squads, leader checks, suggestions, answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.squads import squad_embed
from bot.tree import guild_id_of
from cogs.squads.posts import SquadPoster
from cogs.squads.support import (
    reply,
    require_leader,
    spec_choices,
    squad_choices,
)
from storage.squads import Squad, SquadDetails
from storage.timezones import check_timezone

if TYPE_CHECKING:
    from bot.client import GW2Bot


class SquadCommandBase:
    """Mixed into the squad cog (and its seat commands); `bot` is set by the cog."""

    bot: GW2Bot

    @property
    def poster(self) -> SquadPoster:
        return SquadPoster(self.bot)

    # -- helpers --------------------------------------------------------------------------------------
    async def _squad(self, interaction: discord.Interaction[GW2Bot], reference: str) -> Squad:
        return await self.bot.services.squads.resolve(reference, guild_id=guild_id_of(interaction))

    async def _leader_squad(self, interaction: discord.Interaction[GW2Bot], reference: str) -> Squad:
        await require_leader(interaction)
        return await self._squad(interaction, reference)

    async def _timezone(self, interaction: discord.Interaction[GW2Bot], timezone: str | None) -> str:
        if timezone is not None:
            return check_timezone(timezone)
        return await self.bot.services.squads.default_timezone(guild_id_of(interaction))

    async def _squad_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        return squad_choices(await self.bot.services.squads.suggest(interaction.guild_id, current))

    async def _spec_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        return spec_choices(current)

    async def _show_changed(
        self, interaction: discord.Interaction[GW2Bot], details: SquadDetails, text: str
    ) -> None:
        await reply(interaction, text, embed=squad_embed(details))
        await self.poster.refresh(details.squad.id, details.squad.guild_id)
