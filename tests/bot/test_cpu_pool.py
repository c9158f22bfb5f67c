"""The worker pool: results, errors, time limits that stop the worker, the waiting line, crashes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.cpu_pool import CpuPool, PoolBusyError, WorkerCrashedError, WorkerTimeoutError
from tests.bot import workload


@pytest.fixture
async def pool() -> AsyncIterator[CpuPool]:
    cpu = CpuPool(2, max_waiting=2)
    try:
        yield cpu
    finally:
        await cpu.aclose()


async def test_results_and_errors_come_back(pool: CpuPool) -> None:
    assert await pool.run(workload.square, 12) == 144
    with pytest.raises(ValueError, match="bad input"):
        await pool.run(workload.fail, "bad input")
    # The worker survives an error in the function.
    assert await pool.run(workload.square, 3) == 9


async def test_time_limit_stops_the_worker_and_the_pool_recovers(pool: CpuPool) -> None:
    first = await pool.run(workload.pid)
    second_slot = await pool.run(workload.pid)
    with pytest.raises(WorkerTimeoutError, match=r"longer than 0\.3 s"):
        await pool.run(workload.sleep_then, 30, "never", time_limit=0.3)
    pids = {await pool.run(workload.pid) for _ in range(4)}
    assert len(pids) <= 2
    assert pids != {first, second_slot}  # one worker was replaced


async def test_calls_run_in_parallel_and_the_line_is_bounded(pool: CpuPool) -> None:
    running = [asyncio.create_task(pool.run(workload.sleep_then, 1.0, f"r{i}")) for i in range(2)]
    await asyncio.sleep(0.05)
    waiting = [asyncio.create_task(pool.run(workload.sleep_then, 0.1, f"w{i}")) for i in range(2)]
    await asyncio.sleep(0.05)
    assert (pool.running, pool.waiting) == (2, 2)
    with pytest.raises(PoolBusyError):
        await pool.run(workload.square, 1)
    assert await asyncio.gather(*running, *waiting) == ["r0", "r1", "w0", "w1"]


async def test_a_crashed_worker_is_replaced(pool: CpuPool) -> None:
    with pytest.raises(WorkerCrashedError):
        await pool.run(workload.die)
    assert await pool.run(workload.square, 5) == 25


async def test_the_event_loop_keeps_running_during_a_computation(pool: CpuPool) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    await pool.run(workload.sleep_then, 0.5, "done")
    task.cancel()
    assert ticks >= 20


async def test_a_call_reports_progress_to_the_caller(pool: CpuPool) -> None:
    reports: list[tuple[int, int]] = []
    result = await pool.run(
        workload.count_up, 5, on_progress=lambda done, total: reports.append((done, total))
    )
    assert result == 5
    assert reports == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert await pool.run(workload.square, 4) == 16  # the same worker answers plain calls afterwards
