"""The JSON form (`gw2opt decode --json` / `gw2opt encode FILE`) and the text rendering of decoded links."""

from __future__ import annotations

import json
from typing import Any

import pytest

from optimizer.chatlink import (
    BuildTemplate,
    ChatLinkError,
    ItemLink,
    TraitLine,
    decode,
    encode,
    link_from_json,
    link_to_json,
    render_text,
)
from optimizer.gamedata import GameData

RANGER = "[&DQQhNx4XNy4uFyUPvgC9ALoAvADpFpYBLhaXAQEECxMAAAAAAAAAAAAAAAAAAA==]"
REVENANT = "[&DQkPFQMqND/cEdwRKxIrEgYSBhLUEdQRyhHKEQ4NDxAAAAAAAAAAAAAAAAAAAA==]"
RANGER_SOTO = "[&DQQZGggqHiYlD3kAvQAAALkAAAC8AAAAlwEAABYAAAAAAAAAAAAAAAAAAAACMwAjAARn9wAA3fYAAJv2AADo9gAA]"
ELEMENTALIST_LEGACY = "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAA=]"
ITEM = "[&AgGqtgDgfQ4AAP9fAAAnYAAA]"


@pytest.fixture(scope="module")
def bundled() -> GameData:
    return GameData.bundled()


def test_build_json_has_the_documented_shape(bundled: GameData) -> None:
    data = link_to_json(decode(RANGER), bundled)
    assert data["type"] == "build"
    assert data["profession"] == "Ranger"
    assert data["specializations"][0] == {
        "id": 33,
        "name": "Wilderness Survival",
        "traits": [3, 1, 3],
        "trait_names": ["Arachnophobia", "Ambidexterity", "Poison Master"],
    }
    assert [s["name"] for s in data["specializations"]] == ["Wilderness Survival", "Skirmishing", "Soulbeast"]
    assert data["skills"] == {
        "terrestrial": {"heal": 5934, "utilities": [190, 186, 5865], "elite": 5678},
        "aquatic": {"heal": 3877, "utilities": [189, 188, 406], "elite": 407},
    }
    assert data["pets"] == {"terrestrial": [1, 4], "aquatic": [11, 19]}
    assert "legends" not in data
    assert data["weapons"] == [] and data["skill_overrides"] == [] and data["legacy"] is False
    # the bundle has no skills or pets, so no names are invented for them
    assert "skill_names" not in data and "pet_names" not in data


def test_trait_names_match_the_trait_records_tier_and_order(bundled: GameData) -> None:
    data = link_to_json(decode(RANGER), bundled)
    for line in data["specializations"]:
        for tier, (choice, name) in enumerate(zip(line["traits"], line["trait_names"], strict=True), start=1):
            (trait,) = [t for t in bundled.traits.named(name) if t.specialization == line["id"]]
            assert (trait.tier, trait.order) == (tier, choice - 1)


def test_build_json_without_game_data_keeps_ids_only() -> None:
    data = link_to_json(decode(RANGER_SOTO))
    assert data["specializations"][0] == {"id": 25, "name": None, "traits": [2, 2, 1]}
    assert data["weapons"] == [{"id": 51, "name": "Hammer"}, {"id": 35, "name": "Longbow"}]
    assert data["skill_overrides"] == [63335, 63197, 63131, 63208]


def test_revenant_json_has_legends_and_no_pets() -> None:
    data = link_to_json(decode(REVENANT))
    assert "pets" not in data
    assert data["legends"] == {
        "terrestrial": [14, 13],
        "aquatic": [15, 16],
        "inactive_utilities": {"terrestrial": [0, 0, 0], "aquatic": [0, 0, 0]},
    }


def test_item_json_has_the_documented_shape() -> None:
    assert link_to_json(decode(ITEM)) == {
        "type": "item",
        "item_id": 46762,
        "quantity": 1,
        "skin": 3709,
        "upgrades": [24575, 24615],
    }
    assert link_to_json(ItemLink(5, upgrade2=9)) == {
        "type": "item",
        "item_id": 5,
        "quantity": 1,
        "skin": None,
        "upgrades": [None, 9],
    }
    keyed = link_to_json(decode("[&AgEljwEQrQat094aAAA=]"))
    assert keyed["name_key"] == 29544336393901 and "description_key" not in keyed


@pytest.mark.parametrize("code", [RANGER, REVENANT, RANGER_SOTO, ELEMENTALIST_LEGACY, ITEM, "[&AgGqtgAA]"])
def test_json_round_trips_through_text(code: str, bundled: GameData) -> None:
    link = decode(code)
    for gamedata in (None, bundled):
        assert link_from_json(json.loads(json.dumps(link_to_json(link, gamedata)))) == link


