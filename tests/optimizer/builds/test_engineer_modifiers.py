"""Engineer modifier data: effects whose numbers the API leaves out, checked on real build codes."""

from __future__ import annotations

from optimizer.builds import scenario_for_build
from optimizer.gamedata import GameData

GAMEDATA = GameData.bundled()
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
