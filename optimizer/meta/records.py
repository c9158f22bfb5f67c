"""Meta builds as every source describes them: identity, version, chat code, role, recommended gear variants.

A source (a guide repository, a web page, the guild's own shared builds) turns what it publishes into these
records; the store keeps their history and the digest compares them. Records are plain data, serialised as
JSON for the database (`to_json` / `from_json`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from optimizer.squads import Boon, Role

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class VariantTraits(BaseModel):
    """A variant's own trait lines and major traits (GW2 ids), when its guide gives them."""

    model_config = _FROZEN
    lines: tuple[int, ...] = ()
    selection: tuple[tuple[int, ...], ...] = ()


class GearVariant(BaseModel):
    """One recommended gear set of a build (a guide's character), in our terms.

    `choice` is a `GearChoice` document (prefix per slot, infusions, extras, buffs, agony resistance);
    `distribution` and `mode` are the build's own skill coefficients and game mode when the source states
    them. `problem` says why the gear could not be read (an item our catalogue does not know, ...).
    """

    model_config = _FROZEN
    title: str
    choice: Mapping[str, Any] | None = None
    distribution: Mapping[str, float] | None = None
    mode: str | None = None
    traits: VariantTraits | None = None
    published: Mapping[str, float] = Field(default_factory=dict)
    problem: str | None = None

    @property
    def slots(self) -> Mapping[str, str]:
        return dict(self.choice.get("gear", {})) if self.choice else {}

    @property
    def extras(self) -> Mapping[str, Any]:
        return dict(self.choice.get("extras", {})) if self.choice else {}

    @property
    def infusions(self) -> Mapping[str, int]:
        return dict(self.choice.get("infusions", {})) if self.choice else {}


class MetaBuild(BaseModel):
    """A build as one source publishes it. `key` identifies it within the source across renames of its
    file; `origin` is where it came from (a file path, a saved-build id)."""

    model_config = _FROZEN
    source: str
    key: str
    title: str
    profession: str
    specialization: str
    role: Role
    role_text: str = ""
    code: str | None = None
    boons: tuple[Boon, ...] = ()
    version: str = ""
    url: str | None = None
    origin: str = ""
    rating: str | None = None
    variants: tuple[GearVariant, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MetaBuild:
        return cls.model_validate(dict(data))

    def variant(self, title: str | None) -> GearVariant | None:
        if title is None:
            return self.variants[0] if self.variants else None
        return next((v for v in self.variants if v.title == title), None)


def normalize_title(text: str) -> str:
    """Lower case ASCII letters and digits only: "Power Dragonhunter", "power-dragonhunter" → same."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "", plain.lower())


def build_key(profession: str, specialization: str, title: str, stable_id: str | None = None) -> str:
    """The identity of a build in its source: a stable id the source gives, else profession,
    specialization and normalised title (so moving or renaming its file keeps it the same build)."""
    if stable_id:
        return f"id:{normalize_title(stable_id)}"
    return "/".join(normalize_title(part) for part in (profession, specialization, title))


_HEAL_WORDS = ("heal", "healer", "healing")
_TANK_WORDS = ("tank",)


def _words(*texts: str) -> set[str]:
    return {word for text in texts for word in re.split(r"[^0-9a-z]+", text.lower()) if word}


def meta_role(role_text: str, title: str, boons: Iterable[Boon]) -> Role:
    """Our squad role for a guide's role text, title and boons: a healer or boon provider by what it
    grants (quickness, alacrity), a tank, else damage."""
    words = _words(role_text, title)
    given = set(boons)
    quickness = Boon.QUICKNESS in given or bool(words & {"quickness", "quick", "qdps", "qheal"})
    alacrity = Boon.ALACRITY in given or bool(words & {"alacrity", "alac", "adps", "aheal"})
    heal = bool(words & {*_HEAL_WORDS, "qheal", "aheal"})
    if heal and alacrity and not quickness:
        return Role.ALACRITY_HEAL
    if heal and quickness:
        return Role.QUICKNESS_HEAL
    if heal:
        return Role.SUPPORT
    if words & set(_TANK_WORDS):
        return Role.TANK
    if quickness and not alacrity:
        return Role.QUICKNESS_DPS
    if alacrity:
        return Role.ALACRITY_DPS
    return Role.DPS


def boons_from(names: Iterable[object]) -> tuple[Boon, ...]:
    """The boons a guide lists that our squad vocabulary tracks, in the vocabulary's order; others
    (conditions, swiftness-like extras we do not track) are left out."""
    known = {boon.value: boon for boon in Boon}
    wanted = {str(name).strip().lower() for name in names}
    return tuple(boon for value, boon in known.items() if value in wanted)
