"""Gear slots and what one affix gives in one slot (gear-math §2.2)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from optimizer.gear.affixes import Affix
from optimizer.gear.attribute_keys import GEAR_STATS, SLOTS

WeaponType = Literal["dual", "two-handed"]
GameMode = Literal["pve", "wvw"]


@dataclass(frozen=True, slots=True)
class SlotValues:
    triple: tuple[int, int]
    quadruple: tuple[int, int]
    celestial: int
    celestial_jewel: int


@dataclass(frozen=True, slots=True)
class _SlotData:
    ascended: Mapping[str, SlotValues]
    exotic: Mapping[str, SlotValues]
    two_handed: tuple[SlotValues, SlotValues]
    trinkets: frozenset[str]
    trinkets_and_back: frozenset[str]
    jewel_stats: tuple[str, ...]
    wvw_exotic_celestial_stats: tuple[str, ...]


def _values(raw: Mapping[str, Any]) -> SlotValues:
    return SlotValues(
        triple=(int(raw["triple"][0]), int(raw["triple"][1])),
        quadruple=(int(raw["quadruple"][0]), int(raw["quadruple"][1])),
        celestial=int(raw["celestial"]),
        celestial_jewel=int(raw.get("celestial_jewel", 0)),
    )


@cache
def _slot_data() -> _SlotData:
    raw = json.loads(resources.files("optimizer").joinpath("data/slots.json").read_text(encoding="utf-8"))
    slots = raw["slots"]
    return _SlotData(
        ascended={slot: _values(slots[slot]["ascended"]) for slot in SLOTS},
        exotic={slot: _values(slots[slot]["exotic"]) for slot in SLOTS},
        two_handed=(
            _values(raw["two_handed_weapon"]["ascended"]),
            _values(raw["two_handed_weapon"]["exotic"]),
        ),
        trinkets=frozenset(raw["trinkets"]),
        trinkets_and_back=frozenset(raw["trinkets_and_back"]),
        jewel_stats=tuple(raw["celestial_jewel_stats"]),
        wvw_exotic_celestial_stats=tuple(raw["wvw_exotic_celestial_stats"]),
    )


def slots_for(weapon_type: WeaponType) -> tuple[str, ...]:
    """The 14 slots of a dual-wield set, or 13 with a two-handed weapon (no Weapon2)."""
    return SLOTS if weapon_type == "dual" else SLOTS[:-1]


def slot_values(slot: str, *, two_handed: bool, exotic: bool) -> SlotValues:
    data = _slot_data()
    if two_handed and slot == "Weapon1":
        return data.two_handed[1 if exotic else 0]
    return (data.exotic if exotic else data.ascended)[slot]


def available_in(affix: Affix, slot: str, *, exotic: bool) -> bool:
    """Whether the game has an item of this affix for the slot (Captain: trinkets and back only, ...)."""
    data = _slot_data()
    if affix.availability == "trinkets_and_back":
        return slot in data.trinkets_and_back
    if affix.availability == "mismatched_trinket":
        return slot in data.trinkets and not exotic
    return True


def availability_note(affix: Affix) -> str:
    if affix.availability == "trinkets_and_back":
        return f"{affix.name} exists only as amulet, rings, accessories and back"
    if affix.availability == "mismatched_trinket":
        return f"{affix.name} exists only as ascended amulet, rings and accessories"
    return f"{affix.name} exists in every slot"


def slot_stats(
    affix: Affix, slot: str, *, two_handed: bool, exotic: bool, game_mode: GameMode
) -> dict[str, int]:
    """Attribute points that `affix` gives in `slot`; call only where `available_in` holds."""
    values = slot_values(slot, two_handed=two_handed, exotic=exotic)
    stats = dict.fromkeys(GEAR_STATS, 0)
    if affix.kind == "celestial":
        data = _slot_data()
        covered = data.wvw_exotic_celestial_stats if exotic and game_mode == "wvw" else affix.minor
        for stat in covered:
            stats[stat] += values.celestial
        if exotic:
            for stat in data.jewel_stats:
                stats[stat] += values.celestial_jewel
        return stats
    major, minor = values.triple if affix.kind == "triple" else values.quadruple
    jewel_major, jewel_minor = affix.jewel_values
    for stat in affix.major:
        stats[stat] += major - jewel_major
    for stat in affix.minor:
        stats[stat] += minor - jewel_minor
    for stat in affix.jewel_major:
        stats[stat] += jewel_major
    for stat in affix.jewel_minor:
        stats[stat] += jewel_minor
    return stats
