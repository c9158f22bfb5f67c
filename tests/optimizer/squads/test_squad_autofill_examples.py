"""Autofill on hand-made squads: preferences, locks, flexible roles, the waitlist and the explanations."""

from __future__ import annotations

import pytest

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
    default_boons,
    find_template,
)

Q, A, H, S = Boon.QUICKNESS, Boon.ALACRITY, Boon.HEAL, Boon.STABILITY


def choice(spec: str, role: Role) -> SignupChoice:
    return SignupChoice(role, default_boons(spec, role))


def signup(member: int, *choices: SignupChoice) -> Signup:
    return Signup(member, choices)


def seat_of(result: AutofillResult, member: int) -> tuple[int, Role, int]:
    placement = next(p for p in result.placements if p.member_id == member)
    return placement.subgroup, placement.role, placement.choice


RAID = find_template("standard").slots(SquadMode.RAID)  # sg1: qHeal aDPS 3×DPS, sg2: aHeal qDPS 3×DPS


def dps(member: int) -> Signup:
    return signup(member, choice("Weaver", Role.DPS))


def test_a_full_raid_is_seated_on_first_choices_and_ready() -> None:
    signups = [
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Renegade", Role.ALACRITY_DPS)),
        signup(3, choice("Druid", Role.ALACRITY_HEAL)),
        signup(4, choice("Herald", Role.QUICKNESS_DPS)),
        *[dps(member) for member in range(5, 11)],
    ]
    result = autofill(SquadMode.RAID, RAID, signups)
    assert result.complete and result.optimal
    assert result.total_rank == 0
    assert result.bench == ()
    assert compute_coverage(SquadMode.RAID, result.slots).ready
    assert seat_of(result, 1)[:2] == (1, Role.QUICKNESS_HEAL)
    assert seat_of(result, 3)[:2] == (2, Role.ALACRITY_HEAL)


