"""Exact branch-and-bound over slot groups for one extras combination, scored in numpy batches.

Groups are fixed one at a time. A partial assignment's bound is the score of its stat sum plus, for every
group still open, the largest value that group offers in each attribute separately. The score can only
grow with every attribute (the model is monotone), so no completion beats that bound, and a partial
assignment whose bound is below the worst kept result is dropped together with all its completions.
Groups whose per-attribute maxima overstate them most are fixed first; survivors are expanded best
bound first and in chunks, which keeps memory bounded and raises the worst kept score early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from optimizer.attribute_keys import GEAR_STATS
from optimizer.attributes import Value
from optimizer.scoring import Scorer
from optimizer.search_space import Group
from optimizer.top_results import TopResults

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
CHUNK_ROWS = 1 << 17


@dataclass(slots=True)
class Counters:
    evaluations: int = 0


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
        self.combo = combo
        self.active = tuple(active)
        self.counters = counters
        self.prune = prune
        columns = [np.asarray(group.vectors[:, self.active].T, dtype=np.int64) for group in groups]
        order = self._order(columns)
        self.groups = [groups[i] for i in order]
        self.columns = [columns[i] for i in order]
        self.key_columns = [list(key_columns[i]) for i in order]
        width = len(self.active)
        self.suffix_max = [np.zeros(width, dtype=np.int64) for _ in range(len(order) + 1)]
        self.suffix_min = [np.zeros(width, dtype=np.int64) for _ in range(len(order) + 1)]
        for level in reversed(range(len(order))):
            self.suffix_max[level] = self.suffix_max[level + 1] + self.columns[level].max(axis=1)
            self.suffix_min[level] = self.suffix_min[level + 1] + self.columns[level].min(axis=1)

    # -- scoring helpers ----------------------------------------------------------------------------------

    def _gear(self, sums: IntArray) -> dict[str, Value]:
        return {GEAR_STATS[d]: sums[i].astype(np.float64) for i, d in enumerate(self.active)}

    def _bound(self, sums: IntArray, level: int, *, with_tiebreak: bool = False) -> tuple[Value, Value, Value]:
        upper = self._gear(sums + self.suffix_max[level][:, None])
        lower = self._gear(sums + self.suffix_min[level][:, None]) if self.scorer.uses_lower_bound else None
        return self.scorer.bound(upper, lower, with_tiebreak=with_tiebreak)

    def _order(self, columns: list[IntArray]) -> list[int]:
        """Groups whose per-attribute maxima overstate their best entry the most come first."""
        if not self.prune or len(columns) < 2:
            return list(range(len(columns)))
        top = sum((c.max(axis=1) for c in columns), np.zeros(len(self.active), dtype=np.int64))
        bottom = sum((c.min(axis=1) for c in columns), np.zeros(len(self.active), dtype=np.int64))
        root = float(self.root_bound_of(top[:, None], bottom[:, None])[0])
        gaps = []
        for column in columns:
            upper = top[:, None] - column.max(axis=1)[:, None] + column
            lower = bottom[:, None] - column.min(axis=1)[:, None] + column
            scores = self.root_bound_of(upper, lower)
            self.counters.evaluations += column.shape[1]
            gaps.append(root - float(np.max(scores)) if np.isfinite(root) else 0.0)
        return sorted(range(len(columns)), key=lambda i: (-gaps[i], columns[i].shape[1]))

    def root_bound_of(self, upper: IntArray, lower: IntArray) -> FloatArray:
        lower_gear = self._gear(lower) if self.scorer.uses_lower_bound else None
        score, _, _ = self.scorer.bound(self._gear(upper), lower_gear)
        return _rows(score, upper.shape[1])

    def root_bound(self) -> float:
        """An upper bound on every feasible score of this combination (-inf if nothing can be feasible)."""
        score, _, feasible = self._bound(np.zeros((len(self.active), 1), dtype=np.int64), 0)
        self.counters.evaluations += 1
        return float(_rows(score, 1)[0]) if bool(_mask(feasible, 1)[0]) else -np.inf

    # -- search -------------------------------------------------------------------------------------------

    def run(self, first_entries: Sequence[int] | None = None) -> None:
        """Search everything, or only assignments whose first group takes one of `first_entries`."""
        if first_entries is None:
            start = np.zeros((len(self.active), 1), dtype=np.int64)
            self._expand(0, start, np.zeros((0, 1), dtype=np.int64), np.array([np.inf]))
            return
        entries = np.asarray(first_entries, dtype=np.int64)
        sums, picks = self.columns[0][:, entries], entries[None, :]
        if len(self.columns) == 1:
            self._leaves(sums, picks)
        elif self.prune:
            self._descend(1, sums, picks)
        else:
            self._expand(1, sums, picks, np.full(len(entries), np.inf))

    def probe(self, width: int) -> None:
        """Beam search by bound: cheap, and it fills the result list so the exact search prunes early."""
        sums = np.zeros((len(self.active), 1), dtype=np.int64)
        picks = np.zeros((0, 1), dtype=np.int64)
        last = len(self.columns) - 1
        for level, column in enumerate(self.columns):
            new, new_picks = self._children(sums, picks, column)
            if level == last:
                self._leaves(new, new_picks)
                return
            score, _, feasible = self._bound(new, level + 1)
            self.counters.evaluations += new.shape[1]
            n = new.shape[1]
            candidates = np.flatnonzero(_mask(feasible, n))
            best = candidates[np.argsort(-_rows(score, n)[candidates], kind="stable")[:width]]
            sums, picks = new[:, best], new_picks[:, best]

    @staticmethod
    def _children(sums: IntArray, picks: IntArray, column: IntArray) -> tuple[IntArray, IntArray]:
        n, m = sums.shape[1], column.shape[1]
        new = (sums[:, :, None] + column[:, None, :]).reshape(sums.shape[0], n * m)
        new_picks = np.vstack([np.repeat(picks, m, axis=1), np.tile(np.arange(m), n)[None, :]])
        return new, new_picks

    def _beats_worst(self, score: FloatArray, sums: IntArray, level: int) -> NDArray[np.bool_]:
        """Rows whose bound can still reach the worst kept result (ties decided by the tie-break)."""
        worst_score, worst_tiebreak = self.pool.worst
        keep = score >= worst_score
        tied = np.flatnonzero(score == worst_score)
        if len(tied) and self.scorer.tiebreak:
            _, tiebreak, _ = self._bound(sums[:, tied], level, with_tiebreak=True)
            self.counters.evaluations += len(tied)
            keep[tied] = _rows(tiebreak, len(tied)) >= worst_tiebreak
        return keep

    def _expand(self, level: int, sums: IntArray, picks: IntArray, bounds: FloatArray) -> None:
        column = self.columns[level]
        step = max(1, CHUNK_ROWS // column.shape[1])
        for start in range(0, sums.shape[1], step):
            part = slice(start, start + step)
            part_sums, part_picks = sums[:, part], picks[:, part]
            if self.prune and self.pool.full:
                if bounds[start] < self.pool.worst[0]:
                    return  # bounds are sorted: nothing after this can reach the result list
                alive = np.flatnonzero(self._beats_worst(bounds[part], part_sums, level))
                part_sums, part_picks = part_sums[:, alive], part_picks[:, alive]
            new, new_picks = self._children(part_sums, part_picks, column)
            if level == len(self.columns) - 1:
                self._leaves(new, new_picks)
            elif not self.prune:
                self._expand(level + 1, new, new_picks, np.full(new.shape[1], np.inf))
            else:
                self._descend(level + 1, new, new_picks)

    def _descend(self, level: int, sums: IntArray, picks: IntArray) -> None:
        """Bound the children of one chunk, drop the hopeless ones and expand the rest best first."""
        n = sums.shape[1]
        score, _, feasible = self._bound(sums, level)
        self.counters.evaluations += n
        score = _rows(score, n)
        keep = _mask(feasible, n).copy()
        if self.pool.full:
            keep &= self._beats_worst(score, sums, level)
        survivors = np.flatnonzero(keep)
        survivors = survivors[np.argsort(-score[survivors], kind="stable")]
        if len(survivors):
            self._expand(level, sums[:, survivors], picks[:, survivors], score[survivors])

    def _leaves(self, sums: IntArray, picks: IntArray) -> None:
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
        keys = np.zeros((len(chosen), self.pool.key_width), dtype=np.int64)
        for level, group in enumerate(self.groups):
            keys[:, self.key_columns[level]] = group.choices[picks[level, chosen]]
        self.pool.offer(
            score[chosen],
            np.asarray(tiebreak, dtype=np.float64),
            np.full(len(chosen), self.combo, dtype=np.int64),
            sums[:, chosen].T.copy(),
            keys,
        )
