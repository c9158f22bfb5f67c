"""The async engine, one session per unit of work, and schema migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Several sessions write concurrently (one per interaction); wait for the lock instead of failing.
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """Owns the engine and hands out sessions; one instance per process."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        self.url = url
        self.schema = schema
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        connect_args: dict[str, Any] = {}
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        elif schema is not None:
            # Tests isolate each case in its own schema; production uses the default search path.
            connect_args["server_settings"] = {"search_path": schema}
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, connect_args=connect_args, pool_pre_ping=self.dialect != "sqlite"
        )
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

    async def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` with the bundled Alembic migrations."""
        from storage.migrations.runner import upgrade_connection

        async with self.engine.begin() as connection:
            await connection.run_sync(upgrade_connection, revision)

    async def current_revision(self) -> str | None:
        from storage.migrations.runner import current_revision

        async with self.engine.connect() as connection:
            return await connection.run_sync(current_revision)

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
