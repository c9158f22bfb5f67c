"""Engineer modifier data: effects whose numbers the API leaves out, checked on real build codes."""

from __future__ import annotations

from dataclasses import replace

from optimizer.builds import scenario_for_build
from optimizer.chatlink import TraitLine, decode_build, encode
from optimizer.gamedata import GameData

GAMEDATA = GameData.bundled()
HOLOSMITH = 57
# Enhanced Capacity Storage Unit (trait 2137) is the Holosmith grandmaster of order 1, i.e. choice 2.
ENHANCED_CAPACITY_CHOICE = 2
# Firearms with Thermal Vision (master), Explosives, Holosmith: the 2023 Condi Holosmith guide's traits.
CONDI_HOLOSMITH = "[&DQMmOQYnOTcqDwAAhgAAAKMAAABXFgAA8BUAAAAAAAAAAAAAAAAAAAAAAAAAAA==]"
# Firearms with No Scope (master) instead: the Power Holosmith guide's traits.
POWER_HOLOSMITH = "[&DQMmLwY7OSsqDwAAhgAAAKMAAABXFgAA8BUAAAAAAAAAAAAAAAAAAAAAAAAAAA==]"


def _modifiers(code: str) -> dict[str, dict[str, tuple[tuple[float, str], ...]]]:
    derived = scenario_for_build(code, GAMEDATA)
    return {m.name: dict(m.damage) for m in derived.scenario.modifiers}


def test_thermal_vision_adds_five_percent_condition_damage_after_burning() -> None:
    # Elite Insights: 'Thermal Vision', 5 % (4 s) after burning a foe, all game modes since August 2018.
    found = _modifiers(CONDI_HOLOSMITH)
    bonus = found["Thermal Vision (after inflicting burning)"]
    assert bonus == {"Outgoing Condition Damage": ((5.0, "add"),)}


def test_without_thermal_vision_no_condition_bonus_from_it() -> None:
    assert not any(name.startswith("Thermal Vision") for name in _modifiers(POWER_HOLOSMITH))


def _with_holosmith_grandmaster(code: str, choice: int) -> str:
    build = decode_build(code)
    lines = tuple(
        TraitLine(line.specialization, (line.traits[0], line.traits[1], choice))
        if line.specialization == HOLOSMITH
        else line
        for line in build.specializations
    )
    return encode(replace(build, specializations=(lines[0], lines[1], lines[2])))


def test_lasers_edge_takes_the_traited_maximum_with_enhanced_capacity_storage_unit() -> None:
    """API trait 2122: maximum 15 % (PvE), 22.5 % when trait 2137 is taken (its traited facts override)."""
    with_unit = _modifiers(_with_holosmith_grandmaster(POWER_HOLOSMITH, ENHANCED_CAPACITY_CHOICE))
    assert with_unit["Laser's Edge (Enhanced Capacity Storage Unit) (50 % uptime)"] == {
        "Outgoing Strike Damage": ((11.25, "mult"),)
    }
    assert "Laser's Edge (50 % uptime)" not in with_unit
    without = _modifiers(_with_holosmith_grandmaster(POWER_HOLOSMITH, 3))
    assert without["Laser's Edge (50 % uptime)"] == {"Outgoing Strike Damage": ((7.5, "mult"),)}
    assert not any("Enhanced Capacity" in name for name in without)
