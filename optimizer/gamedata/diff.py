"""What changed between two game-data snapshots: added, removed and changed records, by profession."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

DiffKind = Literal["specializations", "traits", "skills", "itemstats"]
Change = Literal["added", "removed", "changed"]
_CHANGES: tuple[Change, ...] = ("added", "removed", "changed")


class HashedRecord(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def content_hash(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DiffEntry:
    id: int
    name: str
    professions: tuple[str, ...]  # empty when the record belongs to no profession (itemstats, shared skills)


@dataclass(frozen=True, slots=True)
class KindDiff:
    """Changes of one kind of record. `compared` is False when either snapshot lacks that kind entirely."""

    kind: DiffKind
    compared: bool
    added: tuple[DiffEntry, ...] = ()
    removed: tuple[DiffEntry, ...] = ()
    changed: tuple[DiffEntry, ...] = ()

    @property
    def total(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)

    def entries(self, change: Change) -> tuple[DiffEntry, ...]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}[change]


def diff_records(
    kind: DiffKind,
    old: Iterable[HashedRecord],
    new: Iterable[HashedRecord],
    professions_of: Callable[[HashedRecord], tuple[str, ...]],
) -> KindDiff:
    old_by_id = {r.id: r for r in old}
    new_by_id = {r.id: r for r in new}
    if not old_by_id or not new_by_id:
        return KindDiff(kind, compared=False)

    def entry(record: HashedRecord) -> DiffEntry:
        return DiffEntry(record.id, record.name, professions_of(record))

    return KindDiff(
        kind,
        compared=True,
        added=tuple(entry(new_by_id[i]) for i in sorted(new_by_id.keys() - old_by_id.keys())),
        removed=tuple(entry(old_by_id[i]) for i in sorted(old_by_id.keys() - new_by_id.keys())),
        changed=tuple(
            entry(new_by_id[i])
            for i in sorted(old_by_id.keys() & new_by_id.keys())
            if old_by_id[i].content_hash != new_by_id[i].content_hash
        ),
    )


@dataclass(frozen=True, slots=True)
class GameDataDiff:
    old_build: int
    new_build: int
    specializations: KindDiff
    traits: KindDiff
    skills: KindDiff
    itemstats: KindDiff

    @property
    def kinds(self) -> tuple[KindDiff, ...]:
        return (self.specializations, self.traits, self.skills, self.itemstats)

    @property
    def is_empty(self) -> bool:
        return all(kind.total == 0 for kind in self.kinds)

    def by_profession(self) -> dict[str, dict[DiffKind, dict[Change, int]]]:
        """Counts per profession, per kind, per change; records of no profession are left out."""
        counts: dict[str, dict[DiffKind, dict[Change, int]]] = {}
        for kind in self.kinds:
            for change in _CHANGES:
                for entry in kind.entries(change):
                    for profession in entry.professions:
                        per_kind = counts.setdefault(profession, {}).setdefault(
                            kind.kind, dict.fromkeys(_CHANGES, 0)
                        )
                        per_kind[change] += 1
        return dict(sorted(counts.items()))

    def summary(self) -> str:
        """A few lines for an announcement: the builds, totals per kind, then totals per profession."""
        lines = [f"Game build {self.old_build} → {self.new_build}"]
        if self.is_empty:
            lines.append("No skill, trait, specialization or itemstat changes.")
        for kind in self.kinds:
            if not kind.compared:
                lines.append(f"{kind.kind.capitalize()}: not compared (missing from one snapshot)")
            elif kind.total:
                parts = [f"{len(kind.entries(c))} {c}" for c in _CHANGES if kind.entries(c)]
                lines.append(f"{kind.kind.capitalize()}: {', '.join(parts)}")
        for profession, per_kind in self.by_profession().items():
            parts = [f"{sum(changes.values())} {kind}" for kind, changes in per_kind.items()]
            lines.append(f"{profession}: {', '.join(parts)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form for storing the diff next to the snapshot."""
        return {
            "old_build": self.old_build,
            "new_build": self.new_build,
            "kinds": {
                kind.kind: {
                    "compared": kind.compared,
                    **{
                        change: [
                            {"id": e.id, "name": e.name, "professions": list(e.professions)}
                            for e in kind.entries(change)
                        ]
                        for change in _CHANGES
                    },
                }
                for kind in self.kinds
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GameDataDiff:
        """The inverse of `to_json`."""

        def kind_diff(kind: DiffKind) -> KindDiff:
            raw = data["kinds"][kind]
            entries = {
                change: tuple(DiffEntry(e["id"], e["name"], tuple(e["professions"])) for e in raw[change])
                for change in _CHANGES
            }
            return KindDiff(kind, raw["compared"], entries["added"], entries["removed"], entries["changed"])

        return cls(
            old_build=data["old_build"],
            new_build=data["new_build"],
            specializations=kind_diff("specializations"),
            traits=kind_diff("traits"),
            skills=kind_diff("skills"),
            itemstats=kind_diff("itemstats"),
        )
