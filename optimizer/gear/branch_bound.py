"""Exact branch-and-bound over slot groups for one extras combination, scored in numpy batches.

Groups are fixed one at a time. A partial assignment's bound is the score of its stat sum plus, for every
group still open, the largest value that group offers in each attribute separately. The score can only
grow with every attribute (the model is monotone), so no completion beats that bound, and a partial
assignment whose bound is below the worst kept result is dropped together with all its completions.
Groups whose per-attribute maxima overstate them most are fixed first; survivors are expanded best
bound first and in chunks, which keeps memory bounded and raises the worst kept score early.

Each frontier row remembers only its own pick and its parent row (`_Level`); complete assignments are
rebuilt for the few candidates that reach the result list.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from optimizer.gear.attribute_keys import GEAR_STATS, MAX_INFUSIONS
from optimizer.gear.attributes import Value
from optimizer.gear.scoring import Scorer
from optimizer.gear.search_space import Group
from optimizer.gear.top_results import TopResults

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
SumArray = NDArray[np.float64]  # attribute points (whole numbers), one column per frontier row
CHUNK_ROWS = 1 << 17
REPORT_EVERY = 0.2  # seconds between progress reports


@dataclass(slots=True)
class Counters:
    """Work done: score evaluations, and candidates decided (evaluated, or dropped with their subtree as
    provably worse, infeasible or equal to one kept) — the exact share of the space that is finished."""

    evaluations: int = 0
    covered: int = 0
    on_progress: Callable[[int], None] | None = None  # called with `covered`, at most every REPORT_EVERY s
    next_report: float = 0.0

    def cover(self, candidates: int) -> None:
        self.covered += candidates
        if self.on_progress is not None and (now := time.monotonic()) >= self.next_report:
            self.next_report = now + REPORT_EVERY
            self.on_progress(self.covered)


@dataclass(frozen=True, slots=True)
class _Level:
    """Frontier rows after fixing one more group: the entry each row picked and its parent row."""

    entries: IntArray
    parents: IntArray


@dataclass(frozen=True, slots=True)
class _Children:
    """Rows `rows` of a frontier, each extended by every one of `m` entries: child i is row rows[i // m]
    with entry i % m. Picks are built only for the children that survive."""

    rows: IntArray
    m: int

    def level(self, indices: IntArray) -> _Level:
        return _Level(indices % self.m, self.rows[indices // self.m])


def _best_first(bounds: FloatArray) -> IntArray:
    """An order that visits high bounds first; exact for small inputs, 16-bit buckets (radix sort) else."""
    if len(bounds) <= 4096:
        return np.argsort(-bounds, kind="stable")
    low, high = float(bounds.min()), float(bounds.max())
    if not high > low:
        return np.arange(len(bounds))
    buckets = ((high - bounds) * (65535 / (high - low))).astype(np.uint16)
    return np.argsort(buckets, kind="stable")


def _rows(value: Value, n: int) -> FloatArray:
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (n,))


def _mask(value: Value, n: int) -> NDArray[np.bool_]:
    return np.broadcast_to(np.asarray(value, dtype=bool), (n,))


class BranchAndBound:
    """Searches every assignment of `groups` for one scorer, feeding a shared TopResults."""

    def __init__(
        self,
        groups: Sequence[Group],
        scorer: Scorer,
        pool: TopResults,
        *,
        combo: int,
        active: Sequence[int],
        key_columns: Sequence[Sequence[int]],
        counters: Counters,
        prune: bool,
    ) -> None:
        self.scorer = scorer
        self.pool = pool
        self.combo = combo  # index of the extras combination searched
        self.active = tuple(active)
        self.counters = counters
        self.prune = prune
        columns = [
            np.ascontiguousarray(group.vectors[:, self.active].T, dtype=np.float64) for group in groups
        ]
        order = self._order(columns)
        self.groups = [groups[i] for i in order]
        self.columns = [columns[i] for i in order]
        self.key_columns = [list(key_columns[i]) for i in order]
        self.codes = self._key_codes()
        # Candidates below one frontier row of each level (the product of the open groups' sizes).
        self.below = [
            math.prod(len(group) for group in self.groups[level:]) for level in range(len(groups) + 1)
        ]
        highest = np.zeros(len(self.active), dtype=np.int64)
        lowest = np.zeros(len(self.active), dtype=np.int64)
        self.upper = [self._offset(highest)]
        self.lower = [self._offset(lowest)]
        for column in reversed(self.columns):
            highest, lowest = highest + column.max(axis=1), lowest + column.min(axis=1)
            self.upper.insert(0, self._offset(highest))
            self.lower.insert(0, self._offset(lowest))

    # -- scoring helpers ----------------------------------------------------------------------------------

    def _gear(self, sums: SumArray) -> dict[str, Value]:
        return {GEAR_STATS[d]: sums[i] for i, d in enumerate(self.active)}

    def _offset(self, points: NDArray[np.int64]) -> dict[str, float]:
        return {GEAR_STATS[d]: float(points[i]) for i, d in enumerate(self.active)}

    def _key_codes(self) -> list[IntArray] | None:
        """Per group, the (slots, infusions) part of the canonical key each entry contributes, as two
        positional integers whose order is the key's lexicographic order; None if they would overflow."""
        slot_columns = sorted(
            {c for g, cs in zip(self.groups, self.key_columns, strict=True) if g.kind == "slots" for c in cs}
        )
        slot_count = len(slot_columns)
        radix = 1 + max(int(g.choices.max()) for g in self.groups if g.kind == "slots")
        if radix**slot_count >= 2**62:
            return None
        codes = []
        for group, columns in zip(self.groups, self.key_columns, strict=True):
            code = np.zeros((2, len(group)), dtype=np.int64)
            for j, column in enumerate(columns):
                if column < slot_count:
                    code[0] += group.choices[:, j] * radix ** (slot_count - 1 - column)
                else:
                    code[1] += group.choices[:, j] * (MAX_INFUSIONS + 1) ** (
                        len(GEAR_STATS) - 1 - (column - slot_count)
                    )
            codes.append(code)
        return codes

    def _distinct(self, sums: SumArray, codes: IntArray) -> IntArray:
        """One row per distinct stat sum: the one with the smallest canonical key.

        Rows with equal sums have equal completions, and the smaller key wins every tie between them.
        Sums are packed into as few 62-bit words as their spread allows, then sorted with the keys."""
        n = sums.shape[1]
        if n < 2:
            return np.arange(n)
        low = sums.min(axis=1)
        words: list[IntArray] = []
        used = 62
        for d, span in enumerate(sums.max(axis=1) - low):
            width = int(span).bit_length()
            if width == 0:
                continue
            if used + width > 62:
                words.append(np.zeros(n, dtype=np.int64))
                used = 0
            words[-1] |= (sums[d] - low[d]).astype(np.int64) << used
            used += width
        if not words:
            return np.array([int(np.lexsort((codes[1], codes[0]))[0])])
        order = np.lexsort((codes[1], codes[0], *reversed(words)))
        first = np.ones(n, dtype=bool)
        first[1:] = False
        for word in words:
            ordered = word[order]
            first[1:] |= ordered[1:] != ordered[:-1]
        return order[first]

    def _bound(
        self, sums: SumArray, level: int, *, with_tiebreak: bool = False
    ) -> tuple[Value, Value, Value]:
        return self.scorer.bound(
            self._gear(sums), self.upper[level], self.lower[level], with_tiebreak=with_tiebreak
        )

    def _order(self, columns: list[SumArray]) -> list[int]:
        """Groups whose per-attribute maxima overstate their best entry the most come first."""
        if not self.prune or len(columns) < 2:
            return list(range(len(columns)))
        top = np.sum([c.max(axis=1) for c in columns], axis=0)
        bottom = np.sum([c.min(axis=1) for c in columns], axis=0)
        empty = np.zeros((len(top), 1), dtype=np.float64)
        root, _, _ = self.scorer.bound(self._gear(empty), self._offset(top), self._offset(bottom))
        root_value = float(_rows(root, 1)[0])
        gaps = []
        for column in columns:
            upper = self._offset(top - column.max(axis=1))
            lower = self._offset(bottom - column.min(axis=1))
            scores, _, _ = self.scorer.bound(self._gear(column), upper, lower)
            self.counters.evaluations += column.shape[1] + 1
            best = float(np.max(_rows(scores, column.shape[1])))
            gaps.append(root_value - best if np.isfinite(root_value) else 0.0)
        return sorted(range(len(columns)), key=lambda i: (-gaps[i], columns[i].shape[1]))

    def root_bound(self) -> float:
        """An upper bound on every feasible score of this combination (-inf if nothing can be feasible)."""
        score, _, feasible = self._bound(np.zeros((len(self.active), 1), dtype=np.float64), 0)
        self.counters.evaluations += 1
        return float(_rows(score, 1)[0]) if bool(_mask(feasible, 1)[0]) else -np.inf

    # -- search -------------------------------------------------------------------------------------------

    def run(self) -> None:
        """Search every assignment (pruned ones are provably worse than the kept results)."""
        sums = np.zeros((len(self.active), 1), dtype=np.float64)
        self._expand(0, sums, np.zeros((2, 1), dtype=np.int64), np.array([np.inf]), [])

    def probe(self, width: int) -> None:
        """Beam search by bound: cheap, and it fills the result list so the exact search prunes early."""
        sums = np.zeros((len(self.active), 1), dtype=np.float64)
        codes = np.zeros((2, 1), dtype=np.int64)
        trail: list[_Level] = []
        for level, column in enumerate(self.columns):
            children = _Children(np.arange(sums.shape[1]), column.shape[1])
            new, new_codes = self._children(sums, codes, children.rows, level)
            if level == len(self.columns) - 1:
                self._leaves(new, children, trail)
                return
            score, _, feasible = self._bound(new, level + 1)
            self.counters.evaluations += new.shape[1]
            n = new.shape[1]
            candidates = np.flatnonzero(_mask(feasible, n))
            best = candidates[np.argsort(-_rows(score, n)[candidates], kind="stable")[:width]]
            sums, codes = new[:, best], new_codes[:, best]
            trail.append(children.level(best))

    def _children(
        self, sums: SumArray, codes: IntArray, rows: IntArray, level: int
    ) -> tuple[SumArray, IntArray]:
        """Every row of `sums[:, rows]` extended by every entry of group `level` (row-major), with the
        canonical-key codes of the extended rows."""
        column = self.columns[level]
        n, m = len(rows), column.shape[1]
        new = np.empty((sums.shape[0], n, m), dtype=np.float64)
        np.add(sums[:, rows, None], column[:, None, :], out=new)
        new_codes = np.zeros((2, n * m), dtype=np.int64)
        if self.codes is not None:
            new_codes = (codes[:, rows, None] + self.codes[level][:, None, :]).reshape(2, n * m)
        return new.reshape(sums.shape[0], n * m), new_codes

    def _beats_worst(self, score: FloatArray, sums: SumArray, level: int) -> NDArray[np.bool_]:
        """Rows whose bound can still reach the worst kept result (ties decided by the tie-break)."""
        worst_score, worst_tiebreak = self.pool.worst
        keep = score >= worst_score
        tied = np.flatnonzero(score == worst_score)
        if len(tied) and self.scorer.tiebreak:
            _, tiebreak, _ = self._bound(sums[:, tied], level, with_tiebreak=True)
            self.counters.evaluations += len(tied)
            keep[tied] = _rows(tiebreak, len(tied)) >= worst_tiebreak
        return keep

    def _expand(
        self, level: int, sums: SumArray, codes: IntArray, bounds: FloatArray, trail: list[_Level]
    ) -> None:
        """Extend the frontier `sums` by group `level`, chunk by chunk (high bounds first when pruning)."""
        column = self.columns[level]
        m = column.shape[1]
        step = max(1, CHUNK_ROWS // m)
        # The best bound still ahead, so a chunk can end the loop even though buckets are only roughly sorted.
        ahead = np.maximum.accumulate(bounds[::-1])[::-1] if self.prune else bounds
        for start in range(0, sums.shape[1], step):
            rows = np.arange(start, min(start + step, sums.shape[1]))
            if self.prune and self.pool.full:
                if ahead[start] < self.pool.worst[0]:
                    self.counters.cover((sums.shape[1] - start) * self.below[level])
                    return
                kept = rows[self._beats_worst(bounds[rows], sums[:, rows], level)]
                self.counters.cover((len(rows) - len(kept)) * self.below[level])
                rows = kept
                if len(rows) == 0:
                    continue
            new, new_codes = self._children(sums, codes, rows, level)
            children = _Children(rows, m)
            if level == len(self.columns) - 1:
                self._leaves(new, children, trail)
                self.counters.cover(new.shape[1])
            elif not self.prune:
                everything = np.arange(new.shape[1])
                unbounded = np.full(new.shape[1], np.inf)
                self._expand(level + 1, new, new_codes, unbounded, [*trail, children.level(everything)])
            else:
                self._descend(level + 1, new, new_codes, children, trail)

    def _descend(
        self, level: int, sums: SumArray, codes: IntArray, children: _Children, trail: list[_Level]
    ) -> None:
        """Bound the children of one chunk, drop the hopeless ones and expand the rest best first."""
        n = sums.shape[1]
        score, _, feasible = self._bound(sums, level)
        self.counters.evaluations += n
        score = _rows(score, n)
        keep = _mask(feasible, n).copy()
        if self.pool.full:
            keep &= self._beats_worst(score, sums, level)
        survivors = np.flatnonzero(keep)
        if self.codes is not None and len(survivors):
            survivors = survivors[self._distinct(sums[:, survivors], codes[:, survivors])]
        self.counters.cover((n - len(survivors)) * self.below[level])
        if len(survivors) == 0:
            return
        survivors = survivors[_best_first(score[survivors])]
        child = children.level(survivors)
        self._expand(level, sums[:, survivors], codes[:, survivors], score[survivors], [*trail, child])

    def _picks(self, trail: list[_Level], last: _Level) -> IntArray:
        """The entry every group took, for the leaves described by `last` (one row per group)."""
        picks = np.zeros((len(trail) + 1, len(last.entries)), dtype=np.int64)
        picks[-1] = last.entries
        rows = last.parents
        for level in reversed(range(len(trail))):
            picks[level] = trail[level].entries[rows]
            rows = trail[level].parents[rows]
        return picks

    def _leaves(self, sums: SumArray, children: _Children, trail: list[_Level]) -> None:
        n = sums.shape[1]
        if n == 0:
            return
        need_tiebreak = not self.pool.full
        score, tiebreak, feasible = self.scorer.evaluate(self._gear(sums), with_tiebreak=need_tiebreak)
        self.counters.evaluations += n
        score = _rows(score, n)
        worst_score, worst_tiebreak = self.pool.worst
        chosen = np.flatnonzero(_mask(feasible, n) & (score >= worst_score))
        if len(chosen) == 0:
            return
        if need_tiebreak:
            tiebreak = _rows(tiebreak, n)[chosen]
        else:
            _, tiebreak, _ = self.scorer.evaluate(self._gear(sums[:, chosen]), with_tiebreak=True)
            tiebreak = _rows(tiebreak, len(chosen))
            self.counters.evaluations += len(chosen)
        good = (score[chosen] > worst_score) | (tiebreak >= worst_tiebreak)
        chosen, tiebreak = chosen[good], tiebreak[good]
        picks = self._picks(trail, children.level(chosen))
        keys = np.zeros((len(chosen), self.pool.key_width), dtype=np.int64)
        for level, group in enumerate(self.groups):
            keys[:, self.key_columns[level]] = group.choices[picks[level]]
        self.pool.offer(
            score[chosen],
            np.asarray(tiebreak, dtype=np.float64),
            np.full(len(chosen), self.combo, dtype=np.int64),
            sums[:, chosen].T.astype(np.int64),
            keys,
        )
