"""The real-build fixtures are well formed and say truthfully whether their chat code matches their gear.

These tests check the records, not the model: reproducing their numbers is the model's test.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from optimizer.chatlink import decode_build
from optimizer.gamedata import GameData
from tests.optimizer.builds.real_builds import (
    FIXTURES,
    GEAR_KEYS,
    RECORD_KEYS,
    SOURCE_KEYS,
    SOURCE_REPOSITORY,
    code_gear_mismatch,
    fixture_paths,
    gear_code,
    load_record,
)

PATHS = fixture_paths()
PROFESSIONS = {
    "Guardian",
    "Warrior",
    "Engineer",
    "Ranger",
    "Thief",
    "Elementalist",
    "Mesmer",
    "Necromancer",
    "Revenant",
}
PRIMARY = ("Power", "Precision", "Toughness", "Vitality", "Ferocity", "Condition Damage", "Concentration")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def gamedata() -> GameData:
    return GameData.bundled()


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_the_fixtures_cover_the_professions() -> None:
    professions = {load_record(p)["profession"] for p in PATHS}
    assert len(PATHS) >= 30
    assert professions == PROFESSIONS


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_a_record_has_its_source_and_facts(path: Path) -> None:
    record = load_record(path)
    assert tuple(record) == RECORD_KEYS
    source = record["source"]
    assert tuple(source) == SOURCE_KEYS
    assert source["repository"] == SOURCE_REPOSITORY
    assert source["path"].startswith("builds/") and source["path"].endswith((".md", ".mdx"))
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    datetime.fromisoformat(source["guide_date"].replace("Z", "+00:00"))
    assert record["profession"] in PROFESSIONS
    assert record["title"] and record["specialization"]
    gear = record["gear"]
    assert set(GEAR_KEYS) <= set(gear)
    assert "skills" in gear or "legends" in gear
    data = gear["attributes"]["data"]
    for attribute in PRIMARY:
        assert isinstance(data[attribute], int | float), attribute
    assert 0 < data["Critical Chance"] <= 2 and 1 <= data["Critical Damage"] < 5
    assert all(isinstance(line, list) and len(line) == 3 for line in gear["traits"]["selection"])


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_a_record_file_is_named_after_its_guide_and_character(path: Path) -> None:
    record = load_record(path)
    assert _SLUG.fullmatch(path.stem)
    assert path.stem.startswith(record["profession"].lower() + "-")
    assert path.parent == FIXTURES


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_the_code_decodes_to_the_records_profession(path: Path) -> None:
    record = load_record(path)
    build = decode_build(record["code"])
    assert build.profession_name == record["profession"]
    assert len(build.specialization_ids) == 3


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_code_matches_gear_is_what_the_decoder_says(path: Path, gamedata: GameData) -> None:
    record = load_record(path)
    mismatch = code_gear_mismatch(record, gamedata)
    assert record["code_matches_gear"] is (mismatch is None)
    assert record["mismatch"] == mismatch


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_the_gear_code_carries_the_gears_traits(path: Path, gamedata: GameData) -> None:
    record = load_record(path)
    assert record["gear_code"] == gear_code(record, gamedata)
    if record["gear_code"] is None:
        return
    rebuilt: dict[str, Any] = {**record, "code": record["gear_code"]}
    assert code_gear_mismatch(rebuilt, gamedata) is None
    original, derived = decode_build(record["code"]), decode_build(record["gear_code"])
    assert derived.terrestrial == original.terrestrial
    assert derived.weapons == original.weapons
    assert derived.legends == original.legends


def test_a_record_that_matches_keeps_its_code(gamedata: GameData) -> None:
    """For a matching record the gear code is the chat code up to slot order and the trailing empty lists."""
    matching = [load_record(p) for p in PATHS if load_record(p)["code_matches_gear"]]
    assert matching
    for record in matching:
        original, derived = decode_build(record["code"]), decode_build(record["gear_code"])
        assert {(s.specialization, s.traits) for s in original.specializations} == {
            (s.specialization, s.traits) for s in derived.specializations
        }


def test_a_contradiction_is_reported_with_the_trait_names(gamedata: GameData) -> None:
    record = load_record(FIXTURES / "thief-power-daredevil-power-daredevil.json")
    assert code_gear_mismatch(record, gamedata) is None
    changed = {
        **record,
        "gear": {
            **record["gear"],
            "traits": {
                "lines": [28, 35, 7],
                "selection": [[1245, 1704, 1269], [1268, 1272, 1904], [1933, 1893, 1964]],
            },
        },
    }
    reason = code_gear_mismatch(changed, gamedata)
    assert reason is not None and "Daredevil grandmaster" in reason
    other_line = {
        **record,
        "gear": {
            **record["gear"],
            "traits": {
                "lines": [28, 44, 7],
                "selection": [[1245, 1704, 1269], [1163, 1277, 1187], [1933, 1893, 2047]],
            },
        },
    }
    assert "the gear's lines are" in (code_gear_mismatch(other_line, gamedata) or "")
