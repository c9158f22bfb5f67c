"""/announce through the real command tree: subscribe, list, pause, resume, remove, preview; Manage Server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.announcements import digest_job_id
from optimizer.squads import Role, SquadMode, find_template
from storage.guilds import GuildSettingsRepository
from storage.squads import Choice, SquadChanges, SquadStatus, SquadStore
from tests.harness.announcements import patch_diff, record_build_seen
from tests.harness.bot_harness import BotHarness, InteractionResult
from tests.harness.databases import DatabaseTarget
from tests.harness.payloads import FakeChannel, snowflake
from tests.harness.settings import settings_for

ROLE_ID = snowflake()


@dataclass(frozen=True)
class ClosedChannel(FakeChannel):
    """A channel where @everyone (and so the bot) may not send messages or embed links."""

    def payload(self, guild_id: int) -> dict[str, Any]:
        denied = discord.Permissions(send_messages=True, embed_links=True)
        overwrite = {"id": str(guild_id), "type": 0, "allow": "0", "deny": str(denied.value)}
        return {**super().payload(guild_id), "permission_overwrites": [overwrite]}


async def admin(harness: BotHarness, path: str, options: dict[str, Any] | None = None) -> InteractionResult:
    return await harness.slash(f"announce {path}", options or {}, user=harness.admin)


def subscribe_options(harness: BotHarness, feed: str = "meta_digest", **more: Any) -> dict[str, Any]:
    return {"channel": harness.channel, "feed": feed, **more}


async def test_the_meta_digest_is_weekly_by_default_and_subscribing_again_changes_it(
    harness: BotHarness,
) -> None:
    reply = (await admin(harness, "subscribe", subscribe_options(harness))).message
    assert reply.ephemeral and reply.embeds[0]["title"] == "Subscribed"
    text = reply.embed_text()
    assert f"**#1 · Meta digest** → <#{harness.channel.id}>" in text
    assert "every Monday at 09:00 (UTC) · next post <t:" in text
    assert harness.bot.scheduler.has_job(digest_job_id(1))
    changed = await admin(
        harness,
        "subscribe",
        subscribe_options(harness, schedule="daily", time="18:30", timezone="Europe/Berlin"),
    )
    assert changed.message.embeds[0]["title"] == "Subscription changed"
    assert "daily at 18:30 (Europe/Berlin)" in changed.message.embed_text()
    assert [j for j in harness.bot.scheduler.job_ids() if j.startswith("announce:digest:")] == [
        digest_job_id(1)
    ]
    after = harness.bot.scheduler.apscheduler.get_job(digest_job_id(1))
    assert after is not None and repr(after.trigger) == (
        "<CronTrigger (month='*', day='*', day_of_week='*', hour='18', minute='30', "
        "timezone='Europe/Berlin')>"
    )


async def test_the_server_time_zone_is_the_default(harness: BotHarness) -> None:
    async with harness.bot.services.database.session() as session:
        await GuildSettingsRepository(session).update(harness.guild.id, timezone="America/New_York")
    reply = await admin(harness, "subscribe", subscribe_options(harness, schedule="weekly", weekday="friday"))
    assert "every Friday at 09:00 (America/New_York)" in reply.message.embed_text()


INVALID_SCHEDULES: list[tuple[dict[str, Any], str]] = [
    ({"schedule": "cron", "cron": "0 9 * * someday"}, "`0 9 * * someday` is not a valid cron expression"),
    ({"schedule": "cron", "cron": "*/5 * * * *"}, "posts more than once an hour"),
    ({"schedule": "cron"}, "The cron schedule needs a `cron` expression: five fields"),
    ({"schedule": "daily", "time": "9am"}, "“9am” is not a time of day; use HH:MM"),
    ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone I know"),
    ({"minutes_before": 30}, "`minutes_before` is only for squad reminders"),
]


async def test_invalid_schedules_are_refused_with_what_is_valid(harness: BotHarness) -> None:
    for options, message in INVALID_SCHEDULES:
        reply = (await admin(harness, "subscribe", subscribe_options(harness, **options))).message
        assert reply.ephemeral and message in reply.content, options
    assert await harness.bot.announcements.store.in_guild(harness.guild.id) == []
    accepted = await admin(
        harness, "subscribe", subscribe_options(harness, schedule="cron", cron="0 20 * * 5")
    )
    assert "cron `0 20 * * 5` (UTC)" in accepted.message.embed_text()


async def test_event_feeds_take_no_schedule_and_reminders_default_to_15_minutes(harness: BotHarness) -> None:
    refused = await admin(harness, "subscribe", subscribe_options(harness, "game_updates", time="10:00"))
    assert refused.message.content == (
        "Game updates are posted when something happens, not on a schedule; leave out time."
    )
    updates = await admin(harness, "subscribe", subscribe_options(harness, "game_updates"))
    assert "when the build tracker sees a new game build" in updates.message.embed_text()
    reminders = await admin(harness, "subscribe", subscribe_options(harness, "squad_reminders"))
    assert "15 minutes before each squad event" in reminders.message.embed_text()
    longer = await admin(
        harness, "subscribe", subscribe_options(harness, "squad_reminders", minutes_before=60)
    )
    assert "60 minutes before each squad event" in longer.message.embed_text()
    assert harness.bot.scheduler.job_ids().count("announce:squad-reminders") == 1


async def test_the_bot_must_be_able_to_post_in_the_channel(harness: BotHarness) -> None:
    closed = ClosedChannel(snowflake(), "announcements")
    harness.guild.channels.append(closed)
    harness.load_guild(harness.guild)
    reply = (await admin(harness, "subscribe", {"channel": closed, "feed": "game_updates"})).message
    assert reply.content == (
        f"I can't post in <#{closed.id}>: I'm missing Send Messages, Embed Links there. "
        "Grant it in the channel's permission settings, then run the command again."
    )
    assert await harness.bot.announcements.store.in_guild(harness.guild.id) == []


async def test_only_members_with_manage_server_may_use_the_commands(harness: BotHarness) -> None:
    await admin(harness, "subscribe", subscribe_options(harness))
    for path, options in [
        ("subscribe", subscribe_options(harness)),
        ("list", {}),
        ("pause", {"subscription": "#1"}),
        ("resume", {"subscription": "#1"}),
        ("remove", {"subscription": "#1"}),
        ("preview", {"subscription": "#1"}),
    ]:
        reply = (await harness.slash(f"announce {path}", options)).message
        assert reply.content == "You need the Manage Server permission to use this command.", path
    assert (await harness.autocomplete("announce pause", "subscription")).choices == []
    assert harness.bot.scheduler.has_job(digest_job_id(1))


async def test_pause_resume_remove_and_the_list_with_reasons(harness: BotHarness) -> None:
    await admin(harness, "subscribe", subscribe_options(harness))
    await admin(harness, "subscribe", subscribe_options(harness, "game_updates"))
    choices = (await harness.autocomplete("announce pause", "subscription", user=harness.admin)).choices
    assert [c["value"] for c in choices] == ["#1", "#2"]
    assert choices[0]["name"] == "#1 Meta digest → #general (every Monday at 09:00 (UTC))"
    narrowed = await harness.autocomplete(
        "announce pause", "subscription", {"subscription": "game"}, user=harness.admin
    )
    assert [c["value"] for c in narrowed.choices] == ["#2"]

    paused = (await admin(harness, "pause", {"subscription": "#1"})).message
    assert paused.embeds[0]["title"] == "Paused"
    assert not harness.bot.scheduler.has_job(digest_job_id(1))
    listed = (await admin(harness, "list")).message.embed_text()
    assert "⏸️ **Paused** (<t:" in listed and f"paused by <@{harness.admin.id}>" in listed
    assert "**#2 · Game updates**" in listed and "next post" not in listed.split("**#2")[1]
    again = (await admin(harness, "pause", {"subscription": "#1"})).message
    assert again.embeds[0]["title"] == "Paused"

    resumed = (await admin(harness, "resume", {"subscription": "#1"})).message
    assert resumed.embeds[0]["title"] == "Resumed" and "next post" in resumed.embed_text()
    assert harness.bot.scheduler.has_job(digest_job_id(1))
    not_paused = (await admin(harness, "resume", {"subscription": "#1"})).message
    assert not_paused.content == "Subscription #1 is not paused."

    removed = (await admin(harness, "remove", {"subscription": "#1"})).message
    assert removed.content == (
        f"Removed subscription #1: Meta digest no longer posts in <#{harness.channel.id}>."
    )
    assert not harness.bot.scheduler.has_job(digest_job_id(1))
    gone = (await admin(harness, "pause", {"subscription": "#1"})).message
    assert gone.content == "There is no subscription #1 on this server. `/announce list` shows them."
    listed = (await admin(harness, "list")).message.embed_text()
    assert "#1 · Meta digest" not in listed and "#2 · Game updates" in listed


async def test_another_guild_cannot_touch_the_subscriptions(harness: BotHarness) -> None:
    await admin(harness, "subscribe", subscribe_options(harness))
    other = harness.add_guild("Elsewhere")
    reply = await harness.slash(
        "announce remove", {"subscription": "#1"}, user=other.owner, channel=other.channels[0]
    )
    assert reply.message.content == "There is no subscription #1 on this server. `/announce list` shows them."
    empty = await harness.slash("announce list", user=other.owner, channel=other.channels[0])
    assert "No subscriptions yet" in empty.message.embed_text()


async def test_preview_of_game_updates_and_squad_reminders(harness: BotHarness) -> None:
    role = {"id": str(ROLE_ID), "name": "Raiders", "permissions": "0", "position": 1, "color": 0}
    harness.guild.roles.append({**role, "hoist": False, "managed": False, "mentionable": True, "flags": 0})
    harness.load_guild(harness.guild)
    await admin(harness, "subscribe", subscribe_options(harness, "game_updates"))
    nothing = await admin(harness, "preview", {"subscription": "#1"})
    assert nothing.deferred and nothing.message.ephemeral
    assert nothing.message.content.startswith("No game update has been seen yet.")
    _old, _new, diff = patch_diff()
    await record_build_seen(harness.bot.services.database, diff, datetime.now(UTC))
    shown = (await admin(harness, "preview", {"subscription": "#1"})).message
    assert shown.ephemeral and shown.content == f"**Preview** of #1 (Game updates) in <#{harness.channel.id}>"
    assert shown.embeds[0]["title"] == f"🛠️ Game update: build {diff.old_build} → {diff.new_build}"

    await admin(harness, "subscribe", subscribe_options(harness, "squad_reminders", role=str(ROLE_ID)))
    no_squad = (await admin(harness, "preview", {"subscription": "#2"})).message
    assert no_squad.content.startswith("No squad of this server has an upcoming event")
    squads = SquadStore(harness.bot.services.database)
    created = await squads.create(
        guild_id=harness.guild.id,
        leader_id=harness.admin.id,
        name="Raid night",
        mode=SquadMode.RAID,
        template=find_template("standard"),
        parties=None,
        event_at=datetime.now(UTC) + timedelta(days=2),
        timezone="UTC",
    )
    squad_id = created.squad.id
    await squads.edit(squad_id, guild_id=harness.guild.id, changes=SquadChanges(status=SquadStatus.OPEN))
    for member in (harness.member, harness.guild.members[2]):
        await squads.signup(
            squad_id, guild_id=harness.guild.id, member_id=member.id, choices=[Choice(Role.DPS)]
        )
    reminder = (await admin(harness, "preview", {"subscription": "#2"})).message
    assert reminder.content == (
        f"**Preview** of #2 (Squad reminders) in <#{harness.channel.id}>\n"
        "It would ping the @Raiders role and 2 signed-up members."
    )
    assert reminder.embeds[0]["title"] == "Raid night"
    assert harness.api.channel_messages(harness.channel.id) == []  # a preview posts nothing


@pytest.fixture
async def digest_harness(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotHarness]:
    """The bot with one template in the digest (each template is a real gear search)."""
    settings = settings_for(db_target, announce_digest_templates=["Heal Druid"])
    harness = await BotHarness.start(settings, monkeypatch)
    try:
        yield harness
    finally:
        await harness.close()


async def test_preview_of_the_meta_digest_shows_the_template_gear(digest_harness: BotHarness) -> None:
    harness = digest_harness
    await admin(harness, "subscribe", subscribe_options(harness, schedule="daily", time="07:00"))
    reply = (await admin(harness, "preview", {"subscription": "#1"})).message
    assert reply.content.startswith(
        f"**Preview** of #1 (Meta digest) in <#{harness.channel.id}> — next post <t:"
    )
    assert reply.embeds[0]["title"] == "📰 Meta digest"
    gear = reply.embeds[1]
    assert gear["title"].startswith("⚙️ Template gear on game build ")
    assert gear["description"].startswith("**Heal Druid** — Armor ")


async def test_help_lists_the_commands_and_time_zones_are_suggested(harness: BotHarness) -> None:
    text = (await harness.slash("help", {"command": "announce"})).message.embed_text()
    for name in ("subscribe", "list", "pause", "resume", "remove", "preview"):
        assert f"/announce {name}" in text
    berlin = await harness.autocomplete(
        "announce subscribe", "timezone", {"timezone": "berl"}, user=harness.admin
    )
    assert [c["value"] for c in berlin.choices] == ["Europe/Berlin"]
    new_york = await harness.autocomplete(
        "announce subscribe", "timezone", {"timezone": "new y"}, user=harness.admin
    )
    assert "America/New_York" in [c["value"] for c in new_york.choices]
