"""Valid JSON of the wrong shape: the client's own GW2BadAnswer (client, `data refresh`, the build poll)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.scheduler import poll_game_build
from optimizer.gamedata import GameData
from storage.db import Database
from storage.gamedata import GameDataService
from storage.gw2api import GW2APIError, GW2BadAnswer, ResponseCache, fetch_all
from tests.harness.fake_gw2api import FakeClock, FakeGW2API
from tests.harness.gw2api_plugin import ClientFactory

# Raw JSON texts, sent as the body of a 200 answer.
WRONG_LISTS = [
    '{"text": "ok"}',
    "[1, 2]",
    '[{"name": "no id"}]',
    '[{"id": null}]',
    '[{"id": true}]',
    '"x"',
    "null",
]


@pytest.mark.parametrize("body", ['{"id": "191645"}', '{"build": 1}', "[]", '[{"id": 1}]', "null", "1.5"])
async def test_a_build_answer_of_another_shape_is_a_bad_answer(
    body: str, api: FakeGW2API, make_client: ClientFactory
) -> None:
    api.fail("/v2/build", 200, body)
    with pytest.raises(GW2BadAnswer) as raised:
        await make_client(api).build_id()
    assert "/v2/build" in str(raised.value)
    assert "unexpected form" in str(raised.value)


@pytest.mark.parametrize("body", WRONG_LISTS)
async def test_an_object_list_of_another_shape_is_a_bad_answer_and_not_cached(
    body: str, api: FakeGW2API, make_client: ClientFactory, database: Database
) -> None:
    client = make_client(api, cache=ResponseCache(database))
    api.fail("/v2/traits", 200, body)
    with pytest.raises(GW2BadAnswer):
        await fetch_all(client, "/v2/traits")
    # Nothing of it was kept: the next call asks again and gets the real answer.
    assert await ResponseCache(database).count() == 0
    result = await fetch_all(client, "/v2/traits")
    assert result.items and all(isinstance(item["id"], int) for item in result.items)


async def test_a_listing_of_another_shape_is_a_bad_answer(
    api: FakeGW2API, make_client: ClientFactory
) -> None:
    client = make_client(api)
    api.ids_all.discard("traits")  # fetched as listing + batches
    api.fail("/v2/traits", 200, {"ids": [1, 2]})
    with pytest.raises(GW2BadAnswer, match="/v2/traits"):
        await fetch_all(client, "/v2/traits")


@pytest.fixture
async def service(
    database: Database, api: FakeGW2API, make_client: ClientFactory, clock: FakeClock
) -> GameDataService:
    return await GameDataService.load(database, make_client(api, cache=ResponseCache(database)), clock=clock)


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("/v2/professions", {"text": "ok"}),
        ("/v2/specializations", [{"id": 8, "name": "Marksmanship", "profession": 5}]),
        ("/v2/traits", [{"id": 1}]),
        ("/v2/professions", [{"id": "Ranger", "name": "Ranger", "weapons": ["Longbow"]}]),
        ("/v2/itemstats", [{"id": 161, "name": "Berserker's", "attributes": "Power"}]),
        ("/v2/build", {"id": [191700]}),
    ],
)
async def test_data_refresh_turns_any_wrong_shape_into_a_bad_answer_and_keeps_its_data(
    endpoint: str, body: Any, service: GameDataService, api: FakeGW2API
) -> None:
    api.fail(endpoint, 200, body)
    with pytest.raises(GW2BadAnswer):
        await service.refresh()
    assert service.current is GameData.bundled()
    assert await service.seen_builds() == []


async def test_the_build_poll_logs_a_bad_answer_and_goes_on(
    service: GameDataService, api: FakeGW2API, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail("/v2/build", 200, {"id": "new"})
    caplog.set_level(logging.WARNING)
    await poll_game_build(service)
    assert "Game build check failed, will try again at the next poll" in caplog.text
    assert "unexpected form on /v2/build" in caplog.text
    assert service.current is GameData.bundled()
    # The next poll, with a sane answer, works.
    await poll_game_build(service)
    assert service.current.source == "api"


def test_a_bad_answer_is_a_gw2_api_error_that_is_not_retried() -> None:
    error = GW2BadAnswer("answer: Input should be a valid list", status=200, path="/v2/traits")
    assert isinstance(error, GW2APIError)
    assert not error.transient
