"""Worker processes for CPU-bound calls, so the event loop never waits on a computation.

Unlike `concurrent.futures.ProcessPoolExecutor`, a call that runs past its time limit stops its worker:
the process is killed and replaced, and the caller gets `WorkerTimeoutError`. A call may also report its
progress: given `on_progress`, the function receives a `progress` keyword whose calls reach `on_progress`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
WORKER_NICENESS = 10


class PoolBusyError(RuntimeError):
    """More calls are waiting than the pool accepts."""


class WorkerTimeoutError(TimeoutError):
    """The call ran past its time limit; its worker was stopped."""


class WorkerCrashedError(RuntimeError):
    """The worker process died during the call (killed, out of memory, …)."""


def _worker_main(connection: Connection) -> None:
    # Searches yield the CPU to the bot's own process, whose event loop must stay responsive.
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        function, args, reports = message

        def progress(*values: Any) -> None:
            connection.send(("progress", values))

        try:
            reply: tuple[str, Any] = ("ok", function(*args, **({"progress": progress} if reports else {})))
        except BaseException as error:  # the caller decides what an error means
            reply = ("error", error)
        try:
            connection.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            connection.send(("error", RuntimeError(f"result could not be sent back: {error!r}")))


class _Worker:
    def __init__(self, context: multiprocessing.context.SpawnContext) -> None:
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    async def call(
        self,
        function: Callable[..., T],
        args: tuple[Any, ...],
        time_limit: float | None,
        on_progress: Callable[..., None] | None = None,
    ) -> T:
        self.connection.send((function, args, on_progress is not None))
        deadline = None if time_limit is None else time.monotonic() + time_limit
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = await asyncio.to_thread(self.connection.poll, remaining)
            if not ready:
                raise WorkerTimeoutError(f"the computation took longer than {time_limit:g} s")
            try:
                status, value = self.connection.recv()
            except (EOFError, OSError) as error:
                raise WorkerCrashedError("the worker process stopped unexpectedly") from error
            if status == "progress" and on_progress is not None:
                on_progress(*value)
            elif status == "error":
                raise value
            elif status == "ok":
                return value  # type: ignore[no-any-return]

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.connection.close()

    def stop(self, grace: float) -> None:
        with contextlib.suppress(Exception):
            self.connection.send(None)
        self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(grace)
        self.connection.close()


class CpuPool:
    """`await pool.run(function, *args, time_limit=…)`: at most `workers` calls run at once, at most
    `max_waiting` more wait their turn (first come, first served); beyond that `PoolBusyError`."""

    def __init__(self, workers: int, *, max_waiting: int) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.size = workers
        self.max_waiting = max_waiting
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker | None] | None = None
        self._workers: set[_Worker] = set()
        self._waiting = 0
        self._running = 0
        self._closed = False

    @property
    def waiting(self) -> int:
        return self._waiting

    @property
    def running(self) -> int:
        return self._running

    def _queue(self) -> asyncio.Queue[_Worker | None]:
        if self._idle is None:
            # Workers start on first use: a bot that never computes never pays for them.
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                self._idle.put_nowait(None)
        return self._idle

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._context)
        self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.kill()

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        time_limit: float | None = None,
        on_progress: Callable[..., None] | None = None,
    ) -> T:
        if self._closed:
            raise RuntimeError("the CPU pool is closed")
        if self._queue().empty() and self._waiting >= self.max_waiting:
            raise PoolBusyError("every worker is busy and the waiting line is full")
        self._waiting += 1
        try:
            slot = await self._queue().get()
        finally:
            self._waiting -= 1
        worker = slot if slot is not None and slot.process.is_alive() else None
        if slot is not None and worker is None:
            self._discard(slot)
        self._running += 1
        try:
            if worker is None:
                worker = await asyncio.to_thread(self._new_worker)
            return await worker.call(function, args, time_limit, on_progress)
        except (WorkerTimeoutError, WorkerCrashedError, asyncio.CancelledError):
            if worker is not None:
                log.warning("Stopping worker process %s", worker.process.pid)
                self._discard(worker)
                worker = None
            raise
        finally:
            self._running -= 1
            self._queue().put_nowait(worker)

    async def aclose(self, grace: float = 5.0) -> None:
        self._closed = True
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(asyncio.to_thread(worker.stop, grace) for worker in workers))
