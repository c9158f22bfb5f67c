"""`gw2opt stats --build CODE --gear FILE`: given gear for a chat code, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from optimizer.builds import GearChoice, evaluate_gear, scenario_for_build
from optimizer.gamedata import GameData
from optimizer.gear import RESULT_ATTRIBUTES
from tests.harness.build_codes import DRAGONHUNTER

GEAR: dict[str, Any] = {
    "gear": dict.fromkeys(
        ("Helm", "Shoulders", "Coat", "Gloves", "Leggings", "Boots", "Amulet", "Ring1", "Ring2"), "Berserker"
    )
    | dict.fromkeys(("Accessory1", "Accessory2", "Back", "Weapon1"), "Assassin"),
    "infusions": {"37131": 13, "Precision": 5},
    "extras": {"runes": 24836, "sigils": [24615, "Impact"], "food": 91805, "utility": 73191},
    "buffs": ["Might", "Fury", "Vulnerability"],
    "agony_resistance": 150,
}


def _file(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "gear.json"
    path.write_bytes(content)
    return str(path)


def test_json_numbers_are_the_models_for_that_gear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, json.dumps(GEAR).encode())
    args = ["stats", "--build", DRAGONHUNTER, "--gear", path, "--mode", "fractals", "--json"]
    assert main([*args, "--distribution", "Power=3800,Burning=2.5"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document["attributes"]) == set(RESULT_ATTRIBUTES)
    assert {"damage", "survivability", "healing", "modifiers", "buffs"} <= set(document)
    derived = scenario_for_build(
        DRAGONHUNTER, GameData.bundled(), mode="fractals", distribution={"Power": 3800, "Burning": 2.5}
    )
    expected = evaluate_gear(derived, GearChoice.from_dict(GEAR)).result
    assert document["attributes"] == pytest.approx(expected.attributes)
    assert document["damage"] == pytest.approx(expected.damage)
    assert document["buffs"] == ["Might", "Fury", "Vulnerability"]
    assert document["infusions"] == {"Power": 13, "Precision": 5}
    assert document["extras"]["utility"] == "Writ of Masterful Strength"


def test_the_text_says_what_was_assumed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, b"\xef\xbb\xbf" + json.dumps(GEAR).encode())  # a UTF-8 BOM is fine
    assert main(["stats", "--build", DRAGONHUNTER, "--gear", path]) == 0
    out = capsys.readouterr().out
    assert "Dragonhunter (Guardian), pve: your gear" in out
    assert "buffs assumed: Might, Fury, Vulnerability" in out
    assert "DPS on the benchmark golem" in out


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("\ufeff{}".encode("utf-16"), [], "is saved as UTF-16"),
        (b"[1, 2]", [], "must hold a JSON object"),
        (b'{"gear": NaN}', [], "NaN is not a number"),
        (json.dumps({**GEAR, "extras": {"runes": 999}}).encode(), [], "no bundled rune has the item id 999"),
        (json.dumps(GEAR).encode(), ["--distribution", "Power=lots"], "write key=number"),
        (json.dumps(GEAR).encode(), ["--override", "Nonexistent Trait=off"], "Nonexistent Trait"),
    ],
)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, extra: list[str], message: str
) -> None:
    path = _file(tmp_path, content)
    assert main(["stats", "--build", DRAGONHUNTER, "--gear", path, *extra]) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_code_that_is_not_a_build_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, json.dumps(GEAR).encode())
    assert main(["stats", "--build", "[&AgH1WQAA]", "--gear", path]) != 0
    assert "cannot be read" in capsys.readouterr().err


def test_optimize_a_build_code_reports_what_it_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "optimize",
        "--build",
        DRAGONHUNTER,
        "--mode",
        "fractals",
        "--top",
        "1",
        "--json",
        "--workers",
        "1",
    ]
    assert main([*args, "--goal", "damage"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"results", "modifiers", "buffs"} <= set(document)
    assert "Fractal Omnipotion" in document["buffs"]
    derived = scenario_for_build(DRAGONHUNTER, GameData.bundled(), mode="fractals")
    assert document["modifiers"] == [a.as_json() for a in derived.assumptions]


def test_optimize_needs_something_to_optimize(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize"]) != 0
    assert "--build CODE" in capsys.readouterr().err
