"""Which pet a Soulbeast merges with in Beastmode, and that pet's archetype.

The archetype (Stout, Deadly, Versatile, Ferocious, Supportive) decides the attributes Beastmode adds; the
bundled table `data/ranger_pets.json` maps each chat-code pet id to it, with its source. A Soulbeast merges
with the code's first terrestrial pet; a code without a pet (or with one the table does not know) gets the
Soulbeast template's pet, and says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, cast

from optimizer.builds.build_traits import BuildContents

Archetype = Literal["Stout", "Deadly", "Versatile", "Ferocious", "Supportive"]
ARCHETYPES: Final[tuple[Archetype, ...]] = ("Stout", "Deadly", "Versatile", "Ferocious", "Supportive")
SOULBEAST: Final = "Soulbeast"


@dataclass(frozen=True, slots=True)
class Pet:
    id: int
    name: str
    archetype: Archetype


@dataclass(frozen=True, slots=True)
class MergedPet:
    """The pet a Soulbeast build merges with; `assumed` says why it is not the code's own pet."""

    pet: Pet
    assumed: str | None = None

    @property
    def origin(self) -> str:
        text = f"merged pet {self.pet.name} ({self.pet.archetype})"
        return f"{text}, assumed: {self.assumed}" if self.assumed else text


@cache
def _table() -> Mapping[str, Any]:
    path = resources.files("optimizer").joinpath("data/ranger_pets.json")
    data: Mapping[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@cache
def pets() -> Mapping[int, Pet]:
    """Every ranger pet of the bundled table, by chat-code pet id."""
    found: dict[int, Pet] = {}
    for row in _table()["pets"]:
        archetype = row["archetype"]
        if archetype not in ARCHETYPES:
            raise ValueError(f"data/ranger_pets.json: pet {row['id']} has unknown archetype {archetype!r}")
        found[int(row["id"])] = Pet(int(row["id"]), str(row["name"]), cast(Archetype, archetype))
    return found


def template_pet() -> Pet:
    """The Soulbeast template's pet, assumed when a code has none the table knows."""
    return pets()[int(_table()["template_pet"]["pet"])]


def merged_pet(contents: BuildContents) -> MergedPet | None:
    """The pet a Soulbeast merges with (the code's first terrestrial pet); None for other builds."""
    if contents.profession != "Ranger" or contents.specialization != SOULBEAST:
        return None
    table = pets()
    fallback = template_pet()
    if not contents.pets:
        return MergedPet(fallback, "the code names no pet; the Power Soulbeast template's pet")
    first = contents.pets[0]
    pet = table.get(first)
    if pet is None:
        return MergedPet(
            fallback, f"pet {first} is not in the bundled pet table; the Power Soulbeast template's pet"
        )
    return MergedPet(pet)
