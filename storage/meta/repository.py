"""The meta tables, one session at a time: sources' poll state, builds with history, checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from optimizer.meta import BuildChange, FieldChange, MetaBuild
from optimizer.squads import Role
from storage.meta.records import SourceStatus, StoredChange, StoredMetaBuild
from storage.meta.source import SourceProblem
from storage.models import MetaBuildRow, MetaChangeRow, MetaCheckRow, MetaSourceRow


def _stored(row: MetaBuildRow) -> StoredMetaBuild:
    return StoredMetaBuild(
        id=row.id,
        build=MetaBuild.from_json(row.data),
        first_seen_at=row.first_seen_at,
        updated_at=row.updated_at,
        removed_at=row.removed_at,
    )


def _change(row: MetaChangeRow) -> StoredChange:
    return StoredChange(
        id=row.id,
        build_id=row.build_id,
        source=row.source,
        kind=row.kind,
        title=row.title,
        profession=row.profession,
        specialization=row.specialization,
        version=row.version,
        fields=tuple(FieldChange.model_validate(f) for f in row.fields),
        seen_at=row.seen_at,
    )


def _fill(row: MetaBuildRow, build: MetaBuild) -> None:
    row.key = build.key
    row.title = build.title[:200]
    row.profession = build.profession[:32]
    row.specialization = build.specialization[:48]
    row.role = build.role.value
    row.code = build.code
    row.version = build.version[:80]
    row.origin = build.origin[:300]
    row.data = build.to_json()


class MetaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # -- sources --------------------------------------------------------------------------------------
    async def ensure_source(self, name: str) -> None:
        if await self._session.get(MetaSourceRow, name) is not None:
            return
        try:
            async with self._session.begin_nested():
                self._session.add(MetaSourceRow(name=name, cursor={}, status="never", problems=[]))
        except IntegrityError:
            pass  # another process added it first

    async def claim(self, name: str, now: datetime, min_interval: timedelta) -> bool:
        """Take the next poll of `name`: no poll started within `min_interval` and no rate limit pending.
        Atomic, so of several processes polling on the same schedule only one does."""
        await self.ensure_source(name)
        done = await self._session.execute(
            update(MetaSourceRow)
            .where(
                MetaSourceRow.name == name,
                or_(MetaSourceRow.claimed_at.is_(None), MetaSourceRow.claimed_at <= now - min_interval),
                or_(MetaSourceRow.retry_after.is_(None), MetaSourceRow.retry_after <= now),
            )
            .values(claimed_at=now)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    async def source_row(self, name: str) -> MetaSourceRow | None:
        return await self._session.get(MetaSourceRow, name)

    async def record_success(
        self,
        name: str,
        *,
        cursor: Mapping[str, Any],
        problems: Sequence[SourceProblem],
        version: str | None,
        changed: bool,
        now: datetime,
    ) -> None:
        row = await self._session.get(MetaSourceRow, name)
        assert row is not None
        row.cursor = dict(cursor)
        row.status = "ok"
        row.problem = None
        row.problems = [p.to_json() for p in problems]
        row.version = version[:80] if version else row.version
        row.polled_at = row.succeeded_at = now
        row.retry_after = None
        if changed:
            row.changed_at = now

    async def record_failure(
        self, name: str, *, status: str, problem: str, now: datetime, retry_after: datetime | None = None
    ) -> None:
        row = await self._session.get(MetaSourceRow, name)
        assert row is not None
        row.status = status
        row.problem = problem[:2000]
        row.polled_at = now
        row.retry_after = retry_after

    async def statuses(self, names: Iterable[str]) -> list[SourceStatus]:
        wanted = list(dict.fromkeys(names))
        rows = {
            r.name: r
            for r in await self._session.scalars(select(MetaSourceRow).where(MetaSourceRow.name.in_(wanted)))
        }
        counts = dict(
            (
                await self._session.execute(
                    select(MetaBuildRow.source, func.count())
                    .where(MetaBuildRow.source.in_(wanted), MetaBuildRow.removed_at.is_(None))
                    .group_by(MetaBuildRow.source)
                )
            ).all()
        )
        found = []
        for name in wanted:
            row = rows.get(name)
            found.append(
                SourceStatus(
                    name=name,
                    status=row.status if row else "never",
                    problem=row.problem if row else None,
                    problems=tuple(SourceProblem(**p) for p in (row.problems if row else [])),
                    version=row.version if row else None,
                    polled_at=row.polled_at if row else None,
                    succeeded_at=row.succeeded_at if row else None,
                    changed_at=row.changed_at if row else None,
                    retry_after=row.retry_after if row else None,
                    builds=int(counts.get(name, 0)),
                )
            )
        return found

    # -- builds ---------------------------------------------------------------------------------------
    async def current(self, source: str) -> list[StoredMetaBuild]:
        rows = await self._session.scalars(
            select(MetaBuildRow)
            .where(MetaBuildRow.source == source, MetaBuildRow.removed_at.is_(None))
            .order_by(MetaBuildRow.id)
        )
        return [_stored(row) for row in rows]

    async def apply(
        self, source: str, builds: Sequence[MetaBuild], changes: Sequence[BuildChange], now: datetime
    ) -> None:
        """Store the poll's builds and the history entries of its changes, in this unit of work."""
        rows = {
            row.key: row
            for row in await self._session.scalars(select(MetaBuildRow).where(MetaBuildRow.source == source))
        }
        # A renamed build keeps its row (and history) under its new key.
        for change in changes:
            if change.previous_key and change.previous_key in rows:
                row = rows.pop(change.previous_key)
                stale = rows.pop(change.key, None)
                if stale is not None:  # an old removed build had this key: it steps aside
                    stale.key = f"{stale.key}#{stale.id}"[:300]
                    await self._session.flush()
                row.key = change.key
                rows[change.key] = row
        await self._session.flush()
        kinds = {change.key: change for change in changes}
        for build in builds:
            existing = rows.get(build.key)
            if existing is None:
                added = MetaBuildRow(source=source, first_seen_at=now, updated_at=now)
                _fill(added, build)
                self._session.add(added)
                rows[build.key] = added
            else:
                _fill(existing, build)
                if build.key in kinds or existing.removed_at is not None:
                    existing.updated_at = now
                existing.removed_at = None
        current = {build.key for build in builds}
        for key, row in rows.items():
            if key not in current and row.removed_at is None:
                row.removed_at = now
        await self._session.flush()
        for change in changes:
            row = rows[change.key]
            self._session.add(
                MetaChangeRow(
                    build_id=row.id,
                    source=source,
                    kind=change.kind,
                    title=change.title[:200],
                    profession=change.profession[:32],
                    specialization=change.specialization[:48],
                    version=row.version,
                    fields=[f.model_dump() for f in change.fields],
                    seen_at=now,
                )
            )

    async def builds(
        self,
        sources: Iterable[str],
        *,
        profession: str | None = None,
        role: Role | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[StoredMetaBuild]:
        query = select(MetaBuildRow).where(
            MetaBuildRow.source.in_(list(sources)), MetaBuildRow.removed_at.is_(None)
        )
        if profession:
            wanted = profession.strip().lower()
            query = query.where(
                or_(
                    func.lower(MetaBuildRow.profession) == wanted,
                    func.lower(MetaBuildRow.specialization) == wanted,
                )
            )
        if role is not None:
            query = query.where(MetaBuildRow.role == role.value)
        if text:
            query = query.where(
                func.lower(MetaBuildRow.title).contains(text.strip().lower(), autoescape=True)
            )
        query = query.order_by(MetaBuildRow.profession, MetaBuildRow.specialization, MetaBuildRow.title)
        if limit is not None:
            query = query.limit(limit)
        return [_stored(row) for row in await self._session.scalars(query)]

    async def find(self, build_id: int) -> StoredMetaBuild | None:
        row = await self._session.get(MetaBuildRow, build_id)
        return _stored(row) if row is not None else None

    # -- history --------------------------------------------------------------------------------------
    async def changes_after(self, change_id: int, sources: Iterable[str]) -> list[StoredChange]:
        rows = await self._session.scalars(
            select(MetaChangeRow)
            .where(MetaChangeRow.id > change_id, MetaChangeRow.source.in_(list(sources)))
            .order_by(MetaChangeRow.id)
        )
        return [_change(row) for row in rows]

    async def history(self, build_id: int, limit: int = 10) -> list[StoredChange]:
        rows = await self._session.scalars(
            select(MetaChangeRow)
            .where(MetaChangeRow.build_id == build_id)
            .order_by(MetaChangeRow.id.desc())
            .limit(limit)
        )
        return [_change(row) for row in rows]

    async def last_change_id(self) -> int:
        return int(await self._session.scalar(select(func.max(MetaChangeRow.id))) or 0)

    # -- checks ---------------------------------------------------------------------------------------
    async def check(self, build_id: int, variant: str, fingerprint: str) -> dict[str, Any] | None:
        row = await self._session.get(MetaCheckRow, (build_id, variant))
        return dict(row.result) if row is not None and row.fingerprint == fingerprint else None

    async def save_check(
        self, build_id: int, variant: str, fingerprint: str, result: Mapping[str, Any], now: datetime
    ) -> None:
        row = await self._session.get(MetaCheckRow, (build_id, variant))
        if row is None:
            self._session.add(
                MetaCheckRow(
                    build_id=build_id,
                    variant=variant,
                    fingerprint=fingerprint,
                    result=dict(result),
                    computed_at=now,
                )
            )
        else:
            row.fingerprint, row.result, row.computed_at = fingerprint, dict(result), now
