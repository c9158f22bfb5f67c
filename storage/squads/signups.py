"""Sign-ups: members take seats by preference, wait when their roles are full, and move up when one frees.

A seat is taken with a conditional update (`member_id IS NULL` in the WHERE clause) and a member can hold
one seat per squad (a unique constraint), so the database itself guarantees that one seat goes to one
member, whatever runs concurrently. Callers hold the squad lock (`SquadRepository.lock`) as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from optimizer.squads import AutofillResult, Role, SquadMode
from storage.builds import BuildRepository
from storage.models import SquadChoiceRow, SquadRow, SquadSignupRow, SquadSlotRow
from storage.squads.records import MAX_CHOICES, Choice, Seat, SquadDetails, SquadError, SquadStatus
from storage.squads.repository import SquadRepository, seat_from_row, seat_label


@dataclass(frozen=True, slots=True)
class SignupOutcome:
    seat: Seat | None  # where the member sits now; None while on the waitlist
    waitlist_position: int | None  # 1 = next in line
    replaced: bool  # the member changed an earlier sign-up


@dataclass(frozen=True, slots=True)
class WithdrawOutcome:
    was_signed_up: bool
    left: Seat | None  # the seat the member gave up
    promoted: tuple[tuple[int, Seat], ...]  # (member, seat) moved up from the waitlist


class SignupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._squads = SquadRepository(session)

    async def signup(self, squad: SquadRow, member_id: int, choices: Sequence[Choice]) -> SignupOutcome:
        """Record (or replace) the member's sign-up and seat them by preference when a seat is free."""
        _check_open(squad, joining=True)
        _check_choices(squad, choices)
        await self._check_builds(squad, member_id, choices)
        signup_id = await self._signup_id(squad.id, member_id)
        replaced = signup_id is not None
        if signup_id is None:
            row = SquadSignupRow(squad_id=squad.id, member_id=member_id)
            self._session.add(row)
            await self._session.flush()
            signup_id = row.id
        else:
            await self._session.execute(delete(SquadChoiceRow).where(SquadChoiceRow.signup_id == signup_id))
        self._session.add_all(
            SquadChoiceRow(
                signup_id=signup_id,
                rank=rank,
                role=choice.role.value,
                build_id=choice.build_id,
                specialization=choice.specialization,
            )
            for rank, choice in enumerate(choices)
        )
        await self._session.flush()
        seat, left = await self._keep_or_leave_seat(squad, member_id, choices)
        if seat is None:
            seat = await self._claim_by_preference(squad.id, member_id, choices)
        if left is not None:
            await self.seat_waiting(squad)  # the waitlist moves up into the seat the member left
        await self.sync_status(squad)
        position = None if seat is not None else await self._waitlist_position(squad, member_id)
        return SignupOutcome(seat=seat, waitlist_position=position, replaced=replaced)

    async def _keep_or_leave_seat(
        self, squad: SquadRow, member_id: int, choices: Sequence[Choice]
    ) -> tuple[Seat | None, Seat | None]:
        """(seat kept, seat left): a member already seated keeps the seat if they still offer its role (with
        the build or spec they now give for it); otherwise they leave it."""
        row = (
            await self._session.execute(
                select(SquadSlotRow)
                .where(SquadSlotRow.squad_id == squad.id, SquadSlotRow.member_id == member_id)
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        if row is None:
            return None, None
        match = next((choice for choice in choices if choice.role.value == row.role), None)
        if match is not None:
            row.build_id, row.specialization = match.build_id, match.specialization
            await self._session.flush()
            return seat_from_row(row), None
        left = await self._squads.vacate_member(squad.id, member_id)
        if left is not None and left.locked:
            await self._squads.add_notice(
                squad,
                f"<@{member_id}> no longer offers {left.role.label} in **{squad.name}** and left the "
                f"seat you locked ({seat_label(left.subgroup, left.position)}).",
            )
        return None, left

    async def withdraw(self, squad: SquadRow, member_id: int) -> WithdrawOutcome:
        _check_open(squad, joining=False)
        signup_id = await self._signup_id(squad.id, member_id)
        if signup_id is not None:
            await self._session.execute(delete(SquadChoiceRow).where(SquadChoiceRow.signup_id == signup_id))
            await self._session.execute(delete(SquadSignupRow).where(SquadSignupRow.id == signup_id))
        left = await self._squads.vacate_member(squad.id, member_id)
        if signup_id is None and left is None:
            return WithdrawOutcome(was_signed_up=False, left=None, promoted=())
        if left is not None and left.locked:
            await self._squads.add_notice(
                squad,
                f"<@{member_id}> withdrew from **{squad.name}** and left the seat you locked "
                f"({seat_label(left.subgroup, left.position)}, {left.role.label}).",
            )
        promoted = await self.seat_waiting(squad) if left is not None else ()
        await self.sync_status(squad)
        return WithdrawOutcome(was_signed_up=True, left=left, promoted=promoted)

    async def ensure_signup(self, squad_id: int, member_id: int, choice: Choice) -> None:
        """A member the leader seats counts as signed up for that seat (so autofill keeps them in mind)."""
        if await self._signup_id(squad_id, member_id) is not None:
            return
        row = SquadSignupRow(squad_id=squad_id, member_id=member_id)
        self._session.add(row)
        await self._session.flush()
        self._session.add(
            SquadChoiceRow(
                signup_id=row.id,
                rank=0,
                role=choice.role.value,
                build_id=choice.build_id,
                specialization=choice.specialization,
            )
        )
        await self._session.flush()

    async def seat_waiting(self, squad: SquadRow) -> tuple[tuple[int, Seat], ...]:
        """Seat waiting sign-ups, earliest first, each in their most preferred role with a free seat."""
        if squad.status not in (SquadStatus.OPEN.value, SquadStatus.FULL.value):
            return ()
        details = await self._squads.details(squad.id, squad.guild_id)
        promoted = []
        for entry in details.waitlist():
            seat = await self._claim_by_preference(squad.id, entry.member_id, entry.choices)
            if seat is not None:
                promoted.append((entry.member_id, seat))
        return tuple(promoted)

    async def _claim_by_preference(
        self, squad_id: int, member_id: int, choices: Sequence[Choice]
    ) -> Seat | None:
        for choice in choices:
            seat = await self._claim(squad_id, member_id, choice)
            if seat is not None:
                return seat
        return None

    async def _claim(self, squad_id: int, member_id: int, choice: Choice) -> Seat | None:
        free = await self._session.execute(
            select(SquadSlotRow.id)
            .where(
                SquadSlotRow.squad_id == squad_id,
                SquadSlotRow.role == choice.role.value,
                SquadSlotRow.member_id.is_(None),
            )
            .order_by(SquadSlotRow.subgroup, SquadSlotRow.position)
        )
        for slot_id in free.scalars().all():
            result = await self._session.execute(
                update(SquadSlotRow)
                .where(SquadSlotRow.id == slot_id, SquadSlotRow.member_id.is_(None))
                .values(member_id=member_id, build_id=choice.build_id, specialization=choice.specialization)
                .execution_options(synchronize_session=False)
            )
            if isinstance(result, CursorResult) and result.rowcount == 1:
                row = await self._session.get(SquadSlotRow, slot_id, populate_existing=True)
                assert row is not None
                return seat_from_row(row)
        return None

    async def sync_status(self, squad: SquadRow) -> None:
        """An open squad is full exactly when no seat is free."""
        if squad.status not in (SquadStatus.OPEN.value, SquadStatus.FULL.value):
            return
        free = (
            await self._session.execute(
                select(func.count())
                .select_from(SquadSlotRow)
                .where(SquadSlotRow.squad_id == squad.id, SquadSlotRow.member_id.is_(None))
            )
        ).scalar_one()
        squad.status = (SquadStatus.OPEN if free else SquadStatus.FULL).value
        await self._session.flush()

    async def apply_autofill(self, squad: SquadRow, details: SquadDetails, result: AutofillResult) -> None:
        """Write an autofill result: locked seats stay; every other seat gets its placement or is emptied
        (a leader's planned build or spec stays on a seat nobody sat in)."""
        rows = {(row.subgroup, row.position): row for row in await self._squads.seat_rows(squad.id)}
        signups = {entry.member_id: entry for entry in details.signups}
        placements = {(p.subgroup, p.position): p for p in result.placements}
        # Two passes: members change seats, and the one-seat-per-member constraint holds at every step.
        for row in rows.values():
            if not row.locked and row.member_id is not None:
                row.member_id, row.build_id, row.specialization = None, None, None
        await self._session.flush()
        for key, placement in placements.items():
            row = rows[key]
            choice = signups[placement.member_id].choices[placement.choice]
            row.role = placement.role.value
            row.member_id = placement.member_id
            row.build_id, row.specialization = choice.build_id, choice.specialization
        await self._session.flush()
        await self.sync_status(squad)

    async def _check_builds(self, squad: SquadRow, member_id: int, choices: Sequence[Choice]) -> None:
        """Members sign up with their own builds of this server, saved for the role they choose."""
        wanted = [choice for choice in choices if choice.build_id is not None]
        builds = await BuildRepository(self._session).by_ids(c.build_id for c in wanted if c.build_id)
        for choice in wanted:
            build = builds.get(choice.build_id or 0)
            if build is None or build.author_id != member_id or build.guild_id != squad.guild_id:
                raise SquadError("You can sign up only with your own builds saved in this server.")
            if build.role is not choice.role:
                raise SquadError(f"“{build.name}” is saved as {build.role.label}, not {choice.role.label}.")

    async def choices_of(self, squad_id: int, member_id: int) -> tuple[Choice, ...]:
        rows = await self._session.execute(
            select(SquadChoiceRow)
            .join(SquadSignupRow, SquadSignupRow.id == SquadChoiceRow.signup_id)
            .where(SquadSignupRow.squad_id == squad_id, SquadSignupRow.member_id == member_id)
            .order_by(SquadChoiceRow.rank)
        )
        return tuple(Choice(Role(r.role), r.build_id, r.specialization) for r in rows.scalars())

    async def _signup_id(self, squad_id: int, member_id: int) -> int | None:
        return (
            await self._session.execute(
                select(SquadSignupRow.id).where(
                    SquadSignupRow.squad_id == squad_id, SquadSignupRow.member_id == member_id
                )
            )
        ).scalar_one_or_none()

    async def _waitlist_position(self, squad: SquadRow, member_id: int) -> int:
        details = await self._squads.details(squad.id, squad.guild_id)
        waiting = [entry.member_id for entry in details.waitlist()]
        return waiting.index(member_id) + 1


def _check_open(squad: SquadRow, *, joining: bool) -> None:
    if squad.status == SquadStatus.DRAFT.value:
        raise SquadError(f"**{squad.name}** is not open for sign-ups yet; the leader opens it by posting it.")
    if squad.status == SquadStatus.CLOSED.value:
        what = "sign up" if joining else "withdraw here"
        raise SquadError(f"Sign-ups for **{squad.name}** are closed, so you can't {what}; ask the leader.")


def _check_choices(squad: SquadRow, choices: Sequence[Choice]) -> None:
    mode = SquadMode(squad.mode)
    if not 1 <= len(choices) <= MAX_CHOICES:
        raise SquadError(f"Choose between 1 and {MAX_CHOICES} roles, most wanted first.")
    roles = [choice.role for choice in choices]
    if len(set(roles)) != len(roles):
        raise SquadError("Each role can be one of your choices only once.")
    wrong = [role.label for role in roles if role not in mode.roles]
    if wrong:
        valid = ", ".join(role.label for role in mode.roles)
        raise SquadError(f"{', '.join(wrong)} is not a role in a {mode.label} squad; roles: {valid}.")