def test_hand_written_json_is_accepted_with_defaults() -> None:
    build = link_from_json(
        {
            "type": "build",
            "profession": "ranger",
            "specializations": [{"id": 33, "traits": [3, 1, 3]}],
            "skills": {"terrestrial": {"heal": 5934, "utilities": [190, 186, 5865], "elite": 5678}},
            "weapons": ["Longbow", 51, {"id": 90}],
        }
    )
    assert isinstance(build, BuildTemplate)
    assert build.profession == 4 and build.pets is not None and build.pets.terrestrial == (0, 0)
    assert [line.specialization for line in build.specializations] == [33, 0, 0]
    assert build.weapons == (35, 51, 90)
    assert build.aquatic.palettes == (0, 0, 0, 0, 0)
    assert decode(encode(build)) == build
    assert link_from_json({"type": "item", "item_id": 46762}) == ItemLink(46762)
    empty = TraitLine(0)
    assert link_from_json({"type": "build", "profession": 1}) == BuildTemplate(1, (empty, empty, empty))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], 'the JSON must be an object with a "type"'),
        ({"profession": "Ranger"}, '"type" must be "build" or "item", not None'),
        ({"type": "skill"}, '"type" must be "build" or "item"'),
        ({"type": ["build"]}, '"type" must be "build" or "item", not \\[\'build\'\\]'),
        ({"type": "build", "profession": "Ranger", "skils": {}}, "unknown field 'skils' in the build JSON"),
        ({"type": "build", "profession": "Paragon"}, "unknown profession 'Paragon'"),
        ({"type": "build", "profession": 12}, "unknown profession code 12"),
        ({"type": "build"}, "profession must be a whole number, not None"),
        ({"type": "build", "profession": 1, "specializations": [{}] * 4}, "at most 3 specializations"),
        ({"type": "build", "profession": 1, "specializations": {}}, "specializations must be a list"),
        (
            {"type": "build", "profession": 1, "specializations": [5]},
            r"specializations\[0\] must be an object",
        ),
        (
            {"type": "build", "profession": 1, "specializations": [{"id": 16, "traits": [1, 2]}]},
            r"specializations\[0\].traits must be a list of 3 numbers",
        ),
        (
            {"type": "build", "profession": 1, "specializations": [{"id": "16"}]},
            r"specializations\[0\].id must be a whole number",
        ),
        (
            {"type": "build", "profession": 1, "skills": {"terrestrial": {"heal": 1.5}}},
            "skills.terrestrial.heal must be a whole number",
        ),
        (
            {"type": "build", "profession": 1, "weapons": ["Harpoon"]},
            r"unknown weapon 'Harpoon' in weapons\[0\]",
        ),
        ({"type": "build", "profession": 1, "weapons": [999]}, "unknown weapon palette id 999"),
        ({"type": "build", "profession": 1, "pets": {"terrestrial": [1, 2]}}, "only rangers have pets"),
        ({"type": "build", "profession": 4, "pets": {"aquatic": [1]}}, "pets.aquatic must be a list of 2"),
        ({"type": "build", "profession": 9, "legends": {"inactive_utilities": []}}, "must be an object"),
        ({"type": "build", "profession": 1, "legacy": "yes"}, "legacy must be true or false"),
        ({"type": "build", "profession": 1, "skill_overrides": [-1]}, "between 0 and 4294967295"),
        ({"type": "item"}, "item_id must be a whole number, not None"),
        ({"type": "item", "item_id": 1, "upgrades": [1, 2, 3]}, "at most 2 upgrades"),
        ({"type": "item", "item_id": 1, "upgrades": ["x"]}, r"upgrades\[0\] must be a whole number"),
        ({"type": "item", "item_id": 1, "colour": 3}, "unknown field 'colour' in the item JSON"),
        ({"type": "item", "item_id": 1, "quantity": 0}, "the quantity must be between 1 and 255"),
    ],
)
def test_bad_json_is_rejected_with_the_field_named(data: Any, message: str) -> None:
    with pytest.raises(ChatLinkError, match=message):
        link_from_json(data)


