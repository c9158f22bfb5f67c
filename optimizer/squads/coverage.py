"""Per-subgroup boon coverage of a squad, its readiness, and the standard compositions to start from.

Boons reach the five members of the caster's subgroup, so coverage is judged per subgroup. A squad is
ready only when every subgroup has everything its mode requires (`SquadMode.required`: quickness,
alacrity and a heal in PvE; stability and a heal in WvW), however many seats are filled.

The caller resolves what fills each slot (a stored build, else the spec-and-role catalog) to the set of
boons it provides; this module only counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from optimizer.squads.roles import SUBGROUP_SIZE, Boon, Role, SquadMode

__all__ = [
    "SQUAD_TEMPLATES",
    "CoverageReport",
    "SquadLayoutError",
    "SquadSlot",
    "SquadTemplate",
    "SubgroupCoverage",
    "compute_coverage",
    "find_template",
    "fixes_for",
    "templates_for",
    "validate_layout",
]

K = TypeVar("K")


class SquadLayoutError(ValueError):
    """Slots that do not describe a squad of the given mode (a subgroup or position out of range, a seat or
    member used twice, more seats than the mode has)."""


@dataclass(frozen=True, slots=True)
class SquadSlot:
    """One seat: its subgroup (1-based), position in the subgroup (1–5), the role the leader wants there,
    and what fills it: the boons it provides (None while nobody fills it) and the member, if known.
    A locked slot keeps its member when the squad is auto-filled."""

    subgroup: int
    position: int
    role: Role
    boons: frozenset[Boon] | None = None
    member_id: int | None = None
    locked: bool = False

    def __post_init__(self) -> None:
        if self.subgroup < 1:
            raise SquadLayoutError(f"subgroup {self.subgroup} does not exist: subgroups are numbered from 1")
        if not 1 <= self.position <= SUBGROUP_SIZE:
            raise SquadLayoutError(f"position {self.position} does not exist: a subgroup has positions 1–5")
        if self.locked and self.member_id is None:
            raise SquadLayoutError(f"subgroup {self.subgroup} position {self.position} is locked to nobody")

    @property
    def filled(self) -> bool:
        return self.boons is not None or self.member_id is not None


def validate_layout(mode: SquadMode, slots: Iterable[SquadSlot]) -> None:
    """Raise `SquadLayoutError` unless `slots` fit `mode`."""
    seats: set[tuple[int, int]] = set()
    members: set[int] = set()
    for slot in slots:
        if slot.subgroup > mode.max_subgroups:
            raise SquadLayoutError(
                f"a {mode.label} squad has {mode.max_subgroups} subgroup(s); "
                f"subgroup {slot.subgroup} is one too many"
            )
        if (slot.subgroup, slot.position) in seats:
            raise SquadLayoutError(f"subgroup {slot.subgroup} position {slot.position} appears twice")
        seats.add((slot.subgroup, slot.position))
        if slot.member_id is not None:
            if slot.member_id in members:
                raise SquadLayoutError(f"member {slot.member_id} sits in two slots")
            members.add(slot.member_id)


@dataclass(frozen=True, slots=True)
class SubgroupCoverage:
    """Which tracked boons and duties a subgroup has, and which positions provide each of them."""

    mode: SquadMode
    subgroup: int
    seats: int
    filled: int
    providers: Mapping[Boon, tuple[int, ...]]

    @property
    def covered(self) -> tuple[Boon, ...]:
        return tuple(boon for boon in self.mode.tracked if self.providers.get(boon))

    @property
    def missing(self) -> tuple[Boon, ...]:
        return tuple(boon for boon in self.mode.tracked if not self.providers.get(boon))

    @property
    def missing_required(self) -> tuple[Boon, ...]:
        return tuple(boon for boon in self.missing if boon in self.mode.required)

    @property
    def ready(self) -> bool:
        return not self.missing_required


@dataclass(frozen=True, slots=True)
class CoverageReport:
    mode: SquadMode
    subgroups: tuple[SubgroupCoverage, ...]

    @property
    def ready(self) -> bool:
        """Every subgroup has what the mode requires (a squad without subgroups is not ready)."""
        return bool(self.subgroups) and all(group.ready for group in self.subgroups)

    def subgroup(self, number: int) -> SubgroupCoverage:
        for group in self.subgroups:
            if group.subgroup == number:
                return group
        raise KeyError(number)

    def missing_required(self) -> tuple[tuple[int, Boon], ...]:
        return tuple((group.subgroup, boon) for group in self.subgroups for boon in group.missing_required)

    def problems(self) -> list[str]:
        """One sentence per subgroup that is not ready, e.g. "subgroup 2 has no alacrity, heal"."""
        if not self.subgroups:
            return ["the squad has no slots"]
        return [
            f"subgroup {group.subgroup} has no {_listing(group.missing_required)}"
            for group in self.subgroups
            if not group.ready
        ]


def _listing(boons: Iterable[Boon]) -> str:
    return ", ".join(boon.label.lower() for boon in boons)


def compute_coverage(mode: SquadMode, slots: Iterable[SquadSlot]) -> CoverageReport:
    """Coverage of every subgroup that has at least one slot, in subgroup order."""
    slots = list(slots)
    validate_layout(mode, slots)
    by_group: dict[int, list[SquadSlot]] = {}
    for slot in sorted(slots, key=lambda s: (s.subgroup, s.position)):
        by_group.setdefault(slot.subgroup, []).append(slot)
    groups = []
    for number, members in by_group.items():
        providers: dict[Boon, list[int]] = {}
        for slot in members:
            for boon in slot.boons or ():
                providers.setdefault(boon, []).append(slot.position)
        groups.append(
            SubgroupCoverage(
                mode=mode,
                subgroup=number,
                seats=len(members),
                filled=sum(slot.filled for slot in members),
                providers={boon: tuple(positions) for boon, positions in providers.items()},
            )
        )
    return CoverageReport(mode, tuple(groups))


def fixes_for(group: SubgroupCoverage, candidates: Sequence[tuple[K, frozenset[Boon]]]) -> list[K]:
    """The candidates (e.g. stored builds with their boons) that would give `group` something it must have,
    best first: most missing required boons, then most missing tracked boons; ties keep the given order."""
    required = set(group.missing_required)
    missing = set(group.missing)
    useful = [(key, boons) for key, boons in candidates if boons & required]
    useful.sort(key=lambda item: (-len(item[1] & required), -len(item[1] & missing)))
    return [key for key, _ in useful]


@dataclass(frozen=True, slots=True)
class SquadTemplate:
    """A standard composition: the roles of each subgroup, position by position. A repeating template (WvW)
    gives every party the same roles."""

    key: str
    label: str
    modes: frozenset[SquadMode]
    subgroups: tuple[tuple[Role, ...], ...]
    repeat: bool = False

    def slots(self, mode: SquadMode, parties: int | None = None) -> tuple[SquadSlot, ...]:
        """Empty slots of this template for a `mode` squad; `parties` sets how many parties a repeating
        template fills (default: as many as the mode holds)."""
        if mode not in self.modes:
            raise SquadLayoutError(f"the {self.label} template is not for {mode.label} squads")
        if self.repeat:
            count = mode.max_subgroups if parties is None else parties
            if not 1 <= count <= mode.max_subgroups:
                raise SquadLayoutError(
                    f"a {mode.label} squad holds 1–{mode.max_subgroups} parties, not {count}"
                )
            layout = self.subgroups * count
        elif parties not in (None, len(self.subgroups)):
            raise SquadLayoutError(f"the {self.label} template always has {len(self.subgroups)} subgroup(s)")
        else:
            layout = self.subgroups
        return tuple(
            SquadSlot(subgroup=g, position=p, role=role)
            for g, roles in enumerate(layout, start=1)
            for p, role in enumerate(roles, start=1)
        )


_PVE_10 = frozenset({SquadMode.RAID, SquadMode.STRIKE})
_QHEAL_GROUP = (Role.QUICKNESS_HEAL, Role.ALACRITY_DPS, Role.DPS, Role.DPS, Role.DPS)
_AHEAL_GROUP = (Role.ALACRITY_HEAL, Role.QUICKNESS_DPS, Role.DPS, Role.DPS, Role.DPS)

SQUAD_TEMPLATES: tuple[SquadTemplate, ...] = (
    SquadTemplate(
        "standard",
        "2 heals, 2 quickness, 2 alacrity, 6 DPS: qHeal + aDPS | aHeal + qDPS",
        _PVE_10,
        (_QHEAL_GROUP, _AHEAL_GROUP),
    ),
    SquadTemplate(
        "quickness-heals", "2 quickness heals + 2 alacrity DPS + 6 DPS", _PVE_10, (_QHEAL_GROUP,) * 2
    ),
    SquadTemplate(
        "alacrity-heals", "2 alacrity heals + 2 quickness DPS + 6 DPS", _PVE_10, (_AHEAL_GROUP,) * 2
    ),
    SquadTemplate(
        "fractal-alacrity-heal",
        "alacrity heal + quickness DPS + 3 DPS",
        frozenset({SquadMode.FRACTAL}),
        (_AHEAL_GROUP,),
    ),
    SquadTemplate(
        "fractal-quickness-heal",
        "quickness heal + alacrity DPS + 3 DPS",
        frozenset({SquadMode.FRACTAL}),
        (_QHEAL_GROUP,),
    ),
    SquadTemplate(
        "wvw-strip",
        "per party: stability, heal, boon strip, 2 DPS",
        frozenset({SquadMode.WVW}),
        ((Role.STABILITY, Role.WVW_HEAL, Role.STRIP, Role.WVW_DPS, Role.WVW_DPS),),
        repeat=True,
    ),
    SquadTemplate(
        "wvw-cleanse",
        "per party: stability, heal, cleanse, 2 DPS",
        frozenset({SquadMode.WVW}),
        ((Role.STABILITY, Role.WVW_HEAL, Role.CLEANSE, Role.WVW_DPS, Role.WVW_DPS),),
        repeat=True,
    ),
)


def templates_for(mode: SquadMode) -> list[SquadTemplate]:
    return [template for template in SQUAD_TEMPLATES if mode in template.modes]


def find_template(key: str) -> SquadTemplate:
    for template in SQUAD_TEMPLATES:
        if template.key == key.strip().lower():
            return template
    raise SquadLayoutError(
        f"there is no template “{key}”; templates: {', '.join(t.key for t in SQUAD_TEMPLATES)}"
    )
