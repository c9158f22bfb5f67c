"""The space a scenario searches: slot groups with their stat sums, infusion splits, extras combinations.

Slots with identical stat values and identical options (shoulders/gloves/boots, the two rings, the two
accessories, the two one-handed weapons) are one group whose entries are multisets of affixes, so
interchangeable slots never produce duplicate candidates.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from optimizer.errors import ScenarioError
from optimizer.gear.affixes import AffixTable
from optimizer.gear.attribute_keys import GEAR_STATS, INFUSION_POINTS
from optimizer.gear.catalog import find_item
from optimizer.gear.character import CharacterModel, build_character
from optimizer.gear.extras import ExtrasChoices, extras_choices
from optimizer.gear.modifiers import Modifier
from optimizer.gear.scenario import Scenario
from optimizer.gear.slots import availability_note, available_in, slot_stats, slots_for

IntArray = NDArray[np.int64]
# Slots that share stat values; each family becomes one group when the slots also share their options.
_FAMILIES: Final = (
    ("Shoulders", "Gloves", "Boots"),
    ("Ring1", "Ring2"),
    ("Accessory1", "Accessory2"),
    ("Weapon1", "Weapon2"),
)


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """One independent choice. `vectors[i]` are the stat points of entry i (columns: GEAR_STATS) and
    `choices[i]` its labels: the affix index per slot of `labels`, or the count per infusion type."""

    labels: tuple[str, ...]
    vectors: IntArray
    choices: IntArray
    kind: Literal["slots", "infusions"] = "slots"

    def __len__(self) -> int:
        return len(self.vectors)


@dataclass(frozen=True, slots=True, eq=False)
class SearchSpace:
    slots: tuple[str, ...]
    affixes: tuple[str, ...]  # affix index -> name
    groups: tuple[Group, ...]
    infusion_types: tuple[str, ...]
    extras: ExtrasChoices
    characters: tuple[CharacterModel, ...]  # per extras combination

    @property
    def size(self) -> int:
        """Distinct candidates (gear x infusion split x extras combination) the search covers."""
        return int(np.prod([len(g) for g in self.groups], dtype=np.float64)) * self.extras.count

    @property
    def key_labels(self) -> tuple[str, ...]:
        """Columns of a candidate's canonical key: slots, then infusion types."""
        return (*self.slots, *self.infusion_types)


def _slot_options(scenario: Scenario, table: AffixTable, slots: Sequence[str]) -> dict[str, tuple[int, ...]]:
    names = list(scenario.affixes) + [a for a in scenario.forced.values() if a not in scenario.affixes]
    affixes = [table.get(name) for name in names]
    options: dict[str, tuple[int, ...]] = {}
    for slot in slots:
        exotic = slot in scenario.exotic
        if slot in scenario.forced:
            index = names.index(scenario.forced[slot])
            if not available_in(affixes[index], slot, exotic=exotic):
                quality = "exotic " if exotic else ""
                raise ScenarioError(f"forced {quality}{slot}: {availability_note(affixes[index])}")
            options[slot] = (index,)
            continue
        allowed = tuple(i for i, affix in enumerate(affixes) if available_in(affix, slot, exotic=exotic))
        if not allowed:
            notes = "; ".join(availability_note(affix) for affix in affixes)
            raise ScenarioError(f"no affix fits {slot}: {notes}. Add another affix or force the slot.")
        options[slot] = allowed
    return options


def _slot_groups(scenario: Scenario, table: AffixTable) -> tuple[tuple[str, ...], list[Group]]:
    slots = slots_for(scenario.weapon_type)
    names = list(scenario.affixes) + [a for a in scenario.forced.values() if a not in scenario.affixes]
    affixes = [table.get(name) for name in names]
    options = _slot_options(scenario, table, slots)
    two_handed = scenario.weapon_type == "two-handed"

    def vector(slot: str, index: int) -> list[int]:
        stats = slot_stats(
            affixes[index],
            slot,
            two_handed=two_handed,
            exotic=slot in scenario.exotic,
            game_mode=scenario.game_mode,
        )
        return [stats[stat] for stat in GEAR_STATS]

    families: list[tuple[str, ...]] = []
    grouped: set[str] = set()
    for candidates in _FAMILIES:
        present = [slot for slot in candidates if slot in slots]
        for _, members in itertools.groupby(
            sorted(present, key=lambda s: (options[s], s in scenario.exotic)),
            key=lambda s: (options[s], s in scenario.exotic),
        ):
            same = set(members)
            member_slots = tuple(slot for slot in slots if slot in same)
            if len(member_slots) > 1:
                families.append(member_slots)
                grouped.update(member_slots)
    families += [(slot,) for slot in slots if slot not in grouped]
    groups: list[Group] = []
    for family in families:
        combos = list(itertools.combinations_with_replacement(options[family[0]], len(family)))
        vectors = [
            np.sum([vector(slot, i) for slot, i in zip(family, combo, strict=True)], axis=0)
            for combo in combos
        ]
        groups.append(Group(family, np.array(vectors, dtype=np.int64), np.array(combos, dtype=np.int64)))
    return tuple(names), groups


def _infusion_group(scenario: Scenario) -> Group | None:
    infusions = scenario.infusions
    if infusions is None or not infusions.types:
        return None
    types = tuple(infusions.types)
    caps = [infusions.types[t] for t in types]
    total = min(infusions.max, sum(caps))
    if total == 0:
        return None
    splits = [split for split in itertools.product(*(range(cap + 1) for cap in caps)) if sum(split) == total]
    vectors = np.zeros((len(splits), len(GEAR_STATS)), dtype=np.int64)
    for row, split in enumerate(splits):
        for kind, count in zip(types, split, strict=True):
            vectors[row, GEAR_STATS.index(kind)] += count * INFUSION_POINTS
    return Group(types, vectors, np.array(splits, dtype=np.int64), kind="infusions")


def character_for(scenario: Scenario, extra_modifiers: Sequence[Modifier]) -> CharacterModel:
    health, armor = scenario.health_and_armor
    buffs = [find_item("buffs", name).for_mode(scenario.game_mode) for name in scenario.buffs]
    return build_character(
        base_health=health,
        armor=armor,
        game_mode=scenario.game_mode,
        distribution=scenario.distribution,
        modifiers=[*buffs, *scenario.modifiers, *extra_modifiers],
        mesmer=scenario.profession == "Mesmer",
        movement_uptime=scenario.movement_uptime,
        attack_rate=scenario.attack_rate,
    )


def build_search_space(scenario: Scenario, table: AffixTable) -> SearchSpace:
    names, groups = _slot_groups(scenario, table)
    infusions = _infusion_group(scenario)
    if infusions is not None:
        groups.append(infusions)
    extras = extras_choices(scenario)
    return SearchSpace(
        slots=slots_for(scenario.weapon_type),
        affixes=names,
        groups=tuple(groups),
        infusion_types=infusions.labels if infusions is not None else (),
        extras=extras,
        characters=tuple(character_for(scenario, extras.modifiers(index)) for index in range(extras.count)),
    )
