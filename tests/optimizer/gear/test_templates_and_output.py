"""Bundled templates, the --json document and the human report."""

from __future__ import annotations

import json

import pytest

from optimizer.builds import list_templates, load_template
from optimizer.errors import ScenarioError
from optimizer.gear import RESULT_ATTRIBUTES, SLOTS, optimize, render_text
from tests.optimizer.gear.helpers import scenario


def test_at_least_twelve_templates_marked_with_their_game_build() -> None:
    templates = list_templates()
    assert len(templates) >= 12
    assert len({t.name for t in templates}) == len(templates)
    assert {t.game_build for t in templates} == {191645}
    assert "Power Soulbeast" in {t.name for t in templates}


def test_template_names_are_case_insensitive_and_unknown_names_suggest() -> None:
    soulbeast = load_template("power soulbeast")
    assert soulbeast.profession == "Ranger" and soulbeast.weapon_type == "two-handed"
    assert soulbeast.affixes == ("Berserker", "Assassin", "Dragon")
    assert soulbeast.distribution == {"Power": 3614, "Bleeding": 1.57, "Poison": 0.48}
    with pytest.raises(
        ScenarioError, match="unknown template 'Power Soulbeats' \\(did you mean 'Power Soulbeast'\\?\\)"
    ):
        load_template("Power Soulbeats")


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_every_template_optimizes(name: str) -> None:
    template = load_template(name)
    result = optimize(template)
    assert len(result.results) == template.top
    best = result.results[0]
    assert best.score == getattr(best, template.objective)
    assert set(best.gear) == set(SLOTS[:-1] if template.weapon_type == "two-handed" else SLOTS)


def test_json_document_shape() -> None:
    result = optimize(
        scenario(buffs=["Might", "Fury"], infusions={"types": {"Power": 18, "Precision": 18}}, top=3)
    )
    document = json.loads(json.dumps(result.to_json_dict()))
    assert set(document) == {"results", "evaluated", "seconds"}
    assert [r["rank"] for r in document["results"]] == [1, 2, 3]
    first = document["results"][0]
    assert set(first) == {
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
    assert list(first["gear"]) == list(SLOTS)
    assert sum(first["infusions"].values()) == 18
    assert set(first["attributes"]) == set(RESULT_ATTRIBUTES)
    assert 0 < first["attributes"]["Critical Chance"] <= 200  # percent, not a fraction
    assert document["evaluated"] > 0 and document["seconds"] >= 0


def test_two_handed_results_have_no_weapon2_and_extras_are_named() -> None:
    result = optimize(
        scenario(
            weapon_type="two-handed",
            buffs=["Might"],
            extras={"runes": ["Scholar"], "sigils": ["Force", "Impact"], "relics": ["Thief"]},
            top=1,
        )
    )
    best = result.to_json_dict()["results"][0]
    assert "Weapon2" not in best["gear"]
    assert best["extras"] == {"runes": "Scholar", "sigils": ["Force", "Impact"], "relics": "Thief"}


def test_text_report_groups_gear_and_compares_with_the_first_result() -> None:
    result = optimize(
        scenario(
            buffs=["Might", "Fury"], infusions={"types": {"Power": 18}}, extras={"runes": ["Scholar"]}, top=2
        )
    )
    text = render_text(result)
    first, second = result.results
    assert text.startswith(f"#1  damage {first.score:,.1f}  (100.00% of #1)")
    assert f"#2  damage {second.score:,.1f}  ({100 * second.score / first.score:.2f}% of #1)" in text
    for label in ("Armor", "Trinkets", "Weapons", "Infusions", "Extras", "Attributes"):
        assert f"\n  {label}" in text
    assert "Helm Berserker" in text and "Power 18" in text and "runes Scholar" in text
    assert "Critical Chance" in text and f"{len(result.results)} results, ranked by damage" in text
