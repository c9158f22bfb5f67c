"""The persistent response cache on SQLite and PostgreSQL: fresh hits, conditional requests, stale data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.db import Database
from storage.gw2api import GW2APIDisabled, GW2Client, GW2NotFound, ResponseCache
from storage.gw2api.cache import MAX_FRESHNESS, freshness
from tests.harness.fake_gw2api import FakeClock, FakeGW2API
from tests.harness.gw2api_plugin import ClientFactory

NOW = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def cached_client(api: FakeGW2API, make_client: ClientFactory, database: Database) -> GW2Client:
    return make_client(api, cache=ResponseCache(database), retries=1)


async def test_a_fresh_cached_answer_needs_no_request(
    api: FakeGW2API, cached_client: GW2Client, clock: FakeClock
) -> None:
    first = await cached_client.get("/v2/specializations", {"ids": "all"})
    clock.advance(api.max_age - 1)
    second = await cached_client.get("/v2/specializations", {"ids": "all"})
    assert len(api.requests) == 1
    assert (first.source, second.source) == ("api", "cache")
    assert second.data == first.data
    assert second.age == timedelta(seconds=api.max_age - 1)


async def test_the_cache_key_includes_parameters_and_language(
    api: FakeGW2API, make_client: ClientFactory, database: Database
) -> None:
    cache = ResponseCache(database)
    english = make_client(api, cache=cache)
    await english.get("/v2/pets", {"ids": "22"})
    await english.get("/v2/pets", {"ids": "4"})
    german = make_client(api, cache=cache)
    german.language = "de"
    await german.get("/v2/pets", {"ids": "22"})
    assert len(api.requests) == 3
    assert api.requests[-1].url.params["lang"] == "de"
    assert await cache.count() == 3


async def test_an_expired_entry_is_revalidated_with_a_conditional_request(
    api: FakeGW2API, cached_client: GW2Client, clock: FakeClock
) -> None:
    await cached_client.get("/v2/pets", {"ids": "all"})
    clock.advance(api.max_age + 1)
    response = await cached_client.get("/v2/pets", {"ids": "all"})
    request = api.requests[-1]
    assert request.headers["if-none-match"]
    assert request.headers["if-modified-since"]
    assert (response.status, response.source) == (200, "revalidated")
    assert [p["id"] for p in response.data] == [22, 4]
    # A 304 renews the freshness: the next call is a cache hit.
    assert (await cached_client.get("/v2/pets", {"ids": "all"})).source == "cache"
    assert len(api.requests) == 2


@pytest.mark.parametrize("validator", ["etags", "last_modified"])
async def test_either_validator_alone_gives_a_304(
    validator: str, api: FakeGW2API, cached_client: GW2Client
) -> None:
    setattr(api, "last_modified" if validator == "etags" else "etags", False)
    await cached_client.get("/v2/pets", {"ids": "all"}, cache="revalidate")
    response = await cached_client.get("/v2/pets", {"ids": "all"}, cache="revalidate")
    assert response.source == "revalidated"


async def test_changed_data_replaces_the_cached_body(api: FakeGW2API, cached_client: GW2Client) -> None:
    await cached_client.get("/v2/pets", {"ids": "all"})
    api.put("pets", {"id": 99, "name": "New Pet", "skills": []})
    response = await cached_client.get("/v2/pets", {"ids": "all"}, cache="revalidate")
    assert response.source == "api"
    assert 99 in [p["id"] for p in response.data]
    assert 99 in [p["id"] for p in (await cached_client.get("/v2/pets", {"ids": "all"})).data]


async def test_stale_data_is_served_with_its_age_during_an_outage(
    api: FakeGW2API, cached_client: GW2Client, clock: FakeClock
) -> None:
    fresh = await cached_client.get("/v2/itemstats", {"ids": "all"})
    clock.advance(3 * 3600)
    api.disabled = True
    response = await cached_client.get("/v2/itemstats", {"ids": "all"})
    assert response.stale and response.source == "stale"
    assert response.data == fresh.data
    assert response.age >= timedelta(hours=3)
    assert isinstance(response.error, GW2APIDisabled)


async def test_stale_data_is_not_served_when_the_caller_refuses_it(
    api: FakeGW2API, cached_client: GW2Client, clock: FakeClock
) -> None:
    await cached_client.get("/v2/itemstats", {"ids": "all"})
    clock.advance(3600)
    api.disabled = True
    with pytest.raises(GW2APIDisabled):
        await cached_client.get("/v2/itemstats", {"ids": "all"}, allow_stale=False)


async def test_an_answer_is_never_replaced_by_stale_data(
    api: FakeGW2API, cached_client: GW2Client, clock: FakeClock
) -> None:
    await cached_client.get("/v2/pets/22")
    clock.advance(3600)
    api.remove("pets", 22)
    with pytest.raises(GW2NotFound):
        await cached_client.get("/v2/pets/22")


async def test_keyed_answers_are_cached_per_key_and_never_store_the_key(
    api: FakeGW2API, cached_client: GW2Client, database: Database
) -> None:
    api.keys.update({"KEY-ONE": ("account",), "KEY-TWO": ("account",)})
    await cached_client.get("/v2/account", api_key="KEY-ONE")
    await cached_client.get("/v2/account", api_key="KEY-TWO")
    assert len(api.requests) == 2
    async with database.engine.connect() as connection:
        rows = (await connection.exec_driver_sql("SELECT * FROM gw2_api_responses")).all()
    assert len(rows) == 2
    assert not any("KEY-" in str(value) for row in rows for value in row)


async def test_bypass_neither_reads_nor_writes(
    api: FakeGW2API, cached_client: GW2Client, database: Database
) -> None:
    await cached_client.get("/v2/build", cache="bypass")
    await cached_client.get("/v2/build", cache="bypass")
    assert len(api.requests) == 2
    assert await ResponseCache(database).count() == 0


@pytest.mark.parametrize(
    ("headers", "storable", "fresh_for"),
    [
        ({"cache-control": "public, max-age=300"}, True, 300),
        ({"cache-control": "max-age=300", "age": "100"}, True, 200),
        ({"cache-control": "private, max-age=60"}, True, 60),
        ({"cache-control": "no-cache"}, True, 0),
        ({"cache-control": "no-store"}, False, 0),
        (
            {"expires": "Mon, 01 Dec 2025 13:00:00 GMT", "date": "Mon, 01 Dec 2025 12:30:00 GMT"},
            True,
            1800,
        ),
        ({"expires": "0"}, True, 0),
        ({}, True, 0),
        # Absurd lifetimes (a misconfigured proxy) are cut to MAX_FRESHNESS instead of overflowing.
        ({"cache-control": "max-age=" + "9" * 30}, True, int(MAX_FRESHNESS.total_seconds())),
        ({"cache-control": "max-age=" + "9" * 5000}, True, 0),  # not a number Python will parse
        ({"cache-control": "max-age=-5"}, True, 0),
        ({"expires": "Fri, 31 Dec 9999 23:59:59 GMT"}, True, int(MAX_FRESHNESS.total_seconds())),
    ],
)
def test_freshness_from_the_headers(headers: dict[str, str], storable: bool, fresh_for: int) -> None:
    result = freshness(headers, NOW)
    assert result.storable is storable
    assert result.expires_at == NOW + timedelta(seconds=fresh_for)
