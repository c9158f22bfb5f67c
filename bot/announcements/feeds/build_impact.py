"""Which stored builds and squads a game update touches: builds that reference a changed or removed
specialization, trait, skill or itemstat, builds that no longer decode, and squads that use either.

A build references its three specializations, their minor traits and the major traits it chose, the skills
on its bars (through the profession's palette map, when the data has one) and its skill overrides, and the
itemstats named in its stored gear. References are read from the new game data and, when it is at hand,
from the old one too, so a trait that was removed or moved is still caught.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from optimizer.builds import StaleModifier, identify_build
from optimizer.chatlink import BuildTemplate, ChatLinkError, decode_build
from optimizer.gamedata import Change, DiffEntry, DiffKind, GameData, GameDataDiff
from storage.builds import Build
from storage.squads import Squad, SquadDetails

_REFERENCED_KINDS: tuple[DiffKind, ...] = ("specializations", "traits", "skills")
_KIND_NAMES = {
    "specializations": "specialization",
    "traits": "trait",
    "skills": "skill",
    "itemstats": "stats",
}
_TIERS = 3
_TOUCHING: tuple[Change, ...] = ("changed", "removed")


@dataclass(frozen=True, slots=True)
class BuildImpact:
    build: Build
    broken: str | None  # why the build no longer decodes with the new game data
    touched: tuple[str, ...]  # "trait Poison Master (changed)", "stats Berserker's (removed)", …

    @property
    def affected(self) -> bool:
        return self.broken is not None or bool(self.touched)


@dataclass(frozen=True, slots=True)
class SquadImpact:
    squad: Squad
    builds: tuple[str, ...]  # names of affected builds seated or chosen in sign-ups
    specializations: tuple[str, ...]  # changed specializations planned in seats without a build


def references(template: BuildTemplate, gamedata: GameData) -> dict[DiffKind, set[int]]:
    """The specialization, trait and skill ids a decoded build uses, read with `gamedata`."""
    specs: set[int] = set(template.specialization_ids)
    traits: set[int] = set()
    for line in template.specializations:
        spec = gamedata.specializations.get(line.specialization) if line.specialization else None
        if spec is None:
            continue
        traits.update(spec.minor_traits)
        for tier, choice in zip(range(1, _TIERS + 1), line.traits, strict=True):
            trait = gamedata.trait_choice(spec.id, tier, choice) if choice else None
            if trait is not None:
                traits.add(trait.id)
    skills: set[int] = set(template.skill_overrides)
    for palette in (*template.terrestrial.palettes, *template.aquatic.palettes):
        skill_id = gamedata.palette_to_skill_id(template.profession, palette) if palette else None
        if skill_id is not None:
            skills.add(skill_id)
    return {"specializations": specs, "traits": traits, "skills": skills}


def _stat_key(name: str) -> str:
    return name.casefold().removesuffix("'s").strip()


def _touched_entries(diff: GameDataDiff) -> dict[DiffKind, dict[int, tuple[DiffEntry, str]]]:
    touched: dict[DiffKind, dict[int, tuple[DiffEntry, str]]] = {}
    for kind in diff.kinds:
        entries: dict[int, tuple[DiffEntry, str]] = {}
        for change in _TOUCHING:
            for entry in kind.entries(change):
                entries[entry.id] = (entry, change)
        touched[kind.kind] = entries
    return touched


def build_impact(
    build: Build,
    diff: GameDataDiff,
    new: GameData,
    old: GameData | None = None,
    stale: Sequence[StaleModifier] = (),
) -> BuildImpact:
    try:
        identify_build(build.chat_code, new)
    except ChatLinkError as error:
        broken: str | None = str(error)
    else:
        broken = None
    touched_by_kind = _touched_entries(diff)
    found: list[str] = []
    try:
        template = decode_build(build.chat_code)
    except ChatLinkError:
        template = None
    if template is not None:
        used: dict[DiffKind, set[int]] = {kind: set() for kind in _REFERENCED_KINDS}
        for data in (new, old):
            if data is not None:
                for kind, ids in references(template, data).items():
                    used[kind] |= ids
        for kind in _REFERENCED_KINDS:
            for record_id in sorted(used[kind] & touched_by_kind[kind].keys()):
                entry, change = touched_by_kind[kind][record_id]
                found.append(f"{_KIND_NAMES[kind]} {entry.name} ({change})")
        for modifier in stale:
            if modifier.trait_id in used["traits"]:
                found.append(f"modelled effect {modifier.name} ({modifier.reason})")
    if build.gear is not None:
        worn = {_stat_key(affix) for affix in build.gear.slots.values()}
        for entry, change in touched_by_kind["itemstats"].values():
            if entry.name and _stat_key(entry.name) in worn:
                found.append(f"stats {entry.name} ({change})")
    return BuildImpact(build, broken, tuple(dict.fromkeys(found)))


def build_impacts(
    builds: Iterable[Build],
    diff: GameDataDiff,
    new: GameData,
    old: GameData | None = None,
    stale: Sequence[StaleModifier] = (),
) -> list[BuildImpact]:
    """The affected builds among `builds`, in order; `stale`: modelled effects whose numbers changed."""
    impacts = (build_impact(build, diff, new, old, stale) for build in builds)
    return [impact for impact in impacts if impact.affected]


def squad_impacts(
    squads: Sequence[SquadDetails], impacts: Mapping[int, BuildImpact], diff: GameDataDiff
) -> list[SquadImpact]:
    """Squads whose seats or sign-ups use an affected build, or whose seats plan a changed specialization."""
    changed_specs = {
        entry.name.casefold() for change in _TOUCHING for entry in diff.specializations.entries(change)
    }
    found = []
    for details in squads:
        used_builds = {seat.build_id for seat in details.seats} | {
            choice.build_id for entry in details.signups for choice in entry.choices
        }
        names = tuple(sorted({impacts[b].build.name for b in used_builds if b is not None and b in impacts}))
        specs = tuple(
            sorted(
                {
                    seat.specialization
                    for seat in details.seats
                    if seat.build_id is None
                    and seat.specialization
                    and seat.specialization.casefold() in changed_specs
                }
            )
        )
        if names or specs:
            found.append(SquadImpact(details.squad, names, specs))
    return found
