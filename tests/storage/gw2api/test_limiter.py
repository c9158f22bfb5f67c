"""The token bucket and the concurrency cap: bursts wait instead of failing (fake clock, no real sleeps)."""

from __future__ import annotations

import asyncio

import pytest

from storage.gw2api import TokenBucket
from tests.harness.fake_gw2api import FakeClock, FakeGW2API
from tests.harness.gw2api_plugin import ClientFactory


async def test_the_burst_is_free_then_tokens_come_at_the_refill_rate(clock: FakeClock) -> None:
    bucket = TokenBucket(300, 5.0, clock=clock)
    waits = [await bucket.acquire() for _ in range(300)]
    assert sum(waits) == 0 and clock.elapsed == 0
    assert await bucket.acquire() == pytest.approx(0.2)
    for _ in range(9):
        await bucket.acquire()
    assert clock.elapsed == pytest.approx(2.0)


async def test_idle_time_refills_up_to_the_capacity_only(clock: FakeClock) -> None:
    bucket = TokenBucket(10, 5.0, clock=clock)
    for _ in range(10):
        await bucket.acquire()
    clock.advance(1.0)
    assert bucket.tokens == pytest.approx(5.0)
    clock.advance(3600)
    assert bucket.tokens == 10


async def test_concurrent_waiters_are_served_in_arrival_order(clock: FakeClock) -> None:
    bucket = TokenBucket(1, 1.0, clock=clock)
    order: list[int] = []

    async def take(n: int) -> None:
        await bucket.acquire()
        order.append(n)

    await asyncio.gather(*(take(n) for n in range(5)))
    assert order == [0, 1, 2, 3, 4]
    assert clock.elapsed == pytest.approx(4.0)


async def test_drain_makes_the_next_request_wait(clock: FakeClock) -> None:
    bucket = TokenBucket(300, 5.0, clock=clock)
    bucket.drain()
    assert await bucket.acquire() == pytest.approx(0.2)


def test_a_bucket_needs_capacity_and_a_refill_rate() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0, 5.0)
    with pytest.raises(ValueError):
        TokenBucket(10, 0)


async def test_a_burst_over_the_api_bucket_waits_instead_of_failing(
    clock: FakeClock, make_client: ClientFactory
) -> None:
    # The fake API enforces the real limit (300 burst, 5/s) on the same clock and answers 429 beyond it.
    api = FakeGW2API(clock=clock, rate_limit=(300, 5.0))
    client = make_client(api, retries=0)
    responses = await asyncio.gather(*(client.get("/v2/build", cache="bypass") for _ in range(400)))
    assert [r.status for r in responses] == [200] * 400
    assert len(api.requests) == 400  # no 429 and so no retry
    assert clock.elapsed == pytest.approx(100 / 5.0)


async def test_without_our_bucket_the_same_burst_would_be_refused(
    clock: FakeClock, make_client: ClientFactory
) -> None:
    # Control for the test above: a client that allows more than the API gets 429s (and retries them).
    api = FakeGW2API(clock=clock, rate_limit=(300, 5.0))
    client = make_client(api, burst=1000, retries=6)
    responses = await asyncio.gather(*(client.get("/v2/build", cache="bypass") for _ in range(320)))
    assert [r.status for r in responses] == [200] * 320
    assert len(api.requests) > 320


async def test_no_more_requests_in_flight_than_the_cap(api: FakeGW2API, make_client: ClientFactory) -> None:
    client = make_client(api, max_concurrent=3)
    await asyncio.gather(*(client.get("/v2/build", cache="bypass") for _ in range(30)))
    assert api.max_in_flight == 3
