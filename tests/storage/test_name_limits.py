"""Build and squad names: the same limits on SQLite and PostgreSQL, checked before anything is written.

A name is stored twice: as typed and case-folded (the key that makes names unique regardless of case).
Folding can lengthen a name ("ß" becomes "ss"), so a name within the limit could overflow the key's column on
PostgreSQL (DBAPIError) while SQLite, which ignores column lengths, accepted it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from optimizer.squads import SquadMode, find_template
from storage.builds import BuildChanges, BuildRepository, BuildStoreError
from storage.db import Database
from storage.models import BuildRow, SquadRow, ValueTooLong
from storage.squads import SquadChanges, SquadError, SquadStore
from tests.storage.builds.test_build_repository import new_build, save

GUILD = 100
# 100 characters as typed; 101 once folded.
LONG_FOLDED = "Straße" + 94 * "x"
SHARP_S = 51 * "ß"  # 51 as typed, 102 folded
TOO_LONG = [LONG_FOLDED, SHARP_S, 101 * "x"]
TOO_LONG_IDS = ["folds-to-101", "51-sharp-s", "101-chars"]


@pytest.mark.parametrize(
    "name", [LONG_FOLDED, SHARP_S, 101 * "x"], ids=["folds-to-101", "51-sharp-s", "101-chars"]
)
async def test_a_build_name_too_long_once_folded_is_refused_before_writing(
    name: str, database: Database
) -> None:
    with pytest.raises(BuildStoreError, match="Build names have at most 100 characters") as raised:
        await save(database, new_build(name))
    if len(name) <= 100:
        assert "ß" in str(raised.value) or "compared" in str(raised.value)
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(BuildRow)) == 0


async def test_a_build_name_at_the_limit_once_folded_is_kept(database: Database) -> None:
    name = "Straße" + 93 * "x"  # 99 typed, 100 folded
    build = await save(database, new_build(name))
    assert build.name == name


async def test_renaming_a_build_is_checked_the_same_way(database: Database) -> None:
    build = await save(database, new_build("Short"))
    async with database.session() as session:
        repository = BuildRepository(session)
        with pytest.raises(BuildStoreError, match="at most 100 characters"):
            await repository.update(
                build.id, BuildChanges(name=LONG_FOLDED), guild_id=GUILD, editor_id=build.author_id
            )


async def create_squad(store: SquadStore, name: str) -> None:
    await store.create(
        guild_id=GUILD,
        leader_id=9,
        name=name,
        mode=SquadMode.FRACTAL,
        template=find_template("fractal-quickness-heal"),
        parties=None,
        event_at=None,
        timezone="UTC",
    )


@pytest.mark.parametrize(
    "name", [LONG_FOLDED, SHARP_S, 101 * "x"], ids=["folds-to-101", "51-sharp-s", "101-chars"]
)
async def test_a_squad_name_too_long_once_folded_is_refused_before_writing(
    name: str, database: Database
) -> None:
    store = SquadStore(database)
    with pytest.raises(SquadError, match="Squad names have at most 100 characters"):
        await create_squad(store, name)
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(SquadRow)) == 0


async def test_renaming_a_squad_is_checked_the_same_way(database: Database) -> None:
    store = SquadStore(database)
    await create_squad(store, "Raid")
    squad = await store.resolve("Raid", guild_id=GUILD)
    with pytest.raises(SquadError, match="at most 100 characters"):
        await store.edit(squad.id, guild_id=GUILD, changes=SquadChanges(name=SHARP_S))
    assert (await store.resolve("raid", guild_id=GUILD)).name == "Raid"


async def test_any_string_longer_than_its_column_is_refused_on_every_backend(database: Database) -> None:
    """The storage layer's own safety net below the named checks: SQLite would silently store it."""
    build = await save(database, new_build("Short"))
    with pytest.raises(ValueTooLong, match=r"builds\.role holds at most 32 characters \(got 33\)"):
        async with database.session() as session:
            row = await session.get(BuildRow, build.id)
            assert row is not None
            row.role = 33 * "r"
    async with database.session() as session:
        row = await session.get(BuildRow, build.id)
        assert row is not None and row.role == build.role.value
