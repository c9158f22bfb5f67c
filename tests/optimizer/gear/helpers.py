"""Shared helpers for the engine tests: building scenarios and comparing search against brute force."""

from __future__ import annotations

from typing import Any

from optimizer.gear import Scenario, optimize
from tests.optimizer.gear.reference_search import reference_search


def scenario(**fields: Any) -> Scenario:
    base: dict[str, Any] = {"profession": "Guardian", "affixes": ["Berserker", "Assassin", "Dragon"]}
    return Scenario.from_dict({**base, **fields})


def assert_matches_brute_force(chosen: Scenario) -> None:
    """The search returns exactly the reference's ranked list: scores, gear, infusions and extras."""
    fast = optimize(chosen)
    expected, scored = reference_search(chosen)
    assert scored > 0
    assert len(fast.results) == len(expected)
    for got, want in zip(fast.results, expected, strict=True):
        assert abs(got.score - want.score) <= 1e-9 * max(1.0, abs(want.score))
        assert got.gear == want.gear
        assert got.infusions == want.infusions
        assert got.extras == _extras_of(chosen, want.combo)


def _extras_of(chosen: Scenario, combo: int) -> dict[str, Any]:
    from optimizer.gear import build_search_space, default_affix_table

    return build_search_space(chosen, default_affix_table()).extras.choice(combo)
