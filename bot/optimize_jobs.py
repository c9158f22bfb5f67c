"""Functions the worker processes run; this module imports only the pure optimizer, so workers start fast."""

from __future__ import annotations

from optimizer.affixes import AffixTable
from optimizer.results import OptimizationResult
from optimizer.scenario import Scenario
from optimizer.search import optimize


def search_job(scenario: Scenario, affixes: AffixTable) -> OptimizationResult:
    return optimize(scenario, affixes=affixes)
