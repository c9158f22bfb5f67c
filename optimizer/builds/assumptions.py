"""The modifiers a build gets from its traits, skills, mechanics, legends and pets, with what was assumed.

Each matching data entry becomes one scenario modifier scaled by its uptime or amount (the default unless the
caller changed it), and one `Assumption` that says so, so every answer can show and let members change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from optimizer.builds.build_traits import BuildContents
from optimizer.builds.modifier_data import Amount, ModifierEntry, Uptime, entries_for
from optimizer.builds.pets import merged_pet
from optimizer.errors import ScenarioError
from optimizer.gear import DISTRIBUTION_KEYS, Modifier
from optimizer.lookup import normalize, resolve

Override = float | bool


@dataclass(frozen=True, slots=True)
class Assumption:
    """One modifier of the build and how it was applied.

    `value` is the uptime (0-1) or the amount used; None for effects that always apply.
    """

    name: str
    kind: str
    id: int | str
    origin: str
    applies: str
    value: float | None
    default: float | None
    unit: str | None
    why: str
    enabled: bool
    changed: bool
    source: str

    @property
    def conditional(self) -> bool:
        return self.applies != "always"

    def describe(self) -> str:
        if not self.enabled:
            return f"{self.name}: off"
        if self.applies == "uptime" and self.value is not None:
            return f"{self.name}: {self.value * 100:g} % uptime"
        if self.applies == "amount" and self.value is not None:
            return f"{self.name}: {self.value:g} {self.unit or ''}".rstrip()
        return self.name

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.origin,
            "kind": self.kind,
            "id": self.id,
            "uptime": self.value if self.applies == "uptime" else (1.0 if self.enabled else 0.0),
            "amount": self.value if self.applies == "amount" else None,
            "unit": self.unit,
            "default": self.default,
            "why": self.why,
            "enabled": self.enabled,
            "cited": self.source,
        }


def _scale_number(value: float, factor: float) -> float:
    return round(value * factor, 10)


def scaled(modifier: Modifier, factor: float, name: str) -> Modifier:
    """`modifier` with every number multiplied by `factor` (uptime or amount ÷ per)."""
    if factor == 1:
        return modifier.model_copy(update={"name": name})
    attributes: dict[str, Any] = {}
    for key, value in modifier.attributes.items():
        attributes[key] = (
            (_scale_number(value[0], factor), value[1])
            if isinstance(value, tuple)
            else _scale_number(value, factor)
        )
    damage = {
        key: tuple((_scale_number(percent, factor), mode) for percent, mode in entries)
        for key, entries in modifier.damage.items()
    }

    def conversions(table: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
        return {d: {s: _scale_number(p, factor) for s, p in by.items()} for d, by in table.items()}

    return modifier.model_copy(
        update={
            "name": name,
            "attributes": attributes,
            "damage": damage,
            "conversion": conversions(modifier.conversion),
            "conversion_after_buffs": conversions(modifier.conversion_after_buffs),
        }
    )


def _origins(contents: BuildContents) -> dict[tuple[str, int | str], str]:
    origins: dict[tuple[str, int | str], str] = {}
    for trait in contents.traits:
        origins[("trait", trait.id)] = f"{trait.line} {trait.tier} trait"
    for skill in contents.skills:
        if skill.id is not None:
            origins[("skill", skill.id)] = f"{skill.slot} skill"
    for line in contents.lines:
        origins[("specialization", line.id)] = f"{line.name} mechanic"
    for code in contents.legends:
        origins[("legend", code)] = "legend"
    for pet in contents.pets:
        origins[("pet", pet)] = "pet"
    merged = merged_pet(contents)
    if merged is not None:
        origins[("pet", merged.pet.archetype)] = merged.origin
    return origins


def matching_entries(
    contents: BuildContents, entries: Sequence[ModifierEntry] | None = None
) -> list[tuple[ModifierEntry, str]]:
    """The data entries (the profession's bundled ones by default) this build has, with their origin."""
    origins = _origins(contents)
    found = []
    traits = contents.trait_ids
    for entry in entries_for(contents.profession) if entries is None else entries:
        origin = origins.get((entry.kind, entry.id))
        if entry.requires_trait is not None and entry.requires_trait not in traits:
            continue
        if entry.unless_trait is not None and entry.unless_trait in traits:
            continue
        if origin is not None:
            found.append((entry, origin))
    return found


def _resolve_overrides(
    entries: Iterable[ModifierEntry], overrides: Mapping[str, Override]
) -> dict[str, Override]:
    by_name = {entry.name: entry for entry in entries}
    resolved: dict[str, Override] = {}
    for raw_name, value in overrides.items():
        if not by_name:
            raise ScenarioError(
                f"{raw_name}: this build has no traits or skills whose effects can be changed"
            )
        name = resolve(raw_name, by_name, "trait or skill effect of this build")
        resolved[name] = value
    return resolved


def _value_for(entry: ModifierEntry, override: Override | None) -> tuple[bool, float | None]:
    """(enabled, uptime or amount) for an entry and a member's override of it."""
    applies = entry.applies
    default = applies.default if isinstance(applies, Uptime | Amount) else None
    if override is None:
        return entry.enabled, default
    if isinstance(override, bool):
        return override, default
    if isinstance(applies, Uptime):
        if not 0 <= override <= 1:
            raise ScenarioError(f"{entry.name}: an uptime is a fraction from 0 to 1, got {override:g}")
        return override > 0, float(override)
    if isinstance(applies, Amount):
        top = applies.max
        if override < 0 or (top is not None and override > top):
            limit = f"0 to {top:g}" if top is not None else "0 or more"
            raise ScenarioError(
                f"{entry.name}: the amount ({applies.unit}) must be {limit}, got {override:g}"
            )
        return override > 0, float(override)
    raise ScenarioError(f"{entry.name} always applies on this build; it can only be turned off (false)")


def _source_text(entry: ModifierEntry) -> str:
    if entry.source.facts:
        return "GW2 API trait facts"
    return f"wiki: {entry.source.wiki}"


def build_modifiers(
    contents: BuildContents,
    overrides: Mapping[str, Override] | None = None,
    *,
    wvw: bool = False,
    entries: Sequence[ModifierEntry] | None = None,
) -> tuple[tuple[Modifier, ...], tuple[Assumption, ...]]:
    """The scenario modifiers of a build and the assumptions behind them, in data order."""
    matched = matching_entries(contents, entries)
    chosen = _resolve_overrides((entry for entry, _ in matched), overrides or {})
    modifiers: list[Modifier] = []
    assumptions: list[Assumption] = []
    for entry, origin in matched:
        enabled, value = _value_for(entry, chosen.get(entry.name))
        applies = entry.applies
        default = applies.default if isinstance(applies, Uptime | Amount) else None
        factor = 1.0
        label = entry.name
        if isinstance(applies, Uptime) and value is not None:
            factor = value
            label = f"{entry.name} ({value * 100:g} % uptime)" if value < 1 else entry.name
        elif isinstance(applies, Amount) and value is not None:
            factor = value / applies.per
            label = f"{entry.name} ({value:g} {applies.unit})"
        effects = entry.wvw_effects if wvw and entry.wvw_effects is not None else entry.effects
        if enabled and factor > 0:
            modifiers.append(scaled(effects, factor, label))
        assumptions.append(
            Assumption(
                name=entry.name,
                kind=entry.kind,
                id=entry.id,
                origin=origin,
                applies=applies.type,
                value=value,
                default=default,
                unit=applies.unit if isinstance(applies, Amount) else None,
                why=applies.why if isinstance(applies, Uptime | Amount) else "",
                enabled=enabled,
                changed=entry.name in chosen,
                source=_source_text(entry),
            )
        )
    return tuple(modifiers), tuple(assumptions)


def parse_overrides(text: str) -> dict[str, Override]:
    """`Twice as Vicious=0.5, Righteous Instincts=off, Persisting Flames=3` into overrides."""
    result: dict[str, Override] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        if not sep or not name.strip():
            raise ScenarioError(
                f"{part!r}: write name=value, e.g. Twice as Vicious=0.5 or Righteous Instincts=off"
            )
        value = normalize(raw)
        if value in ("off", "false", "no"):
            result[name.strip()] = False
        elif value in ("on", "true", "yes"):
            result[name.strip()] = True
        else:
            try:
                number = float(raw.strip().removesuffix("%"))
            except ValueError:
                raise ScenarioError(
                    f"{part!r}: the value is on, off, an uptime (0.5 or 50%) or an amount"
                ) from None
            result[name.strip()] = number / 100 if raw.strip().endswith("%") else number
    return result


def parse_distribution(text: str) -> dict[str, float]:
    """`Power=3397, Bleeding=7.98` into a distribution (skill coefficients per second, see docs)."""
    result: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        key = resolve(name.strip(), DISTRIBUTION_KEYS, "distribution key") if sep else None
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if key is None or not value >= 0 or value == float("inf"):
            keys = ", ".join(DISTRIBUTION_KEYS)
            raise ScenarioError(f"{part!r}: write key=number (keys {keys}), e.g. Power=3397,Bleeding=7.98")
        result[key] = value
    if not result:
        raise ScenarioError("the distribution is empty; e.g. Power=3397,Bleeding=7.98")
    return result
