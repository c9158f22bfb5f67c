"""The bundled specialization-and-role catalog: which boons and duties a spec provides in the roles it plays.

It defaults the boons of a stored build and fills coverage for slots that only name a spec. The data lives
in `optimizer/data/boon_catalog.json` and is marked with the game build it reflects (`game_build`).

Unknown specializations fall back on the role alone: `default_boons("Weird", Role.QUICKNESS_HEAL)` is
{quickness, heal}, the least any quickness healer provides, and `roles_for("Weird")` offers every role.
A spec asked for a role the catalog does not list for it gets the same role-only fallback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from optimizer.squads.roles import Boon, Role

__all__ = ["BoonCatalog", "SpecializationRoles", "default_boons", "load_boon_catalog", "roles_for"]


@dataclass(frozen=True, slots=True)
class SpecializationRoles:
    """One core profession or elite specialization and the boons it provides per role, in catalog order."""

    name: str
    profession: str
    elite: bool
    basis: str
    roles: Mapping[Role, frozenset[Boon]]


@dataclass(frozen=True, slots=True)
class BoonCatalog:
    game_build: int
    role_defaults: Mapping[Role, frozenset[Boon]]
    specializations: tuple[SpecializationRoles, ...]
    _by_name: Mapping[str, SpecializationRoles] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {_key(entry.name): entry for entry in self.specializations})

    @classmethod
    def from_json(cls, payload: Mapping[str, Any]) -> BoonCatalog:
        def boons(names: list[str]) -> frozenset[Boon]:
            return frozenset(Boon(name) for name in names)

        role_defaults = {Role(role): boons(names) for role, names in payload["role_defaults"].items()}
        missing = set(Role) - set(role_defaults)
        if missing:
            raise ValueError(f"the boon catalog has no default for roles {sorted(missing)}")
        specs = tuple(
            SpecializationRoles(
                name=entry["name"],
                profession=entry["profession"],
                elite=bool(entry["elite"]),
                basis=entry["basis"],
                roles={Role(role): boons(names) for role, names in entry["roles"].items()},
            )
            for entry in payload["specializations"]
        )
        return cls(int(payload["game_build"]), role_defaults, specs)

    def find(self, specialization: str) -> SpecializationRoles | None:
        """The entry named `specialization` (case and punctuation ignored), or None."""
        return self._by_name.get(_key(specialization))

    def default_boons(self, specialization: str, role: Role) -> frozenset[Boon]:
        entry = self.find(specialization)
        if entry is not None and role in entry.roles:
            return entry.roles[role]
        return self.role_defaults[role]

    def roles_for(self, specialization: str) -> list[Role]:
        entry = self.find(specialization)
        if entry is None:
            return list(Role)
        return [role for role in Role if role in entry.roles]


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


@cache
def load_boon_catalog() -> BoonCatalog:
    """The catalog bundled with the package (read once)."""
    text = resources.files("optimizer").joinpath("data/boon_catalog.json").read_text(encoding="utf-8")
    return BoonCatalog.from_json(json.loads(text))


def default_boons(specialization: str, role: Role) -> frozenset[Boon]:
    """The boons and duties `specialization` provides as `role` (bundled catalog; role-only fallback)."""
    return load_boon_catalog().default_boons(specialization, role)


def roles_for(specialization: str) -> list[Role]:
    """The roles `specialization` commonly plays, in `Role` order; every role for an unknown spec."""
    return load_boon_catalog().roles_for(specialization)
