"""What the squad repositories return: frozen records, and the coverage and autofill inputs derived from them.

A seat contributes the boons of its build while the build exists, else what the bundled catalog says its
specialization provides in the seat's role, else (a member with neither) the least the role provides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from optimizer.squads import (
    Boon,
    CoverageReport,
    Role,
    Signup,
    SignupChoice,
    SquadMode,
    SquadSlot,
    compute_coverage,
    default_boons,
    load_boon_catalog,
)
from storage.builds import Build
from storage.names import name_length_problem

MAX_CHOICES = 3


class SquadStatus(StrEnum):
    DRAFT = "draft"  # being planned; no sign-ups yet
    OPEN = "open"  # taking sign-ups
    FULL = "full"  # every seat taken; new sign-ups join the waitlist
    CLOSED = "closed"  # no sign-up changes

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    SquadStatus.DRAFT: "Draft",
    SquadStatus.OPEN: "Open for sign-ups",
    SquadStatus.FULL: "Full (waitlist open)",
    SquadStatus.CLOSED: "Closed",
}


class SquadError(ValueError):
    """A squad request that cannot be done; the message is written for the member."""


class SquadNotFoundError(SquadError):
    pass


@dataclass(frozen=True, slots=True)
class Squad:
    id: int
    guild_id: int
    leader_id: int
    name: str
    mode: SquadMode
    event_at: datetime | None
    timezone: str
    status: SquadStatus
    channel_id: int | None
    message_id: int | None
    post_detached: bool
    post_stale: bool

    @property
    def attached_post(self) -> bool:
        """Posted, and the post can still be edited."""
        return self.message_id is not None and self.channel_id is not None and not self.post_detached


@dataclass(frozen=True, slots=True)
class Seat:
    """A slot as stored: where, the role wanted, and what fills it."""

    subgroup: int
    position: int
    role: Role
    member_id: int | None = None
    build_id: int | None = None
    specialization: str | None = None
    locked: bool = False

    @property
    def filled(self) -> bool:
        return self.member_id is not None or self.build_id is not None or self.specialization is not None

    @property
    def key(self) -> tuple[int, int]:
        return (self.subgroup, self.position)


@dataclass(frozen=True, slots=True)
class Choice:
    """One preference of a sign-up: a role, played with one of the member's builds or as a spec."""

    role: Role
    build_id: int | None = None
    specialization: str | None = None


@dataclass(frozen=True, slots=True)
class SignupEntry:
    id: int
    member_id: int
    created_at: datetime
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class SquadDetails:
    """A squad with its seats (by subgroup and position), its sign-ups (in order) and the builds they use."""

    squad: Squad
    seats: tuple[Seat, ...]
    signups: tuple[SignupEntry, ...]
    builds: Mapping[int, Build] = field(default_factory=dict)

    def build(self, build_id: int | None) -> Build | None:
        return None if build_id is None else self.builds.get(build_id)

    def seat_boons(self, seat: Seat) -> frozenset[Boon] | None:
        if not seat.filled:
            return None
        return self._boons(seat.role, seat.build_id, seat.specialization)

    def choice_boons(self, choice: Choice) -> frozenset[Boon]:
        return self._boons(choice.role, choice.build_id, choice.specialization)

    def _boons(self, role: Role, build_id: int | None, specialization: str | None) -> frozenset[Boon]:
        build = self.build(build_id)
        if build is not None:
            return build.boons
        if specialization:
            return default_boons(specialization, role)
        return load_boon_catalog().role_defaults[role]

    def squad_slots(self) -> tuple[SquadSlot, ...]:
        return tuple(
            SquadSlot(
                subgroup=seat.subgroup,
                position=seat.position,
                role=seat.role,
                boons=self.seat_boons(seat),
                member_id=seat.member_id,
                locked=seat.locked,
            )
            for seat in self.seats
        )

    def coverage(self) -> CoverageReport:
        return compute_coverage(self.squad.mode, self.squad_slots())

    def seat_of(self, member_id: int) -> Seat | None:
        return next((seat for seat in self.seats if seat.member_id == member_id), None)

    def signup_of(self, member_id: int) -> SignupEntry | None:
        return next((entry for entry in self.signups if entry.member_id == member_id), None)

    def waitlist(self) -> tuple[SignupEntry, ...]:
        """Sign-ups without a seat, in sign-up order."""
        seated = {seat.member_id for seat in self.seats if seat.member_id is not None}
        return tuple(entry for entry in self.signups if entry.member_id not in seated)

    def free_seats(self, role: Role) -> int:
        return sum(1 for seat in self.seats if seat.role is role and seat.member_id is None)

    def autofill_signups(self) -> list[Signup]:
        return [
            Signup(
                member_id=entry.member_id,
                choices=tuple(SignupChoice(c.role, self.choice_boons(c)) for c in entry.choices),
            )
            for entry in self.signups
        ]

    @property
    def subgroup_count(self) -> int:
        return max((seat.subgroup for seat in self.seats), default=0)


def clean_squad_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise SquadError("A squad needs a name.")
    problem = name_length_problem(cleaned, "Squad names")
    if problem is not None:
        raise SquadError(problem)
    return cleaned
