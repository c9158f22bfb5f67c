"""The meta store: polls sources into the database, and answers what the bot and command line ask.

A poll claims the source first (so of several processes one polls per interval), asks the adapter for what
changed since its cursor, and stores the builds with their history in one unit of work. A failing source
keeps its last good builds; its status says what went wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from optimizer.gamedata import GameData
from optimizer.meta import changes_between
from storage.db import Database, Store, per_call
from storage.meta.records import PollReport
from storage.meta.repository import MetaRepository
from storage.meta.source import MetaSource, MetaSourceError, SourceRateLimitedError, SourceSnapshot

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class MetaStore(Store):
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = _utcnow) -> None:
        super().__init__(database)
        self._clock = clock

    async def poll(
        self,
        source: MetaSource,
        *,
        min_interval: timedelta = timedelta(0),
        gamedata: GameData | None = None,
    ) -> PollReport:
        """Poll one source if due; never raises for a source's own failure (it is recorded instead)."""
        now = self._clock()
        async with self._database.session() as session:
            repository = MetaRepository(session)
            if not await repository.claim(source.name, now, min_interval):
                row = await repository.source_row(source.name)
                waiting = (
                    row.retry_after if row is not None and row.retry_after and row.retry_after > now else None
                )
                why = f"rate limited until {waiting:%Y-%m-%d %H:%M} UTC" if waiting else "polled recently"
                return PollReport(source.name, source.label, "not due", error=why)
            row = await repository.source_row(source.name)
            cursor = dict(row.cursor) if row is not None else {}
            reported = {(p["origin"], p["message"]) for p in row.problems} if row is not None else set()
            known = await repository.current(source.name)
        try:
            fetched = await source.fetch(SourceSnapshot(cursor, [stored.build for stored in known]))
        except MetaSourceError as error:
            retry = error.reset_at if isinstance(error, SourceRateLimitedError) else None
            log.warning("Meta source %s could not be polled (%s): %s", source.name, error.status, error)
            async with self._database.session() as session:
                await MetaRepository(session).record_failure(
                    source.name, status=error.status, problem=str(error), now=self._clock(), retry_after=retry
                )
            return PollReport(source.name, source.label, "failed", error=str(error), builds=len(known))
        except Exception as error:  # a bug reading this source must not stop the others; the log has it
            log.exception("Meta source %s failed unexpectedly", source.name)
            why = f"failed unexpectedly ({type(error).__name__}); see the log"
            async with self._database.session() as session:
                await MetaRepository(session).record_failure(
                    source.name, status="error", problem=why, now=self._clock()
                )
            return PollReport(source.name, source.label, "failed", error=why, builds=len(known))
        builds = fetched.builds
        changes = changes_between([s.build for s in known], builds, gamedata) if builds is not None else []
        async with self._database.session() as session:
            repository = MetaRepository(session)
            if builds is not None:
                await repository.apply(source.name, builds, changes, self._clock())
            await repository.record_success(
                source.name,
                cursor=fetched.cursor,
                problems=fetched.problems,
                version=fetched.version,
                changed=bool(changes),
                now=self._clock(),
            )
        for problem in fetched.problems:
            if (problem.origin, problem.message) in reported:
                continue  # reported at an earlier poll already
            log.warning("Meta source %s: %s: %s", source.name, problem.origin, problem.message)
        if changes:
            log.info("Meta source %s: %d builds changed", source.name, len(changes))
        return PollReport(
            source.name,
            source.label,
            "changed" if changes else "unchanged",
            changes=tuple(changes),
            problems=fetched.problems,
            requests=fetched.requests,
            builds=len(builds) if builds is not None else len(known),
        )

    async def poll_all(
        self,
        sources: Sequence[MetaSource],
        *,
        min_interval: timedelta = timedelta(0),
        gamedata: GameData | None = None,
    ) -> list[PollReport]:
        return [await self.poll(source, min_interval=min_interval, gamedata=gamedata) for source in sources]

    # -- reading --------------------------------------------------------------------------------------
    builds = per_call(MetaRepository, MetaRepository.builds)
    find = per_call(MetaRepository, MetaRepository.find)
    history = per_call(MetaRepository, MetaRepository.history)
    statuses = per_call(MetaRepository, MetaRepository.statuses)
    changes_after = per_call(MetaRepository, MetaRepository.changes_after)
    last_change_id = per_call(MetaRepository, MetaRepository.last_change_id)

    # -- checks ---------------------------------------------------------------------------------------
    check = per_call(MetaRepository, MetaRepository.check)

    async def save_check(
        self, build_id: int, variant: str, fingerprint: str, result: Mapping[str, Any]
    ) -> None:
        try:
            async with self._database.session() as session:
                await MetaRepository(session).save_check(
                    build_id, variant, fingerprint, result, self._clock()
                )
        except IntegrityError:
            # Another process stored the same check at the same moment; theirs is as good as ours.
            log.debug("Check of meta build %s (%s) was stored by another process", build_id, variant)
