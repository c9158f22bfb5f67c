"""A character's equipment tab, as the GW2 API serves it, in the optimizer's terms.

An equipment tab names items by id: a slot's prefix comes from the entry's `stats` (items with selectable
stats) or from the item's fixed `infix_upgrade`; runes, sigils and infusions are upgrade items, the relic
has a slot of its own. Legendary-armory items may come without `stats`; such a slot stays unknown unless the
character's equipment (`/v2/characters/:id/equipment`) lists the stats for that tab.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from optimizer.accounts.build_tabs import positive_id
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import (
    API_ATTRIBUTE_NAMES,
    INFUSION_POINTS,
    INFUSION_TYPES,
    MAX_INFUSIONS,
    SLOTS,
    find_item,
    resolve_affix_name,
)

__all__ = ["CharacterGear", "armory_stats", "gear_from_tab", "item_ids", "slots_without_stats"]

WeaponType = Literal["dual", "two-handed"]
Json = Mapping[str, Any]
# Rarities whose stats the optimizer's ascended numbers describe; anything else is counted as exotic.
ASCENDED_RARITIES = frozenset({"Ascended", "Legendary"})
_OF_PREFIX = re.compile(r"^.*?\bof\s+(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Layout:
    slots: Mapping[str, str]  # API slot -> optimizer slot
    rune_slots: tuple[str, ...]
    sigil_slots: tuple[str, ...]
    active_sigil_slots: tuple[str, ...]
    relic_slot: str
    two_handed: frozenset[str]


@cache
def _layout() -> _Layout:
    raw = json.loads(
        resources.files("optimizer").joinpath("data/account_gear.json").read_text(encoding="utf-8")
    )
    return _Layout(
        slots=dict(raw["slots"]),
        rune_slots=tuple(raw["rune_slots"]),
        sigil_slots=tuple(raw["sigil_slots"]),
        active_sigil_slots=tuple(raw["active_sigil_slots"]),
        relic_slot=str(raw["relic_slot"]),
        two_handed=frozenset(raw["two_handed"]),
    )


@dataclass(frozen=True, slots=True)
class CharacterGear:
    """An equipment tab in the optimizer's terms. Upgrade names are the optimizer's catalog names when it
    knows them (then they can be searched), otherwise the game's names."""

    slots: Mapping[str, str]  # optimizer slot -> affix name, for the slots whose prefix is known
    unknown_slots: Mapping[str, str]  # optimizer slot -> why its prefix is unknown
    weapon_type: WeaponType
    runes: str | None = None
    sigils: tuple[str, ...] = ()  # every weapon set, first set first
    active_sigils: tuple[str, ...] = ()  # the first weapon set's
    relic: str | None = None
    infusions: Mapping[str, int] = field(default_factory=dict)
    exotic_slots: tuple[str, ...] = ()  # slots whose item is below ascended (counted as exotic)
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.unknown_slots

    def searchable_extras(self) -> dict[str, list[str]]:
        """The runes, sigils and relic the optimizer's catalog knows, by scenario extras kind."""
        extras: dict[str, list[str]] = {}
        if self.runes and _catalog_name("runes", self.runes):
            extras["runes"] = [self.runes]
        sigils = [s for s in dict.fromkeys(self.active_sigils) if _catalog_name("sigils", s)]
        if sigils:
            extras["sigils"] = sigils
        if self.relic and _catalog_name("relics", self.relic):
            extras["relics"] = [self.relic]
        return extras


def item_ids(equipment: Iterable[Json]) -> set[int]:
    """Every item id an equipment tab refers to: equipped items, their upgrades and infusions."""
    ids: set[int] = set()
    for entry in equipment:
        ids.update(_ids([entry.get("id")]))
        ids.update(_ids(entry.get("upgrades") or ()))
        ids.update(_ids(entry.get("infusions") or ()))
    return ids


def slots_without_stats(equipment: Iterable[Json], items: Mapping[int, Json]) -> list[str]:
    """API slots whose stats neither the tab nor the item says (legendary-armory items)."""
    modelled = _layout().slots
    return [
        str(entry.get("slot"))
        for entry in equipment
        if entry.get("slot") in modelled and _stats_id(entry, items) is None
    ]


