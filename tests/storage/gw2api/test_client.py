"""Requests, retries with backoff per status, spurious invalid keys and the typed errors."""

from __future__ import annotations

import httpx
import pytest

from storage.gw2api import (
    SCHEMA_VERSION,
    GW2AccessDenied,
    GW2APIDisabled,
    GW2APIError,
    GW2BadRequest,
    GW2InvalidKey,
    GW2MissingScope,
    GW2NotFound,
    GW2RateLimited,
    GW2Unavailable,
    RetryPolicy,
)
from storage.gw2api.errors import error_for, error_text
from tests.harness.fake_gw2api import FakeClock, FakeGW2API
from tests.harness.gw2api_plugin import ClientFactory


async def test_every_request_sends_language_and_the_pinned_schema(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    client = make_client(api)
    response = await client.get("/v2/professions", {"ids": "Ranger"})
    request = api.requests[-1]
    assert request.url.params["lang"] == "en"
    assert request.headers["x-schema-version"] == SCHEMA_VERSION >= "2019-12-19"
    # The pinned schema is what makes the API include the chat-link fields.
    assert response.data[0]["code"] == 4
    assert response.data[0]["skills_by_palette"]


async def test_without_the_schema_pin_the_chat_link_fields_are_missing(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    # Control for the test above: the fake drops the fields for old schemas, as the real API does.
    client = make_client(api, schema_version="2019-03-22T00:00:00Z")
    response = await client.get("/v2/professions", {"ids": "Ranger"})
    assert "code" not in response.data[0]
    assert "skills_by_palette" not in response.data[0]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (429, {"text": "too many requests"}),
        (500, {"text": "internal error"}),
        (502, b"<html><body>Bad Gateway</body></html>"),
        (503, {"text": "API not active"}),
        (503, b""),
        (504, {"text": "timeout"}),
    ],
)
async def test_outages_are_retried_with_growing_jittered_backoff(
    status: int, body: object, api: FakeGW2API, make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(api, retries=4)
    api.fail("/v2/build", status, body, times=3)
    response = await client.get("/v2/build", cache="bypass")
    assert response.data == {"id": api.build_id}
    assert len(api.requests) == 4
    base = client.retry.base_delay
    assert len(clock.sleeps) == 3
    for n, slept in enumerate(clock.sleeps):
        assert base * 2**n / 2 <= slept <= base * 2**n


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_connection_errors_and_timeouts_are_retried(
    error: type[httpx.TransportError], api: FakeGW2API, make_client: ClientFactory
) -> None:
    client = make_client(api)
    api.fail("/v2/build", error=error, times=2)
    assert (await client.get("/v2/build", cache="bypass")).status == 200
    assert len(api.requests) == 3


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (429, {"text": "too many requests"}, GW2RateLimited),
        (503, {"text": "API not active"}, GW2APIDisabled),
        (503, {"text": "service unavailable"}, GW2Unavailable),
        (500, b"", GW2Unavailable),
    ],
)
async def test_after_the_last_retry_the_outage_is_raised_typed(
    status: int,
    body: object,
    expected: type[GW2APIError],
    api: FakeGW2API,
    make_client: ClientFactory,
    clock: FakeClock,
) -> None:
    client = make_client(api, retries=2)
    api.fail("/v2/build", status, body, times=10)
    with pytest.raises(expected) as raised:
        await client.get("/v2/build", cache="bypass")
    assert raised.value.status == status
    assert len(api.requests) == 3
    assert len(clock.sleeps) == 2


async def test_backoff_is_capped_and_honours_retry_after(clock: FakeClock) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    assert all(4.0 <= policy.delay(10) <= 8.0 for _ in range(50))
    assert policy.delay(0, retry_after=5.0) == 5.0
    assert policy.delay(0, retry_after=600.0) == 8.0


