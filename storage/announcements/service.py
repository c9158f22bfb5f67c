"""The announcement service: subscriptions and the run ledger, one unit of work per call.

Claims are committed by their own call, before the post is sent, so a claim is visible to every other
process (and survives a crash) from the moment the post may go out.
"""

from __future__ import annotations

from datetime import datetime

from storage.announcements.runs import Run, RunLedger
from storage.announcements.subscriptions import Subscription, SubscriptionRepository
from storage.db import Store, per_call


class AnnouncementStore(Store):
    # -- subscriptions --------------------------------------------------------------------------------
    subscribe = per_call(SubscriptionRepository, SubscriptionRepository.subscribe)
    resolve = per_call(SubscriptionRepository, SubscriptionRepository.resolve)
    find = per_call(SubscriptionRepository, SubscriptionRepository.find)
    in_guild = per_call(SubscriptionRepository, SubscriptionRepository.in_guild)
    all = per_call(SubscriptionRepository, SubscriptionRepository.all)

    async def overview(self, guild_id: int) -> list[tuple[Subscription, Run | None]]:
        """The guild's subscriptions, each with its most recent run."""
        async with self._database.session() as session:
            subscriptions = await SubscriptionRepository(session).in_guild(guild_id)
            latest = await RunLedger(session).latest(s.id for s in subscriptions)
        return [(subscription, latest.get(subscription.id)) for subscription in subscriptions]

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
    claim = per_call(RunLedger, RunLedger.claim)
    finish = per_call(RunLedger, RunLedger.finish)
    fail = per_call(RunLedger, RunLedger.fail)
    skip = per_call(RunLedger, RunLedger.skip)
    run = per_call(RunLedger, RunLedger.find)
    last_sent = per_call(RunLedger, RunLedger.last_sent)
    recorded_slots = per_call(RunLedger, RunLedger.recorded_slots)

    async def latest_run(self, subscription_id: int) -> Run | None:
        async with self._database.session() as session:
            return (await RunLedger(session).latest([subscription_id])).get(subscription_id)
