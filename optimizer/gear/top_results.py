"""The best N distinct candidates seen so far, shared by every extras combination of one search.

Order: higher score, then higher tie-break (gear-math §1.7), then extras combination, then the canonical
gear key (affix index per slot, then infusion counts), so the outcome never depends on search order.
Two candidates are the same result when they have the same extras and the same totals in every attribute
the ranking reads (see `optimizer.gear.relevance`); the one with the smaller canonical key represents them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(slots=True)
class TopResults:
    size: int
    width: int  # attribute-total columns
    key_width: int  # canonical key columns
    score: FloatArray = field(init=False)
    tiebreak: FloatArray = field(init=False)
    combo: IntArray = field(init=False)
    totals: IntArray = field(init=False)
    keys: IntArray = field(init=False)

    def __post_init__(self) -> None:
        self.score = np.empty(0)
        self.tiebreak = np.empty(0)
        self.combo = np.empty(0, dtype=np.int64)
        self.totals = np.empty((0, self.width), dtype=np.int64)
        self.keys = np.empty((0, self.key_width), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.score)

    @property
    def full(self) -> bool:
        return len(self.score) >= self.size

    @property
    def worst(self) -> tuple[float, float]:
        """(score, tie-break) a newcomer must reach to be considered; (-inf, -inf) until full."""
        if not self.full:
            return -np.inf, -np.inf
        return float(self.score[-1]), float(self.tiebreak[-1])

    def offer(
        self, score: FloatArray, tiebreak: FloatArray, combo: IntArray, totals: IntArray, keys: IntArray
    ) -> None:
        """Merge candidates; only the best `size` distinct ones stay."""
        if len(score) == 0:
            return
        take = 4 * self.size
        while True:
            if len(score) > take:
                threshold = np.partition(score, len(score) - take)[len(score) - take]
                chosen = np.flatnonzero(score >= threshold)
            else:
                chosen = np.arange(len(score))
            kept = self._merged(score[chosen], tiebreak[chosen], combo[chosen], totals[chosen], keys[chosen])
            if len(kept[0]) >= self.size or len(chosen) == len(score):
                break
            take *= 4
        self.score, self.tiebreak, self.combo, self.totals, self.keys = kept

    def absorb(self, other: TopResults) -> None:
        self.offer(other.score, other.tiebreak, other.combo, other.totals, other.keys)

    def _merged(
        self, score: FloatArray, tiebreak: FloatArray, combo: IntArray, totals: IntArray, keys: IntArray
    ) -> tuple[FloatArray, FloatArray, IntArray, IntArray, IntArray]:
        score = np.concatenate([self.score, score])
        tiebreak = np.concatenate([self.tiebreak, tiebreak])
        combo = np.concatenate([self.combo, combo])
        totals = np.concatenate([self.totals, totals])
        keys = np.concatenate([self.keys, keys])
        columns = [keys[:, i] for i in reversed(range(keys.shape[1]))]
        order = np.lexsort((*columns, combo, -tiebreak, -score))
        identity = np.column_stack([combo[order], totals[order]])
        _, first = np.unique(identity, axis=0, return_index=True)
        best = order[np.sort(first)[: self.size]]
        return score[best], tiebreak[best], combo[best], totals[best], keys[best]
