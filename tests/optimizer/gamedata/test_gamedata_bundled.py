"""The bundled offline snapshot of game build 191645 and the tool that derives it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from optimizer.gamedata import GameData
from tests.harness.api_snapshot import unpack_snapshot

REPO = Path(__file__).resolve().parents[3]
BUNDLE = REPO / "optimizer" / "data" / "gw2"
# The chat-link profession bytes (reference §3.2), which the bundled professions lack.
PROFESSION_CODES = {
    "Guardian": 1,
    "Warrior": 2,
    "Engineer": 3,
    "Ranger": 4,
    "Thief": 5,
    "Elementalist": 6,
    "Mesmer": 7,
    "Necromancer": 8,
    "Revenant": 9,
}


@pytest.fixture(scope="module")
def bundled() -> GameData:
    return GameData.bundled()


def test_bundle_identifies_its_build_and_source(bundled: GameData) -> None:
    assert bundled.build_id == 191645
    assert bundled.source == "bundled"
    assert bundled.fetched_at is not None
    assert bundled.fetched_at.astimezone(UTC).date() == datetime(2025, 11, 26, tzinfo=UTC).date()
    assert GameData.bundled() is bundled


def test_bundle_counts(bundled: GameData) -> None:
    assert bundled.counts() == {
        "professions": 9,
        "specializations": 81,
        "traits": 999,
        "skills": 0,
        "legends": 0,
        "pets": 0,
        "itemstats": 191,
    }


def test_professions_get_their_chat_link_codes(bundled: GameData) -> None:
    assert {p.name: p.code for p in bundled.professions} == PROFESSION_CODES
    for name, code in PROFESSION_CODES.items():
        assert bundled.profession(code) is bundled.profession(name) is bundled.profession(name.upper())
    ranger = bundled.profession("Ranger")
    assert ranger is not None
    assert set(ranger.specializations) == {s.id for s in bundled.specializations if s.profession == "Ranger"}
    assert {w.type for w in ranger.weapons} >= {"Longbow", "Shortbow", "Greatsword"}
    assert bundled.profession("Paragon") is None and bundled.profession(10) is None


def test_every_trait_choice_matches_the_traits_own_tier_and_order(bundled: GameData) -> None:
    checked = 0
    for spec in bundled.specializations:
        assert len(spec.minor_traits) == 3 and len(spec.major_traits) == 9
        for tier in (1, 2, 3):
            for choice in (1, 2, 3):
                trait = bundled.trait_choice(spec.id, tier, choice)
                assert trait is not None
                assert (trait.specialization, trait.tier, trait.order, trait.slot) == (
                    spec.id,
                    tier,
                    choice - 1,
                    "Major",
                )
                assert bundled.trait_position(trait.id) == (spec.id, tier, choice)
                checked += 1
    assert checked == 81 * 9


def test_trait_lookups_outside_the_grid_give_none(bundled: GameData) -> None:
    assert bundled.trait_choice(33, 0, 1) is None
    assert bundled.trait_choice(33, 1, 4) is None
    assert bundled.trait_choice(999, 1, 1) is None
    minor = bundled.specializations.get(33)
    assert minor is not None
    assert bundled.trait_position(minor.minor_traits[0]) is None
    assert bundled.trait_position(123456) is None


def test_elite_specialization_of_a_build(bundled: GameData) -> None:
    soulbeast = bundled.elite_specialization([33, 30, 55])
    assert soulbeast is not None and soulbeast.name == "Soulbeast" and soulbeast.profession == "Ranger"
    assert bundled.elite_specialization([33, 30, 8]) is None


def test_what_the_bundle_lacks_is_said_plainly(bundled: GameData) -> None:
    assert bundled.palette_to_skill("Ranger", 5934) is None
    assert bundled.palette_to_skill_id(4, 5934) is None
    assert not bundled.has_skill_names("Ranger")
    assert bundled.legend_by_code(14) is None
    notes = " / ".join(bundled.missing())
    assert "skill names are unknown" in notes and "legend" in notes and "pet" in notes


def test_itemstats_are_the_api_records(bundled: GameData) -> None:
    berserker = [i for i in bundled.itemstats.named("Berserker's") if all(a.value == 0 for a in i.attributes)]
    assert berserker
    assert {a.attribute for a in berserker[0].attributes} == {"Power", "Precision", "CritDamage"}


def test_itemstat_payloads_are_the_bundled_api_shape(bundled: GameData) -> None:
    assert bundled.itemstat_payloads() == json.loads((BUNDLE / "itemstats.json").read_text())


def test_the_snapshot_is_immutable(bundled: GameData) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundled.build_id = 1  # type: ignore[misc]
    spec = bundled.specializations.get(55)
    assert spec is not None
    with pytest.raises(ValueError, match="frozen"):
        spec.name = "Other"  # type: ignore[misc]


def test_derive_tool_reproduces_the_committed_bundle(tmp_path: Path) -> None:
    snapshot = unpack_snapshot(tmp_path / "snapshot")
    output = tmp_path / "bundle"
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "derive_gamedata.py"), str(snapshot), "--output", str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "9 professions, 81 specializations, 999 traits, 191 itemstats, 429 infusions" in result.stdout
    for name in (
        "professions.json",
        "specializations.json",
        "traits.json",
        "itemstats.json",
        "infusions.json",
        "metadata.json",
    ):
        assert (output / name).read_bytes() == (BUNDLE / name).read_bytes(), name
    metadata = json.loads((output / "metadata.json").read_text())
    assert metadata["build_id"] == 191645


def test_bundle_drops_icons_and_keeps_trait_facts() -> None:
    traits = json.loads((BUNDLE / "traits.json").read_text())
    assert all("icon" not in t for t in traits)
    assert all("icon" not in fact for t in traits for fact in t.get("facts", []))
    vicious_quarry = next(t for t in traits if t["id"] == 1888)
    assert {"type": "AttributeAdjust", "value": 250, "target": "CritDamage"} in vicious_quarry["facts"]
    specs = json.loads((BUNDLE / "specializations.json").read_text())
    assert all("icon" not in s and "background" not in s for s in specs)
