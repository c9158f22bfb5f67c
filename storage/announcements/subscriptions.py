"""Announcement subscriptions: a guild channel subscribed to a feed, with its schedule, time zone and ping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AnnouncementSubscriptionRow

# Discord shows at most 25 autocomplete choices; a server needs far fewer subscriptions than that.
MAX_PER_GUILD = 25
REASON_MAX = 300


class Feed(StrEnum):
    META_DIGEST = "meta_digest"
    GAME_UPDATES = "game_updates"
    SQUAD_REMINDERS = "squad_reminders"

    @property
    def label(self) -> str:
        return _FEED_LABELS[self]

    @property
    def scheduled(self) -> bool:
        """Posted on a schedule (cron); the other feeds post when something happens."""
        return self is Feed.META_DIGEST


_FEED_LABELS = {
    Feed.META_DIGEST: "Meta digest",
    Feed.GAME_UPDATES: "Game updates",
    Feed.SQUAD_REMINDERS: "Squad reminders",
}


class AnnouncementError(ValueError):
    """An announcement request that cannot be done; the message is written for the admin."""


@dataclass(frozen=True, slots=True)
class NewSubscription:
    guild_id: int
    channel_id: int
    feed: Feed
    schedule: str | None  # cron expression for scheduled feeds
    schedule_kind: str | None  # how the admin gave it: daily, weekly or cron
    timezone: str
    role_id: int | None
    lead_minutes: int | None  # squad reminders: minutes before the event
    created_by: int


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    feed: Feed
    schedule: str | None
    schedule_kind: str | None
    timezone: str
    role_id: int | None
    lead_minutes: int | None
    created_by: int
    created_at: datetime
    updated_at: datetime
    active_since: datetime
    paused_reason: str | None
    paused_at: datetime | None

    @property
    def paused(self) -> bool:
        return self.paused_reason is not None

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """What the scheduler's jobs depend on: a change means the jobs must be set up again."""
        return (self.feed, self.schedule, self.timezone, self.paused, self.lead_minutes)


def _to_domain(row: AnnouncementSubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id,
        guild_id=row.guild_id,
        channel_id=row.channel_id,
        feed=Feed(row.feed),
        schedule=row.schedule,
        schedule_kind=row.schedule_kind,
        timezone=row.timezone,
        role_id=row.role_id,
        lead_minutes=row.lead_minutes,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        active_since=row.active_since,
        paused_reason=row.paused_reason,
        paused_at=row.paused_at,
    )


def _not_found(reference: object) -> AnnouncementError:
    return AnnouncementError(
        f"There is no subscription {reference} on this server. `/announce list` shows them."
    )


class SubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def subscribe(self, new: NewSubscription, *, now: datetime) -> tuple[Subscription, bool]:
        """Subscribe the channel to the feed, or change (and resume) its existing subscription.
        Returns the subscription and whether it is new."""
        row = (
            await self._session.execute(
                select(AnnouncementSubscriptionRow)
                .where(
                    AnnouncementSubscriptionRow.guild_id == new.guild_id,
                    AnnouncementSubscriptionRow.channel_id == new.channel_id,
                    AnnouncementSubscriptionRow.feed == new.feed.value,
                )
                .with_for_update()
            )
        ).scalar_one_or_none()
        created = row is None
        if row is None:
            if len(await self.in_guild(new.guild_id)) >= MAX_PER_GUILD:
                raise AnnouncementError(
                    f"This server already has {MAX_PER_GUILD} subscriptions; remove one first."
                )
            row = AnnouncementSubscriptionRow(
                guild_id=new.guild_id, channel_id=new.channel_id, feed=new.feed.value, created_at=now
            )
        row.schedule, row.schedule_kind, row.timezone = new.schedule, new.schedule_kind, new.timezone
        row.role_id, row.lead_minutes, row.created_by = new.role_id, new.lead_minutes, new.created_by
        if created or row.paused_reason is not None:
            row.active_since = now
        row.paused_reason, row.paused_at, row.updated_at = None, None, now
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            raise AnnouncementError(
                "Someone subscribed this channel to that feed at the same moment; run the command again "
                "to change that subscription."
            ) from None
        return _to_domain(row), created

    async def _row(self, subscription_id: int, guild_id: int | None) -> AnnouncementSubscriptionRow:
        row = await self._session.get(AnnouncementSubscriptionRow, subscription_id, populate_existing=True)
        if row is None or (guild_id is not None and row.guild_id != guild_id):
            raise _not_found(f"#{subscription_id}")
        return row

    async def get(self, subscription_id: int, *, guild_id: int | None = None) -> Subscription:
        return _to_domain(await self._row(subscription_id, guild_id))

    async def find(self, subscription_id: int) -> Subscription | None:
        row = await self._session.get(AnnouncementSubscriptionRow, subscription_id, populate_existing=True)
        return _to_domain(row) if row is not None else None

    async def resolve(self, reference: str, *, guild_id: int) -> Subscription:
        """A subscription of this guild from what the admin typed: an autocomplete value (#12) or its id."""
        text = reference.strip().removeprefix("#")
        if not text.isdigit():
            raise _not_found(f"“{reference}”")
        return await self.get(int(text), guild_id=guild_id)

    async def in_guild(self, guild_id: int) -> list[Subscription]:
        rows = await self._session.scalars(
            select(AnnouncementSubscriptionRow)
            .where(AnnouncementSubscriptionRow.guild_id == guild_id)
            .order_by(AnnouncementSubscriptionRow.id)
        )
        return [_to_domain(row) for row in rows]

    async def all(self, *, feed: Feed | None = None, active_only: bool = False) -> list[Subscription]:
        query = select(AnnouncementSubscriptionRow).order_by(AnnouncementSubscriptionRow.id)
        if feed is not None:
            query = query.where(AnnouncementSubscriptionRow.feed == feed.value)
        if active_only:
            query = query.where(AnnouncementSubscriptionRow.paused_reason.is_(None))
        return [_to_domain(row) for row in await self._session.scalars(query)]

    async def pause(
        self, subscription_id: int, *, reason: str, now: datetime, guild_id: int | None = None
    ) -> Subscription:
        row = await self._row(subscription_id, guild_id)
        row.paused_reason, row.paused_at, row.updated_at = reason[:REASON_MAX], now, now
        await self._session.flush()
        return _to_domain(row)

    async def resume(self, subscription_id: int, *, now: datetime, guild_id: int) -> Subscription:
        row = await self._row(subscription_id, guild_id)
        if row.paused_reason is None:
            raise AnnouncementError(f"Subscription #{row.id} is not paused.")
        row.paused_reason, row.paused_at = None, None
        # What happened while paused is not announced afterwards.
        row.active_since, row.updated_at = now, now
        await self._session.flush()
        return _to_domain(row)

    async def remove(self, subscription_id: int, *, guild_id: int) -> Subscription:
        row = await self._row(subscription_id, guild_id)
        removed = _to_domain(row)
        await self._session.delete(row)
        await self._session.flush()
        return removed
