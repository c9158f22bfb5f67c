"""/squad: plan squads by subgroup, check boon coverage, post them for sign-ups, and auto-assign seats.

Leaders (Manage Events, or the server's leader role) change squads; everyone can look at them and sign
themselves up or out with the buttons on a posted squad.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.confirm import ConfirmView
from bot.embeds import safe_name
from bot.errors import UserFacingError
from bot.meta.squads import empty_seat_suggestions, role_suggestions
from bot.squads import autofill_text, check_embed, squad_embed, squad_list_embed
from bot.tree import guild_id_of
from cogs.squads.base import SquadCommandBase
from cogs.squads.posts import SquadButton
from cogs.squads.slots import SquadSlotCommands, Subgroup
from cogs.squads.support import (
    reply,
    require_leader,
    spec_candidates,
    timezone_autocomplete,
)
from optimizer.squads import SQUAD_TEMPLATES, SquadMode, find_template, fixes_for
from storage.builds import Build, BuildFilter
from storage.models import utcnow
from storage.squads import SquadChanges, SquadStatus, parse_event_time
from storage.timezones import check_timezone

if TYPE_CHECKING:
    from bot.client import GW2Bot

MODE_CHOICES = [app_commands.Choice(name=mode.label, value=mode.value) for mode in SquadMode]
TEMPLATE_CHOICES = [
    app_commands.Choice(name=f"{template.key}: {template.label}"[:100], value=template.key)
    for template in SQUAD_TEMPLATES
]
STATUS_CHOICES = [
    app_commands.Choice(name=status.label, value=status.value)
    for status in (SquadStatus.DRAFT, SquadStatus.OPEN, SquadStatus.CLOSED)
]
DEFAULT_TEMPLATES = {
    SquadMode.FRACTAL: "fractal-alacrity-heal",
    SquadMode.RAID: "standard",
    SquadMode.STRIKE: "standard",
    SquadMode.WVW: "wvw-strip",
}
SUGGESTIONS_PER_SUBGROUP = 3
SPEC_HINTS = 5
GUILD_BUILDS_CONSIDERED = 200


@app_commands.guild_only()
@app_commands.allowed_installs(guilds=True, users=False)
class SquadsCog(
    SquadSlotCommands,
    commands.GroupCog,
    group_name="squad",
    group_description="Plan squads, take sign-ups, check boon coverage",
):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SquadButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SquadButton)

    @commands.Cog.listener()
    async def on_build_deleted(self, build: Build) -> None:
        """Posts that showed a deleted build are redrawn with the spec and role it leaves behind."""
        await self.poster.refresh_stale(build.guild_id)

    # -- squads ---------------------------------------------------------------------------------------
    @app_commands.command(name="create", description="Create a squad from a standard composition (leaders).")
    @app_commands.describe(
        name="A name for the squad, unique in this server",
        mode="Fractal (5), raid or strike (10), or WvW (up to 50)",
        template="The composition to start from (default: the standard one for the mode)",
        parties="WvW: how many parties of 5 (default: 10)",
        when="When it starts: YYYY-MM-DD HH:MM, “tomorrow 20:30” or “friday 20:30”",
        timezone="Time zone of `when` (default: the server's, else UTC)",
    )
    @app_commands.choices(mode=MODE_CHOICES, template=TEMPLATE_CHOICES)
    async def create(
        self,
        interaction: discord.Interaction[GW2Bot],
        name: app_commands.Range[str, 1, 100],
        mode: app_commands.Choice[str],
        template: app_commands.Choice[str] | None = None,
        parties: Subgroup | None = None,
        when: app_commands.Range[str, 1, 40] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        await require_leader(interaction)
        squad_mode = SquadMode(mode.value)
        zone = await self._timezone(interaction, timezone)
        details = await self.bot.services.squads.create(
            guild_id=guild_id_of(interaction),
            leader_id=interaction.user.id,
            name=name,
            mode=squad_mode,
            template=find_template(template.value if template else DEFAULT_TEMPLATES[squad_mode]),
            parties=parties,
            event_at=parse_event_time(when, zone, utcnow()) if when else None,
            timezone=zone,
        )
        await reply(
            interaction,
            f"Created **{safe_name(details.squad.name)}** (a draft). Adjust seats with `/squad slot set`, "
            "then `/squad post` opens sign-ups.",
            embed=squad_embed(details),
        )

    create.autocomplete("timezone")(timezone_autocomplete)

    @app_commands.command(name="template", description="Lay a squad out again from a standard composition.")
    @app_commands.describe(
        squad="The squad", template="The composition", parties="WvW: how many parties of 5 (default: 10)"
    )
    @app_commands.choices(template=TEMPLATE_CHOICES)
    async def template(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        template: app_commands.Choice[str],
        parties: Subgroup | None = None,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        details = await self.bot.services.squads.apply_template(
            found.id, guild_id=found.guild_id, template=find_template(template.value), parties=parties
        )
        text = (
            f"**{safe_name(found.name)}** now follows “{template.name}”. Signed-up members were seated again "
            "by their preferences where a seat fits; `/squad autofill` balances the subgroups."
        )
        meta = self.bot.services.meta
        empty = [seat.role for seat in details.seats if not seat.filled]
        if empty:
            followed = await meta.store.builds(meta.names_for(found.guild_id))
            lines = role_suggestions(empty, followed, meta.label)
            if lines:
                text += (
                    "\nMeta builds for the open seats: " + "; ".join(lines) + " (`/meta show` gives codes)."
                )
        await self._show_changed(interaction, details, text)

    template.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(name="edit", description="Rename a squad, set its time, or open or close sign-ups.")
    @app_commands.describe(
        squad="The squad",
        name="New name",
        when="New start time (YYYY-MM-DD HH:MM, “tomorrow 20:30”…), or “none” to remove it",
        timezone="Time zone of `when`",
        status="Draft, open for sign-ups, or closed",
    )
    @app_commands.choices(status=STATUS_CHOICES)
    async def edit(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        name: app_commands.Range[str, 1, 100] | None = None,
        when: app_commands.Range[str, 1, 40] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        status: app_commands.Choice[str] | None = None,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        if not any((name, when, timezone, status)):
            raise UserFacingError("Nothing to change: give at least one of name, when, timezone, status.")
        zone = check_timezone(timezone) if timezone else found.timezone
        clear = when is not None and when.strip().lower() == "none"
        changes = SquadChanges(
            name=name,
            event_at=parse_event_time(when, zone, utcnow()) if when and not clear else None,
            clear_event=clear,
            timezone=zone if timezone or when else None,
            status=SquadStatus(status.value) if status else None,
        )
        details = await self.bot.services.squads.edit(found.id, guild_id=found.guild_id, changes=changes)
        await self._show_changed(interaction, details, f"Updated **{safe_name(details.squad.name)}**.")

    edit.autocomplete("squad")(SquadCommandBase._squad_autocomplete)
    edit.autocomplete("timezone")(timezone_autocomplete)

    @app_commands.command(name="show", description="Show a squad: seats by subgroup, coverage, waitlist.")
    @app_commands.describe(squad="The squad")
    async def show(self, interaction: discord.Interaction[GW2Bot], squad: str) -> None:
        found = await self._squad(interaction, squad)
        details = await self.bot.services.squads.details(found.id, guild_id=found.guild_id)
        note = None
        if found.post_detached:
            note = "post detached: /squad post it again"
        elif found.attached_post:
            note = "posted"
        await reply(interaction, embed=squad_embed(details, footer_note=note))

    show.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(name="list", description="List this server's squads.")
    async def list_squads(self, interaction: discord.Interaction[GW2Bot]) -> None:
        squads = await self.bot.services.squads.in_guild(guild_id_of(interaction))
        await reply(interaction, embed=squad_list_embed(squads))

    @app_commands.command(name="check", description="What each subgroup lacks, and guild builds that fix it.")
    @app_commands.describe(squad="The squad")
    async def check(self, interaction: discord.Interaction[GW2Bot], squad: str) -> None:
        found = await self._squad(interaction, squad)
        details = await self.bot.services.squads.details(found.id, guild_id=found.guild_id)
        page = await self.bot.services.builds.list(
            found.guild_id,
            interaction.user.id,
            BuildFilter(scope="guild"),
            offset=0,
            limit=GUILD_BUILDS_CONSIDERED,
        )
        mode = found.mode
        builds = [(build, build.boons) for build in page.builds if build.role in mode.roles]
        specs = spec_candidates(mode)
        suggestions, hints = {}, {}
        for group in details.coverage().subgroups:
            suggestions[group.subgroup] = fixes_for(group, builds)[:SUGGESTIONS_PER_SUBGROUP]
            hints[group.subgroup] = fixes_for(group, specs)[:SPEC_HINTS]
        meta = self.bot.services.meta
        followed = await meta.store.builds(meta.names_for(found.guild_id))
        offered = [b for b in followed if b.build.role in mode.roles]
        await reply(
            interaction,
            embed=check_embed(
                details, suggestions, hints, empty_seat_suggestions(details, offered, meta.label)
            ),
        )

    check.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(name="delete", description="Delete a squad and its sign-ups (asks first).")
    @app_commands.describe(squad="The squad")
    async def delete(self, interaction: discord.Interaction[GW2Bot], squad: str) -> None:
        found = await self._leader_squad(interaction, squad)
        store = self.bot.services.squads

        async def confirmed(_confirm: discord.Interaction) -> str:
            deleted = await store.delete(found.id, guild_id=found.guild_id)
            await self.poster.retire(deleted)
            return f"Deleted **{safe_name(deleted.name)}**."

        view = ConfirmView(owner_id=interaction.user.id, on_confirm=confirmed, confirm_label="Delete")
        await reply(
            interaction,
            f"Delete **{safe_name(found.name)}** with its seats and sign-ups? This cannot be undone.",
            view=view,
        )
        view.message = await interaction.original_response()

    delete.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(name="post", description="Post a squad with sign-up buttons; opens sign-ups.")
    @app_commands.describe(squad="The squad", channel="Where to post it (default: here)")
    async def post(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        channel: discord.TextChannel | None = None,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel | discord.Thread):
            raise UserFacingError("Pick a text channel to post the squad in.")
        guild = interaction.guild
        assert guild is not None
        permissions = target.permissions_for(guild.me)
        if not (permissions.view_channel and permissions.send_messages and permissions.embed_links):
            raise UserFacingError(
                f"I can't post in {target.mention}: I need View Channel, Send Messages and Embed Links there."
            )
        try:
            message = await self.poster.publish(target, found.id, found.guild_id)
        except discord.Forbidden:
            raise UserFacingError(
                f"Discord refused my post in {target.mention}: check my permissions."
            ) from None
        await reply(
            interaction,
            f"Posted **{safe_name(found.name)}** in {target.mention} ({message.jump_url}). Members sign "
            "up with its buttons; the post updates itself on every change.",
        )

    post.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(name="autofill", description="Seat the sign-ups so every subgroup is covered.")
    @app_commands.describe(
        squad="The squad",
        flexible="Let players take any free seat in a role they chose (the seat takes their role)",
    )
    async def autofill(
        self, interaction: discord.Interaction[GW2Bot], squad: str, flexible: bool = False
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        result, details = await self.bot.services.squads.autofill(
            found.id, guild_id=found.guild_id, flexible_roles=flexible
        )
        await self._show_changed(interaction, details, autofill_text(result, details))

    autofill.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @app_commands.command(
        name="leader-role", description="Show, set or remove the role that may lead squads."
    )
    @app_commands.describe(
        role="Members with this role may lead squads, besides those with Manage Events",
        remove="Remove the leader role (only Manage Events makes a leader then)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def leader_role(
        self, interaction: discord.Interaction[GW2Bot], role: discord.Role | None = None, remove: bool = False
    ) -> None:
        guild_id = guild_id_of(interaction)
        store = self.bot.services.squads
        if remove:
            if role is not None:
                raise UserFacingError("Give a role to set it, or remove:True to remove it, not both.")
            await store.set_leader_role(guild_id, None)
            text = "The leader role is removed: members with Manage Events lead squads."
        elif role is None:
            current = await store.leader_role(guild_id)
            text = (
                f"Squad leaders: members with Manage Events or the <@&{current}> role."
                if current is not None
                else "Squad leaders: members with Manage Events. Give a role to let its members lead too."
            )
        else:
            await store.set_leader_role(guild_id, role.id)
            text = (
                f"Members with the <@&{role.id}> role may now lead squads (as may anyone with Manage Events)."
            )
        await reply(interaction, text)


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(SquadsCog(bot))
