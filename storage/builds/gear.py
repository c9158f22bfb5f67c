"""The gear part of a saved build: prefix per slot and the chosen upgrades, as the optimizer returns them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from optimizer.gear import SLOTS


class BuildGear(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    slots: dict[str, str] = Field(default_factory=dict)
    runes: str | None = None
    sigils: tuple[str, ...] = ()
    relic: str | None = None
    food: str | None = None
    utility: str | None = None
    infusions: dict[str, int] = Field(default_factory=dict)

    @field_validator("slots")
    @classmethod
    def _known_slots(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SLOTS))
        if unknown:
            raise ValueError(f"unknown gear slots {unknown}; valid: {', '.join(SLOTS)}")
        return {slot: value[slot] for slot in SLOTS if slot in value}

    @field_validator("infusions")
    @classmethod
    def _infusion_counts(cls, value: dict[str, int]) -> dict[str, int]:
        if any(count < 0 for count in value.values()) or sum(value.values()) > 18:
            raise ValueError("infusion counts must be 0 or more and at most 18 in total")
        return value

    @field_validator("sigils")
    @classmethod
    def _two_sigils(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 4:
            raise ValueError("at most 4 sigils (two weapon sets)")
        return value
