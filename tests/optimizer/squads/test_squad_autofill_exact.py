"""Autofill against brute force: every assignment of small random squads is enumerated, and autofill must
reach the best objective; plus properties every result must have, on larger random squads.

The brute force gives every sign-up the bench or one of its choices in any subgroup with a free slot for
it; which of a subgroup's equal slots a player gets changes no criterion, so it is not enumerated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizer.squads.seating as seating
from optimizer.squads import (
    AutofillResult,
    Boon,
    Role,
    Signup,
    SignupChoice,
    SquadMode,
    SquadSlot,
    autofill,
    compute_coverage,
)

PVE_ROLES = [Role.DPS, Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL, Role.QUICKNESS_DPS, Role.ALACRITY_DPS]
WVW_ROLES = [Role.STABILITY, Role.WVW_HEAL, Role.STRIP, Role.WVW_DPS]
PVE_BOONS = [Boon.QUICKNESS, Boon.ALACRITY, Boon.HEAL, Boon.MIGHT]
WVW_BOONS = [Boon.STABILITY, Boon.HEAL, Boon.CLEANSE]


@dataclass(frozen=True)
class Case:
    mode: SquadMode
    slots: tuple[SquadSlot, ...]
    signups: tuple[Signup, ...]
    flexible: bool


@st.composite
def cases(draw: st.DrawFn, max_groups: int, max_signups: int, max_choices: int) -> Case:
    mode = draw(st.sampled_from([SquadMode.FRACTAL, SquadMode.RAID, SquadMode.STRIKE, SquadMode.WVW]))
    roles, boons = (WVW_ROLES, WVW_BOONS) if mode.is_wvw else (PVE_ROLES, PVE_BOONS)
    groups = draw(st.integers(1, min(max_groups, mode.max_subgroups)))
    slots: list[SquadSlot] = []
    for group in range(1, groups + 1):
        for position in range(1, draw(st.integers(1, 5)) + 1):
            role = draw(st.sampled_from(roles))
            if draw(st.integers(0, 5)) == 0:
                provides = draw(st.frozensets(st.sampled_from(boons)))
                slots.append(SquadSlot(group, position, role, provides, 1000 + len(slots), locked=True))
            else:
                slots.append(SquadSlot(group, position, role))
    choice = st.builds(SignupChoice, st.sampled_from(roles), st.frozensets(st.sampled_from(boons)))
    signups = tuple(
        Signup(member, tuple(draw(st.lists(choice, min_size=1, max_size=max_choices))))
        for member in range(draw(st.integers(0, max_signups)))
    )
    return Case(mode, tuple(slots), signups, draw(st.booleans()))


Objective = tuple[int, int, int, int]


def objective(case: Case, squad: Sequence[SquadSlot], seated: dict[int, int]) -> Objective:
    """(required boons missing, sign-ups benched, weight of who is benched, total rank): smaller is better.
    Benching sign-up i weighs 2**(n-1-i), so benching a later sign-up always weighs less."""
    missing = 0
    for group in sorted({s.subgroup for s in case.slots}):
        have = frozenset().union(*(s.boons or frozenset() for s in squad if s.subgroup == group))
        missing += len(case.mode.required - have)
    count = len(case.signups)
    benched = [i for i, signup in enumerate(case.signups) if signup.member_id not in seated]
    return missing, len(benched), sum(2 ** (count - 1 - i) for i in benched), sum(seated.values())


def brute_force(case: Case) -> Objective:
    """The best objective over every way to bench each sign-up or give it one of its choices in a subgroup
    with a free slot for that choice (any free slot with flexible roles)."""
    free: dict[tuple[int, Role | None], int] = {}
    for slot in case.slots:
        if not slot.locked:
            seat = None if case.flexible else slot.role
            free[slot.subgroup, seat] = free.get((slot.subgroup, seat), 0) + 1
    groups = sorted({s.subgroup for s in case.slots})
    best: list[Objective] = []
    placed: list[SquadSlot] = [s for s in case.slots if s.locked]
    seated: dict[int, int] = {}

    def visit(i: int) -> None:
        if i == len(case.signups):
            value = objective(case, placed, seated)
            if not best or value < best[0]:
                best[:] = [value]
            return
        visit(i + 1)
        signup = case.signups[i]
        for rank, choice in enumerate(signup.choices):
            seat = None if case.flexible else choice.role
            for group in groups:
                if free.get((group, seat), 0) > 0:
                    free[group, seat] -= 1
                    placed.append(SquadSlot(group, 1, choice.role, choice.boons))
                    seated[signup.member_id] = rank
                    visit(i + 1)
                    del seated[signup.member_id]
                    placed.pop()
                    free[group, seat] += 1

    visit(0)
    return best[0]


def check_result(case: Case, result: AutofillResult) -> dict[int, int]:
    """Assert everything a result must satisfy; return member → rank of the choice they got."""
    original = {(s.subgroup, s.position): s for s in case.slots}
    after = {(s.subgroup, s.position): s for s in result.slots}
    assert original.keys() == after.keys()
    for seat, slot in original.items():
        if slot.locked:
            assert after[seat] == slot
    by_member = {s.member_id: s for s in case.signups}
    seated: dict[int, int] = {}
    for placement in result.placements:
        slot = after[placement.subgroup, placement.position]
        assert not original[placement.subgroup, placement.position].locked
        assert placement.member_id not in seated, "a member is seated twice"
        chosen = by_member[placement.member_id].choices[placement.choice]
        assert (placement.role, placement.boons) == (chosen.role, chosen.boons)
        assert (slot.member_id, slot.role, slot.boons) == (placement.member_id, chosen.role, chosen.boons)
        if not case.flexible:
            assert original[placement.subgroup, placement.position].role == chosen.role
        seated[placement.member_id] = placement.choice
    empty = [s for seat, s in after.items() if not original[seat].locked and s.member_id is None]
    assert len(empty) + len(result.placements) == sum(not s.locked for s in case.slots)
    assert all(s.boons is None for s in empty)
    locked_members = {s.member_id for s in case.slots if s.locked}
    waiting = [
        s.member_id for s in case.signups if s.member_id not in seated and s.member_id not in locked_members
    ]
    assert list(result.bench) == waiting
    report = compute_coverage(case.mode, result.slots)
    assert result.complete == report.ready or not report.subgroups
    assert {(f.subgroup, f.duty) for f in result.shortfalls} == set(report.missing_required())
    assert result.total_rank == sum(seated.values())
    return seated


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_groups=2, max_signups=6, max_choices=2))
def test_autofill_reaches_the_brute_force_optimum(case: Case) -> None:
    result = autofill(case.mode, case.slots, case.signups, flexible_roles=case.flexible)
    seated = check_result(case, result)
    assert result.optimal
    assert objective(case, result.slots, seated) == brute_force(case)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_groups=3, max_signups=5, max_choices=2))
def test_autofill_reaches_the_brute_force_optimum_with_three_parties(case: Case) -> None:
    result = autofill(case.mode, case.slots, case.signups, flexible_roles=case.flexible)
    seated = check_result(case, result)
    assert result.optimal
    assert objective(case, result.slots, seated) == brute_force(case)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_groups=10, max_signups=30, max_choices=3))
def test_large_results_keep_locks_roles_capacity_and_tell_the_truth(case: Case) -> None:
    result = autofill(case.mode, case.slots, case.signups, flexible_roles=case.flexible)
    check_result(case, result)
    again = autofill(case.mode, reversed(case.slots), case.signups, flexible_roles=case.flexible)
    assert again == result


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_groups=2, max_signups=6, max_choices=2))
def test_the_sign_up_order_stays_exact_when_it_is_settled_in_several_blocks(case: Case) -> None:
    # Sign-ups are put in order a block at a time (20 in the bot); blocks of two exercise the hand-over.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seating, "_BLOCK", 2)
        result = autofill(case.mode, case.slots, case.signups, flexible_roles=case.flexible)
    seated = check_result(case, result)
    assert result.optimal
    assert objective(case, result.slots, seated) == brute_force(case)
