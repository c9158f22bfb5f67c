"""What a decoded build template has on it: its lines, minor and chosen major traits, skills, legends, pets.

Skill palette ids become skill ids through the fetched game data when it has the palette map, else through
the bundled table of the skills the model knows (`data/skill_palettes.json`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from optimizer.chatlink import TIERS, BuildTemplate
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData, Specialization, chat_link_format

TWO_HANDED_WEAPONS = frozenset(
    {
        "Greatsword",
        "Hammer",
        "Longbow",
        "Rifle",
        "Short bow",
        "Shortbow",
        "Staff",
        "Spear",
        "Harpoon gun",
        "Trident",
    }
)


@dataclass(frozen=True, slots=True)
class TraitOnBuild:
    id: int
    name: str
    line: str
    tier: str  # "minor", "adept", "master", "grandmaster", or "weapon" for an elite's weapon trait


@dataclass(frozen=True, slots=True)
class SkillOnBuild:
    palette: int
    id: int | None  # None: the palette id is not in the game data or the bundled table
    slot: str  # "heal", "utility", "elite"


@dataclass(frozen=True, slots=True)
class BuildContents:
    profession: str
    lines: tuple[Specialization, ...]
    traits: tuple[TraitOnBuild, ...]
    skills: tuple[SkillOnBuild, ...]
    legends: tuple[int, ...]
    pets: tuple[int, ...]
    weapons: tuple[str, ...]

    @property
    def elite(self) -> Specialization | None:
        return next((line for line in self.lines if line.elite), None)

    @property
    def specialization(self) -> str:
        """The elite specialization's name, or the profession's for a core build."""
        return self.elite.name if self.elite else self.profession

    @property
    def trait_ids(self) -> frozenset[int]:
        return frozenset(trait.id for trait in self.traits)

    @property
    def skill_ids(self) -> frozenset[int]:
        return frozenset(skill.id for skill in self.skills if skill.id is not None)

    @property
    def unknown_skill_palettes(self) -> tuple[int, ...]:
        return tuple(skill.palette for skill in self.skills if skill.id is None and skill.palette)

    @property
    def weapon_type(self) -> str | None:
        """ "two-handed" or "dual" when the code names its weapons and they say so; None otherwise."""
        if not self.weapons:
            return None
        return "two-handed" if all(weapon in TWO_HANDED_WEAPONS for weapon in self.weapons) else "dual"


@cache
def bundled_palettes() -> Mapping[str, Mapping[int, int]]:
    """Palette id → skill id per profession, from the bundled table."""
    path = resources.files("optimizer").joinpath("data/skill_palettes.json")
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text("utf-8"))
    return {
        profession: {int(entry["palette"]): int(entry["skill"]) for entry in entries}
        for profession, entries in raw["professions"].items()
    }


def skill_for_palette(gamedata: GameData, profession: str, palette: int) -> int | None:
    fetched = gamedata.palette_to_skill_id(profession, palette)
    if fetched is not None:
        return fetched
    return bundled_palettes().get(profession, {}).get(palette)


def read_build(build: BuildTemplate, gamedata: GameData) -> BuildContents:
    """The traits, skills and weapons of a decoded build; a ScenarioError names what the game data lacks."""
    profession = gamedata.profession(build.profession)
    if profession is None:
        raise ScenarioError(f"the game data has no profession with chat-link code {build.profession}")
    lines: list[Specialization] = []
    traits: list[TraitOnBuild] = []
    for line in build.specializations:
        if line.specialization == 0:
            continue
        spec = gamedata.specializations.get(line.specialization)
        if spec is None:
            raise ScenarioError(
                f"the code names specialization {line.specialization}, unknown to the game data"
            )
        if spec.profession != profession.id:
            raise ScenarioError(f"{spec.name} is a {spec.profession} line, not a {profession.id} one")
        lines.append(spec)
        minors = [*spec.minor_traits, *([spec.weapon_trait] if spec.weapon_trait else [])]
        for trait_id in minors:
            trait = gamedata.traits.get(trait_id)
            if trait is not None:
                tier = "weapon" if trait_id == spec.weapon_trait else "minor"
                traits.append(TraitOnBuild(trait.id, trait.name, spec.name, tier))
        for tier_index, choice in enumerate(line.traits, start=1):
            major = gamedata.trait_choice(spec.id, tier_index, choice) if choice else None
            if major is not None:
                traits.append(TraitOnBuild(major.id, major.name, spec.name, TIERS[tier_index - 1]))
    bar = build.terrestrial
    slots = ("heal", "utility", "utility", "utility", "elite")
    skills = tuple(
        SkillOnBuild(palette, skill_for_palette(gamedata, profession.id, palette) if palette else None, slot)
        for palette, slot in zip(bar.palettes, slots, strict=True)
        if palette
    )
    names = chat_link_format().weapon_names
    weapons = tuple(names.get(palette, str(palette)) for palette in build.weapons)
    legends = tuple(code for code in build.legends.terrestrial if code) if build.legends else ()
    pets = tuple(pet for pet in build.pets.terrestrial if pet) if build.pets else ()
    return BuildContents(profession.id, tuple(lines), tuple(traits), skills, legends, pets, weapons)
