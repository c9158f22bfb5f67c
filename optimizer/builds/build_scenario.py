"""A build chat code becomes a scenario: its own traits and skills, a template's distribution and gear plan.

The modifiers come from the code (`assumptions.build_modifiers`). The distribution (skill coefficients),
affixes, extras and boon-duration needs come from the bundled template of the same elite specialization and
role — the one whose traits agree most with the code — or, without one, from the closest template of the
profession, and the scenario says so. A caller's distribution replaces the template's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from optimizer.builds.assumptions import Assumption, Override, build_modifiers
from optimizer.builds.build_traits import BuildContents, read_build
from optimizer.builds.pets import merged_pet
from optimizer.builds.templates import TemplateInfo, find_template, list_templates, raw_template
from optimizer.chatlink import BuildTemplate, ChatLinkError, decode_build
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import MAX_INFUSIONS, OBJECTIVES, Scenario, affix_preset, realistic_buffs
from optimizer.lookup import resolve

Mode = Literal["pve", "fractals", "raids", "wvw"]
MODES: Final[tuple[Mode, ...]] = ("pve", "fractals", "raids", "wvw")
FRACTAL_AGONY_RESISTANCE: Final = 150
GOAL_PRESETS: Final = {"damage": "power", "healing": "heal-fractal", "survivability": "power"}


@dataclass(frozen=True, slots=True)
class DerivedScenario:
    """A scenario made from a build, and everything that was assumed to make it."""

    scenario: Scenario
    contents: BuildContents
    template: str | None
    distribution_note: str
    assumptions: tuple[Assumption, ...]
    mode: Mode
    notes: tuple[str, ...]

    @property
    def buffs(self) -> tuple[str, ...]:
        return self.scenario.buffs


def as_build(code: str | BuildTemplate) -> BuildTemplate:
    if isinstance(code, BuildTemplate):
        return code
    try:
        return decode_build(code)
    except ChatLinkError as error:
        raise ScenarioError(f"the build code cannot be read: {error}") from None


@lru_cache(maxsize=512)
def _template_contents(code: str, gamedata: GameData) -> BuildContents | None:
    # Templates are bundled: their contents are read once per game-data snapshot, not per request.
    try:
        return read_build(decode_build(code), gamedata)
    except (ChatLinkError, ScenarioError):
        return None


def _trait_agreement(template: TemplateInfo, contents: BuildContents, gamedata: GameData) -> int:
    other = _template_contents(template.code, gamedata) if template.code else None
    if other is None:
        return 0
    lines = {line.id for line in contents.lines} & {line.id for line in other.lines}
    return (
        10 * len(lines)
        + len(contents.trait_ids & other.trait_ids)
        + len(contents.skill_ids & other.skill_ids)
    )


def choose_template(
    contents: BuildContents, gamedata: GameData, role: str | None = None
) -> tuple[TemplateInfo | None, str]:
    """The template whose distribution and gear plan fit this build best, and a sentence saying why."""
    templates = [t for t in list_templates() if t.profession == contents.profession]
    same_spec = [t for t in templates if t.specialization == contents.specialization]
    if role is not None:
        with_role = [t for t in same_spec if t.role == role]
        if with_role:
            same_spec = with_role
        elif same_spec:
            roles = ", ".join(sorted({t.role for t in same_spec}))
            raise ScenarioError(
                f"no {contents.specialization} template plays the role {role}; its templates play {roles}"
            )
    pool = same_spec or templates
    if not pool:
        return None, f"no template for {contents.profession}: a generic distribution (3000 Power) is used"
    best = max(pool, key=lambda t: (_trait_agreement(t, contents, gamedata), t.role == "dps"))
    if same_spec:
        return best, f"distribution of the template {best.name}"
    return best, (
        f"no {contents.specialization} template: distribution of {best.name}, the closest "
        f"{contents.profession} build — give your own distribution for exact numbers"
    )


def _mode_buffs(base: tuple[str, ...], mode: Mode) -> list[str]:
    buffs = [buff for buff in base if buff not in ("Fractal Omnipotion", "Agony Resistance")]
    if mode == "fractals":
        buffs.append("Fractal Omnipotion")
    return buffs


def scenario_for_build(
    code: str | BuildTemplate,
    gamedata: GameData,
    *,
    goal: str | None = None,
    role: str | None = None,
    template: str | None = None,
    distribution: Mapping[str, float] | None = None,
    mode: str = "pve",
    overrides: Mapping[str, Override] | None = None,
    agony_resistance: float | None = None,
) -> DerivedScenario:
    """The scenario of a build chat code: its own traits and skills, a template's plan for the rest."""
    contents = read_build(as_build(code), gamedata)
    chosen_mode = MODES[MODES.index(resolve(mode, MODES, "mode"))]
    info: TemplateInfo | None
    if template is not None:
        info = find_template(template)
        if info.profession != contents.profession:
            raise ScenarioError(
                f"the template {info.name} is a {info.profession} build, not {contents.profession}"
            )
        note = f"distribution of the template {info.name}"
    else:
        info, note = choose_template(contents, gamedata, role)
    raw = raw_template(info.name) if info else {}
    objective = resolve(goal, OBJECTIVES, "goal") if goal else None
    preset = affix_preset(raw["preset"]) if raw else affix_preset(GOAL_PRESETS[objective or "damage"])
    if objective is not None and objective != preset.objective:
        preset = affix_preset(GOAL_PRESETS[objective])
    template_overrides: dict[str, Override] = dict(raw.get("overrides", {}))
    modifiers, assumptions = build_modifiers(
        contents, {**template_overrides, **(overrides or {})}, wvw=chosen_mode == "wvw"
    )
    notes: list[str] = []
    if contents.unknown_skill_palettes:
        notes.append(
            "skills with palette ids "
            + ", ".join(str(p) for p in contents.unknown_skill_palettes)
            + " are not known offline; their passive effects are not counted (fetch game data for them)"
        )
    merged = merged_pet(contents)
    if merged is not None and merged.assumed:
        notes.append(f"Beastmode: {merged.origin}")
    if distribution:
        note = "distribution given by you"
    extra_modifiers: list[dict[str, Any]] = []
    if chosen_mode == "fractals":
        resistance = FRACTAL_AGONY_RESISTANCE if agony_resistance is None else agony_resistance
        extra_modifiers.append(
            {
                "name": f"Agony Resistance {resistance:g}",
                "attributes": {"Agony Resistance": [resistance, "converted"]},
            }
        )
    data: dict[str, Any] = {
        "profession": contents.profession,
        "weapon_type": contents.weapon_type or raw.get("weapon_type", "dual"),
        "game_mode": "wvw" if chosen_mode == "wvw" else "pve",
        "affixes": list(preset.affixes),
        "objective": objective or preset.objective,
        "distribution": dict(distribution or raw.get("distribution") or {"Power": 3000.0}),
        "buffs": _mode_buffs(tuple(raw.get("buffs", realistic_buffs())), chosen_mode),
        "modifiers": [m.model_dump(exclude_defaults=True) for m in modifiers] + extra_modifiers,
        "extras": raw.get("extras", {}),
        "infusions": {"max": MAX_INFUSIONS, "types": dict.fromkeys(preset.infusions, MAX_INFUSIONS)},
        "constraints": {**dict(preset.constraints), **raw.get("constraints", {})},
    }
    return DerivedScenario(
        scenario=Scenario.from_dict(data),
        contents=contents,
        template=info.name if info else None,
        distribution_note=note,
        assumptions=assumptions,
        mode=chosen_mode,
        notes=tuple(notes),
    )


def load_template(name: str, gamedata: GameData | None = None, *, mode: str = "pve") -> Scenario:
    """The scenario of a bundled template: its chat code with its own plan (bundled game data by default)."""
    info = find_template(name)
    if info.code is None:
        raise ScenarioError(f"the template {info.name} has no chat code")
    derived = scenario_for_build(info.code, gamedata or GameData.bundled(), template=info.name, mode=mode)
    return derived.scenario
