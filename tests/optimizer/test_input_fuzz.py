"""10,000 random scenarios and files: each one is read, or refused with clean ScenarioError/ChatLinkError
messages (one sentence per problem, no Python internals); nothing else may escape.

A seeded generator mutates real documents (the bundled templates, decoded chat links) and their bytes, so
every run checks the same inputs and a failure names the case that broke.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from optimizer.builds import list_templates, load_template
from optimizer.chatlink import ChatLinkError, decode, link_from_json_text, link_to_json
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import SLOTS, Scenario, optimize
from tests.harness.build_codes import FIREBRAND, SOULBEAST, WEAVER

CASES = 10_000
ITEM = "[&AgGqtgDgfQ4AAP9fAAAnYAAA]"
INTERNALS = re.compile(r"Traceback|object at 0x|<class |<function |Error\(|pydantic|errors\.pydantic\.dev")
WORDS = ["Power", "power", "Berserker", "Helm", "runes", "Scholar", "Might", "x", "", "🙂", "\ud800", "Ring3"]
SPECIALS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "-" + "9" * 30, "1e15", "0.0"]


def _templates() -> list[dict[str, Any]]:
    return [load_template(t.name).model_dump(mode="json", exclude_none=True) for t in list_templates()]


def _links() -> list[dict[str, Any]]:
    gamedata = GameData.bundled()
    return [link_to_json(decode(code), gamedata) for code in (FIREBRAND, SOULBEAST, WEAVER, ITEM)]


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(10 if depth < 4 else 7)
    if kind == 0:
        return rng.choice([True, False, None])
    if kind == 1:
        return rng.choice([0, 1, -1, 18, 19, 50, 51, 10**6, -(10**9), 2**64, 10**19])
    if kind == 2:
        return rng.choice([0.5, -0.0, 1e-300, 3000.0, 1e15, -1e15, 1e14 + 0.5])
    if kind in (3, 4):
        return rng.choice(WORDS) * rng.choice([1, 1, 2, 300])
    if kind == 5:
        return rng.choice(SLOTS)
    if kind == 6:
        return []
    if kind in (7, 8):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(WORDS): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def _paths(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*path, index))
    return found


def _mutate(rng: random.Random, document: Any) -> Any:
    """Replace, delete or add at a random place; sometimes bury the value in deep nesting."""
    for _ in range(rng.randrange(1, 5)):
        path = rng.choice(_paths(document))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = rng.randrange(4)
        value = _value(rng)
        if action == 3:
            for _ in range(rng.choice([2, 40])):
                value = [value]
        if action == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == 1 and isinstance(parent, dict):
            parent[rng.choice([*WORDS, "colour", "min_bd"])] = value
        else:
            parent[path[-1]] = value
    return document


def _text(rng: random.Random, document: Any) -> str:
    """JSON text, sometimes with a number JSON does not allow put in place of another value."""
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5)
    for _ in range(rng.choice([0, 0, 1, 3])):
        numbers = [m.span() for m in re.finditer(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text)]
        if numbers:
            start, end = rng.choice(numbers)
            text = text[:start] + rng.choice(SPECIALS) + text[end:]
    return text


def _bytes(rng: random.Random, text: str) -> bytes:
    """The text as a file might hold it: UTF-8 (with or without BOM), UTF-16, cut short, or damaged."""
    form = rng.randrange(8)
    if form == 0:
        return text.encode("utf-16", "surrogatepass")
    if form == 1:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if form == 2 and data:
        del data[rng.randrange(len(data)) :]
    elif form == 3 and data:
        data[rng.randrange(len(data))] = rng.randrange(256)
    elif form == 4:
        data[rng.randrange(len(data) + 1) : 0] = bytes([0, 0xFF, 0xC3])
    return bytes(data)


def _clean(problems: tuple[str, ...], case: int) -> None:
    assert 1 <= len(problems) <= 20, (case, problems)
    for problem in problems:
        assert problem and "\n" not in problem and len(problem) <= 2_000, (case, problem)
        assert not INTERNALS.search(problem), (case, problem)


def _read_scenario(data: bytes | str) -> Scenario | None:
    try:
        return Scenario.from_json(data, "fuzz.json")
    except ScenarioError as error:
        _clean(error.problems, hash(data))
        return None


def _read_link(data: bytes | str) -> None:
    try:
        link_from_json_text(data, "fuzz.json")
    except ChatLinkError as error:
        _clean(error.problems, hash(data))


def _finite_result(scenario: Scenario) -> None:
    """A valid scenario computes finite numbers: its JSON output never holds Infinity or NaN."""
    forced = dict.fromkeys(SLOTS if scenario.weapon_type == "dual" else SLOTS[:-1], "Berserker")
    data = {
        **scenario.model_dump(exclude_defaults=True),
        "affixes": ["Berserker"],
        "forced": forced,
        "top": 1,
    }
    data["extras"] = {}
    try:
        result = optimize(Scenario.from_dict(data))
    except ScenarioError as error:
        _clean(error.problems, 0)
        return
    json.dumps(result.to_json_dict(), allow_nan=False)
    assert all(math.isfinite(v) for v in result.results[0].attributes.values())


def test_random_scenarios_and_files_end_in_clean_errors() -> None:
    rng = random.Random(20240612)
    templates, links = _templates(), _links()
    readers: list[tuple[Callable[[bytes | str], object], list[dict[str, Any]]]] = [
        (_read_scenario, templates),
        (_read_scenario, templates),
        (_read_scenario, templates),
        (_read_link, links),
    ]
    accepted: list[Scenario] = []
    for _case in range(CASES):
        read, sources = rng.choice(readers)
        shape = rng.randrange(10)
        if shape < 6:
            document: Any = _mutate(rng, json.loads(json.dumps(rng.choice(sources))))
        elif shape < 8:
            document = _value(rng)
        else:
            document = rng.choice(sources)
        text = _text(rng, document)
        outcome = read(_bytes(rng, text) if rng.random() < 0.3 else text)
        if isinstance(outcome, Scenario):
            accepted.append(outcome)
    assert len(accepted) > 100  # the generator also makes valid scenarios, which must compute
    for scenario in rng.sample(accepted, 40):
        _finite_result(scenario)


@pytest.mark.parametrize(
    "document",
    [
        {"profession": "Guardian", "affixes": ["Berserker"], "distribution": {"Power": 100_000}},
        {
            "profession": "Guardian",
            "affixes": ["Berserker"],
            "distribution": {"Power": 100_000, "Bleeding": 100_000},
            "modifiers": [
                {"name": f"m{i}", "damage": {"Outgoing All Damage": [10_000, "mult"]}} for i in range(3)
            ],
        },
        {
            "profession": "Guardian",
            "affixes": ["Berserker"],
            "modifiers": [{"attributes": {"Power": [100_000, "buff"], "Ferocity": [100_000, "converted"]}}]
            * 50,
        },
    ],
)
def test_the_largest_accepted_numbers_compute_finite_results(document: dict[str, Any]) -> None:
    scenario = _read_scenario(json.dumps(document))
    assert scenario is not None
    _finite_result(scenario)


def test_too_many_multiplying_modifiers_are_refused_in_words() -> None:
    document = {
        "profession": "Guardian",
        "affixes": ["Berserker"],
        "modifiers": [{"damage": {"Outgoing Strike Damage": [10_000, "mult"]}}] * 10,
    }
    scenario = Scenario.from_dict(document)
    with pytest.raises(
        ScenarioError, match="the modifiers multiply Strike damage by more than 1,000,000,000"
    ):
        optimize(scenario)