def armory_stats(character_equipment: Iterable[Json], tab: int) -> dict[str, int]:
    """Stats per API slot for one equipment tab from `/v2/characters/:id/equipment`, whose entries list
    the tabs they are in and, for legendary-armory items, the stats chosen there."""
    found: dict[str, int] = {}
    for entry in character_equipment:
        stats = entry.get("stats")
        tabs = entry.get("tabs") or ()
        if isinstance(stats, Mapping) and positive_id(stats.get("id")) and tab in tabs:
            found[str(entry.get("slot"))] = int(stats["id"])
    return found


def gear_from_tab(
    equipment: Sequence[Json],
    items: Mapping[int, Json],
    gamedata: GameData,
    *,
    fallback_stats: Mapping[str, int] | None = None,
) -> CharacterGear:
    """The gear of an equipment tab's `equipment` list; `items` are the /v2/items objects it refers to and
    `fallback_stats` stats per API slot from `armory_stats` for items the tab lists without them."""
    layout = _layout()
    by_slot = {str(entry.get("slot")): entry for entry in equipment}
    notes: list[str] = []
    weapon_type = _weapon_type(by_slot.get("WeaponA1"), items)
    wanted = [slot for slot in SLOTS if not (weapon_type == "two-handed" and slot == "Weapon2")]
    slots: dict[str, str] = {}
    unknown: dict[str, str] = {}
    exotic: list[str] = []
    for api_slot, slot in layout.slots.items():
        if slot not in wanted:
            continue
        entry = by_slot.get(api_slot)
        if entry is None:
            unknown[slot] = "nothing equipped"
            continue
        rarity = (items.get(int(entry.get("id") or 0)) or {}).get("rarity")
        if rarity is not None and rarity not in ASCENDED_RARITIES:
            exotic.append(slot)
            if rarity != "Exotic":
                notes.append(f"{slot} is {rarity}; it is counted as exotic.")
        affix, reason = _prefix(entry, items, gamedata, (fallback_stats or {}).get(api_slot))
        if affix is not None:
            slots[slot] = affix
        else:
            unknown[slot] = reason
    runes = _upgrades(by_slot, layout.rune_slots, items, "Rune")
    rune_counts = Counter(runes)
    if len(rune_counts) > 1:
        mixed = ", ".join(f"{count} {name}" for name, count in rune_counts.most_common())
        notes.append(f"Mixed runes ({mixed}); the most common one is kept.")
    relic_entry = by_slot.get(layout.relic_slot)
    relic_item = items.get(int(relic_entry.get("id") or 0)) if relic_entry else None
    relic = _catalog_or_game_name("relics", _of_name(relic_item)) if relic_item else None
    sigils = tuple(_upgrades(by_slot, layout.sigil_slots, items, "Sigil"))[:4]
    rune = rune_counts.most_common(1)[0][0] if rune_counts else None
    infusions = _infusions(by_slot, items, notes)
    for kind, names in (("runes", [rune]), ("sigils", sigils), ("relics", [relic])):
        for name in dict.fromkeys(n for n in names if n):
            if _catalog_name(kind, name) is None:
                notes.append(f"{name} ({kind[:-1]}) is not in the optimizer's catalog; it is kept as a name.")
    return CharacterGear(
        slots={slot: slots[slot] for slot in SLOTS if slot in slots},
        unknown_slots={slot: unknown[slot] for slot in SLOTS if slot in unknown},
        weapon_type=weapon_type,
        runes=rune,
        sigils=sigils,
        active_sigils=tuple(_upgrades(by_slot, layout.active_sigil_slots, items, "Sigil")),
        relic=relic,
        infusions=infusions,
        exotic_slots=tuple(slot for slot in SLOTS if slot in exotic),
        notes=tuple(notes),
    )


def _ids(values: Iterable[Any]) -> list[int]:
    return [v for v in values if positive_id(v)]


