"""The squad vocabulary shared by the build store and squad planning: roles, boons and duties, squad modes.

Every enum value is the stable string stored in the database; `label` is what players read. The `parse_*`
functions turn what a player typed ("qdps", "Alac Heal", "stab") into a value, or raise `VocabularyError`
whose message lists what would have been understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "SUBGROUP_SIZE",
    "Boon",
    "Role",
    "SquadMode",
    "VocabularyError",
    "parse_boon",
    "parse_boons",
    "parse_mode",
    "parse_role",
]


class Role(StrEnum):
    """What a player does in a squad. The last five are WvW roles."""

    DPS = "dps"
    QUICKNESS_DPS = "quickness_dps"
    ALACRITY_DPS = "alacrity_dps"
    QUICKNESS_HEAL = "quickness_heal"
    ALACRITY_HEAL = "alacrity_heal"
    TANK = "tank"
    SUPPORT = "support"
    STABILITY = "stability"
    WVW_HEAL = "wvw_heal"
    STRIP = "strip"
    CLEANSE = "cleanse"
    WVW_DPS = "wvw_dps"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def short(self) -> str:
        """The community abbreviation (qDPS, aHeal, …), for compact grids."""
        return _ROLE_SHORT.get(self, self.label)

    @property
    def is_wvw(self) -> bool:
        return self in _WVW_ROLES


class Boon(StrEnum):
    """A boon, or a duty that is not a boon (heal, strip, cleanse); coverage treats both alike."""

    QUICKNESS = "quickness"
    ALACRITY = "alacrity"
    MIGHT = "might"
    FURY = "fury"
    PROTECTION = "protection"
    REGENERATION = "regeneration"
    VIGOR = "vigor"
    SWIFTNESS = "swiftness"
    STABILITY = "stability"
    AEGIS = "aegis"
    RESISTANCE = "resistance"
    RESOLUTION = "resolution"
    HEAL = "heal"
    STRIP = "strip"
    CLEANSE = "cleanse"

    @property
    def label(self) -> str:
        return _BOON_LABELS.get(self, self.value.capitalize())

    @property
    def is_duty(self) -> bool:
        """True for heal, strip and cleanse: things a player does rather than effects a skill grants."""
        return self in _DUTIES


class SquadMode(StrEnum):
    """The kind of group a squad is planned for; it fixes the size and what "ready" means."""

    FRACTAL = "fractal"
    RAID = "raid"
    STRIKE = "strike"
    WVW = "wvw"

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]

    @property
    def is_wvw(self) -> bool:
        return self is SquadMode.WVW

    @property
    def max_size(self) -> int:
        return _MODE_SIZES[self]

    @property
    def max_subgroups(self) -> int:
        return self.max_size // SUBGROUP_SIZE

    @property
    def required(self) -> frozenset[Boon]:
        """What every subgroup must have before the squad counts as ready."""
        return _WVW_REQUIRED if self.is_wvw else _PVE_REQUIRED

    @property
    def tracked(self) -> tuple[Boon, ...]:
        """The boons and duties a coverage report lists per subgroup, in display order."""
        return _WVW_TRACKED if self.is_wvw else _PVE_TRACKED

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles a slot of this mode may ask for, in display order."""
        return tuple(role for role in Role if role.is_wvw == self.is_wvw)


SUBGROUP_SIZE = 5

