"""A character's build and equipment tab, as the GW2 API serves them, in the forms this project keeps.

A build tab names skills by skill id and traits by trait id; the chat link wants skill palette ids
(`GameData.skill_to_palette`) and a 1-3 choice per tier (`GameData.trait_position`). An equipment tab names
items by id: a slot's prefix comes from the entry's `stats` (items with selectable stats) or from the item's
fixed `infix_upgrade`; runes, sigils and infusions are upgrade items, the relic has a slot of its own.
Legendary-armory items may come without `stats`; such a slot stays unknown unless the character's
equipment (`/v2/characters/:id/equipment`) lists the stats for that tab.
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

from optimizer.affixes import resolve_affix_name
from optimizer.attribute_keys import (
    API_ATTRIBUTE_NAMES,
    INFUSION_POINTS,
    INFUSION_TYPES,
    MAX_INFUSIONS,
    SLOTS,
)
from optimizer.catalog import find_item
from optimizer.chatlink import BuildTemplate, RangerPets, RevenantLegends, SkillBar, TraitLine, encode
from optimizer.chatlink_build import RANGER, REVENANT, TIERS
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData

__all__ = [
    "AccountImportError",
    "CharacterGear",
    "ImportedBuild",
    "armory_stats",
    "build_from_tab",
    "gear_from_tab",
    "item_ids",
    "slots_without_stats",
]

WeaponType = Literal["dual", "two-handed"]
Json = Mapping[str, Any]
_OF_PREFIX = re.compile(r"^.*?\bof\s+(?:the\s+)?", re.IGNORECASE)


class AccountImportError(ValueError):
    """A tab that cannot be turned into a build; the message is written for the member."""


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
        resources.files("optimizer").joinpath("data/account_import.json").read_text(encoding="utf-8")
    )
    return _Layout(
        slots=dict(raw["slots"]),
        rune_slots=tuple(raw["rune_slots"]),
        sigil_slots=tuple(raw["sigil_slots"]),
        active_sigil_slots=tuple(raw["active_sigil_slots"]),
        relic_slot=str(raw["relic_slot"]),
        two_handed=frozenset(raw["two_handed"]),
    )


# -- build tabs --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportedBuild:
    template: BuildTemplate
    chat_code: str
    profession: str
    specialization: str  # the elite specialization's name, or the profession for a core build
    notes: tuple[str, ...] = ()


def build_from_tab(build: Json, gamedata: GameData) -> ImportedBuild:
    """The chat code of a build tab's `build` object; what could not be carried over is in `notes`."""
    name = str(build.get("profession") or "")
    profession = gamedata.profession(name) if name else None
    if profession is None or profession.code is None:
        raise AccountImportError(
            f"The build tab's profession {name or '(none)'} is unknown to the game data."
        )
    if not profession.skills_by_palette and any(
        _any_skill(build.get(bar) or {}) for bar in ("skills", "aquatic_skills")
    ):
        raise AccountImportError(
            "The game data in use has no skill palette table yet (it comes from the GW2 API); "
            "try again once the bot has fetched the game data."
        )
    notes: list[str] = []
    lines = [_trait_line(entry, gamedata, notes) for entry in _entries(build.get("specializations"), 3)]
    legend_ids = [_text(x) for x in _entries(build.get("legends"), 2)]
    aquatic_legend_ids = [_text(x) for x in _entries(build.get("aquatic_legends"), 2)]
    skills = build.get("skills") or {}
    aquatic_skills = build.get("aquatic_skills") or {}
    if profession.code == REVENANT:
        # The API may leave a revenant's bar empty: its skills are those of the first legend.
        skills = skills if _any_skill(skills) else _legend_bar(legend_ids[0], gamedata)
        aquatic_skills = (
            aquatic_skills if _any_skill(aquatic_skills) else _legend_bar(aquatic_legend_ids[0], gamedata)
        )
    template = BuildTemplate(
        profession=profession.code,
        specializations=(lines[0], lines[1], lines[2]),
        terrestrial=_skill_bar(skills, profession.id, gamedata, notes, ""),
        aquatic=_skill_bar(aquatic_skills, profession.id, gamedata, notes, "underwater "),
        pets=_pets(build.get("pets"), notes) if profession.code == RANGER else None,
        legends=(
            _legends(legend_ids, aquatic_legend_ids, profession.id, gamedata, notes)
            if profession.code == REVENANT
            else None
        ),
    )
    elite = gamedata.elite_specialization(template.specialization_ids)
    return ImportedBuild(
        template=template,
        chat_code=encode(template),
        profession=profession.id,
        specialization=elite.name if elite is not None else profession.id,
        notes=tuple(notes),
    )


def _entries(value: Any, count: int) -> list[Any]:
    items = list(value) if isinstance(value, list | tuple) else []
    return (items + [None] * count)[:count]


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _any_skill(skills: Json) -> bool:
    return bool(skills.get("heal") or skills.get("elite") or any(_entries(skills.get("utilities"), 3)))


