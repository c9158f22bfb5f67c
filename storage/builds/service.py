"""The build store service: chat codes decoded and checked on save, one unit of work per call."""

from __future__ import annotations

from optimizer.builds import identify_build
from optimizer.gamedata import GameData
from optimizer.squads import Boon, Role, default_boons
from storage.builds.gear import BuildGear
from storage.builds.repository import (
    Build,
    BuildChanges,
    BuildRepository,
    NewBuild,
    Visibility,
)
from storage.db import Store, per_call


class BuildStore(Store):
    resolve = per_call(BuildRepository, BuildRepository.resolve)
    list = per_call(BuildRepository, BuildRepository.list)
    suggest = per_call(BuildRepository, BuildRepository.suggest)

    async def save(
        self,
        gamedata: GameData,
        *,
        guild_id: int,
        author_id: int,
        name: str,
        code: str,
        role: Role,
        boons: frozenset[Boon] | None = None,
        visibility: Visibility = Visibility.PRIVATE,
        notes: str = "",
        gear: BuildGear | None = None,
    ) -> Build:
        identity = identify_build(code, gamedata)
        new = NewBuild(
            guild_id=guild_id,
            author_id=author_id,
            name=name,
            spec=identity,
            role=role,
            boons=boons if boons is not None else default_boons(identity.specialization, role),
            visibility=visibility,
            notes=notes,
            gear=gear,
        )
        async with self._database.session() as session:
            return await BuildRepository(session).create(new)

    async def edit(
        self,
        gamedata: GameData,
        reference: str,
        *,
        guild_id: int,
        editor_id: int,
        name: str | None = None,
        code: str | None = None,
        role: Role | None = None,
        boons: frozenset[Boon] | None = None,
        visibility: Visibility | None = None,
        notes: str | None = None,
        gear: BuildGear | None = None,
    ) -> Build:
        identity = identify_build(code, gamedata) if code is not None else None
        async with self._database.session() as session:
            repository = BuildRepository(session)
            build = await repository.resolve(reference, guild_id=guild_id, viewer_id=editor_id)
            if boons is None and (role is not None or identity is not None):
                # Boons follow a new role or spec unless the member set them explicitly before or now.
                old_defaults = default_boons(build.specialization, build.role)
                if build.boons == old_defaults:
                    spec = identity.specialization if identity is not None else build.specialization
                    boons = default_boons(spec, role or build.role)
            changes = BuildChanges(
                name=name,
                spec=identity,
                role=role,
                boons=boons,
                visibility=visibility,
                notes=notes,
                gear=gear,
            )
            return await repository.update(build.id, changes, guild_id=guild_id, editor_id=editor_id)

    async def delete(self, build_id: int, *, guild_id: int, actor_id: int, can_manage_guild: bool) -> Build:
        async with self._database.session() as session:
            # Same unit of work: squad seats keep the spec and role, and their leaders hear of it.
            # Imported here: the squad package builds on this one, so it cannot be imported at load time.
            from storage.squads import SquadRepository

            await SquadRepository(session).release_build(build_id)
            return await BuildRepository(session).delete(
                build_id, guild_id=guild_id, actor_id=actor_id, can_manage_guild=can_manage_guild
            )
