"""`optimize`: the exact gear search over every slot assignment, infusion split and extras combination."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.errors import InfeasibleError, ScenarioError
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

__all__ = ["OptimizationResult", "Progress", "best_reachable", "finish", "optimize", "search", "search_part"]

Progress = Callable[[int, int], None]  # (candidates decided, candidates in total)


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """What one share of a search found: its best candidates and the work it took."""

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


def part_size(space: SearchSpace, part: int, parts: int) -> int:
    """Candidates share `part` of `parts` covers (every combination's gear, its extras combinations)."""
    combos = len(range(part, space.extras.count, parts))
    return math.prod(len(group) for group in space.groups) * combos


def search(
    space: SearchSpace,
    scorers: Sequence[Scorer],
    *,
    top: int,
    part: int = 0,
    parts: int = 1,
    progress: Progress | None = None,
) -> SearchOutcome:
    """The `top` best distinct feasible candidates among the extras combinations of share `part`.

    Combinations are ranked by root bound (best first) and dealt to the `parts` shares in turn, so
    searches of the shares in separate processes split the work and their merged results equal the
    whole search's. `progress(decided, total)` hears how many of the share's candidates are decided.
    """
    pool = TopResults(top, len(searched_stats(space, scorers)), len(space.key_labels))
    total = part_size(space, part, parts)
    counters = Counters(on_progress=(lambda covered: progress(covered, total)) if progress else None)
    engines = [_engine(space, scorers, combo, pool, counters) for combo in range(len(scorers))]
    roots = [engine.root_bound() for engine in engines]
    order = sorted(range(len(engines)), key=lambda combo: -roots[combo])[part::parts]
    prune = engines[0].prune
    for combo in order:
        if prune and (roots[combo] == -np.inf or (pool.full and roots[combo] < pool.worst[0])):
            counters.cover(engines[combo].below[0])
            continue
        if prune and not pool.full:
            engines[combo].probe(max(64, 4 * top))
        engines[combo].run()
    if progress is not None:
        progress(counters.covered, total)  # equal once every candidate is decided
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


def _check_finite(results: Sequence[BuildResult]) -> None:
    """Bounded inputs keep every number finite; this says so plainly if some combination still does not."""
    for result in results:
        values = [result.score, result.damage, result.survivability, result.healing]
        if not all(math.isfinite(value) for value in [*values, *result.attributes.values()]):
            raise ScenarioError(
                "the scenario's numbers are too large to compute with (a result is infinite); "
                "check the distribution and the modifiers"
            )


def scorers_for(scenario: Scenario, space: SearchSpace) -> list[Scorer]:
    constraints = scenario.constraints.active()
    tiebreak = TIEBREAK[scenario.objective]
    return [Scorer(model, scenario.objective, tiebreak, constraints) for model in space.characters]


def search_part(
    scenario: Scenario,
    *,
    part: int = 0,
    parts: int = 1,
    affixes: AffixTable | None = None,
    progress: Progress | None = None,
) -> SearchOutcome:
    """Share `part` of `parts` of the search for `scenario` (see `search`); `finish` merges the shares."""
    space = build_search_space(scenario, affixes or default_affix_table())
    return search(
        space, scorers_for(scenario, space), top=scenario.top, part=part, parts=parts, progress=progress
    )


def finish(
    scenario: Scenario,
    outcomes: Sequence[SearchOutcome],
    *,
    spent: float,
    affixes: AffixTable | None = None,
) -> OptimizationResult:
    """The result of a search done in shares: their candidates merged, ranked and described; an
    InfeasibleError (which searches again, for the best reachable values) if none was feasible.
    `spent` is the seconds the shares took; the result's time adds this step's."""
    space = build_search_space(scenario, affixes or default_affix_table())
    return _result(scenario, space, outcomes, time.perf_counter() - spent)


def _result(
    scenario: Scenario, space: SearchSpace, outcomes: Sequence[SearchOutcome], started: float
) -> OptimizationResult:
    pool = outcomes[0].pool
    for outcome in outcomes[1:]:
        pool.absorb(outcome.pool)
    if len(pool) == 0:
        raise _infeasible(space, scenario.constraints.active())
    results = [_build_result(space, pool, i) for i in range(len(pool))]
    _check_finite(results)
    return OptimizationResult(
        objective=scenario.objective,
        results=results,
        evaluated=sum(outcome.evaluations for outcome in outcomes),
        seconds=time.perf_counter() - started,
        space=space.size,
    )


def optimize(
    scenario: Scenario, *, affixes: AffixTable | None = None, progress: Progress | None = None
) -> OptimizationResult:
    """The `scenario.top` best distinct builds, exactly; raises ScenarioError / InfeasibleError.

    `affixes` swaps in another game-data snapshot (see `affix_table_from_itemstats`); `progress` hears
    how many candidates are decided (see `search`). One process; several use `search_part` and `finish`.
    """
    started = time.perf_counter()
    space = build_search_space(scenario, affixes or default_affix_table())
    outcome = search(space, scorers_for(scenario, space), top=scenario.top, progress=progress)
    return _result(scenario, space, [outcome], started)
