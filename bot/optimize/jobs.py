"""Functions the worker processes run; this module imports only the pure optimizer, so workers start fast."""

from __future__ import annotations

from optimizer.gear import AffixTable, OptimizationResult, Scenario, optimize


def search_job(scenario: Scenario, affixes: AffixTable) -> OptimizationResult:
    return optimize(scenario, affixes=affixes)
