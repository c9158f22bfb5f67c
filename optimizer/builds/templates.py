"""Bundled build templates: ready-made scenarios for current builds, marked with their game build."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from optimizer.errors import ScenarioError
from optimizer.gear import MAX_INFUSIONS, Scenario, affix_preset
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
    weapon_type: str
    preset: str
    game_build: int
    summary: str
    source: str


@cache
def _raw_templates() -> tuple[Mapping[str, Any], ...]:
    text = resources.files("optimizer").joinpath("data/templates.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return tuple({**raw, "game_build": data["game_build"]} for raw in data["templates"])


def list_templates() -> list[TemplateInfo]:
    return [
        TemplateInfo(
            name=raw["name"],
            profession=raw["profession"],
            specialization=raw["specialization"],
            weapon_type=raw["weapon_type"],
            preset=raw["preset"],
            game_build=int(raw["game_build"]),
            summary=raw["summary"],
            source=raw["source"],
        )
        for raw in _raw_templates()
    ]


def _words(text: str) -> list[str]:
    return [word for word in (normalize(part) for part in _WORD_BREAK.split(text)) if word]


def _template_words(template: TemplateInfo) -> set[str]:
    words = {*_words(template.name), *_words(template.specialization), *_words(template.profession)}
    spec = normalize(template.specialization)
    words |= {short for short, full in ABBREVIATIONS.items() if full == spec}
    return words


def _word_matches(wanted: str, words: set[str]) -> bool:
    return wanted in words or (len(wanted) >= 3 and any(word.startswith(wanted) for word in words))


def find_template_name(query: str) -> str:
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


def load_template(name: str) -> Scenario:
    """The scenario of a template (see `find_template_name` for how names match)."""
    by_name = {raw["name"]: raw for raw in _raw_templates()}
    raw = by_name[find_template_name(name)]
    preset = affix_preset(raw["preset"])
    return Scenario.from_dict(
        {
            "profession": raw["profession"],
            "weapon_type": raw["weapon_type"],
            "affixes": list(preset.affixes),
            "objective": preset.objective,
            "distribution": raw["distribution"],
            "buffs": raw["buffs"],
            "modifiers": raw["modifiers"],
            "extras": raw["extras"],
            "infusions": {"max": MAX_INFUSIONS, "types": dict.fromkeys(preset.infusions, MAX_INFUSIONS)},
            "constraints": dict(preset.constraints),
        }
    )
