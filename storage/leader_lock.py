"""The lock that elects the one process running the announcement scheduler.

Several bot processes (shards split over machines) may share one PostgreSQL database. The leader holds a
session-level advisory lock on a connection of its own: PostgreSQL releases it when that session ends, so a
process that dies or loses its connection loses the lock, and another process's next attempt takes it.
SQLite means one process, which always holds the lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger(__name__)


class SchedulerLock(Protocol):
    async def acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it (False also when the database
        cannot be reached: the caller tries again later)."""

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
        try:
            connection = await self._database.engine.connect()
        except (DBAPIError, SQLAlchemyError, OSError) as error:
            log.warning("Could not try the scheduler lock (%s); trying again later", error)
            return False
        try:
            # Autocommit: the lock belongs to the session, and no transaction stays open beside it.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key})
        except (DBAPIError, SQLAlchemyError, OSError) as error:
            await _close_quietly(connection)
            log.warning("Could not try the scheduler lock (%s); trying again later", error)
            return False
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
