"""End-to-end /optimize latency through the interaction harness, and event-loop lag under load.

Run from the repository root: `.venv/bin/python -m bench.bot_bench`. It uses a throw-away SQLite database
and the fake Discord of the test harness (no network). Figures:
- latency of `/optimize template:<T>` from INTERACTION_CREATE to the final reply, p50/p95 over 20 runs with
  distinct scenarios (so the result cache does not answer), against the same search called directly
  in-process (the reference);
- event-loop lag while 8 members' optimizations run at once: a ticker asks for 5 ms sleeps and records how
  late it wakes (max and p95), against the same ticker on an idle loop.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import pytest

from optimizer.builds import OptimizeRequest, prepare
from optimizer.gamedata import GameData
from optimizer.gear import optimize
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget
from tests.harness.settings import settings_for

TEMPLATE = "Power Soulbeast"
RUNS = 20
CONCURRENT = 8
TICK = 0.005


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def lag_line(label: str, lags: list[float]) -> str:
    p95, worst = percentile(lags, 0.95) * 1000, max(lags) * 1000
    return f"  {label}: p95 {p95:6.2f} ms   max {worst:6.2f} ms   ({len(lags)} ticks)"


def options(run: int) -> dict[str, object]:
    # A different toughness cap per run keeps every scenario distinct without changing the work much.
    return {"template": TEMPLATE, "max_toughness": 3000 + run}


def direct_seconds(runs: int) -> list[float]:
    gamedata = GameData.bundled()
    times = []
    for run in range(runs):
        prepared = prepare(OptimizeRequest(template=TEMPLATE, max_toughness=3000 + run), gamedata)
        start = time.perf_counter()
        optimize(prepared.scenario)
        optimize(prepared.baseline)
        times.append(time.perf_counter() - start)
    return times


async def ticker_lag(stop: asyncio.Event) -> list[float]:
    lags = []
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(TICK)
        lags.append(time.perf_counter() - start - TICK)
    return lags


async def measure() -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        patcher = pytest.MonkeyPatch()
        harness = await BotHarness.start(
            settings_for(target, worker_processes=2, log_level="WARNING"), patcher
        )
        try:
            # Warm the worker processes (spawn + imports) outside the measurement.
            await asyncio.gather(*(harness.slash("optimize", options(-1 - n)) for n in range(2)))

            latencies = []
            for run in range(RUNS):
                start = time.perf_counter()
                reply = await harness.slash("optimize", options(run))
                latencies.append(time.perf_counter() - start)
                assert reply.message.embeds, reply.message.content
            reference = direct_seconds(RUNS)

            stop = asyncio.Event()
            idle_task = asyncio.create_task(ticker_lag(stop))
            await asyncio.sleep(1.0)
            stop.set()
            idle = await idle_task

            members = [harness.new_member(f"member{n}") for n in range(CONCURRENT)]
            stop = asyncio.Event()
            busy_task = asyncio.create_task(ticker_lag(stop))
            start = time.perf_counter()
            replies = await asyncio.gather(
                *(harness.slash("optimize", options(100 + n), user=m) for n, m in enumerate(members))
            )
            wall = time.perf_counter() - start
            stop.set()
            busy = await busy_task
            assert all(r.message.embeds for r in replies)
        finally:
            await harness.close()
            patcher.undo()

    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    ref50 = percentile(reference, 0.5)
    print(f"/optimize template:{TEMPLATE!r} end to end, {RUNS} runs (2 worker processes)")
    print(f"  p50 {p50 * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms")
    print(f"  reference (same two searches in-process) p50 {ref50 * 1000:8.1f} ms")
    print(f"  ratio end-to-end / reference (p50): {p50 / ref50:.2f}")
    print(f"event-loop lag, {CONCURRENT} optimizations at once ({wall:.2f} s wall)")
    print(lag_line("busy", busy))
    print(lag_line("idle", idle))
    print(f"  mean busy/idle: {statistics.mean(busy) / max(statistics.mean(idle), 1e-9):.2f}")
    verdict = "meets" if percentile(busy, 0.95) < 0.050 else "MISSES"
    print(f"  target p95 < 50 ms: {verdict}")


if __name__ == "__main__":
    asyncio.run(measure())
