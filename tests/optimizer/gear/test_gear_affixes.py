"""Affixes derived from /v2/itemstats and per-slot values (gear-math §2.2, §3)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from optimizer.errors import ScenarioError
from optimizer.gear import (
    GameMode,
    WeaponType,
    affix_names,
    affix_table_from_itemstats,
    default_affix_table,
    optimize,
    slot_stats,
    slots_for,
)
from tests.optimizer.gear.helpers import scenario


def _itemstats() -> list[dict[str, Any]]:
    text = resources.files("optimizer").joinpath("data/gw2/itemstats.json").read_text(encoding="utf-8")
    data: list[dict[str, Any]] = json.loads(text)
    return data


def _set_total(
    affix: str, weapon_type: WeaponType, *, exotic: bool = False, game_mode: GameMode = "pve"
) -> dict[str, int]:
    table = default_affix_table()
    total: dict[str, int] = {}
    for slot in slots_for(weapon_type):
        stats = slot_stats(
            table.get(affix),
            slot,
            two_handed=weapon_type == "two-handed",
            exotic=exotic,
            game_mode=game_mode,
        )
        for stat, value in stats.items():
            total[stat] = total.get(stat, 0) + value
    return {stat: value for stat, value in total.items() if value}


@pytest.mark.parametrize(
    ("weapon_type", "exotic", "triple", "quadruple"),
    [
        ("dual", False, (1381, 961), (1173, 633)),
        ("two-handed", False, (1382, 960), (1172, 633)),
        ("dual", True, (1289, 899), (1091, 592)),
        ("two-handed", True, (1288, 900), (1092, 593)),
    ],
)
def test_full_set_totals(
    weapon_type: WeaponType, exotic: bool, triple: tuple[int, int], quadruple: tuple[int, int]
) -> None:
    berserker = _set_total("Berserker", weapon_type, exotic=exotic)
    assert berserker == {"Power": triple[0], "Precision": triple[1], "Ferocity": triple[1]}
    viper = _set_total("Viper", weapon_type, exotic=exotic)
    assert viper == {
        "Power": quadruple[0],
        "Condition Damage": quadruple[0],
        "Precision": quadruple[1],
        "Expertise": quadruple[1],
    }


def test_celestial_full_set_is_639_on_every_stat() -> None:
    totals = _set_total("Celestial", "dual")
    assert len(totals) == 9
    assert set(totals.values()) == {639}


def test_single_slot_examples() -> None:
    table = default_affix_table()
    helm = slot_stats(table.get("Berserker"), "Helm", two_handed=False, exotic=False, game_mode="pve")
    assert {k: v for k, v in helm.items() if v} == {"Power": 63, "Precision": 45, "Ferocity": 45}
    amulet = slot_stats(table.get("Viper"), "Amulet", two_handed=False, exotic=False, game_mode="pve")
    assert {k: v for k, v in amulet.items() if v} == {
        "Power": 133,
        "Condition Damage": 133,
        "Precision": 71,
        "Expertise": 71,
    }


def test_mismatched_trinket_splits_base_and_jewel() -> None:
    table = default_affix_table()
    amulet = slot_stats(
        table.get("BerserkerValkyrie"), "Amulet", two_handed=False, exotic=False, game_mode="pve"
    )
    # Berserker base (157-32, 108-18, 108-18) plus a Valkyrie jewel (Power 32, Vitality 18, Ferocity 18).
    assert {k: v for k, v in amulet.items() if v} == {
        "Power": 157,
        "Precision": 90,
        "Ferocity": 108,
        "Vitality": 18,
    }
    rabid = slot_stats(table.get("RabidApothecary"), "Ring1", two_handed=False, exotic=False, game_mode="pve")
    assert {k: v for k, v in rabid.items() if v} == {
        "Condition Damage": 126 - 32 + 18,
        "Precision": 85 - 18,
        "Toughness": 85 - 18 + 18,
        "Healing Power": 32,
    }


def test_exotic_celestial_trinket_gets_jewel_on_seven_stats_and_wvw_drops_two() -> None:
    table = default_affix_table()
    pve = slot_stats(table.get("Celestial"), "Amulet", two_handed=False, exotic=True, game_mode="pve")
    assert pve["Power"] == 56 + 12 and pve["Expertise"] == 56 and pve["Concentration"] == 56
    wvw = slot_stats(table.get("Celestial"), "Amulet", two_handed=False, exotic=True, game_mode="wvw")
    assert wvw["Power"] == 56 + 12 and wvw["Expertise"] == 0 and wvw["Concentration"] == 0


def test_every_affix_of_section_3_is_derived_from_itemstats() -> None:
    table = default_affix_table()
    assert table.names == affix_names()
    assert len(table) == 43
    dragon = table.get("dragon's")
    assert (dragon.kind, dragon.major, dragon.minor) == (
        "quadruple",
        ("Power", "Ferocity"),
        ("Precision", "Vitality"),
    )
    giver = table.get("Giver")  # nine itemstats share the name; the armor spread wins
    assert (giver.major, giver.minor) == (("Toughness",), ("Concentration", "Healing Power"))


def test_captain_exists_only_in_trinkets_and_back() -> None:
    with pytest.raises(ScenarioError, match="no affix fits Helm"):
        optimize(scenario(affixes=["Captain"]))
    with pytest.raises(ScenarioError, match="forced Helm: Captain exists only as amulet"):
        optimize(scenario(affixes=["Berserker"], forced={"Helm": "Captain"}))
    result = optimize(scenario(affixes=["Berserker", "Captain"], buffs=["Might"], top=3))
    assert all(result.results[0].gear[s] != "Captain" for s in ("Helm", "Coat", "Weapon1"))


def test_mismatched_trinkets_are_not_available_as_exotic() -> None:
    with pytest.raises(ScenarioError, match="exotic Amulet"):
        optimize(scenario(affixes=["Berserker"], forced={"Amulet": "BerserkerValkyrie"}, exotic=["Amulet"]))


def test_a_game_update_to_itemstats_changes_the_results() -> None:
    patched = copy.deepcopy(_itemstats())
    for entry in patched:
        if entry["name"] == "Berserker's":
            for attribute in entry["attributes"]:
                if attribute["attribute"] == "Precision":
                    attribute["attribute"] = "Vitality"
    table = affix_table_from_itemstats(patched)
    assert table.get("Berserker").minor == ("Vitality", "Ferocity")
    chosen = scenario(affixes=["Berserker"], buffs=["Might", "Fury"], top=1)
    before = optimize(chosen).results[0]
    after = optimize(chosen, affixes=table).results[0]
    assert before.attributes["Precision"] == 1961 and after.attributes["Precision"] == 1000
    assert after.attributes["Vitality"] == 1961
    assert after.damage < before.damage


def test_an_affix_missing_from_the_snapshot_is_a_scenario_error() -> None:
    table = affix_table_from_itemstats(e for e in _itemstats() if e["name"] != "Dragon's")
    assert "Dragon" not in table.names
    with pytest.raises(ScenarioError, match="unknown affix 'Dragon'"):
        optimize(scenario(), affixes=table)