def test_every_problem_of_the_json_is_named_at_once() -> None:
    with pytest.raises(ChatLinkError) as caught:
        link_from_json(
            {"type": "build", "profession": "Paragon", "legacy": "yes", "weapons": ["Harpoon"], "x": 1}
        )
    assert caught.value.problems == (
        "unknown profession 'Paragon'",
        "unknown weapon 'Harpoon' in weapons[0]",
        "legacy must be true or false, not 'yes'",
        "unknown field 'x' in the build JSON",
    )


def test_text_rendering_names_traits_and_admits_missing_skill_names(bundled: GameData) -> None:
    text = render_text(decode(RANGER), bundled)
    assert text.splitlines()[0] == "Ranger (Soulbeast)"
    assert "Wilderness Survival: adept Arachnophobia, master Ambidexterity, grandmaster Poison Master" in text
    assert "Skills (terrestrial): heal 5934; utilities 190, 186, 5865; elite 5678" in text
    assert "skill names need game data from the GW2 API" in text
    assert "Pets: terrestrial 1, 4; aquatic 11, 19" in text


def test_text_rendering_without_game_data_and_of_other_links() -> None:
    legacy = render_text(decode(ELEMENTALIST_LEGACY))
    assert legacy.splitlines()[0] == "Elementalist (legacy 44-byte code)"
    assert "Specialization 31: adept top, master bottom, grandmaster middle" in legacy
    soto = render_text(decode(RANGER_SOTO))
    assert "Weapons: Hammer, Longbow" in soto and "Skill overrides: 63335, 63197, 63131, 63208" in soto
    assert "Legends: terrestrial code 14 (active), code 13 (inactive)" in render_text(decode(REVENANT))
    assert render_text(decode(ITEM)) == "Item 46762 ×1, skin 3709, upgrades 24575, 24615"
    assert render_text(ItemLink(7, quantity=3, upgrade2=9)) == "Item 7 ×3, upgrades empty, 9"


@pytest.fixture(scope="module")
def with_skills() -> GameData:
    """API-shaped data as a schema-pinned fetch returns it: palette map, skills, pets and legends."""
    return GameData.from_api_payloads(
        build_id=1,
        source="api",
        fetched_at=None,
        professions=[
            {"id": "Ranger", "name": "Ranger", "code": 4, "skills_by_palette": [[5934, 50001], [190, 50002]]},
            {"id": "Revenant", "name": "Revenant", "code": 9, "skills_by_palette": [[4572, 50010]]},
        ],
        specializations=[],
        traits=[],
        skills=[
            {"id": 50001, "name": "Bear Stance", "professions": ["Ranger"]},
            {"id": 50002, "name": "Flame Trap", "professions": ["Ranger"]},
            {"id": 50010, "name": "Enchanted Daggers", "professions": ["Revenant"]},
            {"id": 50020, "name": "Legendary Dragon Stance", "professions": ["Revenant"]},
            {"id": 63335, "name": "Some Variant", "professions": ["Ranger"]},
        ],
        legends=[{"id": "Legend1", "code": 14, "swap": 50020, "heal": 50010, "utilities": [], "elite": 0}],
        pets=[{"id": 1, "name": "Juvenile Jungle Stalker", "skills": [{"id": 1}]}],
    )


def test_names_from_game_data_that_has_them(with_skills: GameData) -> None:
    ranger = link_to_json(decode(RANGER), with_skills)
    assert ranger["skill_names"]["terrestrial"] == {
        "heal": "Bear Stance",
        "utilities": ["Flame Trap", None, None],
        "elite": None,
    }
    assert ranger["pet_names"] == {"terrestrial": ["Juvenile Jungle Stalker", None], "aquatic": [None, None]}
    assert ranger["specializations"][0]["name"] is None  # this data has no specializations
    soto = link_to_json(decode(RANGER_SOTO), with_skills)
    assert soto["skill_names"]["skill_overrides"] == ["Some Variant", None, None, None]
    revenant = link_to_json(decode(REVENANT), with_skills)
    assert revenant["legend_names"] == {
        "terrestrial": ["Legendary Dragon Stance", None],
        "aquatic": [None, None],
    }
    assert link_from_json(revenant) == decode(REVENANT)
    text = render_text(decode(RANGER), with_skills)
    assert "heal Bear Stance [5934]; utilities Flame Trap [190], 186, 5865; elite 5678" in text
    assert "skill names need game data" not in text
    assert "Pets: terrestrial Juvenile Jungle Stalker, 4" in text
    assert "Legends: terrestrial Legendary Dragon Stance (active), code 13" in render_text(
        decode(REVENANT), with_skills
    )
    assert "Skill overrides: Some Variant [63335], 63197" in render_text(decode(RANGER_SOTO), with_skills)
