"""Name look-up and fuzzy search for autocomplete."""

from __future__ import annotations

import pytest

from optimizer.gamedata import GameData, match_rank, normalize_name


@pytest.fixture(scope="module")
def bundled() -> GameData:
    return GameData.bundled()


def test_names_are_compared_without_case_or_punctuation() -> None:
    assert normalize_name("Berserker's") == "berserkers"
    assert normalize_name("  Nature's   Vengeance!") == "natures vengeance"
    assert normalize_name("Light on your Feet") == normalize_name("light-on-your-feet")


def test_match_ranks_order_exact_prefix_word_substring_typo() -> None:
    ranks = [
        match_rank("fire", "fire"),
        match_rank("fire", "firebrand"),
        match_rank("vengeance", "natures vengeance"),
        match_rank("brand", "firebrand"),
        match_rank("soulbaest", "soulbeast"),
    ]
    assert all(r is not None for r in ranks)
    assert [r[0] for r in ranks if r] == [0, 1, 2, 3, 4]
    assert match_rank("fire", "necromancer") is None
    assert match_rank("xyz", "soulbeast") is None


def test_exact_then_prefix_matches_shorter_first(bundled: GameData) -> None:
    names = [s.name for s in bundled.search_specializations("fire")]
    assert names[:3] == ["Fire", "Firearms", "Firebrand"]


def test_typos_still_find_the_specialization(bundled: GameData) -> None:
    assert bundled.search_specializations("soulbaest")[0].name == "Soulbeast"
    assert bundled.search_specializations("wildernes survival")[0].name == "Wilderness Survival"


def test_profession_filter_and_limit(bundled: GameData) -> None:
    rangers = bundled.search_specializations("", profession="Ranger")
    assert len(rangers) == 9 and all(s.profession == "Ranger" for s in rangers)
    assert [s.name for s in rangers] == sorted(s.name for s in rangers)
    assert bundled.search_specializations("", profession=4) == rangers
    assert len(bundled.search_specializations("", limit=5)) == 5
    assert bundled.search_specializations("", profession="Nobody") == []


def test_trait_search_by_profession(bundled: GameData) -> None:
    found = bundled.search_traits("strength", profession="Warrior")
    assert found
    warrior_specs = {s.id for s in bundled.specializations if s.profession == "Warrior"}
    assert all(t.specialization in warrior_specs for t in found)
    assert found[0].name.casefold().startswith("strength") or "strength" in found[0].name.casefold()
    assert len(bundled.search_traits("strength")) >= len(found)


def test_itemstat_search_skips_nameless_entries(bundled: GameData) -> None:
    exact = bundled.itemstats.named("berserkers")
    found = bundled.search_itemstats("berserker's")
    assert len(exact) == 5
    assert found[: len(exact)] == list(exact)
    assert [i.name for i in found[len(exact) :]] == ["Berserker's and Valkyrie"] * 2
    assert all(i.name for i in bundled.search_itemstats("", limit=500))


def test_profession_search(bundled: GameData) -> None:
    assert [p.name for p in bundled.search_professions("necro")] == ["Necromancer"]
    assert bundled.search_professions("guardain")[0].name == "Guardian"


def test_exact_name_lookups(bundled: GameData) -> None:
    spec = bundled.specializations.first_named("wilderness survival")
    assert spec is not None and spec.id == 33
    assert bundled.specializations.first_named("Nope") is None
    assert 33 in bundled.specializations and 999 not in bundled.specializations
