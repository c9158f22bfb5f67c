"""Exact auto-assignment of sign-ups to squad slots so that every subgroup is covered.

What "best" means, in order (each criterion only breaks ties of the ones before it):
1. as many of the required boons and duties (`SquadMode.required`) covered, subgroup by subgroup, as any
   assignment can cover: all of them whenever that is possible;
2. as many sign-ups seated as possible;
3. earlier sign-ups seated before later ones (the bench is the waitlist);
4. the smallest total preference rank (0 for a player's first choice, 1 for the second, …);
5. the same answer for the same input.
Locked slots keep their members. A player only gets a role they chose and, unless the leader allows
flexible roles, only in a slot that asks for that role.

How: a mixed-integer program solved by HiGHS in stages (seating.py). A choice that another choice of the
same player beats (same seat, at least the same duties, preferred) is left out; the first-come,
first-served seating is the solver's first incumbent, so even a search cut short by the time limit returns
a seating at least that good, marked not proven (`AutofillResult.optimal`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from optimizer.squads.coverage import SquadSlot, compute_coverage, validate_layout
from optimizer.squads.roles import Boon, Role, SquadMode
from optimizer.squads.seating import Option, Seat, SeatingModel

__all__ = ["AutofillResult", "Placement", "Shortfall", "Signup", "SignupChoice", "autofill"]

TIME_LIMIT = 10.0  # seconds autofill may search before it returns the best seating found
_EXPLAIN_SECONDS = 1.0  # for each "why is this duty missing" check (a small matching: milliseconds)


@dataclass(frozen=True, slots=True)
class SignupChoice:
    """A role a player offers to play and what they provide in it (from their build, else the catalog)."""

    role: Role
    boons: frozenset[Boon]


@dataclass(frozen=True, slots=True)
class Signup:
    """A player's sign-up, choices most wanted first. Sign-ups are passed in the order they arrived."""

    member_id: int
    choices: tuple[SignupChoice, ...]

    def __post_init__(self) -> None:
        if not self.choices:
            raise ValueError(f"member {self.member_id} signed up without choosing a role")


@dataclass(frozen=True, slots=True)
class Placement:
    subgroup: int
    position: int
    member_id: int
    choice: int  # index into the sign-up's choices: 0 is the player's first choice
    role: Role
    boons: frozenset[Boon]


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A required boon or duty that a subgroup lacks in the best assignment, and why no assignment has it."""

    subgroup: int
    duty: Boon
    reason: str

    def __str__(self) -> str:
        return f"subgroup {self.subgroup} has no {self.duty.label.lower()}: {self.reason}"


@dataclass(frozen=True, slots=True)
class AutofillResult:
    slots: tuple[SquadSlot, ...]  # the whole squad afterwards: locks unchanged, every other slot refilled
    placements: tuple[Placement, ...]  # the sign-ups seated, by subgroup and position
    bench: tuple[int, ...]  # member ids left without a seat, in sign-up order
    shortfalls: tuple[Shortfall, ...]  # empty exactly when every subgroup is covered
    total_rank: int
    # False if the solver stopped at the time limit before proving every criterion optimal: the seating is
    # the best found (never worse than first come, first served), a better one may exist.
    optimal: bool = True

    @property
    def complete(self) -> bool:
        return not self.shortfalls


def autofill(
    mode: SquadMode,
    slots: Iterable[SquadSlot],
    signups: Sequence[Signup],
    *,
    flexible_roles: bool = False,
    time_limit: float = TIME_LIMIT,
) -> AutofillResult:
    """Seat `signups` (in sign-up order) in the unlocked `slots`; see the module docstring for what is
    optimised. With `flexible_roles` a player may take any free seat, and the slot takes the player's role."""
    deadline = time.perf_counter() + time_limit
    squad = tuple(sorted(slots, key=lambda s: (s.subgroup, s.position)))
    validate_layout(mode, squad)
    locked = {slot.member_id for slot in squad if slot.locked}
    pending = [signup for signup in signups if signup.member_id not in locked]
    if len({signup.member_id for signup in pending}) != len(pending):
        raise ValueError("a member signed up twice")
    return _Problem(mode, squad, pending, flexible_roles).solve(deadline)


