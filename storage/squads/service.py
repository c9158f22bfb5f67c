"""The squad service: one unit of work per call, every change under the squad's lock.

Every change marks an existing post stale in the same unit of work; the bot edits the post afterwards and
records how that went (`post_edited` / `post_lost`), so a crash between the two leaves a post that is known
to be out of date rather than one silently wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from optimizer.squads import (
    AutofillResult,
    Role,
    Signup,
    SquadLayoutError,
    SquadMode,
    SquadSlot,
    SquadTemplate,
    autofill,
    load_boon_catalog,
)
from storage.builds import Build
from storage.db import Database, Store, per_call
from storage.guilds import GuildSettingsRepository
from storage.models import SquadRow
from storage.squads.queue import SquadQueue
from storage.squads.records import Choice, Seat, Squad, SquadDetails, SquadError, SquadStatus
from storage.squads.repository import SquadRepository, seat_from_row, seat_label
from storage.squads.signups import SignupOutcome, SignupRepository, WithdrawOutcome


@dataclass(frozen=True, slots=True)
class SquadChanges:
    """Squad fields to change; None leaves a field as it is."""

    name: str | None = None
    event_at: datetime | None = None
    clear_event: bool = False
    timezone: str | None = None
    status: SquadStatus | None = None


@dataclass(frozen=True, slots=True)
class SeatChange:
    """What a leader puts in a seat; None leaves that part as it is."""

    role: Role | None = None
    member_id: int | None = None
    build: Build | None = None
    specialization: str | None = None
    locked: bool | None = None


def template_seats(template: SquadTemplate, mode: SquadMode, parties: int | None) -> list[Seat]:
    try:
        slots = template.slots(mode, parties)
    except SquadLayoutError as error:
        message = str(error)
        raise SquadError(message[:1].upper() + message[1:] + ".") from None
    return [Seat(slot.subgroup, slot.position, slot.role) for slot in slots]


def canonical_specialization(name: str) -> str:
    entry = load_boon_catalog().find(name)
    if entry is None:
        raise SquadError(f"“{name}” is not a specialization I know; pick one of the suggestions.")
    return entry.name


# Runs `autofill(mode, slots, signups, flexible_roles=…)` off the event loop (the bot passes its worker pool).
AutofillRunner = Callable[[SquadMode, Sequence[SquadSlot], Sequence[Signup], bool], Awaitable[AutofillResult]]


async def autofill_in_thread(
    mode: SquadMode, slots: Sequence[SquadSlot], signups: Sequence[Signup], flexible_roles: bool
) -> AutofillResult:
    return await asyncio.to_thread(autofill, mode, slots, signups, flexible_roles=flexible_roles)


class SquadStore(Store):
    """Reads go straight to the database; every change of an existing squad waits for that squad's turn
    (see `storage.squads.queue`)."""

    def __init__(
        self,
        database: Database,
        queue: SquadQueue | None = None,
        *,
        run_autofill: AutofillRunner = autofill_in_thread,
    ) -> None:
        super().__init__(database)
        self._queue = queue or SquadQueue()
        self._run_autofill = run_autofill

    # -- reading --------------------------------------------------------------------------------------
    resolve = per_call(SquadRepository, SquadRepository.resolve)
    details = per_call(SquadRepository, SquadRepository.details)
    suggest = per_call(SquadRepository, SquadRepository.suggest)
    take_notices = per_call(SquadRepository, SquadRepository.take_notices)
    stale_posts = per_call(SquadRepository, SquadRepository.stale_posts)

    async def in_guild(self, guild_id: int) -> list[SquadDetails]:
        async with self._database.session() as session:
            repository = SquadRepository(session)
            return [
                await repository.details(squad.id, guild_id) for squad in await repository.in_guild(guild_id)
            ]

    async def leader_role(self, guild_id: int) -> int | None:
        async with self._database.session() as session:
            return (await GuildSettingsRepository(session).get(guild_id)).leader_role_id

    async def set_leader_role(self, guild_id: int, role_id: int | None) -> None:
        """`None` removes the leader role: only Manage Events then makes a leader."""
        async with self._database.session() as session:
            await GuildSettingsRepository(session).update(guild_id, leader_role_id=role_id)

    async def default_timezone(self, guild_id: int) -> str:
        async with self._database.session() as session:
            return (await GuildSettingsRepository(session).get(guild_id)).timezone

    # -- the leader's changes -------------------------------------------------------------------------
    async def create(
        self,
        *,
        guild_id: int,
        leader_id: int,
        name: str,
        mode: SquadMode,
        template: SquadTemplate,
        parties: int | None,
        event_at: datetime | None,
        timezone: str,
    ) -> SquadDetails:
        seats = template_seats(template, mode, parties)
        async with self._database.session() as session:
            repository = SquadRepository(session)
            squad = await repository.create(
                guild_id=guild_id,
                leader_id=leader_id,
                name=name,
                mode=mode,
                seats=seats,
                event_at=event_at,
                timezone=timezone,
            )
            return await repository.details(squad.id, guild_id)

    async def edit(self, squad_id: int, *, guild_id: int, changes: SquadChanges) -> SquadDetails:
        async def unit() -> SquadDetails:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                if changes.name is not None:
                    await repository.rename(row, changes.name)
                if changes.clear_event:
                    row.event_at = None
                elif changes.event_at is not None:
                    row.event_at = changes.event_at
                if changes.timezone is not None:
                    row.timezone = changes.timezone
                signups = SignupRepository(session)
                if changes.status is not None:
                    row.status = changes.status.value
                    await signups.sync_status(row)
                    await signups.seat_waiting(row)
                    await signups.sync_status(row)
                return await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def apply_template(
        self, squad_id: int, *, guild_id: int, template: SquadTemplate, parties: int | None
    ) -> SquadDetails:
        """Lay the squad out again; members keep their sign-ups and are seated again by preference."""

        async def unit() -> SquadDetails:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                await repository.replace_seats(row.id, template_seats(template, SquadMode(row.mode), parties))
                signups = SignupRepository(session)
                await signups.seat_waiting(row)
                await signups.sync_status(row)
                return await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def set_seat(
        self, squad_id: int, *, guild_id: int, subgroup: int, position: int, change: SeatChange
    ) -> SquadDetails:
        async def unit() -> SquadDetails:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                mode = SquadMode(row.mode)
                _check_seat(mode, subgroup, position)
                if change.role is not None and change.role not in mode.roles:
                    valid = ", ".join(role.label for role in mode.roles)
                    raise SquadError(
                        f"{change.role.label} is not a role in a {mode.label} squad; roles: {valid}."
                    )
                seat = await repository.seat_row(row.id, subgroup, position)
                if seat is None:
                    if change.role is None:
                        raise SquadError(
                            f"{seat_label(subgroup, position).capitalize()} does not exist yet; "
                            "give the role it should have to add it."
                        )
                    seat = await repository.add_seat(row.id, subgroup, position, change.role)
                if change.member_id is not None and change.member_id != seat.member_id:
                    left = await repository.vacate_member(row.id, change.member_id)
                    choices = await SignupRepository(session).choices_of(row.id, change.member_id)
                    played = _played_with(change.role or Role(seat.role), choices, left)
                    seat.member_id, seat.locked = change.member_id, False
                    seat.build_id, seat.specialization = played.build_id, played.specialization
                if change.role is not None:
                    seat.role = change.role.value
                if change.build is not None:
                    seat.build_id, seat.specialization = change.build.id, change.build.specialization
                elif change.specialization is not None:
                    seat.build_id, seat.specialization = None, canonical_specialization(change.specialization)
                if change.locked is not None:
                    if change.locked and seat.member_id is None:
                        raise SquadError("Only a seat with a member can be locked; give the member too.")
                    seat.locked = change.locked
                await session.flush()
                if seat.member_id is not None and change.member_id is not None:
                    filled = seat_from_row(seat)
                    choice = Choice(filled.role, filled.build_id, filled.specialization)
                    await SignupRepository(session).ensure_signup(row.id, seat.member_id, choice)
                await SignupRepository(session).sync_status(row)
                return await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def clear_seat(
        self, squad_id: int, *, guild_id: int, subgroup: int, position: int, remove: bool
    ) -> tuple[Seat, SquadDetails]:
        """Empty a seat (or remove it); its member stays signed up, on the waitlist."""

        async def unit() -> tuple[Seat, SquadDetails]:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                seat = await repository.seat_row(row.id, subgroup, position)
                if seat is None:
                    raise SquadError(f"{seat_label(subgroup, position).capitalize()} does not exist.")
                before = seat_from_row(seat)
                if remove:
                    await session.delete(seat)
                else:
                    seat.member_id, seat.build_id, seat.specialization, seat.locked = None, None, None, False
                await session.flush()
                await SignupRepository(session).sync_status(row)
                return before, await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def move_seat(
        self, squad_id: int, *, guild_id: int, source: tuple[int, int], target: tuple[int, int]
    ) -> SquadDetails:
        """Swap two seats (role, filler and lock); a target that does not exist yet is created."""

        async def unit() -> SquadDetails:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                _check_seat(SquadMode(row.mode), *target)
                if source == target:
                    raise SquadError("The seat is already there; give a different target.")
                first = await repository.seat_row(row.id, *source)
                if first is None:
                    raise SquadError(f"{seat_label(*source).capitalize()} does not exist.")
                second = await repository.seat_row(row.id, *target)
                # Park the first seat outside the layout while the other takes its place (unique positions).
                first.subgroup, first.position = -first.id, 1
                await session.flush()
                if second is not None:
                    second.subgroup, second.position = source
                    await session.flush()
                first.subgroup, first.position = target
                await session.flush()
                return await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def delete(self, squad_id: int, *, guild_id: int) -> Squad:
        async def unit() -> Squad:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                return await repository.delete(await repository.lock(squad_id, guild_id))

        return await self._queue.run(squad_id, unit)

    async def autofill(
        self, squad_id: int, *, guild_id: int, flexible_roles: bool
    ) -> tuple[AutofillResult, SquadDetails]:
        async def unit() -> tuple[AutofillResult, SquadDetails]:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                details = await repository.details(row.id, guild_id)
                result = await self._run_autofill(
                    details.squad.mode, details.squad_slots(), details.autofill_signups(), flexible_roles
                )
                await SignupRepository(session).apply_autofill(row, details, result)
                return result, await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    # -- members ----------------------------------------------------------------------------------------
    async def signup(
        self, squad_id: int, *, guild_id: int, member_id: int, choices: list[Choice]
    ) -> tuple[SignupOutcome, SquadDetails]:
        async def unit() -> tuple[SignupOutcome, SquadDetails]:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                outcome = await SignupRepository(session).signup(row, member_id, choices)
                return outcome, await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    async def withdraw(
        self, squad_id: int, *, guild_id: int, member_id: int
    ) -> tuple[WithdrawOutcome, SquadDetails]:
        async def unit() -> tuple[WithdrawOutcome, SquadDetails]:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                outcome = await SignupRepository(session).withdraw(row, member_id)
                return outcome, await self._changed(repository, row)

        return await self._queue.run(squad_id, unit)

    # -- posts ------------------------------------------------------------------------------------------
    async def record_post(
        self, squad_id: int, *, guild_id: int, channel_id: int, message_id: int
    ) -> SquadDetails:
        """The squad is posted at `message_id`; a draft opens for sign-ups."""

        async def unit() -> SquadDetails:
            async with self._database.session() as session:
                repository = SquadRepository(session)
                row = await repository.lock(squad_id, guild_id)
                await repository.record_post(row, channel_id, message_id)
                if row.status == SquadStatus.DRAFT.value:
                    row.status = SquadStatus.OPEN.value
                    await SignupRepository(session).sync_status(row)
                return await repository.details(row.id, guild_id)

        return await self._queue.run(squad_id, unit)

    async def post_edited(self, squad_id: int, message_id: int) -> None:
        # Post bookkeeping is one conditional UPDATE of its own: it needs no turn in the squad's queue.
        async with self._database.session() as session:
            await SquadRepository(session).set_post_state(squad_id, message_id, stale=False, detached=False)

    async def post_lost(self, squad_id: int, message_id: int, reason: str) -> None:
        """The post can no longer be edited; its leader is told the next time they use a squad command."""
        async with self._database.session() as session:
            repository = SquadRepository(session)
            if not await repository.set_post_state(squad_id, message_id, stale=True, detached=True):
                return
            row = await session.get(SquadRow, squad_id)
            assert row is not None
            await repository.add_notice(
                row,
                f"The post of **{row.name}** in <#{row.channel_id}> can no longer be updated ({reason}); "
                "sign-up buttons there may not work. Post it again with `/squad post`.",
            )

    async def _changed(self, repository: SquadRepository, row: SquadRow) -> SquadDetails:
        if row.message_id is not None and not row.post_detached:
            row.post_stale = True
            await repository.flush()
        return await repository.details(row.id, row.guild_id)


def _played_with(role: Role, choices: Sequence[Choice], left: Seat | None) -> Choice:
    """What a member the leader seats plays, unless the leader says: their sign-up choice for the seat's
    role, else the seat they left (its build only in the same role), else their first choice's spec."""
    for choice in choices:
        if choice.role is role:
            return choice
    if left is not None:
        return Choice(role, left.build_id if left.role is role else None, left.specialization)
    return Choice(role, None, choices[0].specialization if choices else None)


def _check_seat(mode: SquadMode, subgroup: int, position: int) -> None:
    if not 1 <= subgroup <= mode.max_subgroups:
        raise SquadError(f"A {mode.label} squad has subgroups 1–{mode.max_subgroups}, not {subgroup}.")
    if not 1 <= position <= 5:
        raise SquadError(f"A subgroup has positions 1–5, not {position}.")
