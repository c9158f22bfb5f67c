"""Fixtures for the account tests: the fake GW2 API with accounts, and the bot wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from storage.accounts import new_encryption_key
from storage.gw2api import RetryPolicy
from tests.harness.bot_harness import BotHarness, InteractionResult
from tests.harness.databases import DatabaseTarget
from tests.harness.fake_account_api import (
    ALL_PERMISSIONS,
    GOOD_KEY,
    OTHER_KEY,
    UNDERSCOPED_KEY,
    FakeAccountAPI,
    account_fixture,
)
from tests.harness.fake_gw2api import FakeClock
from tests.harness.payloads import FakeMember
from tests.harness.settings import settings_for

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]
ENCRYPTION_KEY = new_encryption_key()


def route_all_http(monkeypatch: pytest.MonkeyPatch, handler: Handler) -> None:
    """Send every request of every httpx client in this test to `handler` instead of the network."""

    async def handle(_transport: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        return await handler(request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle)


def other_account() -> dict[str, Any]:
    return {**account_fixture("account"), "id": "B2C3D4E5-1111-4F60-9BAC-1D2E3F4A5B6C", "name": "Bob.7310"}


def other_characters() -> list[dict[str, Any]]:
    alt = next(c for c in account_fixture("characters") if c["name"] == "Bank Alt")
    return [{**alt, "name": "Bob Mule"}]


@pytest.fixture
def gw2_api() -> FakeAccountAPI:
    api = FakeAccountAPI(clock=FakeClock())
    api.add_key(GOOD_KEY, ALL_PERMISSIONS, name="GW2Optimizer <b>bot</b>")
    api.add_key(
        OTHER_KEY, ("account", "builds", "characters"), account=other_account(), characters=other_characters()
    )
    api.add_key(UNDERSCOPED_KEY, ("account", "wallet"))
    return api


@dataclass
class AccountHarness:
    """The bot with account linking switched on, talking to the fake GW2 API."""

    harness: BotHarness
    api: FakeAccountAPI

    @property
    def alice(self) -> FakeMember:
        return self.harness.member

    @property
    def bob(self) -> FakeMember:
        return self.harness.guild.members[2]

    async def link(self, key: str, user: FakeMember | None = None) -> InteractionResult:
        opened = await self.harness.slash("account link", user=user)
        modal = opened.modal
        assert modal is not None, "account link did not open a modal"
        return await self.harness.submit_modal(str(modal["custom_id"]), {"api_key": key}, user=user)


@pytest.fixture
async def accounts(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, gw2_api: FakeAccountAPI
) -> AsyncIterator[AccountHarness]:
    route_all_http(monkeypatch, gw2_api.handle)
    settings = settings_for(db_target, account_encryption_key=ENCRYPTION_KEY, gw2_api_retries=2)
    harness = await BotHarness.start(settings, monkeypatch)
    try:
        services = harness.bot.services
        # Backoff without real waiting; the number of attempts stays the real policy's.
        services.gw2.retry = RetryPolicy(retries=2, base_delay=0.0)
        await services.game_data.refresh()
        gw2_api.requests.clear()
        yield AccountHarness(harness, gw2_api)
    finally:
        await harness.close()