class _Problem:
    def __init__(self, mode: SquadMode, squad: tuple[SquadSlot, ...], signups: list[Signup], flexible: bool):
        self.mode, self.squad, self.signups, self.flexible = mode, squad, signups, flexible
        self.needs: dict[int, frozenset[Boon]] = {}
        self.capacity: dict[tuple[int, Seat], int] = {}
        for slot in squad:
            have = self.needs.get(slot.subgroup, mode.required)
            if slot.locked:
                self.needs[slot.subgroup] = have - (slot.boons or frozenset())
            else:
                self.needs[slot.subgroup] = have
                seat = (slot.subgroup, self.seat_of(slot.role))
                self.capacity[seat] = self.capacity.get(seat, 0) + 1
        self.seats = {seat for _, seat in self.capacity}
        self.options = [o for i in range(len(signups)) for o in self._options(i)]
        self.reached: dict[Boon, int] = {}

    def seat_of(self, role: Role) -> Seat:
        return None if self.flexible else role

    def _options(self, signup: int) -> list[Option]:
        """The sign-up's choices, most wanted first: in each subgroup where the choice provides something
        the subgroup needs, and anywhere with a free seat for it; without those an earlier choice beats
        (same seat, at least the same duties)."""
        found: list[Option] = []
        for rank, choice in enumerate(self.signups[signup].choices):
            seat = self.seat_of(choice.role)
            for subgroup, needs in self.needs.items():
                duties = choice.boons & needs
                if (
                    duties
                    and (subgroup, seat) in self.capacity
                    and not self._beaten(found, subgroup, seat, duties)
                ):
                    found.append(Option(signup, rank, subgroup, seat, duties))
            if seat in self.seats and not self._beaten(found, None, seat, frozenset()):
                found.append(Option(signup, rank, None, seat, frozenset()))
        return found

    @staticmethod
    def _beaten(found: list[Option], subgroup: int | None, seat: Seat, duties: frozenset[Boon]) -> bool:
        return any(o.subgroup == subgroup and o.seat == seat and o.duties >= duties for o in found)

    def _first_come(self) -> list[int]:
        """First come, first served: each sign-up takes its first option with a free seat."""
        free: dict[tuple[int | None, Seat], int] = {}  # (None, seat): free seats of `seat` overall
        for (subgroup, seat), count in self.capacity.items():
            free[subgroup, seat] = count
            free[None, seat] = free.get((None, seat), 0) + count
        taken, placed = set(), []
        for k, option in enumerate(self.options):
            needed = {(None, option.seat), (option.subgroup, option.seat)}
            if option.signup not in taken and all(free[key] > 0 for key in needed):
                for key in needed:
                    free[key] -= 1
                taken.add(option.signup)
                placed.append(k)
        return placed

    def solve(self, deadline: float) -> AutofillResult:
        model = SeatingModel(self.options, self.needs, self.capacity, len(self.signups))
        model.start_from(self._first_come())
        seating = model.solve(deadline)
        seats_of: dict[int, list[tuple[int, int]]] = {}
        free = dict(self.capacity)
        for option in seating.placed:
            if option.subgroup is not None:
                seats_of.setdefault(option.subgroup, []).append((option.signup, option.choice))
                free[option.subgroup, option.seat] -= 1
        for option in seating.placed:  # in sign-up order: the lowest subgroup with a free seat for them
            if option.subgroup is None:
                subgroup = min(s for (s, seat), n in free.items() if seat == option.seat and n > 0)
                seats_of.setdefault(subgroup, []).append((option.signup, option.choice))
                free[subgroup, option.seat] -= 1
        seated = {option.signup for option in seating.placed}
        bench = [i for i in range(len(self.signups)) if i not in seated]
        return self.result(seats_of, bench, seating.proven)

    def result(
        self, seats_of: dict[int, list[tuple[int, int]]], bench: list[int], proven: bool
    ) -> AutofillResult:
        slots, placements = [], []
        waiting = {number: sorted(units) for number, units in seats_of.items()}
        for slot in self.squad:
            if slot.locked:
                slots.append(slot)
                continue
            queue = waiting.get(slot.subgroup, [])
            fit = next(
                (
                    u
                    for u in queue
                    if self.seat_of(self.signups[u[0]].choices[u[1]].role) == self.seat_of(slot.role)
                ),
                None,
            )
            if fit is None:
                slots.append(SquadSlot(slot.subgroup, slot.position, slot.role))
                continue
            queue.remove(fit)
            signup, choice = self.signups[fit[0]], self.signups[fit[0]].choices[fit[1]]
            slots.append(SquadSlot(slot.subgroup, slot.position, choice.role, choice.boons, signup.member_id))
            placements.append(
                Placement(slot.subgroup, slot.position, signup.member_id, fit[1], choice.role, choice.boons)
            )
        report = compute_coverage(self.mode, slots)
        missing = [(g.subgroup, boon) for g in report.subgroups for boon in g.missing_required]
        return AutofillResult(
            slots=tuple(slots),
            placements=tuple(placements),
            bench=tuple(self.signups[i].member_id for i in bench),
            shortfalls=tuple(self.explain(missing, proven)),
            total_rank=sum(p.choice for p in placements),
            optimal=proven,
        )

    def explain(self, missing: list[tuple[int, Boon]], proven: bool) -> list[Shortfall]:
        total = sum(len(needs) for needs in self.needs.values())
        return [
            Shortfall(number, duty, self.reason(number, duty, total - len(missing), total, proven))
            for number, duty in missing
        ]

    def seats_in(self, subgroup: int) -> list[Seat]:
        return sorted((seat for s, seat in self.capacity if s == subgroup), key=lambda seat: seat or "")

    def reach(self, duty: Boon) -> tuple[list[int], list[int], int]:
        """(sign-ups who can provide `duty`, subgroups that still need it, how many of those subgroups can
        get it at once, counting this duty alone)."""
        providers = [i for i, s in enumerate(self.signups) if any(duty in c.boons for c in s.choices)]
        needing = [n for n, needs in sorted(self.needs.items()) if duty in needs]
        if duty not in self.reached:
            alone = SeatingModel(
                [o for o in self.options if duty in o.duties],
                {n: frozenset({duty}) for n in needing},
                self.capacity,
                len(self.signups),
            )
            self.reached[duty] = alone.coverage_only(time.perf_counter() + _EXPLAIN_SECONDS)
        return providers, needing, self.reached[duty]

    def reason(self, number: int, duty: Boon, covered: int, total: int, proven: bool) -> str:
        """Why no assignment gives subgroup `number` the `duty`: the first certificate that applies."""
        name = duty.label.lower()
        if not self.seats_in(number):
            return "all its slots are locked, and the locked members do not provide it"
        providers, needing, reachable = self.reach(duty)
        if not providers:
            return f"no sign-up can provide {name}"
        if not any(o.subgroup == number and duty in o.duties for o in self.options):
            roles = ", ".join(seat.label for seat in self.seats_in(number) if seat is not None)
            return f"no sign-up who can provide {name} chose a role with a free slot there ({roles})"
        if reachable < len(needing):
            if len(providers) < len(needing):
                return (
                    f"only {_count(len(providers), 'sign-up')} can provide {name}, "
                    f"and {len(needing)} subgroups need it"
                )
            return (
                f"the {_count(len(providers), 'sign-up')} who can provide {name} fit in only {reachable} "
                f"of the {len(needing)} subgroups that need it"
            )
        if not proven:
            return (
                f"the sign-ups who can provide {name} are needed for other duties: the best assignment found "
                f"in time covers {covered} of the {total} required boons and duties"
            )
        return (
            f"the sign-ups who can provide {name} are needed for other duties: no assignment covers "
            f"more than {covered} of the {total} required boons and duties"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
