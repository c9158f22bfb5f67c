"""Which process runs the announcement scheduler: one at a time, elected with the lock in
storage/leader_lock.py (a PostgreSQL advisory lock; on SQLite the one process always leads).

APScheduler 3 job stores cannot be shared, so exactly one process schedules and posts. The holder re-checks
the lock periodically and stands down when it is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from storage.leader_lock import SchedulerLock

log = logging.getLogger(__name__)


Callback = Callable[[], Awaitable[None]]


class LeaderElection:
    """Keeps trying to become leader, and re-checks leadership, every `interval` seconds.

    `check()` is one step (tests call it directly; `start()` runs it in a loop). `on_elected` runs when this
    process becomes leader, `on_deposed` when it stops being one (lock lost or `stop()`).
    """

    def __init__(
        self, lock: SchedulerLock, *, on_elected: Callback, on_deposed: Callback, interval: float
    ) -> None:
        self._lock = lock
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._interval = interval
        self._leader = False
        self._task: asyncio.Task[None] | None = None
        self._step = asyncio.Lock()

    @property
    def is_leader(self) -> bool:
        return self._leader

    async def check(self) -> bool:
        """One election step; whether this process leads afterwards."""
        async with self._step:
            if self._leader:
                if not await self._lock.still_held():
                    log.warning("Lost the scheduler lock: this process stops posting announcements")
                    await self._depose()
                return self._leader
            if await self._lock.acquire():
                self._leader = True
                log.info("This process now runs the announcement scheduler")
                try:
                    await self._on_elected()
                except Exception:
                    # Leading with half-built jobs would skip posts silently: let another process lead.
                    log.exception("Setting up the announcement jobs failed; giving up the scheduler lock")
                    await self._depose()
            return self._leader

    async def _depose(self) -> None:
        self._leader = False
        try:
            await self._on_deposed()
        finally:
            await self._lock.release()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="announcement-leader-election")

    async def _loop(self) -> None:
        while True:
            try:
                await self.check()
            except Exception:
                log.exception("Leader election step failed")
            await asyncio.sleep(self._interval)

    async def stop(self) -> None:
        """Stop electing; a leader stands down and releases the lock for another process."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        async with self._step:
            if self._leader:
                await self._depose()
            else:
                await self._lock.release()
