"""The one paginator: pages of embeds, fetched on demand, with previous/next buttons for the requester."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.embeds import fit_embed
from bot.replies import send_reply
from bot.views import OwnedView

PageLoader = Callable[[int], Awaitable[discord.Embed]]


class EmbedPaginator(OwnedView):
    """Shows page `index` of `page_count`; `load(index)` builds a page when it is shown (e.g. one query)."""

    def __init__(
        self, load: PageLoader, page_count: int, *, owner_id: int, timeout: float | None = 600.0
    ) -> None:
        if page_count < 1:
            raise ValueError("a paginator needs at least one page")
        super().__init__(owner_id=owner_id, timeout=timeout)
        self._load = load
        self.page_count = page_count
        self.index = 0
        self._sync_buttons()

    @classmethod
    def from_embeds(cls, pages: list[discord.Embed], *, owner_id: int) -> EmbedPaginator:
        async def load(index: int) -> discord.Embed:
            return pages[index]

        return cls(load, len(pages), owner_id=owner_id)

    async def _page(self) -> discord.Embed:
        embed = await self._load(self.index)
        if self.page_count > 1:
            counter = f"Page {self.index + 1}/{self.page_count}"
            footer = embed.footer.text
            embed.set_footer(text=f"{footer} · {counter}" if footer and counter not in footer else counter)
        return fit_embed(embed)

    def _sync_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= self.page_count - 1

    async def start(self, interaction: discord.Interaction, *, ephemeral: bool = True) -> None:
        """Send the first page; a single page gets no buttons."""
        view = self if self.page_count > 1 else None
        message = await send_reply(interaction, embed=await self._page(), view=view, ephemeral=ephemeral)
        if view is not None:
            self.message = message if message is not None else await interaction.original_response()
        else:
            self.stop()

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(embed=await self._page(), view=self)

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
        self.index = min(self.page_count - 1, self.index + 1)
        await self._show(interaction)
