"""Checks of a decoded build against game data: what the byte format alone cannot rule out."""

from __future__ import annotations

from optimizer.chatlink.build_link import BuildTemplate
from optimizer.chatlink.byte_io import with_article
from optimizer.gamedata import GameData

_ELITE_SLOT = 2


def build_problems(build: BuildTemplate, gamedata: GameData) -> tuple[str, ...]:
    """Plain-words problems (empty when the build fits the data): unknown or foreign specializations, an elite
    specialization outside the third slot, a utility skill twice on one bar, and pets or legends the data
    does not know (when it has them)."""
    problems: list[str] = []
    profession = build.profession_name
    for slot, line in enumerate(build.specializations):
        if not line.specialization:
            continue
        spec = gamedata.specializations.get(line.specialization)
        if spec is None:
            problems.append(f"unknown specialization id {line.specialization}")
        elif spec.profession != profession:
            owner, wanted = with_article(spec.profession), with_article(profession)
            problems.append(f"{spec.name} is {owner} specialization, not {wanted} one")
        elif spec.elite and slot != _ELITE_SLOT:
            problems.append(f"the elite specialization {spec.name} must be in the third slot")
    for environment, bar in (("terrestrial", build.terrestrial), ("aquatic", build.aquatic)):
        chosen = [palette for palette in bar.utilities if palette]
        for palette in sorted({palette for palette in chosen if chosen.count(palette) > 1}):
            skill = gamedata.palette_to_skill(build.profession, palette)
            name = skill.name if skill is not None else f"with palette id {palette}"
            problems.append(f"the {environment} utility skill {name} is slotted more than once")
    if build.pets is not None and len(gamedata.pets):
        for pet in {*build.pets.terrestrial, *build.pets.aquatic} - {0}:
            if gamedata.pets.get(pet) is None:
                problems.append(f"unknown pet id {pet}")
    if build.legends is not None and len(gamedata.legends):
        for code in {*build.legends.terrestrial, *build.legends.aquatic} - {0}:
            if gamedata.legend_by_code(code) is None:
                problems.append(f"unknown legend code {code}")
    return tuple(problems)
