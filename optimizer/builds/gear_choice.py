"""Given gear for a build — the `gw2opt stats` file — and what it does: attributes, damage, survivability.

The file has the shape of one `optimize --json` result plus buffs and agony resistance: a prefix per slot,
stat infusions (attribute names or GW2 infusion item ids as keys), one rune, up to two sigils, food, utility
and relic (names or GW2 item ids). Evaluating it runs the exact search over that single candidate, so the
numbers are the ones a search would report for the same gear.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from optimizer.builds.assumptions import Assumption
from optimizer.builds.build_scenario import DerivedScenario
from optimizer.errors import ScenarioError
from optimizer.gear import (
    INFUSION_TYPES,
    SLOTS,
    BuildResult,
    Scenario,
    find_item,
    optimize,
    readable_problems,
    resolve_affix_name,
)
from optimizer.lookup import resolve

_STRICT = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
ItemRef = str | int


@cache
def infusion_ids() -> Mapping[int, str | None]:
    """GW2 infusion item id → the attribute it adds 5 of (None: agony resistance only), from the bundled game
    data (every stat and agony infusion of the API's upgrade components)."""
    raw = json.loads(resources.files("optimizer").joinpath("data/gw2/infusions.json").read_text("utf-8"))
    return {int(entry["id"]): entry["attribute"] for entry in raw}


def _item_name(kind: str, ref: ItemRef) -> str:
    return find_item(kind, ref).name


class ExtrasChoice(BaseModel):
    model_config = _STRICT
    runes: ItemRef | None = None
    sigils: tuple[ItemRef, ...] = ()
    food: ItemRef | None = None
    utility: ItemRef | None = None
    relics: ItemRef | None = None

    @field_validator("runes", "food", "utility", "relics", mode="after")
    @classmethod
    def _known(cls, value: ItemRef | None, info: Any) -> str | None:
        return None if value is None else _item_name(info.field_name, value)

    @field_validator("sigils", mode="after")
    @classmethod
    def _sigils(cls, value: tuple[ItemRef, ...]) -> tuple[str, ...]:
        names = tuple(dict.fromkeys(_item_name("sigils", ref) for ref in value))
        if len(names) > 2:
            raise ValueError(f"a weapon set holds two sigils at most, got {', '.join(names)}")
        return names


class GearChoice(BaseModel):
    """What one character wears: the `gw2opt stats --gear FILE` document."""

    model_config = _STRICT
    gear: dict[str, str]
    infusions: dict[str, int] = Field(default_factory=dict)
    extras: ExtrasChoice = Field(default_factory=ExtrasChoice)
    buffs: tuple[str, ...] | None = None
    agony_resistance: float | None = Field(default=None, ge=0, le=1000)

    @field_validator("gear", mode="after")
    @classmethod
    def _slots(cls, value: dict[str, str]) -> dict[str, str]:
        slots = {resolve(slot, SLOTS, "slot"): resolve_affix_name(affix) for slot, affix in value.items()}
        needed = [slot for slot in SLOTS if slot != "Weapon2"]
        missing = [slot for slot in needed if slot not in slots]
        if missing:
            raise ValueError(
                f"no prefix for {', '.join(missing)}; every slot needs one (Weapon2 for dual wield)"
            )
        return slots

    @field_validator("infusions", mode="after")
    @classmethod
    def _infusions(cls, value: dict[str, int]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for key, count in value.items():
            if isinstance(count, bool) or count < 0:
                raise ValueError(f"infusions: {key} needs a count of 0 or more, got {count!r}")
            attribute: str | None
            if key.strip().isdigit():
                known = infusion_ids()
                if int(key) not in known:
                    raise ValueError(f"infusions: {key} is not a known stat or agony infusion item id")
                attribute = known[int(key)]
            else:
                attribute = resolve(key, INFUSION_TYPES, "infusion attribute")
            if attribute is not None and count:
                counts[attribute] = counts.get(attribute, 0) + count
        if sum(counts.values()) > 18:
            raise ValueError(f"infusions: at most 18 stat infusions fit, got {sum(counts.values())}")
        return counts

    @property
    def weapon_type(self) -> str:
        return "dual" if "Weapon2" in self.gear else "two-handed"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GearChoice:
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            raise ScenarioError(*readable_problems(error)) from None


@dataclass(frozen=True, slots=True)
class GearEvaluation:
    result: BuildResult
    scenario: Scenario
    assumptions: tuple[Assumption, ...]

    @property
    def attributes(self) -> dict[str, float]:
        return dict(self.result.attributes)


def _extras(choice: ExtrasChoice) -> dict[str, list[str]]:
    extras: dict[str, list[str]] = {}
    for kind in ("runes", "food", "utility", "relics"):
        value = getattr(choice, kind)
        if value is not None:
            extras[kind] = [str(value)]
    if choice.sigils:
        extras["sigils"] = [str(name) for name in choice.sigils]
    return extras


def gear_scenario_for(derived: DerivedScenario, choice: GearChoice) -> Scenario:
    """The derived scenario narrowed to exactly the chosen gear, infusions, extras and buffs."""
    data = derived.scenario.model_dump(exclude_defaults=True)
    data.update(
        {
            "weapon_type": choice.weapon_type,
            "affixes": sorted(set(choice.gear.values())),
            "forced": dict(choice.gear),
            "exotic": [],
            "extras": _extras(choice.extras),
            "constraints": {},
            "top": 1,
        }
    )
    data.pop("infusions", None)
    if choice.infusions:
        data["infusions"] = {"max": sum(choice.infusions.values()), "types": dict(choice.infusions)}
    if choice.buffs is not None:
        data["buffs"] = list(choice.buffs)
    if choice.agony_resistance is not None:
        modifiers = [m for m in data.get("modifiers", []) if not str(m.get("name", "")).startswith("Agony")]
        modifiers.append(
            {
                "name": f"Agony Resistance {choice.agony_resistance:g}",
                "attributes": {"Agony Resistance": [choice.agony_resistance, "converted"]},
            }
        )
        data["modifiers"] = modifiers
    return Scenario.from_dict(data)


def evaluate_gear(derived: DerivedScenario, choice: GearChoice) -> GearEvaluation:
    scenario = gear_scenario_for(derived, choice)
    outcome = optimize(scenario)
    return GearEvaluation(result=outcome.results[0], scenario=scenario, assumptions=derived.assumptions)
