"""The run ledger: every post of a subscription is recorded for its slot before it is sent.

A slot names one occasion of a feed (a scheduled time, a game build, a squad event). The unique
(subscription, slot) pair makes the record the decision to post: whoever records it first sends, anyone later
finds it and does not. A run stays "sending" under a lease while its process sends; a run whose lease ran out
was abandoned by a process that died, and the next attempt for that slot may take it over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AnnouncementRunRow

ERROR_MAX = 300


class RunStatus(StrEnum):
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    subscription_id: int
    slot: str
    scheduled_for: datetime
    status: RunStatus
    attempts: int
    lease_until: datetime | None
    message_id: int | None
    error: str | None
    state: dict[str, Any] | None
    finished_at: datetime | None


def _to_domain(row: AnnouncementRunRow) -> Run:
    return Run(
        id=row.id,
        subscription_id=row.subscription_id,
        slot=row.slot,
        scheduled_for=row.scheduled_for,
        status=RunStatus(row.status),
        attempts=row.attempts,
        lease_until=row.lease_until,
        message_id=row.message_id,
        error=row.error,
        state=row.state,
        finished_at=row.finished_at,
    )


class RunLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _insert(self, row: AnnouncementRunRow) -> bool:
        """Insert unless the slot is recorded already (or the subscription is gone)."""
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            return False
        return True

    async def claim(
        self,
        subscription_id: int,
        slot: str,
        scheduled_for: datetime,
        *,
        now: datetime,
        lease: timedelta,
        owner: str,
    ) -> Run | None:
        """The run to send for this slot, or None when the slot is taken (sent, failed, skipped, or being
        sent under a live lease)."""
        row = AnnouncementRunRow(
            subscription_id=subscription_id,
            slot=slot,
            scheduled_for=scheduled_for,
            status=RunStatus.SENDING.value,
            attempts=1,
            claimed_by=owner,
            lease_until=now + lease,
            created_at=now,
        )
        if await self._insert(row):
            return _to_domain(row)
        existing = await self.find(subscription_id, slot)
        if (
            existing is None
            or existing.status is not RunStatus.SENDING
            or existing.lease_until is None
            or existing.lease_until > now
        ):
            return None
        # Conditional on the lease we read: of two processes taking over at once, one wins.
        result = await self._session.execute(
            update(AnnouncementRunRow)
            .where(
                AnnouncementRunRow.id == existing.id,
                AnnouncementRunRow.status == RunStatus.SENDING.value,
                AnnouncementRunRow.lease_until == existing.lease_until,
            )
            .values(lease_until=now + lease, attempts=AnnouncementRunRow.attempts + 1, claimed_by=owner)
            .execution_options(synchronize_session=False)
        )
        if not isinstance(result, CursorResult) or result.rowcount != 1:
            return None
        return await self.find(subscription_id, slot)

    async def _finish(self, run_id: int, status: RunStatus, now: datetime, **values: Any) -> None:
        await self._session.execute(
            update(AnnouncementRunRow)
            .where(AnnouncementRunRow.id == run_id)
            .values(status=status.value, finished_at=now, lease_until=None, **values)
            .execution_options(synchronize_session=False)
        )

    async def finish(
        self, run_id: int, *, message_id: int, state: dict[str, Any] | None, now: datetime
    ) -> None:
        await self._finish(run_id, RunStatus.SENT, now, message_id=message_id, state=state)

    async def fail(self, run_id: int, *, error: str, now: datetime) -> None:
        await self._finish(run_id, RunStatus.FAILED, now, error=error[:ERROR_MAX])

    async def skip(
        self, subscription_id: int, slot: str, scheduled_for: datetime, *, reason: str, now: datetime
    ) -> bool:
        """Record that a slot will not be posted (so it is reported once); False when already recorded."""
        return await self._insert(
            AnnouncementRunRow(
                subscription_id=subscription_id,
                slot=slot,
                scheduled_for=scheduled_for,
                status=RunStatus.SKIPPED.value,
                attempts=0,
                error=reason[:ERROR_MAX],
                created_at=now,
                finished_at=now,
            )
        )

    async def find(self, subscription_id: int, slot: str) -> Run | None:
        row = (
            await self._session.execute(
                select(AnnouncementRunRow)
                .where(AnnouncementRunRow.subscription_id == subscription_id, AnnouncementRunRow.slot == slot)
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        return _to_domain(row) if row is not None else None

    async def last_sent(self, subscription_id: int) -> Run | None:
        row = await self._session.scalar(
            select(AnnouncementRunRow)
            .where(
                AnnouncementRunRow.subscription_id == subscription_id,
                AnnouncementRunRow.status == RunStatus.SENT.value,
            )
            .order_by(AnnouncementRunRow.scheduled_for.desc(), AnnouncementRunRow.id.desc())
            .limit(1)
        )
        return _to_domain(row) if row is not None else None

    async def latest(self, subscription_ids: Iterable[int]) -> dict[int, Run]:
        """The most recent run of each subscription (by scheduled time)."""
        wanted = set(subscription_ids)
        if not wanted:
            return {}
        newest = (
            select(
                AnnouncementRunRow.subscription_id,
                func.max(AnnouncementRunRow.scheduled_for).label("scheduled_for"),
            )
            .where(AnnouncementRunRow.subscription_id.in_(wanted))
            .group_by(AnnouncementRunRow.subscription_id)
            .subquery()
        )
        rows = await self._session.scalars(
            select(AnnouncementRunRow)
            .join(
                newest,
                (AnnouncementRunRow.subscription_id == newest.c.subscription_id)
                & (AnnouncementRunRow.scheduled_for == newest.c.scheduled_for),
            )
            .order_by(AnnouncementRunRow.id)
        )
        return {row.subscription_id: _to_domain(row) for row in rows}

    async def recorded_slots(
        self, subscription_ids: Iterable[int], *, since: datetime
    ) -> set[tuple[int, str]]:
        """(subscription, slot) of every run scheduled after `since`, whatever became of it."""
        wanted = set(subscription_ids)
        if not wanted:
            return set()
        rows = await self._session.execute(
            select(AnnouncementRunRow.subscription_id, AnnouncementRunRow.slot).where(
                AnnouncementRunRow.subscription_id.in_(wanted), AnnouncementRunRow.scheduled_for > since
            )
        )
        return {(subscription_id, slot) for subscription_id, slot in rows.all()}
