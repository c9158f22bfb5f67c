"""`gw2opt optimize` offline, on the bundled templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from optimizer.gear import SLOTS

RESULT_KEYS = {
    "rank",
    "score",
    "damage",
    "survivability",
    "healing",
    "gear",
    "infusions",
    "extras",
    "attributes",
}


def test_template_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--template", "power soulbeast", "--top", "3", "--json", "--workers", "1"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"results", "evaluated", "seconds"}
    results = document["results"]
    assert [r["rank"] for r in results] == [1, 2, 3]
    assert all(set(r) == RESULT_KEYS for r in results)
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]
    # Soulbeast uses a two-handed weapon: no Weapon2.
    assert list(results[0]["gear"]) == [slot for slot in SLOTS if slot != "Weapon2"]
    assert sum(results[0]["infusions"].values()) <= 18
    # The hero panel shows critical chance above 100 % when traits and fury overshoot; damage caps it.
    assert results[0]["attributes"]["Critical Chance"] > 0


def test_human_output_and_the_template_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--template", "Power Soulbeast", "--top", "2", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#1  damage")
    assert "Armor" in out and "Trinkets" in out and "Infusions" in out
    assert main(["optimize", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "Power Soulbeast" in listing
    assert len(listing.strip().splitlines()) >= 12


def test_scenario_file_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = {
        "profession": "Guardian",
        "affixes": ["Berserker", "Assassin"],
        "buffs": ["might", "fury", "vulnerability"],
        "distribution": {"Power": 3000},
        "top": 1,
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario))
    assert main(["optimize", "--scenario", str(path), "--json", "--workers", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == 1

    path.write_text(json.dumps({**scenario, "affixes": ["Berserkr"]}))
    assert main(["optimize", "--scenario", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("gw2opt: error: ") and "Berserker" in error
    assert main(["optimize", "--template", "No Such Build"]) == 2
    assert "template" in capsys.readouterr().err
    assert main(["optimize"]) == 2
    assert "--scenario FILE or --template NAME" in capsys.readouterr().err
