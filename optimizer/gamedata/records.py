"""Typed, immutable records of the GW2 API game data, parsed from API-shaped JSON.

Records that a balance diff compares carry `content_hash`: a digest of the API payload without volatile
presentation fields (icon URLs, chat links), so "changed" means the game content changed. The bundled data,
trimmed to what the project shows, stores the digest of the full payload it was derived from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from optimizer.gamedata.link_format import chat_link_format

_VOLATILE_KEYS = frozenset(
    {"icon", "icon_big", "background", "profession_icon", "profession_icon_big", "chat_link"}
)


def _without_volatile(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_volatile(v) for k, v in value.items() if k not in _VOLATILE_KEYS}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def content_hash(payload: Mapping[str, Any]) -> str:
    """A stable digest of an API object's game content (key order and icon URLs do not matter)."""
    canonical = json.dumps(
        _without_volatile(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class _HashedRecord(_Record):
    content_hash: str

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> Self:
        return cls.model_validate({**raw, "content_hash": raw.get("content_hash") or content_hash(raw)})


class ProfessionWeapon(_Record):
    type: str
    specialization: int | None = None
    flags: tuple[str, ...] = ()


class Profession(_Record):
    """`code` is the chat-link profession byte; `skills_by_palette` maps palette id to skill id, if known."""

    id: str
    name: str
    code: int | None = None
    specializations: tuple[int, ...] = ()
    weapons: tuple[ProfessionWeapon, ...] = ()
    skills_by_palette: Mapping[int, int] = {}

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> Self:
        listed = raw.get("weapons") or {}
        if not isinstance(listed, Mapping) or not all(isinstance(d, Mapping) for d in listed.values()):
            raise ValueError(f"profession {raw.get('id')!r}: weapons must map a weapon type to its details")
        weapons = [{"type": kind, **details} for kind, details in listed.items()]
        code = raw.get("code")
        if code is None:
            # Payloads fetched without a schema version lack `code`; it is the fixed chat-link byte.
            code = chat_link_format().profession_code(str(raw["id"]))
        return cls.model_validate(
            {
                **raw,
                "code": code,
                "weapons": weapons,
                "skills_by_palette": {int(p): int(s) for p, s in raw.get("skills_by_palette") or ()},
            }
        )


class Specialization(_HashedRecord):
    """`major_traits` are ordered adept top/middle/bottom, master ..., grandmaster ..."""

    id: int
    name: str
    profession: str
    elite: bool = False
    minor_traits: tuple[int, ...] = ()
    major_traits: tuple[int, ...] = ()
    weapon_trait: int | None = None


class Trait(_HashedRecord):
    """`tier` 1-3 (0: elite weapon trait) and `order` 0-2 top to bottom; chat-link choice = order + 1.

    `facts` are the API's trait facts (numbers the tooltip shows) without icons; modifier data cites them.
    """

    id: int
    name: str
    description: str = ""
    specialization: int | None = None
    tier: int = 0
    order: int | None = None
    slot: str = "Major"
    facts: tuple[Mapping[str, Any], ...] = ()
    traited_facts: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> Self:
        record = super().from_api(raw)
        return record.model_copy(
            update={key: _facts(raw.get(key)) for key in ("facts", "traited_facts")},
        )

    def find_fact(self, match: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The first fact (or traited fact) whose fields include every key and value of `match`."""
        for fact in (*self.facts, *self.traited_facts):
            if all(fact.get(key) == value for key, value in match.items()):
                return fact
        return None


def _facts(raw: Any) -> tuple[Mapping[str, Any], ...]:
    return tuple(_without_volatile(fact) for fact in raw or () if isinstance(fact, Mapping))


class Skill(_HashedRecord):
    id: int
    name: str = ""  # a few API skills are nameless
    description: str = ""
    type: str | None = None
    slot: str | None = None
    professions: tuple[str, ...] = ()
    specialization: int | None = None
    weapon_type: str | None = None


class Legend(_Record):
    """A revenant legend. The API gives it no name; `name` is its swap skill's name when skills are known."""

    id: str
    name: str
    code: int | None = None
    swap: int | None = None
    heal: int | None = None
    elite: int | None = None
    utilities: tuple[int, ...] = ()

    @classmethod
    def from_api(cls, raw: Mapping[str, Any], skill_names: Mapping[int, str]) -> Self:
        name = skill_names.get(raw.get("swap") or 0, str(raw["id"]))
        return cls.model_validate({**raw, "name": name})


class Pet(_Record):
    id: int
    name: str
    skills: tuple[int, ...] = ()

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> Self:
        skills = [s["id"] if isinstance(s, Mapping) else s for s in raw.get("skills") or ()]
        return cls.model_validate({**raw, "skills": skills})


class ItemStatAttribute(_Record):
    attribute: str
    multiplier: float = 0.0
    value: int = 0


class ItemStat(_HashedRecord):
    id: int
    name: str
    attributes: tuple[ItemStatAttribute, ...] = ()
