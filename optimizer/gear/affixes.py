"""Affixes (stat prefixes) derived from /v2/itemstats: which attributes are major, minor or jewel stats.

The list of affixes and their slot restrictions is ours (`data/affixes.json`, gear-math §3); which attribute
each one raises comes from the game data, so a game update that changes an itemstat changes the results.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from optimizer.errors import ScenarioError
from optimizer.gear.attribute_keys import API_ATTRIBUTE_NAMES, GEAR_STATS
from optimizer.lookup import resolve

AffixKind = Literal["triple", "quadruple", "celestial"]
Availability = Literal["all", "trinkets_and_back", "mismatched_trinket"]


@dataclass(frozen=True, slots=True)
class Affix:
    name: str
    kind: AffixKind
    major: tuple[str, ...]
    minor: tuple[str, ...]
    category: str
    availability: Availability = "all"
    # Mismatched trinkets: a second affix sits in the jewel slot with its own major/minor values.
    jewel_major: tuple[str, ...] = ()
    jewel_minor: tuple[str, ...] = ()
    jewel_values: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class AffixTable:
    affixes: tuple[Affix, ...]

    def __iter__(self) -> Iterator[Affix]:
        return iter(self.affixes)

    def __len__(self) -> int:
        return len(self.affixes)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(affix.name for affix in self.affixes)

    def get(self, name: str) -> Affix:
        """The affix called `name` (case-insensitive, "'s" optional), or a ScenarioError listing them."""
        canonical = resolve(name, self.names, "affix")
        return next(affix for affix in self.affixes if affix.name == canonical)


@dataclass(frozen=True, slots=True)
class _Spread:
    kind: AffixKind
    major: tuple[str, ...]
    minor: tuple[str, ...]


def _stat(api_name: str) -> str | None:
    return API_ATTRIBUTE_NAMES.get(api_name)


def _spread(weights: Mapping[str, float]) -> _Spread | None:
    """Classify attribute weights (multipliers or jewel values) as a 3-stat, 4-stat or celestial spread."""
    positive = {stat: w for stat, w in weights.items() if w > 0}
    if not positive:
        return None
    top = max(positive.values())
    major = tuple(stat for stat in GEAR_STATS if positive.get(stat) == top)
    minor = tuple(stat for stat in GEAR_STATS if stat in positive and positive[stat] != top)
    if len(major) == len(GEAR_STATS):
        return _Spread("celestial", (), major)
    if len(major) == 1 and len(minor) == 2:
        return _Spread("triple", major, minor)
    if len(major) == 2 and len(minor) == 2:
        return _Spread("quadruple", major, minor)
    return None


def _weights(entry: Mapping[str, Any], field: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for attribute in entry.get("attributes", []):
        stat = _stat(str(attribute.get("attribute", "")))
        if stat is not None:
            weights[stat] = float(attribute.get(field, 0) or 0)
    return weights


def _regular(name: str, info: Mapping[str, Any], entries: list[Mapping[str, Any]]) -> Affix | None:
    spreads = [spread for entry in entries if (spread := _spread(_weights(entry, "multiplier")))]
    if not spreads:
        return None
    # Several ids share a name (weapon-only or jewel variants); the spread most of them agree on wins.
    spread = Counter(spreads).most_common(1)[0][0]
    return Affix(
        name=name,
        kind=spread.kind,
        major=spread.major,
        minor=spread.minor,
        category=str(info["category"]),
        availability=info.get("availability", "all"),
    )


def _mismatched(name: str, info: Mapping[str, Any], entries: list[Mapping[str, Any]]) -> Affix | None:
    for entry in entries:
        base = _spread(_weights(entry, "multiplier"))
        values = _weights(entry, "value")
        jewel = _spread(values)
        if base is None or jewel is None or base.kind != "triple" or jewel.kind != "triple":
            continue
        jewel_minor_value = int(values[jewel.minor[0]])
        return Affix(
            name=name,
            kind="triple",
            major=base.major,
            minor=base.minor,
            category=str(info["category"]),
            availability="mismatched_trinket",
            jewel_major=jewel.major,
            jewel_minor=jewel.minor,
            jewel_values=(int(values[jewel.major[0]]), jewel_minor_value),
        )
    return None


@cache
def _affix_list() -> tuple[Mapping[str, Any], ...]:
    text = resources.files("optimizer").joinpath("data/affixes.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["affixes"])


def affix_names() -> tuple[str, ...]:
    """Every affix name the engine knows (gear-math §3), whatever the game-data snapshot."""
    return tuple(str(info["name"]) for info in _affix_list())


def resolve_affix_name(name: str) -> str:
    return resolve(name, affix_names(), "affix")


def affix_table_from_itemstats(itemstats: Iterable[Mapping[str, Any]]) -> AffixTable:
    """The affix table of /v2/itemstats records: {id, name, attributes: [{attribute, multiplier, value}]}.

    Affixes missing from the records (or with attributes that fit no known spread) are left out.
    """
    by_name: dict[str, list[Mapping[str, Any]]] = {}
    for entry in sorted(itemstats, key=lambda e: int(e.get("id", 0))):
        by_name.setdefault(str(entry.get("name", "")), []).append(entry)
    affixes: list[Affix] = []
    for info in _affix_list():
        entries = by_name.get(str(info["itemstats_name"]), [])
        build = _mismatched if info.get("availability") == "mismatched_trinket" else _regular
        affix = build(str(info["name"]), info, entries)
        if affix is not None:
            affixes.append(affix)
    return AffixTable(tuple(affixes))


@cache
def default_affix_table() -> AffixTable:
    """The affix table of the bundled game data (build 191645)."""
    text = resources.files("optimizer").joinpath("data/gw2/itemstats.json").read_text(encoding="utf-8")
    table = affix_table_from_itemstats(json.loads(text))
    if len(table) != len(_affix_list()):
        missing = sorted(set(affix_names()) - set(table.names))
        raise ScenarioError(f"the bundled itemstats lack affixes: {', '.join(missing)}")
    return table
