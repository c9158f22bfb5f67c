"""What an optimization returns: ranked builds with their gear, infusions, extras and attributes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class BuildResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    rank: int
    score: float
    damage: float
    survivability: float
    healing: float
    gear: dict[str, str]  # slot name (Helm .. Weapon2) -> affix
    infusions: dict[str, int]
    extras: dict[str, str | list[str]]
    attributes: dict[str, float]  # percentages in percent


class OptimizationResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    objective: str
    results: list[BuildResult]
    evaluated: int  # score-function evaluations: complete candidates and partial-assignment bounds
    seconds: float
    space: int  # distinct candidates (gear x infusion split x extras) the search covered exactly

    def to_json_dict(self) -> dict[str, Any]:
        """The `gw2opt optimize --json` document."""
        return {
            "results": [result.model_dump() for result in self.results],
            "evaluated": self.evaluated,
            "seconds": round(self.seconds, 4),
        }
