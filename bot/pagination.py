"""The one paginator: a list of embeds with previous/next buttons for the requester."""

from __future__ import annotations

import discord

from bot.replies import send_reply
from bot.views import OwnedView


class EmbedPaginator(OwnedView):
    def __init__(self, pages: list[discord.Embed], *, owner_id: int, timeout: float | None = 600.0) -> None:
        if not pages:
            raise ValueError("a paginator needs at least one page")
        super().__init__(owner_id=owner_id, timeout=timeout)
        self.pages = pages
        self.index = 0
        if len(pages) > 1:
            for number, page in enumerate(pages, start=1):
                footer = f"Page {number}/{len(pages)}"
                page.set_footer(text=f"{page.footer.text} · {footer}" if page.footer.text else footer)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def start(self, interaction: discord.Interaction, *, ephemeral: bool = True) -> None:
        """Send the first page; a single page gets no buttons."""
        view = self if len(self.pages) > 1 else None
        message = await send_reply(interaction, embed=self.pages[0], view=view, ephemeral=ephemeral)
        if view is not None:
            self.message = message if message is not None else await interaction.original_response()
        else:
            self.stop()

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous_page(
        self, interaction: discord.Interaction, _button: discord.ui.Button[EmbedPaginator]
    ) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next_page(
        self, interaction: discord.Interaction, _button: discord.ui.Button[EmbedPaginator]
    ) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)
