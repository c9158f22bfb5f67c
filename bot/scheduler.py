"""The bot's scheduler: one APScheduler AsyncIOScheduler per bot, running jobs on the bot's event loop.

It is started paused in `setup_hook` (jobs registered, nothing runs) and resumed on the first READY, so no
job runs before the bot is connected; `close` stops it, cancels running jobs and waits for them to unwind
(a job cut off inside a database session must roll back before the database closes). Jobs are module-level
coroutine functions registered under fixed ids, so registering again replaces rather than duplicates, and a
job can be found, paused or rescheduled by id. Missed runs and failing jobs are logged.

Announcement jobs (`bot/announcements/jobs.py`) live here too, but only in the process elected to post them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from storage.gamedata import GameDataService
from storage.gw2api import GW2APIError

log = logging.getLogger(__name__)

BUILD_POLL_JOB_ID = "gw2-build-poll"
# The announcement job that posts game-update notices; a poll that finds a new build runs it at once.
GAME_UPDATES_JOB_ID = "announce:game-updates"
# A poll that could not run on time (event loop busy, bot paused) still runs if it is at most this late.
_MISFIRE_GRACE_SECONDS = 60
# How long `stop` waits for cancelled jobs to finish unwinding.
_FINISH_SECONDS = 3.0
_UNWIND_SECONDS = 3.0


class BotScheduler:
    """The bot's AsyncIOScheduler (`apscheduler`) with the bot's lifecycle: paused, resumed once, stopped."""

    def __init__(self) -> None:
        self.apscheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        self._resumed = False
        self._stopping = False
        self._running: set[asyncio.Task[Any]] = set()
        self.apscheduler.add_listener(_log_job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def start_paused(self) -> None:
        """Start on the running event loop without running jobs yet."""
        self.apscheduler.start(paused=True)

    def resume_once(self) -> None:
        """Let jobs run; called on every READY but acts only the first time."""
        if not self._resumed and self.apscheduler.state == STATE_PAUSED:
            self._resumed = True
            self.apscheduler.resume()
            log.info("Scheduler running with %d jobs", len(self.apscheduler.get_jobs()))

    @property
    def running(self) -> bool:
        return bool(self.apscheduler.state == STATE_RUNNING)

    async def stop(self) -> None:
        """No more runs; running jobs get a moment to finish, the rest are cancelled, and all are awaited
        while what they use is still open."""
        self._stopping = True
        if self.apscheduler.state == STATE_RUNNING:
            self.apscheduler.pause()
        if self._running:
            # A job cancelled inside a database call leaves its connection to be reset mid-cancel (SQLAlchemy
            # logs that as an error); the jobs are short, so most simply finish.
            await asyncio.wait(set(self._running), timeout=_FINISH_SECONDS)
        if self.apscheduler.state != STATE_STOPPED:
            # wait=False: the asyncio executor cancels running jobs instead of waiting for them.
            self.apscheduler.shutdown(wait=False)
        if self._running:
            await asyncio.wait(set(self._running), timeout=_UNWIND_SECONDS)

    def add_job(
        self,
        func: Callable[..., Awaitable[object]],
        trigger: BaseTrigger,
        *,
        job_id: str,
        name: str,
        **options: Any,
    ) -> None:
        """Register a module-level coroutine job under a fixed id (registering it again replaces it)."""
        args = [self, func, *options.pop("args", ())]
        self.apscheduler.add_job(
            _tracked, trigger, id=job_id, name=name, replace_existing=True, args=args, **options
        )

    def job_ids(self) -> list[str]:
        return [job.id for job in self.apscheduler.get_jobs()]

    def has_job(self, job_id: str) -> bool:
        return self.apscheduler.get_job(job_id) is not None

    def next_run_time(self, job_id: str) -> datetime | None:
        job = self.apscheduler.get_job(job_id)
        # A job added before the scheduler starts has no next run time until it does.
        return None if job is None else getattr(job, "next_run_time", None)

    def remove_job(self, job_id: str) -> None:
        """Remove a job if it is there."""
        with contextlib.suppress(JobLookupError):
            self.apscheduler.remove_job(job_id)

    def remove_jobs(self, prefix: str) -> None:
        for job_id in self.job_ids():
            if job_id.startswith(prefix):
                self.remove_job(job_id)

    def run_soon(self, job_id: str) -> None:
        """Run a job now instead of at its next time (nothing happens when the job is not there)."""
        job = self.apscheduler.get_job(job_id)
        if job is not None:
            job.modify(next_run_time=datetime.now(UTC))


async def _tracked(
    scheduler: BotScheduler, func: Callable[..., Awaitable[object]], *args: Any, **kwargs: Any
) -> object:
    """Runs a job, known to its scheduler while it runs (so stopping can wait for it)."""
    task = asyncio.current_task()
    if task is not None:
        scheduler._running.add(task)
    try:
        return await func(*args, **kwargs)
    except asyncio.CancelledError:
        if not scheduler._stopping:
            raise
        # Stopped by the shutdown, as intended: APScheduler would log the cancellation as a failure with its
        # traceback. The job's next run (after a restart) picks up where this one stopped.
        log.info("Job %s stopped by the shutdown", getattr(func, "__name__", func))
        return None
    finally:
        if task is not None:
            scheduler._running.discard(task)


def _log_job_event(event: JobExecutionEvent) -> None:
    if event.code == EVENT_JOB_MISSED:
        log.warning(
            "Job %s missed its run at %s (beyond its grace time)", event.job_id, event.scheduled_run_time
        )
    elif event.exception is not None:
        log.error(
            "Job %s failed",
            event.job_id,
            exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
        )


def schedule_build_poll(scheduler: BotScheduler, game_data: GameDataService, minutes: float) -> None:
    """Poll the game build every `minutes` (0: not at all), the first time as soon as the scheduler runs."""
    if minutes <= 0:
        log.info("Game build polling is off (GW2_BUILD_POLL_MINUTES=0)")
        return
    scheduler.add_job(
        poll_game_build,
        IntervalTrigger(minutes=minutes, timezone=UTC),
        job_id=BUILD_POLL_JOB_ID,
        name="Poll the GW2 game build",
        args=[game_data, scheduler],
        next_run_time=datetime.now(UTC),
        misfire_grace_time=_MISFIRE_GRACE_SECONDS,
    )


async def poll_game_build(game_data: GameDataService, scheduler: BotScheduler | None = None) -> None:
    """The build-poll job: an unreachable or disabled API is expected around releases, so it only logs.
    A new build is announced at once where the announcement jobs run."""
    try:
        check = await game_data.check_build()
    except GW2APIError as exc:
        log.warning("Game build check failed, will try again at the next poll: %s", exc)
        return
    new_here = check.refresh is not None and check.refresh.new_build
    if new_here or check.outcome == "adopted":
        # Adopted: another process fetched the build; the notice job posts each build once wherever it runs.
        log.info("Game build %d: game data %s", check.reported, "refreshed" if new_here else "adopted")
        if scheduler is not None:
            scheduler.run_soon(GAME_UPDATES_JOB_ID)
