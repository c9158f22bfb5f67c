"""An independent check of a guide's gear: our best gear for the build's own chat code and role, compared
with the guide's gear evaluated by our model under the same assumptions.

Both sides share one scenario made from the variant's chat code (its own trait lines when the guide's gear
names them), the guide's distribution, game mode, agony resistance, buffs, runes, sigils, food, utility and
relic. Only the prefixes and stat infusions are searched: the guide's own prefixes and our preset's for the
role, infusions of the guide's types and count. A boon role keeps at least the boon duration the guide's gear
reaches. So "agrees" means no gear in that space beats the guide's by more than `AGREE_WITHIN`, and a gain
names the prefixes that would change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from optimizer.builds import DerivedScenario, GearChoice, gear_scenario_for, scenario_for_build
from optimizer.chatlink import ChatLinkError, TraitLine, decode_build, encode
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import SLOTS, BuildResult, Scenario
from optimizer.meta.records import GearVariant, MetaBuild, VariantTraits
from optimizer.squads import Role

AGREE_WITHIN: Final = 0.001  # 0.1 %: closer than that is rounding, not a better set
BOON_ROLES: Final = frozenset(
    {Role.QUICKNESS_DPS, Role.ALACRITY_DPS, Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL, Role.SUPPORT}
)
_HEAL_ROLES: Final = frozenset({Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL, Role.SUPPORT})
CheckStatus = Literal["agrees", "better", "guide ahead", "unchecked"]


class VariantCheck(BaseModel):
    """The outcome for one gear variant; `gain` is our best over the guide's gear (0.008 = +0.8 %)."""

    model_config = ConfigDict(frozen=True)
    variant: str
    status: CheckStatus
    text: str
    code: str | None = None
    objective: str | None = None
    gain: float | None = None
    ours: Mapping[str, Any] | None = None  # gear, infusions, extras of our best
    swaps: tuple[tuple[int, str, str], ...] = ()  # (slots, our prefix, the guide's prefix)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckPlan:
    """The guide's gear as one fixed candidate, derived from the variant's code; the search follows once
    the guide's boon duration is known (`search_scenario`)."""

    build: MetaBuild
    variant: GearVariant
    code: str
    derived: DerivedScenario
    choice: GearChoice
    guide: Scenario
    notes: tuple[str, ...]


def variant_code(code: str, traits: VariantTraits | None, gamedata: GameData) -> tuple[str, str | None]:
    """The build code with the variant's own trait lines and traits, and a note when they could not be
    used. Skills and weapons stay the code's."""
    if traits is None or len(traits.lines) != 3:
        return code, None
    try:
        template = decode_build(code)
    except ChatLinkError as error:
        raise ScenarioError(f"the build code cannot be read: {error}") from None
    lines: list[TraitLine] = []
    for spec_id, chosen in zip(traits.lines, (*traits.selection, (), (), ()), strict=False):
        choices = [0, 0, 0]
        for trait_id in chosen:
            position = gamedata.trait_position(trait_id)
            if position is None or position[0] != spec_id:
                return code, f"trait {trait_id} of the variant is unknown here: the code's traits are used"
            choices[position[1] - 1] = position[2]
        lines.append(TraitLine(spec_id, (choices[0], choices[1], choices[2])))
    try:
        changed = encode(
            type(template)(
                profession=template.profession,
                specializations=(lines[0], lines[1], lines[2]),
                terrestrial=template.terrestrial,
                aquatic=template.aquatic,
                pets=template.pets,
                legends=template.legends,
                weapons=template.weapons,
                skill_overrides=template.skill_overrides,
            )
        )
    except ChatLinkError as error:
        return code, f"the variant's traits do not make a valid code ({error}): the code's traits are used"
    return changed, None


def _goal(role: Role) -> str:
    return "healing" if role in _HEAL_ROLES else "damage"


