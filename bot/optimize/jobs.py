"""Functions the worker processes run; this module imports only the pure optimizer, so workers start fast."""

from __future__ import annotations

from optimizer.gear.affixes import AffixTable
from optimizer.gear.results import OptimizationResult
from optimizer.gear.scenario import Scenario
from optimizer.gear.search import optimize


def search_job(scenario: Scenario, affixes: AffixTable) -> OptimizationResult:
    return optimize(scenario, affixes=affixes)
