"""A plain brute-force search, the yardstick for `optimizer.gear.search`: tests compare both on small spaces.

It walks every slot assignment (itertools.product over each slot's options, no symmetry reduction), every
infusion split and every extras combination, scores them in batches with the same scoring functions, and
ranks by the rule of `optimizer.gear.top_results` (score, tie-break, extras combination, canonical key; one
result per distinct total of the attributes the ranking reads). No bounds, no pruning, no slot groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from optimizer.gear import (
    GEAR_STATS,
    INFUSION_POINTS,
    AffixTable,
    Scenario,
    Scorer,
    available_in,
    build_search_space,
    default_affix_table,
    scorers_for,
    searched_stats,
    slot_stats,
    slots_for,
)

_BATCH = 200_000


@dataclass(frozen=True, slots=True)
class ReferenceResult:
    score: float
    tiebreak: float
    combo: int
    gear: dict[str, str]
    infusions: dict[str, int]


def _infusion_splits(scenario: Scenario) -> tuple[tuple[str, ...], list[tuple[int, ...]]]:
    if scenario.infusions is None or not scenario.infusions.types:
        return (), [()]
    types = tuple(scenario.infusions.types)
    caps = [scenario.infusions.types[t] for t in types]
    total = min(scenario.infusions.max, sum(caps))
    splits = [s for s in itertools.product(*(range(c + 1) for c in caps)) if sum(s) == total]
    return types, splits


def _assignments(options: list[list[int]]) -> Iterator[NDArray[np.int64]]:
    product = itertools.product(*options)
    while batch := list(itertools.islice(product, _BATCH)):
        yield np.array(batch, dtype=np.int64)


def reference_search(
    scenario: Scenario, *, affixes: AffixTable | None = None, limit: int | None = None
) -> tuple[list[ReferenceResult], int]:
    """The top results and the number of candidates scored; `limit` stops after that many assignments."""
    table = affixes or default_affix_table()
    space = build_search_space(scenario, table)
    scorers = scorers_for(scenario, space)
    names = list(space.affixes)
    slots = slots_for(scenario.weapon_type)
    options = [
        [names.index(scenario.forced[slot])]
        if slot in scenario.forced
        else [
            i
            for i, name in enumerate(names)
            if name in scenario.affixes
            and available_in(table.get(name), slot, exotic=slot in scenario.exotic)
        ]
        for slot in slots
    ]
    per_slot = [
        {
            i: [
                slot_stats(
                    table.get(names[i]),
                    slot,
                    two_handed=scenario.weapon_type == "two-handed",
                    exotic=slot in scenario.exotic,
                    game_mode=scenario.game_mode,
                )[stat]
                for stat in GEAR_STATS
            ]
            for i in options[s]
        }
        for s, slot in enumerate(slots)
    ]
    types, splits = _infusion_splits(scenario)
    # Candidates are the same result when they agree in every attribute the ranking can see.
    identity = searched_stats(space, scorers)
    infusion_vectors = np.zeros((len(splits), len(GEAR_STATS)), dtype=np.int64)
    for row, split in enumerate(splits):
        for kind, count in zip(types, split, strict=True):
            infusion_vectors[row, GEAR_STATS.index(kind)] += INFUSION_POINTS * count
    best: dict[tuple[int, tuple[int, ...]], tuple[float, float, int, tuple[int, ...], tuple[int, ...]]] = {}
    scored = 0
    seen = 0
    for assignment in _assignments(options):
        if limit is not None and seen >= limit:
            break
        seen += len(assignment)
        totals = np.zeros((len(assignment), len(GEAR_STATS)), dtype=np.int64)
        for s in range(len(slots)):
            lookup = np.zeros((len(names), len(GEAR_STATS)), dtype=np.int64)
            for i, vector in per_slot[s].items():
                lookup[i] = vector
            totals += lookup[assignment[:, s]]
        for split_index, split in enumerate(splits):
            full = totals + infusion_vectors[split_index]
            for combo, scorer in enumerate(scorers):
                scored += len(full)
                _keep_best(best, scorer, combo, full, assignment, split, scenario.top, identity)
    ranked = sorted(best.values(), key=lambda r: (-r[0], -r[1], r[2], r[3], r[4]))[: scenario.top]
    results = [
        ReferenceResult(
            score=score,
            tiebreak=tiebreak,
            combo=combo,
            gear={slot: names[i] for slot, i in zip(slots, key, strict=True)},
            infusions=dict(zip(types, split, strict=True)),
        )
        for score, tiebreak, combo, key, split in ranked
    ]
    return results, scored


def _keep_best(
    best: dict[tuple[int, tuple[int, ...]], tuple[float, float, int, tuple[int, ...], tuple[int, ...]]],
    scorer: Scorer,
    combo: int,
    totals: NDArray[np.int64],
    assignment: NDArray[np.int64],
    split: tuple[int, ...],
    top: int,
    identity_columns: list[int],
) -> None:
    gear = {stat: totals[:, d].astype(np.float64) for d, stat in enumerate(GEAR_STATS)}
    score, tiebreak, feasible = scorer.evaluate(gear, with_tiebreak=True)
    n = len(totals)
    score = np.broadcast_to(np.asarray(score, dtype=np.float64), (n,))
    tiebreak = np.broadcast_to(np.asarray(tiebreak, dtype=np.float64), (n,))
    feasible = np.broadcast_to(np.asarray(feasible, dtype=bool), (n,))
    if len(best) >= top:
        cut_score, cut_tiebreak = sorted(((v[0], v[1]) for v in best.values()), reverse=True)[top - 1]
        feasible = feasible & ((score > cut_score) | ((score == cut_score) & (tiebreak >= cut_tiebreak)))
    for row in np.flatnonzero(feasible):
        entry = (
            float(score[row]),
            float(tiebreak[row]),
            combo,
            tuple(int(a) for a in assignment[row]),
            split,
        )
        identity = (combo, tuple(int(v) for v in totals[row, identity_columns]))
        current = best.get(identity)
        if current is None or (entry[3], entry[4]) < (current[3], current[4]):
            best[identity] = entry
    if len(best) > 50 * top:
        kept = sorted(
            best.items(), key=lambda item: (-item[1][0], -item[1][1], item[1][2], item[1][3], item[1][4])
        )
        cut = kept[top - 1][1][:2]
        best.clear()
        best.update({k: v for k, v in kept if (v[0], v[1]) >= cut})
