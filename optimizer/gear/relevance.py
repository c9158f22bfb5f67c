"""Which gear attributes can change what a search ranks by, breaks ties with or constrains.

Two candidates whose totals agree in all of those attributes are the same result to the search (the
one with the smaller canonical key represents them), and the search only carries those attributes.
The answer over-approximates: an attribute that might matter is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from optimizer.gear.attribute_keys import COEFFICIENT_KEYS, GEAR_STATS
from optimizer.gear.character import CharacterModel

_DAMAGE_READS: Final = frozenset(
    {
        "Power",
        "Critical Chance",
        "Critical Damage",
        "Phantasm Critical Chance",
        "Phantasm Critical Damage",
        "Alternative Power",
        "Alternative Critical Chance",
        "Alternative Critical Damage",
        *COEFFICIENT_KEYS,
    }
)
_READS: Final = {
    "survivability": frozenset({"Health", "Armor"}),
    "healing": frozenset({"Healing Power", "Outgoing Healing"}),
    "boon duration": frozenset({"Boon Duration"}),
    "quickness duration": frozenset({"Boon Duration", "Quickness Duration"}),
    "toughness": frozenset({"Toughness"}),
    "health": frozenset({"Health"}),
    "critical chance": frozenset({"Critical Chance"}),
    "healing power": frozenset({"Healing Power"}),
    "outgoing healing": frozenset({"Outgoing Healing"}),
}
# Derived attributes and what they are computed from (gear-math §1.1 steps 7-8).
_DERIVED_FROM: Final = {
    "Critical Chance": ("Precision",),
    "Critical Damage": ("Ferocity",),
    "Boon Duration": ("Concentration",),
    "Condition Duration": ("Expertise",),
    "Health": ("Vitality",),
    "Armor": ("Toughness",),
    "Phantasm Critical Chance": ("Precision",),
    "Phantasm Critical Damage": ("Ferocity",),
    "Clone Critical Chance": ("Precision",),
    "Alternative Power": ("Power",),
    "Alternative Critical Chance": ("Critical Chance",),
    "Alternative Critical Damage": ("Critical Damage",),
}


def _reads(quantity: str, model: CharacterModel) -> frozenset[str]:
    if quantity != "damage":
        return _READS[quantity]
    if not model.relevant_conditions:
        return _DAMAGE_READS
    return _DAMAGE_READS | {"Condition Damage", "Condition Duration"}


def relevant_stats(model: CharacterModel, quantities: Iterable[str]) -> frozenset[str]:
    """Gear attributes that can change any of `quantities` under `model`."""
    needed: set[str] = set()
    for name in quantities:
        needed |= _reads(name, model)
    conversions = model.conversions + model.after_buff_conversions
    while True:
        grown = set(needed)
        for key in needed:
            grown.update(_DERIVED_FROM.get(key, ()))
        grown.update(source for destination, source, _ in conversions if destination in needed)
        if grown == needed:
            return frozenset(needed & set(GEAR_STATS))
        needed = grown
