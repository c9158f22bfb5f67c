"""docs/scenario.schema.json: generated from the model, current, every key described, and it accepts
what the engine accepts (the templates) and refuses what it refuses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from optimizer.builds import list_templates, load_template
from optimizer.gear import Scenario, optimize, scenario_json_schema

REPO = Path(__file__).resolve().parents[3]
SCHEMA_FILE = REPO / "docs" / "scenario.schema.json"


def test_the_committed_schema_is_current() -> None:
    expected = json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected, "run: python tools/scenario_schema.py"


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    models = [("Scenario", schema), *schema["$defs"].items()]
    return [(f"{model}.{key}", value) for model, body in models for key, value in body["properties"].items()]


def test_every_key_says_what_it_means() -> None:
    schema = scenario_json_schema()
    Draft202012Validator.check_schema(schema)
    for where, body in _properties(schema):
        assert len(body.get("description", "")) > 20, where


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_every_template_fits_the_schema(name: str) -> None:
    document = load_template(name).model_dump(mode="json", exclude_none=True)
    Draft202012Validator(scenario_json_schema()).validate(document)


@pytest.mark.parametrize(
    "change",
    [
        {"top": 0},
        {"colour": "red"},
        {"distribution": {"Power": -1}},
        {"constraints": {"min_boon_duration": 101}},
    ],
)
def test_the_schema_refuses_what_the_engine_refuses(change: dict[str, Any]) -> None:
    document = {"profession": "Guardian", "affixes": ["Berserker"], **change}
    assert list(Draft202012Validator(scenario_json_schema()).iter_errors(document))


def test_the_documented_example_is_a_valid_scenario() -> None:
    text = (REPO / "docs" / "scenario.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    assert examples
    for example in examples:
        document = json.loads(example)
        Draft202012Validator(scenario_json_schema()).validate(document)
        scenario = Scenario.from_json(example)
        assert optimize(scenario.with_top(1)).results


def test_a_schema_link_is_allowed_in_a_file() -> None:
    text = '{"$schema": "./scenario.schema.json", "profession": "Thief", "affixes": ["Viper"]}'
    Draft202012Validator(scenario_json_schema()).validate(json.loads(text))
    assert Scenario.from_json(text).affixes == ("Viper",)
