"""Event times as leaders type them, and the squad embed: the ✅/❌ grid and Discord's size limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.squads import autofill_text, coverage_grid, squad_embed, waitlist_text
from cogs.squads import timezone_choices
from optimizer.squads import (
    Boon,
    Role,
    Signup,
    SignupChoice,
    SquadMode,
    SquadSlot,
    autofill,
    compute_coverage,
)
from storage.builds import Build, Visibility
from storage.squads import Choice, Seat, SignupEntry, Squad, SquadDetails, SquadStatus

BERLIN = "Europe/Berlin"
# Friday 2031-03-07, 18:00 in Berlin (UTC+1 in winter).
NOW = datetime(2031, 3, 7, 17, 0, tzinfo=UTC)


def test_time_zone_suggestions_prefer_names_that_start_with_the_text() -> None:
    names = [choice.value for choice in timezone_choices("new")]
    assert names[0] == "America/New_York" or names[0].startswith("New")
    assert all("new" in name.lower() for name in names)
    assert len(timezone_choices("")) == 25


boons = st.frozensets(st.sampled_from(list(Boon)), max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10), boons), min_size=1, max_size=30))
def test_the_grid_marks_exactly_what_each_subgroup_has(fills: list[tuple[int, frozenset[Boon]]]) -> None:
    used: dict[int, int] = {}
    slots = []
    for group, given_boons in fills:
        if used.get(group, 0) == 5:
            continue
        used[group] = used.get(group, 0) + 1
        slots.append(SquadSlot(group, used[group], Role.WVW_DPS, given_boons))
    report = compute_coverage(SquadMode.WVW, slots)
    rows = coverage_grid(report).strip("`\n").splitlines()
    assert rows[0].split() == [str(group.subgroup) for group in report.subgroups]
    assert len(rows) == 1 + len(SquadMode.WVW.tracked)
    for boon, row in zip(SquadMode.WVW.tracked, rows[1:], strict=True):
        marks = row.split()[1:]
        expected = [
            "✅" if any(boon in (s.boons or ()) for s in slots if s.subgroup == group.subgroup) else "❌"
            for group in report.subgroups
        ]
        assert marks == expected


def test_a_full_wvw_squad_with_a_long_waitlist_fits_in_one_embed() -> None:
    squad = Squad(
        id=1,
        guild_id=1,
        leader_id=2,
        name="W" * 100,
        mode=SquadMode.WVW,
        event_at=NOW,
        timezone=BERLIN,
        status=SquadStatus.FULL,
        channel_id=None,
        message_id=None,
        post_detached=False,
        post_stale=False,
    )
    member = 10**18
    build = Build(
        id=1,
        guild_id=1,
        author_id=2,
        name="B" * 100,
        chat_code="[&DQ==]",
        profession="Guardian",
        specialization="Firebrand",
        role=Role.STABILITY,
        boons=frozenset({Boon.STABILITY}),
        gear=None,
        notes="",
        visibility=Visibility.GUILD,
        created_at=NOW,
        updated_at=NOW,
    )
    seats = tuple(
        Seat(g, p, Role.STABILITY, member + g * 10 + p, build.id, "Firebrand", locked=True)
        for g in range(1, 11)
        for p in range(1, 6)
    )
    choices = tuple(Choice(role, None, "Scourge") for role in (Role.STRIP, Role.WVW_DPS, Role.CLEANSE))
    few = tuple(SignupEntry(n, member + 1000 + n, NOW, choices) for n in range(3))
    many = tuple(SignupEntry(n, member + 1000 + n, NOW, choices) for n in range(200))
    short = squad_embed(SquadDetails(squad, seats, few, {build.id: build}))
    assert short.fields[-1].value is not None and short.fields[-1].value.count("\n") == 2
    long = squad_embed(SquadDetails(squad, seats, many, {build.id: build}))
    assert len(long) <= 6000
    assert len(long.fields) == 12
    assert long.fields[-1].value == "200 members are waiting."
    waiting = waitlist_text(SquadDetails(squad, (), many), many)
    assert len(waiting) <= 1024
    assert waiting.endswith(f"… and {200 - waiting.count(chr(10))} more")


def test_autofill_text_says_when_seats_are_only_best_found() -> None:
    squad = Squad(
        id=1,
        guild_id=1,
        leader_id=2,
        name="Raid",
        mode=SquadMode.RAID,
        event_at=None,
        timezone=BERLIN,
        status=SquadStatus.OPEN,
        channel_id=None,
        message_id=None,
        post_detached=False,
        post_stale=False,
    )
    details = SquadDetails(squad=squad, seats=(), signups=())
    slots = [SquadSlot(1, 1, Role.QUICKNESS_HEAL)]
    result = autofill(SquadMode.RAID, slots, [Signup(7, (SignupChoice(Role.QUICKNESS_HEAL, frozenset()),))])
    assert result.optimal
    proven = autofill_text(result, details)
    assert "best found" not in proven
    assert "Autofill placed 1 sign-up." in proven
    unproven = autofill_text(replace(result, optimal=False), details)
    assert unproven.endswith("Seats and preferences are the best found in the time allowed, not proven best.")
    # A huge bench still leaves one message's 2,000 characters for what matters after it.
    crowded = autofill_text(
        replace(result, bench=tuple(10**18 + n for n in range(300)), optimal=False), details
    )
    assert len(crowded) <= 2000
    assert "and 270 more." in crowded and crowded.endswith("not proven best.")
