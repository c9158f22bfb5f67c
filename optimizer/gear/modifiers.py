"""A Modifier: attribute points, percentages, damage multipliers and conversions from one source.

Written by players inline in a scenario or read from the bundled data; both go through this one model.
Percentages are numbers in percent (15 means 15%).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Final, Literal, TypeVar

from pydantic import Field, field_serializer, field_validator

from optimizer.gear.attribute_keys import (
    AFTER_BUFF_SOURCES,
    ATTRIBUTE_KEYS,
    COEFFICIENT_KEYS,
    CONVERSION_SOURCES,
    DAMAGE_KEYS,
    DAMAGE_MODES,
    POINT_KEYS,
    TWEAKS,
)
from optimizer.gear.strict_model import Problems, StrictModel, names, number
from optimizer.json_input import shown
from optimizer.lookup import resolve

PointMode = Literal["converted", "buff"]
DamageMode = Literal["add", "mult", "target"]
AttributeValue = float | tuple[float, PointMode]
T = TypeVar("T")
# Limits far beyond any real effect, so a typo cannot carry the damage formulas past what floats hold.
MAX_POINTS: Final = 100_000.0
MAX_PERCENT: Final = 10_000.0
MAX_COEFFICIENT: Final = 1_000_000.0


def _attribute(key: str, value: Any) -> AttributeValue:
    if key in COEFFICIENT_KEYS:
        return number(value, key, -MAX_COEFFICIENT, MAX_COEFFICIENT)
    if key not in POINT_KEYS:
        return number(value, f"{key} (percent)", -MAX_PERCENT, MAX_PERCENT)
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f'{key} takes [points, "converted"|"buff"], not {shown(value)}')
    mode = resolve(_text(value[1], f"{key} mode"), ("converted", "buff"), f"{key} mode")
    points = number(value[0], f"{key} points", -MAX_POINTS, MAX_POINTS)
    return (points, "converted" if mode == "converted" else "buff")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} must be text, not {shown(value)}")
    return value


def _damage(key: str, value: Any) -> tuple[tuple[float, DamageMode], ...]:
    if not isinstance(value, list | tuple) or not value or len(value) % 2:
        raise ValueError(
            f'{key} takes [percent, "add"|"mult"|"target"] (pairs may repeat), not {shown(value)}'
        )
    entries: list[tuple[float, DamageMode]] = []
    for index in range(0, len(value), 2):
        percent = number(value[index], f"{key} percent", -100, MAX_PERCENT, low_open=True)
        mode = resolve(_text(value[index + 1], f"{key} mode"), DAMAGE_MODES, f"{key} mode")
        entries.append((percent, "add" if mode == "add" else "mult" if mode == "mult" else "target"))
    return tuple(entries)


def _converted(source: Any, percent: Any, sources: tuple[str, ...], field: str) -> tuple[str, float]:
    name = resolve(str(source), sources, f"{field} source")
    return name, number(percent, f"{name} percent", -MAX_PERCENT, MAX_PERCENT)


def _keyed(
    key: Any, value: Any, keys: Iterable[str], label: str, convert: Callable[[str, Any], T]
) -> tuple[str, T]:
    canonical = resolve(str(key), keys, label)
    return canonical, convert(canonical, value)


def _conversion(raw: Any, sources: tuple[str, ...], field: str) -> dict[str, dict[str, float]]:
    if not isinstance(raw, dict):
        raise ValueError(f"{field} takes {{destination: {{source: percent}}}}, not {shown(raw)}")
    problems = Problems()
    result: dict[str, dict[str, float]] = {}
    for dest, by_source in raw.items():
        canonical_dest = problems.check(
            (dest,), dest, resolve, str(dest), ATTRIBUTE_KEYS, f"{field} destination"
        )
        if canonical_dest is None:
            continue
        if not isinstance(by_source, dict) or not by_source:
            problems.add((dest,), f"takes {{source: percent}}, not {shown(by_source)}", by_source)
            continue
        converted: dict[str, float] = {}
        for source, percent in by_source.items():
            entry = problems.check((dest, source), percent, _converted, source, percent, sources, field)
            if entry is not None:
                converted[entry[0]] = entry[1]
        result[canonical_dest] = converted
    problems.raise_any(field)
    return result


def _by_key(
    raw: Any, field: str, label: str, keys: Iterable[str], convert: Callable[[str, Any], T]
) -> dict[str, T]:
    """{key: value} with every key resolved and every value converted; all problems reported together."""
    if not isinstance(raw, dict):
        raise ValueError(f"{field} takes {{name: value}}, not {shown(raw)}")
    problems = Problems()
    result: dict[str, T] = {}
    for key, value in raw.items():
        entry = problems.check((str(key),), value, _keyed, key, value, keys, label, convert)
        if entry is not None:
            result[entry[0]] = entry[1]
    problems.raise_any(field)
    return result


class Modifier(StrictModel):
    """One effect on the character, e.g. {"name": "Scholar", "attributes": {"Power": [175, "converted"]}}."""

    what: ClassVar[str] = "modifier"

    name: str = Field(default="custom", max_length=100, description="What the effect is called in results.")
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict,
        description='Attribute points as [points, "converted"|"buff"] ("converted": counted before '
        'conversions such as sharpening stones read attributes, like food and runes; "buff": added after '
        "them, like might); percentages (Critical Chance, Boon Duration, ...) as a number in percent; "
        "coefficients (Power Coefficient, Bleeding Coefficient, ...) as a number added to the distribution.",
    )
    damage: dict[str, tuple[tuple[float, DamageMode], ...]] = Field(
        default_factory=dict,
        description='Damage multipliers as [percent, "add"|"mult"|"target", ...]: "mult" multiplies, "add" '
        'adds with the other "add" effects of the same key, "target" with other effects on the target '
        "(vulnerability, exposed). Percent above -100.",
        json_schema_extra={
            "additionalProperties": {
                "type": "array",
                "minItems": 2,
                "items": {"type": ["number", "string"]},
            }
        },
    )
    conversion: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="{destination: {source: percent}}: gain percent of the source attribute, e.g. "
        '{"Power": {"Precision": 3}} for 3% of Precision as Power; read from gear and "converted" points.',
    )
    conversion_after_buffs: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="Like conversion, but read from the final attributes (buffs included); critical "
        "chance sources count as 0-100%.",
    )
    tweaks: tuple[str, ...] = Field(
        default=(),
        description='Special rules: "Inferno Burning" (burning scales with Power), "Sharpshooter '
        'Bleeding" (bleeding scales with Power).',
    )

    @field_validator("attributes", mode="before")
    @classmethod
    def _check_attributes(cls, raw: Any) -> dict[str, AttributeValue]:
        return _by_key(raw, "attributes", "attribute", ATTRIBUTE_KEYS, _attribute)

    @field_validator("damage", mode="before")
    @classmethod
    def _check_damage(cls, raw: Any) -> dict[str, tuple[tuple[float, DamageMode], ...]]:
        return _by_key(raw, "damage", "damage key", DAMAGE_KEYS, _damage)

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
    def _check_tweaks(cls, raw: Any) -> Any:
        if not isinstance(raw, list | tuple):
            raise ValueError(f"tweaks takes a list, not {shown(raw)}")
        return names(raw, "a tweak name", lambda tweak: resolve(tweak, TWEAKS, "tweak"))

    @field_serializer("damage")
    def _flat_damage(
        self, damage: dict[str, tuple[tuple[float, DamageMode], ...]]
    ) -> dict[str, list[float | str]]:
        """Damage entries in the input form, [percent, mode, percent, mode, ...]."""
        return {key: [part for entry in entries for part in entry] for key, entries in damage.items()}