def plan_check(build: MetaBuild, variant: GearVariant, gamedata: GameData) -> CheckPlan:
    """ScenarioError when the build or its gear cannot be modelled (no code, unknown items, ...)."""
    if not build.code:
        raise ScenarioError("the guide gives no build chat code")
    if variant.choice is None:
        raise ScenarioError(variant.problem or "the guide's gear could not be read")
    code, note = variant_code(build.code, variant.traits, gamedata)
    notes = [note] if note else []
    choice = GearChoice.from_dict(variant.choice)
    options: dict[str, Any] = {
        "distribution": dict(variant.distribution) if variant.distribution else None,
        "mode": variant.mode or "pve",
        "agony_resistance": choice.agony_resistance,
    }
    try:
        derived = scenario_for_build(code, gamedata, role=build.role.value, **options)
    except ScenarioError as error:
        if "plays the role" not in str(error):
            raise
        # No template of this spec plays the role: its distribution is given, so only the prefixes to
        # search and the goal come from elsewhere.
        derived = scenario_for_build(code, gamedata, goal=_goal(build.role), **options)
        notes.append(f"{error}: prefixes of the closest template searched")
    # The guide's own coefficients are used whenever it states them; otherwise a template's.
    notes.append("the guide's distribution" if variant.distribution else derived.distribution_note)
    notes += derived.notes
    return CheckPlan(
        build=build,
        variant=variant,
        code=code,
        derived=derived,
        choice=choice,
        guide=gear_scenario_for(derived, choice).with_top(1),
        notes=tuple(dict.fromkeys(notes)),
    )


def search_scenario(plan: CheckPlan, guide: BuildResult) -> Scenario:
    """Our search: the guide's prefixes with the role's, the guide's extras and buffs fixed, stat
    infusions of the guide's types and count; a boon role keeps the guide's boon duration."""
    data = plan.guide.model_dump(exclude_defaults=True)
    own = plan.derived.scenario
    data.pop("forced", None)
    data["affixes"] = list(dict.fromkeys([*plan.choice.gear.values(), *own.affixes]))
    data["objective"] = own.objective
    infusions = {attribute: count for attribute, count in plan.choice.infusions.items() if count}
    data.pop("infusions", None)
    if infusions:
        data["infusions"] = {"max": sum(infusions.values()), "types": dict.fromkeys(infusions, 18)}
    constraints: dict[str, float] = {}
    if plan.build.role in BOON_ROLES:
        # Rounded down a little, so the guide's own gear is always inside the search.
        constraints["min_boon_duration"] = max(0.0, round(guide.attributes["Boon Duration"] - 0.05, 1))
    data["constraints"] = constraints
    data["top"] = 1
    return Scenario.from_dict(data)


def prefix_swaps(ours: Mapping[str, str], guide: Mapping[str, str]) -> tuple[tuple[int, str, str], ...]:
    """How many slots take which of our prefixes instead of which of the guide's, most slots first."""
    counts = Counter(
        (ours[slot], guide[slot]) for slot in SLOTS if slot in ours and ours[slot] != guide.get(slot)
    )
    return tuple(
        (n, mine, theirs) for (mine, theirs), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def swaps_text(swaps: Sequence[tuple[int, str, str]]) -> str:
    return ", ".join(f"{n} × {mine} instead of {theirs}" for n, mine, theirs in swaps)


def _infusions_text(infusions: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {attribute}" for attribute, n in infusions.items() if n) or "none"


def compare_results(plan: CheckPlan, best: BuildResult, guide: BuildResult, objective: str) -> VariantCheck:
    """ "agrees", or the gain and what gives it."""
    ours = {"gear": dict(best.gear), "infusions": dict(best.infusions), "extras": dict(best.extras)}
    swaps = prefix_swaps(best.gear, guide.gear)
    gain = best.score / guide.score - 1 if guide.score > 0 else 0.0
    common = {
        "variant": plan.variant.title,
        "code": plan.code,
        "objective": objective,
        "gain": gain,
        "ours": ours,
        "swaps": swaps,
        "notes": plan.notes,
    }
    infusions_differ = dict(best.infusions) != {k: v for k, v in guide.infusions.items() if v}
    if abs(gain) <= AGREE_WITHIN or (not swaps and not infusions_differ):
        return VariantCheck(status="agrees", text="agrees", **common)
    if gain < 0:
        # The guide's gear is in our search space, so this only happens when it breaks a limit we keep.
        return VariantCheck(
            status="guide ahead",
            text=f"the guide's gear scores {-gain * 100:+.1f} % over ours; it is outside what we searched",
            **common,
        )
    what = swaps_text(swaps)
    if infusions_differ:
        extra = f"infusions {_infusions_text(best.infusions)}"
        what = f"{what}, {extra}" if what else extra
    return VariantCheck(status="better", text=f"{gain * 100:+.1f} % with {what}", **common)


def unchecked(variant: str, reason: str) -> VariantCheck:
    return VariantCheck(variant=variant, status="unchecked", text=f"not checked: {reason}")
