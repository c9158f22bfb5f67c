"""The async engine, one session per unit of work, and schema migrations."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.db_faults import DatabaseUnavailable, explain_postgres, explain_sqlite, missing_schema


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Several sessions write concurrently (one per interaction); wait for the lock instead of failing.
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


async def _let_sqlite_threads_finish() -> None:
    # aiosqlite stops the thread of a connection that failed to open without waiting for it; the thread then
    # reports back to the event loop, which must still be running (a command exits right after the error),
    # or the thread dies with a traceback of its own.
    for thread in threading.enumerate():
        if thread.name.endswith("(_connection_worker_thread)"):
            await asyncio.to_thread(thread.join, 0.2)


class Database:
    """Owns the engine and hands out sessions; one instance per process."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        self.url = url
        self.schema = schema
        self._parsed = parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        connect_args: dict[str, Any] = {}
        self.sqlite_path: Path | None = None
        if self.dialect == "sqlite":
            database = parsed.database
            self.sqlite_path = Path(database) if database and database != ":memory:" else None
        elif schema is not None:
            # Tests isolate each case in its own schema; production uses the default search path.
            connect_args["server_settings"] = {"search_path": schema}
        try:
            self.engine: AsyncEngine = create_async_engine(
                url, echo=echo, connect_args=connect_args, pool_pre_ping=self.dialect != "sqlite"
            )
        except ModuleNotFoundError as error:
            raise DatabaseUnavailable(
                f"DATABASE_URL needs the {error.name} driver, which is not installed: "
                "pip install 'gw2optimizer[postgres]'"
            ) from None
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: committed when the block ends normally, rolled back on an exception."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def usable(self) -> AsyncIterator[None]:
        """Turns the failures of an unusable database (server down, database or schema missing, file not
        writable or not a database) into one `DatabaseUnavailable` that says what to do."""
        try:
            yield
        except DatabaseUnavailable:
            raise
        except Exception as error:
            if self.dialect == "sqlite":
                await _let_sqlite_threads_finish()
                message = explain_sqlite(error, str(self.sqlite_path or self._parsed.database))
            else:
                message = explain_postgres(error, self._parsed, self.schema)
            if message is None:
                raise
            raise DatabaseUnavailable(message) from error

    async def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` with the bundled Alembic migrations (creating a SQLite file and its
        directory on first use)."""
        from storage.migrations.runner import upgrade_connection

        async with self.usable():
            if self.sqlite_path is not None:
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            async with self.engine.begin() as connection:
                await self._check_schema(connection)
                await connection.run_sync(upgrade_connection, revision)

    async def current_revision(self) -> str | None:
        """The schema's migration revision; None for a database the migrations never ran on."""
        from storage.migrations.runner import current_revision

        async with self.usable(), self.engine.connect() as connection:
            await self._check_schema(connection)
            return await connection.run_sync(current_revision)

    @staticmethod
    def head_revision() -> str | None:
        """The newest migration this version ships (read-only commands compare instead of migrating)."""
        from storage.migrations.runner import head_revision

        return head_revision()

    def exists(self) -> bool:
        """False only for a SQLite file that has not been created yet (a server database is assumed)."""
        return self.sqlite_path is None or self.sqlite_path.exists()

    async def _check_schema(self, connection: AsyncConnection) -> None:
        if self.dialect != "postgresql" or self.schema is None:
            return
        found = await connection.scalar(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :schema"), {"schema": self.schema}
        )
        if found is None:
            raise DatabaseUnavailable(missing_schema(self._parsed, self.schema))

    async def dispose(self) -> None:
        await self.engine.dispose()


P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")


class Store:
    """A service over repositories: each of its calls is one unit of work. Calls that only run one query or
    repository method are declared with `per_call`; the others say what they add."""

    def __init__(self, database: Database) -> None:
        self._database = database


@overload
def per_call(
    query: Callable[Concatenate[AsyncSession, P], Awaitable[T]], /
) -> Callable[Concatenate[Store, P], Awaitable[T]]: ...


@overload
def per_call(
    repository: Callable[[AsyncSession], R], method: Callable[Concatenate[R, P], Awaitable[T]], /
) -> Callable[Concatenate[Store, P], Awaitable[T]]: ...


def per_call(first: Any, method: Any = None, /) -> Any:
    """A store method that runs a query function (`per_call(query)`) or a repository method
    (`per_call(Repository, Repository.method)`) in a unit of work of its own."""

    async def call(store: Store, /, *args: Any, **kwargs: Any) -> Any:
        async with store._database.session() as session:
            if method is None:
                return await first(session, *args, **kwargs)
            return await method(first(session), *args, **kwargs)

    call.__doc__ = (method or first).__doc__
    return call
