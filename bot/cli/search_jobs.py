"""What `gw2opt optimize` runs in the worker pool.

Only the pure optimizer is imported here, so worker processes start fast.
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.gear import OptimizationResult, Progress, Scenario, SearchOutcome, finish, search_part


def search_share(
    scenario: Scenario, part: int, parts: int, *, progress: Progress | None = None
) -> SearchOutcome:
    """Share `part` of `parts` of the search; `progress(decided, total)` goes back to the caller."""
    return search_part(scenario, part=part, parts=parts, progress=progress)


def finish_search(scenario: Scenario, outcomes: Sequence[SearchOutcome], spent: float) -> OptimizationResult:
    """The shares merged into the result (or the InfeasibleError that says what is reachable)."""
    return finish(scenario, outcomes, spent=spent)
