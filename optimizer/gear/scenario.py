"""The scenario: everything a gear search needs, as a strict pydantic model readable from a JSON file.

Names are case-insensitive and come back canonical; every problem of a scenario (unknown names, numbers out
of range, wrong types, unusable JSON) is reported at once in one ScenarioError that lists the valid values.
Build one with `Scenario.from_dict`, `Scenario.from_json_file`, `Scenario.from_json` or a template; the
file format is documented in docs/scenario.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Final, Literal, Self

from pydantic import Field, ValidationError, field_validator, model_validator

from optimizer.errors import ScenarioError
from optimizer.gear.affixes import affix_names, resolve_affix_name
from optimizer.gear.attribute_keys import DISTRIBUTION_KEYS, MAX_INFUSIONS, SLOT_GROUPS, SLOTS
from optimizer.gear.catalog import EXTRA_KINDS, buff_presets, bundled_items, find_item, item_kind, professions
from optimizer.gear.modifiers import Modifier
from optimizer.gear.presets import AffixPreset, affix_preset, affix_presets
from optimizer.gear.scenario_parts import CONSTRAINT_LIMITS, Constraints, Extras, Infusions
from optimizer.gear.slots import GameMode, WeaponType
from optimizer.gear.strict_model import Problems, StrictModel, names, readable_problems, scenario_error
from optimizer.json_input import JsonInputError, read_json, shown
from optimizer.lookup import resolve

__all__ = [
    "CONSTRAINT_LIMITS",
    "OBJECTIVES",
    "AffixPreset",
    "Constraints",
    "Extras",
    "Infusions",
    "Modifier",
    "Scenario",
    "affix_names",
    "affix_preset",
    "affix_presets",
    "buff_names",
    "buff_presets",
    "extra_names",
    "profession_names",
]

Objective = Literal["damage", "survivability", "healing"]
OBJECTIVES: tuple[Objective, ...] = ("damage", "survivability", "healing")
MAX_TOP = 50
MAX_COEFFICIENT: Final = 100_000.0  # a whole rotation's Power coefficient is a few thousand
MAX_BASE_HEALTH: Final = 1_000_000.0
MAX_ARMOR: Final = 100_000.0
MAX_ATTACK_RATE: Final = 10.0  # skill uses per second; bosses stay below 1


def profession_names() -> tuple[str, ...]:
    return tuple(professions())


def buff_names() -> tuple[str, ...]:
    return tuple(bundled_items("buffs"))


def extra_names(kind: str) -> tuple[str, ...]:
    """Bundled item names for one extras kind: runes, sigils, food, utility or relics."""
    return tuple(bundled_items(item_kind(resolve(kind, EXTRA_KINDS, "extras kind"))))


def _choice(raw: Any, valid: tuple[str, ...], what: str) -> Any:
    return resolve(raw, valid, what) if isinstance(raw, str) else raw


class Scenario(StrictModel):
    """One optimization problem. Field names are part of the file format other tools write."""

    what: ClassVar[str] = "scenario"

    profession: str | None = Field(
        default=None,
        description="Guardian, Warrior, ...: sets base health and armor (defense). Mesmer also switches "
        "Power2 to phantasm critical hits.",
    )
    base_health: float | None = Field(
        default=None,
        gt=0,
        le=MAX_BASE_HEALTH,
        description="Hit points before Vitality, instead of the profession's (needs armor too).",
    )
    armor: float | None = Field(
        default=None,
        gt=0,
        le=MAX_ARMOR,
        description="Armor defense before Toughness, instead of the profession's (needs base_health too).",
    )
    weapon_type: WeaponType = Field(
        default="dual",
        description='"dual": two one-handed weapons (Weapon1 and Weapon2); "two-handed": Weapon1 only.',
    )
    game_mode: GameMode = Field(default="pve", description='"pve" or "wvw" (some effects differ).')
    affixes: tuple[str, ...] = Field(
        default=(),
        description='Stat prefixes every slot may take ("Berserker", "Assassin", ...); the search tries '
        "every assignment.",
    )
    forced: dict[str, str] = Field(
        default_factory=dict, description='Slots fixed to one prefix: {"Helm": "Dragon", ...}.'
    )
    exotic: tuple[str, ...] = Field(
        default=(),
        description='Slots that are exotic instead of ascended/legendary: slot names or "Armor", '
        '"Trinkets", "Weapons", "All".',
    )
    objective: Objective = Field(
        default="damage", description='What to maximise: "damage", "survivability" or "healing".'
    )
    distribution: dict[str, float] = Field(
        default_factory=lambda: {"Power": 3000.0},
        description="How the build deals damage (see docs/scenario.md): Power and Power2 are strike "
        "coefficients (sum of weapon strength x skill coefficient per second), a condition's value is "
        "its stacks x base duration applied per second.",
    )
    buffs: tuple[str, ...] = Field(
        default=(), description='Bundled buffs assumed to be up: "Might", "Fury", "Vulnerability", ...'
    )
    modifiers: tuple[Modifier, ...] = Field(
        default=(), description="Further effects (traits, skills) written out as modifiers."
    )
    extras: Extras = Field(
        default_factory=Extras, description="Runes, sigils, food, utility and relics to choose from."
    )
    infusions: Infusions | None = Field(default=None, description="Stat infusions to place; none if absent.")
    constraints: Constraints = Field(
        default_factory=Constraints, description="Limits every result must meet."
    )
    top: int = Field(default=5, ge=1, le=MAX_TOP, description="How many distinct results to return (1-50).")
    movement_uptime: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Fraction of the time the target moves, 0-1 (Torment deals less to a moving target).",
    )
    attack_rate: float = Field(
        default=0.4,
        ge=0,
        le=MAX_ATTACK_RATE,
        description="The target's skill uses per second (each one triggers Confusion damage).",
    )

    @field_validator("profession", mode="before")
    @classmethod
    def _profession(cls, raw: Any) -> Any:
        return _choice(raw, profession_names(), "profession")

    @field_validator("weapon_type", mode="before")
    @classmethod
    def _weapon_type(cls, raw: Any) -> Any:
        return _choice(raw, ("dual", "two-handed"), "weapon type")

    @field_validator("game_mode", mode="before")
    @classmethod
    def _game_mode(cls, raw: Any) -> Any:
        return _choice(raw, ("pve", "wvw"), "game mode")

    @field_validator("objective", mode="before")
    @classmethod
    def _objective(cls, raw: Any) -> Any:
        return _choice(raw, OBJECTIVES, "objective")

    @field_validator("affixes", mode="before")
    @classmethod
    def _affixes(cls, raw: Any) -> Any:
        chosen = names(raw, "an affix name", resolve_affix_name)
        return tuple(dict.fromkeys(chosen)) if isinstance(chosen, list) else chosen

    @field_validator("forced", mode="before")
    @classmethod
    def _forced(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        problems = Problems()
        forced: dict[str, str] = {}
        for slot, name in raw.items():
            canonical = problems.check((slot,), slot, resolve, str(slot), SLOTS, "slot")
            if not isinstance(name, str):
                problems.add((slot,), f"must be an affix name (text), not {shown(name)}", name)
                continue
            affix = problems.check((slot,), name, resolve_affix_name, name)
            if canonical is not None and affix is not None:
                forced[canonical] = affix
        problems.raise_any("forced")
        return forced

    @field_validator("exotic", mode="before")
    @classmethod
    def _exotic(cls, raw: Any) -> Any:
        groups = {**SLOT_GROUPS, "All": SLOTS}
        chosen = names(
            raw, "a slot or slot group", lambda name: resolve(name, (*SLOTS, *groups), "slot or slot group")
        )
        if not isinstance(chosen, list):
            return chosen
        slots = [slot for name in chosen for slot in groups.get(name, (name,))]
        return tuple(slot for slot in SLOTS if slot in slots)

    @field_validator("distribution", mode="before")
    @classmethod
    def _distribution(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        problems = Problems()
        result: dict[str, float] = {}
        for key, value in raw.items():
            canonical = problems.check((key,), key, resolve, str(key), DISTRIBUTION_KEYS, "distribution key")
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.add((key,), f"must be a number, not {shown(value)}", value)
            elif value < 0:
                problems.add((key,), f"must not be negative, not {shown(value)}", value)
            elif not value <= MAX_COEFFICIENT:
                problems.add((key,), f"must be at most {MAX_COEFFICIENT:,g}, not {shown(value)}", value)
            elif canonical is not None:
                result[canonical] = float(value)
        problems.raise_any("distribution")
        return result

    @field_validator("buffs", mode="before")
    @classmethod
    def _buffs(cls, raw: Any) -> Any:
        chosen = names(raw, "a buff name", lambda name: find_item("buffs", name).name)
        if not isinstance(chosen, list):
            return chosen
        duplicates = sorted({name for name in chosen if chosen.count(name) > 1})
        if duplicates:
            raise ValueError(f"lists {', '.join(duplicates)} more than once")
        return tuple(chosen)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = Problems()
        if self.profession is None and (self.base_health is None or self.armor is None):
            problems.add(
                (),
                f"give a profession ({', '.join(profession_names())}) or both base_health and armor",
                None,
            )
        if self.weapon_type == "two-handed":
            for field, slots in (("forced", self.forced), ("exotic", self.exotic)):
                if "Weapon2" in slots:
                    problems.add((field,), "there is no Weapon2 with a two-handed weapon", None)
        slot_count = len(SLOTS) - (self.weapon_type == "two-handed")
        if not self.affixes and len(self.forced) < slot_count:
            problems.add((), "give at least one affix (or force every slot)", None)
        problems.raise_any("scenario")
        return self

    @property
    def health_and_armor(self) -> tuple[float, float]:
        """Base health (without Vitality) and base defense: explicit values win over the profession's."""
        stats = professions()[self.profession] if self.profession else None
        health = self.base_health if self.base_health is not None else stats.base_health if stats else 0.0
        armor = self.armor if self.armor is not None else stats.armor if stats else 0.0
        return float(health), float(armor)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Validate a scenario; every problem is reported in one ScenarioError."""
        return cls._validated(dict(data), [])

    @classmethod
    def _validated(cls, data: Any, problems: list[str]) -> Scenario:
        try:
            scenario = cls.model_validate(data)
        except ValidationError as error:
            raise scenario_error([*problems, *readable_problems(error)]) from None
        if problems:
            raise scenario_error(problems)
        return scenario

    @classmethod
    def from_json(cls, data: bytes | str, source: str = "the scenario") -> Scenario:
        """A scenario from JSON text or bytes (UTF-8, a byte-order mark allowed); `source` names it in
        messages. Every problem of the document is reported in one ScenarioError."""
        try:
            document, problems = read_json(data, source)
        except JsonInputError as error:
            raise ScenarioError(str(error)) from None
        if not isinstance(document, dict):
            kind = {list: "a list", str: "text", bool: "true/false"}.get(type(document), "a number")
            raise ScenarioError(f"{source} must hold a JSON object (the scenario), not {kind}")
        return cls._validated(document, problems)

    @classmethod
    def from_json_file(cls, path: str | Path) -> Scenario:
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise ScenarioError(f"cannot read scenario file {file}: {error.strerror or error}") from None
        return cls.from_json(data, str(file))

    def with_top(self, top: int) -> Scenario:
        """A copy that returns `top` results (1-50); a ScenarioError otherwise."""
        return Scenario.from_dict({**self.model_dump(exclude_defaults=True), "top": top})

    def with_preset(self, preset: AffixPreset | str) -> Scenario:
        """A copy that searches the preset's affixes, objective, infusion types and constraints."""
        chosen = affix_preset(preset) if isinstance(preset, str) else preset
        infusions = {"max": MAX_INFUSIONS, "types": dict.fromkeys(chosen.infusions, MAX_INFUSIONS)}
        return Scenario.from_dict(
            {
                **self.model_dump(exclude_defaults=True),
                "affixes": list(chosen.affixes),
                "objective": chosen.objective,
                "infusions": infusions,
                "constraints": dict(chosen.constraints),
            }
        )
