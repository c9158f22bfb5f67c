"""The trait, skill and mechanic modifiers of every profession, read from `optimizer/data/professions/`.

One JSON file per profession holds one entry per effect: the GW2 id it belongs to (a trait, a skill, a
specialization's mechanic, a revenant legend, a ranger pet or, for a Soulbeast, the archetype of the pet it
merges with), its effects in the scenario's modifier
vocabulary, how it applies (always, for an uptime, or per amount such as might stacks) with a default and why,
a WvW variant where the game splits them, and its source: the API trait facts it reflects (checked by a test
against the bundled game data) or the wiki page it was read from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from optimizer.errors import ScenarioError
from optimizer.gear import Modifier

EntryKind = Literal["trait", "skill", "specialization", "legend", "pet"]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class Always(BaseModel):
    """Active whenever the trait or skill is on the build."""

    model_config = _STRICT
    type: Literal["always"] = "always"


class Uptime(BaseModel):
    """Active part of the time: effects are scaled by the uptime (0-1)."""

    model_config = _STRICT
    type: Literal["uptime"]
    default: float = Field(ge=0, le=1)
    why: str = Field(min_length=1)


class Amount(BaseModel):
    """Scaled by an amount such as might stacks: the effects are stated for `per` units."""

    model_config = _STRICT
    type: Literal["amount"]
    unit: str = Field(min_length=1)
    per: float = Field(default=1, gt=0)
    default: float = Field(ge=0)
    max: float | None = Field(default=None, gt=0)
    why: str = Field(min_length=1)

    @model_validator(mode="after")
    def _default_within_max(self) -> Amount:
        if self.max is not None and self.default > self.max:
            raise ValueError(f"default {self.default:g} is above max {self.max:g}")
        return self


Applies = Annotated[Always | Uptime | Amount, Field(discriminator="type")]


class FactCitation(BaseModel):
    """One API trait fact an effect reflects: `effect` (a path into the effects) equals `equals` × `scale`.

    `match` picks the fact among the trait's facts (e.g. {"type": "AttributeAdjust", "target": "CritDamage"});
    `field` is the fact's number (`value`, `percent`, `duration`, `apply_count`).
    """

    model_config = _STRICT
    match: dict[str, str | int | float | bool]
    field: str = "value"
    equals: float
    effect: str
    scale: float = 1.0


class Source(BaseModel):
    model_config = _STRICT
    facts: tuple[FactCitation, ...] = ()
    wiki: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _cited(self) -> Source:
        if not self.facts and not self.wiki:
            raise ValueError("cite at least one API fact or a wiki page")
        return self


class ModifierEntry(BaseModel):
    """One effect of one trait, skill, mechanic, legend or pet."""

    model_config = _STRICT
    id: int | str
    kind: EntryKind
    name: str = Field(min_length=1)
    effects: Modifier
    wvw_effects: Modifier | None = None
    applies: Applies = Field(default_factory=Always)
    requires_trait: int | None = Field(
        default=None, description="Only on builds that also have this trait (the API's requires_trait)."
    )
    unless_trait: int | None = Field(
        default=None,
        description="Not on builds that have this trait: another entry carries the values the API's "
        "traited facts give with it (facts that `override` the plain ones).",
    )
    enabled: bool = True
    source: Source
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _named_effects(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            name = raw.get("name", "")
            raw = {**raw}
            for key in ("effects", "wvw_effects"):
                if isinstance(raw.get(key), dict):
                    raw[key] = {"name": name, **raw[key]}
        return raw

    def effect_number(self, path: str, *, wvw: bool = False) -> float | None:
        """The number at `path` ("attributes.Ferocity", "damage.Outgoing Strike Damage") of the effects."""
        effects = self.wvw_effects if wvw and self.wvw_effects is not None else self.effects
        group, _, key = path.partition(".")
        if group == "attributes":
            value = effects.attributes.get(key)
            return None if value is None else float(value[0] if isinstance(value, tuple) else value)
        if group == "damage":
            entries = effects.damage.get(key)
            return float(entries[0][0]) if entries else None
        if group in ("conversion", "conversion_after_buffs"):
            destination, _, source = key.partition(".")
            table = effects.conversion if group == "conversion" else effects.conversion_after_buffs
            found = table.get(destination, {}).get(source)
            return None if found is None else float(found)
        return None


class ProfessionModifiers(BaseModel):
    model_config = _STRICT
    profession: str
    game_build: int
    entries: tuple[ModifierEntry, ...]


PROFESSION_FILES = (
    "elementalist",
    "engineer",
    "guardian",
    "mesmer",
    "necromancer",
    "ranger",
    "revenant",
    "thief",
    "warrior",
)


def _read(name: str) -> Any:
    text = resources.files("optimizer").joinpath(f"data/professions/{name}.json").read_text("utf-8")
    return json.loads(text)


@cache
def profession_modifiers() -> Mapping[str, ProfessionModifiers]:
    """Every profession's modifier data, by profession name; a malformed file fails loudly with its name."""
    loaded: dict[str, ProfessionModifiers] = {}
    for name in PROFESSION_FILES:
        try:
            data = ProfessionModifiers.model_validate(_read(name))
        except FileNotFoundError:
            continue
        except ValidationError as error:
            raise ScenarioError(f"optimizer/data/professions/{name}.json: {error}") from None
        loaded[data.profession] = data
    return loaded


def entries_for(profession: str) -> tuple[ModifierEntry, ...]:
    data = profession_modifiers().get(profession)
    return data.entries if data else ()
