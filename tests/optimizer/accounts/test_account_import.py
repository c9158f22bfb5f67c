"""Build tabs to chat codes and equipment tabs to gear, on realistic API payloads (no network, no Discord)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from optimizer.accounts import (
    AccountImportError,
    armory_stats,
    build_from_tab,
    gear_from_tab,
    item_ids,
    slots_without_stats,
)
from optimizer.builds import OptimizeRequest, character_scenarios, prepare
from optimizer.chatlink import (
    BuildTemplate,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    decode_build,
)
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from tests.harness.fake_account_api import account_fixture, game_data_payloads

BERSERKER_ARMOR = dict.fromkeys(("Shoulders", "Coat", "Gloves", "Leggings", "Boots"), "Berserker")
BERSERKER_TRINKETS = dict.fromkeys(("Ring1", "Ring2", "Accessory1", "Accessory2", "Back"), "Berserker")


@pytest.fixture(scope="module")
def gamedata() -> GameData:
    return GameData.from_api_payloads(
        build_id=191645, source="api", fetched_at=datetime(2025, 12, 1, tzinfo=UTC), **game_data_payloads()
    )


@pytest.fixture(scope="module")
def items() -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in account_fixture("items")}


def character(name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in account_fixture("characters") if c["name"] == name)
    return found


def build_tab(name: str, tab: int) -> dict[str, Any]:
    found: dict[str, Any] = next(t for t in character(name)["build_tabs"] if t["tab"] == tab)["build"]
    return found


def equipment_tab(name: str, tab: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = next(t for t in character(name)["equipment_tabs"] if t["tab"] == tab)[
        "equipment"
    ]
    return found


def test_a_soulbeast_build_tab_becomes_its_chat_code_with_pets(gamedata: GameData) -> None:
    imported = build_from_tab(build_tab("Lyra Thornwood", 1), gamedata)
    # Palette ids from the fixture's skills_by_palette; choices from the traits' tier and order.
    expected = BuildTemplate(
        profession=4,
        specializations=(TraitLine(30, (2, 1, 2)), TraitLine(32, (1, 2, 3)), TraitLine(55, (2, 3, 3))),
        terrestrial=SkillBar(4600, (4602, 4603, 4604), 4606),
        aquatic=SkillBar(4601, (4602, 4605, 4603), 4607),
        pets=RangerPets((19, 59), (21, 41)),
    )
    assert decode_build(imported.chat_code) == expected
    assert imported.template == expected
    assert (imported.profession, imported.specialization, imported.notes) == ("Ranger", "Soulbeast", ())


def test_a_skill_without_palette_id_is_left_empty_and_said(gamedata: GameData) -> None:
    imported = build_from_tab(build_tab("Lyra Thornwood", 2), gamedata)
    template = decode_build(imported.chat_code)
    assert template.specializations == (
        TraitLine(8, (2, 2, 3)),
        TraitLine(30, (1, 1, 3)),
        TraitLine(32, (1, 2, 1)),
    )
    assert template.terrestrial == SkillBar(4600, (4602, 4603, 4604), 0)
    assert template.aquatic == SkillBar()
    assert template.pets == RangerPets((19, 0), (0, 0))
    assert imported.specialization == "Ranger"
    assert imported.notes == (
        "The elite skill Signet of the Wild (12491) has no palette id in the game data; left empty.",
    )


def test_a_herald_build_tab_carries_both_legends_and_the_inactive_utilities(gamedata: GameData) -> None:
    imported = build_from_tab(build_tab("Kell Stormborn", 1), gamedata)
    expected = BuildTemplate(
        profession=9,
        specializations=(TraitLine(15, (2, 1, 3)), TraitLine(3, (2, 1, 1)), TraitLine(52, (2, 2, 2))),
        terrestrial=SkillBar(4700, (4701, 4702, 4703), 4704),
        # The API left the underwater bar empty: it is the first underwater legend's (Jalis).
        aquatic=SkillBar(4710, (4711, 4712, 4713), 4714),
        legends=RevenantLegends(
            terrestrial=(14, 13),
            aquatic=(16, 14),
            inactive_terrestrial_utilities=(4706, 4707, 4708),
            inactive_aquatic_utilities=(4701, 4702, 4703),
        ),
    )
    assert decode_build(imported.chat_code) == expected
    assert (imported.profession, imported.specialization, imported.notes) == ("Revenant", "Herald", ())


def test_traits_that_do_not_belong_to_the_line_or_tier_are_left_empty(gamedata: GameData) -> None:
    build = build_tab("Lyra Thornwood", 1)
    build["specializations"][0]["traits"] = [1016, 2161, 1912]  # a master trait as adept, a Soulbeast trait
    imported = build_from_tab(build, gamedata)
    assert imported.template.specializations[0] == TraitLine(30, (0, 0, 2))
    assert imported.notes == (
        "Trait 1016 is not one of Skirmishing's adept traits; left empty.",
        "Trait 2161 is not one of Skirmishing's master traits; left empty.",
    )


def test_an_empty_build_tab_is_an_empty_build(gamedata: GameData) -> None:
    imported = build_from_tab(build_tab("Bank Alt", 1), gamedata)
    template = decode_build(imported.chat_code)
    assert template.profession == 1
    assert template.specialization_ids == ()
    assert template.terrestrial == SkillBar()
    assert imported.specialization == "Guardian"


def test_without_a_palette_table_a_build_with_skills_cannot_be_imported() -> None:
    with pytest.raises(AccountImportError, match="no skill palette table yet"):
        build_from_tab(build_tab("Lyra Thornwood", 1), GameData.bundled())


def test_an_unknown_profession_is_refused(gamedata: GameData) -> None:
    with pytest.raises(AccountImportError, match="profession Bladesworn is unknown"):
        build_from_tab({**build_tab("Lyra Thornwood", 1), "profession": "Bladesworn"}, gamedata)


def test_equipment_with_a_legendary_armory_helm_whose_stats_nobody_reports(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    equipment = equipment_tab("Lyra Thornwood", 1)
    assert slots_without_stats(equipment, items) == ["Helm"]
    fallback = armory_stats(character("Lyra Thornwood")["equipment"], 1)
    assert "Helm" not in fallback
    gear = gear_from_tab(equipment, items, gamedata, fallback_stats=fallback)
    assert gear.unknown_slots == {
        "Helm": "Perfected Envoy Helm: the GW2 API does not report its chosen stats"
    }
    assert not gear.complete
    assert gear.weapon_type == "two-handed"
    assert gear.slots == {
        **BERSERKER_ARMOR,
        "Amulet": "Assassin",
        **BERSERKER_TRINKETS,
        "Weapon1": "Berserker",
    }
    assert (gear.runes, gear.relic) == ("Scholar", "Thief")
    assert gear.sigils == ("Force", "Impact", "Force", "Accuracy")
    assert gear.active_sigils == ("Force", "Impact")
    # Weapon set B and the aquatic helm carry infusions too; they are not part of what is optimized.
    assert gear.infusions == {"Power": 13, "Precision": 4}
    assert gear.notes == ()
    assert gear.searchable_extras() == {
        "runes": ["Scholar"],
        "sigils": ["Force", "Impact"],
        "relics": ["Thief"],
    }
    assert gear.exotic_slots == ()  # ascended and legendary pieces; the exotic relic is no gear slot


def test_legendary_armory_stats_come_from_the_character_equipment_when_the_tab_lacks_them(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    equipment = equipment_tab("Lyra Thornwood", 2)
    assert slots_without_stats(equipment, items) == ["Helm"]
    fallback = armory_stats(character("Lyra Thornwood")["equipment"], 2)
    assert fallback == {"Helm": 753}
    gear = gear_from_tab(equipment, items, gamedata, fallback_stats=fallback)
    assert gear.complete
    assert gear.slots["Helm"] == "Assassin"
    assert {gear.slots[s] for s in ("Coat", "Leggings", "Ring1", "Back", "Weapon1")} == {"Marauder"}
    assert (gear.runes, gear.relic, gear.sigils, gear.infusions) == (
        "Scholar",
        "Fireworks",
        ("Force", "Accuracy"),
        {},
    )


def test_mixed_runes_unknown_runes_and_a_fixed_stat_offhand(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    gear = gear_from_tab(equipment_tab("Kell Stormborn", 1), items, gamedata)
    assert gear.complete
    assert gear.weapon_type == "dual"
    assert (gear.slots["Weapon1"], gear.slots["Weapon2"], gear.slots["Helm"]) == (
        "Berserker",
        "Assassin",
        "Diviner",
    )
    assert gear.runes == "Herald"
    assert gear.notes == (
        "Mixed runes (5 Herald, 1 Scholar); the most common one is kept.",
        "Herald (rune) is not in the optimizer's catalog; it is kept as a name.",
    )
    assert gear.searchable_extras() == {"sigils": ["Force", "Accuracy"]}
    assert gear.exotic_slots == ("Helm",)


def test_a_characters_scenarios_compare_its_exact_gear_with_the_search(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    gear = gear_from_tab(equipment_tab("Kell Stormborn", 1), items, gamedata)
    request = OptimizeRequest(
        profession="Revenant", affixes="Berserker, Diviner", infusions="power+precision"
    )
    best, current = character_scenarios(prepare(request, gamedata).scenario, gear)
    assert best.weapon_type == current.weapon_type == "dual"
    assert best.extras.sigils == current.extras.sigils == ("Force", "Accuracy")
    assert best.affixes == ("Berserker", "Diviner")
    assert best.infusions is not None and set(best.infusions.types) == {"Power", "Precision"}
    assert best.forced == {} and best.exotic == ()
    assert current.forced == dict(gear.slots)
    assert current.exotic == ("Helm",)
    assert current.infusions is None  # Kell wears no stat infusions
    assert current.top == 1


def test_a_character_whose_gear_is_not_fully_known_cannot_be_compared(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    fallback = armory_stats(character("Lyra Thornwood")["equipment"], 1)
    gear = gear_from_tab(equipment_tab("Lyra Thornwood", 1), items, gamedata, fallback_stats=fallback)
    scenario = prepare(OptimizeRequest(profession="Ranger"), gamedata).scenario
    with pytest.raises(ScenarioError, match="Helm: Perfected Envoy Helm: the GW2 API does not report"):
        character_scenarios(scenario, gear)


def test_an_empty_equipment_tab_has_every_slot_unknown(
    gamedata: GameData, items: dict[int, dict[str, Any]]
) -> None:
    gear = gear_from_tab([], items, gamedata)
    assert gear.slots == {}
    assert set(gear.unknown_slots.values()) == {"nothing equipped"}
    assert len(gear.unknown_slots) == 14


def test_item_ids_cover_items_upgrades_and_infusions() -> None:
    ids = item_ids(equipment_tab("Kell Stormborn", 1))
    assert {49001, 46775, 76100, 24836, 24615, 24618} <= ids
    assert all(isinstance(i, int) for i in ids)
