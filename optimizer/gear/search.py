"""`optimize`: the exact gear search over every slot assignment, infusion split and extras combination."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from typing import Final

import numpy as np

from optimizer.errors import InfeasibleError
from optimizer.gear.affixes import AffixTable, default_affix_table
from optimizer.gear.attribute_keys import GEAR_STATS, RESULT_ATTRIBUTES, RESULT_PERCENT_ATTRIBUTES
from optimizer.gear.attributes import final_attributes
from optimizer.gear.branch_bound import BranchAndBound, Counters
from optimizer.gear.indicators import INDICATORS, indicator
from optimizer.gear.relevance import relevant_stats
from optimizer.gear.results import BuildResult, OptimizationResult
from optimizer.gear.scenario import Scenario
from optimizer.gear.scoring import CONSTRAINTS, PERCENT_QUANTITIES, TIEBREAK, Scorer
from optimizer.gear.search_space import SearchSpace, build_search_space
from optimizer.gear.top_results import TopResults

__all__ = ["OptimizationResult", "best_reachable", "optimize", "search"]

PARALLEL_AFTER_SECONDS: Final = 0.3  # a process pool only pays off once a search has shown it is slow


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    pool: TopResults
    evaluations: int


def searched_stats(space: SearchSpace, scorers: Sequence[Scorer]) -> list[int]:
    """Stat columns the search carries: those gear changes and some scorer reads (see relevance.py)."""
    stacked = np.vstack([group.vectors for group in space.groups])
    read = set().union(*(relevant_stats(scorer.model, scorer.quantities) for scorer in scorers))
    return [d for d, stat in enumerate(GEAR_STATS) if stat in read and np.any(stacked[:, d])]


def _key_columns(space: SearchSpace) -> list[list[int]]:
    """Each group's columns in the canonical key."""
    return [[space.key_labels.index(label) for label in group.labels] for group in space.groups]


def _engine(
    space: SearchSpace, scorers: Sequence[Scorer], combo: int, pool: TopResults, counters: Counters
) -> BranchAndBound:
    return BranchAndBound(
        space.groups,
        scorers[combo],
        pool,
        combo=combo,
        active=searched_stats(space, scorers),
        key_columns=_key_columns(space),
        counters=counters,
        prune=all(scorer.model.monotone for scorer in scorers),
    )


def _share(
    space: SearchSpace, scorers: Sequence[Scorer], seed: TopResults, combos: Sequence[int]
) -> SearchOutcome:
    """One worker process's share of the extras combinations, searched with its own copy of the results."""
    pool = TopResults(seed.size, seed.width, seed.key_width)
    pool.absorb(seed)
    counters = Counters()
    for combo in combos:
        engine = _engine(space, scorers, combo, pool, counters)
        if not (engine.prune and pool.full and engine.root_bound() < pool.worst[0]):
            engine.run()
    return SearchOutcome(pool, counters.evaluations)


def search(space: SearchSpace, scorers: Sequence[Scorer], *, top: int, workers: int = 1) -> SearchOutcome:
    """The `top` best distinct feasible candidates of the whole space (one scorer per extras combination).

    Combinations are searched best root bound first; with `workers` > 1, once the first one has taken a
    while, the rest are shared between worker processes that start from the results found so far.
    """
    pool = TopResults(top, len(searched_stats(space, scorers)), len(space.key_labels))
    counters = Counters()
    engines = [_engine(space, scorers, combo, pool, counters) for combo in range(len(scorers))]
    roots = [engine.root_bound() for engine in engines]
    order = sorted(range(len(engines)), key=lambda combo: -roots[combo])
    prune = engines[0].prune

    def hopeless(combo: int) -> bool:
        return prune and (roots[combo] == -np.inf or (pool.full and roots[combo] < pool.worst[0]))

    started = time.perf_counter()
    for position, combo in enumerate(order):
        if hopeless(combo):
            continue
        if prune and not pool.full:
            engines[combo].probe(max(64, 4 * top))
        engines[combo].run()
        rest = [other for other in order[position + 1 :] if not hopeless(other)]
        if workers > 1 and len(rest) > 1 and time.perf_counter() - started >= PARALLEL_AFTER_SECONDS:
            shares = [rest[worker::workers] for worker in range(workers)]
            with ProcessPoolExecutor(max_workers=workers) as executor:
                for outcome in executor.map(_share, repeat(space), repeat(scorers), repeat(pool), shares):
                    pool.absorb(outcome.pool)
                    counters.evaluations += outcome.evaluations
            break
    return SearchOutcome(pool, counters.evaluations)


