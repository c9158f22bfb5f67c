"""Everything about a character except its gear: base attributes, modifiers folded into buckets, constants.

`build_character` turns a profession (or base health and armor), a distribution and a list of modifiers
into a `CharacterModel`, the gear-independent half of the attribute pipeline (gear-math §1.1 steps 1-2, §1.4).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final

from optimizer.errors import ScenarioError
from optimizer.gear.attribute_keys import (
    COEFFICIENT_KEYS,
    CONDITIONS,
    DAMAGE_KEYS,
    DISTRIBUTION_KEYS,
    MULTIPLIERS,
    PERCENT_KEYS,
    POINT_KEYS,
)
from optimizer.gear.modifiers import Modifier
from optimizer.gear.slots import GameMode

# Far above any real stack of effects (a few times 1), far below where floats run out.
MAX_MULTIPLIER: Final = 1e9


@dataclass(frozen=True, slots=True)
class ConditionTick:
    base: float
    factor: float


@dataclass(frozen=True, slots=True)
class DamageConstants:
    base_attributes: Mapping[str, float]
    base_critical_chance: float
    base_critical_damage: float
    precision_per_critical_chance: float
    ferocity_per_critical_damage: float
    concentration_per_boon_duration: float
    expertise_per_condition_duration: float
    health_per_vitality: float
    target_armor: float
    survivability_reference_armor: float
    healing_base: float
    healing_power_factor: float
    default_attack_rate: float
    ticks: Mapping[str, Mapping[str, ConditionTick]]
    power_scaled: Mapping[str, tuple[str, ConditionTick, ConditionTick]]


@cache
def damage_constants() -> DamageConstants:
    text = resources.files("optimizer").joinpath("data/damage_model.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    return DamageConstants(
        base_attributes={k: float(v) for k, v in raw["base_attributes"].items()},
        base_critical_chance=raw["base_critical_chance"] / 100,
        base_critical_damage=raw["base_critical_damage"] / 100,
        precision_per_critical_chance=float(raw["precision_per_critical_chance"]),
        ferocity_per_critical_damage=float(raw["ferocity_per_critical_damage"]),
        concentration_per_boon_duration=float(raw["concentration_per_boon_duration"]),
        expertise_per_condition_duration=float(raw["expertise_per_condition_duration"]),
        health_per_vitality=float(raw["health_per_vitality"]),
        target_armor=float(raw["target_armor"]),
        survivability_reference_armor=float(raw["survivability_reference_armor"]),
        healing_base=float(raw["healing"]["base"]),
        healing_power_factor=float(raw["healing"]["healing_power_factor"]),
        default_attack_rate=float(raw["default_attack_rate"]),
        ticks={
            mode: {name: ConditionTick(float(t["base"]), float(t["factor"])) for name, t in table.items()}
            for mode, table in raw["conditions"].items()
        },
        power_scaled={
            tweak: (
                str(t["condition"]),
                ConditionTick(float(t["base"]), float(t["factor"]["pve"])),
                ConditionTick(float(t["base"]), float(t["factor"]["wvw"])),
            )
            for tweak, t in raw["power_scaled_conditions"].items()
        },
    )


@dataclass(frozen=True, slots=True)
class CharacterModel:
    """The gear-independent part of one character. Percent keys are fractions (0.25 = 25%)."""

    game_mode: GameMode
    mesmer: bool
    converted: Mapping[str, float]  # base attributes: conversions read these (gear adds to them)
    buff: Mapping[str, float]  # attribute points added after conversions
    percent: Mapping[str, float]
    base_health: float
    coefficient: Mapping[str, float]
    maximum_health: float
    conversions: tuple[tuple[str, str, float], ...]  # (destination, source, percent)
    after_buff_conversions: tuple[tuple[str, str, float], ...]
    multipliers: Mapping[str, float]
    tweaks: frozenset[str]
    movement_uptime: float
    attack_rate: float
    relevant_conditions: tuple[str, ...] = field(default=())

    @property
    def monotone(self) -> bool:
        """Whether more of any gear attribute can never lower damage, survivability or healing.

        The search prunes with optimistic bounds only when this holds.
        """
        constants = damage_constants()
        crit = constants.base_critical_damage * self.multipliers["Critical"]
        return (
            all(percent >= 0 for _, _, percent in self.conversions + self.after_buff_conversions)
            and all(value >= 0 for value in self.coefficient.values())
            and all(value > 0 for value in self.multipliers.values())
            and crit * self.multipliers["Alternative Critical"] >= 1
            and constants.base_critical_damage * self.multipliers["Phantasm Critical"] >= 1
            and crit >= 1
            and self.maximum_health > -1
        )


def _multipliers(modifiers: Sequence[Modifier]) -> dict[str, float]:
    buckets: dict[str, dict[str, list[float]]] = {
        key: {"add": [], "mult": [], "target": []} for key in MULTIPLIERS
    }
    for modifier in modifiers:
        for damage_key, entries in modifier.damage.items():
            sign = -1.0 if damage_key == "Damage Reduction" else 1.0
            for percent, mode in entries:
                for multiplier in DAMAGE_KEYS[damage_key]:
                    kind = "mult" if multiplier == "Critical" else mode
                    buckets[multiplier][kind].append(sign * percent / 100)
    result: dict[str, float] = {}
    for key, bucket in buckets.items():
        product = 1.0
        for value in bucket["mult"]:
            product *= 1 + value
        result[key] = product * (1 + sum(bucket["add"])) * (1 + sum(bucket["target"]))
    return result


def build_character(
    *,
    base_health: float,
    armor: float,
    game_mode: GameMode,
    distribution: Mapping[str, float],
    modifiers: Sequence[Modifier],
    mesmer: bool = False,
    movement_uptime: float = 0.0,
    attack_rate: float | None = None,
) -> CharacterModel:
    constants = damage_constants()
    converted: dict[str, float] = {**dict.fromkeys(POINT_KEYS, 0.0), **constants.base_attributes}
    converted["Armor"] = float(armor)
    buff: dict[str, float] = {}
    percent: dict[str, float] = dict.fromkeys(PERCENT_KEYS, 0.0)
    percent["Critical Chance"] = constants.base_critical_chance
    percent["Critical Damage"] = constants.base_critical_damage
    if mesmer:
        percent["Clone Critical Chance"] += constants.base_critical_chance
        percent["Phantasm Critical Chance"] += constants.base_critical_chance
        percent["Phantasm Critical Damage"] = constants.base_critical_damage
    coefficient = dict.fromkeys(COEFFICIENT_KEYS, 0.0)
    for key, rate in distribution.items():
        coefficient[DISTRIBUTION_KEYS[key]] += rate
    maximum_health = 0.0
    conversions: list[tuple[str, str, float]] = []
    after_buffs: list[tuple[str, str, float]] = []
    tweaks: set[str] = set()
    for modifier in modifiers:
        for key, value in modifier.attributes.items():
            if isinstance(value, tuple):
                target = converted if value[1] == "converted" else buff
                target[key] = target.get(key, 0.0) + value[0]
            elif key == "Maximum Health":
                maximum_health = (1 + maximum_health) * (1 + value / 100) - 1
            elif key in coefficient:
                coefficient[key] += value
            else:
                percent[key] += value / 100
        conversions += [(d, s, p) for d, by in modifier.conversion.items() for s, p in by.items()]
        after_buffs += [(d, s, p) for d, by in modifier.conversion_after_buffs.items() for s, p in by.items()]
        tweaks.update(modifier.tweaks)
    multipliers = _multipliers(modifiers)
    too_large = [key for key, value in multipliers.items() if not abs(value) <= MAX_MULTIPLIER]
    if too_large or not abs(maximum_health) <= MAX_MULTIPLIER:
        what = f"{too_large[0]} damage" if too_large else "maximum health"
        raise ScenarioError(
            f"the modifiers multiply {what} by more than {MAX_MULTIPLIER:,.0f}; check their percentages"
        )
    if multipliers["Incoming Strike"] <= 0:
        raise ScenarioError("damage reduction adds up to 100% or more; survivability would be infinite")
    converted_targets = {dest for dest, _, _ in conversions + after_buffs}
    relevant = tuple(
        c
        for c in CONDITIONS
        if coefficient[f"{c} Coefficient"] > 0 or f"{c} Coefficient" in converted_targets
    )
    return CharacterModel(
        game_mode=game_mode,
        mesmer=mesmer,
        converted=converted,
        buff=buff,
        percent=percent,
        base_health=float(base_health),
        coefficient=coefficient,
        maximum_health=maximum_health,
        conversions=tuple(conversions),
        after_buff_conversions=tuple(after_buffs),
        multipliers=multipliers,
        tweaks=frozenset(tweaks),
        movement_uptime=movement_uptime,
        attack_rate=constants.default_attack_rate if attack_rate is None else attack_rate,
        relevant_conditions=relevant,
    )
