"""Per-subgroup coverage, readiness, fixes and the standard templates."""

from __future__ import annotations

import pytest

from optimizer.squads import (
    SQUAD_TEMPLATES,
    Boon,
    Role,
    SquadLayoutError,
    SquadMode,
    SquadSlot,
    SquadTemplate,
    compute_coverage,
    find_template,
    fixes_for,
    load_boon_catalog,
    templates_for,
)

Q, A, H, M, S = Boon.QUICKNESS, Boon.ALACRITY, Boon.HEAL, Boon.MIGHT, Boon.STABILITY


def slot(
    group: int, position: int, role: Role = Role.DPS, *boons: Boon, member: int | None = None
) -> SquadSlot:
    return SquadSlot(group, position, role, frozenset(boons), member)


def test_a_subgroup_with_quickness_alacrity_and_heal_is_ready() -> None:
    report = compute_coverage(
        SquadMode.FRACTAL,
        [slot(1, 1, Role.QUICKNESS_HEAL, Q, H, M), slot(1, 2, Role.ALACRITY_DPS, A), slot(1, 3)],
    )
    group = report.subgroup(1)
    assert report.ready
    assert group.covered == (Q, A, M, H)
    assert group.providers[Q] == (1,)
    assert group.seats == 3
    assert group.filled == 3
    assert Boon.FURY in group.missing
    assert Boon.STRIP not in group.missing


def test_full_seats_are_not_readiness() -> None:
    slots = [slot(g, p) for g in (1, 2) for p in range(1, 6)]
    slots[0] = slot(1, 1, Role.QUICKNESS_HEAL, Q, H)
    slots[1] = slot(1, 2, Role.ALACRITY_DPS, A)
    report = compute_coverage(SquadMode.RAID, slots)
    assert all(g.filled == g.seats == 5 for g in report.subgroups)
    assert report.subgroup(1).ready
    assert not report.ready
    assert report.missing_required() == ((2, Q), (2, A), (2, H))
    assert report.problems() == ["subgroup 2 has no quickness, alacrity, heal"]


def test_boons_reach_only_their_own_subgroup() -> None:
    report = compute_coverage(SquadMode.RAID, [slot(1, 1, Role.QUICKNESS_HEAL, Q, A, H), slot(2, 1)])
    assert report.subgroup(1).ready
    assert report.subgroup(2).missing_required == (Q, A, H)


def test_wvw_requires_stability_and_heal_and_tracks_strip_and_cleanse() -> None:
    report = compute_coverage(
        SquadMode.WVW,
        [
            slot(1, 1, Role.STABILITY, S),
            slot(1, 2, Role.WVW_HEAL, H, Boon.CLEANSE),
            slot(3, 1, Role.STRIP, Boon.STRIP),
        ],
    )
    assert report.subgroup(1).ready
    assert Boon.STRIP in report.subgroup(1).missing
    assert Boon.CLEANSE in report.subgroup(1).covered
    assert report.subgroup(3).missing_required == (S, H)
    assert not report.ready


def test_empty_slots_count_as_seats_not_as_filled() -> None:
    report = compute_coverage(
        SquadMode.FRACTAL, [SquadSlot(1, 1, Role.DPS), SquadSlot(1, 2, Role.DPS, member_id=7)]
    )
    assert report.subgroup(1).seats == 2
    assert report.subgroup(1).filled == 1


def test_a_squad_without_slots_is_not_ready() -> None:
    report = compute_coverage(SquadMode.RAID, [])
    assert not report.ready
    assert report.problems() == ["the squad has no slots"]


@pytest.mark.parametrize(
    ("mode", "slots", "message"),
    [
        (SquadMode.FRACTAL, [slot(2, 1)], "subgroup 2"),
        (SquadMode.RAID, [slot(1, 1), slot(1, 1)], "appears twice"),
        (SquadMode.RAID, [slot(1, 1, member=5), slot(2, 1, member=5)], "member 5"),
    ],
)
def test_layout_errors(mode: SquadMode, slots: list[SquadSlot], message: str) -> None:
    with pytest.raises(SquadLayoutError, match=message):
        compute_coverage(mode, slots)


def test_slot_positions_and_locks_are_checked() -> None:
    with pytest.raises(SquadLayoutError, match="positions 1–5"):
        SquadSlot(1, 6, Role.DPS)
    with pytest.raises(SquadLayoutError, match="locked to nobody"):
        SquadSlot(1, 1, Role.DPS, locked=True)


def test_fixes_prefer_candidates_that_cover_most_missing_required_boons() -> None:
    report = compute_coverage(SquadMode.FRACTAL, [slot(1, 1, Role.QUICKNESS_DPS, Q)])
    candidates = [
        ("dps", frozenset[Boon]()),
        ("alac dps", frozenset({A})),
        ("alac heal", frozenset({A, H, M})),
        ("might", frozenset({M})),
        ("alac + fury", frozenset({A, Boon.FURY})),
    ]
    assert fixes_for(report.subgroup(1), candidates) == ["alac heal", "alac + fury", "alac dps"]


def test_templates_per_mode() -> None:
    assert {t.key for t in templates_for(SquadMode.RAID)} == {"standard", "quickness-heals", "alacrity-heals"}
    assert [t.key for t in templates_for(SquadMode.FRACTAL)] == [
        "fractal-alacrity-heal",
        "fractal-quickness-heal",
    ]
    assert all(t.repeat for t in templates_for(SquadMode.WVW))


def test_standard_template_has_two_heals_two_quickness_two_alacrity_six_dps() -> None:
    roles = [s.role for s in find_template("standard").slots(SquadMode.STRIKE)]
    assert len(roles) == 10
    assert roles.count(Role.DPS) == 6
    assert {roles[0], roles[5]} == {Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL}
    assert {roles[1], roles[6]} == {Role.QUICKNESS_DPS, Role.ALACRITY_DPS}


def test_wvw_templates_repeat_per_party() -> None:
    template = find_template("wvw-strip")
    assert len(template.slots(SquadMode.WVW)) == 50
    three = template.slots(SquadMode.WVW, parties=3)
    assert [s.subgroup for s in three].count(3) == 5
    with pytest.raises(SquadLayoutError, match="1–10 parties"):
        template.slots(SquadMode.WVW, parties=11)
    with pytest.raises(SquadLayoutError, match="not for"):
        template.slots(SquadMode.RAID)


def test_unknown_template() -> None:
    with pytest.raises(SquadLayoutError, match="standard"):
        find_template("zerg")


@pytest.mark.parametrize("template", SQUAD_TEMPLATES, ids=lambda t: t.key)
def test_every_template_is_ready_when_each_slot_brings_what_its_role_promises(
    template: SquadTemplate,
) -> None:
    defaults = load_boon_catalog().role_defaults
    for mode in template.modes:
        filled = [
            SquadSlot(s.subgroup, s.position, s.role, defaults[s.role])
            for s in template.slots(mode, parties=None)
        ]
        assert compute_coverage(mode, filled).ready, (template.key, mode)
