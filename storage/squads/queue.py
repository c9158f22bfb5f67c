"""One change at a time per squad, queued in the process instead of piled up on the database.

Every change locks its squad's row anyway; without the queue, hundreds of members pressing "Sign up" at once
each hold a connection (PostgreSQL: the pool runs dry and times out) or wait on SQLite's single write lock
(busy timeout: "database is locked"). Queued, each change takes a connection only when it is its turn.
A change that still finds the database locked or the pool exhausted (other processes, other squads) is
retried; one that cannot get its turn in time is answered with `SquadBusyError`, and nothing is changed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from storage.squads.records import SquadError

log = logging.getLogger(__name__)

T = TypeVar("T")
WAIT_SECONDS = 60.0
ATTEMPTS = 4
_RETRY_PAUSE = 0.2
# PostgreSQL: deadlock_detected, serialization_failure, lock_not_available.
_RETRIED_POSTGRES = frozenset({"DeadlockDetectedError", "SerializationError", "LockNotAvailableError"})


class SquadBusyError(SquadError):
    def __init__(self) -> None:
        super().__init__(
            "This squad is getting a lot of changes at once and yours could not be made in time. "
            "Nothing was changed; please try again in a moment."
        )


def is_contention(error: BaseException) -> bool:
    """A failure that says "too many at once", not "this change is wrong": worth another attempt."""
    if isinstance(error, PoolTimeoutError):
        return True
    if isinstance(error, OperationalError) and "database is locked" in str(error.orig):
        return True
    if isinstance(error, DBAPIError):
        cause = error.orig.__cause__ if error.orig is not None else None
        return type(cause).__name__ in _RETRIED_POSTGRES
    return False


class SquadQueue:
    def __init__(self, wait_seconds: float = WAIT_SECONDS, attempts: int = ATTEMPTS) -> None:
        self._wait_seconds = wait_seconds
        self._attempts = attempts
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    @asynccontextmanager
    async def _turn(self, squad_id: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(squad_id, asyncio.Lock())
        self._users[squad_id] = self._users.get(squad_id, 0) + 1
        try:
            try:
                async with asyncio.timeout(self._wait_seconds):
                    await lock.acquire()
            except TimeoutError:
                log.warning(
                    "A change of squad %s waited %.0f s for its turn; refused", squad_id, self._wait_seconds
                )
                raise SquadBusyError() from None
            try:
                yield
            finally:
                lock.release()
        finally:
            self._users[squad_id] -= 1
            if not self._users[squad_id]:
                del self._users[squad_id], self._locks[squad_id]

    async def run(self, squad_id: int, change: Callable[[], Awaitable[T]]) -> T:
        """`change()` (one unit of work) in the squad's turn, tried again while the database is contended."""
        async with self._turn(squad_id):
            for attempt in range(1, self._attempts + 1):
                try:
                    return await change()
                except Exception as error:
                    if not is_contention(error):
                        raise
                    if attempt == self._attempts:
                        log.warning(
                            "A change of squad %s failed %d times on contention: %s", squad_id, attempt, error
                        )
                        raise SquadBusyError() from error
                    await asyncio.sleep(_RETRY_PAUSE * attempt)
        raise AssertionError("unreachable")
