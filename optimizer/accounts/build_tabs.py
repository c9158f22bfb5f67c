"""A character's build tab, as the GW2 API serves it, as a build template chat code.

A build tab names skills by skill id and traits by trait id; the chat link wants skill palette ids
(`GameData.skill_to_palette`) and a 1-3 choice per tier (`GameData.trait_position`). Rangers carry their pets,
revenants their legends (by `/v2/legends` code) and the inactive legend's utilities. The equipment tab is
`optimizer/accounts/equipment.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from optimizer.chatlink import (
    RANGER,
    REVENANT,
    TIERS,
    BuildTemplate,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    encode,
)
from optimizer.gamedata import GameData

__all__ = ["AccountImportError", "ImportedBuild", "build_from_tab", "positive_id"]

Json = Mapping[str, Any]


class AccountImportError(ValueError):
    """A tab that cannot be turned into a build; the message is written for the member."""


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


def positive_id(value: Any) -> int:
    """`value` when it is a positive integer id, else 0 (the API writes empty slots as null)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _any_skill(skills: Json) -> bool:
    return bool(skills.get("heal") or skills.get("elite") or any(_entries(skills.get("utilities"), 3)))


def _trait_line(entry: Any, gamedata: GameData, notes: list[str]) -> TraitLine:
    if not isinstance(entry, Mapping) or not positive_id(entry.get("id")):
        return TraitLine(0)
    spec_id = positive_id(entry.get("id"))
    spec = gamedata.specializations.get(spec_id)
    if spec is None:
        notes.append(f"Specialization {spec_id} is unknown to the game data; its traits were left out.")
        return TraitLine(spec_id)
    choices = [0, 0, 0]
    for tier, trait_id in enumerate(_entries(entry.get("traits"), 3), start=1):
        if not positive_id(trait_id):
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
        if not positive_id(skill_id):
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
        ids = [positive_id(x) for x in _entries(pets.get(kind), 2)]
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