def test_a_flexible_healer_takes_the_second_choice_so_both_subgroups_get_a_heal() -> None:
    # First come, first choice would seat both quickness healers and leave subgroup 2 without a heal.
    signups = [
        signup(1, choice("Chronomancer", Role.QUICKNESS_HEAL), choice("Chronomancer", Role.ALACRITY_HEAL)),
        signup(2, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(3, choice("Mirage", Role.ALACRITY_DPS)),
        signup(4, choice("Catalyst", Role.QUICKNESS_DPS)),
    ]
    result = autofill(SquadMode.RAID, RAID, signups)
    assert result.complete
    assert seat_of(result, 1) == (2, Role.ALACRITY_HEAL, 1)
    assert seat_of(result, 2) == (1, Role.QUICKNESS_HEAL, 0)
    assert result.total_rank == 1


def test_preference_order_is_kept_when_coverage_allows() -> None:
    signups = [
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Renegade", Role.DPS), choice("Renegade", Role.ALACRITY_DPS)),
        signup(3, choice("Specter", Role.ALACRITY_DPS), choice("Specter", Role.DPS)),
        signup(4, choice("Druid", Role.ALACRITY_HEAL)),
        signup(5, choice("Herald", Role.QUICKNESS_DPS)),
    ]
    result = autofill(SquadMode.RAID, RAID, signups)
    assert result.complete
    assert seat_of(result, 2)[1:] == (Role.DPS, 0)  # the specter covers alacrity, so the renegade may DPS
    assert seat_of(result, 3)[1:] == (Role.ALACRITY_DPS, 0)


def test_the_waitlist_keeps_the_latest_sign_ups() -> None:
    signups = [
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Renegade", Role.ALACRITY_DPS)),
        signup(3, choice("Druid", Role.ALACRITY_HEAL)),
        signup(4, choice("Herald", Role.QUICKNESS_DPS)),
        *[dps(member) for member in range(5, 14)],
    ]
    result = autofill(SquadMode.RAID, RAID, signups)
    assert result.bench == (11, 12, 13)


def test_a_late_sign_up_is_seated_when_only_they_can_cover() -> None:
    signups = [
        *[dps(member) for member in range(1, 9)],
        signup(9, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(10, choice("Renegade", Role.ALACRITY_DPS)),
        signup(11, choice("Druid", Role.ALACRITY_HEAL)),
        signup(12, choice("Herald", Role.QUICKNESS_DPS)),
    ]
    result = autofill(SquadMode.RAID, RAID, signups)
    assert result.complete
    assert result.bench == (7, 8)


def test_locked_slots_keep_their_member_and_count_for_coverage() -> None:
    slots = list(RAID)
    slots[0] = SquadSlot(1, 1, Role.QUICKNESS_HEAL, frozenset({Q, H}), member_id=77, locked=True)
    signups = [
        signup(77, choice("Firebrand", Role.DPS)),  # signed up too: the lock wins, not seated twice
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Renegade", Role.ALACRITY_DPS)),
        signup(3, choice("Druid", Role.ALACRITY_HEAL)),
        signup(4, choice("Herald", Role.QUICKNESS_DPS)),
    ]
    result = autofill(SquadMode.RAID, slots, signups)
    assert result.complete
    assert result.slots[0] == slots[0]
    assert [p.member_id for p in result.placements].count(77) == 0
    assert result.bench == (1,)  # the only quickness-heal seat is locked


def test_flexible_roles_let_players_take_any_seat_and_the_slot_takes_their_role() -> None:
    signups = [
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(3, choice("Mirage", Role.ALACRITY_DPS)),
        signup(4, choice("Mirage", Role.ALACRITY_DPS)),
    ]
    strict = autofill(SquadMode.RAID, RAID, signups)
    assert not strict.complete
    flexible = autofill(SquadMode.RAID, RAID, signups, flexible_roles=True)
    assert flexible.complete
    assert {seat_of(flexible, m)[0] for m in (1, 2)} == {1, 2}
    for placement in flexible.placements:
        slot = next(
            s for s in flexible.slots if (s.subgroup, s.position) == (placement.subgroup, placement.position)
        )
        assert slot.role == placement.role


def test_the_shortfall_says_how_many_can_provide_what_is_missing() -> None:
    signups = [
        signup(1, choice("Firebrand", Role.QUICKNESS_HEAL)),
        signup(2, choice("Renegade", Role.ALACRITY_DPS)),
        signup(3, SignupChoice(Role.DPS, frozenset({H}))),  # a heal, but no alacrity
        signup(4, choice("Herald", Role.QUICKNESS_DPS)),
    ]
    result = autofill(SquadMode.RAID, RAID, signups, flexible_roles=True)
    assert not result.complete
    texts = [str(s) for s in result.shortfalls]
    assert "has no alacrity: only 1 sign-up can provide alacrity, and 2 subgroups need it" in " ".join(texts)
    assert len([s for s in result.shortfalls if s.duty is A]) == 1
    assert all(s.duty is A for s in result.shortfalls)


def test_shortfall_when_nobody_provides_a_duty() -> None:
    result = autofill(
        SquadMode.FRACTAL, find_template("fractal-alacrity-heal").slots(SquadMode.FRACTAL), [dps(1)]
    )
    assert [str(s) for s in result.shortfalls] == [
        "subgroup 1 has no quickness: no sign-up can provide quickness",
        "subgroup 1 has no alacrity: no sign-up can provide alacrity",
        "subgroup 1 has no heal: no sign-up can provide heal",
    ]


def test_shortfall_when_providers_chose_roles_without_a_free_slot() -> None:
    slots = [SquadSlot(1, p, Role.DPS) for p in range(1, 6)]
    signups = [signup(1, choice("Firebrand", Role.QUICKNESS_HEAL))]
    result = autofill(SquadMode.FRACTAL, slots, signups)
    assert "no sign-up who can provide quickness chose a role with a free slot there (DPS)" in str(
        result.shortfalls[0]
    )


def test_shortfall_when_every_slot_is_locked() -> None:
    slots = [SquadSlot(1, p, Role.DPS, frozenset(), member_id=p, locked=True) for p in range(1, 6)]
    result = autofill(SquadMode.FRACTAL, slots, [signup(9, choice("Firebrand", Role.QUICKNESS_HEAL))])
    assert result.bench == (9,)
    assert "all its slots are locked" in str(result.shortfalls[0])


def test_shortfall_when_the_providers_are_needed_for_other_duties() -> None:
    # One player could bring quickness (as quickness DPS) or the heal (as alacrity heal), never both;
    # each duty on its own is coverable, together they are not.
    slots = [SquadSlot(1, p, Role.DPS) for p in range(1, 6)]
    signups = [
        signup(
            1,
            SignupChoice(Role.QUICKNESS_DPS, frozenset({Q})),
            SignupChoice(Role.ALACRITY_HEAL, frozenset({A, H})),
        ),
    ]
    result = autofill(SquadMode.FRACTAL, slots, signups, flexible_roles=True)
    assert {s.duty for s in result.shortfalls} == {Q}
    assert "needed for other duties: no assignment covers more than 2 of the 3" in str(result.shortfalls[0])


def test_wvw_parties_each_get_stability_and_a_heal() -> None:
    slots = find_template("wvw-strip").slots(SquadMode.WVW, parties=3)
    signups = [
        *[signup(m, choice("Firebrand", Role.STABILITY)) for m in (1, 2, 3)],
        signup(4, choice("Scrapper", Role.WVW_HEAL)),
        signup(5, choice("Tempest", Role.WVW_HEAL)),
        signup(6, choice("Spellbreaker", Role.STRIP), choice("Scrapper", Role.WVW_HEAL)),
        *[signup(m, choice("Reaper", Role.STRIP)) for m in (7, 8)],
        *[signup(m, choice("Weaver", Role.WVW_DPS)) for m in range(9, 15)],
    ]
    result = autofill(SquadMode.WVW, slots, signups)
    assert result.complete
    assert seat_of(result, 6)[1:] == (Role.WVW_HEAL, 1)
    report = compute_coverage(SquadMode.WVW, result.slots)
    assert report.ready
    assert sorted(p.member_id for p in result.placements if p.role is Role.STRIP) == [7, 8]


def test_the_same_input_gives_the_same_answer_whatever_the_slot_order() -> None:
    signups = [
        signup(1, choice("Chronomancer", Role.QUICKNESS_HEAL), choice("Chronomancer", Role.ALACRITY_HEAL)),
        signup(2, choice("Firebrand", Role.QUICKNESS_HEAL)),
        *[dps(member) for member in range(3, 9)],
    ]
    first = autofill(SquadMode.RAID, RAID, signups)
    assert autofill(SquadMode.RAID, list(reversed(RAID)), signups) == first


def test_bad_sign_ups_are_refused() -> None:
    with pytest.raises(ValueError, match="without choosing a role"):
        Signup(1, ())
    with pytest.raises(ValueError, match="signed up twice"):
        autofill(SquadMode.RAID, RAID, [dps(1), dps(1)])


def test_past_the_time_limit_the_seating_is_the_best_found_and_says_it_is_unproven() -> None:
    def wanted(*choices: tuple[Role, frozenset[Boon]]) -> tuple[SignupChoice, ...]:
        return tuple(SignupChoice(role, boons) for role, boons in choices)

    none = frozenset[Boon]()
    signups = [
        Signup(0, wanted((Role.WVW_DPS, none), (Role.STRIP, none))),
        Signup(1, wanted((Role.STRIP, none), (Role.WVW_DPS, none))),
        Signup(2, wanted((Role.CLEANSE, none), (Role.WVW_DPS, none))),
        Signup(3, wanted((Role.STABILITY, frozenset({S})))),
        Signup(4, wanted((Role.WVW_DPS, none))),
        Signup(5, wanted((Role.WVW_DPS, none))),
        Signup(6, wanted((Role.STRIP, none), (Role.STABILITY, frozenset({S})))),
        Signup(
            7, wanted((Role.WVW_DPS, none), (Role.WVW_HEAL, frozenset({H})), (Role.CLEANSE, frozenset({S})))
        ),
    ]
    slots = find_template("wvw-strip").slots(SquadMode.WVW, parties=2)
    proven = autofill(SquadMode.WVW, slots, signups)
    cut_short = autofill(SquadMode.WVW, slots, signups, time_limit=0.0)
    assert proven.optimal
    assert len(proven.shortfalls) == 1  # one party has no heal: only one sign-up can heal
    assert not cut_short.optimal
    # Without time to search, the answer is where the search starts, first come, first served: sign-up 6
    # takes strip, its first choice, instead of the stability the second party lacks.
    assert seat_of(proven, 6)[1:] == (Role.STABILITY, 1)
    assert seat_of(cut_short, 6)[1:] == (Role.STRIP, 0)
    assert [str(s) for s in cut_short.shortfalls] == [
        "subgroup 2 has no stability: the sign-ups who can provide stability are needed for other duties: "
        "the best assignment found in time covers 2 of the 4 required boons and duties",
        "subgroup 2 has no heal: only 1 sign-up can provide heal, and 2 subgroups need it",
    ]
