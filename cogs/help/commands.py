"""/help: every slash command with its options, generated from the command tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError
from bot.help_pages import command_index, help_pages, matching_commands
from bot.pagination import EmbedPaginator

if TYPE_CHECKING:
    from bot.client import GW2Bot


class HelpCog(commands.Cog):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="List every command with its options.")
    @app_commands.describe(command="Show only this command (or command group).")
    async def help(self, interaction: discord.Interaction[GW2Bot], command: str | None = None) -> None:
        entries = command_index(self.bot.tree, interaction.guild)
        if command is not None:
            selected = matching_commands(entries, command)
            if not selected:
                valid = ", ".join(f"/{entry.name}" for entry in entries)
                raise UserFacingError(f"There is no command `{command}`. Commands: {valid}")
            entries = selected
        pages = help_pages(entries, bot_name=self.bot.user.name if self.bot.user else "GW2Optimizer")
        await EmbedPaginator.from_embeds(pages, owner_id=interaction.user.id).start(interaction)

    @help.autocomplete("command")
    async def _command_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        entries = (
            matching_commands(command_index(self.bot.tree, interaction.guild), current)
            if current
            else (command_index(self.bot.tree, interaction.guild))
        )
        return [app_commands.Choice(name=f"/{entry.name}", value=entry.name) for entry in entries[:25]]


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(HelpCog(bot))