def _details(item: Json | None) -> Json:
    details = (item or {}).get("details")
    return details if isinstance(details, Mapping) else {}


def _stats_id(entry: Json, items: Mapping[int, Json]) -> int | None:
    stats = entry.get("stats")
    if isinstance(stats, Mapping) and positive_id(stats.get("id")):
        return int(stats["id"])
    infix = _details(items.get(int(entry.get("id") or 0))).get("infix_upgrade")
    if isinstance(infix, Mapping) and positive_id(infix.get("id")):
        return int(infix["id"])
    return None


def _prefix(
    entry: Json, items: Mapping[int, Json], gamedata: GameData, fallback: int | None
) -> tuple[str | None, str]:
    item = items.get(int(entry.get("id") or 0))
    stats_id = _stats_id(entry, items) or fallback
    if stats_id is None:
        if item is None:
            return None, f"item {entry.get('id')} is unknown to the GW2 API"
        if item.get("rarity") == "Legendary" or _details(item).get("stat_choices"):
            return None, f"{item.get('name', 'the item')}: the GW2 API does not report its chosen stats"
        return None, f"{item.get('name', 'the item')} has no stats"
    stat = gamedata.itemstats.get(stats_id)
    if stat is None or not stat.name:
        return None, f"stats {stats_id} are unknown to the game data"
    try:
        return resolve_affix_name(stat.name), ""
    except ScenarioError:
        return None, f"{stat.name} is not a prefix the optimizer knows"


def _weapon_type(entry: Json | None, items: Mapping[int, Json]) -> WeaponType:
    if entry is None:
        return "dual"
    kind = _details(items.get(int(entry.get("id") or 0))).get("type")
    return "two-handed" if kind in _layout().two_handed else "dual"


def _of_name(item: Json) -> str:
    """ "Superior Rune of the Scholar" / suffix "of the Scholar" / "Relic of Fireworks" -> the short name."""
    text = str(_details(item).get("suffix") or item.get("name") or "")
    return _OF_PREFIX.sub("", text).strip() or str(item.get("name") or "")


def _catalog_name(kind: str, name: str) -> str | None:
    try:
        return find_item(kind, name).name
    except ScenarioError:
        return None


def _catalog_or_game_name(kind: str, name: str) -> str:
    return _catalog_name(kind, name) or name


def _upgrades(
    by_slot: Mapping[str, Json], api_slots: Sequence[str], items: Mapping[int, Json], kind: str
) -> list[str]:
    names = []
    catalog_kind = {"Rune": "runes", "Sigil": "sigils"}[kind]
    for api_slot in api_slots:
        entry = by_slot.get(api_slot)
        for upgrade_id in _ids((entry or {}).get("upgrades") or ()):
            item = items.get(upgrade_id)
            if item is not None and _details(item).get("type") == kind:
                names.append(_catalog_or_game_name(catalog_kind, _of_name(item)))
    return names


def _infusions(by_slot: Mapping[str, Json], items: Mapping[int, Json], notes: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for api_slot in _layout().slots:
        for infusion_id in _ids((by_slot.get(api_slot) or {}).get("infusions") or ()):
            infix = _details(items.get(infusion_id)).get("infix_upgrade")
            attributes = infix.get("attributes", []) if isinstance(infix, Mapping) else []
            for attribute in attributes:
                stat = API_ATTRIBUTE_NAMES.get(str(attribute.get("attribute")))
                points = attribute.get("modifier")
                if stat in INFUSION_TYPES and isinstance(points, int) and points % INFUSION_POINTS == 0:
                    counts[stat] += points // INFUSION_POINTS
    if sum(counts.values()) > MAX_INFUSIONS:
        notes.append(f"More than {MAX_INFUSIONS} stat infusions; only {MAX_INFUSIONS} are counted.")
        kept: dict[str, int] = {}
        room = MAX_INFUSIONS
        for stat, count in counts.most_common():
            kept[stat] = min(count, room)
            room -= kept[stat]
        return {stat: count for stat, count in kept.items() if count}
    return {stat: counts[stat] for stat in INFUSION_TYPES if counts[stat]}
