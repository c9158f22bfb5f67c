"""Bundled build templates: a chat code, a role and the plan for the rest (distribution, extras, limits).

Each template is marked with the game build it was checked at and names the benchmark its distribution
comes from. `build_scenario.load_template` turns one into a scenario.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from optimizer.lookup import resolve


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


def template_name(name: str) -> str:
    """The canonical name of a template (case-insensitive; unknown names list the valid ones)."""
    return resolve(name, [t.name for t in list_templates()], "template")


def raw_template(name: str) -> Mapping[str, Any]:
    wanted = template_name(name)
    return next(raw for raw in _raw_templates() if raw["name"] == wanted)


def find_template(name: str) -> TemplateInfo:
    wanted = template_name(name)
    return next(t for t in list_templates() if t.name == wanted)
