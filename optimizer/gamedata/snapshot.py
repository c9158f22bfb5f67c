"""The immutable game-data snapshot of one game build, read by the optimizer, the chat-link decoder and cogs.

Build it from API-shaped JSON (`GameData.from_api_payloads`) or load the bundled offline snapshot
(`GameData.bundled()`). The bundle has no skills, legends, pets or palette maps: what depends on them returns
None, and `missing()` says so in words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from optimizer.gamedata.diff import GameDataDiff, HashedRecord, diff_records
from optimizer.gamedata.index import Catalog, normalize_name
from optimizer.gamedata.records import (
    ItemStat,
    Legend,
    Pet,
    Profession,
    Skill,
    Specialization,
    Trait,
)

__all__ = ["GameData", "GameDataError", "ProfessionRef", "Source"]

Source = Literal["bundled", "api"]
ProfessionRef = str | int  # a profession id/name ("Ranger", case-insensitive) or its chat-link code (4)
_CHOICES_PER_TIER = 3


class GameDataError(ValueError):
    """Game-data payloads that cannot be turned into a snapshot."""


@dataclass(frozen=True, slots=True, eq=False)
class GameData:
    build_id: int
    source: Source
    fetched_at: datetime | None
    professions: Catalog[str, Profession]
    specializations: Catalog[int, Specialization]
    traits: Catalog[int, Trait]
    skills: Catalog[int, Skill]
    legends: Catalog[str, Legend]
    pets: Catalog[int, Pet]
    itemstats: Catalog[int, ItemStat]
    _profession_by_code: dict[int, Profession] = field(init=False, repr=False)
    _palette_by_skill: dict[str, dict[int, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_profession_by_code", {p.code: p for p in self.professions if p.code is not None}
        )
        object.__setattr__(
            self,
            "_palette_by_skill",
            {p.id: {s: pal for pal, s in sorted(p.skills_by_palette.items())} for p in self.professions},
        )

    # -- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_api_payloads(
        cls,
        *,
        build_id: int,
        source: Source,
        fetched_at: datetime | None,
        professions: Sequence[Mapping[str, Any]],
        specializations: Sequence[Mapping[str, Any]],
        traits: Sequence[Mapping[str, Any]],
        skills: Sequence[Mapping[str, Any]] = (),
        legends: Sequence[Mapping[str, Any]] = (),
        pets: Sequence[Mapping[str, Any]] = (),
        itemstats: Sequence[Mapping[str, Any]] = (),
    ) -> GameData:
        """Build a snapshot from lists of objects shaped as the GW2 API v2 serves them."""
        try:
            skill_records = [Skill.from_api(s) for s in skills]
            skill_names = {s.id: s.name for s in skill_records}
            return cls(
                build_id=build_id,
                source=source,
                fetched_at=fetched_at,
                professions=Catalog(Profession.from_api(p) for p in professions),
                specializations=Catalog(Specialization.from_api(s) for s in specializations),
                traits=Catalog(Trait.from_api(t) for t in traits),
                skills=Catalog(skill_records),
                legends=Catalog(Legend.from_api(leg, skill_names) for leg in legends),
                pets=Catalog(Pet.from_api(p) for p in pets),
                itemstats=Catalog(ItemStat.from_api(i) for i in itemstats),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GameDataError(f"malformed game data for build {build_id}: {exc}") from exc

    @classmethod
    def bundled(cls) -> GameData:
        """The offline snapshot shipped inside the package (loaded once)."""
        return _load_bundled()

    # -- professions ---------------------------------------------------------------------------------------

    def profession(self, ref: ProfessionRef) -> Profession | None:
        if isinstance(ref, int):
            return self._profession_by_code.get(ref)
        return self.professions.get(ref) or self.professions.first_named(ref)

    def _profession_id(self, ref: ProfessionRef | None) -> str | None:
        if ref is None:
            return None
        found = self.profession(ref)
        return found.id if found else str(ref)

    # -- traits --------------------------------------------------------------------------------------------

    def trait_choice(self, specialization_id: int, tier: int, choice: int) -> Trait | None:
        """The major trait of a chat-link choice: tier 1-3 adept..grandmaster, choice 1-3 top..bottom."""
        spec = self.specializations.get(specialization_id)
        if spec is None or not (1 <= tier <= 3 and 1 <= choice <= _CHOICES_PER_TIER):
            return None
        index = (tier - 1) * _CHOICES_PER_TIER + choice - 1
        return self.traits.get(spec.major_traits[index]) if index < len(spec.major_traits) else None

    def trait_position(self, trait_id: int) -> tuple[int, int, int] | None:
        """(specialization id, tier 1-3, choice 1-3) of a major trait: the inverse of `trait_choice`."""
        trait = self.traits.get(trait_id)
        spec = self.specializations.get(trait.specialization) if trait and trait.specialization else None
        if spec is None or trait_id not in spec.major_traits:
            return None
        index = spec.major_traits.index(trait_id)
        return spec.id, index // _CHOICES_PER_TIER + 1, index % _CHOICES_PER_TIER + 1

    # -- skills, legends, pets -----------------------------------------------------------------------------

    def palette_to_skill_id(self, profession: ProfessionRef, palette_id: int) -> int | None:
        found = self.profession(profession)
        return found.skills_by_palette.get(palette_id) if found else None

    def palette_to_skill(self, profession: ProfessionRef, palette_id: int) -> Skill | None:
        """The skill behind a chat-link palette id; None when unknown or the data lacks palettes or skills."""
        skill_id = self.palette_to_skill_id(profession, palette_id)
        return self.skills.get(skill_id) if skill_id is not None else None

    def skill_to_palette(self, profession: ProfessionRef, skill_id: int) -> int | None:
        found = self.profession(profession)
        return self._palette_by_skill.get(found.id, {}).get(skill_id) if found else None

    def has_skill_names(self, profession: ProfessionRef) -> bool:
        """Whether palette ids of this profession can be named (palette map and skills both present)."""
        found = self.profession(profession)
        return bool(found and found.skills_by_palette and len(self.skills))

    def legend_by_code(self, code: int) -> Legend | None:
        return next((leg for leg in self.legends if leg.code == code), None)

    def elite_specialization(self, specialization_ids: Iterable[int]) -> Specialization | None:
        """The elite specialization among a build's lines, if any."""
        for spec_id in specialization_ids:
            spec = self.specializations.get(spec_id)
            if spec is not None and spec.elite:
                return spec
        return None

    def missing(self) -> tuple[str, ...]:
        """Plain-words notes on what this snapshot cannot answer, for status lines and decode output."""
        notes = []
        if not len(self.skills):
            notes.append("no skills: skill names are unknown until game data is fetched from the GW2 API")
        if not any(p.skills_by_palette for p in self.professions):
            notes.append("no palette map: chat-link skill palette ids cannot be turned into skills")
        if not len(self.legends):
            notes.append("no legends: revenant legend codes cannot be named")
        if not len(self.pets):
            notes.append("no pets: ranger pet ids cannot be named")
        return tuple(notes)

    # -- search for autocomplete ---------------------------------------------------------------------------

    def search_professions(self, query: str, limit: int = 25) -> list[Profession]:
        return self.professions.search(query, limit=limit)

    def search_specializations(
        self, query: str, profession: ProfessionRef | None = None, limit: int = 25
    ) -> list[Specialization]:
        wanted = self._profession_id(profession)
        return self.specializations.search(
            query, limit=limit, where=None if wanted is None else lambda s: s.profession == wanted
        )

    def search_traits(
        self, query: str, profession: ProfessionRef | None = None, limit: int = 25
    ) -> list[Trait]:
        wanted = self._profession_id(profession)
        return self.traits.search(
            query,
            limit=limit,
            where=None if wanted is None else lambda t: self._trait_profession(t) == wanted,
        )

    def search_skills(
        self, query: str, profession: ProfessionRef | None = None, limit: int = 25
    ) -> list[Skill]:
        wanted = self._profession_id(profession)
        return self.skills.search(
            query, limit=limit, where=None if wanted is None else lambda s: wanted in s.professions
        )

    def search_itemstats(self, query: str, limit: int = 25) -> list[ItemStat]:
        """Named itemstats only; several ids share a name (e.g. jewel variants), all are returned."""
        return self.itemstats.search(query, limit=limit, where=lambda i: bool(normalize_name(i.name)))

    def _trait_profession(self, trait: Trait) -> str | None:
        spec = self.specializations.get(trait.specialization) if trait.specialization else None
        return spec.profession if spec else None

    def itemstat_payloads(self) -> list[dict[str, Any]]:
        """Itemstats in API shape ({id, name, attributes}), as the optimizer's affix table reads them."""
        return [stat.model_dump(mode="json", exclude={"content_hash"}) for stat in self.itemstats]

    # -- status and diff -----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {
            "professions": len(self.professions),
            "specializations": len(self.specializations),
            "traits": len(self.traits),
            "skills": len(self.skills),
            "legends": len(self.legends),
            "pets": len(self.pets),
            "itemstats": len(self.itemstats),
        }

    def diff(self, other: GameData) -> GameDataDiff:
        """What changed from this snapshot (old) to `other` (new)."""

        def spec_professions(record: HashedRecord) -> tuple[str, ...]:
            spec = other.specializations.get(record.id) or self.specializations.get(record.id)
            return (spec.profession,) if spec else ()

        def trait_professions(record: HashedRecord) -> tuple[str, ...]:
            trait = other.traits.get(record.id) or self.traits.get(record.id)
            profession = (other._trait_profession(trait) or self._trait_profession(trait)) if trait else None
            return (profession,) if profession else ()

        def skill_professions(record: HashedRecord) -> tuple[str, ...]:
            skill = other.skills.get(record.id) or self.skills.get(record.id)
            return skill.professions if skill else ()

        return GameDataDiff(
            old_build=self.build_id,
            new_build=other.build_id,
            specializations=diff_records(
                "specializations", self.specializations, other.specializations, spec_professions
            ),
            traits=diff_records("traits", self.traits, other.traits, trait_professions),
            skills=diff_records("skills", self.skills, other.skills, skill_professions),
            itemstats=diff_records("itemstats", self.itemstats, other.itemstats, lambda _: ()),
        )


def _read_bundle_json(name: str) -> Any:
    return json.loads(resources.files("optimizer").joinpath("data", "gw2", name).read_text("utf-8"))


@cache
def _load_bundled() -> GameData:
    metadata = _read_bundle_json("metadata.json")
    return GameData.from_api_payloads(
        build_id=int(metadata["build_id"]),
        source="bundled",
        fetched_at=datetime.fromisoformat(metadata["imported_at"]),
        professions=_read_bundle_json("professions.json"),
        specializations=_read_bundle_json("specializations.json"),
        traits=_read_bundle_json("traits.json"),
        itemstats=_read_bundle_json("itemstats.json"),
    )