async def test_a_429_slows_down_every_later_request(
    api: FakeGW2API, make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(api, retries=0)
    api.fail("/v2/build", 429, {"text": "too many requests"})
    with pytest.raises(GW2RateLimited):
        await client.get("/v2/build", cache="bypass")
    assert clock.elapsed == 0
    # The bucket was emptied although 299 of our 300 tokens were left: the next request waits for one.
    await client.get("/v2/build", cache="bypass")
    assert clock.elapsed == pytest.approx(0.2)


async def test_not_found_and_bad_requests_are_not_retried(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    client = make_client(api)
    with pytest.raises(GW2NotFound) as raised:
        await client.get("/v2/traits/1")
    assert raised.value.text == "no such id"
    with pytest.raises(GW2BadRequest):
        await client.get("/v2/traits", {"ids": ",".join(str(i) for i in range(201))})
    assert len(api.requests) == 2


async def test_a_spurious_invalid_key_is_retried_before_it_is_believed(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    api.keys["GOOD-KEY"] = ("account",)
    client = make_client(api)
    api.fail("/v2/account", 400, {"text": "invalid key"}, times=2)
    response = await client.get("/v2/account", api_key="GOOD-KEY")
    assert response.data["name"] == "Fake.1234"
    assert len(api.requests) == 3
    assert api.requests[-1].headers["authorization"] == "Bearer GOOD-KEY"


async def test_an_invalid_key_that_stays_invalid_is_believed(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    client = make_client(api)
    with pytest.raises(GW2InvalidKey):
        await client.get("/v2/account", api_key="REVOKED")
    assert len(api.requests) == 1 + client.retry.invalid_key_retries


async def test_missing_scope_names_the_scope(api: FakeGW2API, make_client: ClientFactory) -> None:
    api.keys["NARROW"] = ("characters",)
    client = make_client(api)
    with pytest.raises(GW2MissingScope) as raised:
        await client.get("/v2/account", api_key="NARROW")
    assert raised.value.scope == "account"
    assert "lacks the account permission" in str(raised.value)
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        (b'{"text":"no such id"}', "application/json", "no such id"),
        (b'{"error":"not found"}', "application/json", "not found"),
        (b'{"reason":"not found"}', "application/json; charset=utf-8", "not found"),
        (b'{"text":"", "error":"fallback"}', "application/json", "fallback"),
        (b"too many requests\n", "text/plain", "too many requests"),
        (b"<html><h1>502 Bad Gateway</h1></html>", "text/html", ""),
        (b"{not json", "application/json", "{not json"),
    ],
)
def test_error_bodies_in_every_shape(body: bytes, content_type: str, text: str) -> None:
    assert error_text(body, content_type) == text


@pytest.mark.parametrize(
    ("status", "text", "expected"),
    [
        (404, "all ids provided are invalid", GW2NotFound),
        (400, "invalid key", GW2InvalidKey),
        (401, "Invalid access token", GW2InvalidKey),
        (403, "Invalid access token", GW2InvalidKey),
        (403, "requires scope guilds", GW2MissingScope),
        (403, "access restricted to guild leaders", GW2AccessDenied),
        (400, "ErrBadParam", GW2BadRequest),
        (429, "too many requests", GW2RateLimited),
        (503, "API not active", GW2APIDisabled),
        (502, "", GW2Unavailable),
        (301, "", GW2APIError),
    ],
)
def test_statuses_map_to_typed_errors(status: int, text: str, expected: type[GW2APIError]) -> None:
    error = error_for(status, text, path="/v2/x")
    assert type(error) is expected
    assert error.transient == (expected in (GW2RateLimited, GW2APIDisabled, GW2Unavailable))


async def test_a_non_json_success_is_an_outage(api: FakeGW2API, make_client: ClientFactory) -> None:
    client = make_client(api, retries=1)
    api.fail("/v2/build", 200, b"<html>maintenance</html>", content_type="text/html", times=2)
    with pytest.raises(GW2Unavailable, match="not JSON"):
        await client.get("/v2/build", cache="bypass")