_ROLE_LABELS: Mapping[Role, str] = {
    Role.DPS: "DPS",
    Role.QUICKNESS_DPS: "Quickness DPS",
    Role.ALACRITY_DPS: "Alacrity DPS",
    Role.QUICKNESS_HEAL: "Quickness heal",
    Role.ALACRITY_HEAL: "Alacrity heal",
    Role.TANK: "Tank",
    Role.SUPPORT: "Support",
    Role.STABILITY: "Stability",
    Role.WVW_HEAL: "Heal (WvW)",
    Role.STRIP: "Boon strip",
    Role.CLEANSE: "Cleanse",
    Role.WVW_DPS: "DPS (WvW)",
}
_ROLE_SHORT: Mapping[Role, str] = {
    Role.QUICKNESS_DPS: "qDPS",
    Role.ALACRITY_DPS: "aDPS",
    Role.QUICKNESS_HEAL: "qHeal",
    Role.ALACRITY_HEAL: "aHeal",
    Role.STABILITY: "Stab",
    Role.WVW_HEAL: "Heal",
    Role.STRIP: "Strip",
    Role.WVW_DPS: "DPS",
}
_WVW_ROLES = frozenset({Role.STABILITY, Role.WVW_HEAL, Role.STRIP, Role.CLEANSE, Role.WVW_DPS})
_BOON_LABELS: Mapping[Boon, str] = {Boon.STRIP: "Boon strip"}
_DUTIES = frozenset({Boon.HEAL, Boon.STRIP, Boon.CLEANSE})
_MODE_LABELS: Mapping[SquadMode, str] = {
    SquadMode.FRACTAL: "Fractal (5)",
    SquadMode.RAID: "Raid (10)",
    SquadMode.STRIKE: "Strike (10)",
    SquadMode.WVW: "WvW (up to 50)",
}
_MODE_SIZES: Mapping[SquadMode, int] = {
    SquadMode.FRACTAL: 5,
    SquadMode.RAID: 10,
    SquadMode.STRIKE: 10,
    SquadMode.WVW: 50,
}
_PVE_REQUIRED = frozenset({Boon.QUICKNESS, Boon.ALACRITY, Boon.HEAL})
_WVW_REQUIRED = frozenset({Boon.STABILITY, Boon.HEAL})
_PVE_TRACKED = tuple(b for b in Boon if b not in (Boon.STRIP, Boon.CLEANSE))
_WVW_TRACKED = tuple(Boon)


class VocabularyError(ValueError):
    """Text that names no role, boon or mode, or names several; the message lists the valid names."""

    def __init__(self, kind: str, text: str, choices: Iterable[str], candidates: Iterable[str] = ()) -> None:
        self.kind = kind
        self.text = text
        self.choices = tuple(choices)
        self.candidates = tuple(candidates)
        valid = ", ".join(self.choices)
        if self.candidates:
            message = (
                f"“{text}” could be more than one {kind}: {' or '.join(self.candidates)}. "
                f"Be specific; valid {kind}s: {valid}."
            )
        else:
            message = f"“{text}” is not a {kind} I know. Valid {kind}s: {valid}."
        super().__init__(message)


E = TypeVar("E", bound=StrEnum)


