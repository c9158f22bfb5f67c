"""Turning what a member asks for (template, profession, goal, affixes, infusions, limits) into a scenario.

The Discord command and any other front end describe a request with short names; this module checks them
against the bundled data and the game-data snapshot and says what is valid when something is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from optimizer.accounts import CharacterGear
from optimizer.builds.assumptions import Assumption, Override
from optimizer.builds.build_scenario import MODES, DerivedScenario, load_template, scenario_for_build
from optimizer.builds.templates import TemplateInfo, find_template, list_templates
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import (
    INFUSION_TYPES,
    MAX_INFUSIONS,
    OBJECTIVES,
    SLOT_GROUPS,
    SLOTS,
    Scenario,
    affix_preset,
    affix_presets,
    profession_names,
    realistic_buffs,
    resolve_affix_name,
)
from optimizer.lookup import normalize, resolve

DEFAULT_TOP = 10
INFUSION_ALIASES = {
    "condi": "Condition Damage",
    "heal": "Healing Power",
    "healing": "Healing Power",
    "conc": "Concentration",
}
GOAL_PRESETS = {"damage": "power", "healing": "heal", "survivability": "power"}
# No bundled preset ranks survivability; these are the plain defensive power prefixes of gear-math §3.
SURVIVABILITY_AFFIXES = ("Knight", "Soldier", "Sentinel")
SURVIVABILITY_INFUSIONS = ("Toughness", "Vitality")
BASELINES = {"power": "Berserker", "condi": "Viper", "healing": "Harrier", "survivability": "Minstrel"}


@dataclass(frozen=True, slots=True)
class OptimizeRequest:
    build: str | None = None  # a build chat code: its own traits and skills
    template: str | None = None
    profession: str | None = None
    specialization: str | None = None
    goal: str | None = None
    affixes: str | None = None  # a preset name, or affix names separated by commas
    weapon: str | None = None  # "dual" | "two-handed"
    infusions: str | None = None  # "none" | "template" | "power+precision" …
    min_boon_duration: float | None = None
    min_quickness_duration: float | None = None
    min_healing_power: float | None = None
    min_toughness: float | None = None
    max_toughness: float | None = None
    mode: str | None = None  # "pve" | "fractals" | "raids" | "wvw"
    top: int = DEFAULT_TOP
    overrides: tuple[tuple[str, Override], ...] = ()  # (trait or skill effect, uptime/amount/on/off)
    distribution: tuple[tuple[str, float], ...] = ()  # the build's own skill coefficients, if known


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    scenario: Scenario
    title: str
    baseline_label: str
    baseline: Scenario
    assumptions: tuple[Assumption, ...] = ()
    notes: tuple[str, ...] = ()


def search_templates(query: str, limit: int = 25) -> list[TemplateInfo]:
    """Templates for autocomplete: prefix matches first, then any word or substring match."""
    wanted = normalize(query)
    ranked = []
    for template in list_templates():
        key = normalize(template.name)
        words = [normalize(word) for word in template.name.split()]
        if not wanted or key.startswith(wanted):
            rank = 0
        elif any(word.startswith(wanted) for word in words) or normalize(template.specialization) == wanted:
            rank = 1
        elif wanted in key or wanted in normalize(template.specialization):
            rank = 2
        else:
            continue
        ranked.append((rank, template.name, template))
    return [template for _, _, template in sorted(ranked)][:limit]


def parse_infusions(text: str) -> dict[str, Any] | None:
    """`none` → no infusions; `power+precision` → 18 split over those types (each may take all 18)."""
    if normalize(text) == "none":
        return None
    names = [part for part in text.replace(",", "+").split("+") if part.strip()]
    if not names:
        raise ScenarioError(
            "infusions: give `none`, `template`, or types joined by + such as power+precision"
        )
    types = {}
    for name in names:
        alias = INFUSION_ALIASES.get(normalize(name))
        types[alias or resolve(name.strip(), INFUSION_TYPES, "infusion type")] = MAX_INFUSIONS
    return {"max": MAX_INFUSIONS, "types": types}


def _check_specialization(gamedata: GameData, name: str, profession: str | None) -> tuple[str, str]:
    """(specialization, profession) for a specialization name; errors name what is valid."""
    candidates = [spec for spec in gamedata.specializations if spec.elite or spec.name == spec.profession]
    elites = {spec.name: spec.profession for spec in gamedata.specializations if spec.elite}
    options = {**dict.fromkeys(profession_names()), **elites}
    canonical = resolve(name, options, "specialization")
    owner = elites.get(canonical, canonical)
    if profession is not None and owner != profession:
        valid = [s.name for s in candidates if s.elite and s.profession == profession]
        raise ScenarioError(
            f"{canonical} is a {owner} specialization, not a {profession} one; "
            f"{profession} specializations: {', '.join([profession, *valid])}"
        )
    return canonical, owner


def _distribution_for(preset_name: str) -> dict[str, float]:
    """A generic distribution for a preset: the average of the bundled templates that use a similar preset."""
    return dict(_family_distribution(preset_name.split("-")[0]))


@cache
def _family_distribution(family: str) -> tuple[tuple[str, float], ...]:
    # Templates are bundled data: averaging them once per family keeps requests cheap on the event loop.
    rows = [load_template(t.name).distribution for t in list_templates() if t.preset.split("-")[0] == family]
    if not rows:
        return (("Power", 3000.0),)
    keys = sorted({key for row in rows for key in row})
    return tuple((key, round(sum(row.get(key, 0.0) for row in rows) / len(rows), 2)) for key in keys)


def _baseline_family(scenario: Scenario) -> str:
    if scenario.objective != "damage":
        return scenario.objective
    condi = sum(value for key, value in scenario.distribution.items() if key not in ("Power", "Power2"))
    return (
        "condi"
        if condi > 0 and any(a in ("Viper", "Sinister", "Grieving") for a in scenario.affixes)
        else "power"
    )


def _template_for(specialization: str, profession: str, goal: str | None) -> TemplateInfo | None:
    """The template a member means by a specialization and a goal: one of that spec ranking that goal."""
    candidates = [
        t for t in list_templates() if t.profession == profession and t.specialization == specialization
    ]
    if goal is not None:
        ranked = [t for t in candidates if affix_preset(t.preset).objective == goal]
        candidates = ranked or ([] if goal == "healing" else candidates)
    plain = [t for t in candidates if t.role == "dps"]
    chosen = plain or candidates
    return chosen[0] if chosen else None


def _derived(request: OptimizeRequest, gamedata: GameData, *, template: str | None) -> DerivedScenario:
    code = request.build
    if code is None and template is not None:
        code = find_template(template).code
    if code is None:
        raise ScenarioError("no build code to derive the scenario from")
    return scenario_for_build(
        code,
        gamedata,
        goal=_goal(request),
        template=template,
        distribution=dict(request.distribution) or None,
        mode=request.mode or "pve",
        overrides=dict(request.overrides),
    )


def prepare(request: OptimizeRequest, gamedata: GameData) -> PreparedRequest:
    """The scenario to search, a title for it, and the stated baseline to compare with."""
    profession = resolve(request.profession, profession_names(), "profession") if request.profession else None
    specialization = None
    if request.mode is not None:
        resolve(request.mode, MODES, "mode")
    if request.specialization:
        specialization, profession = _check_specialization(gamedata, request.specialization, profession)
    derived: DerivedScenario | None = None
    notes: list[str] = []
    template_name = request.template
    if (
        request.build is None
        and template_name is None
        and specialization is not None
        and profession is not None
    ):
        found = _template_for(specialization, profession, _goal(request))
        if found is not None:
            template_name = found.name
        else:
            notes.append(
                f"no bundled template plays {specialization} for this goal: a generic scenario is used"
            )
    if request.build is not None:
        if template_name is not None:
            raise ScenarioError("give a build code or a template, not both")
        derived = _derived(request, gamedata, template=None)
        if profession is not None and profession != derived.contents.profession:
            raise ScenarioError(f"the build code is a {derived.contents.profession} build, not {profession}")
        data = derived.scenario.model_dump(exclude_defaults=True)
        title = derived.contents.specialization
    elif template_name is not None:
        template = find_template(template_name)
        if profession is not None and profession != template.profession:
            raise ScenarioError(
                f"the template {template.name} is a {template.profession} build, not {profession}"
            )
        if specialization is not None and specialization not in (
            template.specialization,
            template.profession,
        ):
            raise ScenarioError(
                f"the template {template.name} is a {template.specialization} build, not {specialization}"
            )
        derived = _derived(request, gamedata, template=template.name)
        data = derived.scenario.model_dump(exclude_defaults=True)
        title = template.name
    elif profession is not None:
        preset = (
            request.affixes
            if request.affixes and _is_preset(request.affixes)
            else GOAL_PRESETS[_goal(request) or "damage"]
        )
        data = {
            "profession": profession,
            "buffs": list(realistic_buffs()),
            "distribution": _distribution_for(preset),
        }
        data = (
            Scenario.from_dict({**data, "affixes": ["Berserker"]})
            .with_preset(preset)
            .model_dump(exclude_defaults=True)
        )
        # Preset limits (e.g. 100% boon duration for raid heals) assume a template's runes and traits.
        data["constraints"] = {}
        if _goal(request) == "survivability" and not request.affixes:
            data["affixes"] = list(SURVIVABILITY_AFFIXES)
            data["infusions"] = {
                "max": MAX_INFUSIONS,
                "types": dict.fromkeys(SURVIVABILITY_INFUSIONS, MAX_INFUSIONS),
            }
        title = specialization or profession
    else:
        raise ScenarioError(
            "choose a build code, a template, or a profession (and optionally a specialization)"
        )
    if derived is not None:
        notes += [derived.distribution_note, *derived.notes]
    data = _apply_options(data, request)
    scenario = Scenario.from_dict(data)
    family = _baseline_family(scenario)
    label = f"full {BASELINES[family]}"
    baseline = Scenario.from_dict(
        {
            **scenario.model_dump(exclude_defaults=True),
            "affixes": [BASELINES[family]],
            "forced": {},
            "constraints": {},
            "top": 1,
        }
    )
    return PreparedRequest(
        scenario=scenario,
        title=f"{title} ({scenario.objective})",
        baseline_label=label,
        baseline=baseline,
        assumptions=derived.assumptions if derived else (),
        notes=tuple(notes),
    )


def parse_gear(text: str, weapon_type: str) -> dict[str, str]:
    """`Berserker` for every slot, or `armor=Berserker, trinkets=Assassin, helm=Dragon` (slot groups
    first, then single slots), into a prefix per slot; every slot must end up with one."""
    slots = [slot for slot in SLOTS if not (weapon_type == "two-handed" and slot == "Weapon2")]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) == 1 and "=" not in parts[0]:
        return dict.fromkeys(slots, resolve_affix_name(parts[0]))
    groups = {name.lower(): members for name, members in SLOT_GROUPS.items()}
    by_group: dict[str, str] = {}
    by_slot: dict[str, str] = {}
    for part in parts:
        target, sep, affix = part.partition("=")
        if not sep:
            raise ScenarioError(
                f"gear: {part!r} needs the form slot=Prefix, e.g. armor=Berserker or helm=Dragon"
            )
        name = target.strip().lower()
        if name in groups:
            by_group.update(dict.fromkeys(groups[name], resolve_affix_name(affix)))
        else:
            by_slot[resolve(target.strip(), slots, "slot or slot group (armor, trinkets, weapons)")] = (
                resolve_affix_name(affix)
            )
    chosen = {slot: by_slot.get(slot, by_group.get(slot)) for slot in slots}
    missing = [slot for slot, affix in chosen.items() if affix is None]
    if missing:
        raise ScenarioError(
            f"gear: no prefix for {', '.join(missing)}; give armor=, trinkets=, weapons= or each slot"
        )
    return {slot: affix for slot, affix in chosen.items() if affix is not None}


def stats_scenario(scenario: Scenario, gear: str) -> Scenario:
    """The scenario that evaluates exactly `gear` (every slot forced), keeping infusions and extras."""
    return gear_scenario(scenario, parse_gear(gear, scenario.weapon_type))


def gear_scenario(
    scenario: Scenario,
    forced: Mapping[str, str],
    *,
    infusions: Mapping[str, int] | None = None,
    exotic: Sequence[str] | None = None,
) -> Scenario:
    """The scenario that evaluates exactly the gear `forced` (a prefix for every slot), keeping extras;
    `infusions` fixes the infusion counts and `exotic` the exotic slots (None keeps the scenario's own)."""
    data = {
        **scenario.model_dump(exclude_defaults=True),
        "affixes": sorted(set(forced.values())),
        "forced": dict(forced),
        "constraints": {},
        "top": 1,
    }
    if infusions is not None:
        counts = {stat: count for stat, count in infusions.items() if count}
        data.pop("infusions", None)
        if counts:
            data["infusions"] = {"max": sum(counts.values()), "types": counts}
    if exotic is not None:
        data["exotic"] = list(exotic)
    return Scenario.from_dict(data)


def character_scenarios(scenario: Scenario, gear: CharacterGear) -> tuple[Scenario, Scenario]:
    """(best, current) for a character's equipment: the search for `scenario` with the character's
    weapon type, runes, sigils and relic (those the catalog knows), and exactly the character's gear,
    infusions and exotic pieces."""
    if not gear.complete:
        unknown = "; ".join(f"{slot}: {reason}" for slot, reason in gear.unknown_slots.items())
        raise ScenarioError(f"the character's gear is not fully known, so it cannot be compared ({unknown})")
    data = scenario.model_dump(exclude_defaults=True)
    data["weapon_type"] = gear.weapon_type
    data["extras"] = {**data.get("extras", {}), **gear.searchable_extras()}
    best = Scenario.from_dict(data)
    return best, gear_scenario(best, gear.slots, infusions=gear.infusions, exotic=gear.exotic_slots)


def _is_preset(text: str) -> bool:
    return normalize(text) in {normalize(name) for name in affix_presets()}


def _goal(request: OptimizeRequest) -> str | None:
    return resolve(request.goal, OBJECTIVES, "goal") if request.goal else None


def _apply_options(data: dict[str, Any], request: OptimizeRequest) -> dict[str, Any]:
    if request.affixes:
        if _is_preset(request.affixes):
            data = Scenario.from_dict(data).with_preset(request.affixes).model_dump(exclude_defaults=True)
        else:
            names = [name.strip() for name in request.affixes.split(",") if name.strip()]
            if not names:
                raise ScenarioError("affixes: give a preset name or affix names separated by commas")
            data["affixes"] = names
    goal = _goal(request)
    if goal is not None:
        data["objective"] = goal
    if request.weapon:
        data["weapon_type"] = request.weapon
    if request.mode:
        data["game_mode"] = "wvw" if normalize(request.mode) == "wvw" else "pve"
    if request.infusions and normalize(request.infusions) != "template":
        infusions = parse_infusions(request.infusions)
        if infusions is None:
            data.pop("infusions", None)
        else:
            data["infusions"] = infusions
    constraints = dict(data.get("constraints", {}))
    for key in (
        "min_boon_duration",
        "min_quickness_duration",
        "min_healing_power",
        "min_toughness",
        "max_toughness",
    ):
        value = getattr(request, key)
        if value is not None:
            constraints[key] = value
    low, high = constraints.get("min_toughness"), constraints.get("max_toughness")
    if low is not None and high is not None and low > high:
        raise ScenarioError(f"min toughness {low:g} is above max toughness {high:g}")
    data["constraints"] = constraints
    data["top"] = request.top
    return data
