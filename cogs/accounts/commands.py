"""/account: link a GW2 API key, see its status, unlink it, list characters, import a character's build.

Every answer is ephemeral, and every command reads only the caller's own key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.accounts import character_pages, notes_text, status_embed
from bot.builds import build_embed
from bot.embeds import fit_embed, safe_name
from bot.errors import UserFacingError
from bot.pagination import EmbedPaginator
from bot.replies import send_reply
from bot.tree import guild_id_of
from cogs.accounts.views import LinkKeyModal, character_autocomplete
from cogs.builds.commands import ROLE_CHOICES, VISIBILITY_CHOICES
from optimizer.accounts import build_from_tab, gear_from_tab
from optimizer.squads import Role
from storage.accounts import KEYS_PAGE, to_build_gear
from storage.builds import Visibility

if TYPE_CHECKING:
    from bot.client import GW2Bot


class AccountCog(
    commands.GroupCog,
    group_name="account",
    group_description="Link your GW2 account with an API key, list characters, import their builds",
):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    @app_commands.command(name="link", description="Link your GW2 account with an API key (opens a form).")
    async def link(self, interaction: discord.Interaction[GW2Bot]) -> None:
        if not self.bot.services.accounts.enabled:
            raise UserFacingError(
                "Account linking is not set up on this bot: its operator has to set ACCOUNT_ENCRYPTION_KEY."
            )
        await interaction.response.send_modal(LinkKeyModal(self.bot))

    @app_commands.command(name="status", description="Your linked account: name, permissions, key health.")
    async def status(self, interaction: discord.Interaction[GW2Bot]) -> None:
        account = await self.bot.services.accounts.status(interaction.user.id)
        await send_reply(interaction, embed=status_embed(account))

    @app_commands.command(name="unlink", description="Delete your stored API key at once.")
    async def unlink(self, interaction: discord.Interaction[GW2Bot]) -> None:
        removed = await self.bot.services.accounts.unlink(interaction.user.id)
        if removed is None:
            await send_reply(interaction, "You have no linked GW2 account; nothing was stored.")
            return
        await send_reply(
            interaction,
            f"Unlinked **{safe_name(removed.account_name)}**: the bot no longer has your "
            f"API key. You can also delete the key itself at {KEYS_PAGE}.",
        )

    @app_commands.command(name="characters", description="List your characters with profession and level.")
    async def characters(self, interaction: discord.Interaction[GW2Bot]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        accounts = self.bot.services.accounts
        found = await accounts.characters(interaction.user.id)
        account = await accounts.status(interaction.user.id)
        pages = character_pages(account.account_name, found, self.bot.services.current_gamedata())
        await EmbedPaginator.from_embeds(pages, owner_id=interaction.user.id).start(interaction)

    @app_commands.command(name="import", description="Save a character's build and gear as a build.")
    @app_commands.describe(
        character="One of your characters",
        build_tab="Build tab number (default: the active one)",
        equipment_tab="Equipment tab number (default: the active one)",
        name="Name of the saved build (default: the tab's name or character and specialization)",
        role="What the build does in a squad (default: DPS)",
        visibility="Who can see it (default: only you)",
    )
    @app_commands.choices(role=ROLE_CHOICES, visibility=VISIBILITY_CHOICES)
    @app_commands.autocomplete(character=character_autocomplete)
    async def import_build(
        self,
        interaction: discord.Interaction[GW2Bot],
        character: app_commands.Range[str, 1, 60],
        build_tab: app_commands.Range[int, 1, 8] | None = None,
        equipment_tab: app_commands.Range[int, 1, 8] | None = None,
        name: app_commands.Range[str, 1, 100] | None = None,
        role: app_commands.Choice[str] | None = None,
        visibility: app_commands.Choice[str] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        gamedata = services.current_gamedata()
        tabs = await services.accounts.character_tabs(
            interaction.user.id, character, build_tab=build_tab, equipment_tab=equipment_tab
        )
        imported = build_from_tab(tabs.build, gamedata)
        gear = gear_from_tab(tabs.equipment, tabs.items, gamedata, fallback_stats=tabs.armory_stats)
        source = f"build tab {tabs.build_tab}, equipment tab {tabs.equipment_tab}"
        if tabs.equipment_name:
            source += f" “{tabs.equipment_name}”"
        tab_name = str(tabs.build.get("name") or "").strip()
        build = await services.builds.save(
            gamedata,
            guild_id=guild_id,
            author_id=interaction.user.id,
            name=name or tab_name or f"{tabs.character} {imported.specialization}",
            code=imported.chat_code,
            role=Role(role.value) if role else Role.DPS,
            visibility=Visibility(visibility.value) if visibility else Visibility.PRIVATE,
            notes=f"Imported from {tabs.character} ({source}).",
            gear=to_build_gear(gear),
        )
        embed = build_embed(build, imported.template, gamedata)
        if gear.unknown_slots or imported.notes or gear.notes:
            embed.add_field(
                name="Not imported",
                value=notes_text([*imported.notes, *gear.notes], dict(gear.unknown_slots)),
                inline=False,
            )
        await send_reply(
            interaction,
            f"Imported **{safe_name(build.name)}** from {tabs.character} ({source}).",
            embed=fit_embed(embed),
        )


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(AccountCog(bot))
