"""The bot's scheduler: one APScheduler AsyncIOScheduler per bot, running jobs on the bot's event loop.

It is started paused in `setup_hook` (jobs registered, nothing runs) and resumed on the first READY, so no
job runs before the bot is connected; `close` stops it and cancels running jobs. Jobs are module-level
coroutine functions registered under fixed ids, so registering again replaces rather than duplicates, and a
job can be found, paused or rescheduled by id.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from storage.gamedata_service import GameDataService
from storage.gw2api import GW2APIError

log = logging.getLogger(__name__)

BUILD_POLL_JOB_ID = "gw2-build-poll"
# A poll that could not run on time (event loop busy, bot paused) still runs if it is at most this late.
_MISFIRE_GRACE_SECONDS = 60


class BotScheduler:
    """The bot's AsyncIOScheduler (`apscheduler`) with the bot's lifecycle: paused, resumed once, stopped."""

    def __init__(self) -> None:
        self.apscheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        self._resumed = False

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

    def stop(self) -> None:
        if self.apscheduler.state != STATE_STOPPED:
            # wait=False: the asyncio executor cancels running jobs instead of waiting for them.
            self.apscheduler.shutdown(wait=False)

    def add_job(
        self,
        func: Callable[..., Awaitable[None]],
        trigger: BaseTrigger,
        *,
        job_id: str,
        name: str,
        **options: Any,
    ) -> None:
        """Register a module-level coroutine job under a fixed id (registering it again replaces it)."""
        self.apscheduler.add_job(func, trigger, id=job_id, name=name, replace_existing=True, **options)

    def job_ids(self) -> list[str]:
        return [job.id for job in self.apscheduler.get_jobs()]


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
        args=[game_data],
        next_run_time=datetime.now(UTC),
        misfire_grace_time=_MISFIRE_GRACE_SECONDS,
    )


async def poll_game_build(game_data: GameDataService) -> None:
    """The build-poll job: an unreachable or disabled API is expected around releases, so it only logs."""
    try:
        check = await game_data.check_build()
    except GW2APIError as exc:
        log.warning("Game build check failed, will try again at the next poll: %s", exc)
        return
    if check.refresh is not None and check.refresh.new_build:
        log.info("New game build %d: game data refreshed", check.reported)
