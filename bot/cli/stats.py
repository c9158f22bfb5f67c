"""`gw2opt stats --build CODE --gear FILE`: what given gear does for a build, without Discord.

The traits and skills come from the code; the gear file names a prefix per slot, infusions and extras (the
shape of one `optimize --json` result, plus buffs and agony resistance). Numbers are the model's: damage is
DPS on the standard benchmark golem for the build's distribution.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.inputs import input_name, problem_list, read_input
from bot.cli.main import CommandLineError, add_command
from optimizer.builds import (
    MODES,
    DerivedScenario,
    GearChoice,
    GearEvaluation,
    evaluate_gear,
    parse_distribution,
    parse_overrides,
    scenario_for_build,
)
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData
from optimizer.gear import RESULT_ATTRIBUTES, RESULT_PERCENT_ATTRIBUTES
from optimizer.json_input import JsonInputError, limited, read_json


def read_json_document(path: str, what: str) -> dict[str, Any]:
    """The JSON object in a file (`-`: standard input), read as every input file is (see json_input);
    a CommandLineError lists every problem of its numbers."""
    try:
        document, problems = read_json(read_input(path), f"the {what} {input_name(path)}")
    except JsonInputError as error:
        raise CommandLineError(str(error)) from None
    if problems:
        raise CommandLineError(problem_list(limited(problems)))
    if not isinstance(document, dict):
        raise CommandLineError(
            f"the {what} {input_name(path)} must hold a JSON object, not {type(document).__name__}"
        )
    return document


def derive(args: argparse.Namespace) -> DerivedScenario:
    return scenario_for_build(
        args.build,
        GameData.bundled(),
        goal=getattr(args, "goal", None),
        distribution=parse_distribution(args.distribution) if args.distribution else None,
        mode=args.mode,
        overrides=parse_overrides(args.override) if args.override else None,
    )


def stats_document(evaluation: GearEvaluation) -> dict[str, Any]:
    """The `stats --json` document: attributes (percentages in percent), indicators, what was assumed."""
    result = evaluation.result
    return {
        "attributes": {key: result.attributes[key] for key in RESULT_ATTRIBUTES},
        "damage": result.damage,
        "survivability": result.survivability,
        "healing": result.healing,
        "gear": result.gear,
        "infusions": result.infusions,
        "extras": result.extras,
        "modifiers": [assumption.as_json() for assumption in evaluation.assumptions],
        "buffs": list(evaluation.scenario.buffs),
    }


def _text(derived: DerivedScenario, evaluation: GearEvaluation) -> str:
    result = evaluation.result
    contents = derived.contents
    lines = [
        f"{contents.specialization} ({contents.profession}), {derived.mode}: your gear",
        f"  lines: {', '.join(line.name for line in contents.lines)}",
        f"  {derived.distribution_note}: "
        + ", ".join(f"{k} {v:g}" for k, v in evaluation.scenario.distribution.items()),
        f"  buffs assumed: {', '.join(evaluation.scenario.buffs) or 'none'}",
    ]
    if evaluation.assumptions:
        lines.append("  traits and skills: " + "; ".join(a.describe() for a in evaluation.assumptions))
    lines += [f"  note: {note}" for note in derived.notes]
    lines.append("")
    for key in RESULT_ATTRIBUTES:
        value = result.attributes[key]
        shown = f"{value:.2f} %" if key in RESULT_PERCENT_ATTRIBUTES else f"{value:,.0f}"
        lines.append(f"  {key:<20} {shown}")
    lines += [
        "",
        f"  damage        {result.damage:,.0f} DPS on the benchmark golem",
        f"  survivability {result.survivability:,.0f} (effective health / 1967)",
        f"  healing       {result.healing:,.0f} (healing indicator)",
    ]
    return "\n".join(lines)


def _stats(args: argparse.Namespace) -> int:
    document = read_json_document(args.gear, "gear file")
    try:
        derived = derive(args)
        evaluation = evaluate_gear(derived, GearChoice.from_dict(document))
    except ScenarioError as error:
        raise CommandLineError(problem_list(error.problems)) from None
    if args.json:
        print(json.dumps(stats_document(evaluation), indent=2, allow_nan=False))
    else:
        print(_text(derived, evaluation))
    return 0


def add_build_options(parser: argparse.ArgumentParser, *, required: bool, with_code: bool = True) -> None:
    """The options that describe a build: its code, distribution, mode and changed assumptions."""
    if with_code:
        parser.add_argument(
            "--build", metavar="CODE", required=required, help="build template chat code [&DQ...]"
        )
    parser.add_argument(
        "--distribution",
        metavar="COEFFICIENTS",
        help="the build's skill coefficients, e.g. \"Power=3397,Bleeding=7.98\" (default: its template's)",
    )
    parser.add_argument("--mode", choices=MODES, default="pve", help="game mode and its buffs (default: pve)")
    parser.add_argument(
        "--override",
        metavar="CHANGES",
        help='change what is assumed, e.g. "Twice as Vicious=0.5, Righteous Instincts=off"',
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "stats",
        "The traits and skills come from the code; the gear file names a prefix per slot, infusions and "
        "extras (the shape of one `optimize --json` result, plus buffs and agony resistance). Numbers are "
        "the model's: damage is DPS on the standard benchmark golem for the build's distribution.",
    )
    add_build_options(parser, required=True)
    parser.add_argument(
        "--gear", metavar="FILE", required=True, help="gear JSON file (- reads standard input)"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.set_defaults(handler=_stats)
