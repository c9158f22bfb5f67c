"""Traits whose API facts list one fact twice with two numbers: PvE takes the first, WvW the second.

The GW2 API gives no mode label; the numbers below were checked against Discretize's gear optimizer
(thief.yaml at c28663c4: Exposed Weakness, Revealed Training, Keen Observer) and the API's order (PvE first).
"""

from __future__ import annotations

import pytest

from optimizer.builds import scenario_for_build
from optimizer.chatlink import BuildTemplate, TraitLine
from optimizer.gamedata import GameData, chat_link_format
from optimizer.gear import Modifier

GAMEDATA = GameData.bundled()

# (profession, trait id, modifier label, effect path, PvE number, WvW number, overrides)
SPLITS = [
    (
        "Engineer",
        2279,
        "Mech Arms: Jade Cannons",
        "attributes.Critical Chance",
        20,
        5,
        {"Mech Arms: Jade Cannons": True},
    ),
    ("Necromancer", 893, "Death Perception", "attributes.Critical Chance", 15, 10, {}),
    ("Necromancer", 893, "Death Perception", "damage.Outgoing Alternative Critical Damage", 15, 15, {}),
    ("Necromancer", 2164, "Demonic Lore", "damage.Outgoing Torment Damage", 33, 20, {}),
    ("Revenant", 2142, "Brutal Momentum", "attributes.Critical Chance", 10, 15, {}),
    ("Revenant", 2142, "Brutal Momentum (full endurance)", "attributes.Critical Chance", 23, 18, {}),
    (
        "Thief",
        1257,
        "Exposed Weakness (1 conditions on the foe)",
        "damage.Outgoing Strike Damage",
        2,
        3,
        {"Exposed Weakness": 1},
    ),
    ("Thief", 1704, "Revealed Training", "attributes.Power", 80, 100, {}),
    (
        "Thief",
        1704,
        "Revealed Training (revealed)",
        "attributes.Power",
        120,
        150,
        {"Revealed Training (revealed)": 1.0},
    ),
    ("Thief", 1281, "Keen Observer", "attributes.Critical Chance", 10, 5, {}),
    ("Thief", 1281, "Keen Observer (above 90 % health)", "attributes.Critical Chance", 5, 5, {}),
    ("Thief", 1268, "Twin Fangs", "damage.Outgoing Critical Damage", 5, 2, {}),
    ("Thief", 1268, "Twin Fangs (high health)", "damage.Outgoing Critical Damage", 2, 5, {}),
    # Not a split: 225 is the spider or devourer pet's extra expertise, a different effect.
    ("Ranger", 1099, "Arachnophobia", "attributes.Expertise", 150, 150, {}),
]


def _build_with(profession: str, trait_id: int) -> BuildTemplate:
    """A build of the profession with only the trait's line, the trait chosen if it is a major."""
    code = {name: code for code, name in chat_link_format().profession_names.items()}[profession]
    trait = GAMEDATA.traits.get(trait_id)
    assert trait is not None and trait.specialization is not None
    choices = [0, 0, 0]
    position = GAMEDATA.trait_position(trait_id)
    if position is not None:
        _, tier, choice = position
        choices[tier - 1] = choice
    line = TraitLine(trait.specialization, (choices[0], choices[1], choices[2]))
    return BuildTemplate(code, (line, TraitLine(0), TraitLine(0)))


def _number(modifier: Modifier, path: str) -> float:
    group, _, key = path.partition(".")
    if group == "attributes":
        value = modifier.attributes[key]
        return float(value[0] if isinstance(value, tuple) else value)
    return float(modifier.damage[key][0][0])


@pytest.mark.parametrize(
    ("profession", "trait_id", "label", "path", "pve", "wvw", "overrides"),
    SPLITS,
    ids=[f"{s[2]}:{s[3]}" for s in SPLITS],
)
def test_pve_and_wvw_scenarios_take_their_own_number(
    profession: str,
    trait_id: int,
    label: str,
    path: str,
    pve: float,
    wvw: float,
    overrides: dict[str, bool | float],
) -> None:
    build = _build_with(profession, trait_id)
    for mode, expected in (("pve", pve), ("wvw", wvw)):
        derived = scenario_for_build(build, GAMEDATA, mode=mode, overrides=overrides)
        found = {m.name: m for m in derived.scenario.modifiers}
        assert label in found, f"{mode}: {sorted(found)}"
        assert _number(found[label], path) == pytest.approx(expected), mode
