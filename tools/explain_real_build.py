"""Look into one real-build record: what differs, which modifiers are active, and the strike multipliers.

    python tools/explain_real_build.py RECORD [--override "Trait=50%, Other=off"] [--drop-relic]

RECORD is a fixture name in tests/optimizer/builds/real_builds/ (without .json). Prints what
test_real_builds.py compares (the mismatches), every modifier the evaluation counts (buffs, the build's
traits and skills with their uptime, the chosen extras), our damage multipliers, and the strike multiplier
the record implies: Effective Power / (Power x critical factor), which is ours when the published numbers
were computed with the same modifiers. Their ratio is what a difference in the damage buckets comes to,
e.g. 1.05 for a rune bonus the game has since removed. `--override` takes what `gw2opt stats --override`
takes, to try the author's toggles before writing a reason into differences/<profession>.json.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.builds import parse_overrides
from optimizer.gear import character_for, extras_choices
from tests.optimizer.builds.test_real_builds import RECORDS, compare, evaluate_record


def implied_strike_multiplier(published: dict[str, Any]) -> float | None:
    power, effective = published.get("Power"), published.get("Effective Power")
    if not power or not effective:
        return None
    chance = min(max(published.get("Critical Chance", 0.0), 0.0), 1.0)
    factor = 1 + chance * (published.get("Critical Damage", 1.5) - 1)
    return float(effective) / (float(power) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("record", help="fixture name, e.g. engineer-power-alac-amalgam-dps-scrapper")
    parser.add_argument("--override", default="", help='assumption changes, e.g. "Stormsoul=off, Fury=50%%"')
    parser.add_argument("--drop-relic", action="store_true", help="evaluate without the gear's relic")
    args = parser.parse_args(argv)
    if args.record not in RECORDS:
        print(f"no record {args.record!r}; records: {', '.join(sorted(RECORDS))}", file=sys.stderr)
        return 2
    record = copy.deepcopy(RECORDS[args.record])
    if args.drop_relic:
        record["gear"].get("consumables", {}).pop("relicId", None)
    overrides = parse_overrides(args.override) if args.override else {}

    print(f"{args.record}: {record['source']['path']} ({record['source']['guide_date'][:10]})")
    print(f"code {record['code']}")
    comparison = compare(record, args.record, overrides=overrides)
    print("reproduces" if comparison.reproduces else "differs:")
    for line in comparison.mismatches:
        print(f"  {line}")

    character, evaluation = evaluate_record(record, overrides)
    scenario = evaluation.scenario
    extras = extras_choices(scenario).modifiers(0)
    print("modifiers counted:")
    for name in scenario.buffs:
        print(f"  buff   {name}")
    for modifier in (*scenario.modifiers, *extras):
        print(f"  {'extra ' if modifier in extras else 'build '} {modifier.name}")
    model = character_for(scenario, extras)
    ours = {key: value for key, value in model.multipliers.items() if value != 1}
    print("our multipliers: " + ", ".join(f"{key} {value:.5f}" for key, value in ours.items()))
    theirs = implied_strike_multiplier(character.published)
    if theirs is not None:
        strike = model.multipliers["Strike"]
        print(f"record's strike multiplier {theirs:.5f}; ours {strike:.5f}; ratio {theirs / strike:.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
