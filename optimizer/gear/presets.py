"""Affix presets (gear-math §3): named sets of affixes with their objective, infusions and constraints."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from optimizer.lookup import resolve


@dataclass(frozen=True, slots=True)
class AffixPreset:
    name: str
    title: str
    affixes: tuple[str, ...]
    objective: Literal["damage", "survivability", "healing"]
    infusions: tuple[str, ...]
    constraints: Mapping[str, float]


@cache
def affix_presets() -> Mapping[str, AffixPreset]:
    """Every bundled affix preset by name (power, condi, hybrid, power-boon, condi-boon, heal, ...)."""
    text = resources.files("optimizer").joinpath("data/affix_presets.json").read_text(encoding="utf-8")
    presets: dict[str, AffixPreset] = {}
    for raw in json.loads(text)["presets"]:
        presets[raw["name"]] = AffixPreset(
            name=raw["name"],
            title=raw["title"],
            affixes=tuple(raw["affixes"]),
            objective=raw["objective"],
            infusions=tuple(raw["infusions"]),
            constraints={key: float(value) for key, value in raw["constraints"].items()},
        )
    return presets


def affix_preset(name: str) -> AffixPreset:
    """A preset by name (case-insensitive); unknown names raise a ScenarioError listing the valid ones."""
    presets = affix_presets()
    return presets[resolve(name, presets, "affix preset")]
