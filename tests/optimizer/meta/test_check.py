"""The independent check of a guide's gear: "agrees" when no gear in our search beats it, otherwise the gain
and the prefixes that give it; the variant's own traits; what cannot be checked says why."""

from __future__ import annotations

from collections import Counter

import pytest

from optimizer.chatlink import decode_build
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import optimize
from optimizer.meta import (
    MetaBuild,
    VariantCheck,
    compare_results,
    parse_guide,
    plan_check,
    prefix_swaps,
    search_scenario,
    swaps_text,
    variant_code,
)
from tests.harness.fake_github import fixture_files

GAMEDATA = GameData.bundled()
DH = "builds/guardian/power-dragonhunter/index.mdx"


def dragonhunter() -> MetaBuild:
    build = parse_guide(DH, fixture_files()[DH], source="discretize").build
    assert build is not None
    return build


def check(build: MetaBuild, index: int = 0) -> VariantCheck:
    plan = plan_check(build, build.variants[index], GAMEDATA)
    guide = optimize(plan.guide).results[0]
    searched = optimize(search_scenario(plan, guide))
    return compare_results(plan, searched.results[0], guide, searched.objective)


def with_gear(build: MetaBuild, slots: dict[str, str]) -> MetaBuild:
    variant = build.variants[0]
    assert variant.choice is not None
    choice = {**variant.choice, "gear": slots}
    return build.model_copy(update={"variants": (variant.model_copy(update={"choice": choice}),)})


def test_the_guides_gear_that_is_our_best_agrees() -> None:
    build = dragonhunter()
    first = check(build)
    assert first.ours is not None
    best = with_gear(build, dict(first.ours["gear"]))
    again = check(best)
    assert again.status == "agrees" and again.text == "agrees" and again.swaps == ()


def test_worse_gear_shows_the_gain_and_the_swaps() -> None:
    build = dragonhunter()
    best = check(build)
    assert best.ours is not None
    ours = dict(best.ours["gear"])
    # Both rings in a defensive prefix: our best beats that measurably whatever the crit cap does.
    other = "Soldier"
    worse = {**ours, "Ring1": other, "Ring2": other}
    result = check(with_gear(build, worse))
    assert result.status == "better" and result.gain is not None and result.gain > 0.001
    ring_prefixes = Counter([ours["Ring1"], ours["Ring2"]])
    assert sorted(result.swaps) == sorted((n, prefix, other) for prefix, n in ring_prefixes.items())
    assert result.text.startswith(f"{result.gain * 100:+.1f} % with ")
    assert f"instead of {other}" in result.text


def test_swaps_are_counted_per_prefix_pair() -> None:
    ours = {"Helm": "Assassin", "Coat": "Assassin", "Boots": "Berserker", "Ring1": "Dragon"}
    guide = {"Helm": "Dragon", "Coat": "Dragon", "Boots": "Dragon", "Ring1": "Dragon"}
    swaps = prefix_swaps(ours, guide)
    assert swaps == ((2, "Assassin", "Dragon"), (1, "Berserker", "Dragon"))
    assert swaps_text(swaps) == "2 × Assassin instead of Dragon, 1 × Berserker instead of Dragon"


def test_a_variant_with_other_trait_lines_is_checked_with_them() -> None:
    build = dragonhunter()
    virtues = build.variants[1]
    assert build.code is not None
    code, note = variant_code(build.code, virtues.traits, GAMEDATA)
    assert note is None
    lines = [line.specialization for line in decode_build(code).specializations]
    assert lines == [46, 42, 27]  # Virtues instead of Radiance, as the variant's gear says
    assert plan_check(build, virtues, GAMEDATA).code == code


def test_what_cannot_be_checked_says_why() -> None:
    build = dragonhunter().model_copy(update={"code": None})
    with pytest.raises(ScenarioError, match="no build chat code"):
        plan_check(build, build.variants[0], GAMEDATA)
    broken = dragonhunter()
    variant = broken.variants[0].model_copy(
        update={"choice": None, "problem": "no bundled sigil has the item id 1"}
    )
    with pytest.raises(ScenarioError, match="no bundled sigil"):
        plan_check(broken, variant, GAMEDATA)
