"""The seating problem as a mixed-integer program, solved by HiGHS in lexicographic stages.

Columns: one binary per *option* (a sign-up playing one of its choices either in a subgroup where it
provides something that subgroup needs, or in any free seat of its seat group) and one continuous "covered"
variable in [0, 1] per need (a required duty a subgroup still lacks after its locked members). Rows: each
sign-up takes at most one option; each seat group (the slot role, or any free seat with flexible roles)
holds at most its free seats, per subgroup and over all subgroups; a need counts as covered only when an
option placed in its subgroup provides it.

The criteria are solved in order, each stage keeping what the earlier ones reached:
1. needs covered, then sign-ups seated: one solve whose weights keep that order (a covered need is worth
   more than seating everyone; a seat more than any tie-break), with earlier sign-ups as the tie-break;
2. earlier sign-ups seated before later ones: blocks of at most `_BLOCK` sign-ups, weighted by powers of
   two within the block (the lexicographic order exactly), each block fixed before the next;
3. the smallest total preference rank, with who is seated fixed (skipped when every rank is already 0).
Each stage keeps the previous answer unless it finds a better one, so a stage cut short by the time limit
still returns the best seating found; the result is "proven" only when HiGHS reports every stage optimal.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from optimizer.squads.roles import Boon, Role

Seat = Role | None  # the slot role a player needs, or None: any free seat (flexible roles)

# Measured on bench/autofill_bench.py: these models are small and easy; presolve and the primal heuristics
# cost more than they save (the feasibility jump alone ~15 ms a solve), and the first-come seating is an
# incumbent anyway.
SOLVER_OPTIONS: dict[str, bool | float | str] = {
    "threads": 1,
    "mip_rel_gap": 0.0,  # exact: the default stops within 0.01 % of the best
    "presolve": "off",
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
}
_BLOCK = 20  # 2**20 stays far inside the solver's exact integer range
_SOLVED = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty)
_FEASIBLE = 2  # HiGHS's primal solution status "feasible"


class _QuietHighs(highspy.Highs):
    """HiGHS without its console log, including the banner it prints when it is created."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # highspy's Python layer is not annotated

    def enableCallbacks(self) -> None:  # the constructor's first call that may log
        self.setOptionValue("output_flag", False)
        super().enableCallbacks()  # type: ignore[no-untyped-call]


@dataclass(frozen=True, slots=True)
class Option:
    """Sign-up `signup` plays its choice `choice` (0: first choice, also the rank) in `subgroup`, providing
    `duties` of its needs; `subgroup` None: in any free seat of `seat`, providing nothing counted."""

    signup: int
    choice: int
    subgroup: int | None
    seat: Seat
    duties: frozenset[Boon]


@dataclass(frozen=True, slots=True)
class Seating:
    placed: tuple[Option, ...]
    covered: int  # needs covered
    proven: bool  # every stage solved to optimality within the time limit


