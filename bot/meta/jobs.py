"""The hourly poll of the meta sources on the bot's scheduler, then the gear check of what changed.

Every process schedules the job; the store lets only one of them poll a source per interval (the others'
runs find it not due), so several processes do not multiply the requests to a source.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.triggers.interval import IntervalTrigger

from bot.meta.service import MetaService
from bot.scheduler import BotScheduler
from storage.gamedata import GameDataService

log = logging.getLogger(__name__)

META_POLL_JOB_ID = "meta-poll"
_MISFIRE_GRACE_SECONDS = 300


def schedule_meta_poll(scheduler: BotScheduler, meta: MetaService, game_data: GameDataService) -> None:
    """Poll every `META_POLL_MINUTES` (0 or no sources: not at all), first as soon as the scheduler runs."""
    minutes = meta.config.poll_minutes
    if minutes <= 0 or not meta.enabled:
        log.info(
            "Meta sources are not polled (META_POLL_MINUTES=%g, META_SOURCES=%s)",
            minutes,
            meta.config.sources,
        )
        return
    scheduler.add_job(
        poll_meta,
        IntervalTrigger(minutes=minutes, timezone=UTC),
        job_id=META_POLL_JOB_ID,
        name="Poll the meta sources",
        args=[meta, game_data],
        next_run_time=datetime.now(UTC),
        misfire_grace_time=_MISFIRE_GRACE_SECONDS,
    )


async def poll_meta(meta: MetaService, game_data: GameDataService) -> None:
    """The poll job: sources that fail are recorded by the store; this logs the outcome."""
    gamedata = game_data.current
    reports = await meta.refresh(gamedata)
    for report in reports:
        if report.outcome == "changed":
            counts = report.counts()
            log.info(
                "Meta source %s: %d new, %d changed, %d removed",
                report.source,
                counts["new"],
                counts["changed"],
                counts["removed"],
            )
    checked = await meta.check_changed(reports, gamedata)
    if checked:
        log.info("Checked the gear of %d meta build variants", checked)
