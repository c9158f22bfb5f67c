"""The scenario: everything a gear search needs, as a strict pydantic model readable from a JSON file.

Names are case-insensitive and come back canonical; anything unknown raises a ScenarioError whose message
lists the valid values. Build one with `Scenario.from_dict`, `Scenario.from_json_file` or a template.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from optimizer.errors import ScenarioError
from optimizer.gear.affixes import affix_names, resolve_affix_name
from optimizer.gear.attribute_keys import DISTRIBUTION_KEYS, INFUSION_TYPES, MAX_INFUSIONS, SLOT_GROUPS, SLOTS
from optimizer.gear.catalog import EXTRA_KINDS, buff_presets, bundled_items, find_item, item_kind, professions
from optimizer.gear.modifiers import Modifier
from optimizer.gear.presets import AffixPreset, affix_preset, affix_presets
from optimizer.gear.slots import GameMode, WeaponType
from optimizer.lookup import resolve

__all__ = [
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
_STRICT = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def profession_names() -> tuple[str, ...]:
    return tuple(professions())


def buff_names() -> tuple[str, ...]:
    return tuple(bundled_items("buffs"))


def extra_names(kind: str) -> tuple[str, ...]:
    """Bundled item names for one extras kind: runes, sigils, food, utility or relics."""
    return tuple(bundled_items(item_kind(resolve(kind, EXTRA_KINDS, "extras kind"))))


def _only_known_keys(raw: Any, model: type[BaseModel], what: str) -> Any:
    if isinstance(raw, dict):
        valid = list(model.model_fields)
        for key in raw:
            if key not in valid:
                resolve(str(key), valid, f"{what} key")
                raise ScenarioError(f"{what} key {key!r} must be written exactly as {valid}")
    return raw


def _choice(raw: Any, valid: tuple[str, ...], what: str) -> Any:
    return resolve(raw, valid, what) if isinstance(raw, str) else raw


class Infusions(BaseModel):
    """Stat infusions (+5 each): at most `max`, split over `types` (each with its own cap)."""

    model_config = _STRICT

    max: int = Field(default=MAX_INFUSIONS, ge=0, le=MAX_INFUSIONS)
    types: dict[str, int] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, raw: Any) -> Any:
        return _only_known_keys(raw, cls, "infusions")

    @field_validator("types", mode="before")
    @classmethod
    def _types(cls, raw: Any) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise ValueError(f'types takes {{"Power": 18, ...}}, got {raw!r}')
        caps: dict[str, int] = {}
        for name, cap in raw.items():
            canonical = resolve(str(name), INFUSION_TYPES, "infusion type")
            if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap <= MAX_INFUSIONS:
                raise ValueError(f"{canonical} infusions: the cap must be a whole number 0-18, got {cap!r}")
            caps[canonical] = cap
        return caps


class Extras(BaseModel):
    """Candidate runes, sigils, food, utility and relics; the search picks the best combination."""

    model_config = _STRICT

    runes: tuple[str | Modifier, ...] = ()
    sigils: tuple[str | Modifier, ...] = ()
    food: tuple[str | Modifier, ...] = ()
    utility: tuple[str | Modifier, ...] = ()
    relics: tuple[str | Modifier, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        _only_known_keys(raw, cls, "extras")
        checked: dict[str, Any] = {}
        for kind, entries in raw.items():
            if not isinstance(entries, list | tuple):
                raise ValueError(f"extras.{kind} takes a list of names or modifiers, got {entries!r}")
            names: list[str | Modifier] = []
            for entry in entries:
                if isinstance(entry, str):
                    names.append(find_item(kind, entry).name)
                elif isinstance(entry, dict):
                    names.append(Modifier.model_validate(entry))
                else:
                    names.append(entry)
            labels = [entry if isinstance(entry, str) else entry.name for entry in names]
            duplicates = sorted({label for label in labels if labels.count(label) > 1})
            if duplicates:
                raise ValueError(f"extras.{kind} lists {', '.join(duplicates)} more than once")
            checked[kind] = tuple(names)
        return checked


class Constraints(BaseModel):
    """Optional limits; percentages in percent. A candidate failing any of them is not a result."""

    model_config = _STRICT

    min_boon_duration: float | None = None
    min_quickness_duration: float | None = None
    min_healing_power: float | None = None
    min_toughness: float | None = None
    max_toughness: float | None = None
    min_health: float | None = None
    min_critical_chance: float | None = None
    min_outgoing_healing: float | None = None
    min_damage: float | None = None
    min_healing: float | None = None
    min_survivability: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, raw: Any) -> Any:
        return _only_known_keys(raw, cls, "constraints")

    def active(self) -> dict[str, float]:
        return {name: value for name, value in self.model_dump().items() if value is not None}


class Scenario(BaseModel):
    """One optimization problem. Field names are part of the file format other tools write."""

    model_config = _STRICT

    profession: str | None = None
    base_health: float | None = Field(default=None, gt=0)
    armor: float | None = Field(default=None, gt=0)
    weapon_type: WeaponType = "dual"
    game_mode: GameMode = "pve"
    affixes: tuple[str, ...] = ()
    forced: dict[str, str] = Field(default_factory=dict)
    exotic: tuple[str, ...] = ()
    objective: Objective = "damage"
    distribution: dict[str, float] = Field(default_factory=lambda: {"Power": 3000.0})
    buffs: tuple[str, ...] = ()
    modifiers: tuple[Modifier, ...] = ()
    extras: Extras = Field(default_factory=Extras)
    infusions: Infusions | None = None
    constraints: Constraints = Field(default_factory=Constraints)
    top: int = Field(default=5, ge=1, le=MAX_TOP)
    movement_uptime: float = Field(default=0.0, ge=0, le=1)
    attack_rate: float = Field(default=0.4, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, raw: Any) -> Any:
        return _only_known_keys(raw, cls, "scenario")

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
        if not isinstance(raw, list | tuple):
            return raw
        return tuple(dict.fromkeys(resolve_affix_name(str(name)) for name in raw))

    @field_validator("forced", mode="before")
    @classmethod
    def _forced(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        return {
            resolve(str(slot), SLOTS, "slot"): resolve_affix_name(str(name)) for slot, name in raw.items()
        }

    @field_validator("exotic", mode="before")
    @classmethod
    def _exotic(cls, raw: Any) -> Any:
        if not isinstance(raw, list | tuple):
            return raw
        groups = {**SLOT_GROUPS, "All": SLOTS}
        slots: list[str] = []
        for name in raw:
            canonical = resolve(str(name), (*SLOTS, *groups), "slot or slot group")
            slots += groups.get(canonical, (canonical,))
        return tuple(slot for slot in SLOTS if slot in slots)

    @field_validator("distribution", mode="before")
    @classmethod
    def _distribution(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        result: dict[str, Any] = {}
        for key, value in raw.items():
            canonical = resolve(str(key), DISTRIBUTION_KEYS, "distribution key")
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"distribution {canonical} must not be negative, got {value}")
            result[canonical] = value
        return result

    @field_validator("buffs", mode="before")
    @classmethod
    def _buffs(cls, raw: Any) -> Any:
        if not isinstance(raw, list | tuple):
            return raw
        names = [find_item("buffs", str(name)).name for name in raw]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"buffs lists {', '.join(duplicates)} more than once")
        return tuple(names)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.profession is None and (self.base_health is None or self.armor is None):
            raise ValueError(
                f"give a profession ({', '.join(profession_names())}) or both base_health and armor"
            )
        if self.weapon_type == "two-handed":
            for field, slots in (("forced", self.forced), ("exotic", self.exotic)):
                if "Weapon2" in slots:
                    raise ValueError(f"{field}: there is no Weapon2 with a two-handed weapon")
        slot_count = len(SLOTS) - (self.weapon_type == "two-handed")
        if not self.affixes and len(self.forced) < slot_count:
            raise ValueError("give at least one affix (or force every slot)")
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
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            raise ScenarioError(readable_errors(error)) from None

    @classmethod
    def from_json_file(cls, path: str | Path) -> Scenario:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise ScenarioError(f"cannot read scenario file {file}: {error.strerror or error}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ScenarioError(
                f"{file} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
        if not isinstance(data, dict):
            raise ScenarioError(f"{file} must hold a JSON object (the scenario), not {type(data).__name__}")
        return cls.from_dict(data)

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


def readable_errors(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] != "value_error" and "input" in problem:
            message += f" (got {problem['input']!r})"
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines)
