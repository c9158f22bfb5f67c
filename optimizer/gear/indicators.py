"""Damage, survivability and healing from final attributes (gear-math §1.2-1.5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np

from optimizer.gear.attributes import Value
from optimizer.gear.character import CharacterModel, ConditionTick, damage_constants

INDICATORS: Final = ("damage", "survivability", "healing")


def _effective_power(power: Value, crit_chance: Value, crit_damage: Value) -> Value:
    return power * (1 + np.clip(crit_chance, 0.0, 1.0) * (crit_damage - 1))


def strike_damage(model: CharacterModel, a: Mapping[str, Value]) -> Value:
    constants = damage_constants()
    m = model.multipliers
    coefficient = model.coefficient
    crit_damage = a["Critical Damage"] * m["Critical"]
    total: Value = 0.0
    if coefficient["Power Coefficient"]:
        effective = _effective_power(a["Power"], a["Critical Chance"], crit_damage)
        total = total + coefficient["Power Coefficient"] / constants.target_armor * effective * m["Strike"]
    if coefficient["NonCrit Power Coefficient"]:
        noncrit = coefficient["NonCrit Power Coefficient"] / constants.target_armor
        total = total + noncrit * a["Power"] * m["Strike"]
    if coefficient["Power2 Coefficient"]:
        power2 = coefficient["Power2 Coefficient"] / constants.target_armor
        if model.mesmer:
            phantasm_crit = a["Phantasm Critical Damage"] * m["Phantasm Critical"]
            effective = _effective_power(a["Power"], a["Phantasm Critical Chance"], phantasm_crit)
            total = total + power2 * effective * m["Phantasm"]
        else:
            alternative_crit = a["Alternative Critical Damage"] * m["Critical"] * m["Alternative Critical"]
            effective = _effective_power(
                a["Alternative Power"], a["Alternative Critical Chance"], alternative_crit
            )
            total = total + power2 * effective * m["Strike"] * m["Alternative"]
    if coefficient["Siphon Coefficient"] or coefficient["Siphon Base Coefficient"]:
        siphon = coefficient["Siphon Base Coefficient"] + coefficient["Siphon Coefficient"] * a["Power"]
        total = total + siphon * m["Siphon"]
    return total + coefficient["Flat DPS"]


def _tick(tick: ConditionTick, attribute: Value) -> Value:
    return tick.base + tick.factor * attribute


def condition_tick(model: CharacterModel, a: Mapping[str, Value], condition: str) -> Value:
    """Damage of one stack per second of `condition`, with all multipliers."""
    constants = damage_constants()
    ticks = constants.ticks[model.game_mode]
    condi = a["Condition Damage"]
    if condition == "Torment":
        moving = model.movement_uptime
        raw = _tick(ticks["Torment"], condi) * (1 - moving) + _tick(ticks["Torment Moving"], condi) * moving
    elif condition == "Confusion":
        raw = _tick(ticks["Confusion"], condi) + _tick(ticks["Confusion Active"], condi) * model.attack_rate
    else:
        raw = _tick(ticks[condition], condi)
    for tweak, (tweaked, pve, wvw) in constants.power_scaled.items():
        if tweak in model.tweaks and tweaked == condition:
            raw = _tick(pve if model.game_mode == "pve" else wvw, a["Power"])
    return raw * model.multipliers["Condition"] * model.multipliers[condition]


def condition_damage(model: CharacterModel, a: Mapping[str, Value]) -> Value:
    total: Value = 0.0
    for condition in model.relevant_conditions:
        duration = np.clip(a[f"{condition} Duration"] + a["Condition Duration"], 0.0, 1.0)
        stacks = a[f"{condition} Coefficient"] * (1 + duration + a["Condition Duration Uncapped"])
        total = total + stacks * condition_tick(model, a, condition)
    return total


def damage(model: CharacterModel, a: Mapping[str, Value]) -> Value:
    return strike_damage(model, a) + condition_damage(model, a)


def survivability(model: CharacterModel, a: Mapping[str, Value]) -> Value:
    constants = damage_constants()
    effective_health = a["Health"] * a["Armor"] / model.multipliers["Incoming Strike"]
    return effective_health / constants.survivability_reference_armor


def healing(model: CharacterModel, a: Mapping[str, Value]) -> Value:
    constants = damage_constants()
    return (a["Healing Power"] * constants.healing_power_factor + constants.healing_base) * (
        1 + a["Outgoing Healing"]
    )


def indicator(name: str, model: CharacterModel, a: Mapping[str, Value]) -> Value:
    if name == "damage":
        return damage(model, a)
    if name == "survivability":
        return survivability(model, a)
    return healing(model, a)
