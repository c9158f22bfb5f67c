"""The Discretize adapter against GitHub's answers: ETags and 304s, only changed files downloaded, rate
limits with their reset time, and guides that cannot be read skipped and reported while others import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from optimizer.squads import Boon, Role
from storage.meta import (
    DiscretizeSource,
    Fetched,
    GuideRepository,
    SourceFormatError,
    SourceRateLimitedError,
    SourceSnapshot,
    SourceUnavailableError,
)
from tests.harness.fake_github import FakeGitHub

API, RAW = "https://api.github.test", "https://raw.github.test"
DH = "builds/guardian/power-dragonhunter/index.mdx"
BROKEN = "builds/mesmer/broken-chronomancer/index.mdx"


@pytest.fixture
def github() -> FakeGitHub:
    return FakeGitHub()


@pytest.fixture
async def source(github: FakeGitHub) -> AsyncIterator[DiscretizeSource]:
    async with httpx.AsyncClient(transport=github.transport()) as http:
        yield DiscretizeSource(
            http, GuideRepository(api_url=API, raw_url=RAW, site_url="https://discretize.test")
        )


async def _poll(source: DiscretizeSource, previous: Fetched | None = None) -> Fetched:
    if previous is None:
        return await source.fetch(SourceSnapshot({}, []))
    builds = previous.builds or ()
    return await source.fetch(SourceSnapshot(previous.cursor, builds))


async def test_first_poll_imports_every_readable_guide_and_reports_the_broken_one(
    source: DiscretizeSource, github: FakeGitHub
) -> None:
    fetched = await _poll(source)
    assert fetched.builds is not None
    titles = sorted(build.title for build in fetched.builds)
    # The archived guide is left out; the broken one is reported, not imported.
    assert titles == ["Power Dragonhunter", "Power Soulbeast", "Quickness Firebrand"]
    assert [(p.origin, p.message) for p in fetched.problems] == [
        (BROKEN, "the front matter is not valid YAML at line 5")
    ]
    dh = next(b for b in fetched.builds if b.title == "Power Dragonhunter")
    assert dh.key == "guardian/dragonhunter/powerdragonhunter"
    assert dh.url == "https://discretize.test/builds/guardian/power-dragonhunter"
    assert dh.version == "2024-05-01T10:00:00.000Z" and dh.role is Role.DPS
    assert [v.title for v in dh.variants] == ["Radiance Dragonhunter", "Virtues Dragonhunter"]
    assert dh.variants[0].slots["Coat"] == "Dragon" and dh.variants[0].extras["runes"] == "Scholar"
    firebrand = next(b for b in fetched.builds if b.title == "Quickness Firebrand")
    assert firebrand.role is Role.QUICKNESS_DPS
    assert set(firebrand.boons) == {Boon.QUICKNESS, Boon.MIGHT, Boon.STABILITY}
    # Repository description (default branch), branch head, tree, then the five guide files.
    paths = github.paths_requested()
    assert paths[:3] == [
        "/repos/discretize/discretize-guides",
        "/repos/discretize/discretize-guides/commits/main",
        f"/repos/discretize/discretize-guides/git/trees/{github.commit}",
    ]
    assert sorted(paths[3:]) == sorted(
        f"/discretize/discretize-guides/{github.commit}/{p}" for p in github.files
    )
    assert fetched.requests == len(paths) == 8
    assert fetched.version == github.commit


async def test_an_unchanged_repository_costs_one_conditional_request(
    source: DiscretizeSource, github: FakeGitHub
) -> None:
    first = await _poll(source)
    github.clear()
    second = await _poll(source, first)
    assert second.builds is None  # nothing changed
    assert github.paths_requested() == ["/repos/discretize/discretize-guides/commits/main"]
    assert github.requests[0][1]["if-none-match"] == f'W/"{github.commit}"'
    # The broken guide is still reported while it stays broken.
    assert [p.origin for p in second.problems] == [BROKEN]


async def test_a_changed_guide_downloads_only_that_file(source: DiscretizeSource, github: FakeGitHub) -> None:
    first = await _poll(source)
    github.set(DH, github.files[DH].replace('"coatAffix":"Dragon"', '"coatAffix":"Assassin"'))
    github.clear()
    second = await _poll(source, first)
    assert second.builds is not None
    raw = [p for p in github.paths_requested() if not p.startswith("/repos/")]
    assert raw == [f"/discretize/discretize-guides/{github.commit}/{DH}"]
    dh = next(b for b in second.builds if b.origin == DH)
    assert dh.variants[0].slots["Coat"] == "Assassin"
    assert len(second.builds) == 3


async def test_a_fixed_guide_imports_and_its_problem_goes(
    source: DiscretizeSource, github: FakeGitHub
) -> None:
    first = await _poll(source)
    github.set(BROKEN, github.files[BROKEN].replace("[Chronomancer", "Chronomancer"))
    second = await _poll(source, first)
    assert second.builds is not None and second.problems == ()
    assert "Power Chronomancer" in {b.title for b in second.builds}


async def test_a_guide_broken_later_keeps_its_last_good_build(
    source: DiscretizeSource, github: FakeGitHub
) -> None:
    first = await _poll(source)
    github.set(DH, github.files[DH].replace("title: Power Dragonhunter", "title: [Power"))
    second = await _poll(source, first)
    assert second.builds is not None
    kept = next(b for b in second.builds if b.origin == DH)
    assert first.builds is not None and kept == next(b for b in first.builds if b.origin == DH)
    assert DH in {p.origin for p in second.problems}


async def test_rate_limit_names_its_reset_time(source: DiscretizeSource, github: FakeGitHub) -> None:
    reset = int(datetime(2030, 1, 1, 12, 30, tzinfo=UTC).timestamp())
    github.rate_limited_until = reset
    with pytest.raises(SourceRateLimitedError) as caught:
        await _poll(source)
    assert caught.value.reset_at == datetime(2030, 1, 1, 12, 30, tzinfo=UTC)
    assert "rate limit" in str(caught.value)


async def test_server_errors_and_layout_changes_are_told_apart(
    source: DiscretizeSource, github: FakeGitHub
) -> None:
    github.failing = 502
    with pytest.raises(SourceUnavailableError, match="answered 502"):
        await _poll(source)
    github.failing = None
    github.files = {"docs/index.md": "---\ntitle: x\n---\n"}
    with pytest.raises(SourceFormatError, match="no guide files"):
        await _poll(source)


async def test_a_token_is_sent_when_configured(github: FakeGitHub) -> None:
    async with httpx.AsyncClient(transport=github.transport()) as http:
        source = DiscretizeSource(
            http, GuideRepository(api_url=API, raw_url=RAW, branch="main", token="ghp_secret")
        )
        await _poll(source)
    first_url, headers = github.requests[0]
    assert first_url.endswith("/commits/main")  # a configured branch needs no repository description
    assert headers["authorization"] == "Bearer ghp_secret"
