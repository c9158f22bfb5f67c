"""Posted squads: the message that keeps itself up to date, and its sign-up buttons that survive restarts.

The buttons are `DynamicItem`s whose custom id carries the squad id (`squad:12:signup`), registered once
when the cog loads: any bot process can answer them, whenever they were posted, with no per-message state.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import discord

from bot.embeds import safe_name
from bot.squads import signup_text, squad_embed, withdraw_text
from bot.tree import guild_id_of, report_interaction_error
from cogs.squads.support import reply
from cogs.squads.views import SignupView
from storage.builds import BuildFilter
from storage.squads import Choice, Squad, SquadError, SquadNotFoundError, SquadStatus

if TYPE_CHECKING:
    from bot.client import GW2Bot

log = logging.getLogger(__name__)

OWN_BUILDS_SHOWN = 100
_ACTIONS = {
    "signup": ("Sign up", discord.ButtonStyle.success, "✅"),
    "withdraw": ("Withdraw", discord.ButtonStyle.secondary, "❌"),
}
# Per bot, one lock per squad: edits of one post never overtake each other with older content.
_LOCKS: WeakKeyDictionary[Any, dict[int, asyncio.Lock]] = WeakKeyDictionary()


class SquadButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(r"squad:(?P<squad_id>[0-9]+):(?P<action>signup|withdraw)"),
):
    def __init__(self, squad_id: int, action: str, *, disabled: bool = False) -> None:
        label, style, emoji = _ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                emoji=emoji,
                custom_id=f"squad:{squad_id}:{action}",
                disabled=disabled,
            )
        )
        self.squad_id = squad_id
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SquadButton:
        return cls(int(match["squad_id"]), match["action"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs what a dynamic item raises; players must hear about it like anywhere else.
        try:
            if self.action == "signup":
                await open_signup(interaction, self.squad_id)
            else:
                await withdraw(interaction, self.squad_id)
        except Exception as error:
            await report_interaction_error(interaction, error)


def post_view(squad: Squad) -> discord.ui.View:
    closed = squad.status in (SquadStatus.CLOSED, SquadStatus.DRAFT)
    view = discord.ui.View(timeout=None)
    for action in _ACTIONS:
        view.add_item(SquadButton(squad.id, action, disabled=closed))
    return view


async def open_signup(interaction: discord.Interaction[GW2Bot], squad_id: int) -> None:
    services = interaction.client.services
    guild_id, member_id = guild_id_of(interaction), interaction.user.id
    details = await services.squads.details(squad_id, guild_id=guild_id)
    if details.squad.status not in (SquadStatus.OPEN, SquadStatus.FULL):
        raise SquadError(
            f"**{safe_name(details.squad.name)}** is not taking sign-ups ({details.squad.status.label})."
        )
    own = await services.builds.list(
        guild_id, member_id, BuildFilter(scope="mine"), offset=0, limit=OWN_BUILDS_SHOWN
    )

    async def submit(choices: list[Choice]) -> str:
        outcome, after = await services.squads.signup(
            squad_id, guild_id=guild_id, member_id=member_id, choices=choices
        )
        return signup_text(details, after, outcome, choices)

    async def after_submit() -> None:
        await SquadPoster(interaction.client).refresh(squad_id, guild_id)

    view = SignupView(
        owner_id=member_id, details=details, builds=own.builds, submit=submit, after_submit=after_submit
    )
    await reply(interaction, view.content(), view=view)
    view.message = await interaction.original_response()


async def withdraw(interaction: discord.Interaction[GW2Bot], squad_id: int) -> None:
    guild_id = guild_id_of(interaction)
    outcome, after = await interaction.client.services.squads.withdraw(
        squad_id, guild_id=guild_id, member_id=interaction.user.id
    )
    await reply(interaction, withdraw_text(after.squad, outcome))
    if outcome.was_signed_up:
        await SquadPoster(interaction.client).refresh(squad_id, guild_id)


def _lost_reason(error: discord.HTTPException) -> str:
    if isinstance(error, discord.Forbidden):
        return "I lost the permission to edit it"
    return "the message or its channel was deleted"


class SquadPoster:
    """Publishes squads and edits their posts; a post that can no longer be edited is marked detached."""

    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot
        self.store = bot.services.squads

    def _lock(self, squad_id: int) -> asyncio.Lock:
        return _LOCKS.setdefault(self.bot, {}).setdefault(squad_id, asyncio.Lock())

    async def publish(
        self, channel: discord.abc.Messageable, squad_id: int, guild_id: int
    ) -> discord.Message:
        async with self._lock(squad_id):
            details = await self.store.details(squad_id, guild_id=guild_id)
            previous = details.squad
            message = await channel.send(embed=squad_embed(details), view=post_view(previous))
            await self.store.record_post(
                squad_id, guild_id=guild_id, channel_id=message.channel.id, message_id=message.id
            )
        if previous.attached_post and previous.message_id != message.id:
            await self._retire_message(
                previous, f"**{safe_name(previous.name)}** moved to {message.jump_url}."
            )
        await self.refresh(squad_id, guild_id)
        return message

    async def refresh(self, squad_id: int, guild_id: int) -> None:
        """Show the squad as it is now (read under the lock, so a slower edit never shows older content)."""
        async with self._lock(squad_id):
            try:
                details = await self.store.details(squad_id, guild_id=guild_id)
            except SquadNotFoundError:
                return
            squad = details.squad
            if not squad.attached_post:
                return
            assert squad.channel_id is not None and squad.message_id is not None
            message = self.bot.get_partial_messageable(
                squad.channel_id, guild_id=guild_id
            ).get_partial_message(squad.message_id)
            try:
                await message.edit(content=None, embed=squad_embed(details), view=post_view(squad))
            except (discord.Forbidden, discord.NotFound) as error:
                log.info("Post of squad %s is detached: %s", squad_id, error)
                await self.store.post_lost(squad_id, squad.message_id, _lost_reason(error))
                return
            except discord.HTTPException:
                # Discord had a bad moment; the post stays marked stale and the next change retries.
                log.warning("Could not update the post of squad %s", squad_id, exc_info=True)
                return
            await self.store.post_edited(squad_id, squad.message_id)

    async def refresh_stale(self, guild_id: int) -> None:
        for squad in await self.store.stale_posts(guild_id):
            await self.refresh(squad.id, guild_id)

    async def retire(self, squad: Squad) -> None:
        """After a squad is deleted: its post says so and loses its buttons."""
        if squad.attached_post:
            await self._retire_message(squad, f"**{safe_name(squad.name)}** was cancelled by the leader.")

    async def _retire_message(self, squad: Squad, text: str) -> None:
        assert squad.channel_id is not None and squad.message_id is not None
        message = self.bot.get_partial_messageable(
            squad.channel_id, guild_id=squad.guild_id
        ).get_partial_message(squad.message_id)
        try:
            await message.edit(content=text, embeds=[], view=None)
        except discord.HTTPException:
            log.info("Could not retire the post of squad %s", squad.id, exc_info=True)