class SeatingModel:
    """The program for `options` (at most one per sign-up is taken), `needs` per subgroup and `capacity`
    per (subgroup, seat group).

    Options that provide nothing need no subgroup: whoever is left can fill any free seat of their seat
    group, so those options only count against the free seats of the seat group over all subgroups.
    """

    def __init__(
        self,
        options: Sequence[Option],
        needs: Mapping[int, frozenset[Boon]],
        capacity: Mapping[tuple[int, Seat], int],
        signups: int,
    ) -> None:
        self.options = list(options)
        self.signups = signups
        self.needs = [(subgroup, duty) for subgroup in sorted(needs) for duty in sorted(needs[subgroup])]
        # Rows: sign-ups, then seat groups per subgroup, seat groups overall, needs. (Roles and boons are
        # string enums, and "stability" is both: the keys say which they are.)
        limits = [1.0] * signups
        rows: dict[tuple[str, int | None, str | None], int] = {}
        for (subgroup, seat), free in sorted(capacity.items(), key=lambda item: str(item[0])):
            rows["seats", subgroup, seat] = len(limits)
            limits.append(float(free))
        for seat in sorted({seat for _, seat in capacity}, key=str):
            rows["seats", None, seat] = len(limits)
            limits.append(float(sum(free for (_, other), free in capacity.items() if other == seat)))
        for subgroup, duty in self.needs:
            rows["need", subgroup, duty] = len(limits)
            limits.append(0.0)
        columns: list[list[tuple[int, float]]] = []
        for option in self.options:
            entries = [(option.signup, 1.0), (rows["seats", None, option.seat], 1.0)]
            if option.subgroup is not None:
                entries.append((rows["seats", option.subgroup, option.seat], 1.0))
                needed = (rows.get(("need", option.subgroup, duty)) for duty in sorted(option.duties))
                entries += [(row, -1.0) for row in needed if row is not None]
            columns.append(entries)
        columns += [[(rows["need", subgroup, duty], 1.0)] for subgroup, duty in self.needs]
        self.width = len(columns)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.width, len(limits)
        lp.col_cost_ = np.zeros(self.width)
        lp.col_lower_ = np.zeros(self.width)
        lp.col_upper_ = np.ones(self.width)
        lp.row_lower_ = np.full(len(limits), -highspy.kHighsInf)
        lp.row_upper_ = np.array(limits)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.cumsum([0] + [len(entries) for entries in columns])
        lp.a_matrix_.index_ = np.array([row for entries in columns for row, _ in entries], dtype=np.int32)
        lp.a_matrix_.value_ = np.array([value for entries in columns for _, value in entries])
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(self.options) + [
            highspy.HighsVarType.kContinuous
        ] * len(self.needs)
        self.highs = _QuietHighs()
        for name, value in SOLVER_OPTIONS.items():
            self.highs.setOptionValue(name, value)
        self.highs.passModel(lp)
        self.values = np.zeros(self.width)  # the incumbent: nobody seated is always feasible
        self.proven = True

    # -- one stage ------------------------------------------------------------------------------------
    def _optimize(self, cost: Sequence[float], deadline: float) -> None:
        """Minimise `cost`; HiGHS's answer replaces the incumbent unless it is worse (cut short)."""
        left = deadline - time.perf_counter()
        if left <= 0:
            self.proven = False
            return
        weights = np.asarray(cost, dtype=float)
        self.highs.changeColsCost(self.width, np.arange(self.width, dtype=np.int32), weights)
        # HiGHS compares its time limit with the run time of every run of this object together.
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        self.highs.run()
        if self.highs.getModelStatus() not in _SOLVED:
            self.proven = False
        if self.highs.getInfo().primal_solution_status == _FEASIBLE:
            found = np.asarray(self.highs.getSolution().col_value)
            if found @ weights <= self.values @ weights:
                self.values = found

    def _add_row(self, columns: Sequence[int], lower: float, upper: float) -> None:
        indices = np.asarray(columns, dtype=np.int32)
        self.highs.addRow(lower, upper, len(indices), indices, np.ones(len(indices)))

    def _seated(self) -> list[bool]:
        seated = [False] * self.signups
        for k, option in enumerate(self.options):
            if self.values[k] > 0.5:
                seated[option.signup] = True
        return seated

    def _covered(self) -> int:
        return round(float(self.values[len(self.options) :].sum()))

    # -- the stages -----------------------------------------------------------------------------------
    def start_from(self, placed: Sequence[int]) -> None:
        """A first incumbent: the options at these indices (a feasible seating)."""
        self.values = np.zeros(self.width)
        self.values[list(placed)] = 1.0
        provided = {(o.subgroup, d) for k in placed for o in [self.options[k]] for d in o.duties}
        for n, need in enumerate(self.needs):
            self.values[len(self.options) + n] = float(need in provided)

    def coverage_only(self, deadline: float) -> int:
        """The most needs any seating covers (the sign-ups' order and ranks play no part)."""
        self._optimize([0.0] * len(self.options) + [-1.0] * len(self.needs), deadline)
        return self._covered()

    def solve(self, deadline: float) -> Seating:
        n = self.signups
        seat_weight = n * n
        need_weight = n * seat_weight + n * n + 1
        cost = [-(seat_weight + n - 1 - o.signup) for o in self.options] + [-need_weight] * len(self.needs)
        self._optimize(cost, deadline)
        self._add_row(range(len(self.options), self.width), self._covered(), len(self.needs))
        self._add_row(range(len(self.options)), sum(self._seated()), self.signups)
        self._fix_sign_up_order(deadline)
        ranks = [float(o.choice) for o in self.options] + [0.0] * len(self.needs)
        if self.values @ ranks > 0:
            self._optimize(ranks, deadline)
        placed = tuple(o for k, o in enumerate(self.options) if self.values[k] > 0.5)
        return Seating(placed, self._covered(), self.proven)

    def _fix(self, signup: int, seated: bool) -> None:
        self.highs.changeRowBounds(signup, float(seated), float(seated))

    def _fix_sign_up_order(self, deadline: float) -> None:
        """Seat earlier sign-ups before later ones, keeping the coverage and the number seated; then fix
        who is seated. A block's sign-ups weigh 2**19, 2**18, …: its best is the lexicographic best."""
        first = 0
        while True:
            seated = self._seated()
            while first < self.signups and seated[first]:
                self._fix(first, True)  # the incumbent seats it, so the best order does too
                first += 1
            last = max((i for i, taken in enumerate(seated) if taken), default=-1)
            if first > last:  # every later sign-up is benched: nothing earlier can be seated instead
                break
            block = range(first, min(first + _BLOCK, last + 1))
            of_block = {i: 2.0 ** (_BLOCK - 1 - (i - first)) for i in block}
            cost = [-of_block.get(o.signup, 0.0) for o in self.options] + [0.0] * len(self.needs)
            self._optimize(cost, deadline)
            seated = self._seated()
            for i in block:
                self._fix(i, seated[i])
            first = block.stop
        for i, taken in enumerate(self._seated()):
            self._fix(i, taken)
