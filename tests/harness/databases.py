"""Isolated databases per test: a fresh SQLite file, or a fresh PostgreSQL schema."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

POSTGRES_URL_ENV = "GW2OPT_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class DatabaseTarget:
    backend: str
    url: str
    schema: str | None = None


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV) or None


@asynccontextmanager
async def isolated_database(backend: str, tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    if backend == "sqlite":
        yield DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        return
    url = postgres_url()
    if url is None:
        raise RuntimeError(f"{POSTGRES_URL_ENV} is not set")
    schema = "t_" + secrets.token_hex(6)
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield DatabaseTarget("postgres", url, schema)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()
