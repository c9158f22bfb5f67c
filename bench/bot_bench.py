"""End-to-end /optimize latency through the interaction harness, and event-loop lag under load.

Run from the repository root: `.venv/bin/python -m bench.bot_bench`. It uses a throw-away SQLite database
and the fake Discord of the test harness (no network). Figures:
- latency of `/optimize template:<T>` from INTERACTION_CREATE to the final reply, p50/p95 over 20 runs with
  distinct scenarios (so the result cache does not answer), against the same search called directly
  in-process (the reference);
- the same for `/optimize build:<chat code>` with three affixes (the code's own traits and skills; target
  p95 ≤ 1.5 s);
- event-loop lag while 8 members' optimizations run at once: a ticker asks for 5 ms sleeps and records how
  late it wakes (max and p95), against the same ticker on an idle loop.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from optimizer.builds import OptimizeRequest, prepare
from optimizer.gamedata import GameData
from optimizer.gear import optimize
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget
from tests.harness.settings import settings_for

TEMPLATE = "Power Soulbeast"
# A Dragonhunter code (Zeal, Radiance, Dragonhunter) searched over three power affixes.
BUILD = "[&DQEQLio6GzkmDwAAihIAAEgBTAH+ABYBiRI3AQAAAAAAAAAAAAAAAAAAAAA=]"
BUILD_AFFIXES = "Berserker, Assassin, Dragon"
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


def build_options(run: int) -> dict[str, object]:
    return {"build": BUILD, "affixes": BUILD_AFFIXES, "max_toughness": 3000 + run}


def direct_seconds(runs: int, *, build: bool = False) -> list[float]:
    gamedata = GameData.bundled()
    times = []
    for run in range(runs):
        if build:
            request = OptimizeRequest(build=BUILD, affixes=BUILD_AFFIXES, max_toughness=3000 + run)
        else:
            request = OptimizeRequest(template=TEMPLATE, max_toughness=3000 + run)
        start = time.perf_counter()
        prepared = prepare(request, gamedata)
        optimize(prepared.scenario)
        optimize(prepared.baseline)
        times.append(time.perf_counter() - start)
    return times


async def latencies(harness: BotHarness, make: Callable[[int], dict[str, object]]) -> list[float]:
    found = []
    for run in range(RUNS):
        start = time.perf_counter()
        reply = await harness.slash("optimize", make(run))
        found.append(time.perf_counter() - start)
        assert reply.message.embeds, reply.message.content
    return found


def latency_lines(label: str, measured: list[float], reference: list[float]) -> list[str]:
    p50, p95 = percentile(measured, 0.5), percentile(measured, 0.95)
    ref50 = percentile(reference, 0.5)
    return [
        f"{label} end to end, {RUNS} runs (2 worker processes)",
        f"  p50 {p50 * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms",
        f"  reference (same request and two searches in-process) p50 {ref50 * 1000:8.1f} ms",
        f"  ratio end-to-end / reference (p50): {p50 / ref50:.2f}",
    ]


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

            template_latencies = await latencies(harness, options)
            build_latencies = await latencies(harness, build_options)
            reference = direct_seconds(RUNS)
            build_reference = direct_seconds(RUNS, build=True)

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

    print("\n".join(latency_lines(f"/optimize template:{TEMPLATE!r}", template_latencies, reference)))
    print(
        "\n".join(latency_lines(f"/optimize build: with {BUILD_AFFIXES}", build_latencies, build_reference))
    )
    verdict = "meets" if percentile(build_latencies, 0.95) <= 1.5 else "MISSES"
    print(f"  target p95 ≤ 1.5 s: {verdict}")
    print(f"event-loop lag, {CONCURRENT} optimizations at once ({wall:.2f} s wall)")
    print(lag_line("busy", busy))
    print(lag_line("idle", idle))
    print(f"  mean busy/idle: {statistics.mean(busy) / max(statistics.mean(idle), 1e-9):.2f}")
    verdict = "meets" if percentile(busy, 0.95) < 0.050 else "MISSES"
    print(f"  target p95 < 50 ms: {verdict}")


if __name__ == "__main__":
    asyncio.run(measure())
