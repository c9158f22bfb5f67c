"""A gear search from the command line: sized first, run in the bot's worker pool (several processes share
the extras combinations), stopped at a time limit with advice on narrowing it, with a progress bar on a
terminal once it takes a while."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Final, TextIO

from bot.cli.main import CommandLineError
from bot.cli.search_jobs import finish_search, search_share
from bot.cpu_pool import CpuPool, WorkerCrashedError, WorkerTimeoutError
from optimizer.gear import OptimizationResult, Scenario, build_search_space, default_affix_table

PROGRESS_AFTER: Final = 2.0  # seconds before the bar appears: shorter searches just answer
REDRAW_EVERY: Final = 0.25
BAR_WIDTH: Final = 24


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """The size of a search, known before it starts."""

    gear: int  # distinct gear assignments
    infusion_splits: int
    extras_combinations: int
    parts: int  # worker processes that share it

    @property
    def candidates(self) -> int:
        return self.gear * self.infusion_splits * self.extras_combinations

    def describe(self) -> str:
        sizes = f"{_count(self.gear)} gear sets"
        if self.infusion_splits > 1:
            sizes += f" x {_count(self.infusion_splits)} infusion splits"
        if self.extras_combinations > 1:
            sizes += f" x {_count(self.extras_combinations)} extras combinations"
        processes = "1 process" if self.parts == 1 else f"{self.parts} processes"
        return f"{_count(self.candidates)} combinations ({sizes}), on {processes}"


def _count(value: int) -> str:
    return f"{value:,}" if value < 10**7 else f"{value:.2e}".replace("e+", "e")


def plan_search(scenario: Scenario, workers: int) -> SearchPlan:
    """Sizes the search (a ScenarioError if no gear fits a slot); shares go to at most `workers`."""
    space = build_search_space(scenario, default_affix_table())
    infusions = next((len(g) for g in space.groups if g.kind == "infusions"), 1)
    gear = math.prod(len(g) for g in space.groups if g.kind == "slots")
    return SearchPlan(gear, infusions, space.extras.count, max(1, min(workers, space.extras.count)))


@dataclass(slots=True)
class ProgressBar:
    """Candidates decided so far, over all shares; drawn on `stream` (a terminal) once PROGRESS_AFTER
    seconds have passed, redrawn in place, and erased at the end."""

    stream: TextIO | None
    time_limit: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(default_factory=time.monotonic)
    shares: dict[int, tuple[int, int]] = field(default_factory=dict)
    drawn: bool = False

    def update(self, part: int, decided: int, total: int) -> None:
        self.shares[part] = (decided, total)

    @property
    def fraction(self) -> float:
        total = sum(t for _, t in self.shares.values())
        return sum(d for d, _ in self.shares.values()) / total if total else 0.0

    def draw(self) -> None:
        elapsed = self.clock() - self.started
        if self.stream is None or elapsed < PROGRESS_AFTER:
            return
        filled = round(self.fraction * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(
            f"\r[{bar}] {self.fraction:6.1%} decided  {elapsed:5.0f} s of {self.time_limit:g} s limit "
        )
        self.stream.flush()
        self.drawn = True

    def erase(self) -> None:
        if self.stream is not None and self.drawn:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()

    async def keep_drawn(self) -> None:
        while True:
            self.draw()
            await asyncio.sleep(REDRAW_EVERY)


def narrowing_advice(scenario: Scenario, plan: SearchPlan, from_template: bool) -> str:
    """How to make a search smaller, from what this scenario searches."""
    ideas = []
    if len(scenario.affixes) > 1:
        ideas.append(f"fewer affixes ({len(scenario.affixes)} now)")
    ideas.append('forced slots ("forced": {"Helm": "Berserker", ...})')
    if plan.extras_combinations > 1:
        ideas.append(f"fewer extras to choose from ({plan.extras_combinations} combinations now)")
    if scenario.infusions is not None and len(scenario.infusions.types) > 1:
        ideas.append(f"fewer infusion types ({len(scenario.infusions.types)} now)")
    advice = "Narrow it: " + ", ".join(ideas) + "; or allow more time with --time-limit SECONDS."
    if from_template:
        advice += " To edit a template: --print-scenario > mine.json, then --scenario mine.json."
    return advice


async def _search(
    scenario: Scenario, plan: SearchPlan, time_limit: float, bar: ProgressBar
) -> OptimizationResult:
    pool = CpuPool(plan.parts, max_waiting=plan.parts)
    started = time.monotonic()
    drawing = asyncio.create_task(bar.keep_drawn())
    shares = [
        asyncio.create_task(
            pool.run(
                search_share,
                scenario,
                part,
                plan.parts,
                time_limit=time_limit,
                on_progress=partial(bar.update, part),
            )
        )
        for part in range(plan.parts)
    ]
    try:
        outcomes = await asyncio.gather(*shares)
        remaining = time_limit - (time.monotonic() - started)
        if remaining <= 0:
            raise WorkerTimeoutError(f"the computation took longer than {time_limit:g} s")
        spent = time.monotonic() - started
        return await pool.run(finish_search, scenario, outcomes, spent, time_limit=remaining)
    finally:
        for task in (*shares, drawing):
            task.cancel()
        await asyncio.gather(*shares, drawing, return_exceptions=True)
        bar.erase()
        await pool.aclose(grace=1.0)


def run_search(
    scenario: Scenario,
    plan: SearchPlan,
    *,
    time_limit: float,
    progress_stream: TextIO | None,
    from_template: bool,
) -> OptimizationResult:
    """The search in worker processes; a CommandLineError when it runs past `time_limit` seconds.
    ScenarioError and InfeasibleError come back from the workers unchanged."""
    bar = ProgressBar(progress_stream, time_limit)
    try:
        return asyncio.run(_search(scenario, plan, time_limit, bar))
    except WorkerTimeoutError:
        advice = narrowing_advice(scenario, plan, from_template)
        raise CommandLineError(
            f"the search was stopped at the time limit of {time_limit:g} s with {bar.fraction:.0%} of its "
            f"{_count(plan.candidates)} combinations decided. {advice}"
        ) from None
    except WorkerCrashedError:
        raise CommandLineError(
            "a search process stopped unexpectedly (out of memory?); "
            + narrowing_advice(scenario, plan, from_template)
        ) from None
