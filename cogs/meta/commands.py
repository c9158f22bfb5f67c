"""/meta list, show and status: the builds of the sources the bot follows, with our check of their gear."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError
from bot.meta.embeds import list_pages, show_embed, status_embed
from bot.pagination import EmbedPaginator
from bot.replies import send_reply
from cogs.meta.buttons import MetaButton, show_view, visible_build
from optimizer.squads import Role
from storage.meta import StoredMetaBuild

if TYPE_CHECKING:
    from bot.client import GW2Bot

ROLE_CHOICES = [app_commands.Choice(name=role.label, value=role.value) for role in Role if not role.is_wvw]


@app_commands.guild_only()
class MetaCog(
    commands.GroupCog, group_name="meta", group_description="Meta builds from the guides guilds follow"
):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(MetaButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(MetaButton)

    def _names(self, interaction: discord.Interaction[GW2Bot]) -> list[str]:
        meta = self.bot.services.meta
        if not meta.enabled:
            raise UserFacingError("This bot follows no meta sources (its META_SOURCES setting is `none`).")
        return meta.names_for(interaction.guild_id)

    async def _build_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        meta = self.bot.services.meta
        builds = await meta.store.builds(meta.names_for(interaction.guild_id), text=current or None, limit=25)
        return [
            app_commands.Choice(
                name=f"{b.build.title} — {b.build.specialization} ({meta.label(b.build.source)})"[:100],
                value=f"#{b.id}",
            )
            for b in builds
        ]

    async def _resolve(self, interaction: discord.Interaction[GW2Bot], reference: str) -> StoredMetaBuild:
        reference = reference.strip()
        if reference.startswith("#") and reference[1:].isdigit():
            return await visible_build(interaction, int(reference[1:]))
        found = await self.bot.services.meta.store.builds(self._names(interaction), text=reference, limit=2)
        exact = [b for b in found if b.build.title.casefold() == reference.casefold()]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]
        if found:
            raise UserFacingError(f"Several meta builds match “{reference}”; pick one from the suggestions.")
        raise UserFacingError(f"No meta build matches “{reference}”. `/meta list` shows them all.")

    @app_commands.command(name="list", description="The meta builds of the sources followed here.")
    @app_commands.describe(profession="Only this profession or elite specialization", role="Only this role")
    @app_commands.choices(role=ROLE_CHOICES)
    async def list_builds(
        self,
        interaction: discord.Interaction[GW2Bot],
        profession: app_commands.Range[str, 1, 40] | None = None,
        role: app_commands.Choice[str] | None = None,
    ) -> None:
        meta = self.bot.services.meta
        builds = await meta.store.builds(
            self._names(interaction), profession=profession, role=Role(role.value) if role else None
        )
        wanted = " · ".join(part for part in (profession, role.name if role else None) if part)
        title = f"Meta builds{f' — {wanted}' if wanted else ''} ({len(builds)})"
        pages = list_pages(builds, meta.label, title)
        if not builds:
            statuses = await meta.store.statuses(self._names(interaction))
            if all(s.status == "never" for s in statuses):
                pages[
                    0
                ].description = "No source has been polled yet; the first poll runs shortly after start."
        if len(pages) == 1:
            await send_reply(interaction, embed=pages[0])
            return
        view = EmbedPaginator.from_embeds(pages, owner_id=interaction.user.id)
        await send_reply(interaction, embed=pages[0], view=view)

    @app_commands.command(
        name="show", description="A meta build: its code, role, the guide's gear and our check."
    )
    @app_commands.describe(build="A meta build (start typing its name)")
    async def show(
        self, interaction: discord.Interaction[GW2Bot], build: app_commands.Range[str, 1, 200]
    ) -> None:
        stored = await self._resolve(interaction, build)
        meta = self.bot.services.meta
        gamedata = self.bot.services.current_gamedata()
        checks = {}
        if meta.checker is not None:
            checks = await meta.checker.stored(stored, gamedata)
            if len(checks) < len(stored.build.variants):
                # Searches run in the worker pool; Discord hears from us first.
                await interaction.response.defer(ephemeral=True, thinking=True)
                checks = {c.variant: c for c in await meta.checker.check(stored, gamedata)}
        embed = show_embed(
            stored,
            checks,
            label=meta.label(stored.build.source),
            history=await meta.store.history(stored.id, limit=3),
        )
        await send_reply(interaction, embed=embed, view=show_view(stored))

    show.autocomplete("build")(_build_autocomplete)

    @app_commands.command(
        name="status", description="Each meta source: last poll, what failed, what was skipped."
    )
    async def status(self, interaction: discord.Interaction[GW2Bot]) -> None:
        meta = self.bot.services.meta
        statuses = await meta.store.statuses(meta.names_for(interaction.guild_id))
        await send_reply(interaction, embed=status_embed(statuses, meta.label, meta.config.poll_minutes))


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(MetaCog(bot))
