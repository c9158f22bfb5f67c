"""Base views: owned by one user, inert after a timeout, errors routed to the tree's policy."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.replies import send_error
from bot.tree import report_interaction_error


class OwnedView(discord.ui.View):
    """Only `owner_id` may press the controls; others get a short ephemeral explanation."""

    def __init__(self, *, owner_id: int, timeout: float | None = 600.0) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await send_error(
            interaction, "These buttons belong to someone else's request; run the command yourself."
        )
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            # The message may be gone; an inert view needs no cleanup then.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_interaction_error(interaction, error)
