"""What the search ranks by and what it must respect: objective, tie-break and constraints (gear-math §1.7).

Every quantity here grows (or, for `max_toughness` and minimised quantities, shrinks) with every gear
attribute when the character model is monotone; the search relies on that for its optimistic bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from optimizer.gear.attributes import Value, final_attributes
from optimizer.gear.character import CharacterModel
from optimizer.gear.indicators import INDICATORS, indicator

# Constraint name -> (quantity, whether the limit is a minimum).
CONSTRAINTS: Final = {
    "min_boon_duration": ("boon duration", True),
    "min_quickness_duration": ("quickness duration", True),
    "min_healing_power": ("healing power", True),
    "min_toughness": ("toughness", True),
    "max_toughness": ("toughness", False),
    "min_health": ("health", True),
    "min_critical_chance": ("critical chance", True),
    "min_outgoing_healing": ("outgoing healing", True),
    "min_damage": ("damage", True),
    "min_healing": ("healing", True),
    "min_survivability": ("survivability", True),
}
PERCENT_QUANTITIES: Final = frozenset(
    {"boon duration", "quickness duration", "critical chance", "outgoing healing"}
)
# Tie-breaks of gear-math §1.7: damage ties go to survivability, the others to damage.
TIEBREAK: Final = {"damage": "survivability", "survivability": "damage", "healing": "damage"}


def _needs(quantity: str, model: CharacterModel) -> set[str]:
    if quantity == "damage":
        return {"Condition Duration"} if model.relevant_conditions else set()
    if quantity == "survivability":
        return {"Health", "Armor"}
    if quantity in ("boon duration", "quickness duration"):
        return {"Boon Duration"}
    if quantity == "health":
        return {"Health"}
    return set()


def quantity(name: str, model: CharacterModel, a: Mapping[str, Value]) -> Value:
    """A rankable or constrained quantity from final attributes; percentages in percent."""
    if name in INDICATORS:
        return indicator(name, model, a)
    if name == "boon duration":
        return a["Boon Duration"] * 100
    if name == "quickness duration":
        return (a["Boon Duration"] + a["Quickness Duration"]) * 100
    if name == "critical chance":
        return a["Critical Chance"] * 100
    if name == "outgoing healing":
        return a["Outgoing Healing"] * 100
    return a[name.title()]


@dataclass(frozen=True, slots=True)
class Scorer:
    """Ranks gear for one character model: `sign` -1 minimises the quantity instead."""

    model: CharacterModel
    rank: str
    tiebreak: str | None
    constraints: Mapping[str, float]
    sign: float = 1.0

    @property
    def quantities(self) -> set[str]:
        """Everything this scorer reads: the ranked quantity, the tie-break and the constrained ones."""
        names = {self.rank, *(CONSTRAINTS[c][0] for c in self.constraints)}
        return names | ({self.tiebreak} if self.tiebreak else set())

    @property
    def uses_lower_bound(self) -> bool:
        """Whether some criterion needs the pessimistic (smallest) gear vector for its bound."""
        return self.sign < 0 or "max_toughness" in self.constraints

    def _attributes(
        self, gear: Mapping[str, Value], quantities: set[str], offset: Mapping[str, float] | None = None
    ) -> dict[str, Value]:
        wanted: set[str] = set()
        for name in quantities:
            wanted |= _needs(name, self.model)
        return final_attributes(self.model, gear, wanted, offset)

    def _quantities(self, include_tiebreak: bool, lower: bool) -> set[str]:
        if lower:
            names = {self.rank} if self.sign < 0 else set()
            names |= {"toughness"} if "max_toughness" in self.constraints else set()
            return names
        names = {self.rank} if self.sign > 0 else set()
        names |= {CONSTRAINTS[c][0] for c in self.constraints if CONSTRAINTS[c][1]}
        if include_tiebreak and self.tiebreak:
            names.add(self.tiebreak)
        return names

    def evaluate(self, gear: Mapping[str, Value], *, with_tiebreak: bool) -> tuple[Value, Value, Value]:
        """Exact (score, tie-break, feasible) of complete gear; tie-break 0 when not asked for."""
        names = self._quantities(with_tiebreak, lower=False) | self._quantities(False, lower=True)
        a = self._attributes(gear, names)
        values = {name: quantity(name, self.model, a) for name in names}
        feasible = self._meets(values, values)
        tiebreak = values[self.tiebreak] if with_tiebreak and self.tiebreak else 0.0
        return self.sign * values[self.rank], tiebreak, feasible

    def bound(
        self,
        gear: Mapping[str, Value],
        upper: Mapping[str, float],
        lower: Mapping[str, float],
        *,
        with_tiebreak: bool = False,
    ) -> tuple[Value, Value, Value]:
        """Optimistic (score, tie-break, may-be-feasible) for any completion of `gear` whose remaining
        points lie between `lower` and `upper` in every attribute."""
        high_names = self._quantities(with_tiebreak, lower=False)
        high_a = self._attributes(gear, high_names, upper)
        high = {name: quantity(name, self.model, high_a) for name in high_names}
        low: dict[str, Value] = {}
        if self.uses_lower_bound:
            low_names = self._quantities(False, lower=True)
            low_a = self._attributes(gear, low_names, lower)
            low = {name: quantity(name, self.model, low_a) for name in low_names}
        score = high[self.rank] if self.sign > 0 else -low[self.rank]
        tiebreak = high[self.tiebreak] if with_tiebreak and self.tiebreak else 0.0
        return score, tiebreak, self._meets(high, low)

    def _meets(self, high: Mapping[str, Value], low: Mapping[str, Value]) -> Value:
        feasible: Value = True
        for name, limit in self.constraints.items():
            measured, is_minimum = CONSTRAINTS[name]
            ok = high[measured] >= limit if is_minimum else low[measured] <= limit
            feasible = np.logical_and(feasible, ok)
        return feasible
