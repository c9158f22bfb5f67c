"""The attribute pipeline and damage model of gear-math §1.1-1.5 on hand-computed cases."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.gear import (
    CharacterModel,
    GameMode,
    Modifier,
    build_character,
    condition_damage,
    condition_tick,
    damage,
    final_attributes,
    healing,
    strike_damage,
    survivability,
)


def model(
    *modifiers: dict[str, Any],
    distribution: dict[str, float] | None = None,
    game_mode: GameMode = "pve",
    mesmer: bool = False,
    movement_uptime: float = 0.0,
    attack_rate: float | None = None,
) -> CharacterModel:
    return build_character(
        base_health=1645,
        armor=967,
        game_mode=game_mode,
        distribution={"Power": 2597} if distribution is None else distribution,
        modifiers=[Modifier.model_validate(m) for m in modifiers],
        mesmer=mesmer,
        movement_uptime=movement_uptime,
        attack_rate=attack_rate,
    )


def test_conversion_reads_base_attributes_and_rounds_half_to_even() -> None:
    # 2050 Precision x 3% = 61.5 -> 62 (even); 2150 x 3% = 64.5 -> 64 (even).
    stone = {"conversion": {"Power": {"Precision": 3}}}
    character = model(stone)
    assert final_attributes(character, {"Precision": 1050})["Power"] == 1000 + 62
    assert final_attributes(character, {"Precision": 1150})["Power"] == 1000 + 64


def test_buff_points_do_not_feed_conversions_but_converted_points_do() -> None:
    stone = {"conversion": {"Power": {"Ferocity": 10}}}
    buffed = model(stone, {"attributes": {"Ferocity": [500, "buff"]}})
    converted = model(stone, {"attributes": {"Ferocity": [500, "converted"]}})
    assert final_attributes(buffed, {})["Power"] == 1000
    assert final_attributes(converted, {})["Power"] == 1050
    assert final_attributes(buffed, {})["Ferocity"] == final_attributes(converted, {})["Ferocity"] == 500


def test_infusions_and_gear_are_base_attributes_for_conversions() -> None:
    stone = {"conversion": {"Concentration": {"Power": 3}}}
    assert final_attributes(model(stone), {"Power": 1000})["Concentration"] == 60


def test_percent_conversions_are_not_rounded() -> None:
    oil = {"conversion": {"Outgoing Healing": {"Healing Power": 0.006}}}
    a = final_attributes(model(oil), {"Healing Power": 1001})
    assert a["Outgoing Healing"] == pytest.approx(1001 * 0.006 / 100, rel=1e-12)


def test_after_buff_conversion_clamps_critical_chance() -> None:
    edges = {"conversion_after_buffs": {"Bleeding Coefficient": {"Critical Chance": 200}}}
    fury = {"attributes": {"Critical Chance": 80}}
    a = final_attributes(model(edges, fury), {"Precision": 2100})  # 5% + 100% + 80% = 185%, clamped to 100%
    assert a["Bleeding Coefficient"] == pytest.approx(2.0)
    assert a["Critical Chance"] == pytest.approx(1.85)


def test_strike_clamps_critical_chance_to_one() -> None:
    character = model({"attributes": {"Critical Chance": 200}})
    a = final_attributes(character, {})
    # EP = Power x critical damage when every hit crits; coefficient 2597 cancels the boss armor.
    assert strike_damage(character, a) == pytest.approx(1000 * 1.5)


def test_multiplier_buckets_add_mult_and_target() -> None:
    character = model(
        {"damage": {"Outgoing Strike Damage": [10, "add", 20, "mult"]}},
        {"damage": {"Outgoing Strike Damage": [5, "add", 10, "target"]}},
        {"damage": {"Outgoing All Damage": [10, "mult", 5, "target"]}},
    )
    expected = (1.2 * 1.1) * (1 + 0.10 + 0.05) * (1 + 0.10 + 0.05)
    assert character.multipliers["Strike"] == pytest.approx(expected)
    assert character.multipliers["Condition"] == pytest.approx(1.1 * 1.05)


def test_critical_damage_is_always_multiplicative_and_scales_crits_only() -> None:
    character = model({"damage": {"Outgoing Critical Damage": [10, "add", 10, "add"]}})
    assert character.multipliers["Critical"] == pytest.approx(1.21)
    a = final_attributes(character, {"Precision": 1050})  # 5% + 50% crit chance
    assert strike_damage(character, a) == pytest.approx(1000 * (1 + 0.55 * (1.5 * 1.21 - 1)))


def test_damage_reduction_and_survivability() -> None:
    character = model(
        {"damage": {"Damage Reduction": [33, "mult"]}}, {"damage": {"Damage Reduction": [10, "add"]}}
    )
    assert character.multipliers["Incoming Strike"] == pytest.approx(0.67 * 0.9)
    a = final_attributes(character, {"Vitality": 500, "Toughness": 100})
    assert survivability(character, a) == pytest.approx((1645 + 15000) * (967 + 1100) / (0.67 * 0.9) / 1967)


def test_maximum_health_compounds_and_rounds_half_to_even() -> None:
    character = model({"attributes": {"Maximum Health": 10}}, {"attributes": {"Maximum Health": 10}})
    assert character.maximum_health == pytest.approx(0.21)
    a = final_attributes(character, {})
    assert a["Health"] == round((1645 + 10000) * 1.21)


def test_condition_duration_cap_and_uncapped_bonus() -> None:
    character = model(
        {
            "attributes": {
                "Condition Duration": 90,
                "Bleeding Duration": 50,
                "Condition Duration Uncapped": 10,
            }
        },
        distribution={"Bleeding": 10},
    )
    a = final_attributes(character, {"Expertise": 300})
    tick = condition_tick(character, a, "Bleeding")
    assert condition_damage(character, a) == pytest.approx(10 * (1 + 1.0 + 0.10) * tick)


def test_wvw_ticks_differ_for_torment_and_confusion() -> None:
    pve = model(distribution={"Torment": 1}, movement_uptime=0.5)
    wvw = model(distribution={"Torment": 1}, movement_uptime=0.5, game_mode="wvw")
    a = final_attributes(pve, {"Condition Damage": 1000})
    assert condition_tick(pve, a, "Torment") == pytest.approx((31.8 + 90) * 0.5 + (22 + 60) * 0.5)
    assert condition_tick(wvw, a, "Torment") == pytest.approx((26 + 70) * 0.5 + (19.8 + 54) * 0.5)
    confusion = model(distribution={"Confusion": 1}, attack_rate=1.0, game_mode="wvw")
    assert condition_tick(confusion, a, "Confusion") == pytest.approx((11 + 30) + (49.5 + 97.5))


def test_power_scaled_condition_tweak() -> None:
    inferno = model({"tweaks": ["Inferno Burning"]}, distribution={"Burning": 1})
    a = final_attributes(inferno, {"Power": 1000, "Condition Damage": 5000})
    assert condition_tick(inferno, a, "Burning") == pytest.approx(131 + 0.0825 * 2000)


def test_necromancer_shroud_uses_alternative_critical_stats() -> None:
    character = model(
        {"attributes": {"Alternative Ferocity": [300, "buff"], "Alternative Critical Chance": 15}},
        {"damage": {"Outgoing Alternative Critical Damage": [10, "mult"]}},
        distribution={"Power2": 2597},
    )
    a = final_attributes(character, {"Precision": 1000, "Ferocity": 600})
    critical_chance = 0.05 + 1000 / 2100 + 0.15
    critical_damage = (1.5 + 600 / 1500 + 300 / 1500) * 1.1
    assert strike_damage(character, a) == pytest.approx(1000 * (1 + critical_chance * (critical_damage - 1)))


def test_mesmer_phantasms_use_their_own_crit_and_ignore_strike_multipliers() -> None:
    character = model(
        {"damage": {"Outgoing Strike Damage": [50, "mult"], "Outgoing Phantasm Damage": [10, "target"]}},
        {"attributes": {"Critical Chance": 25}},
        distribution={"Power2": 2597},
        mesmer=True,
    )
    a = final_attributes(character, {"Precision": 1050, "Ferocity": 750})
    phantasm_crit = 0.05 + 1050 / 2100
    assert strike_damage(character, a) == pytest.approx(1000 * (1 + phantasm_crit * (2.0 - 1)) * 1.1)


def test_siphon_flat_and_noncrit() -> None:
    character = model(
        {"attributes": {"Siphon Base Coefficient": 100, "Siphon Coefficient": 0.1, "Flat DPS": 50}},
        {"attributes": {"NonCrit Power Coefficient": 2597}},
        {"damage": {"Outgoing All Damage": [10, "add"]}},
        distribution={},
    )
    a = final_attributes(character, {"Power": 1000})
    assert damage(character, a) == pytest.approx((100 + 200) * 1.1 + 50 + 2000 * 1.1)


def test_healing_indicator() -> None:
    character = model({"attributes": {"Outgoing Healing": 10}})
    assert healing(character, final_attributes(character, {"Healing Power": 1000})) == pytest.approx(
        690 * 1.1
    )
