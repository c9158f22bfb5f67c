"""`gw2opt optimize`: the gear search without Discord, in the bot's worker pool.

Every way of saying what to optimize (a build chat code, a scenario file, a bundled template) becomes a
`Subject`: the scenario, a title for it and what was assumed to make it. What follows is shared:
`--print-scenario`, the heading that says what was optimized, the size of the search, its time limit and
progress, and the output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from bot.cli.inputs import input_name, problem_list, read_input
from bot.cli.main import CommandLineError, add_command
from bot.cli.search_run import plan_search, run_search
from bot.cli.stats import add_build_options, derive
from optimizer.builds import Assumption, find_template, list_templates, load_template
from optimizer.errors import ScenarioError
from optimizer.gear import MAX_TOP, OBJECTIVES, Scenario, render_summary, render_text

MAX_TIME_LIMIT = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Subject:
    """What a search optimizes, how the output names it, and what was assumed to make its scenario."""

    scenario: Scenario
    title: str
    from_template: bool = False
    assumptions: tuple[Assumption, ...] = ()
    notes: tuple[str, ...] = ()

    def with_top(self, top: int) -> Subject:
        return Subject(
            self.scenario.with_top(top), self.title, self.from_template, self.assumptions, self.notes
        )

    def heading(self, *rows: tuple[str, str]) -> str:
        """What was optimized and assumed, then the caller's `rows`."""
        before: list[tuple[str, str]] = []
        if self.assumptions:
            before.append(("Traits, skills", "; ".join(a.describe() for a in self.assumptions)))
        before += [("Note", note) for note in self.notes]
        return render_summary(self.title, self.scenario, [*before, *rows])


def _build(args: argparse.Namespace) -> Subject:
    derived = derive(args)
    contents = derived.contents
    plan = f"; plan of template {derived.template}" if derived.template else ""
    title = f"build {args.build} ({contents.specialization}, {contents.profession}; {derived.mode}{plan})"
    notes = (f"distribution: {derived.distribution_note}", *derived.notes)
    return Subject(derived.scenario, title, assumptions=derived.assumptions, notes=notes)


def _template(name: str, mode: str) -> Subject:
    info = find_template(name)
    title = (
        f"template {info.name} ({info.profession}, {info.specialization}; {mode}; "
        f"game build {info.game_build})"
    )
    return Subject(load_template(info.name, mode=mode), title, from_template=True)


def _scenario_file(file: str) -> Subject:
    scenario = Scenario.from_json(read_input(file), input_name(file))
    return Subject(scenario, f"scenario from {input_name(file)}")


def _subject(args: argparse.Namespace) -> Subject:
    if args.build:
        subject = _build(args)
    elif args.scenario:
        subject = _scenario_file(args.scenario)
    elif args.template:
        subject = _template(args.template, args.mode)
    else:
        raise CommandLineError(
            "give --build CODE, --scenario FILE or --template NAME (see --list for the templates)"
        )
    return subject if args.top is None else subject.with_top(args.top)


def scenario_document(scenario: Scenario) -> dict[str, object]:
    """The scenario as a file holds it (every key that has a value), ready to edit and read back."""
    return scenario.model_dump(mode="json", exclude_none=True)


def default_time_limit() -> float:
    """The bot's OPTIMIZE_TIME_LIMIT (environment or .env), so both stop searches alike."""
    from bot.settings import load_settings

    return load_settings().optimize_time_limit


def _list_templates() -> int:
    for template in list_templates():
        print(
            f"{template.name}  ({template.profession}, {template.specialization}; "
            f"game build {template.game_build}): {template.summary}"
        )
    return 0


def _optimize(args: argparse.Namespace) -> int:
    if args.list:
        return _list_templates()
    try:
        subject = _subject(args)
        if args.print_scenario:
            print(json.dumps(scenario_document(subject.scenario), indent=2, ensure_ascii=False))
            return 0
        plan = plan_search(subject.scenario, args.workers)
        time_limit = args.time_limit if args.time_limit is not None else default_time_limit()
        if not args.json:
            search = f"{plan.describe()}, time limit {time_limit:g} s"
            print(subject.heading(("Search", search)) + "\n", flush=True)
        result = run_search(
            subject.scenario,
            plan,
            time_limit=time_limit,
            progress_stream=sys.stderr if sys.stderr.isatty() else None,
            from_template=subject.from_template,
        )
    except ScenarioError as error:
        raise CommandLineError(problem_list(error.problems)) from None
    if args.json:
        document = result.to_json_dict()
        if args.build:
            document["modifiers"] = [assumption.as_json() for assumption in subject.assumptions]
            document["buffs"] = list(subject.scenario.buffs)
        print(json.dumps(document, indent=2, allow_nan=False))
    else:
        print(render_text(result))
    return 0


def _bounded(kind: type[int] | type[float], low: float, high: float, what: str) -> Callable[[str], float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be {low:g} to {high:g}, not {text}")
        return value

    return parse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "optimize",
        "Searches every assignment of the scenario's affixes to the gear slots, its infusion splits and "
        "extras combinations exactly and prints the best results, after a heading that says what was "
        "optimized and what was assumed. The search runs in worker processes and stops at --time-limit. "
        "The scenario format is documented in docs/scenario.md; --print-scenario prints a template's or a "
        "build's scenario to start from.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--build", metavar="CODE", help="a build chat code: its own traits and skills")
    source.add_argument("--scenario", metavar="FILE", help="scenario JSON file, or - for standard input")
    source.add_argument(
        "--template",
        metavar="NAME",
        help='bundled template: its name or a unique part of it, e.g. "Power DH", "FB", "Soulbeast"',
    )
    source.add_argument("--list", action="store_true", help="list the bundled templates")
    parser.add_argument("--goal", choices=OBJECTIVES, help="with --build: what to rank by")
    add_build_options(parser, required=False, with_code=False)
    parser.add_argument(
        "--top",
        type=_bounded(int, 1, MAX_TOP, "--top"),
        metavar="N",
        help=f"distinct results to search for, 1-{MAX_TOP} (default: the scenario's top, 5 if it has none)",
    )
    parser.add_argument(
        "--print-scenario", action="store_true", help="print the scenario as JSON instead of searching"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--workers",
        type=_bounded(int, 1, 64, "--workers"),
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="worker processes that share the search",
    )
    parser.add_argument(
        "--time-limit",
        type=_bounded(float, 0.1, MAX_TIME_LIMIT, "--time-limit"),
        metavar="SECONDS",
        help="stop a search that runs longer (default: the bot's OPTIMIZE_TIME_LIMIT, 30 s unless set)",
    )
    parser.set_defaults(handler=_optimize)
