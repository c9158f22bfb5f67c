"""The search is exact: it equals a plain brute force on small spaces and no random gear beats it."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.gear import (
    GEAR_STATS,
    INFUSION_POINTS,
    OptimizationResult,
    Scenario,
    Scorer,
    SearchSpace,
    available_in,
    build_search_space,
    default_affix_table,
    finish,
    optimize,
    scorers_for,
    search_part,
    slot_stats,
)
from tests.optimizer.gear.helpers import assert_matches_brute_force, scenario

POWER_BUFFS = ["Might", "Fury", "Vulnerability"]
FORCED_MOST = {
    "Helm": "Berserker",
    "Coat": "Dragon",
    "Leggings": "Berserker",
    "Amulet": "Berserker",
    "Accessory1": "Assassin",
    "Back": "Berserker",
    "Weapon1": "Berserker",
    "Weapon2": "Dragon",
}

CASES: dict[str, dict[str, Any]] = {
    "power, forced slots": {"buffs": POWER_BUFFS, "forced": FORCED_MOST, "top": 12},
    "infusions and extras": {
        "buffs": POWER_BUFFS,
        "forced": FORCED_MOST,
        "infusions": {"max": 6, "types": {"Power": 4, "Precision": 4}},
        "extras": {"runes": ["Scholar", "Eagle"], "sigils": ["Force", "Accuracy", "Impact"]},
        "top": 15,
    },
    "exotic, celestial, wvw, three infusion types": {
        "affixes": ["Berserker", "Celestial"],
        "game_mode": "wvw",
        "exotic": ["Helm", "Ring1", "Accessory1", "Accessory2", "Weapon2"],
        "forced": {"Coat": "Celestial", "Leggings": "Berserker", "Back": "Celestial"},
        "buffs": POWER_BUFFS,
        "distribution": {"Power": 2000, "Burning": 3, "Confusion": 2},
        "infusions": {"max": 3, "types": {"Power": 2, "Precision": 2, "Vitality": 2}},
        "top": 10,
    },
    "two-handed condi with boon and toughness limits": {
        "affixes": ["Viper", "Sinister", "Ritualist"],
        "weapon_type": "two-handed",
        "forced": {
            "Helm": "Viper",
            "Coat": "Viper",
            "Leggings": "Viper",
            "Amulet": "Viper",
            "Back": "Sinister",
        },
        "buffs": ["Might", "Vulnerability"],
        "distribution": {"Power": 1500, "Bleeding": 10, "Torment": 8, "Poison": 3},
        "constraints": {"min_boon_duration": 12, "max_toughness": 1050},
        "modifiers": [
            {
                "name": "Nightmare",
                "attributes": {"Condition Damage": [175, "converted"], "Condition Duration": 20},
            }
        ],
        "top": 10,
    },
    "survivability with a damage floor": {
        "affixes": ["Berserker", "Soldier", "Sentinel"],
        "objective": "survivability",
        "forced": {"Helm": "Soldier", "Coat": "Sentinel", "Amulet": "Berserker", "Weapon1": "Berserker"},
        "exotic": ["Ring2"],
        "buffs": ["Might", "Fury", "Protection"],
        "constraints": {"min_damage": 5500},
        "top": 8,
    },
    "healing with conversions and a boon floor": {
        "affixes": ["Harrier", "Minstrel", "Magi"],
        "objective": "healing",
        "forced": {
            "Helm": "Harrier",
            "Coat": "Minstrel",
            "Leggings": "Harrier",
            "Weapon1": "Magi",
            "Weapon2": "Magi",
        },
        "constraints": {"min_boon_duration": 30},
        "extras": {"utility": ["Master Maintenance Oil", "Bountiful Maintenance Oil"]},
        "infusions": {"max": 2, "types": {"Healing Power": 2, "Concentration": 2}},
        "top": 10,
    },
    "captain and mismatched trinkets": {
        "affixes": ["Berserker", "Captain", "BerserkerValkyrie"],
        "forced": {"Helm": "Berserker", "Coat": "Berserker", "Leggings": "Berserker", "Weapon1": "Berserker"},
        "buffs": ["Might"],
        "distribution": {"Power": 3000},
        "top": 10,
    },
    "conversions, shroud and after-buff conversions": {
        "profession": "Necromancer",
        "forced": FORCED_MOST,
        "buffs": ["Might", "Vulnerability", "Jade Bot", "Reinforced Armor"],
        "distribution": {"Power": 1500, "Power2": 2500, "Bleeding": 1},
        "modifiers": [
            {"name": "Reaper's Onslaught", "attributes": {"Alternative Ferocity": [300, "buff"]}},
            {"name": "Edges", "conversion_after_buffs": {"Bleeding Coefficient": {"Critical Chance": 212}}},
        ],
        "extras": {
            "utility": ["Superior Sharpening Stone", "Furious Sharpening Stone"],
            "food": ["Dragon's Breath Bun"],
        },
        "top": 10,
    },
    "mesmer phantasms": {
        "profession": "Mesmer",
        "forced": FORCED_MOST,
        "buffs": POWER_BUFFS,
        "distribution": {"Power": 1000, "Power2": 2000},
        "top": 6,
    },
    "everything ties: order by canonical key, one result per total": {
        "affixes": ["Berserker", "Assassin"],
        "objective": "survivability",
        "distribution": {},
        "forced": {"Helm": "Berserker", "Coat": "Berserker", "Leggings": "Berserker", "Amulet": "Assassin"},
        "top": 20,
    },
    "non-monotone model (negative conversion) searched without bounds": {
        "forced": FORCED_MOST,
        "buffs": POWER_BUFFS,
        "modifiers": [{"name": "Odd", "conversion": {"Power": {"Precision": -20}}}],
        "top": 10,
    },
}


@pytest.mark.parametrize("name", list(CASES))
def test_search_matches_brute_force(name: str) -> None:
    assert_matches_brute_force(scenario(**CASES[name]))


def _identity(build: Any) -> tuple[Any, ...]:
    return (repr(build.extras), tuple(sorted(build.attributes.items())))


def test_results_are_distinct_and_interchangeable_slots_are_canonical() -> None:
    result = optimize(
        scenario(buffs=POWER_BUFFS, infusions={"types": {"Power": 18, "Precision": 18}}, top=50)
    )
    assert len({_identity(build) for build in result.results}) == 50
    order = ["Berserker", "Assassin", "Dragon"]
    for build in result.results:
        for first, second in (("Ring1", "Ring2"), ("Accessory1", "Accessory2"), ("Weapon1", "Weapon2")):
            assert order.index(build.gear[first]) <= order.index(build.gear[second])
        armor = [order.index(build.gear[slot]) for slot in ("Shoulders", "Gloves", "Boots")]
        assert armor == sorted(armor)
    scores = [(build.score, build.survivability) for build in result.results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("parts", [2, 3])
def test_a_search_in_shares_gives_the_same_results(parts: int) -> None:
    chosen = scenario(**CASES["infusions and extras"])
    single = optimize(chosen)
    shares = [search_part(chosen, part=part, parts=parts) for part in range(parts)]
    merged = finish(chosen, shares, spent=0.0)
    assert [b.model_dump() for b in merged.results] == [b.model_dump() for b in single.results]
    assert merged.space == single.space


def test_progress_counts_every_candidate_once() -> None:
    chosen = scenario(**CASES["infusions and extras"])
    reports: list[tuple[int, int]] = []
    result = optimize(chosen, progress=lambda decided, total: reports.append((decided, total)))
    assert reports[-1] == (result.space, result.space)
    decided = [d for d, _ in reports]
    assert decided == sorted(decided)
    per_share: list[int] = []
    for part in range(3):
        share: list[tuple[int, int]] = []
        search_part(chosen, part=part, parts=3, progress=lambda d, t: share.append((d, t)))  # noqa: B023
        assert share[-1][0] == share[-1][1]
        per_share.append(share[-1][1])
    assert sum(per_share) == result.space


PROPERTY_SCENARIO = {
    "affixes": ["Berserker", "Assassin", "Dragon", "Marauder"],
    "buffs": ["Might", "Fury", "Vulnerability"],
    "distribution": {"Power": 3000, "Bleeding": 2},
    "exotic": ["Ring2"],
    "infusions": {"types": {"Power": 18, "Precision": 18}},
    "extras": {"runes": ["Scholar", "Eagle"], "food": ["Plate of Truffle Steak"]},
    "top": 5,
}


@cache
def _property_setup() -> tuple[Scenario, OptimizationResult, SearchSpace, list[Scorer]]:
    chosen = scenario(**PROPERTY_SCENARIO)
    space = build_search_space(chosen, default_affix_table())
    return chosen, optimize(chosen), space, scorers_for(chosen, space)


def _totals(chosen: Scenario, gear: dict[str, str], infusions: dict[str, int]) -> tuple[int, ...]:
    table = default_affix_table()
    totals = np.zeros(len(GEAR_STATS), dtype=np.int64)
    for slot, name in gear.items():
        stats = slot_stats(
            table.get(name), slot, two_handed=False, exotic=slot in chosen.exotic, game_mode="pve"
        )
        totals += np.array([stats[stat] for stat in GEAR_STATS])
    for kind, count in infusions.items():
        totals[GEAR_STATS.index(kind)] += INFUSION_POINTS * count
    return tuple(int(v) for v in totals)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_no_random_gear_beats_the_reported_results(data: st.DataObject) -> None:
    chosen, result, space, scorers = _property_setup()
    table = default_affix_table()
    gear = {
        slot: data.draw(
            st.sampled_from(
                [
                    name
                    for name in chosen.affixes
                    if available_in(table.get(name), slot, exotic=slot in chosen.exotic)
                ]
            )
        )
        for slot in space.slots
    }
    power = data.draw(st.integers(0, 18))
    totals = _totals(chosen, gear, {"Power": power, "Precision": 18 - power})
    combo = data.draw(st.integers(0, space.extras.count - 1))
    values = {stat: np.array([float(totals[d])]) for d, stat in enumerate(GEAR_STATS)}
    score, tiebreak, _ = scorers[combo].evaluate(values, with_tiebreak=True)
    candidate = (float(score[0]), float(tiebreak[0]))
    best, worst = result.results[0], result.results[-1]
    assert candidate <= (best.score, best.survivability)
    listed = any(
        build.extras == space.extras.choice(combo) and _totals(chosen, build.gear, build.infusions) == totals
        for build in result.results
    )
    if not listed:
        assert candidate <= (worst.score, worst.survivability)
