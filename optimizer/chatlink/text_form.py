"""Plain-text rendering of a decoded chat link for people (`gw2opt decode CODE` without --json)."""

from __future__ import annotations

from optimizer.chatlink.build_link import TIERS, SkillBar, TraitLine
from optimizer.chatlink.links import BuildTemplate, ChatLink, ItemLink
from optimizer.gamedata import GameData

_CHOICES = ("none", "top", "middle", "bottom")


def render_text(link: ChatLink, gamedata: GameData | None = None) -> str:
    if isinstance(link, ItemLink):
        return _render_item(link)
    return "\n".join(_render_build(link, gamedata))


def _render_item(item: ItemLink) -> str:
    parts = [f"Item {item.item_id} ×{item.quantity}"]
    if item.skin is not None:
        parts.append(f"skin {item.skin}")
    if item.upgrade1 is not None or item.upgrade2 is not None:
        slots = [str(u) if u is not None else "empty" for u in (item.upgrade1, item.upgrade2)]
        parts.append("upgrades " + ", ".join(slots).removesuffix(", empty"))
    return ", ".join(parts)


def _render_build(build: BuildTemplate, gd: GameData | None) -> list[str]:
    elite = gd.elite_specialization(build.specialization_ids) if gd else None
    title = build.profession_name + (f" ({elite.name})" if elite else "")
    lines = [title + (" (legacy 44-byte code)" if build.legacy else "")]
    lines += [_render_line(line, gd) for line in build.specializations if line.specialization]
    named = gd is not None and gd.has_skill_names(build.profession)
    for env, bar in (("terrestrial", build.terrestrial), ("aquatic", build.aquatic)):
        lines.append(f"Skills ({env}): " + _render_bar(build, bar, gd if named else None))
    if not named:
        lines.append("  (skill palette ids; skill names need game data from the GW2 API)")
    if build.weapons:
        lines.append("Weapons: " + ", ".join(build.weapon_names))
    if build.skill_overrides:
        lines.append("Skill overrides: " + ", ".join(_skill_name(gd, s) for s in build.skill_overrides))
    if build.pets is not None:
        pets = build.pets
        lines.append(f"Pets: terrestrial {_pets(gd, pets.terrestrial)}; aquatic {_pets(gd, pets.aquatic)}")
    if build.legends is not None:
        terrestrial, aquatic = _legends(gd, build.legends.terrestrial), _legends(gd, build.legends.aquatic)
        lines.append(f"Legends: terrestrial {terrestrial}; aquatic {aquatic}")
    return lines


def _render_line(line: TraitLine, gd: GameData | None) -> str:
    spec = gd.specializations.get(line.specialization) if gd else None
    head = spec.name if spec else f"Specialization {line.specialization}"
    picks = []
    for tier, choice in enumerate(line.traits, start=1):
        trait = gd.trait_choice(line.specialization, tier, choice) if gd and choice else None
        picks.append(f"{TIERS[tier - 1]} {trait.name if trait else _CHOICES[choice]}")
    return f"  {head}: " + ", ".join(picks)


def _render_bar(build: BuildTemplate, bar: SkillBar, gd: GameData | None) -> str:
    def one(palette: int) -> str:
        if not palette:
            return "empty"
        skill = gd.palette_to_skill(build.profession, palette) if gd else None
        return f"{skill.name} [{palette}]" if skill else str(palette)

    return (
        f"heal {one(bar.heal)}; utilities {', '.join(one(u) for u in bar.utilities)}; elite {one(bar.elite)}"
    )


def _skill_name(gd: GameData | None, skill_id: int) -> str:
    skill = gd.skills.get(skill_id) if gd else None
    return f"{skill.name} [{skill_id}]" if skill else str(skill_id)


def _pets(gd: GameData | None, ids: tuple[int, int]) -> str:
    def one(pet_id: int) -> str:
        pet = gd.pets.get(pet_id) if gd and pet_id else None
        return pet.name if pet else (str(pet_id) if pet_id else "none")

    return ", ".join(one(p) for p in ids)


def _legends(gd: GameData | None, codes: tuple[int, int]) -> str:
    def one(code: int) -> str:
        legend = gd.legend_by_code(code) if gd and code else None
        return legend.name if legend else (f"code {code}" if code else "none")

    return f"{one(codes[0])} (active), {one(codes[1])} (inactive)"
