"""/announce: subscribe channels to the meta digest, game-update notices and squad reminders; list, pause,
resume, remove and preview subscriptions. Every command needs Manage Server, checked when it runs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.announcements import (
    WEEKDAYS,
    Post,
    ScheduleKind,
    build_schedule,
    list_pages,
    next_post_text,
    subscription_embed,
    when_text,
)
from bot.errors import UserFacingError
from bot.pagination import EmbedPaginator
from bot.replies import send_reply
from bot.tree import guild_id_of
from cogs.squads import timezone_autocomplete
from optimizer import count
from storage.announcements import Feed, NewSubscription, Subscription
from storage.timezones import check_timezone

if TYPE_CHECKING:
    from bot.client import GW2Bot

DEFAULT_LEAD_MINUTES = 15
_LEAD_ONLY_FOR_REMINDERS = "`minutes_before` is only for squad reminders; leave it out for this feed."
FEED_CHOICES = [app_commands.Choice(name=feed.label, value=feed.value) for feed in Feed]
SCHEDULE_CHOICES = [
    app_commands.Choice(name="Daily", value=ScheduleKind.DAILY.value),
    app_commands.Choice(name="Weekly on a weekday", value=ScheduleKind.WEEKLY.value),
    app_commands.Choice(name="Cron expression", value=ScheduleKind.CRON.value),
]
WEEKDAY_CHOICES = [app_commands.Choice(name=day.capitalize(), value=day) for day in WEEKDAYS]
# What the bot needs in a channel to post an announcement there.
POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links")


def missing_post_permissions(interaction: discord.Interaction, channel_id: int) -> list[str]:
    """The permissions the bot lacks to post in the channel (empty when it may, or cannot tell)."""
    guild = interaction.guild
    channel = guild.get_channel(channel_id) if guild is not None else None
    if guild is None or channel is None:
        return []
    granted = channel.permissions_for(guild.me)
    return [name for name in POST_PERMISSIONS if not getattr(granted, name)]


def _schedule_options(
    schedule: object, time_of_day: object, weekday: object, cron: object
) -> list[tuple[str, object]]:
    return [("schedule", schedule), ("time", time_of_day), ("weekday", weekday), ("cron", cron)]


def _permission_names(names: list[str]) -> str:
    return ", ".join(name.replace("_", " ").title() for name in names)


def _check_can_post(interaction: discord.Interaction, channel_id: int) -> None:
    missing = missing_post_permissions(interaction, channel_id)
    if missing:
        raise UserFacingError(
            f"I can't post in <#{channel_id}>: I'm missing {_permission_names(missing)} there. "
            "Grant it in the channel's permission settings, then run the command again."
        )


@app_commands.guild_only()
@app_commands.allowed_installs(guilds=True, users=False)
@app_commands.default_permissions(manage_guild=True)
class AnnounceCog(
    commands.GroupCog,
    group_name="announce",
    group_description="Scheduled posts: the meta digest, game-update notices and squad reminders",
):
    def __init__(self, bot: GW2Bot) -> None:
        self.bot = bot

    def _now(self) -> datetime:
        return self.bot.announcements.clock.now()

    async def _subscription_autocomplete(
        self, interaction: discord.Interaction[GW2Bot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not interaction.permissions.manage_guild:
            return []
        wanted = current.strip().casefold().removeprefix("#")
        choices = []
        for subscription in await self.bot.announcements.store.in_guild(interaction.guild_id):
            channel = interaction.guild.get_channel(subscription.channel_id) if interaction.guild else None
            where = f"#{channel.name}" if channel is not None else f"channel {subscription.channel_id}"
            label = f"#{subscription.id} {subscription.feed.label} → {where} ({when_text(subscription)})"
            if wanted in label.casefold():
                choices.append(app_commands.Choice(name=label[:100], value=f"#{subscription.id}"))
        return choices[:25]

    # -- commands -------------------------------------------------------------------------------------
    @app_commands.command(
        name="subscribe", description="Post a feed in a channel (changes it if subscribed)."
    )
    @app_commands.describe(
        channel="Where to post",
        feed="Meta digest (scheduled), game updates (on a new game build) or squad reminders (before events)",
        schedule="Meta digest: daily, weekly (default) or a cron expression",
        time_of_day="Meta digest: time of day, HH:MM on a 24-hour clock (default 09:00)",
        weekday="Meta digest, weekly: the day (default Monday)",
        cron="Meta digest, cron: minute hour day month weekday, e.g. 0 20 * * fri",
        timezone="Time zone of the schedule (default: the server's, else UTC)",
        role="A role to ping with each post",
        minutes_before="Squad reminders: minutes before the event (default 15)",
    )
    @app_commands.rename(time_of_day="time")
    @app_commands.choices(feed=FEED_CHOICES, schedule=SCHEDULE_CHOICES, weekday=WEEKDAY_CHOICES)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def subscribe(
        self,
        interaction: discord.Interaction[GW2Bot],
        channel: discord.TextChannel,
        feed: app_commands.Choice[str],
        schedule: app_commands.Choice[str] | None = None,
        time_of_day: app_commands.Range[str, 1, 5] | None = None,
        weekday: app_commands.Choice[str] | None = None,
        cron: app_commands.Range[str, 1, 100] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        minutes_before: app_commands.Range[int, 1, 1440] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        chosen = Feed(feed.value)
        zone = (
            check_timezone(timezone)
            if timezone is not None
            else await self.bot.services.squads.default_timezone(guild_id)
        )
        cron_text = kind = None
        lead = None
        if chosen.scheduled:
            if minutes_before is not None:
                raise UserFacingError(_LEAD_ONLY_FOR_REMINDERS)
            built = build_schedule(
                ScheduleKind(schedule.value) if schedule else ScheduleKind.WEEKLY,
                timezone=zone,
                now=self._now(),
                time=time_of_day,
                weekday=weekday.value if weekday else None,
                cron=cron,
            )
            cron_text, kind = built.cron, built.kind.value
        else:
            given = [
                name
                for name, value in _schedule_options(schedule, time_of_day, weekday, cron)
                if value is not None
            ]
            if given:
                raise UserFacingError(
                    f"{chosen.label} are posted when something happens, not on a schedule; leave out "
                    f"{', '.join(given)}."
                )
            if chosen is Feed.GAME_UPDATES and minutes_before is not None:
                raise UserFacingError(_LEAD_ONLY_FOR_REMINDERS)
            if chosen is Feed.SQUAD_REMINDERS:
                lead = minutes_before or DEFAULT_LEAD_MINUTES
        _check_can_post(interaction, channel.id)
        subscription, created = await self.bot.announcements.store.subscribe(
            NewSubscription(
                guild_id=guild_id,
                channel_id=channel.id,
                feed=chosen,
                schedule=cron_text,
                schedule_kind=kind,
                timezone=zone,
                role_id=role.id if role is not None else None,
                lead_minutes=lead,
                created_by=interaction.user.id,
            ),
            now=self._now(),
        )
        await self.bot.announcements.subscription_changed(subscription.id)
        title = "Subscribed" if created else "Subscription changed"
        await send_reply(interaction, embed=subscription_embed(subscription, title=title, now=self._now()))

    subscribe.autocomplete("timezone")(timezone_autocomplete)

    @app_commands.command(
        name="list", description="This server's subscriptions, why any are paused, last runs."
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_subscriptions(self, interaction: discord.Interaction[GW2Bot]) -> None:
        entries = await self.bot.announcements.store.overview(guild_id_of(interaction))
        pages = list_pages(entries, self._now())
        await EmbedPaginator.from_embeds(pages, owner_id=interaction.user.id).start(interaction)

    @app_commands.command(name="pause", description="Stop posting a subscription until it is resumed.")
    @app_commands.describe(subscription="The subscription to pause")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def pause(self, interaction: discord.Interaction[GW2Bot], subscription: str) -> None:
        paused = await self.bot.announcements.store.pause(
            subscription,
            guild_id=guild_id_of(interaction),
            reason=f"paused by {interaction.user.mention}",
            now=self._now(),
        )
        await self.bot.announcements.subscription_changed(paused.id)
        await send_reply(interaction, embed=subscription_embed(paused, title="Paused", now=self._now()))

    pause.autocomplete("subscription")(_subscription_autocomplete)

    @app_commands.command(name="resume", description="Post a paused subscription again.")
    @app_commands.describe(subscription="The subscription to resume")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def resume(self, interaction: discord.Interaction[GW2Bot], subscription: str) -> None:
        store = self.bot.announcements.store
        found = await store.resolve(subscription, guild_id=guild_id_of(interaction))
        _check_can_post(interaction, found.channel_id)
        resumed = await store.resume(subscription, guild_id=found.guild_id, now=self._now())
        await self.bot.announcements.subscription_changed(resumed.id)
        await send_reply(interaction, embed=subscription_embed(resumed, title="Resumed", now=self._now()))

    resume.autocomplete("subscription")(_subscription_autocomplete)

    @app_commands.command(name="remove", description="Delete a subscription and its history.")
    @app_commands.describe(subscription="The subscription to remove")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction[GW2Bot], subscription: str) -> None:
        removed = await self.bot.announcements.store.remove(subscription, guild_id=guild_id_of(interaction))
        await self.bot.announcements.subscription_changed(removed.id)
        await send_reply(
            interaction,
            f"Removed subscription #{removed.id}: {removed.feed.label} no longer posts in "
            f"<#{removed.channel_id}>.",
        )

    remove.autocomplete("subscription")(_subscription_autocomplete)

    @app_commands.command(name="preview", description="Show the subscription's next post now, only to you.")
    @app_commands.describe(subscription="The subscription to preview")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def preview(self, interaction: discord.Interaction[GW2Bot], subscription: str) -> None:
        found = await self.bot.announcements.store.resolve(subscription, guild_id=guild_id_of(interaction))
        # The digest may have to compute the templates' gear first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        post = await self.bot.announcements.preview(found)
        if isinstance(post, str):
            await send_reply(interaction, post)
            return
        await send_reply(
            interaction, self._preview_header(interaction, found, post), embeds=list(post.embeds)
        )

    preview.autocomplete("subscription")(_subscription_autocomplete)

    def _preview_header(
        self, interaction: discord.Interaction, subscription: Subscription, post: Post
    ) -> str:
        """Who the post would ping, by name: a preview must not ping anyone itself."""
        pings = []
        if post.role_id is not None:
            role = interaction.guild.get_role(post.role_id) if interaction.guild else None
            pings.append(f"the @{role.name if role else post.role_id} role")
        if post.user_ids:
            members = len(post.user_ids)
            pings.append(count(members, "signed-up member"))
        upcoming = next_post_text(subscription, self._now())
        lines = [
            f"**Preview** of #{subscription.id} ({subscription.feed.label}) in <#{subscription.channel_id}>"
        ]
        if upcoming:
            lines[0] += f" — {upcoming}"
        if pings:
            lines.append("It would ping " + " and ".join(pings) + ".")
        return "\n".join(lines)


async def setup(bot: GW2Bot) -> None:
    await bot.add_cog(AnnounceCog(bot))
