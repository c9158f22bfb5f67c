"""Revenant modifier data: a Conduit's Numinous Gift improves the third minor trait of its other lines."""

from __future__ import annotations

from dataclasses import replace

from optimizer.builds import scenario_for_build
from optimizer.chatlink import TraitLine, decode_build, encode
from optimizer.gamedata import GameData

GAMEDATA = GameData.bundled()
ALAC_CONDI_RENEGADE = (
    "[&DQkOPQM1PyoAAAAAAAAAAAAAAAAAAAAAAAAAAAQFAAAAAAAAAAAAAAAAAAAAAA==]"  # Corruption, Invocation
)
POWER_CONDUIT = "[&DQkPKgM2TzUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==]"


def _attributes(code: str) -> dict[str, dict[str, object]]:
    derived = scenario_for_build(code, GAMEDATA)
    return {m.name: dict(m.attributes) for m in derived.scenario.modifiers}


def _renegade_lines_as_conduit() -> str:
    """The Alac Condi Renegade's Corruption and Invocation lines with the Conduit elite line instead."""
    renegade = decode_build(ALAC_CONDI_RENEGADE)
    conduit = decode_build(POWER_CONDUIT).specializations[2]
    lines = (
        renegade.specializations[0],
        renegade.specializations[1],
        TraitLine(conduit.specialization, (1, 1, 3)),
    )
    return encode(replace(renegade, specializations=lines))


def test_yearning_empowerment_is_ten_percent_without_numinous_gift() -> None:
    found = _attributes(ALAC_CONDI_RENEGADE)
    assert found["Yearning Empowerment"] == {"Condition Duration": 10.0}
    assert "Yearning Empowerment (Numinous Gift)" not in found


def test_a_conduit_takes_the_traited_value_of_yearning_empowerment() -> None:
    """API trait 1744: Duration Increase 10 %, 15 % with Numinous Gift (trait 2440, a Conduit minor)."""
    found = _attributes(_renegade_lines_as_conduit())
    assert found["Yearning Empowerment (Numinous Gift)"] == {"Condition Duration": 15.0}
    assert "Yearning Empowerment" not in found
