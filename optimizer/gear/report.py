"""Human-readable rendering of an optimization result (the `gw2opt optimize` table)."""

from __future__ import annotations

from optimizer.gear.attribute_keys import RESULT_PERCENT_ATTRIBUTES, SLOT_GROUPS
from optimizer.gear.results import BuildResult, OptimizationResult
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


def _number(value: float) -> str:
    return f"{value:,.1f}" if abs(value - round(value)) > 1e-9 else f"{round(value):,}"


def _attribute(name: str, value: float) -> str:
    return f"{name} {value:.1f}%" if name in RESULT_PERCENT_ATTRIBUTES else f"{name} {_number(value)}"


def _rows(result: BuildResult) -> list[tuple[str, str]]:
    rows = []
    for group, slots in SLOT_GROUPS.items():
        present = [f"{slot} {result.gear[slot]}" for slot in slots if slot in result.gear]
        rows.append((group, " | ".join(present)))
    if result.infusions:
        rows.append(("Infusions", " | ".join(f"{kind} {count}" for kind, count in result.infusions.items())))
    if result.extras:
        shown = [
            f"{kind} {' + '.join(choice) if isinstance(choice, list) else choice}"
            for kind, choice in result.extras.items()
        ]
        rows.append(("Extras", " | ".join(shown)))
    attributes = [_attribute(name, result.attributes[name]) for name in _KEY_ATTRIBUTES]
    rows.append(("Attributes", " | ".join(attributes[:9])))
    rows.append(("", " | ".join(attributes[9:])))
    return rows


def render_result(result: BuildResult, objective: str, best_score: float) -> str:
    share = 100 * result.score / best_score if best_score else 100.0
    header = (
        f"#{result.rank}  {objective} {_number(result.score)}  ({share:.2f}% of #1)   "
        f"damage {_number(result.damage)} | survivability {_number(result.survivability)} | "
        f"healing {_number(result.healing)}"
    )
    width = max(len(label) for label, _ in _rows(result))
    lines = [header] + [f"  {label:<{width}}  {text}" for label, text in _rows(result)]
    return "\n".join(lines)


def render_text(result: OptimizationResult) -> str:
    """One block per result: gear by slot group, infusions, extras, key attributes, score and % of #1."""
    if not result.results:
        return "No build satisfies this scenario."
    best = result.results[0].score
    blocks = [render_result(build, result.objective, best) for build in result.results]
    footer = (
        f"{count(len(result.results), 'result')}, ranked by {result.objective}; searched "
        f"{count(result.space, 'combination')} exactly with {count(result.evaluated, 'evaluation')} in "
        f"{result.seconds:.2f} s."
    )
    return "\n\n".join([*blocks, footer])
