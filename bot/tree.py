"""Command tree with the error policy: user errors explained, unexpected ones referenced and logged; and the
server a command runs in (refused, and explained, in direct messages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.errors import describe_user_error, interaction_origin, log_unexpected, unexpected_message
from bot.replies import send_error

if TYPE_CHECKING:
    from bot.client import GW2Bot


def guild_id_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


async def report_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Shared by the command tree and every view: answer the user, log what the user cannot fix."""
    message = describe_user_error(error)
    if message is None:
        message = unexpected_message(log_unexpected(error, where=interaction_origin(interaction)))
    await send_error(interaction, message)


class GW2CommandTree(app_commands.CommandTree["GW2Bot"]):
    async def on_error(
        self, interaction: discord.Interaction[GW2Bot], error: app_commands.AppCommandError
    ) -> None:
        await report_interaction_error(interaction, error)
