"""The attribute pipeline of gear-math §1.1, steps 3-9, for one gear candidate or a whole batch.

Every value is either a float or a numpy array with one entry per gear candidate; the same code serves the
single build shown to a player and the vectorised search, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

import numpy as np

from optimizer.gear.attribute_keys import CRIT_CHANCE_KEYS, POINT_KEYS
from optimizer.gear.character import CharacterModel, damage_constants

# A float or a float64 array with one entry per gear candidate.
Value = Any

_POINT_KEYS: Final = frozenset(POINT_KEYS)
_CRIT_CHANCES: Final = frozenset(CRIT_CHANCE_KEYS)


def _gain(amount: Value, destination: str) -> Value:
    """Conversions into attribute points round half to even; percentages and coefficients stay exact."""
    return np.rint(amount) if destination in _POINT_KEYS else amount


def final_attributes(
    model: CharacterModel,
    gear: Mapping[str, Value],
    wanted: Collection[str] | None = None,
    offset: Mapping[str, float] | None = None,
) -> dict[str, Value]:
    """Final attributes for gear (plus infusion) points.

    `wanted` can skip the derived Boon Duration, Condition Duration, Health and Armor when a caller does not
    need them (the search scores millions of candidates); `offset` adds constant points to the gear (the
    search's optimistic remainder) without another pass over the arrays.
    Percent attributes come out as fractions (0.25 = 25%).
    """
    constants = damage_constants()
    base: dict[str, Value] = dict(model.converted)
    for stat, points in (offset or {}).items():
        base[stat] = base.get(stat, 0.0) + points
    for stat, points in gear.items():
        base[stat] = base.get(stat, 0.0) + points
    attributes: dict[str, Value] = {**base, **model.percent, **model.coefficient}
    for destination, source, percent in model.conversions:
        gained = _gain(base.get(source, 0.0) * percent / 100, destination)
        attributes[destination] = attributes.get(destination, 0.0) + gained
    for stat, points in model.buff.items():
        attributes[stat] = attributes.get(stat, 0.0) + points

    def get(key: str) -> Value:
        return attributes.get(key, 0.0)

    def want(key: str) -> bool:
        return wanted is None or key in wanted

    precision_bonus = (get("Precision") - 1000) / constants.precision_per_critical_chance
    ferocity_bonus = get("Ferocity") / constants.ferocity_per_critical_damage
    attributes["Critical Chance"] = get("Critical Chance") + precision_bonus
    attributes["Critical Damage"] = get("Critical Damage") + ferocity_bonus
    if want("Boon Duration"):
        attributes["Boon Duration"] = (
            get("Boon Duration") + get("Concentration") / constants.concentration_per_boon_duration
        )
    if want("Condition Duration"):
        attributes["Condition Duration"] = (
            get("Condition Duration") + get("Expertise") / constants.expertise_per_condition_duration
        )
    if want("Health"):
        health = model.base_health + constants.health_per_vitality * get("Vitality")
        attributes["Health"] = np.rint(health * (1 + model.maximum_health))
    if want("Armor"):
        attributes["Armor"] = get("Armor") + get("Toughness")
    if model.mesmer:
        attributes["Clone Critical Chance"] = get("Clone Critical Chance") + precision_bonus
        attributes["Phantasm Critical Chance"] = get("Phantasm Critical Chance") + precision_bonus
        attributes["Phantasm Critical Damage"] = get("Phantasm Critical Damage") + ferocity_bonus
    elif model.coefficient["Power2 Coefficient"] > 0:
        attributes["Alternative Power"] = get("Alternative Power") + get("Power")
        attributes["Alternative Critical Chance"] = (
            get("Alternative Critical Chance")
            + get("Critical Chance")
            + get("Alternative Precision") / constants.precision_per_critical_chance
        )
        attributes["Alternative Critical Damage"] = (
            get("Critical Damage") + get("Alternative Ferocity") / constants.ferocity_per_critical_damage
        )
    for destination, source, percent in model.after_buff_conversions:
        value = get(source)
        if source in _CRIT_CHANCES:
            value = np.clip(value, 0.0, 1.0)
        attributes[destination] = get(destination) + _gain(value * percent / 100, destination)
    return attributes
