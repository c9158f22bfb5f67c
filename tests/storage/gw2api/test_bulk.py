"""Bulk fetching: ids=all, batches of at most 200, 206 partial answers and the 404 "all ids invalid" form."""

from __future__ import annotations

import pytest

from storage.gw2api import MAX_IDS_PER_REQUEST, GW2APIDisabled, fetch_all, fetch_many
from tests.harness.fake_gw2api import FakeGW2API
from tests.harness.gw2api_plugin import ClientFactory


def _many(api: FakeGW2API, count: int, endpoint: str = "itemstats") -> list[int]:
    ids = list(range(10_000, 10_000 + count))
    for i in ids:
        api.put(endpoint, {"id": i, "name": f"Object {i}"})
    return ids


async def test_ids_all_is_one_request(api: FakeGW2API, make_client: ClientFactory) -> None:
    result = await fetch_all(make_client(api), "/v2/traits")
    assert len(api.requests) == 1
    assert api.requests[0].url.params["ids"] == "all"
    assert {t["id"] for t in result.items} == {int(i) for i in api.data["traits"]}
    assert result.missing == () and result.stale_age is None


async def test_endpoints_without_ids_all_are_listed_then_fetched_in_batches(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    ids = _many(api, 450, "items")  # /v2/items has ~70k objects and no ids=all
    result = await fetch_all(make_client(api), "/v2/items")
    assert "ids" not in api.requests[0].url.params
    batches = [r.url.params["ids"].split(",") for r in api.requests[1:]]
    assert sorted(len(b) for b in batches) == [50, 200, 200]
    assert [i["id"] for i in result.items] == ids


async def test_an_endpoint_refusing_ids_all_falls_back_to_batches(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    api.ids_all.discard("pets")
    result = await fetch_all(make_client(api), "/v2/pets")
    assert sorted(p["id"] for p in result.items) == [4, 22]
    assert [r.url.params.get("ids") for r in api.requests] == ["all", None, "22,4"]


async def test_batches_run_with_bounded_concurrency(api: FakeGW2API, make_client: ClientFactory) -> None:
    ids = _many(api, 2000)
    result = await fetch_many(make_client(api, max_concurrent=50), "/v2/itemstats", ids, concurrency=3)
    assert len(api.requests) == 10
    assert api.max_in_flight == 3
    assert [s["id"] for s in result.items] == ids


async def test_a_206_partial_answer_reports_the_unknown_ids(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    known = int(next(iter(api.data["traits"])))
    result = await fetch_many(make_client(api), "/v2/traits", [known, 999_999, 1_000_000])
    assert api.requests[0].url.params["ids"] == f"{known},999999,1000000"
    assert [t["id"] for t in result.items] == [known]
    assert result.missing == (999_999, 1_000_000)
    assert len(api.requests) == 1


async def test_the_all_invalid_404_for_one_bad_id_is_split_until_the_bad_id_is_found(
    make_client: ClientFactory,
) -> None:
    api = FakeGW2API(partial="404")
    ids = _many(api, 300)
    bad = 10_123
    api.remove("itemstats", bad)
    result = await fetch_many(make_client(api), "/v2/itemstats", ids)
    assert result.missing == (bad,)
    assert [s["id"] for s in result.items] == [i for i in ids if i != bad]
    # Bisecting one bad id out of a batch of 200 takes a logarithmic number of extra requests.
    assert len(api.requests) <= 2 + 2 * 8


async def test_a_batch_of_only_unknown_ids_is_all_missing(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    result = await fetch_many(make_client(api), "/v2/skills", [1, 2])
    assert result.items == () and result.missing == (1, 2)


async def test_duplicate_ids_are_asked_once_and_string_ids_work(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    result = await fetch_many(make_client(api), "/v2/professions", ["Ranger", "Guardian", "Ranger"])
    assert [p["id"] for p in result.items] == ["Ranger", "Guardian"]
    assert api.requests[0].url.params["ids"] == "Ranger,Guardian"


async def test_a_batch_that_keeps_failing_fails_the_bulk_fetch(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    ids = _many(api, 10)
    api.disabled = True
    with pytest.raises(GW2APIDisabled):
        await fetch_many(make_client(api, retries=1), "/v2/itemstats", ids)


def test_batch_size_is_limited_to_what_the_api_accepts() -> None:
    assert MAX_IDS_PER_REQUEST == 200


async def test_batch_size_out_of_range_is_refused(api: FakeGW2API, make_client: ClientFactory) -> None:
    with pytest.raises(ValueError):
        await fetch_many(make_client(api), "/v2/itemstats", [1], batch_size=201)
