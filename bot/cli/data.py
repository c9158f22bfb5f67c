"""`gw2opt data refresh` and `gw2opt data status`: the game data without Discord."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

import httpx

from bot.cli.main import CommandFailed, add_action, add_command, cli_settings
from bot.services import Services
from bot.settings import Settings
from optimizer import count
from storage.db import Database
from storage.gamedata import DataStatus, GameDataService, RefreshReport, bundled_status
from storage.gw2api import GW2APIError, GW2Client, ResponseCache

T = TypeVar("T")


def _with_game_data(action: Callable[[GameDataService], Awaitable[T]]) -> T:
    settings = cli_settings()

    async def run() -> T:
        services = await Services.start(settings)
        try:
            return await action(services.game_data)
        finally:
            await services.aclose()

    return asyncio.run(run())


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(count(number, name.removesuffix("s"), name) for name, number in counts.items())


def age_text(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400} days"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _refresh(_args: argparse.Namespace) -> int:
    async def refresh(game_data: GameDataService) -> RefreshReport:
        return await game_data.refresh()

    try:
        report = _with_game_data(refresh)
    except GW2APIError as error:
        raise CommandFailed(
            f"could not refresh the game data: {error}; the stored data is unchanged"
        ) from None
    print(f"Fetched game build {report.build_id} in {report.seconds:.1f} s: {counts_text(report.counts)}")
    print(f"Stored as snapshot {report.snapshot_id}")
    if report.diff is not None:
        print(report.diff.summary())
    return 0


def status_lines(status: DataStatus) -> list[str]:
    source = "the GW2 API" if status.source == "api" else "the bundled snapshot"
    lines = [f"Game build: {status.build_id}", f"Source: {source} (language {status.language})"]
    if status.snapshot_id:
        lines.append(f"Snapshot: {status.snapshot_id}")
    if status.fetched_at is not None and status.age is not None:
        lines.append(f"Fetched: {_when(status.fetched_at)} ({age_text(status.age)} ago)")
    lines.append(f"Counts: {counts_text(status.counts)}")
    lines.extend(f"Missing: {note}" for note in status.missing)
    if status.last_seen_build is not None:
        seen = status.last_seen_build
        lines.append(f"Newest build seen: {seen.build_id} on {_when(seen.seen_at)}")
    lines.append(f"API response cache: {count(status.cached_responses, 'response')}")
    return lines


async def _stored_status(settings: Settings) -> tuple[DataStatus, str | None]:
    """The status, read without creating or migrating anything; the second part notes a missing database."""
    database = Database(settings.database_url, schema=settings.database_schema)
    try:
        revision = await database.current_revision() if database.exists() else None
        if revision is None:
            where = f" at {database.sqlite_path}" if database.sqlite_path is not None else ""
            return bundled_status(settings.gw2_api_language), (
                f"Database: not set up yet{where} (made by `gw2opt db upgrade` or the bot's first start)"
            )
        if revision != database.head_revision():
            raise CommandFailed(
                f"the database schema is at revision {revision}, this gw2opt expects "
                f"{database.head_revision()}: run `gw2opt db upgrade` (the bot also upgrades it at start)"
            )
        async with httpx.AsyncClient() as http:  # a status makes no requests
            client = GW2Client.from_settings(settings, http, cache=ResponseCache(database))
            async with database.usable():
                return await (await GameDataService.load(database, client)).status(), None
    finally:
        await database.dispose()


def _status(_args: argparse.Namespace) -> int:
    status, note = asyncio.run(_stored_status(cli_settings(quiet=True)))
    print("\n".join(status_lines(status)))
    if note is not None:
        print(note)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    data = add_command(commands, "data")
    actions = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    add_action(
        actions, "refresh", "fetch all game data from the GW2 API into the database and use it"
    ).set_defaults(handler=_refresh)
    add_action(
        actions, "status", "show the game build, source, age and counts of the data in use"
    ).set_defaults(handler=_status)
