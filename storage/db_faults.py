"""What went wrong when the configured database cannot be used, in one line that says what to do.

The errors come from three layers (the socket, the driver, SQLAlchemy's wrapping); each is recognised by its
driver-level cause, which SQLAlchemy keeps in `__cause__`/`orig`.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports DatabaseUnavailable without loading SQLAlchemy
    from sqlalchemy.engine import URL


class DatabaseUnavailable(Exception):
    """The database cannot be used as configured; the message says why and what to do."""


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__ or current.__context__


def _where(url: URL) -> str:
    return f"{url.host or 'localhost'}:{url.port or 5432}"


def _text(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def explain_sqlite(error: BaseException, path: str) -> str | None:
    for cause in _chain(error):
        if isinstance(cause, sqlite3.DatabaseError):
            text = str(cause).lower()
            if "not a database" in text or "malformed" in text:
                return (
                    f"{path} is not a SQLite database (or it is damaged): point DATABASE_URL at a new file "
                    "or at the bot's database"
                )
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                return (
                    f"cannot open the SQLite database {path} for writing ({_text(cause)}): the file and "
                    "its directory must be writable by this user; set DATABASE_URL to a path that is"
                )
        if isinstance(cause, OSError) and not isinstance(cause, ConnectionError):
            return (
                f"cannot create the SQLite database {path} ({_text(cause)}): its directory must be "
                "creatable and writable by this user; set DATABASE_URL to a path that is"
            )
    return None


def explain_postgres(error: BaseException, url: URL, schema: str | None) -> str | None:
    database = url.database or "postgres"
    for cause in _chain(error):
        kind = type(cause).__name__
        if kind == "InvalidCatalogNameError":
            user = f" -U {shlex.quote(url.username)}" if url.username else ""
            command = (
                f"createdb -h {url.host or 'localhost'} -p {url.port or 5432}{user} {shlex.quote(database)}"
            )
            return (
                f'PostgreSQL database "{database}" does not exist on {_where(url)}: create it with '
                f'`{command}` (or CREATE DATABASE "{database}"; as a user allowed to)'
            )
        if kind == "InvalidSchemaNameError":
            return missing_schema(url, schema)
        if kind in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return (
                f"PostgreSQL on {_where(url)} refused the login of user {url.username or '(none)'} "
                f"({_text(cause)}): check the user and password in DATABASE_URL"
            )
        if isinstance(cause, TimeoutError):
            return f"PostgreSQL on {_where(url)} did not answer in time: is the server up and reachable?"
        if isinstance(cause, OSError):
            return (
                f"cannot connect to PostgreSQL on {_where(url)} ({_text(cause)}): is the server running, "
                "and are host and port in DATABASE_URL right?"
            )
    return None


def missing_schema(url: URL, schema: str | None) -> str:
    return (
        f'PostgreSQL schema "{schema}" (DATABASE_SCHEMA) does not exist in database "{url.database}" on '
        f'{_where(url)}: create it with CREATE SCHEMA "{schema}"; (as the database owner), or leave '
        "DATABASE_SCHEMA empty to use the default schema"
    )
