"""What the announcement feeds read: a guild's builds and how squads use them, its squads, upcoming events.

Read-only queries over the build and squad tables, returning the records their repositories define.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.builds import Build, BuildRepository, Visibility
from storage.db import Store, per_call
from storage.models import BuildRow, SquadChoiceRow, SquadRow, SquadSignupRow, SquadSlotRow
from storage.squads import (
    Squad,
    SquadDetails,
    SquadNotFoundError,
    SquadRepository,
    SquadStatus,
    squad_from_row,
)


@dataclass(frozen=True, slots=True)
class BuildUsage:
    """A guild build and the number of squads that seat it or have it among a member's sign-up choices."""

    build: Build
    squads: int


async def guild_builds(session: AsyncSession, guild_id: int) -> list[Build]:
    """Every build stored in the guild, private ones included, oldest first."""
    ids = await session.scalars(select(BuildRow.id).where(BuildRow.guild_id == guild_id))
    builds = await BuildRepository(session).by_ids(ids)
    return sorted(builds.values(), key=lambda build: build.id)


async def build_usage(session: AsyncSession, guild_id: int) -> list[BuildUsage]:
    """The builds shared with the guild, with how many of its squads use each."""
    shared = [b for b in await guild_builds(session, guild_id) if b.visibility is Visibility.GUILD]
    ids = [build.id for build in shared]
    pairs: set[tuple[int, int]] = set()
    if ids:
        seated = await session.execute(
            select(SquadSlotRow.build_id, SquadSlotRow.squad_id).where(SquadSlotRow.build_id.in_(ids))
        )
        chosen = await session.execute(
            select(SquadChoiceRow.build_id, SquadSignupRow.squad_id)
            .join(SquadSignupRow, SquadSignupRow.id == SquadChoiceRow.signup_id)
            .where(SquadChoiceRow.build_id.in_(ids))
        )
        pairs = {(int(b), int(s)) for b, s in [*seated.all(), *chosen.all()] if b is not None}
    counts: dict[int, int] = {}
    for build_id, _squad_id in pairs:
        counts[build_id] = counts.get(build_id, 0) + 1
    return [BuildUsage(build, counts.get(build.id, 0)) for build in shared]


async def guild_squads(session: AsyncSession, guild_id: int) -> list[SquadDetails]:
    repository = SquadRepository(session)
    return [await repository.details(squad.id, guild_id) for squad in await repository.in_guild(guild_id)]


async def squads_with_events_between(
    session: AsyncSession, guild_ids: Iterable[int], start: datetime, end: datetime
) -> list[Squad]:
    """Squads of these guilds whose event is in (start, end], soonest first; drafts (never posted, nobody
    signed up) are left out."""
    wanted = set(guild_ids)
    if not wanted:
        return []
    rows = await session.scalars(
        select(SquadRow)
        .where(
            SquadRow.guild_id.in_(wanted),
            SquadRow.event_at.is_not(None),
            SquadRow.event_at > start,
            SquadRow.event_at <= end,
            SquadRow.status != SquadStatus.DRAFT.value,
        )
        .order_by(SquadRow.event_at, SquadRow.id)
    )
    return [squad_from_row(row) for row in rows]


class FeedSources(Store):
    """The queries above, one unit of work per call."""

    build_usage = per_call(build_usage)
    guild_builds = per_call(guild_builds)
    guild_squads = per_call(guild_squads)
    squads_with_events_between = per_call(squads_with_events_between)

    async def squad_details(self, squad_id: int, guild_id: int) -> SquadDetails | None:
        """None when the squad is gone."""
        async with self._database.session() as session:
            try:
                return await SquadRepository(session).details(squad_id, guild_id)
            except SquadNotFoundError:
                return None
