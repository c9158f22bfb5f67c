"""Which process runs the announcement scheduler: one at a time, elected with a PostgreSQL advisory lock.

Several bot processes (shards split over machines) share one PostgreSQL database; APScheduler 3 job stores
cannot be shared, so exactly one process schedules and posts. It holds a session-level advisory lock on a
connection of its own: PostgreSQL releases the lock when that session ends, so a process that dies or loses
its connection loses the lock, and another process's next attempt takes it. The holder re-checks the lock
periodically and stands down when it is gone. SQLite means one process, which is always the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger(__name__)


class SchedulerLock(Protocol):
    async def acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it."""

    async def still_held(self) -> bool: ...

    async def release(self) -> None: ...


class SingleProcessLock:
    """SQLite: one process owns the database, so it is always the leader."""

    async def acquire(self) -> bool:
        return True

    async def still_held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


def advisory_key(database: Database, purpose: str = "announcement-scheduler") -> int:
    """A signed 64-bit lock key for this database and schema: deployments sharing a server (or the tests'
    per-test schemas) elect separately."""
    name = f"gw2optimizer:{purpose}:{database.engine.url.database}:{database.schema or ''}"
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock held on a dedicated connection."""

    def __init__(self, database: Database, key: int) -> None:
        self._database = database
        self.key = key
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self._connection is not None:
            return await self.still_held()
        connection = await self._database.engine.connect()
        try:
            # Autocommit: the lock belongs to the session, and no transaction stays open beside it.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key})
        except BaseException:
            await _close_quietly(connection)
            raise
        if not taken:
            await _close_quietly(connection)
            return False
        self._connection = connection
        return True

    async def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            # A bigint advisory key shows in pg_locks as its high and low 32 bits (objsubid 1).
            unsigned = self.key & 0xFFFF_FFFF_FFFF_FFFF
            held = await self._connection.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND pid = pg_backend_pid() AND objsubid = 1 "
                    "AND classid::bigint = :high AND objid::bigint = :low"
                ),
                {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF},
            )
        except (DBAPIError, SQLAlchemyError, OSError) as error:
            log.warning("The scheduler lock connection failed (%s); the lock is lost", error)
            await self._drop(invalidate=True)
            return False
        if not held:
            await self._drop(invalidate=False)
            return False
        return True

    async def release(self) -> None:
        if self._connection is None:
            return
        with contextlib.suppress(DBAPIError, SQLAlchemyError, OSError):
            await self._connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
        await self._drop(invalidate=False)

    async def _drop(self, *, invalidate: bool) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if invalidate:
            with contextlib.suppress(Exception):
                await connection.invalidate()
        await _close_quietly(connection)


async def _close_quietly(connection: AsyncConnection) -> None:
    with contextlib.suppress(DBAPIError, SQLAlchemyError, OSError):
        await connection.close()


def scheduler_lock(database: Database) -> SchedulerLock:
    if database.dialect == "postgresql":
        return AdvisoryLock(database, advisory_key(database))
    return SingleProcessLock()


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
            try:
                taken = await self._lock.acquire()
            except (DBAPIError, SQLAlchemyError, OSError) as error:
                log.warning("Could not try the scheduler lock (%s); trying again later", error)
                return False
            if taken:
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
