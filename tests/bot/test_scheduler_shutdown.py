"""Stopping the scheduler while a job runs (SIGTERM or Ctrl-C right after READY, when the first jobs start):
the job is cancelled and unwinds, and nothing is logged as a failure with a traceback."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler import BotScheduler

STARTED = asyncio.Event()
UNWOUND: list[str] = []


async def long_job() -> None:
    STARTED.set()
    try:
        await asyncio.sleep(3600)
    finally:
        UNWOUND.append("long_job")


async def test_stopping_while_a_job_runs_cancels_it_quietly(caplog: pytest.LogCaptureFixture) -> None:
    STARTED.clear()
    UNWOUND.clear()
    scheduler = BotScheduler()
    scheduler.start_paused()
    scheduler.add_job(
        long_job,
        IntervalTrigger(hours=1),
        job_id="long",
        name="A long job",
        next_run_time=datetime.now(UTC),
    )
    scheduler.resume_once()
    await asyncio.wait_for(STARTED.wait(), timeout=10)
    caplog.set_level(logging.INFO)
    await scheduler.stop()
    await asyncio.sleep(0)
    assert UNWOUND == ["long_job"]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "Job long_job stopped by the shutdown" in caplog.text
