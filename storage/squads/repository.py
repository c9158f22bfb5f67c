"""The squad repository: squads and their seats, posts, leader notices, and what a deleted build leaves.

Every change starts with `lock`, whose first statement bumps the squad's version: on PostgreSQL that
takes the row lock, on SQLite the database write lock, before anything is read. Changes to one squad are
therefore serialised, and what a change reads is what it overwrites.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from optimizer.squads import Role, SquadMode
from storage.builds import BuildRepository
from storage.models import BuildRow, SquadChoiceRow, SquadNoticeRow, SquadRow, SquadSignupRow, SquadSlotRow
from storage.names import name_key
from storage.squads.records import (
    Choice,
    Seat,
    SignupEntry,
    Squad,
    SquadDetails,
    SquadError,
    SquadNotFoundError,
    SquadStatus,
    clean_squad_name,
)

NOTICE_MAX = 500


def squad_from_row(row: SquadRow) -> Squad:
    return Squad(
        id=row.id,
        guild_id=row.guild_id,
        leader_id=row.leader_id,
        name=row.name,
        mode=SquadMode(row.mode),
        event_at=row.event_at,
        timezone=row.timezone,
        status=SquadStatus(row.status),
        channel_id=row.channel_id,
        message_id=row.message_id,
        post_detached=row.post_detached,
        post_stale=row.post_stale,
    )


def seat_from_row(row: SquadSlotRow) -> Seat:
    return Seat(
        subgroup=row.subgroup,
        position=row.position,
        role=Role(row.role),
        member_id=row.member_id,
        build_id=row.build_id,
        specialization=row.specialization,
        locked=row.locked,
    )


def seat_label(subgroup: int, position: int) -> str:
    return f"subgroup {subgroup} position {position}"


class SquadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # -- squads ---------------------------------------------------------------------------------------
    async def create(
        self,
        *,
        guild_id: int,
        leader_id: int,
        name: str,
        mode: SquadMode,
        seats: Sequence[Seat],
        event_at: datetime | None,
        timezone: str,
    ) -> Squad:
        name = clean_squad_name(name)
        row = SquadRow(
            guild_id=guild_id,
            leader_id=leader_id,
            name=name,
            name_key=name_key(name),
            mode=mode.value,
            event_at=event_at,
            timezone=timezone,
            status=SquadStatus.DRAFT.value,
            post_detached=False,
            post_stale=False,
            version=0,
        )
        async with self._unique_name(name):
            self._session.add(row)
        await self.replace_seats(row.id, seats)
        return squad_from_row(row)

    @asynccontextmanager
    async def _unique_name(self, name: str) -> AsyncIterator[None]:
        """A lost race on the name becomes a clear error and leaves the unit of work usable."""
        try:
            async with self._session.begin_nested():
                yield
                await self._session.flush()
        except IntegrityError:
            raise SquadError(f"This server already has a squad named “{name}”; pick another name.") from None

    async def lock(self, squad_id: int, guild_id: int) -> SquadRow:
        """The squad row, after taking the per-squad lock (see the module docstring)."""
        result = await self._session.execute(
            update(SquadRow)
            .where(SquadRow.id == squad_id, SquadRow.guild_id == guild_id)
            .values(version=SquadRow.version + 1)
            .execution_options(synchronize_session=False)
        )
        if not isinstance(result, CursorResult) or result.rowcount != 1:
            raise _not_found()
        row = await self._session.get(SquadRow, squad_id, populate_existing=True)
        assert row is not None
        return row

    async def _row(self, squad_id: int, guild_id: int) -> SquadRow:
        row = await self._session.get(SquadRow, squad_id, populate_existing=True)
        if row is None or row.guild_id != guild_id:
            raise _not_found()
        return row

    async def get(self, squad_id: int, guild_id: int) -> Squad:
        return squad_from_row(await self._row(squad_id, guild_id))

    async def resolve(self, reference: str, guild_id: int) -> Squad:
        """A squad from what the member typed: an autocomplete id (#12) or a name."""
        reference = reference.strip()
        if reference.startswith("#") and reference[1:].isdigit():
            return await self.get(int(reference[1:]), guild_id)
        key = " ".join(reference.split()).casefold()
        row = (
            await self._session.execute(
                select(SquadRow).where(SquadRow.guild_id == guild_id, SquadRow.name_key == key)
            )
        ).scalar_one_or_none()
        if row is None:
            raise SquadNotFoundError(f"There is no squad named “{reference}” here. `/squad list` shows them.")
        return squad_from_row(row)

    async def in_guild(self, guild_id: int) -> list[Squad]:
        rows = await self._session.execute(
            select(SquadRow)
            .where(SquadRow.guild_id == guild_id)
            .order_by(SquadRow.event_at.is_(None), SquadRow.event_at, SquadRow.name_key)
        )
        return [squad_from_row(row) for row in rows.scalars()]

    async def suggest(self, guild_id: int, text: str, *, limit: int = 25) -> list[Squad]:
        pattern = f"%{' '.join(text.split()).casefold()}%"
        rows = await self._session.execute(
            select(SquadRow)
            .where(SquadRow.guild_id == guild_id, SquadRow.name_key.like(pattern))
            .order_by(SquadRow.name_key)
            .limit(limit)
        )
        return [squad_from_row(row) for row in rows.scalars()]

    async def rename(self, row: SquadRow, name: str) -> None:
        name = clean_squad_name(name)
        async with self._unique_name(name):
            row.name, row.name_key = name, name_key(name)

    async def delete(self, row: SquadRow) -> Squad:
        squad = squad_from_row(row)
        await self._session.delete(row)
        await self._session.flush()
        return squad

    async def details(self, squad_id: int, guild_id: int) -> SquadDetails:
        squad = await self.get(squad_id, guild_id)
        seats = [seat_from_row(row) for row in await self.seat_rows(squad_id)]
        signup_rows = (
            await self._session.execute(
                select(SquadSignupRow).where(SquadSignupRow.squad_id == squad_id).order_by(SquadSignupRow.id)
            )
        ).scalars()
        signups = list(signup_rows)
        choice_rows = (
            (
                await self._session.execute(
                    select(SquadChoiceRow)
                    .where(SquadChoiceRow.signup_id.in_([s.id for s in signups]))
                    .order_by(SquadChoiceRow.signup_id, SquadChoiceRow.rank)
                    .execution_options(populate_existing=True)
                )
            )
            .scalars()
            .all()
            if signups
            else []
        )
        choices: dict[int, list[Choice]] = {}
        for choice in choice_rows:
            choices.setdefault(choice.signup_id, []).append(
                Choice(Role(choice.role), choice.build_id, choice.specialization)
            )
        entries = tuple(
            SignupEntry(s.id, s.member_id, s.created_at, tuple(choices.get(s.id, ()))) for s in signups
        )
        build_ids = {seat.build_id for seat in seats} | {
            c.build_id for entry in entries for c in entry.choices
        }
        builds = await BuildRepository(self._session).by_ids(i for i in build_ids if i is not None)
        return SquadDetails(squad, tuple(seats), entries, builds)

    # -- seats ----------------------------------------------------------------------------------------
    async def seat_rows(self, squad_id: int) -> list[SquadSlotRow]:
        rows = await self._session.execute(
            select(SquadSlotRow)
            .where(SquadSlotRow.squad_id == squad_id)
            .order_by(SquadSlotRow.subgroup, SquadSlotRow.position)
            .execution_options(populate_existing=True)
        )
        return list(rows.scalars())

    async def seat_row(self, squad_id: int, subgroup: int, position: int) -> SquadSlotRow | None:
        return (
            await self._session.execute(
                select(SquadSlotRow)
                .where(
                    SquadSlotRow.squad_id == squad_id,
                    SquadSlotRow.subgroup == subgroup,
                    SquadSlotRow.position == position,
                )
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()

    async def replace_seats(self, squad_id: int, seats: Iterable[Seat]) -> None:
        await self._session.execute(delete(SquadSlotRow).where(SquadSlotRow.squad_id == squad_id))
        self._session.add_all(
            SquadSlotRow(
                squad_id=squad_id,
                subgroup=seat.subgroup,
                position=seat.position,
                role=seat.role.value,
                member_id=seat.member_id,
                build_id=seat.build_id,
                specialization=seat.specialization,
                locked=seat.locked,
            )
            for seat in seats
        )
        await self._session.flush()

    async def add_seat(self, squad_id: int, subgroup: int, position: int, role: Role) -> SquadSlotRow:
        row = SquadSlotRow(
            squad_id=squad_id, subgroup=subgroup, position=position, role=role.value, locked=False
        )
        self._session.add(row)
        await self._session.flush()
        return row

    async def flush(self) -> None:
        await self._session.flush()

    async def vacate_member(self, squad_id: int, member_id: int) -> Seat | None:
        """Take the member out of their seat (their build and spec leave with them); the seat they left."""
        row = (
            await self._session.execute(
                select(SquadSlotRow)
                .where(SquadSlotRow.squad_id == squad_id, SquadSlotRow.member_id == member_id)
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        left = seat_from_row(row)
        row.member_id, row.build_id, row.specialization, row.locked = None, None, None, False
        await self._session.flush()
        return left

    # -- posts ----------------------------------------------------------------------------------------
    async def record_post(self, row: SquadRow, channel_id: int, message_id: int) -> None:
        row.channel_id, row.message_id = channel_id, message_id
        row.post_detached, row.post_stale = False, False
        await self._session.flush()

    async def set_post_state(self, squad_id: int, message_id: int, *, stale: bool, detached: bool) -> bool:
        """Record how an edit of post `message_id` went; False when the squad has been re-posted since."""
        result = await self._session.execute(
            update(SquadRow)
            .where(SquadRow.id == squad_id, SquadRow.message_id == message_id)
            .values(post_stale=stale, post_detached=detached)
            .execution_options(synchronize_session=False)
        )
        return isinstance(result, CursorResult) and result.rowcount == 1

    async def stale_posts(self, guild_id: int) -> list[Squad]:
        rows = await self._session.execute(
            select(SquadRow).where(
                SquadRow.guild_id == guild_id,
                SquadRow.post_stale.is_(True),
                SquadRow.post_detached.is_(False),
                SquadRow.message_id.is_not(None),
            )
        )
        return [squad_from_row(row) for row in rows.scalars()]

    # -- notices --------------------------------------------------------------------------------------
    async def add_notice(self, squad: SquadRow, text: str) -> None:
        self._session.add(
            SquadNoticeRow(
                squad_id=squad.id,
                guild_id=squad.guild_id,
                recipient_id=squad.leader_id,
                text=text[:NOTICE_MAX],
            )
        )
        await self._session.flush()

    async def take_notices(self, guild_id: int, recipient_id: int) -> list[str]:
        """The notices waiting for a leader, oldest first; they are delivered once."""
        where = (SquadNoticeRow.guild_id == guild_id, SquadNoticeRow.recipient_id == recipient_id)
        rows = (
            (await self._session.execute(select(SquadNoticeRow).where(*where).order_by(SquadNoticeRow.id)))
            .scalars()
            .all()
        )
        if rows:
            await self._session.execute(
                delete(SquadNoticeRow).where(SquadNoticeRow.id.in_([row.id for row in rows]))
            )
        return [row.text for row in rows]

    # -- builds ---------------------------------------------------------------------------------------
    async def release_build(self, build_id: int) -> None:
        """Before a build is deleted: its seats keep their spec and role, and their leaders are told."""
        build = await self._session.get(BuildRow, build_id)
        if build is None:
            return
        found = await self._session.execute(
            select(SquadSlotRow, SquadRow)
            .join(SquadRow, SquadRow.id == SquadSlotRow.squad_id)
            .where(SquadSlotRow.build_id == build_id)
            .order_by(SquadRow.id, SquadSlotRow.subgroup, SquadSlotRow.position)
        )
        for seat, squad in found.all():
            seat.specialization = seat.specialization or build.specialization
            seat.build_id = None
            squad.post_stale = True
            await self.add_notice(
                squad,
                f"The build “{build.name}” was deleted: in **{squad.name}**, "
                f"{seat_label(seat.subgroup, seat.position)} keeps {seat.specialization} · "
                f"{Role(seat.role).label}.",
            )
        await self._session.execute(
            update(SquadChoiceRow)
            .where(SquadChoiceRow.build_id == build_id, SquadChoiceRow.specialization.is_(None))
            .values(specialization=build.specialization)
            .execution_options(synchronize_session=False)
        )
        await self._session.flush()


def _not_found() -> SquadNotFoundError:
    return SquadNotFoundError("That squad does not exist here (it may have been deleted).")
