"""/build: save, show, list, edit, delete, share and decode builds; the "Decode build link" menu."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.builds import build_autocomplete, build_embed, build_list_embed, item_embed, template_embed
from bot.confirm import ConfirmView
from bot.embeds import fit_embed, safe_name
from bot.errors import UserFacingError
from bot.pagination import EmbedPaginator
from bot.replies import send_reply
from bot.tree import guild_id_of
from optimizer.chatlink import (
    BuildTemplate,
    ChatLinkError,
    decode,
    decode_build,
    encode,
    find_chat_links,
)
from optimizer.squads import Role, parse_boons
from storage.builds import PAGE_SIZE, Build, BuildFilter, Visibility

if TYPE_CHECKING:
    from bot.client import GW2Bot

ROLE_CHOICES = [app_commands.Choice(name=role.label, value=role.value) for role in Role]
VISIBILITY_CHOICES = [
    app_commands.Choice(name="Private (only you)", value=Visibility.PRIVATE.value),
    app_commands.Choice(name="Guild (every member of this server)", value=Visibility.GUILD.value),
]
SCOPE_CHOICES = [
    app_commands.Choice(name="Mine", value="mine"),
    app_commands.Choice(name="Guild", value="guild"),
]


def _can_manage_guild(interaction: discord.Interaction) -> bool:
    return interaction.permissions.manage_guild


@app_commands.guild_only()
@app_commands.allowed_installs(guilds=True, users=False)
class BuildsCog(commands.GroupCog, group_name="build", group_description="Save, share and manage builds"):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot
        self.decode_menu = app_commands.ContextMenu(name="Decode build link", callback=self._decode_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.decode_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.decode_menu.name, type=self.decode_menu.type)

    def _embed(self, build: Build) -> discord.Embed:
        gamedata = self.bot.services.current_gamedata()
        return build_embed(build, decode_build(build.chat_code), gamedata)

    # -- commands -------------------------------------------------------------------------------------
    @app_commands.command(name="save", description="Save a build from its chat code.")
    @app_commands.describe(
        code="The build template chat link, e.g. [&DQ...]",
        name="A name for the build (unique among your builds here)",
        role="What the build does in a squad",
        visibility="Who can see it (default: only you)",
        boons="Boons it provides, comma separated (default: from the specialization and role)",
        notes="Anything worth knowing (rotation hints, gear notes)",
    )
    @app_commands.choices(role=ROLE_CHOICES, visibility=VISIBILITY_CHOICES)
    async def save(
        self,
        interaction: discord.Interaction[GW2Bot],
        code: app_commands.Range[str, 1, 1000],
        name: app_commands.Range[str, 1, 100],
        role: app_commands.Choice[str],
        visibility: app_commands.Choice[str] | None = None,
        boons: app_commands.Range[str, 1, 300] | None = None,
        notes: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        build = await self.bot.services.builds.save(
            self.bot.services.current_gamedata(),
            guild_id=guild_id_of(interaction),
            author_id=interaction.user.id,
            name=name,
            code=code,
            role=Role(role.value),
            boons=parse_boons(boons) if boons else None,
            visibility=Visibility(visibility.value) if visibility else Visibility.PRIVATE,
            notes=notes or "",
        )
        await send_reply(interaction, f"Saved **{safe_name(build.name)}**.", embed=self._embed(build))

    @app_commands.command(name="show", description="Show a saved build.")
    @app_commands.describe(build="One of your builds or a guild build")
    async def show(self, interaction: discord.Interaction[GW2Bot], build: str) -> None:
        found = await self.bot.services.builds.resolve(
            build, guild_id=guild_id_of(interaction), viewer_id=interaction.user.id
        )
        await send_reply(interaction, embed=self._embed(found))

    show.autocomplete("build")(build_autocomplete)

    @app_commands.command(name="list", description="List your builds or the guild's, with filters.")
    @app_commands.describe(
        scope="Your builds (default) or the ones shared with the guild",
        profession="Only this profession or elite specialization",
        role="Only this role",
        text="Only builds whose name or notes contain this",
    )
    @app_commands.choices(scope=SCOPE_CHOICES, role=ROLE_CHOICES)
    async def list_builds(
        self,
        interaction: discord.Interaction[GW2Bot],
        scope: app_commands.Choice[str] | None = None,
        profession: app_commands.Range[str, 1, 40] | None = None,
        role: app_commands.Choice[str] | None = None,
        text: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        guild_id, viewer = guild_id_of(interaction), interaction.user.id
        where = BuildFilter(
            scope=scope.value if scope else "mine",
            profession=profession,
            role=Role(role.value) if role else None,
            text=text,
        )
        title = "Your builds" if where.scope == "mine" else "Guild builds"
        store = self.bot.services.builds
        first = await store.list(guild_id, viewer, where, offset=0, limit=PAGE_SIZE)

        async def load(index: int) -> discord.Embed:
            page = (
                first
                if index == 0
                else await store.list(guild_id, viewer, where, offset=index * PAGE_SIZE, limit=PAGE_SIZE)
            )
            return build_list_embed(page, title=title)

        pages = max(1, math.ceil(first.total / PAGE_SIZE))
        await EmbedPaginator(load, pages, owner_id=viewer).start(interaction)

    @app_commands.command(name="edit", description="Change one of your builds.")
    @app_commands.describe(
        build="The build to change",
        name="New name",
        code="New chat code",
        role="New role",
        boons="Boons it provides, comma separated",
        visibility="Who can see it",
        notes="New notes",
    )
    @app_commands.choices(role=ROLE_CHOICES, visibility=VISIBILITY_CHOICES)
    async def edit(
        self,
        interaction: discord.Interaction[GW2Bot],
        build: str,
        name: app_commands.Range[str, 1, 100] | None = None,
        code: app_commands.Range[str, 1, 1000] | None = None,
        role: app_commands.Choice[str] | None = None,
        boons: app_commands.Range[str, 1, 300] | None = None,
        visibility: app_commands.Choice[str] | None = None,
        notes: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        if not any((name, code, role, boons, visibility, notes)):
            raise UserFacingError(
                "Nothing to change: give at least one of name, code, role, boons, visibility, notes."
            )
        edited = await self.bot.services.builds.edit(
            self.bot.services.current_gamedata(),
            build,
            guild_id=guild_id_of(interaction),
            editor_id=interaction.user.id,
            name=name,
            code=code,
            role=Role(role.value) if role else None,
            boons=parse_boons(boons) if boons else None,
            visibility=Visibility(visibility.value) if visibility else None,
            notes=notes,
        )
        await send_reply(interaction, f"Updated **{safe_name(edited.name)}**.", embed=self._embed(edited))

    edit.autocomplete("build")(build_autocomplete)

    @app_commands.command(name="delete", description="Delete a build (asks for confirmation).")
    @app_commands.describe(build="The build to delete")
    async def delete(self, interaction: discord.Interaction[GW2Bot], build: str) -> None:
        guild_id, actor = guild_id_of(interaction), interaction.user.id
        store = self.bot.services.builds
        found = await store.resolve(build, guild_id=guild_id, viewer_id=actor)
        can_manage = _can_manage_guild(interaction)
        if found.author_id != actor and not (can_manage and found.visibility is Visibility.GUILD):
            raise UserFacingError(
                f"Only the author of “{safe_name(found.name)}”, or a member with Manage Server, can "
                "delete it."
            )

        async def confirmed(confirm_interaction: discord.Interaction) -> str:
            deleted = await store.delete(
                found.id, guild_id=guild_id, actor_id=actor, can_manage_guild=can_manage
            )
            self.bot.dispatch("build_deleted", deleted)  # squads redraw posts that showed it
            return f"Deleted **{safe_name(deleted.name)}**."

        view = ConfirmView(owner_id=actor, on_confirm=confirmed, confirm_label="Delete")
        await send_reply(
            interaction,
            f"Delete **{safe_name(found.name)}** ({found.specialization})? This cannot be undone.",
            view=view,
        )
        view.message = await interaction.original_response()

    delete.autocomplete("build")(build_autocomplete)

    @app_commands.command(name="share", description="Post a build in this channel for everyone.")
    @app_commands.describe(build="The build to share")
    async def share(self, interaction: discord.Interaction[GW2Bot], build: str) -> None:
        found = await self.bot.services.builds.resolve(
            build, guild_id=guild_id_of(interaction), viewer_id=interaction.user.id
        )
        await send_reply(
            interaction, f"Shared by {interaction.user.mention}", embed=self._embed(found), ephemeral=False
        )

    share.autocomplete("build")(build_autocomplete)

    @app_commands.command(name="decode", description="Decode a build or item chat link without saving it.")
    @app_commands.describe(code="A chat link such as [&DQ...] (text around it is fine)")
    async def decode_code(
        self, interaction: discord.Interaction[GW2Bot], code: app_commands.Range[str, 1, 2000]
    ) -> None:
        await send_reply(interaction, embed=self._decoded_embed(code))

    def _decoded_embed(self, text: str) -> discord.Embed:
        link = decode(text)
        normalized = encode(link)
        if isinstance(link, BuildTemplate):
            return template_embed(link, normalized, self.bot.services.current_gamedata())
        return item_embed(link, normalized)

    async def _decode_message(
        self, interaction: discord.Interaction[GW2Bot], message: discord.Message
    ) -> None:
        links = find_chat_links(message.content)
        if not links:
            raise UserFacingError("That message has no chat link; a chat link looks like [&DQ...].")
        try:
            embed = self._decoded_embed(links[0])
        except ChatLinkError as error:
            raise UserFacingError(f"The first link in that message cannot be decoded: {error}") from None
        if len(links) > 1:
            embed.set_footer(text=f"The message has {len(links)} links; this is the first.")
        await send_reply(interaction, embed=fit_embed(embed))


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(BuildsCog(bot))
