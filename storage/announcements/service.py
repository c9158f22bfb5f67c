"""The announcement service: subscriptions and the run ledger, one unit of work per call.

Claims are committed by their own call, before the post is sent, so a claim is visible to every other
process (and survives a crash) from the moment the post may go out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from storage.announcements.runs import Run, RunLedger
from storage.announcements.subscriptions import Feed, NewSubscription, Subscription, SubscriptionRepository
from storage.db import Database


class AnnouncementStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    # -- subscriptions --------------------------------------------------------------------------------
    async def subscribe(self, new: NewSubscription, *, now: datetime) -> tuple[Subscription, bool]:
        async with self._database.session() as session:
            return await SubscriptionRepository(session).subscribe(new, now=now)

    async def resolve(self, reference: str, *, guild_id: int) -> Subscription:
        async with self._database.session() as session:
            return await SubscriptionRepository(session).resolve(reference, guild_id=guild_id)

    async def find(self, subscription_id: int) -> Subscription | None:
        async with self._database.session() as session:
            return await SubscriptionRepository(session).find(subscription_id)

    async def in_guild(self, guild_id: int) -> list[Subscription]:
        async with self._database.session() as session:
            return await SubscriptionRepository(session).in_guild(guild_id)

    async def overview(self, guild_id: int) -> list[tuple[Subscription, Run | None]]:
        """The guild's subscriptions, each with its most recent run."""
        async with self._database.session() as session:
            subscriptions = await SubscriptionRepository(session).in_guild(guild_id)
            latest = await RunLedger(session).latest(s.id for s in subscriptions)
        return [(subscription, latest.get(subscription.id)) for subscription in subscriptions]

    async def all(self, *, feed: Feed | None = None, active_only: bool = False) -> list[Subscription]:
        async with self._database.session() as session:
            return await SubscriptionRepository(session).all(feed=feed, active_only=active_only)

    async def pause(self, reference: str, *, guild_id: int, reason: str, now: datetime) -> Subscription:
        async with self._database.session() as session:
            repository = SubscriptionRepository(session)
            found = await repository.resolve(reference, guild_id=guild_id)
            return await repository.pause(found.id, reason=reason, now=now)

    async def pause_after_failure(self, subscription_id: int, *, reason: str, now: datetime) -> None:
        """Discord refused a post for good: stop posting until an admin resumes (no-op once removed)."""
        async with self._database.session() as session:
            repository = SubscriptionRepository(session)
            if await repository.find(subscription_id) is not None:
                await repository.pause(subscription_id, reason=reason, now=now)

    async def resume(self, reference: str, *, guild_id: int, now: datetime) -> Subscription:
        async with self._database.session() as session:
            repository = SubscriptionRepository(session)
            found = await repository.resolve(reference, guild_id=guild_id)
            return await repository.resume(found.id, now=now, guild_id=guild_id)

    async def remove(self, reference: str, *, guild_id: int) -> Subscription:
        async with self._database.session() as session:
            repository = SubscriptionRepository(session)
            found = await repository.resolve(reference, guild_id=guild_id)
            return await repository.remove(found.id, guild_id=guild_id)

    # -- the run ledger -------------------------------------------------------------------------------
    async def claim(
        self,
        subscription_id: int,
        slot: str,
        scheduled_for: datetime,
        *,
        now: datetime,
        lease: timedelta,
        owner: str,
    ) -> Run | None:
        async with self._database.session() as session:
            return await RunLedger(session).claim(
                subscription_id, slot, scheduled_for, now=now, lease=lease, owner=owner
            )

    async def finish(
        self, run_id: int, *, message_id: int, state: dict[str, Any] | None, now: datetime
    ) -> None:
        async with self._database.session() as session:
            await RunLedger(session).finish(run_id, message_id=message_id, state=state, now=now)

    async def fail(self, run_id: int, *, error: str, now: datetime) -> None:
        async with self._database.session() as session:
            await RunLedger(session).fail(run_id, error=error, now=now)

    async def skip(
        self, subscription_id: int, slot: str, scheduled_for: datetime, *, reason: str, now: datetime
    ) -> bool:
        async with self._database.session() as session:
            return await RunLedger(session).skip(subscription_id, slot, scheduled_for, reason=reason, now=now)

    async def run(self, subscription_id: int, slot: str) -> Run | None:
        async with self._database.session() as session:
            return await RunLedger(session).find(subscription_id, slot)

    async def latest_run(self, subscription_id: int) -> Run | None:
        async with self._database.session() as session:
            return (await RunLedger(session).latest([subscription_id])).get(subscription_id)

    async def last_sent(self, subscription_id: int) -> Run | None:
        async with self._database.session() as session:
            return await RunLedger(session).last_sent(subscription_id)

    async def recorded_slots(
        self, subscription_ids: Iterable[int], *, since: datetime
    ) -> set[tuple[int, str]]:
        async with self._database.session() as session:
            return await RunLedger(session).recorded_slots(subscription_ids, since=since)
