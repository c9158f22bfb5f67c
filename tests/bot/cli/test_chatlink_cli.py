"""`gw2opt decode` and `gw2opt encode`, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from optimizer.chatlink import BuildTemplate, SkillBar, TraitLine, encode
from tests.harness.build_codes import FIREBRAND, WEAVER

ITEM = "[&AgGqtgDgfQ4AAP9fAAAnYAAA]"


def test_decode_prints_traits_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", f"my build {WEAVER}"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Elementalist (Weaver) (legacy 44-byte code)"
    assert (
        "Fire: adept Burning Precision, master Power Overwhelming, grandmaster Pyromancer's Puissance" in out
    )
    assert (
        out.strip().splitlines()[-1]
        == "Chat code: [&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAAAAA==]"
    )


def test_decode_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", FIREBRAND, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "build"
    assert data["profession"] == "Guardian"
    assert [line["id"] for line in data["specializations"]] == [42, 46, 62]
    assert data["specializations"][2]["name"] == "Firebrand"
    assert data["specializations"][0]["traits"] == [1, 2, 3]
    assert set(data["skills"]) == {"terrestrial", "aquatic"}
    assert set(data["skills"]["terrestrial"]) == {"heal", "utilities", "elite"}
    assert "pets" not in data and "legends" not in data

    assert main(["decode", ITEM, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "type": "item",
        "item_id": 46762,
        "quantity": 1,
        "skin": 3709,
        "upgrades": [24575, 24615],
    }


@pytest.mark.parametrize("code", [FIREBRAND, ITEM, WEAVER])
def test_encode_reverses_decode(code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", code, "--json"]) == 0
    path = tmp_path / "link.json"
    path.write_text(capsys.readouterr().out)
    assert main(["encode", str(path)]) == 0
    encoded = capsys.readouterr().out.strip()
    assert main(["decode", encoded, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert main(["decode", code, "--json"]) == 0
    original = json.loads(capsys.readouterr().out)
    if original["type"] == "build":
        original["legacy"] = False  # a legacy code is re-encoded in the current form
    assert again == original


def test_errors_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "[&AgGqtgAA"]) == 2
    assert capsys.readouterr().err.strip() == "gw2opt: error: the link is cut off: its closing ']' is missing"
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "build", "profession": "Guardian", "specializations": "nope"}')
    assert main(["encode", str(bad)]) == 2
    assert "specializations" in capsys.readouterr().err
    bad.write_text("{not json")
    assert main(["encode", str(bad)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err
    assert main(["encode", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def _guardian(specializations: tuple[int, int, int], utilities: tuple[int, int, int]) -> str:
    lines = tuple(TraitLine(spec, (1, 2, 3)) for spec in specializations)
    template = BuildTemplate(
        profession=1,
        specializations=(lines[0], lines[1], lines[2]),
        terrestrial=SkillBar(heal=1, utilities=utilities, elite=2),
    )
    return encode(template)


def test_decode_warns_about_what_build_save_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", _guardian((27, 16, 34), (5, 5, 6))]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Guardian")
    assert captured.err.splitlines() == [
        "gw2opt: warning: the elite specialization Dragonhunter must be in the third slot",
        "gw2opt: warning: Reaper is a Necromancer specialization, not a Guardian one",
        "gw2opt: warning: the terrestrial utility skill with palette id 5 is slotted more than once",
    ]
    assert main(["decode", _guardian((42, 16, 27), (5, 6, 7)), "--json"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["decode", _guardian((42, 16, 200), (0, 0, 0))]) == 0
    assert capsys.readouterr().err == "gw2opt: warning: unknown specialization id 200\n"