def _normalize(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _index(members: Iterable[E], aliases: Mapping[E, tuple[str, ...]], label: str) -> dict[str, E]:
    """Every spelling (value, label, aliases) of every member → the member; a spelling used twice is a bug."""
    index: dict[str, E] = {}
    for member in members:
        spellings = {member.value, str(getattr(member, label)), *aliases.get(member, ())}
        for spelling in spellings:
            key = _normalize(spelling)
            if index.setdefault(key, member) is not member:
                raise AssertionError(f"alias {spelling!r} names both {index[key]} and {member}")
    return index


_ROLE_ALIASES: Mapping[Role, tuple[str, ...]] = {
    Role.DPS: ("power dps", "condi dps", "condition dps", "pdps", "cdps", "damage", "pve dps"),
    Role.QUICKNESS_DPS: ("qdps", "q dps", "quick dps", "quickness dps", "boon dps quickness"),
    Role.ALACRITY_DPS: ("adps", "a dps", "alac dps", "alacrity dps", "boon dps alacrity"),
    Role.QUICKNESS_HEAL: ("qheal", "q heal", "quick heal", "heal quickness", "heal quick", "qhealer", "hfb"),
    Role.ALACRITY_HEAL: ("aheal", "a heal", "alac heal", "heal alacrity", "heal alac", "ahealer"),
    Role.STABILITY: ("stab", "stab support", "stability support"),
    Role.WVW_HEAL: ("wvw heal", "heal wvw", "wvw healer"),
    Role.STRIP: ("strip", "boonstrip", "boon strip", "boon stripper"),
    Role.CLEANSE: ("condi cleanse", "condition cleanse", "cleanser"),
    Role.WVW_DPS: ("wvw dps", "dps wvw"),
}
# How a WvW squad reads spellings that mean a PvE role elsewhere.
_WVW_READINGS: Mapping[str, Role] = {"dps": Role.WVW_DPS, "heal": Role.WVW_HEAL, "healer": Role.WVW_HEAL}
# Spellings that name no single PvE role.
_AMBIGUOUS_PVE: Mapping[str, tuple[Role, ...]] = {
    "heal": (Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL),
    "healer": (Role.QUICKNESS_HEAL, Role.ALACRITY_HEAL),
}
_BOON_ALIASES: Mapping[Boon, tuple[str, ...]] = {
    Boon.QUICKNESS: ("quick", "quickness"),
    Boon.ALACRITY: ("alac", "alacrity"),
    Boon.PROTECTION: ("prot",),
    Boon.REGENERATION: ("regen",),
    Boon.VIGOR: ("vigour",),
    Boon.SWIFTNESS: ("swift",),
    Boon.STABILITY: ("stab",),
    Boon.RESISTANCE: ("resist", "resi"),
    Boon.RESOLUTION: ("reso",),
    Boon.HEAL: ("heals", "healing", "healer"),
    Boon.STRIP: ("boonstrip", "boon strip", "boon removal"),
    Boon.CLEANSE: ("cleanses", "condi cleanse", "condition cleanse"),
}
_MODE_ALIASES: Mapping[SquadMode, tuple[str, ...]] = {
    SquadMode.FRACTAL: ("fractals", "fotm", "fractal 5"),
    SquadMode.RAID: ("raids", "raid 10"),
    SquadMode.STRIKE: ("strikes", "strike mission", "strike missions", "strike 10"),
    SquadMode.WVW: ("world vs world", "world versus world", "zerg"),
}
_ROLE_INDEX = _index(Role, _ROLE_ALIASES, "label")
_BOON_INDEX = _index(Boon, _BOON_ALIASES, "label")
_MODE_INDEX = _index(SquadMode, _MODE_ALIASES, "label")


def parse_role(text: str, mode: SquadMode | None = None) -> Role:
    """The role named by `text`. In a WvW squad "dps" and "heal" mean the WvW roles; elsewhere "dps" is
    PvE DPS and "heal" alone is ambiguous (quickness or alacrity heal)."""
    key = _normalize(text)
    if mode is not None and mode.is_wvw and key in _WVW_READINGS:
        return _WVW_READINGS[key]
    if key in _ROLE_INDEX:
        return _ROLE_INDEX[key]
    candidates = _AMBIGUOUS_PVE.get(key, ())
    if mode is None and key in _WVW_READINGS:
        candidates = (*candidates, _WVW_READINGS[key])
    valid = [role.label for role in (mode.roles if mode else Role)]
    raise VocabularyError("role", text, valid, [role.label for role in candidates])


def parse_boon(text: str) -> Boon:
    """The boon or duty named by `text` ("quick", "Alacrity", "stab", "heal", …)."""
    key = _normalize(text)
    if key in _BOON_INDEX:
        return _BOON_INDEX[key]
    raise VocabularyError("boon", text, [boon.label for boon in Boon])


def parse_boons(text: str) -> frozenset[Boon]:
    """A comma-, semicolon- or plus-separated list of boons ("quickness, might + fury"); empty text → none."""
    parts = [part for part in re.split(r"[,;+/]", text) if part.strip()]
    return frozenset(parse_boon(part) for part in parts)


def parse_mode(text: str) -> SquadMode:
    """The squad mode named by `text` ("raid", "Fractals", "WvW", "strike mission", …)."""
    key = _normalize(text)
    if key in _MODE_INDEX:
        return _MODE_INDEX[key]
    raise VocabularyError("squad mode", text, [mode.value for mode in SquadMode])
