"""Bundled build templates: a chat code, a role and the plan for the rest (distribution, extras, limits).

Each template is marked with the game build it was checked at and names the benchmark its distribution
comes from. `build_scenario.load_template` turns one into a scenario.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from optimizer.errors import ScenarioError
from optimizer.lookup import normalize, unknown_name_message

_WORD_BREAK = re.compile(r"[\s/,-]+")
# The short names players use for elite specializations (normalized); prefixes like "virt" need none.
ABBREVIATIONS: Final = {
    "dh": "dragonhunter",
    "fb": "firebrand",
    "wb": "willbender",
    "zerk": "berserker",
    "spb": "spellbreaker",
    "bs": "bladesworn",
    "dd": "daredevil",
    "de": "deadeye",
    "slb": "soulbeast",
    "ren": "renegade",
    "vindi": "vindicator",
    "harb": "harbinger",
    "chrono": "chronomancer",
    "virt": "virtuoso",
    "holo": "holosmith",
    "mech": "mechanist",
    "cata": "catalyst",
}


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    profession: str
    specialization: str
    role: str
    code: str | None
    weapon_type: str
    preset: str
    game_build: int
    summary: str
    source: str


@cache
def _raw_templates() -> tuple[Mapping[str, Any], ...]:
    """Every template of every `data/templates/<profession>.json`, in profession then file order."""
    folder = resources.files("optimizer").joinpath("data/templates")
    templates: list[Mapping[str, Any]] = []
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".json"):
            continue
        data = json.loads(file.read_text(encoding="utf-8"))
        for raw in data["templates"]:
            if raw["profession"] != data["profession"]:
                raise ValueError(f"{file.name}: template {raw['name']} is not a {data['profession']} build")
            templates.append({"game_build": data["game_build"], **raw})
    return tuple(templates)


@cache
def list_templates() -> tuple[TemplateInfo, ...]:
    return tuple(
        TemplateInfo(
            name=raw["name"],
            profession=raw["profession"],
            specialization=raw["specialization"],
            role=raw.get("role", "dps"),
            code=raw.get("code"),
            weapon_type=raw["weapon_type"],
            preset=raw["preset"],
            game_build=int(raw["game_build"]),
            summary=raw["summary"],
            source=raw["source"],
        )
        for raw in _raw_templates()
    )


def _words(text: str) -> list[str]:
    return [word for word in (normalize(part) for part in _WORD_BREAK.split(text)) if word]


def _template_words(template: TemplateInfo) -> set[str]:
    words = {*_words(template.name), *_words(template.specialization), *_words(template.profession)}
    spec = normalize(template.specialization)
    words |= {short for short, full in ABBREVIATIONS.items() if full == spec}
    return words


def _word_matches(wanted: str, words: set[str]) -> bool:
    return wanted in words or (len(wanted) >= 3 and any(word.startswith(wanted) for word in words))


def template_name(query: str) -> str:
    """The template a player means: its exact name (any case), or the one template whose words (name,
    specialization, profession, the usual abbreviation such as DH or FB) all query words match, whole or
    as a beginning of at least 3 letters. A ScenarioError lists the candidates or the valid names."""
    templates = list_templates()
    exact = {normalize(template.name): template.name for template in templates}
    if normalize(query) in exact:
        return exact[normalize(query)]
    wanted = _words(query)
    found = [
        t.name for t in templates if wanted and all(_word_matches(w, _template_words(t)) for w in wanted)
    ]
    if len(found) == 1:
        return found[0]
    if found:
        raise ScenarioError(
            f"{query!r} matches {len(found)} templates: {', '.join(found)}; give more of the name"
        )
    raise ScenarioError(unknown_name_message(query, (t.name for t in templates), "template"))


def raw_template(name: str) -> Mapping[str, Any]:
    wanted = template_name(name)
    return next(raw for raw in _raw_templates() if raw["name"] == wanted)


def find_template(name: str) -> TemplateInfo:
    wanted = template_name(name)
    return next(t for t in list_templates() if t.name == wanted)