def _trait_line(entry: Any, gamedata: GameData, notes: list[str]) -> TraitLine:
    if not isinstance(entry, Mapping) or not _number(entry.get("id")):
        return TraitLine(0)
    spec_id = _number(entry.get("id"))
    spec = gamedata.specializations.get(spec_id)
    if spec is None:
        notes.append(f"Specialization {spec_id} is unknown to the game data; its traits were left out.")
        return TraitLine(spec_id)
    choices = [0, 0, 0]
    for tier, trait_id in enumerate(_entries(entry.get("traits"), 3), start=1):
        if not _number(trait_id):
            continue
        position = gamedata.trait_position(trait_id)
        if position is None or position[:2] != (spec_id, tier):
            tier_name = TIERS[tier - 1]
            notes.append(f"Trait {trait_id} is not one of {spec.name}'s {tier_name} traits; left empty.")
            continue
        choices[tier - 1] = position[2]
    return TraitLine(spec_id, (choices[0], choices[1], choices[2]))


def _skill_bar(skills: Json, profession: str, gamedata: GameData, notes: list[str], where: str) -> SkillBar:
    def palette(skill_id: Any, slot: str) -> int:
        if not _number(skill_id):
            return 0
        found = gamedata.skill_to_palette(profession, skill_id)
        if found is None:
            skill = gamedata.skills.get(skill_id)
            label = f"{skill.name} ({skill_id})" if skill is not None and skill.name else f"skill {skill_id}"
            notes.append(f"The {where}{slot} {label} has no palette id in the game data; left empty.")
            return 0
        return found

    utilities = [palette(s, "utility skill") for s in _entries(skills.get("utilities"), 3)]
    return SkillBar(
        palette(skills.get("heal"), "heal skill"),
        (utilities[0], utilities[1], utilities[2]),
        palette(skills.get("elite"), "elite skill"),
    )


def _legend_bar(legend_id: str | None, gamedata: GameData) -> Json:
    legend = gamedata.legends.get(legend_id) if legend_id else None
    if legend is None:
        return {}
    return {"heal": legend.heal, "utilities": list(legend.utilities), "elite": legend.elite}


def _pets(pets: Any, notes: list[str]) -> RangerPets:
    pets = pets if isinstance(pets, Mapping) else {}

    def pair(kind: str) -> tuple[int, int]:
        ids = [_number(x) for x in _entries(pets.get(kind), 2)]
        for pet in ids:
            if pet > 0xFF:
                notes.append(f"Pet {pet} does not fit in a chat link; left empty.")
        ids = [pet if pet <= 0xFF else 0 for pet in ids]
        return ids[0], ids[1]

    return RangerPets(pair("terrestrial"), pair("aquatic"))


def _legends(
    terrestrial: list[str | None],
    aquatic: list[str | None],
    profession: str,
    gamedata: GameData,
    notes: list[str],
) -> RevenantLegends:
    def code(legend_id: str | None) -> int:
        if legend_id is None:
            return 0
        legend = gamedata.legends.get(legend_id)
        if legend is None or legend.code is None:
            notes.append(f"Legend {legend_id} has no chat-link code in the game data; left empty.")
            return 0
        return legend.code

    def inactive_utilities(legend_id: str | None) -> tuple[int, int, int]:
        # The API does not say how the inactive legend's utilities are ordered; the legend's order is used.
        legend = gamedata.legends.get(legend_id) if legend_id else None
        skills = list(legend.utilities) if legend is not None else []
        palettes = [gamedata.skill_to_palette(profession, s) or 0 for s in _entries(skills, 3) if s] + [0] * 3
        return palettes[0], palettes[1], palettes[2]

    return RevenantLegends(
        terrestrial=(code(terrestrial[0]), code(terrestrial[1])),
        aquatic=(code(aquatic[0]), code(aquatic[1])),
        inactive_terrestrial_utilities=inactive_utilities(terrestrial[1]),
        inactive_aquatic_utilities=inactive_utilities(aquatic[1]),
    )


# -- equipment tabs ----------------------------------------------------------------------------------------


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
        if isinstance(stats, Mapping) and _number(stats.get("id")) and tab in tabs:
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
    for api_slot, slot in layout.slots.items():
        if slot not in wanted:
            continue
        entry = by_slot.get(api_slot)
        if entry is None:
            unknown[slot] = "nothing equipped"
            continue
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
        notes=tuple(notes),
    )


def _ids(values: Iterable[Any]) -> list[int]:
    return [v for v in values if _number(v)]


def _details(item: Json | None) -> Json:
    details = (item or {}).get("details")
    return details if isinstance(details, Mapping) else {}


def _stats_id(entry: Json, items: Mapping[int, Json]) -> int | None:
    stats = entry.get("stats")
    if isinstance(stats, Mapping) and _number(stats.get("id")):
        return int(stats["id"])
    infix = _details(items.get(int(entry.get("id") or 0))).get("infix_upgrade")
    if isinstance(infix, Mapping) and _number(infix.get("id")):
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
