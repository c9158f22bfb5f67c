"""Fixtures for the GW2 API client tests: a fake clock, the fake API and clients wired to both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from storage.gw2api import GW2Client, ResponseCache, RetryPolicy, TokenBucket
from tests.harness.fake_gw2api import FakeClock, FakeGW2API

ClientFactory = Callable[..., GW2Client]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> FakeGW2API:
    return FakeGW2API(clock=clock)


@pytest.fixture
async def make_client(clock: FakeClock) -> AsyncIterator[ClientFactory]:
    """`make_client(api, cache=None, burst=300, refill=5.0, max_concurrent=8, retries=4, ...)`."""
    opened: list[httpx.AsyncClient] = []

    def factory(
        fake: FakeGW2API,
        *,
        cache: ResponseCache | None = None,
        burst: int = 300,
        refill: float = 5.0,
        max_concurrent: int = 8,
        retries: int = 4,
        **kwargs: Any,
    ) -> GW2Client:
        http = httpx.AsyncClient(transport=fake.transport())
        opened.append(http)
        return GW2Client(
            http,
            base_url="https://api.guildwars2.test",
            language="en",
            limiter=TokenBucket(burst, refill, clock=clock),
            max_concurrent=max_concurrent,
            retry=RetryPolicy(retries=retries),
            cache=cache,
            clock=clock,
            **kwargs,
        )

    yield factory
    for http in opened:
        await http.aclose()
