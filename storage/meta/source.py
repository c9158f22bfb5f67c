"""The one interface every meta source implements, what a poll returns, and how a source fails.

A source turns what it publishes into `MetaBuild` records. `fetch` gets what the store knows (the source's
cursor from the last poll and its current builds) and returns either "nothing changed" or the complete
current list, so removals show; it may reuse known builds for parts it did not download again. A source
that is down, asks us to wait, or no longer looks as expected raises a `MetaSourceError`: the store keeps
the last good builds and reports the failure.

Adapters: `DiscretizeSource` (a guide repository on GitHub), `GuildBuildsSource` (a guild's shared builds).
A site without a repository fits the same interface: fetch its page with `ConditionalFetcher` (ETag and
Last-Modified kept in the cursor), parse the builds from its HTML, and return them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from optimizer.meta import MetaBuild


class MetaSourceError(Exception):
    """The source could not be polled; `status` is how `/meta status` names it."""

    status = "down"


class SourceUnavailableError(MetaSourceError):
    """Network error, timeout or a server error: try again at the next poll."""

    status = "down"


class SourceFormatError(MetaSourceError):
    """The source answered but not in a form we read (its layout or format changed)."""

    status = "format"


class SourceRateLimitedError(MetaSourceError):
    """The source asked us to wait until `reset_at`."""

    status = "rate_limited"

    def __init__(self, message: str, reset_at: datetime) -> None:
        super().__init__(message)
        self.reset_at = reset_at


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """One file or entry the poll skipped, and why; the rest of the source was imported."""

    origin: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"origin": self.origin, "message": self.message}


@dataclass(frozen=True, slots=True)
class SourceSnapshot:
    """What the store knows of a source before a poll."""

    cursor: Mapping[str, Any]
    builds: Sequence[MetaBuild]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A poll's outcome. `builds` is None when nothing changed since the cursor; otherwise every current
    build. `requests` counts the HTTP requests made (0 for database sources)."""

    builds: tuple[MetaBuild, ...] | None
    cursor: Mapping[str, Any]
    problems: tuple[SourceProblem, ...] = ()
    version: str | None = None
    requests: int = 0
    notes: tuple[str, ...] = field(default=())


class MetaSource(Protocol):
    """A source of meta builds. `name` is stable (it keys the stored builds); `label` is for people."""

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    async def fetch(self, known: SourceSnapshot) -> Fetched: ...
