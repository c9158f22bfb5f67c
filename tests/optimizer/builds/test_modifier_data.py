"""The modifier data is tied to the game data: every cited API fact holds in the bundled game build."""

from __future__ import annotations

import pytest

from optimizer.builds import ModifierEntry, profession_modifiers
from optimizer.builds.build_traits import bundled_palettes
from optimizer.builds.pets import ARCHETYPES, pets, template_pet
from optimizer.gamedata import GameData

GAMEDATA = GameData.bundled()
ENTRIES = [
    (profession, entry) for profession, data in profession_modifiers().items() for entry in data.entries
]


def _label(item: tuple[str, ModifierEntry]) -> str:
    return f"{item[0]}:{item[1].kind}:{item[1].name}"


@pytest.mark.parametrize("item", ENTRIES, ids=[_label(item) for item in ENTRIES])
def test_an_entry_names_a_real_trait_skill_or_line_of_its_profession(item: tuple[str, ModifierEntry]) -> None:
    profession, entry = item
    if entry.kind == "trait":
        trait = GAMEDATA.traits.get(int(entry.id))
        assert trait is not None, f"trait {entry.id} is not in game build {GAMEDATA.build_id}"
        spec = GAMEDATA.specializations.get(trait.specialization or 0)
        assert spec is not None and spec.profession == profession
        assert entry.name.startswith(trait.name), f"{entry.name!r} is trait {trait.id} {trait.name!r}"
    elif entry.kind == "specialization":
        spec = GAMEDATA.specializations.get(int(entry.id))
        assert spec is not None and spec.profession == profession
    elif entry.kind == "pet":
        # A pet entry is one pet (its chat-code id) or the archetype of the pet a Soulbeast merges with.
        assert entry.id in ARCHETYPES or int(entry.id) in pets(), entry.name
    elif entry.kind == "skill":
        # A skill reaches a build only through its palette id: the bundled table must know it.
        assert int(entry.id) in bundled_palettes().get(profession, {}).values(), entry.name


@pytest.mark.parametrize("item", ENTRIES, ids=[_label(item) for item in ENTRIES])
def test_every_cited_fact_equals_the_bundled_fact_and_the_effect(item: tuple[str, ModifierEntry]) -> None:
    _, entry = item
    for citation in entry.source.facts:
        assert entry.kind == "trait", "facts are cited for traits only (skills cite the wiki)"
        trait = GAMEDATA.traits.get(int(entry.id))
        assert trait is not None
        fact = trait.find_fact({**citation.match, citation.field: citation.equals})
        assert fact is not None, (
            f"{entry.name}: no fact {citation.match} with {citation.field}={citation.equals}"
        )
        for wvw in (False, True) if entry.wvw_effects is None else (False,):
            number = entry.effect_number(citation.effect, wvw=wvw)
            assert number is not None, f"{entry.name}: no effect at {citation.effect}"
            assert number == pytest.approx(citation.equals * citation.scale), citation.effect


def test_a_cited_fact_that_another_trait_replaces_has_its_traited_entry() -> None:
    """When the API's traited facts replace a cited number while another trait is taken (Laser's Edge with
    Enhanced Capacity Storage Unit, a Conduit's Numinous Gift), the entry stops there (`unless_trait`) and a
    sibling entry carries the traited number (`requires_trait`)."""
    missing = []
    by_trait: dict[int, list[ModifierEntry]] = {}
    for _, entry in ENTRIES:
        if entry.kind == "trait":
            by_trait.setdefault(int(entry.id), []).append(entry)
    for trait_id, entries in by_trait.items():
        trait = GAMEDATA.traits.get(trait_id)
        assert trait is not None
        for entry in entries:
            if entry.requires_trait is not None:
                continue
            for citation in entry.source.facts:
                for traited in trait.traited_facts:
                    replaced = "overrides" in traited and all(
                        traited.get(key) == value for key, value in citation.match.items()
                    )
                    other = traited.get("requires_trait")
                    if not replaced or other == trait_id:
                        continue
                    sibling = any(e.requires_trait == other for e in entries)
                    if entry.unless_trait != other or not sibling:
                        missing.append(f"{entry.name}: {traited.get('text')} with trait {other}")
    assert missing == []


def test_entry_names_are_unique_within_a_profession() -> None:
    for profession, data in profession_modifiers().items():
        names = [entry.name for entry in data.entries]
        assert sorted({n for n in names if names.count(n) > 1}) == [], profession


def test_a_changed_fact_is_noticed() -> None:
    """A balance patch that changes a cited number must turn the citation red."""
    cited = next((e for _, e in ENTRIES if e.source.facts), None)
    assert cited is not None
    citation = cited.source.facts[0]
    trait = GAMEDATA.traits.get(int(cited.id))
    assert trait is not None
    assert trait.find_fact({**citation.match, citation.field: citation.equals + 1}) is None


def test_every_archetype_has_an_entry_and_the_pet_table_is_whole() -> None:
    ranger = {entry.id for entry in profession_modifiers()["Ranger"].entries if entry.kind == "pet"}
    assert set(ARCHETYPES) <= ranger
    table = pets()
    assert {pet.archetype for pet in table.values()} == set(ARCHETYPES)
    assert template_pet().name == "Juvenile Rock Gazelle"
    # Spot checks against the sources named in data/ranger_pets.json.
    assert [table[i].archetype for i in (3, 61, 37, 52)] == ["Deadly"] * 4  # Snow Crows' condition guide
    assert (table[59].archetype, table[17].archetype) == ("Ferocious", "Ferocious")
