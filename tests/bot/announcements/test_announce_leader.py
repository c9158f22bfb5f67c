"""Leader election: of two processes on one PostgreSQL database exactly one schedules and posts, and the other
takes over when the first dies or stands down. On SQLite the single process always leads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.announcements import AnnouncementRuntime, Outcome, digest_job_id, run_digest
from bot.scheduler import BotScheduler
from storage.db import Database
from storage.leader_lock import AdvisoryLock, SingleProcessLock, advisory_key, scheduler_lock
from tests.harness.announcements import at, new_subscription, posts, runtime_for, subscribe, utc
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_gw2api import FakeClock

FRIDAY = utc(2026, 3, 27, 6)


async def run_due_jobs(runtime: AnnouncementRuntime) -> list[Outcome | None]:
    """What this process's scheduler would run now: its digest jobs."""
    jobs = [job for job in runtime.scheduler.apscheduler.get_jobs() if job.id.startswith("announce:digest:")]
    return [await job.func(*job.args) for job in jobs]


async def terminate_lock_holder(database: Database) -> int:
    """The server ends the session holding the scheduler lock, as when its process dies."""
    unsigned = advisory_key(database) & 0xFFFF_FFFF_FFFF_FFFF
    async with database.engine.connect() as connection:
        ended = await connection.scalar(
            text(
                # With a timeout the call returns once the backend is gone (and its locks with it).
                "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND objsubid = 1 AND classid::bigint = :high AND objid::bigint = :low"
            ),
            {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF},
        )
        await connection.commit()
    return int(ended or 0)


def paused_scheduler() -> BotScheduler:
    scheduler = BotScheduler()
    scheduler.start_paused()
    return scheduler


@pytest.fixture
async def processes(
    harness: BotHarness, db_target: DatabaseTarget
) -> AsyncIterator[tuple[list[AnnouncementRuntime], FakeClock]]:
    """Two "processes": runtimes with their own database engines (sessions) and schedulers."""
    if db_target.backend != "postgres":
        pytest.skip("leader election across processes needs PostgreSQL")
    await harness.bot.announcements.stop()  # the harness bot leaves the election to these two
    clock = FakeClock(FRIDAY)
    databases = [Database(db_target.url, schema=db_target.schema) for _ in range(2)]
    runtimes = [
        runtime_for(
            harness,
            clock,
            database=database,
            scheduler=paused_scheduler(),
            lock=scheduler_lock(database),
            owner=f"process-{number}",
        )
        for number, database in enumerate(databases)
    ]
    try:
        yield runtimes, clock
    finally:
        for runtime in runtimes:
            await runtime.stop()
        for database in databases:
            await database.dispose()


async def test_exactly_one_process_posts_and_the_other_takes_over_when_it_dies(
    harness: BotHarness, processes: tuple[list[AnnouncementRuntime], FakeClock]
) -> None:
    (first, second), clock = processes
    channel = harness.channel.id
    subscription = await subscribe(first, new_subscription(harness.guild.id, channel))
    job_id = digest_job_id(subscription.id)
    assert [await first.election.check(), await second.election.check()] == [True, False]
    assert first.scheduler.has_job(job_id) and second.scheduler.job_ids() == []
    assert await second.election.check() is False  # re-trying does not steal the lock

    at(clock, utc(2026, 3, 27, 8, 0, 1))
    assert await run_due_jobs(first) == [Outcome.SENT]
    assert await run_due_jobs(second) == []
    assert len(posts(harness, channel)) == 1

    assert await terminate_lock_holder(harness.bot.services.database) == 1
    assert await second.election.check() is True  # the lock was free at once
    assert second.scheduler.has_job(job_id)
    assert await first.election.check() is False  # the dead session's owner notices and stands down
    assert first.scheduler.job_ids() == []
    # Even a process that still believed it led could not post the same slot twice.
    assert await run_digest(first, subscription.id) is Outcome.DUPLICATE

    at(clock, utc(2026, 3, 28, 8, 0, 1))
    assert await run_due_jobs(second) == [Outcome.SENT]
    assert await run_due_jobs(first) == []
    assert len(posts(harness, channel)) == 2


async def test_a_process_standing_down_hands_over_on_the_next_check(
    harness: BotHarness, processes: tuple[list[AnnouncementRuntime], FakeClock]
) -> None:
    (first, second), clock = processes
    subscription = await subscribe(first, new_subscription(harness.guild.id, harness.channel.id))
    assert await first.election.check() and not await second.election.check()
    at(clock, utc(2026, 3, 27, 8, 3))
    await first.stop()  # an orderly shutdown releases the lock
    assert first.scheduler.job_ids() == []
    assert await second.election.check()
    # Elected three minutes after 09:00 with nothing posted: the new leader catches the post up.
    assert second.scheduler.next_run_time(digest_job_id(subscription.id)) == clock.now()
    assert await run_due_jobs(second) == [Outcome.SENT]
    at(clock, utc(2026, 3, 27, 8, 3) + timedelta(minutes=1))
    assert await run_due_jobs(second) == [Outcome.DUPLICATE]
    assert len(posts(harness, harness.channel.id)) == 1


async def test_the_lock_belongs_to_the_database_and_schema(
    db_target: DatabaseTarget, database: Database
) -> None:
    if db_target.backend != "postgres":
        assert isinstance(scheduler_lock(database), SingleProcessLock)
        assert await scheduler_lock(database).acquire()
        return
    lock = scheduler_lock(database)
    assert isinstance(lock, AdvisoryLock) and lock.key == advisory_key(database)
    elsewhere = Database(db_target.url, schema="public")
    try:
        assert advisory_key(elsewhere) != advisory_key(database)
    finally:
        await elsewhere.dispose()


async def test_the_bot_itself_leads_alone(harness: BotHarness) -> None:
    assert harness.bot.announcements.is_leader
    assert harness.bot.scheduler.has_job("announce:game-updates")
