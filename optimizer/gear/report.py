"""Human-readable rendering of a scenario and its optimization result (the `gw2opt optimize` text).

Results whose gear and extras are the same and whose infusions differ are one block: the best split is
shown, the others are a note under it, so near-identical builds do not pass for alternatives.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Final

from optimizer.gear.attribute_keys import RESULT_PERCENT_ATTRIBUTES, SLOT_GROUPS
from optimizer.gear.character import damage_constants
from optimizer.gear.results import BuildResult, OptimizationResult
from optimizer.gear.scenario import CONSTRAINT_LIMITS, Scenario
from optimizer.wording import count

_KEY_ATTRIBUTES = (
    "Power",
    "Precision",
    "Ferocity",
    "Condition Damage",
    "Expertise",
    "Concentration",
    "Healing Power",
    "Toughness",
    "Vitality",
    "Critical Chance",
    "Critical Damage",
    "Condition Duration",
    "Boon Duration",
    "Health",
    "Armor",
)
_MAX_NOTES: Final = 3  # infusion variants named under one gear block
_MODES: Final = {"pve": "PvE", "wvw": "WvW"}


def _number(value: float) -> str:
    return f"{value:,.1f}" if abs(value - round(value)) > 1e-9 else f"{round(value):,}"


def _coefficient(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _attribute(name: str, value: float) -> str:
    return f"{name} {value:.1f}%" if name in RESULT_PERCENT_ATTRIBUTES else f"{name} {_number(value)}"


def _table(rows: Sequence[tuple[str, str]], indent: str = "  ") -> list[str]:
    width = max((len(label) for label, _ in rows), default=0)
    return [f"{indent}{label:<{width}}  {text}".rstrip() for label, text in rows]


def _extras_text(extras: dict[str, object]) -> str:
    shown = []
    for kind, choice in extras.items():
        if isinstance(choice, list | tuple):
            names = [c if isinstance(c, str) else getattr(c, "name", str(c)) for c in choice]
            shown.append(f"{kind} {' + '.join(names)}")
        else:
            shown.append(f"{kind} {choice}")
    return " | ".join(shown)


def scenario_summary(scenario: Scenario) -> list[tuple[str, str]]:
    """What a search assumes, as (label, text) rows: goal, mode, gear choices, buffs, limits, damage mix."""
    health, armor = scenario.health_and_armor
    who = scenario.profession or "custom character"
    if scenario.base_health is not None or scenario.armor is not None or not scenario.profession:
        who += f" (base health {_number(health)}, armor {_number(armor)})"
    weapons = "one two-handed weapon" if scenario.weapon_type == "two-handed" else "two one-handed weapons"
    rows = [
        ("Profession", who),
        ("Goal", f"highest {scenario.objective}, {_MODES[scenario.game_mode]}, {weapons}"),
        ("Affixes", ", ".join(scenario.affixes) or "none (every slot forced)"),
    ]
    if scenario.forced:
        rows.append(("Forced", ", ".join(f"{slot} {affix}" for slot, affix in scenario.forced.items())))
    if scenario.exotic:
        rows.append(("Exotic", ", ".join(scenario.exotic)))
    infusions = scenario.infusions
    if infusions is not None and infusions.types and infusions.max:
        rows.append(("Infusions", f"up to {infusions.max} (+5 each) of {', '.join(infusions.types)}"))
    else:
        rows.append(("Infusions", "none"))
    extras = {kind: list(getattr(scenario.extras, kind)) for kind in type(scenario.extras).model_fields}
    chosen = {kind: entries for kind, entries in extras.items() if entries}
    rows.append(
        (
            "Extras",
            " | ".join(
                f"{kind}: {', '.join(e if isinstance(e, str) else e.name for e in entries)}"
                for kind, entries in chosen.items()
            )
            or "none",
        )
    )
    rows.append(("Buffs", (", ".join(scenario.buffs) or "none") + " (assumed up all the time)"))
    if scenario.modifiers:
        rows.append(("Modifiers", ", ".join(modifier.name for modifier in scenario.modifiers)))
    limits = [
        f"{name.replace('_', ' ')} {_number(value)}{'%' if CONSTRAINT_LIMITS[name][2] == 'percent' else ''}"
        for name, value in scenario.constraints.active().items()
    ]
    rows.append(("Constraints", ", ".join(limits) or "none"))
    mix = " · ".join(f"{key} {_coefficient(value)}" for key, value in scenario.distribution.items())
    rows.append(("Distribution", f"{mix} (coefficients per second; see docs/scenario.md)"))
    return rows


def _rows(result: BuildResult) -> list[tuple[str, str]]:
    rows = []
    for group, slots in SLOT_GROUPS.items():
        present = [f"{slot} {result.gear[slot]}" for slot in slots if slot in result.gear]
        rows.append((group, " | ".join(present)))
    if result.infusions:
        rows.append(("Infusions", _infusions(result)))
    if result.extras:
        rows.append(("Extras", _extras_text(dict(result.extras))))
    attributes = [_attribute(name, result.attributes[name]) for name in _KEY_ATTRIBUTES]
    rows.append(("Attributes", " | ".join(attributes[:9])))
    rows.append(("", " | ".join(attributes[9:])))
    return rows


def _infusions(result: BuildResult) -> str:
    return " | ".join(f"{kind} {count}" for kind, count in result.infusions.items()) or "none"


def _share(score: float, best: float) -> str:
    return f"{100 * score / best:.2f}% of #1" if best else "100.00% of #1"


def fold_infusion_variants(results: Sequence[BuildResult]) -> list[list[BuildResult]]:
    """Results grouped by gear and extras, best first; within a group only the infusions differ."""
    groups: dict[str, list[BuildResult]] = {}
    for result in results:
        key = repr((sorted(result.gear.items()), sorted((k, repr(v)) for k, v in result.extras.items())))
        groups.setdefault(key, []).append(result)
    return list(groups.values())


def render_result(group: Sequence[BuildResult], objective: str, best_score: float, place: int) -> str:
    result = group[0]
    header = (
        f"#{place}  {objective} {_number(result.score)}  ({_share(result.score, best_score)})   "
        f"damage {_number(result.damage)} | survivability {_number(result.survivability)} | "
        f"healing {_number(result.healing)}"
    )
    rows = _rows(result)
    others = group[1 : 1 + _MAX_NOTES]
    if others:
        variants = "; ".join(f"{_infusions(o)} ({_share(o.score, best_score)})" for o in others)
        more = f"; {len(group) - 1 - _MAX_NOTES} more" if len(group) - 1 > _MAX_NOTES else ""
        rows.insert(len(SLOT_GROUPS) + 1, ("", f"same gear also ranks with {variants}{more}"))
    return "\n".join([header, *_table(rows)])


def numbers_note() -> str:
    """What the indicators mean, for the reader of a result."""
    constants = damage_constants()
    return (
        f"damage = DPS against the standard benchmark golem ({constants.target_armor:,.0f} armor) with "
        "the buffs above; survivability = effective health against strikes (health x armor / "
        f"{constants.survivability_reference_armor:,.0f}); healing = a reference heal "
        f"({constants.healing_base:g} + {constants.healing_power_factor:g} x Healing Power, "
        "x outgoing healing). Attributes are the hero panel with those buffs."
    )


def render_text(result: OptimizationResult) -> str:
    """One block per distinct gear set (infusion variants as a note), then what the numbers mean."""
    if not result.results:
        return "No build satisfies this scenario."
    best = result.results[0].score
    groups = fold_infusion_variants(result.results)
    blocks = [render_result(group, result.objective, best, place) for place, group in enumerate(groups, 1)]
    found = len(result.results)
    distinct = f" in {count(len(groups), 'distinct gear set')}" if len(groups) != found else ""
    footer = (
        f"{count(found, 'result')}{distinct}, ranked by {result.objective}; searched "
        f"{count(result.space, 'combination')} exactly with {count(result.evaluated, 'evaluation')} in "
        f"{result.seconds:.2f} s.\n{textwrap.fill(numbers_note(), 110)}"
    )
    return "\n\n".join([*blocks, footer])


def render_summary(title: str, scenario: Scenario, rows: Sequence[tuple[str, str]] = ()) -> str:
    """The heading of a report: what was optimized (`title`), under which assumptions, and further
    (label, text) `rows` the caller knows (what a build's traits were taken as, the search's size)."""
    return "\n".join([f"Optimized: {title}", *_table([*scenario_summary(scenario), *rows])])