def best_reachable(space: SearchSpace, constraint: str) -> float:
    """The highest (or, for a maximum, lowest) value the constrained quantity reaches on its own."""
    measured, is_minimum = CONSTRAINTS[constraint]
    sign = 1.0 if is_minimum else -1.0
    scorers = [Scorer(model, measured, None, {}, sign) for model in space.characters]
    outcome = search(space, scorers, top=1)
    return sign * float(outcome.pool.score[0])


def _format(constraint: str, value: float) -> str:
    measured, _ = CONSTRAINTS[constraint]
    shown = f"{value:,.1f}".removesuffix(".0")
    return f"{shown}%" if measured in PERCENT_QUANTITIES else shown


def _infeasible(space: SearchSpace, constraints: dict[str, float]) -> InfeasibleError:
    reachable = {name: best_reachable(space, name) for name in constraints}
    problems = []
    for name, limit in constraints.items():
        is_minimum = CONSTRAINTS[name][1]
        if (reachable[name] < limit) if is_minimum else (reachable[name] > limit):
            bound = "at most" if is_minimum else "at least"
            label = name.replace("_", " ")
            problems.append(
                f"{label} {_format(name, limit)} is unreachable with these affixes: "
                f"{bound} {_format(name, reachable[name])}"
            )
    if problems:
        return InfeasibleError("; ".join(problems))
    alone = ", ".join(
        f"{name.replace('_', ' ')} {'up to' if CONSTRAINTS[name][1] else 'down to'} "
        f"{_format(name, reachable[name])}"
        for name in constraints
    )
    return InfeasibleError(f"no gear meets all constraints at once (each alone is reachable: {alone})")


def _build_result(space: SearchSpace, pool: TopResults, index: int) -> BuildResult:
    combo = int(pool.combo[index])
    key = pool.keys[index]
    model = space.characters[combo]
    points = dict.fromkeys(GEAR_STATS, 0.0)
    for group in space.groups:
        labels = key[[space.key_labels.index(label) for label in group.labels]]
        match = np.flatnonzero((group.choices == labels).all(axis=1))[0]
        for d, stat in enumerate(GEAR_STATS):
            points[stat] += float(group.vectors[match, d])
    attributes = final_attributes(model, points)
    shown = {
        name: float(attributes[name]) * (100 if name in RESULT_PERCENT_ATTRIBUTES else 1)
        for name in RESULT_ATTRIBUTES
    }
    values = {name: float(indicator(name, model, attributes)) for name in INDICATORS}
    offset = len(space.slots)
    return BuildResult(
        rank=index + 1,
        score=float(pool.score[index]),
        damage=values["damage"],
        survivability=values["survivability"],
        healing=values["healing"],
        gear={slot: space.affixes[int(key[i])] for i, slot in enumerate(space.slots)},
        infusions={kind: int(key[offset + i]) for i, kind in enumerate(space.infusion_types)},
        extras=space.extras.choice(combo),
        attributes=shown,
    )


def scorers_for(scenario: Scenario, space: SearchSpace) -> list[Scorer]:
    constraints = scenario.constraints.active()
    tiebreak = TIEBREAK[scenario.objective]
    return [Scorer(model, scenario.objective, tiebreak, constraints) for model in space.characters]


def optimize(
    scenario: Scenario, *, workers: int = 1, affixes: AffixTable | None = None
) -> OptimizationResult:
    """The `scenario.top` best distinct builds, exactly; raises ScenarioError / InfeasibleError.

    `workers` > 1 lets large searches use that many processes; `affixes` swaps in another game-data
    snapshot (see `affix_table_from_itemstats`).
    """
    started = time.perf_counter()
    workers = max(1, min(workers, os.cpu_count() or 1))
    space = build_search_space(scenario, affixes or default_affix_table())
    scorers = scorers_for(scenario, space)
    outcome = search(space, scorers, top=scenario.top, workers=workers)
    if len(outcome.pool) == 0:
        raise _infeasible(space, scenario.constraints.active())
    results = [_build_result(space, outcome.pool, i) for i in range(len(outcome.pool))]
    return OptimizationResult(
        objective=scenario.objective,
        results=results,
        evaluated=outcome.evaluations,
        seconds=time.perf_counter() - started,
        space=space.size,
    )
