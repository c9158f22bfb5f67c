"""/squad slot set|clear|move: a leader changes one seat at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.builds import build_autocomplete
from bot.errors import UserFacingError
from cogs.squads.base import SquadCommandBase
from optimizer.squads import Role
from storage.squads import SeatChange

if TYPE_CHECKING:
    from bot.client import GW2Bot

ROLE_CHOICES = [app_commands.Choice(name=role.label, value=role.value) for role in Role]
Subgroup = app_commands.Range[int, 1, 10]
Position = app_commands.Range[int, 1, 5]


class SquadSlotCommands(SquadCommandBase, commands.Cog):
    """The seat commands, a subgroup of the squad cog's /squad group."""

    slot = app_commands.Group(name="slot", description="Change one seat of a squad (leaders)")

    @slot.command(name="set", description="Set a seat's role, member, build or spec, or lock it (leaders).")
    @app_commands.describe(
        squad="The squad",
        subgroup="Subgroup number",
        position="Position in the subgroup (1–5)",
        role="The role this seat asks for",
        member="Seat this member here (leaves their other seat)",
        build="A build from the store to play here",
        spec="A specialization to play here (when there is no build)",
        lock="Keep this member here when autofill runs",
    )
    @app_commands.choices(role=ROLE_CHOICES)
    async def slot_set(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        subgroup: Subgroup,
        position: Position,
        role: app_commands.Choice[str] | None = None,
        member: discord.Member | None = None,
        build: str | None = None,
        spec: str | None = None,
        lock: bool | None = None,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        if not any((role, member, build, spec, lock is not None)):
            raise UserFacingError("Nothing to change: give at least one of role, member, build, spec, lock.")
        if build and spec:
            raise UserFacingError("Give a build or a spec, not both: a build already names its spec.")
        chosen = (
            await self.bot.services.builds.resolve(
                build, guild_id=found.guild_id, viewer_id=interaction.user.id
            )
            if build
            else None
        )
        change = SeatChange(
            role=Role(role.value) if role else None,
            member_id=member.id if member else None,
            build=chosen,
            specialization=spec,
            locked=lock,
        )
        details = await self.bot.services.squads.set_seat(
            found.id, guild_id=found.guild_id, subgroup=subgroup, position=position, change=change
        )
        await self._show_changed(interaction, details, f"Updated subgroup {subgroup} position {position}.")

    slot_set.autocomplete("squad")(SquadCommandBase._squad_autocomplete)
    slot_set.autocomplete("build")(build_autocomplete)
    slot_set.autocomplete("spec")(SquadCommandBase._spec_autocomplete)

    @slot.command(name="clear", description="Empty a seat, or remove it (leaders).")
    @app_commands.describe(
        squad="The squad",
        subgroup="Subgroup number",
        position="Position in the subgroup (1–5)",
        remove="Remove the seat itself instead of emptying it",
    )
    async def slot_clear(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        subgroup: Subgroup,
        position: Position,
        remove: bool = False,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        before, details = await self.bot.services.squads.clear_seat(
            found.id, guild_id=found.guild_id, subgroup=subgroup, position=position, remove=remove
        )
        done = "Removed" if remove else "Emptied"
        text = f"{done} subgroup {subgroup} position {position}."
        if before.member_id is not None:
            text += f" <@{before.member_id}> stays signed up, on the waitlist."
        await self._show_changed(interaction, details, text)

    slot_clear.autocomplete("squad")(SquadCommandBase._squad_autocomplete)

    @slot.command(name="move", description="Swap two seats, with their roles and members (leaders).")
    @app_commands.describe(
        squad="The squad",
        subgroup="Subgroup of the seat to move",
        position="Position of the seat to move",
        to_subgroup="Subgroup to move it to",
        to_position="Position to move it to",
    )
    async def slot_move(
        self,
        interaction: discord.Interaction[GW2Bot],
        squad: str,
        subgroup: Subgroup,
        position: Position,
        to_subgroup: Subgroup,
        to_position: Position,
    ) -> None:
        found = await self._leader_squad(interaction, squad)
        details = await self.bot.services.squads.move_seat(
            found.id, guild_id=found.guild_id, source=(subgroup, position), target=(to_subgroup, to_position)
        )
        await self._show_changed(
            interaction,
            details,
            f"Moved subgroup {subgroup} position {position} "
            f"to subgroup {to_subgroup} position {to_position}.",
        )

    slot_move.autocomplete("squad")(SquadCommandBase._squad_autocomplete)
