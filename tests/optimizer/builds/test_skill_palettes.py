"""The bundled skill palette table (optimizer/data/skill_palettes.json) and the real-build fixtures agree.

Every skill bar in a fixture is checked against the table: what a guide confirms must be marked as confirmed,
and every place where a guide's gear lists another skill than its code must be listed as a known
disagreement. Changing the table or a fixture without the other turns this red.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.optimizer.builds.real_builds import PaletteObservations, palette_observations

TABLE_PATH = Path(__file__).resolve().parents[3] / "optimizer" / "data" / "skill_palettes.json"
PROFESSIONS = (
    "Elementalist",
    "Engineer",
    "Guardian",
    "Mesmer",
    "Necromancer",
    "Ranger",
    "Revenant",
    "Thief",
    "Warrior",
)
ROW_KEYS = {"palette", "skill", "name", "source"}
OPTIONAL_KEYS = {"name_source", "confirmed_by"}


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(TABLE_PATH.read_text("utf-8"))
    return loaded


def _palettes(table: dict[str, Any], profession: str) -> dict[int, int]:
    return {row["palette"]: row["skill"] for row in table["professions"][profession]}


def test_the_table_has_every_profession_with_sourced_rows(table: dict[str, Any]) -> None:
    assert tuple(sorted(table["professions"])) == PROFESSIONS
    for profession, rows in table["professions"].items():
        assert len(rows) >= 100, profession
        palettes = [row["palette"] for row in rows]
        assert len(palettes) == len(set(palettes)), f"{profession}: a palette id is listed twice"
        for row in rows:
            assert ROW_KEYS <= set(row) <= ROW_KEYS | OPTIONAL_KEYS
            assert isinstance(row["palette"], int) and 0 < row["palette"] <= 0xFFFF
            assert isinstance(row["skill"], int) and row["skill"] > 0
            assert isinstance(row["name"], str)
            assert row["source"] in table["sources"]
            assert bool(row["name"]) == ("name_source" in row)
            if "name_source" in row:
                assert row["name_source"] in table["sources"]


def _observations(table: dict[str, Any]) -> PaletteObservations:
    return palette_observations({profession: _palettes(table, profession) for profession in PROFESSIONS})


def test_every_fixture_skill_bar_agrees_with_the_table(table: dict[str, Any]) -> None:
    observed = _observations(table)
    assert observed.disagreements == table["guide_disagreements"]
    for profession, rows in table["professions"].items():
        listed = {row["palette"]: set(row["confirmed_by"]) for row in rows if "confirmed_by" in row}
        assert listed == observed.confirmed[profession], profession


def test_every_palette_of_a_fixture_code_is_mapped_or_listed_as_unmapped(table: dict[str, Any]) -> None:
    assert _observations(table).unmapped == table["unmapped_palettes"]


def test_the_guide_confirmed_pairs_include_each_professions_heal_skill(table: dict[str, Any]) -> None:
    """Known pairs from the guides, spelled out (palette -> skill -> name)."""
    expected = {
        "Guardian": (3878, 21664, "Litany of Wrath"),
        "Engineer": (3882, 21659, "A.E.D."),
        "Mesmer": (3875, 21750, "Signet of the Ether"),
        "Necromancer": (7559, 77259, ""),
        "Ranger": (3877, 21773, "Water Spirit"),
        "Thief": (3876, 21778, "Skelk Venom"),
        "Warrior": (3881, 21815, "Defiant Stance"),
        "Elementalist": (3879, 21656, "Arcane Brilliance"),
    }
    for profession, (palette, skill, name) in expected.items():
        row = next(r for r in table["professions"][profession] if r["palette"] == palette)
        assert (row["skill"], row["name"]) == (skill, name), profession


def test_revenant_legend_observations_name_their_source(table: dict[str, Any]) -> None:
    for observation in table["legends"]:
        assert len(observation["code_bytes"]) == 2
        assert observation["source"].startswith("discretize/discretize-guides:builds/")
