"""What the meta store returns: stored builds, history entries, source status and poll reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from optimizer.meta import BuildChange, FieldChange, MetaBuild
from storage.meta.source import SourceProblem


@dataclass(frozen=True, slots=True)
class StoredMetaBuild:
    id: int
    build: MetaBuild
    first_seen_at: datetime
    updated_at: datetime
    removed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredChange:
    id: int
    build_id: int
    source: str
    kind: str  # new | changed | removed
    title: str
    profession: str
    specialization: str
    version: str
    fields: tuple[FieldChange, ...]
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    status: str  # never | ok | down | format | rate_limited
    problem: str | None
    problems: tuple[SourceProblem, ...]
    version: str | None
    polled_at: datetime | None
    succeeded_at: datetime | None
    changed_at: datetime | None
    retry_after: datetime | None
    builds: int


@dataclass(frozen=True, slots=True)
class PollReport:
    """One source's poll. `outcome`: changed, unchanged, failed, or not due (polled recently by this or
    another process, or waiting for a rate limit to reset)."""

    source: str
    label: str
    outcome: str
    changes: tuple[BuildChange, ...] = ()
    problems: tuple[SourceProblem, ...] = ()
    error: str | None = None
    requests: int = 0
    builds: int = 0

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "removed": 0}
        for change in self.changes:
            counts[change.kind] += 1
        return counts
