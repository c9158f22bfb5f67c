"""Checking decoded builds against game data."""

from __future__ import annotations

import pytest

from optimizer.chatlink import (
    BuildTemplate,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    build_problems,
    decode_build,
)
from optimizer.gamedata import GameData

VALID = [
    "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAA=]",
    "[&DQQhNx4XNy4uFyUPvgC9ALoAvADpFpYBLhaXAQEECxMAAAAAAAAAAAAAAAAAAA==]",
    "[&DQkPFQMqND/cEdwRKxIrEgYSBhLUEdQRyhHKEQ4NDxAAAAAAAAAAAAAAAAAAAA==]",
    "[&DQQZGggqHiYlD3kAvQAAALkAAAC8AAAAlwEAABYAAAAAAAAAAAAAAAAAAAACMwAjAARn9wAA3fYAAJv2AADo9gAA]",
    "[&DQMGJyY5SyYqDwAAhgAAAFodAACTAQAAex0AAAAAAAAAAAAAAAAAAAAAAAACCQE2AAA=]",
]


@pytest.fixture(scope="module")
def bundled() -> GameData:
    return GameData.bundled()


@pytest.mark.parametrize("code", VALID)
def test_published_builds_fit_the_bundled_data(code: str, bundled: GameData) -> None:
    assert build_problems(decode_build(code), bundled) == ()


def test_specializations_must_exist_belong_to_the_profession_and_elite_last(bundled: GameData) -> None:
    # Ranger: Fire (Elementalist), Soulbeast (elite, slot 2), unknown 200
    build = BuildTemplate(4, (TraitLine(31), TraitLine(55), TraitLine(200)))
    assert build_problems(build, bundled) == (
        "Fire is an Elementalist specialization, not a Ranger one",
        "the elite specialization Soulbeast must be in the third slot",
        "unknown specialization id 200",
    )


def test_pets_and_legends_are_checked_only_when_the_data_has_them(bundled: GameData) -> None:
    lines = (TraitLine(33), TraitLine(30), TraitLine(0))
    ranger = BuildTemplate(4, lines, pets=RangerPets((1, 99), (0, 0)))
    assert build_problems(ranger, bundled) == ()
    revenant = BuildTemplate(
        9, (TraitLine(15), TraitLine(0), TraitLine(0)), legends=RevenantLegends((14, 77))
    )
    assert build_problems(revenant, bundled) == ()
    with_data = GameData.from_api_payloads(
        build_id=1,
        source="api",
        fetched_at=None,
        professions=[],
        specializations=[
            {"id": 33, "name": "Wilderness Survival", "profession": "Ranger"},
            {"id": 30, "name": "Skirmishing", "profession": "Ranger"},
            {"id": 15, "name": "Devastation", "profession": "Revenant"},
        ],
        traits=[],
        pets=[{"id": 1, "name": "Juvenile Jungle Stalker"}],
        legends=[{"id": "Legend1", "code": 14}],
    )
    assert build_problems(ranger, with_data) == ("unknown pet id 99",)
    assert build_problems(revenant, with_data) == ("unknown legend code 77",)


def test_a_utility_skill_slotted_twice_is_a_problem(bundled: GameData) -> None:
    lines = (TraitLine(42), TraitLine(16), TraitLine(27))
    twice = BuildTemplate(1, lines, terrestrial=SkillBar(1, (9, 0, 9), 2), aquatic=SkillBar(1, (9, 8, 7), 2))
    assert build_problems(twice, bundled) == (
        "the terrestrial utility skill with palette id 9 is slotted more than once",
    )
    empty = BuildTemplate(1, lines, terrestrial=SkillBar(1, (0, 0, 9), 2))
    assert build_problems(empty, bundled) == ()
