"""The parts of a scenario: infusions, extras (runes, sigils, food, utility, relics) and constraints."""

from __future__ import annotations

import math
from typing import Any, ClassVar, Final

from pydantic import Field, field_validator, model_validator

from optimizer.gear.attribute_keys import INFUSION_TYPES, MAX_INFUSIONS
from optimizer.gear.catalog import EXTRA_KINDS, find_item
from optimizer.gear.modifiers import Modifier
from optimizer.gear.strict_model import Problems, StrictModel
from optimizer.json_input import shown
from optimizer.lookup import resolve

# (lowest, highest, unit) of every constraint: the game's caps where there are some (boon duration and
# critical chance stop at 100 %), far beyond any character elsewhere, so a typo is said before searching.
CONSTRAINT_LIMITS: Final[dict[str, tuple[float, float, str]]] = {
    "min_boon_duration": (0, 100, "percent"),
    "min_quickness_duration": (0, 100, "percent"),
    "min_healing_power": (0, 20_000, "attribute points"),
    "min_toughness": (0, 20_000, "attribute points"),
    "max_toughness": (0, 20_000, "attribute points"),
    "min_health": (0, 1_000_000, "hit points"),
    "min_critical_chance": (0, 100, "percent"),
    "min_outgoing_healing": (0, 1_000, "percent"),
    "min_damage": (0, 10_000_000, "damage indicator"),
    "min_healing": (0, 10_000_000, "healing indicator"),
    "min_survivability": (0, 10_000_000, "survivability indicator"),
}


class Infusions(StrictModel):
    """Stat infusions (+5 each): at most `max`, split over `types` (each with its own cap)."""

    what: ClassVar[str] = "infusions"

    max: int = Field(
        default=MAX_INFUSIONS,
        ge=0,
        le=MAX_INFUSIONS,
        description="Infusions in total, 0-18 (each adds 5 points of its attribute).",
    )
    types: dict[str, int] = Field(
        default_factory=dict,
        description='Attributes the infusions may add, each with its own cap 0-18: {"Power": 18, ...}.',
    )

    @field_validator("types", mode="before")
    @classmethod
    def _types(cls, raw: Any) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise ValueError(f'types takes {{"Power": 18, ...}}, not {shown(raw)}')
        problems = Problems()
        caps: dict[str, int] = {}
        for name, cap in raw.items():
            canonical = problems.check(
                (str(name),), name, resolve, str(name), INFUSION_TYPES, "infusion type"
            )
            if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap <= MAX_INFUSIONS:
                problems.add((str(name),), f"the cap must be a whole number 0-18, not {shown(cap)}", cap)
            elif canonical is not None:
                caps[canonical] = cap
        problems.raise_any("infusions")
        return caps


def _extra_entry(kind: str, entry: Any) -> str | Modifier:
    if isinstance(entry, str):
        return find_item(kind, entry).name
    if isinstance(entry, dict):
        return Modifier.model_validate(entry)
    raise ValueError(f"must be a name or a modifier object, not {shown(entry)}")


class Extras(StrictModel):
    """Candidate runes, sigils, food, utility and relics; the search picks the best combination."""

    what: ClassVar[str] = "extras"

    runes: tuple[str | Modifier, ...] = Field(default=(), description="Rune sets to choose one from.")
    sigils: tuple[str | Modifier, ...] = Field(
        default=(), description="Sigils to choose two different ones from (one if only one is listed)."
    )
    food: tuple[str | Modifier, ...] = Field(default=(), description="Food to choose one from.")
    utility: tuple[str | Modifier, ...] = Field(
        default=(), description="Utility consumables (sharpening stones, oils) to choose one from."
    )
    relics: tuple[str | Modifier, ...] = Field(default=(), description="Relics to choose one from.")

    @model_validator(mode="before")
    @classmethod
    def _entries(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        problems = Problems()
        checked: dict[str, Any] = {}
        for kind, entries in raw.items():
            if kind not in EXTRA_KINDS:
                checked[kind] = entries  # named as unknown by StrictModel
                continue
            if not isinstance(entries, list | tuple):
                problems.add((kind,), f"takes a list of names or modifiers, not {shown(entries)}", entries)
                continue
            chosen: list[str | Modifier] = []
            for index, entry in enumerate(entries):
                found = problems.check(
                    (kind, index),
                    entry,
                    _extra_entry,
                    kind,
                    entry,
                )
                if found is not None:
                    chosen.append(found)
            labels = [entry if isinstance(entry, str) else entry.name for entry in chosen]
            duplicates = sorted({label for label in labels if labels.count(label) > 1})
            if duplicates:
                problems.add((kind,), f"lists {', '.join(duplicates)} more than once", entries)
            checked[kind] = tuple(chosen)
        problems.raise_any("extras")
        return checked


def _constraint(key: str, description: str) -> Any:
    low, high, _ = CONSTRAINT_LIMITS[key]
    return Field(default=None, description=description, json_schema_extra={"minimum": low, "maximum": high})


class Constraints(StrictModel):
    """Optional limits; percentages in percent. A candidate failing any of them is not a result."""

    what: ClassVar[str] = "constraints"

    min_boon_duration: float | None = _constraint(
        "min_boon_duration", "Boon duration at least this, in percent (0-100)."
    )
    min_quickness_duration: float | None = _constraint(
        "min_quickness_duration",
        "Quickness duration (boon duration plus quickness-only bonuses) at least this, in percent (0-100).",
    )
    min_healing_power: float | None = _constraint(
        "min_healing_power", "Healing Power at least this many attribute points."
    )
    min_toughness: float | None = _constraint(
        "min_toughness", "Toughness at least this many attribute points."
    )
    max_toughness: float | None = _constraint(
        "max_toughness",
        "Toughness at most this many attribute points (e.g. to stay off a boss's tank aggro).",
    )
    min_health: float | None = _constraint("min_health", "Health at least this many hit points.")
    min_critical_chance: float | None = _constraint(
        "min_critical_chance", "Critical chance at least this, in percent (0-100)."
    )
    min_outgoing_healing: float | None = _constraint(
        "min_outgoing_healing", "Outgoing healing at least this, in percent."
    )
    min_damage: float | None = _constraint("min_damage", "The damage indicator (DPS) at least this.")
    min_healing: float | None = _constraint("min_healing", "The healing indicator at least this.")
    min_survivability: float | None = _constraint(
        "min_survivability", "The survivability indicator at least this."
    )

    @model_validator(mode="before")
    @classmethod
    def _limits(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        problems = Problems()
        for key, value in raw.items():
            if key not in CONSTRAINT_LIMITS or value is None:
                continue
            low, high, unit = CONSTRAINT_LIMITS[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.add((key,), f"must be a number ({unit}), not {shown(value)}", value)
            elif not math.isfinite(value):
                continue  # pydantic's own "finite number" problem names it
            elif value < low:
                problems.add((key,), f"must not be negative, not {shown(value)}", value)
            elif not value <= high:
                problems.add((key,), f"must be at most {high:,g} ({unit}), not {shown(value)}", value)
        low_toughness, high_toughness = raw.get("min_toughness"), raw.get("max_toughness")
        if (
            isinstance(low_toughness, int | float)
            and isinstance(high_toughness, int | float)
            and low_toughness > high_toughness
        ):
            problems.add(
                (),
                f"min_toughness {low_toughness:g} is above max_toughness {high_toughness:g}: "
                "no gear can meet both",
                raw,
            )
        problems.raise_any("constraints")
        return raw

    def active(self) -> dict[str, float]:
        return {name: value for name, value in self.model_dump().items() if value is not None}
