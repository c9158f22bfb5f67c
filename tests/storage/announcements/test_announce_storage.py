"""Subscriptions and the run ledger on SQLite and PostgreSQL: one claim per slot, takeover of abandoned
runs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from storage.announcements import (
    MAX_PER_GUILD,
    AnnouncementError,
    AnnouncementStore,
    Feed,
    NewSubscription,
    RunStatus,
)
from storage.db import Database

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=3)


def digest(guild_id: int = 1, channel_id: int = 10, **changes: object) -> NewSubscription:
    values: dict[str, object] = {
        "guild_id": guild_id,
        "channel_id": channel_id,
        "feed": Feed.META_DIGEST,
        "schedule": "0 9 * * mon",
        "schedule_kind": "weekly",
        "timezone": "Europe/Berlin",
        "role_id": None,
        "lead_minutes": None,
        "created_by": 99,
    }
    values.update(changes)
    return NewSubscription(**values)  # type: ignore[arg-type]


async def test_subscribing_again_changes_the_subscription_and_resumes_it(database: Database) -> None:
    store = AnnouncementStore(database)
    first, created = await store.subscribe(digest(), now=NOW)
    assert created and first.active_since == NOW and not first.paused
    await store.pause(f"#{first.id}", guild_id=1, reason="paused by <@5>", now=NOW + timedelta(hours=1))
    later = NOW + timedelta(days=1)
    again, created = await store.subscribe(digest(schedule="0 18 * * *", schedule_kind="daily"), now=later)
    assert not created and again.id == first.id
    assert (again.schedule, again.paused, again.active_since) == ("0 18 * * *", False, later)
    other, created = await store.subscribe(digest(feed=Feed.GAME_UPDATES, schedule=None), now=later)
    assert created and other.id != first.id
    assert [s.id for s in await store.in_guild(1)] == [first.id, other.id]


async def test_subscriptions_belong_to_their_guild(database: Database) -> None:
    store = AnnouncementStore(database)
    mine, _ = await store.subscribe(digest(guild_id=1), now=NOW)
    for action in (
        store.resolve(f"#{mine.id}", guild_id=2),
        store.pause(str(mine.id), guild_id=2, reason="x", now=NOW),
        store.resume(f"#{mine.id}", guild_id=2, now=NOW),
        store.remove(f"#{mine.id}", guild_id=2),
    ):
        with pytest.raises(AnnouncementError, match=f"There is no subscription #{mine.id} on this server"):
            await action
    with pytest.raises(AnnouncementError, match="There is no subscription “daily” on this server"):
        await store.resolve("daily", guild_id=1)
    with pytest.raises(AnnouncementError, match="is not paused"):
        await store.resume(f"#{mine.id}", guild_id=1, now=NOW)
    removed = await store.remove(str(mine.id), guild_id=1)
    assert removed.id == mine.id and await store.find(mine.id) is None


async def test_a_guild_has_at_most_25_subscriptions(database: Database) -> None:
    store = AnnouncementStore(database)
    for channel in range(MAX_PER_GUILD):
        await store.subscribe(digest(channel_id=channel), now=NOW)
    with pytest.raises(AnnouncementError, match="already has 25 subscriptions"):
        await store.subscribe(digest(channel_id=500), now=NOW)
    await store.subscribe(digest(guild_id=2), now=NOW)


async def test_a_slot_is_claimed_once_even_by_concurrent_runs(database: Database) -> None:
    store = AnnouncementStore(database)
    subscription, _ = await store.subscribe(digest(), now=NOW)
    claims = await asyncio.gather(
        *(
            store.claim(subscription.id, "at:2026-06-01T11:00", NOW, now=NOW, lease=LEASE, owner=f"p{n}")
            for n in range(6)
        )
    )
    won = [claim for claim in claims if claim is not None]
    assert len(won) == 1 and won[0].status is RunStatus.SENDING and won[0].attempts == 1
    again = await store.claim(subscription.id, "at:2026-06-01T11:00", NOW, now=NOW, lease=LEASE, owner="x")
    assert again is None
    other = await store.claim(subscription.id, "at:2026-06-08T11:00", NOW, now=NOW, lease=LEASE, owner="x")
    assert other is not None and other.id != won[0].id


async def test_an_abandoned_run_is_taken_over_once_its_lease_runs_out(database: Database) -> None:
    store = AnnouncementStore(database)
    subscription, _ = await store.subscribe(digest(), now=NOW)
    run = await store.claim(subscription.id, "slot", NOW, now=NOW, lease=LEASE, owner="dead")
    assert run is not None
    early = NOW + LEASE - timedelta(seconds=1)
    assert await store.claim(subscription.id, "slot", NOW, now=early, lease=LEASE, owner="new") is None
    late = NOW + LEASE + timedelta(seconds=1)
    takers = await asyncio.gather(
        *(store.claim(subscription.id, "slot", NOW, now=late, lease=LEASE, owner=f"n{i}") for i in range(4))
    )
    taken = [t for t in takers if t is not None]
    assert len(taken) == 1 and taken[0].id == run.id and taken[0].attempts == 2
    await store.finish(run.id, message_id=1234, state={"game_build": 7}, now=late)
    much_later = late + timedelta(hours=1)
    assert await store.claim(subscription.id, "slot", NOW, now=much_later, lease=LEASE, owner="x") is None
    sent = await store.last_sent(subscription.id)
    assert sent is not None
    assert (sent.message_id, sent.state, sent.status) == (1234, {"game_build": 7}, RunStatus.SENT)


async def test_skips_and_failures_are_recorded_once(database: Database) -> None:
    store = AnnouncementStore(database)
    subscription, _ = await store.subscribe(digest(), now=NOW)
    assert await store.skip(subscription.id, "old", NOW - timedelta(days=1), reason="late", now=NOW)
    assert not await store.skip(subscription.id, "old", NOW - timedelta(days=1), reason="late", now=NOW)
    assert await store.claim(subscription.id, "old", NOW, now=NOW, lease=LEASE, owner="x") is None
    run = await store.claim(subscription.id, "new", NOW, now=NOW, lease=LEASE, owner="x")
    assert run is not None
    await store.fail(run.id, error="500 Internal Server Error", now=NOW)
    overview = await store.overview(1)
    assert [(s.id, r.status if r else None, r.error if r else None) for s, r in overview] == [
        (subscription.id, RunStatus.FAILED, "500 Internal Server Error")
    ]
    assert await store.last_sent(subscription.id) is None
    assert await store.recorded_slots([subscription.id], since=NOW - timedelta(days=2)) == {
        (subscription.id, "old"),
        (subscription.id, "new"),
    }
    assert await store.recorded_slots([subscription.id], since=NOW - timedelta(hours=1)) == {
        (subscription.id, "new")
    }


async def test_removing_a_subscription_removes_its_runs_and_claims_for_it_fail(database: Database) -> None:
    store = AnnouncementStore(database)
    subscription, _ = await store.subscribe(digest(), now=NOW)
    assert await store.claim(subscription.id, "a", NOW, now=NOW, lease=LEASE, owner="x") is not None
    await store.remove(f"#{subscription.id}", guild_id=1)
    assert await store.run(subscription.id, "a") is None
    assert await store.claim(subscription.id, "b", NOW, now=NOW, lease=LEASE, owner="x") is None
