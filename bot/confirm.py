"""A yes/no question for the requester; the answer runs a callback once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.views import OwnedView

OnConfirm = Callable[[discord.Interaction], Awaitable[str]]


class ConfirmView(OwnedView):
    """`on_confirm` does the work and returns the text that replaces the question."""

    def __init__(
        self, *, owner_id: int, on_confirm: OnConfirm, confirm_label: str, timeout: float = 120.0
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self._on_confirm = on_confirm
        self.confirm.label = confirm_label

    async def _finish(self, interaction: discord.Interaction, text: str) -> None:
        self.stop()
        await interaction.response.edit_message(content=text, embed=None, view=None)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, _button: discord.ui.Button[ConfirmView]
    ) -> None:
        await self._finish(interaction, await self._on_confirm(interaction))

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button[ConfirmView]) -> None:
        await self._finish(interaction, "Cancelled; nothing changed.")
