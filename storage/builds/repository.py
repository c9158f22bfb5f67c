"""The build store: saved builds with ownership, visibility and guild isolation rules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from optimizer.builds import BuildIdentity
from optimizer.squads import Boon, Role
from storage.builds.gear import BuildGear
from storage.models import BuildRow
from storage.names import name_key, name_length_problem

NOTES_MAX = 1000
PAGE_SIZE = 10


class Visibility(StrEnum):
    PRIVATE = "private"
    GUILD = "guild"


class BuildStoreError(ValueError):
    """A build request that cannot be done; the message is written for the member."""


class DuplicateBuildNameError(BuildStoreError):
    pass


class BuildNotFoundError(BuildStoreError):
    pass


class BuildPermissionError(BuildStoreError):
    pass


@dataclass(frozen=True, slots=True)
class Build:
    id: int
    guild_id: int
    author_id: int
    name: str
    chat_code: str
    profession: str
    specialization: str
    role: Role
    boons: frozenset[Boon]
    gear: BuildGear | None
    notes: str
    visibility: Visibility
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NewBuild:
    guild_id: int
    author_id: int
    name: str
    spec: BuildIdentity
    role: Role
    boons: frozenset[Boon]
    visibility: Visibility = Visibility.PRIVATE
    notes: str = ""
    gear: BuildGear | None = None


@dataclass(frozen=True, slots=True)
class BuildChanges:
    """Fields to change; None leaves a field as it is."""

    name: str | None = None
    spec: BuildIdentity | None = None
    role: Role | None = None
    boons: frozenset[Boon] | None = None
    visibility: Visibility | None = None
    notes: str | None = None
    gear: BuildGear | None = None


@dataclass(frozen=True, slots=True)
class BuildFilter:
    scope: str = "mine"  # "mine": the viewer's own builds; "guild": builds shared with the guild
    profession: str | None = None
    role: Role | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class BuildPage:
    builds: tuple[Build, ...]
    total: int
    offset: int
    limit: int = PAGE_SIZE


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise BuildStoreError("A build needs a name.")
    problem = name_length_problem(cleaned, "Build names")
    if problem is not None:
        raise BuildStoreError(problem)
    return cleaned


def _clean_notes(notes: str) -> str:
    notes = notes.strip()
    if len(notes) > NOTES_MAX:
        raise BuildStoreError(f"Notes have at most {NOTES_MAX} characters (these have {len(notes)}).")
    return notes


def _to_domain(row: BuildRow) -> Build:
    return Build(
        id=row.id,
        guild_id=row.guild_id,
        author_id=row.author_id,
        name=row.name,
        chat_code=row.chat_code,
        profession=row.profession,
        specialization=row.specialization,
        role=Role(row.role),
        boons=frozenset(Boon(b) for b in row.boons),
        gear=BuildGear.model_validate(row.gear) if row.gear is not None else None,
        notes=row.notes,
        visibility=Visibility(row.visibility),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _visible_to(guild_id: int, viewer_id: int) -> Any:
    return (BuildRow.guild_id == guild_id) & (
        (BuildRow.author_id == viewer_id) | (BuildRow.visibility == Visibility.GUILD.value)
    )


class BuildRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def create(self, new: NewBuild) -> Build:
        name = clean_name(new.name)
        row = BuildRow(
            guild_id=new.guild_id,
            author_id=new.author_id,
            name=name,
            name_key=name_key(name),
            chat_code=new.spec.chat_code,
            profession=new.spec.profession,
            specialization=new.spec.specialization,
            role=new.role.value,
            boons=sorted(b.value for b in new.boons),
            gear=new.gear.model_dump(mode="json") if new.gear is not None else None,
            notes=_clean_notes(new.notes),
            visibility=new.visibility.value,
        )
        async with self._unique_name(name):
            self._session.add(row)
        return _to_domain(row)

    @asynccontextmanager
    async def _unique_name(self, name: str) -> AsyncIterator[None]:
        """Changes made inside are flushed in a savepoint, so a lost race on the name leaves the unit of
        work usable and becomes a clear error (the savepoint must open before the changes: it autoflushes)."""
        try:
            async with self._session.begin_nested():
                yield
                await self._session.flush()
        except IntegrityError:
            raise DuplicateBuildNameError(
                f"You already have a build named “{name}”. Pick another name, or edit that build."
            ) from None

    async def get(self, build_id: int, *, guild_id: int, viewer_id: int) -> Build:
        row = await self._visible_row(build_id, guild_id=guild_id, viewer_id=viewer_id)
        return _to_domain(row)

    async def _visible_row(self, build_id: int, *, guild_id: int, viewer_id: int) -> BuildRow:
        row = (
            await self._session.execute(
                select(BuildRow).where(BuildRow.id == build_id, _visible_to(guild_id, viewer_id))
            )
        ).scalar_one_or_none()
        if row is None:
            raise BuildNotFoundError("That build does not exist here, or it is private.")
        return row

    async def by_ids(self, build_ids: Iterable[int]) -> dict[int, Build]:
        """Builds by id whoever may see them: for squads, whose seats show the builds members play."""
        wanted = set(build_ids)
        if not wanted:
            return {}
        rows = (await self._session.execute(select(BuildRow).where(BuildRow.id.in_(wanted)))).scalars()
        return {row.id: _to_domain(row) for row in rows}

    async def resolve(self, reference: str, *, guild_id: int, viewer_id: int) -> Build:
        """A build from what the member typed: an autocomplete id, or a name (own builds first)."""
        reference = reference.strip()
        if reference.startswith("#") and reference[1:].isdigit():
            return await self.get(int(reference[1:]), guild_id=guild_id, viewer_id=viewer_id)
        key = " ".join(reference.split()).casefold()
        rows = (
            (
                await self._session.execute(
                    select(BuildRow)
                    .where(BuildRow.name_key == key, _visible_to(guild_id, viewer_id))
                    .order_by(BuildRow.id)
                )
            )
            .scalars()
            .all()
        )
        own = [row for row in rows if row.author_id == viewer_id]
        if own:
            return _to_domain(own[0])
        if len(rows) == 1:
            return _to_domain(rows[0])
        if rows:
            raise BuildStoreError(
                f"{len(rows)} guild builds are named “{reference}”; "
                "pick the one you mean from the suggestions."
            )
        raise BuildNotFoundError(
            f"No build named “{reference}” that you can see. `/build list` shows yours and the guild's."
        )

    async def update(self, build_id: int, changes: BuildChanges, *, guild_id: int, editor_id: int) -> Build:
        row = await self._visible_row(build_id, guild_id=guild_id, viewer_id=editor_id)
        if row.author_id != editor_id:
            raise BuildPermissionError(f"Only the author can edit “{row.name}”.")
        name = clean_name(changes.name) if changes.name is not None else row.name
        notes = _clean_notes(changes.notes) if changes.notes is not None else None
        async with self._unique_name(name):
            row.name, row.name_key = name, name_key(name)
            if changes.spec is not None:
                row.chat_code = changes.spec.chat_code
                row.profession = changes.spec.profession
                row.specialization = changes.spec.specialization
            if changes.role is not None:
                row.role = changes.role.value
            if changes.boons is not None:
                row.boons = sorted(b.value for b in changes.boons)
            if changes.visibility is not None:
                row.visibility = changes.visibility.value
            if notes is not None:
                row.notes = notes
            if changes.gear is not None:
                row.gear = changes.gear.model_dump(mode="json")
        await self._session.refresh(row)
        return _to_domain(row)

    async def delete(self, build_id: int, *, guild_id: int, actor_id: int, can_manage_guild: bool) -> Build:
        row = await self._visible_row(build_id, guild_id=guild_id, viewer_id=actor_id)
        allowed = row.author_id == actor_id or (can_manage_guild and row.visibility == Visibility.GUILD.value)
        if not allowed:
            raise BuildPermissionError(
                f"Only the author of “{row.name}”, or a member with Manage Server, can delete it."
            )
        build = _to_domain(row)
        await self._session.delete(row)
        await self._session.flush()
        return build

    def _filtered(self, guild_id: int, viewer_id: int, where: BuildFilter) -> Select[BuildRow]:
        query = select(BuildRow).where(BuildRow.guild_id == guild_id)
        if where.scope == "mine":
            query = query.where(BuildRow.author_id == viewer_id)
        else:
            query = query.where(BuildRow.visibility == Visibility.GUILD.value)
        if where.profession:
            query = query.where(
                or_(
                    func.lower(BuildRow.profession) == where.profession.lower(),
                    func.lower(BuildRow.specialization) == where.profession.lower(),
                )
            )
        if where.role is not None:
            query = query.where(BuildRow.role == where.role.value)
        if where.text:
            pattern = f"%{where.text.strip().casefold()}%"
            query = query.where(
                or_(BuildRow.name_key.like(pattern), func.lower(BuildRow.notes).like(pattern))
            )
        return query

    async def list(
        self, guild_id: int, viewer_id: int, where: BuildFilter, *, offset: int = 0, limit: int = PAGE_SIZE
    ) -> BuildPage:
        query = self._filtered(guild_id, viewer_id, where)
        total = (await self._session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        rows = (
            (
                await self._session.execute(
                    query.order_by(BuildRow.name_key, BuildRow.id).offset(offset).limit(limit)
                )
            )
            .scalars()
            .all()
        )
        return BuildPage(builds=tuple(_to_domain(r) for r in rows), total=total, offset=offset, limit=limit)

    async def suggest(self, guild_id: int, viewer_id: int, text: str, *, limit: int = 25) -> Sequence[Build]:
        """Builds whose name contains `text`, own builds first, for autocomplete."""
        pattern = f"%{' '.join(text.split()).casefold()}%"
        rows = (
            (
                await self._session.execute(
                    select(BuildRow)
                    .where(_visible_to(guild_id, viewer_id), BuildRow.name_key.like(pattern))
                    .order_by((BuildRow.author_id != viewer_id), BuildRow.name_key, BuildRow.id)
                    .limit(limit)
                )
            )
            .scalars()
            .all()
        )
        return [_to_domain(row) for row in rows]
