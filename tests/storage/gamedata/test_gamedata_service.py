"""The game-data service: offline start, refresh into the database, build tracking and the stored diffs."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from optimizer.gamedata import GameData
from optimizer.gear import Scenario, affix_table_from_itemstats, optimize
from storage.db import Database
from storage.gamedata import STUCK_BUILD_ID, GameDataService
from storage.gw2api import GW2APIDisabled, ResponseCache
from tests.harness.fake_gw2api import FakeClock, FakeGW2API, fixture
from tests.harness.gw2api_plugin import ClientFactory

NEW_BUILD = 191_700


@pytest.fixture
async def service(
    database: Database, api: FakeGW2API, make_client: ClientFactory, clock: FakeClock
) -> GameDataService:
    client = make_client(api, cache=ResponseCache(database), retries=1)
    return await GameDataService.load(database, client, clock=clock)


async def _restarted(database: Database, api: FakeGW2API, make_client: ClientFactory) -> GameDataService:
    return await GameDataService.load(database, make_client(api, cache=ResponseCache(database)))


def _game_update(api: FakeGW2API) -> dict[str, int]:
    """A new build that changes a Ranger trait, adds a Guardian skill, removes an itemstat and swaps
    Berserker's major and minor attributes."""
    trait = copy.deepcopy(next(t for t in api.data["traits"].values() if t["specialization"] == 8))
    trait["description"] = "Rebalanced."
    api.put("traits", trait)
    api.put(
        "skills", {"id": 99_001, "name": "Fixture Mantra", "type": "Utility", "professions": ["Guardian"]}
    )
    api.remove("itemstats", 1538)
    for stat in api.data["itemstats"].values():
        if stat["name"] == "Berserker's":
            by_name = {a["attribute"]: a for a in stat["attributes"]}
            by_name["Power"]["multiplier"], by_name["Precision"]["multiplier"] = (
                by_name["Precision"]["multiplier"],
                by_name["Power"]["multiplier"],
            )
    api.release(NEW_BUILD)
    return {"trait": trait["id"], "skill": 99_001, "itemstat": 1538}


async def test_with_an_empty_database_the_bundled_data_is_current(
    service: GameDataService, api: FakeGW2API
) -> None:
    assert service.current is GameData.bundled()
    assert service.snapshot_id is None
    status = await service.status()
    assert (status.source, status.build_id, status.cached_responses) == ("bundled", 191645, 0)
    assert status.counts["skills"] == 0
    assert any("skill names are unknown" in note for note in status.missing)
    assert api.requests == []


async def test_refresh_stores_a_snapshot_that_survives_a_restart(
    service: GameDataService, api: FakeGW2API, database: Database, make_client: ClientFactory
) -> None:
    report = await service.refresh()
    expected = {name: len(fixture(name)) for name in api.data}
    assert report.counts == expected
    assert (report.build_id, report.new_build, report.diff) == (191645, False, None)
    assert service.current.source == "api" and service.current.has_skill_names("Ranger")
    assert {r.url.path for r in api.requests} == {"/v2/build", *(f"/v2/{name}" for name in expected)}

    requests_before = len(api.requests)
    restarted = await _restarted(database, api, make_client)
    assert len(api.requests) == requests_before  # loading needs no network
    assert restarted.snapshot_id == report.snapshot_id
    assert restarted.current.counts() == expected
    assert restarted.current.palette_to_skill("Ranger", 4500) is not None
    status = await restarted.status()
    assert status.source == "api" and status.cached_responses == len(expected)


async def test_a_second_refresh_revalidates_instead_of_downloading_again(
    service: GameDataService, api: FakeGW2API
) -> None:
    first = await service.refresh()
    api.requests.clear()
    second = await service.refresh()
    assert second.snapshot_id == first.snapshot_id
    data_requests = [r for r in api.requests if r.url.path != "/v2/build"]
    assert data_requests and all("if-none-match" in r.headers for r in data_requests)


async def test_a_failed_refresh_keeps_the_current_data_and_never_uses_stale_cache(
    service: GameDataService, api: FakeGW2API, clock: FakeClock
) -> None:
    first = await service.refresh()
    clock.advance(3600)
    api.disabled = True
    with pytest.raises(GW2APIDisabled):
        await service.refresh(build_id=NEW_BUILD)
    assert service.snapshot_id == first.snapshot_id
    assert [b.build_id for b in await service.seen_builds()] == [191645]


async def test_the_stuck_build_value_is_ignored(service: GameDataService, api: FakeGW2API) -> None:
    api.release(STUCK_BUILD_ID)
    check = await service.check_build()
    assert (check.reported, check.outcome, check.refresh) == (STUCK_BUILD_ID, "stuck", None)
    assert api.paths() == ["/v2/build"]
    assert service.current.source == "bundled"


async def test_the_first_poll_replaces_the_bundled_data_then_a_known_build_costs_one_request(
    service: GameDataService, api: FakeGW2API
) -> None:
    first = await service.check_build()
    assert first.outcome == "refreshed" and first.refresh is not None
    assert first.refresh.new_build is False  # same build as the bundle: no diff to announce
    api.requests.clear()
    second = await service.check_build()
    assert second.outcome == "known"
    assert api.paths() == ["/v2/build"]


