"""Benchmark of squad autofill (issue 7): `python bench/autofill_bench.py [--squads 30] [--runs 3]`.

Each case builds `--squads` random sign-up lists (fixed seeds) and times `autofill` on each `--runs` times
(the median per squad); the table gives the median and the worst squad. In the same run a first-come,
first-served greedy (every sign-up, in order, takes the first of its choices that still has a free seat)
is timed on the same squads as the reference: the ratio says what exactness costs, the "ready" columns
what it buys. Sign-ups are drawn from the bundled spec-and-role catalog, 1–3 roles each, with roughly the
role mix a guild sees; the last two cases are deliberately hard (coverage impossible, random boons).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.squads import (
    Boon,
    Role,
    Signup,
    SignupChoice,
    SquadMode,
    SquadSlot,
    autofill,
    compute_coverage,
    find_template,
    load_boon_catalog,
)

PVE_MIX = {Role.DPS: 6.0, Role.QUICKNESS_DPS: 1.2, Role.ALACRITY_DPS: 1.2, Role.QUICKNESS_HEAL: 0.8}
PVE_MIX |= {Role.ALACRITY_HEAL: 0.8}
WVW_MIX = {Role.STABILITY: 2.0, Role.WVW_HEAL: 2.0, Role.STRIP: 1.5, Role.CLEANSE: 0.5, Role.WVW_DPS: 4.0}

Generator = Callable[[random.Random, int], list[Signup]]


def from_catalog(mix: dict[Role, float], without: Boon | None = None) -> Generator:
    """Sign-ups whose choices are (spec, role) pairs of the catalog; `without` strips a boon from 70%."""
    catalog = load_boon_catalog()
    roles, weights = list(mix), list(mix.values())

    def draw(rng: random.Random, count: int) -> list[Signup]:
        signups = []
        for member in range(count):
            wanted: list[Role] = []
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                role = rng.choices(roles, weights)[0]
                if role not in wanted:
                    wanted.append(role)
            choices = []
            for role in wanted:
                spec = rng.choice([entry for entry in catalog.specializations if role in entry.roles])
                boons = spec.roles[role]
                if without is not None and rng.random() < 0.7:
                    boons -= {without}
                choices.append(SignupChoice(role, boons))
            signups.append(Signup(member, tuple(choices)))
        return signups

    return draw


def random_boons(mode: SquadMode) -> Generator:
    """Adversarial: any role of the mode, each required boon with probability 0.35."""

    def draw(rng: random.Random, count: int) -> list[Signup]:
        pool = sorted(mode.required)
        return [
            Signup(
                member,
                tuple(
                    SignupChoice(rng.choice(mode.roles), frozenset(b for b in pool if rng.random() < 0.35))
                    for _ in range(rng.randint(1, 3))
                ),
            )
            for member in range(count)
        ]

    return draw


def greedy(slots: Sequence[SquadSlot], signups: Sequence[Signup], flexible: bool) -> list[SquadSlot]:
    """The reference: first come, first served, first fitting choice, lowest free seat."""
    seats = list(slots)
    for signup in signups:
        for option in signup.choices:
            fits = [i for i, s in enumerate(seats) if not s.filled and (flexible or s.role == option.role)]
            if fits:
                slot = seats[fits[0]]
                seats[fits[0]] = SquadSlot(
                    slot.subgroup, slot.position, option.role, option.boons, signup.member_id
                )
                break
    return seats


@dataclass(frozen=True)
class Case:
    label: str
    mode: SquadMode
    template: str
    signups: int
    draw: Generator
    flexible: bool = False


CASES = [
    Case("raid, 10 sign-ups", SquadMode.RAID, "standard", 10, from_catalog(PVE_MIX)),
    Case("raid, 50 sign-ups (waitlist)", SquadMode.RAID, "standard", 50, from_catalog(PVE_MIX)),
    Case("WvW 10×5, 50 sign-ups", SquadMode.WVW, "wvw-strip", 50, from_catalog(WVW_MIX)),
    Case(
        "WvW 10×5, 50 sign-ups, flexible roles", SquadMode.WVW, "wvw-strip", 50, from_catalog(WVW_MIX), True
    ),
    Case(
        "WvW 10×5, 50, stability scarce",
        SquadMode.WVW,
        "wvw-strip",
        50,
        from_catalog(WVW_MIX, Boon.STABILITY),
    ),
    Case("WvW 10×5, 50, random boons", SquadMode.WVW, "wvw-strip", 50, random_boons(SquadMode.WVW)),
]


def median_seconds(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(case: Case, squads: int, runs: int) -> list[str]:
    exact, reference, exact_ready, greedy_ready, unproven = [], [], 0, 0, 0
    for seed in range(squads):
        slots = find_template(case.template).slots(case.mode)
        signups = case.draw(random.Random(seed), case.signups)
        result = autofill(case.mode, slots, signups, flexible_roles=case.flexible)
        exact_ready += result.complete
        unproven += not result.optimal
        greedy_ready += compute_coverage(case.mode, greedy(slots, signups, case.flexible)).ready
        exact.append(
            median_seconds(partial(autofill, case.mode, slots, signups, flexible_roles=case.flexible), runs)
        )
        reference.append(median_seconds(partial(greedy, slots, signups, case.flexible), runs))
    ratio = statistics.median(exact) / statistics.median(reference)
    return [
        case.label,
        f"{statistics.median(exact) * 1000:8.2f}",
        f"{max(exact) * 1000:8.2f}",
        f"{statistics.median(reference) * 1000:7.3f}",
        f"{ratio:7.0f}×",
        f"{exact_ready}/{squads}",
        f"{greedy_ready}/{squads}",
        str(unproven),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squads", type=int, default=30, help="random squads per case")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per squad (the median is kept)")
    args = parser.parse_args()
    header = ["case", "median ms", "worst ms", "greedy ms", "ratio", "ready", "greedy ready", "unproven"]
    rows = [measure(case, args.squads, args.runs) for case in CASES]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
    print("ready: squads whose every subgroup has what the mode requires; unproven: autofill stopped at its")
    print("time limit before HiGHS proved the seating optimal (the best found is returned).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
