"""Snapshots built from API-shaped payloads, as the storage layer will build them from its cache."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from optimizer.gamedata import GameData, GameDataError

FETCHED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)

PROFESSIONS: list[dict[str, Any]] = [
    {
        "id": "Ranger",
        "name": "Ranger",
        "code": 4,
        "icon": "https://render.example/ranger.png",
        "specializations": [33, 55],
        "weapons": {"Longbow": {"flags": ["TwoHand"], "skills": [{"id": 12510, "slot": "Weapon_1"}]}},
        "skills_by_palette": [[5934, 50001], [190, 50002], [5678, 50003]],
    },
    # Fetched without a schema version: no code, no palette map.
    {"id": "Revenant", "name": "Revenant", "specializations": [52]},
]
SPECIALIZATIONS: list[dict[str, Any]] = [
    {
        "id": 33,
        "name": "Wilderness Survival",
        "profession": "Ranger",
        "minor_traits": [],
        "major_traits": [101, 102, 103, 104, 105, 106, 107, 108, 109],
    },
    {"id": 55, "name": "Soulbeast", "profession": "Ranger", "elite": True, "major_traits": []},
    {"id": 52, "name": "Herald", "profession": "Revenant", "elite": True, "major_traits": []},
]
TRAITS: list[dict[str, Any]] = [
    {
        "id": 100 + i,
        "name": f"Trait {i}",
        "specialization": 33,
        "tier": (i - 1) // 3 + 1,
        "order": (i - 1) % 3,
        "slot": "Major",
        "facts": [{"type": "Buff", "status": "Fury", "duration": i}],
    }
    for i in range(1, 10)
]
SKILLS: list[dict[str, Any]] = [
    {"id": 50001, "name": "Bear Stance", "type": "Heal", "professions": ["Ranger"]},
    {"id": 50002, "name": "Flame Trap", "type": "Utility", "professions": ["Ranger"]},
    {"id": 50003, "name": "One Wolf Pack", "type": "Elite", "professions": ["Ranger"]},
    {"id": 50004, "name": "Legendary Dragon Stance", "type": "Profession", "professions": ["Revenant"]},
    {"id": 50005, "name": "Bandage", "type": "Heal", "professions": []},
]
LEGENDS: list[dict[str, Any]] = [
    {"id": "Legend1", "code": 14, "swap": 50004, "heal": 1, "elite": 2, "utilities": [3, 4, 5]},
    {"id": "Legend9", "code": 30, "swap": 99999, "heal": 1, "elite": 2, "utilities": []},
]
PETS: list[dict[str, Any]] = [{"id": 1, "name": "Juvenile Jungle Stalker", "skills": [{"id": 7}, {"id": 8}]}]


def make(**overrides: Any) -> GameData:
    payloads: dict[str, Any] = {
        "build_id": 200000,
        "source": "api",
        "fetched_at": FETCHED,
        "professions": PROFESSIONS,
        "specializations": SPECIALIZATIONS,
        "traits": TRAITS,
        "skills": SKILLS,
        "legends": LEGENDS,
        "pets": PETS,
        "itemstats": [{"id": 161, "name": "Berserker's", "attributes": []}],
    }
    return GameData.from_api_payloads(**{**payloads, **overrides})


def test_snapshot_metadata_and_counts() -> None:
    data = make()
    assert (data.build_id, data.source, data.fetched_at) == (200000, "api", FETCHED)
    assert data.counts() == {
        "professions": 2,
        "specializations": 3,
        "traits": 9,
        "skills": 5,
        "legends": 2,
        "pets": 1,
        "itemstats": 1,
    }
    assert data.missing() == ()


def test_palette_ids_map_to_skills_both_ways() -> None:
    data = make()
    skill = data.palette_to_skill("Ranger", 5934)
    assert skill is not None and skill.name == "Bear Stance"
    assert data.palette_to_skill(4, 190) == data.skills.get(50002)
    assert data.skill_to_palette("ranger", 50003) == 5678
    assert data.palette_to_skill("Ranger", 1) is None
    assert data.has_skill_names("Ranger")


def test_a_profession_without_schema_fields_gets_its_code_but_no_palettes() -> None:
    data = make()
    revenant = data.profession(9)
    assert revenant is not None and revenant.id == "Revenant" and revenant.code == 9
    assert revenant.skills_by_palette == {}
    assert data.palette_to_skill("Revenant", 4572) is None
    assert not data.has_skill_names("Revenant")


def test_palette_map_without_skills_still_knows_the_skill_id() -> None:
    data = make(skills=[], legends=[])
    assert data.palette_to_skill_id("Ranger", 5934) == 50001
    assert data.palette_to_skill("Ranger", 5934) is None
    assert not data.has_skill_names("Ranger")
    assert any("skill names are unknown" in note for note in data.missing())


def test_legends_are_named_after_their_swap_skill() -> None:
    data = make()
    dragon = data.legend_by_code(14)
    assert dragon is not None and dragon.id == "Legend1" and dragon.name == "Legendary Dragon Stance"
    assert dragon.utilities == (3, 4, 5)
    unknown_swap = data.legend_by_code(30)
    assert unknown_swap is not None and unknown_swap.name == "Legend9"
    assert data.legend_by_code(1) is None


def test_pets_and_weapons_are_parsed() -> None:
    data = make()
    pet = data.pets.get(1)
    assert pet is not None and pet.skills == (7, 8)
    ranger = data.profession("Ranger")
    assert ranger is not None
    (longbow,) = ranger.weapons
    assert (longbow.type, longbow.specialization, longbow.flags) == ("Longbow", None, ("TwoHand",))


def test_trait_choice_uses_the_major_trait_order() -> None:
    data = make()
    trait = data.trait_choice(33, 2, 3)
    assert trait is not None and trait.id == 106 and (trait.tier, trait.order) == (2, 2)


def test_skill_search_filters_by_profession() -> None:
    data = make()
    assert [s.name for s in data.search_skills("stance")] == ["Bear Stance", "Legendary Dragon Stance"]
    assert [s.name for s in data.search_skills("stance", profession="Revenant")] == [
        "Legendary Dragon Stance"
    ]
    assert [s.name for s in data.search_skills("", profession=4)] == [
        "Bear Stance",
        "Flame Trap",
        "One Wolf Pack",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"traits": [{"id": 1}]}, "malformed game data for build 200000"),
        ({"specializations": [{"id": "x", "name": "A", "profession": "Ranger"}]}, "malformed"),
        ({"professions": [{"id": "Ranger", "name": "Ranger", "skills_by_palette": [[1]]}]}, "malformed"),
        ({"pets": [{"id": 1, "name": "Pet", "skills": [{"no_id": 1}]}]}, "malformed"),
    ],
)
def test_malformed_payloads_raise_a_game_data_error(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(GameDataError, match=message):
        make(**overrides)
