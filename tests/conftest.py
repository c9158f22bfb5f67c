"""Fixtures shared by all tests."""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget, isolated_database, postgres_url
from tests.harness.settings import settings_for

# Fixtures shared by tests of several layers (the fake GW2 API clients, linked accounts).
pytest_plugins = ("tests.harness.gw2api_plugin", "tests.harness.account_plugin")


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("GW2OPT_REQUIRE_POSTGRES") == "1" and postgres_url() is None:
        raise pytest.UsageError("GW2OPT_REQUIRE_POSTGRES=1 but GW2OPT_TEST_POSTGRES_URL is not set")


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per skip reason instead of one per test (`-ra` listed ~200 PostgreSQL skips)."""
    reasons = Counter(_skip_reason(report) for report in terminalreporter.stats.get("skipped", []))
    if reasons:
        counted = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
        terminalreporter.write_line(f"skipped: {counted}")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Commands under test configure logging for real; put the root logger back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(postgres_url() is None, reason="GW2OPT_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
async def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    """A fresh, empty database on each backend: SQLite always, PostgreSQL when configured."""
    async with isolated_database(request.param, tmp_path) as target:
        yield target


@pytest.fixture
async def database(db_target: DatabaseTarget) -> AsyncIterator[Database]:
    """A migrated database on each backend."""
    db = Database(db_target.url, schema=db_target.schema)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.dispose()


@pytest.fixture
async def harness(db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotHarness]:
    """The real bot, logged in against the fake Discord API, with a test guild loaded. Anything the bot
    sent that Discord would have refused as too large, also outside an interaction (a scheduled post), fails
    the test."""
    bot_harness = await BotHarness.start(settings_for(db_target), monkeypatch)
    try:
        yield bot_harness
    finally:
        await bot_harness.close()
    assert bot_harness.api.refused == [], "Discord would have refused what the bot sent"
