"""Running announcements on a controllable clock: local times across DST, coalescing, restarts, failures.

The runtime posts through the real bot against the fake Discord API; the clock only moves when a test moves
it (or a retry backs off), so nothing waits for real.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.announcements import (
    Outcome,
    digest_job_id,
    fire_times,
    reminder_job_id,
    run_digest,
    subscription_schedule,
    watch_game_updates,
    watch_squad_reminders,
)
from bot.scheduler import BotScheduler
from optimizer.squads import Role, SquadMode, find_template
from storage.announcements import Feed, RunStatus
from storage.builds import BuildStore, Visibility
from storage.gamedata import GameBuildRepository, SnapshotRepository, encode_payloads
from storage.squads import Choice, SquadChanges, SquadStatus, SquadStore
from tests.harness.announcements import (
    NEW_BUILD,
    at,
    fail_posts,
    new_subscription,
    patch_diff,
    patched_payloads,
    post_calls,
    posts,
    ranger_code,
    record_build_seen,
    refuse_posts,
    runtime_for,
    server_error,
    subscribe,
    utc,
)
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_api import _FakeResponse
from tests.harness.fake_gw2api import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)  # Berlin moves to summer time on Sunday 29 March


async def test_daily_digest_posts_at_nine_local_time_each_day_across_the_dst_change(
    harness: BotHarness,
) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel))
    schedule = subscription_schedule(subscription)
    assert schedule is not None
    fires = fire_times(schedule.trigger(), FRIDAY, utc(2026, 3, 31))
    assert fires == [utc(2026, 3, 27, 8), utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)]
    for fire in fires:
        at(clock, fire + timedelta(seconds=2))
        assert await run_digest(runtime, subscription.id) is Outcome.SENT
    sent = posts(harness, channel)
    assert len(sent) == 4 and all(m.embeds[0]["title"] == "📰 Meta digest" for m in sent)
    for fire in fires:
        run = await runtime.store.run(subscription.id, f"at:{fire.astimezone(BERLIN):%Y-%m-%d}T09:00")
        assert run is not None and run.status is RunStatus.SENT and run.scheduled_for == fire


async def test_the_repeated_autumn_hour_posts_once(harness: BotHarness) -> None:
    clock = FakeClock(utc(2026, 10, 24, 12))
    runtime = runtime_for(harness, clock)
    subscription = await subscribe(
        runtime, new_subscription(harness.guild.id, harness.channel.id, cron="30 2 * * *")
    )
    at(clock, utc(2026, 10, 25, 0, 31))  # 02:31 summer time
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    at(clock, utc(2026, 10, 25, 1, 31))  # 02:31 again, in winter time
    assert await run_digest(runtime, subscription.id) is Outcome.DUPLICATE
    assert len(posts(harness, harness.channel.id)) == 1


async def test_runs_missed_inside_the_grace_period_coalesce_into_one_post(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(utc(2026, 5, 1, 5, 30))
    runtime = runtime_for(harness, clock, grace=timedelta(hours=3))
    channel = harness.channel.id
    hourly = new_subscription(harness.guild.id, channel, cron="0 * * * *", kind="cron", timezone="UTC")
    subscription = await subscribe(runtime, hourly)
    at(clock, utc(2026, 5, 1, 6, 0, 1))
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    # Nothing runs from 06:30 until 11:30: 07:00 and 08:00 are beyond the grace period, 09:00-11:00 inside it.
    at(clock, utc(2026, 5, 1, 11, 30))
    restarted = runtime_for(harness, clock, grace=timedelta(hours=3))
    with caplog.at_level(logging.WARNING):
        await restarted.election.check()
    assert "missed 2 posts" in caplog.text
    assert restarted.scheduler.next_run_time(digest_job_id(subscription.id)) == clock.now()
    assert await run_digest(restarted, subscription.id) is Outcome.SENT
    assert await run_digest(restarted, subscription.id) is Outcome.DUPLICATE
    assert len(posts(harness, channel)) == 2
    latest = await restarted.store.latest_run(subscription.id)
    assert latest is not None and latest.slot == "at:2026-05-01T11:00" and latest.status is RunStatus.SENT
    skipped = await restarted.store.run(subscription.id, "at:2026-05-01T08:00")
    assert skipped is not None and skipped.status is RunStatus.SKIPPED
    assert skipped.error == "missed while the bot was offline (2 posts)"


async def test_a_restart_neither_posts_twice_nor_loses_the_post(harness: BotHarness) -> None:
    clock = FakeClock(FRIDAY)
    first = runtime_for(harness, clock, owner="first")
    channel = harness.channel.id
    subscription = await subscribe(first, new_subscription(harness.guild.id, channel))
    await first.election.check()
    job_id = digest_job_id(subscription.id)
    assert first.scheduler.has_job(job_id)

    # Friday: posted at 09:00, then the process restarts at 09:04; the new one does not post again.
    at(clock, utc(2026, 3, 27, 8, 0, 1))
    assert await run_digest(first, subscription.id) is Outcome.SENT
    await first.stop()
    assert not first.scheduler.has_job(job_id)
    at(clock, utc(2026, 3, 27, 8, 4))
    second = runtime_for(harness, clock, owner="second")
    await second.election.check()
    assert second.scheduler.next_run_time(job_id) != clock.now()  # nothing to catch up: the usual 09:00
    assert await run_digest(second, subscription.id) is Outcome.DUPLICATE

    # Saturday: the process is down from 08:55 to 09:06; the one starting then posts the missed digest.
    await second.stop()
    at(clock, utc(2026, 3, 28, 8, 6))
    third = runtime_for(harness, clock, owner="third")
    await third.election.check()
    assert third.scheduler.next_run_time(job_id) == clock.now()
    assert await run_digest(third, subscription.id) is Outcome.SENT

    # Sunday: a process claims the post and dies before recording it; after the lease, the next one sends it
    # again with the same nonce, so Discord keeps a single message even if the first send had arrived.
    at(clock, utc(2026, 3, 29, 7, 0, 1))
    fire = utc(2026, 3, 29, 7)
    claimed = await third.store.claim(
        subscription.id,
        "at:2026-03-29T09:00",
        fire,
        now=clock.now(),
        lease=timedelta(minutes=3),
        owner="dead",
    )
    assert claimed is not None
    at(clock, utc(2026, 3, 29, 7, 2))
    assert await run_digest(third, subscription.id) is Outcome.DUPLICATE  # its lease still runs
    at(clock, utc(2026, 3, 29, 7, 5))
    assert await run_digest(third, subscription.id) is Outcome.SENT
    run = await third.store.run(subscription.id, "at:2026-03-29T09:00")
    assert run is not None and run.id == claimed.id and run.attempts == 2
    assert post_calls(harness, channel)[-1]["nonce"] == f"gw2o-{claimed.id}"
    assert [m.embeds[0]["title"] for m in posts(harness, channel)] == ["📰 Meta digest"] * 3


async def test_a_run_later_than_the_grace_period_is_skipped_and_logged(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, harness.channel.id))
    at(clock, utc(2026, 3, 27, 8, 30))
    assert await run_digest(runtime, subscription.id) is None  # no slot inside the grace period
    with caplog.at_level(logging.WARNING):
        await runtime.election.check()
    assert f"Subscription #{subscription.id} missed 1 post while" in caplog.text
    assert not posts(harness, harness.channel.id)
    run = await runtime.store.run(subscription.id, "at:2026-03-27T09:00")
    assert run is not None and run.status is RunStatus.SKIPPED


@pytest.mark.parametrize("status", [403, 404])
async def test_a_refused_post_pauses_the_subscription_with_the_reason(
    harness: BotHarness, status: int
) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel))
    await runtime.election.check()
    refuse_posts(harness, channel, status)
    at(clock, utc(2026, 3, 27, 8, 0, 5))
    assert await run_digest(runtime, subscription.id) is Outcome.PAUSED
    assert len(post_calls(harness, channel)) == 1  # no retry: it cannot succeed
    paused = await runtime.store.find(subscription.id)
    assert paused is not None and paused.paused_reason is not None
    expected = "403 fake Missing Permissions" if status == 403 else "404 fake Unknown Channel"
    assert paused.paused_reason == (
        f"Discord refused the post in <#{channel}> ({expected}); check the bot's access there"
    )
    run = await runtime.store.latest_run(subscription.id)
    assert run is not None and run.status is RunStatus.FAILED
    at(clock, utc(2026, 3, 28, 8, 0, 5))
    assert await run_digest(runtime, subscription.id) is None
    assert not runtime.scheduler.has_job(digest_job_id(subscription.id))
    listed = await harness.slash("announce list", user=harness.admin)
    assert f"⏸️ **Paused** (<t:{int(utc(2026, 3, 27, 8, 0, 5).timestamp())}:R>): Discord refused" in (
        listed.message.embed_text()
    )


async def test_server_errors_are_retried_with_backoff_and_the_same_nonce(harness: BotHarness) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel))
    fail_posts(harness, channel, 2, server_error)
    at(clock, utc(2026, 3, 27, 8, 0, 1))
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    first, second = clock.sleeps  # jittered, growing waits
    assert 2.0 <= first <= 4.0 and 4.0 <= second <= 8.0
    attempts = post_calls(harness, channel)
    run = await runtime.store.latest_run(subscription.id)
    assert run is not None and run.status is RunStatus.SENT
    assert [(a["nonce"], a["enforce_nonce"]) for a in attempts] == [(f"gw2o-{run.id}", True)] * 3
    assert len(posts(harness, channel)) == 1 and run.message_id == posts(harness, channel)[0].id


async def test_a_post_failing_every_attempt_is_recorded_and_the_subscription_stays(
    harness: BotHarness,
) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel))
    fail_posts(harness, channel, 10, server_error)
    at(clock, utc(2026, 3, 27, 8, 0, 1))
    assert await run_digest(runtime, subscription.id) is Outcome.FAILED
    assert len(post_calls(harness, channel)) == 4
    run = await runtime.store.latest_run(subscription.id)
    assert run is not None and run.status is RunStatus.FAILED and run.error == "503 fake Service Unavailable"
    found = await runtime.store.find(subscription.id)
    assert found is not None and not found.paused


async def test_a_bad_request_is_not_retried(harness: BotHarness) -> None:
    clock = FakeClock(FRIDAY)
    runtime = runtime_for(harness, clock)
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel))
    fail_posts(
        harness,
        channel,
        1,
        lambda: discord.HTTPException(_FakeResponse(400), {"code": 50035, "message": "Invalid Form Body"}),
    )
    at(clock, utc(2026, 3, 27, 8, 0, 1))
    assert await run_digest(runtime, subscription.id) is Outcome.FAILED
    assert len(post_calls(harness, channel)) == 1 and clock.sleeps == []


async def test_one_refusing_guild_does_not_hold_up_the_others(harness: BotHarness) -> None:
    _old, _new, diff = patch_diff()
    clock = FakeClock(utc(2026, 4, 1, 12))
    runtime = runtime_for(harness, clock)
    guilds = [harness.guild, harness.add_guild("Second"), harness.add_guild("Third")]
    subscriptions = [
        await subscribe(runtime, new_subscription(g.id, g.channels[0].id, Feed.GAME_UPDATES)) for g in guilds
    ]
    refuse_posts(harness, guilds[1].channels[0].id)
    at(clock, utc(2026, 4, 1, 12, 5))
    await record_build_seen(harness.bot.services.database, diff, clock.now())
    await watch_game_updates(runtime)
    outcomes = await runtime.settle()
    assert sorted(outcomes) == sorted([Outcome.SENT, Outcome.SENT, Outcome.PAUSED])
    for guild in (guilds[0], guilds[2]):
        (message,) = posts(harness, guild.channels[0].id)
        assert message.embeds[0]["title"] == f"🛠️ Game update: build {diff.old_build} → {NEW_BUILD}"
    paused = await runtime.store.find(subscriptions[1].id)
    assert paused is not None and paused.paused
    await watch_game_updates(runtime)  # every slot is recorded: nothing more to post
    assert await runtime.settle() == []


async def test_game_updates_post_each_new_build_once_and_skip_stale_ones(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    _old, _new, diff = patch_diff()
    clock = FakeClock(utc(2026, 4, 1, 12))
    runtime = runtime_for(harness, clock)
    database = harness.bot.services.database
    # Seen before the subscription existed: not announced.
    await record_build_seen(database, diff, utc(2026, 4, 1, 11))
    channel = harness.channel.id
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel, Feed.GAME_UPDATES))
    await watch_game_updates(runtime)
    assert await runtime.settle() == []
    later = type(diff)(
        NEW_BUILD, NEW_BUILD + 1, diff.specializations, diff.traits, diff.skills, diff.itemstats
    )
    await record_build_seen(database, later, utc(2026, 4, 1, 13))
    at(clock, utc(2026, 4, 2, 14))  # the bot was down for more than a day after that build was seen
    with caplog.at_level(logging.WARNING):
        await watch_game_updates(runtime)
        assert await runtime.settle() == [Outcome.LATE]
    assert f"Skipped build:{NEW_BUILD + 1} of subscription #{subscription.id}" in caplog.text
    newest = type(diff)(
        NEW_BUILD + 1, NEW_BUILD + 2, diff.specializations, diff.traits, diff.skills, diff.itemstats
    )
    await record_build_seen(database, newest, utc(2026, 4, 2, 14))
    at(clock, utc(2026, 4, 2, 14, 1))
    await watch_game_updates(runtime)
    assert await runtime.settle() == [Outcome.SENT]
    await watch_game_updates(runtime)
    assert await runtime.settle() == []
    (message,) = posts(harness, channel)
    assert message.embeds[0]["title"] == f"🛠️ Game update: build {NEW_BUILD + 1} → {NEW_BUILD + 2}"


async def test_sends_start_at_most_ten_per_second(harness: BotHarness) -> None:
    clock = FakeClock(FRIDAY)
    pacer = runtime_for(harness, clock).deliverer.pacer
    # A burst of five sends due at once: each after the one before, 0.1 s apart.
    await asyncio.gather(*(pacer.acquire() for _ in range(5)))
    assert clock.sleeps == pytest.approx([0.1] * 4)
    assert clock.monotonic() == pytest.approx(0.4)
    clock.advance(5)
    await pacer.acquire()  # after a quiet while a send goes at once
    assert len(clock.sleeps) == 4


async def test_stopping_leadership_drops_every_announcement_job(harness: BotHarness) -> None:
    clock = FakeClock(FRIDAY)
    scheduler = BotScheduler()
    scheduler.start_paused()
    runtime = runtime_for(harness, clock, scheduler=scheduler)
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, harness.channel.id))
    await runtime.election.check()
    assert sorted(scheduler.job_ids()) == sorted(
        [
            "announce:game-updates",
            "announce:squad-reminders",
            "announce:reconcile",
            digest_job_id(subscription.id),
        ]
    )
    await runtime.stop()
    assert scheduler.job_ids() == []


async def test_squad_reminders_fire_at_their_exact_time_once_and_follow_a_moved_event(
    harness: BotHarness,
) -> None:
    clock = FakeClock(utc(2026, 4, 3, 17, 0))
    runtime = runtime_for(harness, clock)
    guild_id, channel = harness.guild.id, harness.channel.id
    subscription = await subscribe(
        runtime, new_subscription(guild_id, channel, Feed.SQUAD_REMINDERS, lead_minutes=15)
    )
    squads = SquadStore(harness.bot.services.database)
    event = utc(2026, 4, 3, 18, 0)
    open_squad = await create_squad(squads, guild_id, "Raid night", event, status=SquadStatus.OPEN)
    await create_squad(squads, guild_id, "Draft plan", event, status=None)  # never posted: no reminder
    members = [harness.member.id, harness.guild.members[2].id]
    for member in members:
        await squads.signup(open_squad, guild_id=guild_id, member_id=member, choices=[Choice(Role.DPS)])
    job_id = reminder_job_id(subscription.id, open_squad)

    await watch_squad_reminders(runtime)  # 17:00: the 17:45 reminder is not due before the next watch
    assert not runtime.scheduler.has_job(job_id)
    at(clock, utc(2026, 4, 3, 17, 44))
    await watch_squad_reminders(runtime)
    assert [j for j in runtime.scheduler.job_ids() if j.startswith("announce:reminder:")] == [job_id]
    job = runtime.scheduler.apscheduler.get_job(job_id)
    assert job is not None and job.trigger.run_date == utc(2026, 4, 3, 17, 45)

    at(clock, utc(2026, 4, 3, 17, 45, 1))
    assert await job.func(*job.args) is Outcome.SENT
    assert await job.func(*job.args) is Outcome.DUPLICATE
    (reminder,) = posts(harness, channel)
    assert reminder.content.startswith(f"⏰ **Raid night** starts <t:{int(event.timestamp())}:R>.")
    assert reminder.content.endswith(f"<@{members[0]}> <@{members[1]}>")
    mentions = post_calls(harness, channel)[-1]["allowed_mentions"]
    assert sorted(int(user) for user in mentions["users"]) == sorted(members)
    assert mentions["parse"] == []
    assert reminder.embeds[0]["title"] == "Raid night"

    # The leader moves the event an hour later: the old reminder job drops, a new one follows the new time.
    await squads.edit(open_squad, guild_id=guild_id, changes=SquadChanges(event_at=utc(2026, 4, 3, 19, 0)))
    assert await job.func(*job.args) is None
    at(clock, utc(2026, 4, 3, 18, 44))
    await watch_squad_reminders(runtime)
    moved = runtime.scheduler.apscheduler.get_job(job_id)
    assert moved is not None and moved.trigger.run_date == utc(2026, 4, 3, 18, 45)
    at(clock, utc(2026, 4, 3, 18, 45))
    assert await moved.func(*moved.args) is Outcome.SENT
    assert len(posts(harness, channel)) == 2


async def create_squad(
    squads: SquadStore, guild_id: int, name: str, event: datetime, *, status: SquadStatus | None
) -> int:
    created = await squads.create(
        guild_id=guild_id,
        leader_id=1,
        name=name,
        mode=SquadMode.RAID,
        template=find_template("standard"),
        parties=None,
        event_at=event,
        timezone="Europe/Berlin",
    )
    if status is not None:
        await squads.edit(created.squad.id, guild_id=guild_id, changes=SquadChanges(status=status))
    return created.squad.id


async def test_a_game_update_is_judged_on_the_new_builds_stored_data(harness: BotHarness) -> None:
    """This process still runs on older game data (another process refreshed first): the notice reads the
    stored snapshot of the new build, so a build the patch broke is reported."""
    old, _new, diff = patch_diff()
    database = harness.bot.services.database
    assert harness.bot.services.game_data.current.build_id < NEW_BUILD
    snapshot_id, blob = encode_payloads(NEW_BUILD, "en", patched_payloads())
    async with database.session() as session:
        await SnapshotRepository(session).add(
            snapshot_id,
            build_id=NEW_BUILD,
            language="en",
            fetched_at=utc(2026, 4, 1, 12),
            counts={},
            payload=blob,
        )
        await GameBuildRepository(session).record(
            NEW_BUILD,
            seen_at=utc(2026, 4, 1, 12, 5),
            snapshot_id=snapshot_id,
            previous_build_id=diff.old_build,
            diff=diff,
        )
    await BuildStore(database).save(
        old,
        guild_id=harness.guild.id,
        author_id=harness.member.id,
        name="Pet Ranger",
        code=ranger_code(1, (22, 4)),
        role=Role.DPS,
        visibility=Visibility.GUILD,
    )
    clock = FakeClock(utc(2026, 4, 1, 12))
    runtime = runtime_for(harness, clock)
    await subscribe(runtime, new_subscription(harness.guild.id, harness.channel.id, Feed.GAME_UPDATES))
    at(clock, utc(2026, 4, 1, 12, 6))
    await watch_game_updates(runtime)
    assert await runtime.settle() == [Outcome.SENT]
    (notice,) = posts(harness, harness.channel.id)
    assert "❌ **Pet Ranger** (Soulbeast)" in notice.embed_text()
    assert "unknown pet id 22" in notice.embed_text()
