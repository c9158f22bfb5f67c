"""Bundled build templates: ready-made scenarios for current builds, marked with their game build."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from optimizer.gear import MAX_INFUSIONS, Scenario, affix_preset
from optimizer.lookup import resolve


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


def load_template(name: str) -> Scenario:
    """The scenario of a template (case-insensitive name; unknown names list the valid ones)."""
    by_name = {raw["name"]: raw for raw in _raw_templates()}
    raw = by_name[resolve(name, by_name, "template")]
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
