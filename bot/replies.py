"""The one way to answer an interaction: first response, or follow-up once answered or deferred."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)


async def send_reply(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = True,
) -> discord.Message | None:
    """Send `content`/embeds; returns the message when it was sent as a follow-up."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if embeds is not None:
        kwargs["embeds"] = embeds
    if view is not None:
        kwargs["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(**kwargs)
        return None
    try:
        return await interaction.followup.send(wait=True, **kwargs)
    except discord.NotFound:
        # The interaction token expired (15 min); nothing can reach the user through it any more.
        log.warning("Could not reply to an expired interaction %s", interaction.id)
        return None


async def send_error(interaction: discord.Interaction, message: str) -> None:
    """Errors are always ephemeral, and must never raise themselves."""
    try:
        await send_reply(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.exception("Could not deliver an error message for interaction %s", interaction.id)
