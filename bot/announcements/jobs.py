"""Announcement jobs on the bot's scheduler, and keeping them in step with the subscriptions table.

The table is the source of truth. The process elected leader (`bot/leader_election.py`) builds the jobs from
it when elected, keeps them in step when its own commands change a subscription, and reconciles every
minute for changes made through other processes; when it stops leading, its jobs go.

- Meta digests: one cron job per subscription (`announce:digest:<id>`), in the subscription's time zone.
  A run posts the latest slot due within the grace period; slots missed before that are skipped and logged.
  When elected, a slot missed during downtime but still inside the grace period is posted at once.
- Game updates: a watcher (`announce:game-updates`) posts every game build the tracker recorded that a
  subscription has not posted yet (the build poll runs it at once when it finds one).
- Squad reminders: a watcher looks a little ahead for reminders due, and sets a one-off job for each at its
  exact time (`announce:reminder:<subscription>:<squad>`).

Jobs are module-level functions taking the runtime and ids; every post goes through `Deliverer`, whose
ledger makes it happen once per slot whatever runs it, however often.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.announcements.delivery import BotPoster, Deliverer, DeliveryPolicy, Occasion, Outcome, Poster
from bot.announcements.feeds.post import Post
from bot.announcements.feeds.render import FeedRenderer
from bot.announcements.feeds.template_gear import TemplateGearBoard
from bot.announcements.schedules import due_fire, missed_fires, subscription_schedule
from bot.leader_election import LeaderElection
from bot.meta.service import MetaService
from bot.optimize import OptimizeService
from bot.scheduler import GAME_UPDATES_JOB_ID, BotScheduler
from optimizer import count
from storage.announcements import AnnouncementStore, Feed, FeedSources, Subscription
from storage.db import Database
from storage.gamedata import GameDataService
from storage.gw2api import SYSTEM_CLOCK, Clock
from storage.leader_lock import SchedulerLock, scheduler_lock
from storage.squads import SquadDetails

if TYPE_CHECKING:
    from bot.client import GW2Bot
    from bot.settings import Settings

log = logging.getLogger(__name__)

JOB_PREFIX = "announce:"
SQUAD_REMINDERS_JOB_ID = "announce:squad-reminders"
RECONCILE_JOB_ID = "announce:reconcile"
WATCH_SECONDS = 60
RECONCILE_SECONDS = 60
# A reminder set one watch ahead is never missed between two watches.
REMINDER_LOOKAHEAD = timedelta(seconds=2 * WATCH_SECONDS)
# News of a game update stays worth posting for a day (the digest grace period is for timed posts).
GAME_UPDATE_GRACE = timedelta(hours=24)


def digest_job_id(subscription_id: int) -> str:
    return f"{JOB_PREFIX}digest:{subscription_id}"


def reminder_job_id(subscription_id: int, squad_id: int) -> str:
    return f"{JOB_PREFIX}reminder:{subscription_id}:{squad_id}"


def reminder_slot(squad_id: int, event_at: datetime) -> str:
    return f"squad:{squad_id}:{event_at:%Y%m%dT%H%M%S}"


def game_update_slot(build_id: int) -> str:
    return f"build:{build_id}"


@dataclass(frozen=True, slots=True)
class AnnouncementConfig:
    policy: DeliveryPolicy
    leader_check_seconds: float
    digest_templates: tuple[str, ...] | None

    @classmethod
    def from_settings(cls, settings: Settings) -> AnnouncementConfig:
        return cls(
            policy=DeliveryPolicy(
                grace=timedelta(minutes=settings.announce_grace_minutes),
                sends_per_second=settings.announce_sends_per_second,
            ),
            leader_check_seconds=settings.announce_leader_check_seconds,
            digest_templates=(
                tuple(settings.announce_digest_templates)
                if settings.announce_digest_templates is not None
                else None
            ),
        )


class AnnouncementRuntime:
    def __init__(
        self,
        *,
        store: AnnouncementStore,
        sources: FeedSources,
        renderer: FeedRenderer,
        deliverer: Deliverer,
        scheduler: BotScheduler,
        clock: Clock,
        lock: SchedulerLock,
        leader_check_seconds: float,
    ) -> None:
        self.store = store
        self.sources = sources
        self.renderer = renderer
        self.deliverer = deliverer
        self.scheduler = scheduler
        self.clock = clock
        self.election = LeaderElection(
            lock, on_elected=self.take_over, on_deposed=self.stand_down, interval=leader_check_seconds
        )
        self._scheduled: dict[int, tuple[object, ...]] = {}
        self._tasks: set[asyncio.Task[Outcome]] = set()

    @classmethod
    def create(
        cls,
        *,
        database: Database,
        game_data: GameDataService,
        optimizer: OptimizeService,
        poster: Poster,
        scheduler: BotScheduler,
        config: AnnouncementConfig,
        clock: Clock = SYSTEM_CLOCK,
        lock: SchedulerLock | None = None,
        owner: str | None = None,
        meta: MetaService | None = None,
    ) -> AnnouncementRuntime:
        store = AnnouncementStore(database)
        sources = FeedSources(database)
        templates = TemplateGearBoard(optimizer, config.digest_templates)
        return cls(
            store=store,
            sources=sources,
            renderer=FeedRenderer(store, sources, game_data, templates, meta),
            deliverer=Deliverer(store, poster, clock, config.policy, owner=owner),
            scheduler=scheduler,
            clock=clock,
            lock=lock or scheduler_lock(database),
            leader_check_seconds=config.leader_check_seconds,
        )

    @classmethod
    def for_bot(cls, bot: GW2Bot) -> AnnouncementRuntime:
        services = bot.services
        return cls.create(
            database=services.database,
            game_data=services.game_data,
            optimizer=services.optimizer,
            poster=BotPoster(bot),
            scheduler=bot.scheduler,
            config=AnnouncementConfig.from_settings(bot.settings),
            meta=services.meta,
        )

    @property
    def grace(self) -> timedelta:
        return self.deliverer.policy.grace

    @property
    def is_leader(self) -> bool:
        return self.election.is_leader

    # -- leadership -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Try to lead now (so a single process has its jobs before the scheduler resumes), then keep
        trying and re-checking in the background."""
        await self.election.check()
        self.election.start()

    async def stop(self) -> None:
        await self.election.stop()

    async def take_over(self) -> None:
        now = self.clock.now()
        watchers: Sequence[tuple[str, str, Callable[..., Awaitable[None]], int]] = (
            (GAME_UPDATES_JOB_ID, "Post game-update notices", watch_game_updates, WATCH_SECONDS),
            (SQUAD_REMINDERS_JOB_ID, "Set up squad reminders", watch_squad_reminders, WATCH_SECONDS),
            (RECONCILE_JOB_ID, "Keep announcement jobs in step", reconcile_subscriptions, RECONCILE_SECONDS),
        )
        for job_id, name, job, seconds in watchers:
            self.scheduler.add_job(
                job,
                IntervalTrigger(seconds=seconds),
                job_id=job_id,
                name=name,
                args=[self],
                next_run_time=now,
                misfire_grace_time=seconds,
            )
        await self.reconcile(catch_up=True)

    async def stand_down(self) -> None:
        self.scheduler.remove_jobs(JOB_PREFIX)
        self._scheduled.clear()
        tasks, self._tasks = set(self._tasks), set()
        for task in tasks:
            task.cancel()
        # A cancelled send leaves its claim under a lease: the next leader takes it over.
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- keeping the jobs in step with the table ------------------------------------------------------
    async def reconcile(self, *, catch_up: bool = False) -> None:
        """Set up, change or drop digest jobs so they match the table. `catch_up` (when elected): also post
        a slot missed during downtime that is still inside the grace period."""
        if not self.is_leader:
            return
        subscriptions = {s.id: s for s in await self.store.all(feed=Feed.META_DIGEST)}
        for subscription_id in set(self._scheduled) - set(subscriptions):
            self._unschedule(subscription_id)
        for subscription in subscriptions.values():
            if catch_up or self._scheduled.get(subscription.id) != subscription.fingerprint:
                await self._schedule(subscription, catch_up=catch_up)

    async def subscription_changed(self, subscription_id: int) -> None:
        """A command changed the subscription: bring its jobs in step now (when leading here; otherwise the
        leader's reconcile does within a minute)."""
        if not self.is_leader:
            return
        subscription = await self.store.find(subscription_id)
        if subscription is None:
            self._unschedule(subscription_id)
            self.scheduler.remove_jobs(f"{JOB_PREFIX}reminder:{subscription_id}:")
        elif subscription.feed.scheduled:
            await self._schedule(subscription, catch_up=False)
        elif subscription.paused:
            self.scheduler.remove_jobs(f"{JOB_PREFIX}reminder:{subscription_id}:")

    def _unschedule(self, subscription_id: int) -> None:
        self.scheduler.remove_job(digest_job_id(subscription_id))
        self._scheduled.pop(subscription_id, None)

    async def _schedule(self, subscription: Subscription, *, catch_up: bool) -> None:
        schedule = subscription_schedule(subscription)
        if subscription.paused or schedule is None:
            self._unschedule(subscription.id)
            self._scheduled[subscription.id] = subscription.fingerprint
            return
        trigger = schedule.trigger()
        options: dict[str, Any] = {}
        if catch_up:
            now = self.clock.now()
            await self._report_missed(subscription, now)
            due = due_fire(trigger, now, self.grace)
            if due is not None and await self.store.run(subscription.id, schedule.slot(due)) is None:
                log.info("Subscription #%d missed its post at %s: posting it now", subscription.id, due)
                options["next_run_time"] = now
        self.scheduler.add_job(
            run_digest,
            trigger,
            job_id=digest_job_id(subscription.id),
            name=f"{subscription.feed.label} #{subscription.id}",
            args=[self, subscription.id],
            misfire_grace_time=int(self.grace.total_seconds()),
            coalesce=True,
            **options,
        )
        self._scheduled[subscription.id] = subscription.fingerprint

    async def _report_missed(self, subscription: Subscription, now: datetime) -> None:
        """Slots missed by more than the grace period (the bot was down): logged and recorded, not posted."""
        schedule = subscription_schedule(subscription)
        if schedule is None:
            return
        latest = await self.store.latest_run(subscription.id)
        after = max(subscription.active_since, latest.scheduled_for) if latest else subscription.active_since
        missed = missed_fires(schedule.trigger(), after, now, self.grace)
        if missed:
            log.warning(
                "Subscription #%d missed %s while no process was posting (the last due %s); "
                "beyond the grace period, skipped",
                subscription.id,
                count(len(missed), "post"),
                missed[-1].isoformat(),
            )
            await self.store.skip(
                subscription.id,
                schedule.slot(missed[-1]),
                missed[-1],
                reason=f"missed while the bot was offline ({count(len(missed), 'post')})",
                now=now,
            )

    # -- deliveries -----------------------------------------------------------------------------------
    def spawn(self, delivery: Awaitable[Outcome], name: str) -> asyncio.Task[Outcome]:
        """Each delivery in a task of its own: a slow or failing guild delays nobody else."""

        async def run() -> Outcome:
            return await delivery

        task = asyncio.create_task(run(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def settle(self) -> list[Outcome]:
        """Wait for the deliveries started so far (tests, and an orderly shutdown)."""
        results: list[Outcome] = []
        while self._tasks:
            done = await asyncio.gather(*list(self._tasks), return_exceptions=True)
            results += [r for r in done if isinstance(r, Outcome)]
        return results

    async def preview(self, subscription: Subscription) -> Post | str:
        """The subscription's next post, rendered now; a sentence when there is nothing to show yet."""
        now = self.clock.now()
        if subscription.feed is Feed.META_DIGEST:
            return await self.renderer.meta_digest(subscription, now=now)
        if subscription.feed is Feed.GAME_UPDATES:
            seen = await self.renderer.latest_game_update()
            if seen is None:
                return (
                    "No game update has been seen yet. When the build tracker sees a new game build, the "
                    "notice will look like this preview would."
                )
            return await self.renderer.game_update(subscription, seen)
        squads = await self.sources.squads_with_events_between(
            [subscription.guild_id], now, now + timedelta(days=366)
        )
        if not squads:
            return (
                "No squad of this server has an upcoming event; a leader sets one with `/squad edit … when:`."
            )
        details = await self.sources.squad_details(squads[0].id, subscription.guild_id)
        if details is None:
            return "The next squad was deleted just now; try again."
        return self.renderer.squad_reminder(subscription, details, now=now)


# -- the jobs ---------------------------------------------------------------------------------------------
async def run_digest(runtime: AnnouncementRuntime, subscription_id: int) -> Outcome | None:
    """The cron job of a scheduled subscription: post the slot due now (coalescing missed ones)."""
    subscription = await runtime.store.find(subscription_id)
    if subscription is None or subscription.paused:
        runtime.scheduler.remove_job(digest_job_id(subscription_id))
        return None
    schedule = subscription_schedule(subscription)
    if schedule is None:
        return None
    now = runtime.clock.now()
    fire = due_fire(schedule.trigger(), now, runtime.grace)
    if fire is None:
        log.info("Subscription #%d ran with no slot due inside the grace period", subscription_id)
        return None
    return await runtime.deliverer.deliver(
        subscription,
        Occasion(schedule.slot(fire), fire),
        lambda: runtime.renderer.meta_digest(subscription, now=now),
    )


async def watch_game_updates(runtime: AnnouncementRuntime) -> None:
    """Post each game build the tracker recorded (with its diff) that a subscription has not posted yet."""
    subscriptions = await runtime.store.all(feed=Feed.GAME_UPDATES, active_only=True)
    if not subscriptions:
        return
    now = runtime.clock.now()
    since = max(now - GAME_UPDATE_GRACE - timedelta(days=1), min(s.active_since for s in subscriptions))
    builds = [b for b in await runtime.renderer.seen_builds(since) if b.diff is not None]
    if not builds:
        return
    done = await runtime.store.recorded_slots((s.id for s in subscriptions), since=since)
    for subscription in subscriptions:
        for seen in builds:
            slot = game_update_slot(seen.build_id)
            if seen.seen_at <= subscription.active_since or (subscription.id, slot) in done:
                continue
            runtime.spawn(
                runtime.deliverer.deliver(
                    subscription,
                    Occasion(slot, seen.seen_at),
                    partial(runtime.renderer.game_update, subscription, seen),
                    grace=GAME_UPDATE_GRACE,
                ),
                name=f"announce game build {seen.build_id} to #{subscription.id}",
            )


async def watch_squad_reminders(runtime: AnnouncementRuntime) -> None:
    """Set a one-off job at the exact time of every reminder due before the next watch."""
    subscriptions = await runtime.store.all(feed=Feed.SQUAD_REMINDERS, active_only=True)
    if not subscriptions:
        return
    now = runtime.clock.now()
    longest = timedelta(minutes=max(s.lead_minutes or 0 for s in subscriptions))
    squads = await runtime.sources.squads_with_events_between(
        {s.guild_id for s in subscriptions}, now - runtime.grace, now + REMINDER_LOOKAHEAD + longest
    )
    if not squads:
        return
    done = await runtime.store.recorded_slots(
        (s.id for s in subscriptions), since=now - runtime.grace - longest - timedelta(minutes=1)
    )
    for subscription in subscriptions:
        lead = timedelta(minutes=subscription.lead_minutes or 0)
        for squad in squads:
            if squad.guild_id != subscription.guild_id or squad.event_at is None:
                continue
            remind_at = squad.event_at - lead
            slot = reminder_slot(squad.id, squad.event_at)
            due_soon = now - runtime.grace < remind_at <= now + REMINDER_LOOKAHEAD
            if not due_soon or (subscription.id, slot) in done:
                continue
            runtime.scheduler.add_job(
                run_squad_reminder,
                DateTrigger(run_date=max(remind_at, now)),
                job_id=reminder_job_id(subscription.id, squad.id),
                name=f"Remind squad #{squad.id} (subscription #{subscription.id})",
                args=[runtime, subscription.id, squad.id, squad.event_at.isoformat()],
                misfire_grace_time=int(runtime.grace.total_seconds()),
            )


async def run_squad_reminder(
    runtime: AnnouncementRuntime, subscription_id: int, squad_id: int, event_at: str
) -> Outcome | None:
    """Remind a squad's members of its event; nothing when the event moved or the squad is gone."""
    subscription = await runtime.store.find(subscription_id)
    if subscription is None or subscription.paused or subscription.feed is not Feed.SQUAD_REMINDERS:
        return None
    details = await runtime.sources.squad_details(squad_id, subscription.guild_id)
    when = details.squad.event_at if details is not None else None
    if details is None or when is None or when.isoformat() != event_at:
        log.info("Squad #%d was deleted or moved; its reminder for %s is dropped", squad_id, event_at)
        return None
    remind_at = when - timedelta(minutes=subscription.lead_minutes or 0)
    return await runtime.deliverer.deliver(
        subscription,
        Occasion(reminder_slot(squad_id, when), remind_at),
        partial(_reminder, runtime, subscription, details),
    )


async def _reminder(runtime: AnnouncementRuntime, subscription: Subscription, details: SquadDetails) -> Post:
    return runtime.renderer.squad_reminder(subscription, details, now=runtime.clock.now())


async def reconcile_subscriptions(runtime: AnnouncementRuntime) -> None:
    await runtime.reconcile()
