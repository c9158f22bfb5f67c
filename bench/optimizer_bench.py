"""Benchmark of the gear search (issue 3): `python bench/optimizer_bench.py [--runs 5] [--skip-brute-force]`.

Each case runs `optimize` in this process `--runs` times (one process) and reports the
median wall time against its target (and the median CPU time), the evaluations per second, and the peak
traced memory of one extra (untimed) run. Case 1 is also searched by the plain brute-force reference,
to report the speed ratio and to check that both return the same builds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.gear import OptimizationResult, Scenario, optimize
from tests.optimizer.gear.reference_search import reference_search

POWER = {
    "profession": "Guardian",
    "buffs": ["Might", "Fury", "Vulnerability"],
    "distribution": {"Power": 3000},
}
CONDI = {
    "profession": "Necromancer",
    "buffs": ["Might", "Fury", "Vulnerability"],
    "distribution": {"Power": 1799, "Burning": 2.94, "Bleeding": 12.77, "Poison": 4.91, "Torment": 13.37},
}
GIB = 1 << 30


@dataclass(frozen=True)
class Case:
    label: str
    target: float | None
    scenario: dict[str, Any]


CASES = [
    Case(
        "1. 3 affixes, 14 slots, no infusions",
        0.2,
        {**POWER, "affixes": ["Berserker", "Assassin", "Dragon"]},
    ),
    Case(
        "2. same + 18 infusions over 2 types",
        0.5,
        {
            **POWER,
            "affixes": ["Berserker", "Assassin", "Dragon"],
            "infusions": {"max": 18, "types": {"Power": 18, "Precision": 18}},
        },
    ),
    Case(
        "3. 4 condi affixes + 2-type infusions",
        2.0,
        {
            **CONDI,
            "affixes": ["Viper", "Sinister", "Grieving", "Rampager"],
            "infusions": {"max": 18, "types": {"Condition Damage": 18, "Expertise": 18}},
        },
    ),
    Case(
        "4. 3 affixes x 6 extras combinations",
        1.0,
        {
            **POWER,
            "affixes": ["Berserker", "Assassin", "Dragon"],
            "extras": {
                "runes": ["Scholar", "Eagle", "Dragonhunter"],
                "sigils": ["Force", "Impact"],
                "food": ["Bowl of Sweet and Spicy Butternut Squash Soup", "Plate of Truffle Steak"],
            },
        },
    ),
    Case(
        "5. 5 affixes, no infusions",
        10.0,
        {**POWER, "affixes": ["Berserker", "Assassin", "Dragon", "Marauder", "Valkyrie"]},
    ),
    # Harder than the table: no fury, so Power and Precision trade almost 1:1 and many builds tie.
    Case(
        "x. no fury, 4 affixes + infusions + 2 runes",
        None,
        {
            **POWER,
            "buffs": ["Might", "Vulnerability"],
            "affixes": ["Berserker", "Assassin", "Dragon", "Marauder"],
            "infusions": {"max": 18, "types": {"Power": 18, "Precision": 18}},
            "extras": {"runes": ["Scholar", "Eagle"]},
        },
    ),
]


def _timed(scenario: Scenario, runs: int) -> tuple[float, float, OptimizationResult]:
    """Median wall and CPU seconds (the CPU figure is steadier on a shared machine)."""
    wall, cpu = [], []
    result = optimize(scenario)
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = optimize(scenario)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def _peak_memory(scenario: Scenario) -> int:
    tracemalloc.start()
    optimize(scenario)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _same_builds(fast: OptimizationResult, scenario: Scenario) -> tuple[float, bool]:
    started = time.perf_counter()
    expected, _ = reference_search(scenario)
    seconds = time.perf_counter() - started
    same = len(expected) == len(fast.results) and all(
        abs(got.score - want.score) <= 1e-9 * abs(want.score) and got.gear == want.gear
        for got, want in zip(fast.results, expected, strict=True)
    )
    return seconds, same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-brute-force", action="store_true")
    args = parser.parse_args()

    header = (
        f"{'case':46} {'space':>15} {'median s':>9} {'cpu s':>7} {'target':>7} {'evaluations':>12} "
        f"{'evals/s':>12} {'peak MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    first: tuple[Scenario, float, OptimizationResult] | None = None
    failed = False
    for case in CASES:
        scenario = Scenario.from_dict(case.scenario)
        median, cpu, result = _timed(scenario, args.runs)
        peak = _peak_memory(scenario)
        target = f"{case.target:.1f}" if case.target is not None else "-"
        verdict = "" if case.target is None else ("  ok" if median <= case.target else "  SLOW")
        failed |= verdict == "  SLOW" or peak >= GIB
        print(
            f"{case.label:46} {result.space:>15,} {median:>9.3f} {cpu:>7.3f} {target:>7} "
            f"{result.evaluated:>12,} {result.evaluated / median:>12,.0f} {peak / (1 << 20):>9.1f}{verdict}"
        )
        first = first or (scenario, median, result)
    assert first is not None
    if not args.skip_brute_force:
        scenario, median, result = first
        seconds, same = _same_builds(result, scenario)
        print(
            f"\nbrute-force reference on case 1: {result.space:,} distinct candidates "
            f"(all {3**14:,} slot assignments) in {seconds:.2f} s -> the search is "
            f"{seconds / median:,.0f}x faster; same builds: {'yes' if same else 'NO'}"
        )
        failed |= not same
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak resident memory of this process: {rss / (1 << 20):.0f} MiB (limit 1024 MiB)")
    failed |= rss >= GIB
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
