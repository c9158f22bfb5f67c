"""Meta builds as suggestions for a squad's empty seats: per subgroup, builds of the followed sources that
play the roles its empty seats ask for (those giving the boons the subgroup lacks first)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

from optimizer.squads import Boon, Role
from storage.meta import StoredMetaBuild
from storage.squads import SquadDetails

PER_ROLE: Final = 2


def _by_role(
    builds: Sequence[StoredMetaBuild], missing: Iterable[Boon] = ()
) -> dict[Role, list[StoredMetaBuild]]:
    wanted = set(missing)
    found: dict[Role, list[StoredMetaBuild]] = {}
    for stored in builds:
        found.setdefault(stored.build.role, []).append(stored)
    for group in found.values():
        group.sort(key=lambda s: (-len(set(s.build.boons) & wanted), s.build.title))
    return found


def role_suggestions(
    roles: Iterable[Role],
    builds: Sequence[StoredMetaBuild],
    label: Callable[[str], str],
    missing: Iterable[Boon] = (),
) -> list[str]:
    """ "qHeal: Heal Firebrand (Discretize), …" for each role that has meta builds, in the given order."""
    by_role = _by_role(builds, missing)
    lines = []
    for role in dict.fromkeys(roles):
        picks = by_role.get(role, [])[:PER_ROLE]
        if picks:
            names = ", ".join(f"{s.build.title} ({label(s.build.source)})" for s in picks)
            lines.append(f"{role.short}: {names}")
    return lines


def empty_seat_suggestions(
    details: SquadDetails, builds: Sequence[StoredMetaBuild], label: Callable[[str], str]
) -> dict[int, list[str]]:
    """Per subgroup with empty seats, meta builds for the roles those seats ask for."""
    report = {group.subgroup: group for group in details.coverage().subgroups}
    found: dict[int, list[str]] = {}
    for subgroup in sorted({seat.subgroup for seat in details.seats}):
        roles = [s.role for s in details.seats if s.subgroup == subgroup and not s.filled]
        group = report.get(subgroup)
        lines = role_suggestions(roles, builds, label, group.missing if group is not None else ())
        if lines:
            found[subgroup] = lines
    return found
