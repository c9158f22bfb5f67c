"""`gw2opt optimize`: the gear search without Discord, on both cores for large searches."""

from __future__ import annotations

import argparse
import json
import os

from bot.cli.main import CommandLineError
from bot.cli.stats import add_build_options, derive
from optimizer.builds import Assumption, list_templates, load_template
from optimizer.errors import ScenarioError
from optimizer.gear import MAX_TOP, OBJECTIVES, Scenario, optimize, render_text


def _scenario(args: argparse.Namespace) -> tuple[Scenario, tuple[Assumption, ...]]:
    assumptions: tuple[Assumption, ...] = ()
    if args.build:
        derived = derive(args)
        scenario, assumptions = derived.scenario, derived.assumptions
    elif args.scenario:
        scenario = Scenario.from_json_file(args.scenario)
    else:
        scenario = load_template(args.template, mode=args.mode)
    if args.top is not None:
        scenario = Scenario.from_dict({**scenario.model_dump(exclude_defaults=True), "top": args.top})
    return scenario, assumptions


def _optimize(args: argparse.Namespace) -> int:
    if args.list:
        for template in list_templates():
            print(f"{template.name}  ({template.profession}, game build {template.game_build})")
        return 0
    if not (args.scenario or args.template or args.build):
        raise CommandLineError(
            "give --build CODE, --scenario FILE or --template NAME (see --list for the templates)"
        )
    try:
        scenario, assumptions = _scenario(args)
        result = optimize(scenario, workers=args.workers)
    except ScenarioError as error:
        raise CommandLineError(str(error)) from None
    if args.json:
        document = result.to_json_dict()
        if args.build:
            document["modifiers"] = [assumption.as_json() for assumption in assumptions]
            document["buffs"] = list(scenario.buffs)
        print(json.dumps(document, indent=2))
    else:
        if assumptions:
            print("traits and skills: " + "; ".join(a.describe() for a in assumptions))
        print(render_text(result))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("optimize", help="find the best gear for a scenario or a bundled template")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--build", metavar="CODE", help="a build chat code: its own traits and skills")
    source.add_argument("--scenario", metavar="FILE", help="scenario JSON file")
    source.add_argument("--template", metavar="NAME", help='bundled template, e.g. "Power Soulbeast"')
    source.add_argument("--list", action="store_true", help="list the bundled templates")
    parser.add_argument("--goal", choices=OBJECTIVES, help="with --build: what to rank by")
    add_build_options(parser, required=False, with_code=False)
    parser.add_argument("--top", type=int, metavar="N", help=f"distinct results to show (1-{MAX_TOP})")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes for large searches"
    )
    parser.set_defaults(handler=_optimize)
