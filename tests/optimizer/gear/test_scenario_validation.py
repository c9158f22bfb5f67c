"""Every way a scenario can be wrong gives one ScenarioError naming the problem and the valid values."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from optimizer.errors import InfeasibleError, ScenarioError
from optimizer.gear import (
    Scenario,
    affix_preset,
    affix_presets,
    buff_names,
    buff_presets,
    extra_names,
    optimize,
    profession_names,
)

BASE: dict[str, Any] = {"profession": "Guardian", "affixes": ["Berserker"]}


def _error(**fields: Any) -> str:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict({**BASE, **fields})
    return str(caught.value)


def test_names_are_case_insensitive_and_come_back_canonical() -> None:
    chosen = Scenario.from_dict(
        {
            "profession": "guardian",
            "affixes": ["berserker's", "ASSASSIN", "Berserker"],
            "forced": {"ring1": "dragon"},
            "exotic": ["trinkets"],
            "buffs": ["might", "FURY"],
            "weapon_type": "Two-Handed",
            "game_mode": "WvW",
            "objective": "Damage",
            "distribution": {"power": 3000, "bleeding": 1.5},
            "extras": {"runes": ["scholar"], "sigils": ["force", "IMPACT"]},
            "infusions": {"types": {"power": 10, "precision": 18}},
        }
    )
    assert chosen.affixes == ("Berserker", "Assassin")
    assert chosen.forced == {"Ring1": "Dragon"}
    assert chosen.exotic == ("Amulet", "Ring1", "Ring2", "Accessory1", "Accessory2", "Back")
    assert chosen.buffs == ("Might", "Fury")
    assert (chosen.weapon_type, chosen.game_mode) == ("two-handed", "wvw")
    assert chosen.distribution == {"Power": 3000, "Bleeding": 1.5}
    assert chosen.extras.runes == ("Scholar",) and chosen.extras.sigils == ("Force", "Impact")
    assert chosen.infusions is not None and chosen.infusions.types == {"Power": 10, "Precision": 18}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"affixes": ["Berzerker"]},
            "unknown affix 'Berzerker' (did you mean 'Berserker'?); valid: Berserker, Assassin",
        ),
        ({"buffs": ["Migth"]}, "unknown buff 'Migth' (did you mean 'Might'?); valid: Might, Fury"),
        ({"profession": "Paladin"}, "unknown profession 'Paladin'; valid: Guardian, Warrior"),
        ({"forced": {"Hat": "Berserker"}}, "unknown slot 'Hat'; valid: Helm, Shoulders"),
        ({"forced": {"Helm": "Nope"}}, "unknown affix 'Nope'"),
        ({"exotic": ["Ring3"]}, "unknown slot or slot group 'Ring3' (did you mean 'Ring2'?)"),
        ({"weapon_type": "triple"}, "unknown weapon type 'triple'; valid: dual, two-handed"),
        ({"game_mode": "pvp"}, "unknown game mode 'pvp' (did you mean 'pve'?); valid: pve, wvw"),
        ({"objective": "dps"}, "unknown objective 'dps'; valid: damage, survivability, healing"),
        ({"distribution": {"Bleed": 2}}, "unknown distribution key 'Bleed'"),
        ({"distribution": {"Power": -1}}, "distribution.Power: must not be negative, not -1"),
        ({"extras": {"runes": ["Scolar"]}}, "unknown rune 'Scolar' (did you mean 'Scholar'?)"),
        ({"extras": {"sigils": ["Forse"]}}, "unknown sigil 'Forse' (did you mean 'Force'?)"),
        ({"extras": {"food": ["Pizza"]}}, "unknown food 'Pizza'"),
        ({"extras": {"utility": ["Stone"]}}, "unknown utility 'Stone'"),
        ({"extras": {"relics": ["Thieff"]}}, "unknown relic 'Thieff' (did you mean 'Thief'?)"),
        (
            {"extras": {"armor": []}},
            "unknown extras key 'armor'; valid: runes, sigils, food, utility, relics",
        ),
        ({"extras": {"runes": ["Scholar", "scholar"]}}, "extras.runes: lists Scholar more than once"),
        ({"buffs": ["Might", "might"]}, "buffs: lists Might more than once"),
        (
            {"infusions": {"types": {"Ferocity": 18}}},
            "unknown infusion type 'Ferocity'; valid: Power, Precision",
        ),
        (
            {"infusions": {"types": {"Power": 19}}},
            "infusions.types.Power: the cap must be a whole number 0-18, not 19",
        ),
        (
            {"infusions": {"max": 19, "types": {"Power": 18}}},
            "infusions.max: Input should be less than or equal to 18",
        ),
        ({"infusions": {"count": 3}}, "unknown infusions key 'count'; valid: max, types"),
        ({"constraints": {"min_bd": 80}}, "unknown constraints key 'min_bd'; valid: min_boon_duration"),
        (
            {"constraints": {"min_damage": "lots"}},
            "constraints.min_damage: must be a number (damage indicator), not 'lots'",
        ),
        ({"top": 0}, "top: Input should be greater than or equal to 1"),
        ({"top": 51}, "top: Input should be less than or equal to 50"),
        ({"movement_uptime": 1.5}, "movement_uptime: Input should be less than or equal to 1"),
        ({"attack_rate": math.nan}, "attack_rate: Input should be a finite number"),
        ({"colour": "red"}, "unknown scenario key 'colour'; valid: profession, base_health"),
        ({"affixes": []}, "give at least one affix (or force every slot)"),
        ({"profession": None}, "give a profession (Guardian,"),
        ({"profession": None, "base_health": 0, "armor": 900}, "base_health: Input should be greater than 0"),
        ({"weapon_type": "two-handed", "forced": {"Weapon2": "Berserker"}}, "forced: there is no Weapon2"),
        ({"weapon_type": "two-handed", "exotic": ["Weapon2"]}, "exotic: there is no Weapon2"),
    ],
)
def test_scenario_errors(fields: dict[str, Any], expected: str) -> None:
    assert expected in _error(**fields)


@pytest.mark.parametrize(
    ("modifier", "expected"),
    [
        ({"attributes": {"Powr": [1, "buff"]}}, "unknown attribute 'Powr' (did you mean 'Power'?)"),
        ({"attributes": {"Power": 100}}, 'Power takes [points, "converted"|"buff"]'),
        (
            {"attributes": {"Power": [100, "permanent"]}},
            "unknown Power mode 'permanent'; valid: converted, buff",
        ),
        ({"attributes": {"Critical Chance": "15%"}}, "Critical Chance (percent) must be a number, not '15%'"),
        ({"damage": {"Strike Damage": [10, "mult"]}}, "unknown damage key 'Strike Damage'"),
        (
            {"damage": {"Outgoing Strike Damage": [10, "multiplicative"]}},
            "unknown Outgoing Strike Damage mode",
        ),
        ({"damage": {"Outgoing Strike Damage": [10]}}, 'takes [percent, "add"|"mult"|"target"]'),
        (
            {"damage": {"Outgoing Strike Damage": [-100, "mult"]}},
            "Outgoing Strike Damage percent must be above -100",
        ),
        ({"conversion": {"Power": {"Critical Chance": 3}}}, "unknown conversion source 'Critical Chance'"),
        ({"conversion": {"Mana": {"Power": 3}}}, "unknown conversion destination 'Mana'"),
        (
            {"conversion_after_buffs": {"Power": {"Health": 3}}},
            "unknown conversion_after_buffs source 'Health'",
        ),
        ({"tweaks": ["Inferno"]}, "unknown tweak 'Inferno'"),
        ({"colour": 1}, "modifiers[0].colour: unknown modifier key 'colour'; valid: name, attributes"),
    ],
)
def test_modifier_errors(modifier: dict[str, Any], expected: str) -> None:
    assert expected in _error(modifiers=[modifier])


def test_inline_modifiers_are_accepted_as_extras() -> None:
    chosen = Scenario.from_dict(
        {**BASE, "extras": {"runes": [{"name": "Mine", "attributes": {"Power": [10, "buff"]}}]}}
    )
    assert chosen.extras.runes[0] != "Mine" and getattr(chosen.extras.runes[0], "name", None) == "Mine"


def test_json_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read scenario file"):
        Scenario.from_json_file(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"profession": "Guardian",', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"is not valid JSON: .* at line 1"):
        Scenario.from_json_file(broken)
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(ScenarioError, match="must hold a JSON object"):
        Scenario.from_json_file(listed)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({**BASE, "top": 2}), encoding="utf-8")
    assert Scenario.from_json_file(good).top == 2


def test_with_top_validates_the_count() -> None:
    chosen = Scenario.from_dict(
        {**BASE, "modifiers": [{"name": "X", "damage": {"Outgoing Strike Damage": [5, "add", 2, "mult"]}}]}
    )
    assert chosen.with_top(12).top == 12
    assert chosen.with_top(12).modifiers == chosen.modifiers
    with pytest.raises(ScenarioError, match="top: Input should be less than or equal to 50"):
        chosen.with_top(51)


def test_catalog_listings_for_the_discord_command() -> None:
    assert len(profession_names()) == 9
    assert "Might" in buff_names() and "Vulnerability" in buff_names()
    assert buff_presets()["Realistic"] == (
        "Might",
        "Fury",
        "Protection",
        "Vulnerability",
        "Jade Bot",
        "Reinforced Armor",
    )
    assert "Scholar" in extra_names("runes") and "Force" in extra_names("Sigils")
    assert {"power", "condi", "hybrid", "power-boon", "condi-boon", "heal"} <= set(affix_presets())
    assert affix_preset("Power-Boon").constraints == {"min_boon_duration": 84.5}
    with pytest.raises(ScenarioError, match="unknown affix preset 'powr' \\(did you mean 'power'\\?\\)"):
        affix_preset("powr")
    boon = Scenario.from_dict(BASE).with_preset("power-boon")
    assert boon.affixes == ("Berserker", "Assassin", "Diviner")
    assert boon.constraints.min_boon_duration == 84.5


def test_unreachable_constraint_states_the_best_reachable_value() -> None:
    chosen = Scenario.from_dict(
        {**BASE, "affixes": ["Berserker", "Diviner"], "constraints": {"min_boon_duration": 100}}
    )
    with pytest.raises(InfeasibleError) as caught:
        optimize(chosen)
    # Full Diviner: Concentration 1173 -> 78.2% boon duration.
    assert str(caught.value) == "min boon duration 100% is unreachable with these affixes: at most 78.2%"


def test_constraints_that_conflict_only_together_are_reported_as_such() -> None:
    chosen = Scenario.from_dict(
        {
            **BASE,
            "affixes": ["Berserker", "Valkyrie"],
            "constraints": {"min_health": 16000, "min_critical_chance": 40},
        }
    )
    with pytest.raises(InfeasibleError, match="no gear meets all constraints at once"):
        optimize(chosen)


def test_max_toughness_unreachable_reports_the_lowest_value() -> None:
    chosen = Scenario.from_dict({**BASE, "affixes": ["Knight"], "constraints": {"max_toughness": 1500}})
    with pytest.raises(
        InfeasibleError, match="max toughness 1,500 is unreachable with these affixes: at least 2,381"
    ):
        optimize(chosen)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"extras": {"runes": [1]}}, "extras.runes[0]: must be a name or a modifier object, not 1"),
        (
            {"extras": {"sigils": ["Force", None]}},
            "extras.sigils[1]: must be a name or a modifier object, not None",
        ),
        ({"affixes": ["Berserker", 1]}, "affixes[1]: must be an affix name (text), not 1"),
        ({"buffs": [None]}, "buffs[0]: must be a buff name (text), not None"),
        ({"exotic": [{}]}, "exotic[0]: must be a slot or slot group (text), not {}"),
        ({"forced": {"Helm": 1}}, "forced.Helm: must be an affix name (text), not 1"),
        ({"modifiers": [{"tweaks": [3]}]}, "modifiers[0].tweaks[0]: must be a tweak name (text), not 3"),
        ({"distribution": {"Power": "lots"}}, "distribution.Power: must be a number, not 'lots'"),
        (
            {"infusions": {"types": {"Power": "all"}}},
            "infusions.types.Power: the cap must be a whole number 0-18",
        ),
    ],
)
def test_entries_of_the_wrong_type_are_named(fields: dict[str, Any], expected: str) -> None:
    assert expected in _error(**fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"base_health": 1e9}, "base_health: Input should be less than or equal to 1000000"),
        ({"attack_rate": 100}, "attack_rate: Input should be less than or equal to 10"),
        ({"distribution": {"Power": 1e6}}, "distribution.Power: must be at most 100,000, not 1000000.0"),
        ({"modifiers": [{"attributes": {"Power": [1e6, "buff"]}}]}, "Power points must be at least -100,000"),
        ({"modifiers": [{"attributes": {"Flat DPS": 1e12}}]}, "Flat DPS must be at least -1e+06"),
        ({"constraints": {"min_boon_duration": 150}}, "must be at most 100 (percent), not 150"),
        ({"constraints": {"min_toughness": -1}}, "constraints.min_toughness: must not be negative, not -1"),
        (
            {"constraints": {"min_toughness": 2000, "max_toughness": 1500}},
            "min_toughness 2000 is above max_toughness 1500: no gear can meet both",
        ),
    ],
)
def test_absurd_numbers_are_refused_before_searching(fields: dict[str, Any], expected: str) -> None:
    assert expected in _error(**fields)


def test_every_problem_of_a_scenario_is_reported_at_once() -> None:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict(
            {
                **BASE,
                "colour": "red",
                "affixes": ["Berzerker", "Viperr"],
                "extras": {"runes": [1], "armor": []},
                "constraints": {"min_bd": 80, "min_toughness": -1},
                "modifiers": [
                    {"attributes": {"Powr": [1, "buff"]}, "damage": {"Outgoing Strike Damage": [5]}}
                ],
                "top": 0,
            }
        )
    places = [problem.split(":")[0] for problem in caught.value.problems]
    assert places == [
        "colour",
        "affixes[0]",
        "affixes[1]",
        "modifiers[0].attributes.Powr",
        "modifiers[0].damage.Outgoing Strike Damage",
        "extras.armor",
        "extras.runes[0]",
        "constraints.min_bd",
        "constraints.min_toughness",
        "top",
    ]
    assert str(caught.value) == "; ".join(caught.value.problems)


def test_json_text_problems_and_validation_problems_come_together() -> None:
    text = '{"profession": "Guardian", "affixes": ["Berserker", NaN], "top": 1e999, "buffs": ["Migth"]}'
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_json(text, "mine.json")
    assert caught.value.problems == (
        "affixes[1]: NaN is not a number JSON allows; write a finite number",
        "top: 1e999 is far too large",
        "buffs[0]: unknown buff 'Migth' (did you mean 'Might'?); valid: " + ", ".join(buff_names()),
    )
    with pytest.raises(
        ScenarioError, match=r"^mine.json must hold a JSON object \(the scenario\), not a list$"
    ):
        Scenario.from_json("[]", "mine.json")


def test_at_most_twenty_problems_are_listed() -> None:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict({**BASE, "affixes": [f"Nope{i}" for i in range(30)]})
    assert len(caught.value.problems) == 20
    assert caught.value.problems[-1] == "... and 11 more problems"
