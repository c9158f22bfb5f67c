"""A Modifier: attribute points, percentages, damage multipliers and conversions from one source.

Written by players inline in a scenario or read from the bundled data; both go through this one model.
Percentages are numbers in percent (15 means 15%).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

from optimizer.gear.attribute_keys import (
    AFTER_BUFF_SOURCES,
    ATTRIBUTE_KEYS,
    CONVERSION_SOURCES,
    DAMAGE_KEYS,
    DAMAGE_MODES,
    POINT_KEYS,
    TWEAKS,
)
from optimizer.lookup import resolve

PointMode = Literal["converted", "buff"]
DamageMode = Literal["add", "mult", "target"]
AttributeValue = float | tuple[float, PointMode]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} must be a number, got {value!r}")
    return float(value)


def _attribute(key: str, value: Any) -> AttributeValue:
    if key not in POINT_KEYS:
        return _number(value, key)
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f'{key} takes [points, "converted"|"buff"], got {value!r}')
    mode = resolve(str(value[1]), ("converted", "buff"), f"{key} mode")
    return (_number(value[0], key), "converted" if mode == "converted" else "buff")


def _damage(key: str, value: Any) -> tuple[tuple[float, DamageMode], ...]:
    if not isinstance(value, list | tuple) or not value or len(value) % 2:
        raise ValueError(f'{key} takes [percent, "add"|"mult"|"target"] (pairs may repeat), got {value!r}')
    entries: list[tuple[float, DamageMode]] = []
    for index in range(0, len(value), 2):
        percent = _number(value[index], key)
        if percent <= -100:
            raise ValueError(f"{key} {percent}% would reverse damage; it must be above -100%")
        mode = resolve(str(value[index + 1]), DAMAGE_MODES, f"{key} mode")
        entries.append((percent, "add" if mode == "add" else "mult" if mode == "mult" else "target"))
    return tuple(entries)


def _conversion(raw: Any, sources: tuple[str, ...], field: str) -> dict[str, dict[str, float]]:
    if not isinstance(raw, dict):
        raise ValueError(f"{field} takes {{destination: {{source: percent}}}}, got {raw!r}")
    result: dict[str, dict[str, float]] = {}
    for dest, by_source in raw.items():
        canonical_dest = resolve(str(dest), ATTRIBUTE_KEYS, f"{field} destination")
        if not isinstance(by_source, dict) or not by_source:
            raise ValueError(f"{field}.{canonical_dest} takes {{source: percent}}, got {by_source!r}")
        converted: dict[str, float] = {}
        for source, percent in by_source.items():
            canonical_source = resolve(str(source), sources, f"{field} source")
            converted[canonical_source] = _number(percent, f"{field}.{canonical_dest}.{canonical_source}")
        result[canonical_dest] = converted
    return result


class Modifier(BaseModel):
    """One effect on the character, e.g. {"name": "Scholar", "attributes": {"Power": [175, "converted"]}}."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "custom"
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    damage: dict[str, tuple[tuple[float, DamageMode], ...]] = Field(default_factory=dict)
    conversion: dict[str, dict[str, float]] = Field(default_factory=dict)
    conversion_after_buffs: dict[str, dict[str, float]] = Field(default_factory=dict)
    tweaks: tuple[str, ...] = ()

    @field_validator("attributes", mode="before")
    @classmethod
    def _check_attributes(cls, raw: Any) -> dict[str, AttributeValue]:
        if not isinstance(raw, dict):
            raise ValueError(f"attributes takes {{name: value}}, got {raw!r}")
        result: dict[str, AttributeValue] = {}
        for key, value in raw.items():
            canonical = resolve(str(key), ATTRIBUTE_KEYS, "attribute")
            result[canonical] = _attribute(canonical, value)
        return result

    @field_validator("damage", mode="before")
    @classmethod
    def _check_damage(cls, raw: Any) -> dict[str, tuple[tuple[float, DamageMode], ...]]:
        if not isinstance(raw, dict):
            raise ValueError(f"damage takes {{name: [percent, mode]}}, got {raw!r}")
        result: dict[str, tuple[tuple[float, DamageMode], ...]] = {}
        for key, value in raw.items():
            canonical = resolve(str(key), DAMAGE_KEYS, "damage key")
            result[canonical] = _damage(canonical, value)
        return result

    @field_validator("conversion", mode="before")
    @classmethod
    def _check_conversion(cls, raw: Any) -> dict[str, dict[str, float]]:
        return _conversion(raw, CONVERSION_SOURCES, "conversion")

    @field_validator("conversion_after_buffs", mode="before")
    @classmethod
    def _check_after_buffs(cls, raw: Any) -> dict[str, dict[str, float]]:
        return _conversion(raw, AFTER_BUFF_SOURCES, "conversion_after_buffs")

    @field_validator("tweaks", mode="before")
    @classmethod
    def _check_tweaks(cls, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list | tuple):
            raise ValueError(f"tweaks takes a list, got {raw!r}")
        return tuple(resolve(str(tweak), TWEAKS, "tweak") for tweak in raw)

    @field_serializer("damage")
    def _flat_damage(
        self, damage: dict[str, tuple[tuple[float, DamageMode], ...]]
    ) -> dict[str, list[float | str]]:
        """Damage entries in the input form, [percent, mode, percent, mode, ...]."""
        return {key: [part for entry in entries for part in entry] for key, entries in damage.items()}
