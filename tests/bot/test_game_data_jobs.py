"""The bot with game data: offline start on the bundled snapshot, the scheduler's lifecycle and build poll."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import httpx
import pytest

from bot.scheduler import BUILD_POLL_JOB_ID, poll_game_build
from optimizer.gamedata import GameData
from tests.harness.bot_harness import BotHarness
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_gw2api import FakeGW2API
from tests.harness.settings import settings_for

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def route_all_http(monkeypatch: pytest.MonkeyPatch, handler: Handler) -> list[httpx.Request]:
    """Send every request of every httpx client in this test to `handler` instead of the network."""
    seen: list[httpx.Request] = []

    async def handle(_transport: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return await handler(request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle)
    return seen


async def no_network(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("network is unreachable", request=request)


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the scheduled job did not run")


async def test_the_bot_starts_without_any_network_on_the_bundled_data(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    attempts = route_all_http(monkeypatch, no_network)
    harness = await BotHarness.start(settings_for(db_target, gw2_api_retries=0), monkeypatch)
    try:
        bot = harness.bot
        assert attempts == []
        assert bot.services.current_gamedata() is GameData.bundled()
        assert BUILD_POLL_JOB_ID in bot.scheduler.job_ids()
        assert not bot.scheduler.running  # nothing runs before READY

        help_reply = await harness.slash("help")
        assert help_reply.message.data["embeds"]

        with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
            await bot.on_ready()
            assert bot.scheduler.running
            await until(lambda: bool(attempts) and "Game build check failed" in caplog.text)
        assert [r.url.path for r in attempts] == ["/v2/build"]
        assert bot.services.current_gamedata() is GameData.bundled()
    finally:
        await harness.close()
    assert not harness.bot.scheduler.running


async def test_once_connected_the_bot_polls_the_build_and_refreshes_its_data(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = FakeGW2API()
    route_all_http(monkeypatch, api.handle)
    harness = await BotHarness.start(settings_for(db_target), monkeypatch)
    try:
        bot = harness.bot
        await bot.on_ready()
        await until(lambda: bot.services.current_gamedata().source == "api")
        assert bot.services.game_data.snapshot_id is not None
        assert bot.services.current_gamedata().has_skill_names("Ranger")
        assert api.requests[0].url.host == "api.guildwars2.test"
    finally:
        await harness.close()


async def test_ready_resumes_the_scheduler_only_the_first_time(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    route_all_http(monkeypatch, no_network)
    harness = await BotHarness.start(
        settings_for(db_target, gw2_api_retries=0, gw2_build_poll_minutes=0), monkeypatch
    )
    try:
        bot = harness.bot
        assert BUILD_POLL_JOB_ID not in bot.scheduler.job_ids()  # polling switched off
        await bot.on_ready()
        assert bot.scheduler.running
        bot.scheduler.apscheduler.pause()
        await bot.on_ready()  # a reconnect
        assert not bot.scheduler.running
    finally:
        await harness.close()


async def test_the_poll_job_lets_bugs_through() -> None:
    class Broken:
        async def check_build(self) -> None:
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        await poll_game_build(Broken())  # type: ignore[arg-type]
