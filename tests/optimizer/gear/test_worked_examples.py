"""gear-math §1.9 worked examples A and B, through the attribute pipeline and through a full optimization."""

from __future__ import annotations

import pytest

from optimizer.gear import (
    Modifier,
    build_character,
    condition_tick,
    damage,
    final_attributes,
    find_item,
    healing,
    optimize,
    survivability,
)
from tests.optimizer.gear.helpers import scenario


def _buffs(*names: str) -> list[Modifier]:
    return [find_item("buffs", name).modifier for name in names]


def test_example_a_attributes_and_indicators() -> None:
    model = build_character(
        base_health=1645,
        armor=1271,
        game_mode="pve",
        distribution={"Power": 3000},
        modifiers=_buffs("Might", "Fury", "Vulnerability"),
    )
    a = final_attributes(model, {"Power": 1381, "Precision": 961, "Ferocity": 961})
    assert a["Power"] == 3131
    assert a["Critical Chance"] == pytest.approx(0.757619, abs=1e-6)
    assert a["Critical Damage"] == pytest.approx(2.140667, abs=1e-6)
    assert damage(model, a) == pytest.approx(8428.16, abs=0.01)
    assert a["Health"] == 11645
    assert a["Armor"] == 2271
    assert survivability(model, a) == pytest.approx(13444.74, abs=0.01)
    assert healing(model, a) == pytest.approx(390, abs=0.01)


def test_example_a_full_berserker_optimization() -> None:
    chosen = scenario(
        affixes=["Berserker"], buffs=["Might", "Fury", "Vulnerability"], distribution={"Power": 3000}, top=1
    )
    best = optimize(chosen).results[0]
    assert set(best.gear.values()) == {"Berserker"}
    assert best.damage == pytest.approx(8428.16, abs=0.01)
    assert best.survivability == pytest.approx(13444.74, abs=0.01)
    assert best.healing == pytest.approx(390, abs=0.01)
    assert best.attributes["Critical Chance"] == pytest.approx(75.7619, abs=1e-4)
    assert best.attributes["Critical Damage"] == pytest.approx(214.0667, abs=1e-4)


def test_example_b_bleeding_and_ticks() -> None:
    model = build_character(
        base_health=1645,
        armor=1271,
        game_mode="pve",
        distribution={"Bleeding": 20},
        modifiers=_buffs("Might", "Vulnerability"),
    )
    a = final_attributes(model, {"Power": 1173, "Condition Damage": 1173, "Precision": 633, "Expertise": 633})
    assert a["Condition Damage"] == 1923
    assert 1 + a["Condition Duration"] == pytest.approx(1.422, abs=1e-9)
    assert condition_tick(model, a, "Bleeding") == pytest.approx(171.725, abs=0.01)
    assert damage(model, a) == pytest.approx(4883.86, abs=0.01)
    assert condition_tick(model, a, "Burning") == pytest.approx(536.33, abs=0.01)
    assert condition_tick(model, a, "Torment") == pytest.approx(256.09, abs=0.01)
    assert condition_tick(model, a, "Poison") == pytest.approx(186.10, abs=0.01)
    assert condition_tick(model, a, "Confusion") == pytest.approx(182.42, abs=0.01)


def test_example_b_full_viper_optimization() -> None:
    chosen = scenario(
        affixes=["Viper"], buffs=["Might", "Vulnerability"], distribution={"Bleeding": 20}, top=1
    )
    best = optimize(chosen).results[0]
    assert best.damage == pytest.approx(4883.86, abs=0.01)
    assert best.attributes["Condition Duration"] == pytest.approx(42.2, abs=1e-9)
