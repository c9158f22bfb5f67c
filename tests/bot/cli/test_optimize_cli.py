"""`gw2opt optimize` offline, on the bundled templates and on scenario files, in the worker pool."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.cli.search_run import ProgressBar
from optimizer.builds import list_templates, load_template
from optimizer.gear import SLOTS, Scenario, affix_names

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
GUARDIAN: dict[str, Any] = {
    "profession": "Guardian",
    "affixes": ["Berserker", "Assassin"],
    "buffs": ["might", "fury", "vulnerability"],
    "distribution": {"Power": 3000},
    "top": 1,
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


def test_text_output_says_what_was_optimized_and_what_the_numbers_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["optimize", "--template", "Power DH", "--top", "2", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == (
        "Optimized: template Power DH Radiance SP/GS (Guardian, Dragonhunter; pve; game build 191645)"
    )
    heading = "\n".join(lines[: lines.index("")])
    scenario = load_template("Power DH Radiance SP/GS")
    two_handed = scenario.weapon_type == "two-handed"
    weapons = "one two-handed weapon" if two_handed else "two one-handed weapons"
    mix = " · ".join(
        f"{key} {value:,.2f}".rstrip("0").rstrip(".") for key, value in scenario.distribution.items()
    )
    for expected in (
        "Profession    Guardian",
        f"Goal          highest damage, PvE, {weapons}",
        f"Affixes       {', '.join(scenario.affixes)}",
        f"Buffs         {', '.join(scenario.buffs)} (assumed up all the time)",
        "Constraints   none",
        f"Distribution  {mix} (coefficients per second; see docs/scenario.md)",
        "Search        1.80e08 combinations (262,440 gear sets x 19 infusion splits x 36 extras",
    ):
        assert expected in heading
    assert "\n#1  damage" in out and "\n#2  damage" in out
    assert "damage = DPS against the standard benchmark golem (2,597 armor)" in out


def test_the_template_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--list"]) == 0
    listing = capsys.readouterr().out.strip().splitlines()
    assert len(listing) == len(list_templates()) >= 12
    soulbeast = next(line for line in listing if line.startswith("Power Soulbeast  "))
    assert soulbeast.startswith("Power Soulbeast  (Ranger, Soulbeast; game build 191645): ")


def test_results_that_differ_only_by_infusions_are_one_gear_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(
        json.dumps(
            {
                **GUARDIAN,
                "affixes": ["Berserker"],
                "top": 5,
                "infusions": {"types": {"Power": 18, "Precision": 18}},
            }
        )
    )
    assert main(["optimize", "--scenario", str(path), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "\n#1  damage" in out and "\n#2 " not in out
    assert "same gear also ranks with Power " in out and "; 1 more" in out
    assert "5 results in 1 distinct gear set, ranked by damage" in out


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_print_scenario_reads_back_as_the_same_scenario(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["optimize", "--template", name, "--print-scenario", "--top", "7"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert Scenario.from_dict(printed) == load_template(name).with_top(7)


def test_scenario_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + json.dumps(GUARDIAN).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["optimize", "--scenario", "-", "--json", "--workers", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == 1


def test_scenario_file_errors_list_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scenario.json"
    text = json.dumps({**GUARDIAN, "affixes": ["Berserkr", 7], "extras": {"runes": [1]}, "top": 0})
    path.write_text(text.replace('"top": 0', '"top": 1e999'))
    assert main(["optimize", "--scenario", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("gw2opt: error: 4 problems:\n")
    for expected in (
        "  - top: 1e999 is far too large",
        "  - affixes[0]: unknown affix 'Berserkr' (did you mean 'Berserker'?)",
        "  - affixes[1]: must be an affix name (text), not 7",
        "  - extras.runes[0]: must be a name or a modifier object, not 1",
    ):
        assert expected in error
    assert main(["optimize", "--template", "No Such Build"]) == 2
    assert "unknown template 'No Such Build'" in capsys.readouterr().err
    assert main(["optimize", "--template", "Renegade"]) == 2
    renegades = ", ".join(t.name for t in list_templates() if t.specialization == "Renegade")
    assert f"'Renegade' matches 2 templates: {renegades}; give more" in capsys.readouterr().err
    assert main(["optimize"]) == 2
    assert "give --build CODE, --scenario FILE or --template NAME" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--top", "0", "--top must be 1 to 50, not 0"),
        ("--top", "x", "--top must be a number, not 'x'"),
        ("--workers", "-2", "--workers must be 1 to 64, not -2"),
        ("--time-limit", "-1", "--time-limit must be 0.1 to 86400, not -1"),
    ],
)
def test_bad_options_are_refused_before_searching(
    option: str, value: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["optimize", "--template", "Power Soulbeast", option, value])
    assert exited.value.code == 2
    assert expected in capsys.readouterr().err


def test_constraints_are_checked_before_searching(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scenario.json"
    constraints = {"min_toughness": 1500, "max_toughness": 1000, "min_boon_duration": -5, "min_health": 1e12}
    path.write_text(json.dumps({**GUARDIAN, "constraints": constraints}))
    assert main(["optimize", "--scenario", str(path)]) == 2
    error = capsys.readouterr().err
    assert "constraints.min_boon_duration: must not be negative, not -5" in error
    assert "constraints.min_health: must be at most 1e+06 (hit points), not 1000000000000.0" in error
    assert "constraints: min_toughness 1500 is above max_toughness 1000: no gear can meet both" in error


def test_a_search_past_the_time_limit_stops_with_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = load_template("Power Soulbeast").model_dump(mode="json", exclude_none=True)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({**document, "affixes": list(affix_names())}))
    assert main(["optimize", "--scenario", str(path), "--time-limit", "1.5"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("gw2opt: error: the search was stopped at the time limit of 1.5 s with ")
    assert "Narrow it: fewer affixes (43 now), forced slots" in error
    assert "fewer extras to choose from (36 combinations now)" in error
    assert "allow more time with --time-limit SECONDS" in error


def test_the_default_time_limit_is_the_bots_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("OPTIMIZE_TIME_LIMIT", "12.5")
    assert main(["optimize", "--template", "Heal Druid", "--workers", "1"]) == 0
    assert "time limit 12.5 s" in capsys.readouterr().out


def test_the_progress_bar_appears_after_two_seconds_and_is_erased() -> None:
    stream = io.StringIO()
    now = [101.0]
    bar = ProgressBar(stream, time_limit=30.0, clock=lambda: now[0], started=100.0)
    bar.update(0, 25, 100)
    bar.update(1, 50, 100)
    bar.draw()
    assert stream.getvalue() == ""
    now[0] = 103.0
    bar.draw()
    assert stream.getvalue() == "\r[#########---------------]  37.5% decided      3 s of 30 s limit "
    bar.erase()
    assert stream.getvalue().endswith("\r" + " " * 72 + "\r")
