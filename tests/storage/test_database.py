"""The engine, sessions and migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import Database
from storage.guilds import GuildSettingsRepository
from storage.models import Base
from storage.timezones import TimeZoneError
from tests.harness.databases import DatabaseTarget


def _schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_exactly_the_models(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(_schema_differences)
    assert differences == []
    assert await database.current_revision() is not None


async def test_upgrade_is_idempotent(database: Database) -> None:
    revision = await database.current_revision()
    await database.upgrade()
    assert await database.current_revision() == revision


async def test_a_failed_unit_of_work_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.session() as session:
            await GuildSettingsRepository(session).update(1, timezone="Europe/Paris")
            raise RuntimeError("interaction failed half-way")
    async with database.session() as session:
        assert (await GuildSettingsRepository(session).get(1)).timezone == "UTC"


async def test_guild_settings_round_trip_and_validation(database: Database) -> None:
    async with database.session() as session:
        repository = GuildSettingsRepository(session)
        assert (await repository.get(7)).leader_role_id is None
        await repository.update(7, leader_role_id=99, timezone="America/New_York")
    async with database.session() as session:
        settings = await GuildSettingsRepository(session).get(7)
    assert (settings.leader_role_id, settings.timezone) == (99, "America/New_York")
    async with database.session() as session:
        with pytest.raises(TimeZoneError, match="“Mars/Olympus” is not a time zone I know"):
            await GuildSettingsRepository(session).update(7, timezone="Mars/Olympus")


async def test_concurrent_sessions_are_independent_units_of_work(database: Database) -> None:
    async def write(guild_id: int) -> None:
        async with database.session() as session:
            await GuildSettingsRepository(session).update(guild_id, leader_role_id=guild_id)

    await asyncio.gather(*(write(guild_id) for guild_id in range(1, 11)))
    async with database.session() as session:
        values = [(await GuildSettingsRepository(session).get(g)).leader_role_id for g in range(1, 11)]
    assert values == list(range(1, 11))


async def test_sqlite_runs_with_foreign_keys_and_wal(db_target: DatabaseTarget) -> None:
    if db_target.backend != "sqlite":
        pytest.skip("SQLite pragmas")
    database = Database(db_target.url)
    try:
        async with database.engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
    finally:
        await database.dispose()


async def test_each_test_gets_an_empty_database(database: Database) -> None:
    async with database.session() as session:
        count = (await session.execute(text("SELECT COUNT(*) FROM guild_settings"))).scalar()
    assert count == 0


async def test_guild_settings_keep_what_is_not_given_and_clear_the_leader_role(database: Database) -> None:
    async with database.session() as session:
        repository = GuildSettingsRepository(session)
        await repository.update(8, leader_role_id=5, timezone="Europe/Paris")
        kept = await repository.update(8, timezone="Europe/Rome")
        assert (kept.leader_role_id, kept.timezone) == (5, "Europe/Rome")
        cleared = await repository.update(8, leader_role_id=None)
        assert (cleared.leader_role_id, cleared.timezone) == (None, "Europe/Rome")