async def test_an_api_build_older_than_the_bundle_is_no_game_update(
    service: GameDataService, api: FakeGW2API
) -> None:
    api.release(191_000)
    check = await service.check_build()
    assert check.refresh is not None and not check.refresh.new_build and check.refresh.diff is None
    assert service.previous is None
    seen = await service.seen_builds()
    assert [(b.build_id, b.previous_build_id, b.diff) for b in seen] == [(191_000, None, None)]


async def test_a_new_build_is_refreshed_and_its_diff_stored_by_profession(
    service: GameDataService,
    api: FakeGW2API,
    database: Database,
    make_client: ClientFactory,
    clock: FakeClock,
) -> None:
    await service.refresh()
    before = service.current
    since = clock.now()
    clock.advance(60)
    changed = _game_update(api)

    check = await service.check_build()
    assert check.outcome == "refreshed" and check.refresh is not None and check.refresh.new_build
    diff = check.refresh.diff
    assert diff is not None and (diff.old_build, diff.new_build) == (191645, NEW_BUILD)
    assert [(e.id, e.professions) for e in diff.traits.changed] == [(changed["trait"], ("Ranger",))]
    assert [(e.id, e.professions) for e in diff.skills.added] == [(changed["skill"], ("Guardian",))]
    assert [e.id for e in diff.itemstats.removed] == [changed["itemstat"]]
    assert {e.name for e in diff.itemstats.changed} == {"Berserker's"}
    assert service.previous is before and service.current.build_id == NEW_BUILD

    # The announcement feed reads it back from the database, also after a restart.
    restarted = await _restarted(database, api, make_client)
    assert restarted.current.build_id == NEW_BUILD
    seen = await restarted.seen_builds(after_time=since)
    assert [(b.build_id, b.previous_build_id) for b in seen] == [(NEW_BUILD, 191645)]
    assert seen[0].diff == diff and seen[0].snapshot_id == check.refresh.snapshot_id
    assert await restarted.seen_builds(after_build=NEW_BUILD) == []
    assert [b.build_id for b in await restarted.seen_builds(after_build=0)] == [191645, NEW_BUILD]
    assert "Ranger: 1 traits" in diff.summary()

    # Both sides of the diff stay stored.
    new = await restarted.load_snapshot(seen[0].snapshot_id or "")
    assert new is not None and new.build_id == NEW_BUILD
    previous_id = (await restarted.seen_builds(after_build=0))[0].snapshot_id
    assert previous_id is not None
    kept = await restarted.load_snapshot(previous_id)
    assert kept is not None and kept.build_id == 191645 and kept.counts() == before.counts()


async def test_old_snapshots_lose_their_payloads_but_not_their_builds(
    service: GameDataService, api: FakeGW2API, clock: FakeClock
) -> None:
    ids = []
    for n in range(5):
        api.put("pets", {"id": 500 + n, "name": f"Pet {n}", "skills": []})
        api.release(NEW_BUILD + n)
        clock.advance(60)
        ids.append((await service.refresh()).snapshot_id)
    assert [await service.load_snapshot(i) is not None for i in ids] == [False, False, True, True, True]
    assert len(await service.seen_builds()) == 5


async def test_the_affix_table_follows_the_current_itemstats(
    service: GameDataService, api: FakeGW2API
) -> None:
    await service.refresh()
    before = affix_table_from_itemstats(service.current.itemstat_payloads())
    assert before.get("Berserker").major == ("Power",)
    _game_update(api)
    await service.check_build()
    after = affix_table_from_itemstats(service.current.itemstat_payloads())
    assert after.get("Berserker").major == ("Precision",)


async def test_a_game_update_changes_optimizer_results(service: GameDataService, api: FakeGW2API) -> None:
    scenario = Scenario.from_dict(
        {"profession": "Guardian", "affixes": ["Berserker"], "distribution": {"Power": 3000}, "top": 1}
    )
    await service.refresh()
    before = optimize(
        scenario, affixes=affix_table_from_itemstats(service.current.itemstat_payloads())
    ).results[0]
    _game_update(api)
    await service.check_build()
    after = optimize(
        scenario, affixes=affix_table_from_itemstats(service.current.itemstat_payloads())
    ).results[0]
    assert after.attributes["Power"] < before.attributes["Power"]
    assert after.attributes["Precision"] > before.attributes["Precision"]


async def test_status_reports_age_and_the_last_build(service: GameDataService, clock: FakeClock) -> None:
    await service.refresh()
    clock.advance(7200)
    status = await service.status()
    assert status.age == timedelta(hours=2)
    assert status.last_seen_build is not None and status.last_seen_build.build_id == 191645


async def test_a_process_adopts_the_build_another_process_stored_without_fetching_it(
    service: GameDataService,
    api: FakeGW2API,
    database: Database,
    make_client: ClientFactory,
) -> None:
    other = await _restarted(database, api, make_client)  # a second process on the same database
    assert (await service.check_build()).outcome == "refreshed"
    api.requests.clear()
    adopted = await other.check_build()
    assert adopted.outcome == "adopted"
    assert api.paths() == ["/v2/build"]
    assert other.current.source == "api" and other.snapshot_id == service.snapshot_id

    _game_update(api)
    assert (await service.check_build()).outcome == "refreshed"
    api.requests.clear()
    before = other.current
    assert (await other.check_build()).outcome == "adopted"
    assert api.paths() == ["/v2/build"]
    assert other.current.build_id == NEW_BUILD and other.previous is before
    assert other.current.counts() == service.current.counts()
    assert (await other.check_build()).outcome == "known"
