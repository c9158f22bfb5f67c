"""The meta store on SQLite and PostgreSQL: history of new, changed and removed builds between polls,
renamed files kept as the same build, failing sources keeping their last good data, one poller per
interval."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from optimizer.chatlink import TraitLine, decode_build, encode
from optimizer.gamedata import GameData
from optimizer.gear import SLOTS
from optimizer.squads import Boon, Role
from storage.builds import BuildGear, BuildStore, Visibility
from storage.db import Database
from storage.meta import (
    DiscretizeSource,
    Fetched,
    GuideRepository,
    GuildBuildsSource,
    MetaStore,
    SourceSnapshot,
)
from tests.harness.build_codes import FIREBRAND
from tests.harness.fake_github import FakeGitHub

DH = "builds/guardian/power-dragonhunter/index.mdx"
FB = "builds/guardian/quickness-firebrand/index.mdx"
GAMEDATA = GameData.bundled()


def _with_grandmaster(code: str, *, line: int, choice: int) -> str:
    build = decode_build(code)
    lines = list(build.specializations)
    adept, master, _ = lines[line].traits
    lines[line] = TraitLine(lines[line].specialization, (adept, master, choice))
    return encode(replace(build, specializations=(lines[0], lines[1], lines[2])))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def github() -> FakeGitHub:
    return FakeGitHub()


@pytest.fixture
async def source(github: FakeGitHub) -> AsyncIterator[DiscretizeSource]:
    async with httpx.AsyncClient(transport=github.transport()) as http:
        yield DiscretizeSource(http, GuideRepository(api_url="https://api.test", raw_url="https://raw.test"))


async def test_a_changed_guide_is_exactly_one_changed_entry_with_its_diff(
    database: Database, source: DiscretizeSource, github: FakeGitHub
) -> None:
    store = MetaStore(database)
    first = await store.poll(source, gamedata=GAMEDATA)
    assert first.outcome == "changed" and first.counts() == {"new": 3, "changed": 0, "removed": 0}
    mark = await store.last_change_id()

    unchanged = await store.poll(source, gamedata=GAMEDATA)
    assert unchanged.outcome == "unchanged" and unchanged.changes == ()
    assert await store.changes_after(mark, ["discretize"]) == []

    text = github.files[DH]
    code = text.split('code: "', 1)[1].split('"', 1)[0]
    # A new code (the grandmaster Radiance trait changes) and two Dragon slots become Assassin.
    new_code = _with_grandmaster(code, line=0, choice=1)
    text = text.replace(code, new_code).replace('"coatAffix":"Dragon"', '"coatAffix":"Assassin"')
    text = text.replace('"leggingsAffix":"Dragon"', '"leggingsAffix":"Assassin"')
    github.set(DH, text)
    second = await store.poll(source, gamedata=GAMEDATA)
    changes = await store.changes_after(mark, ["discretize"])
    assert len(changes) == 1 and second.counts() == {"new": 0, "changed": 1, "removed": 0}
    change = changes[0]
    assert (change.kind, change.title) == ("changed", "Power Dragonhunter")
    shown = [f.text() for f in change.fields]
    assert shown[0] == f"code: {code} → {new_code}"
    assert shown[1] == "traits Radiance grandmaster: Righteous Instincts → Amplified Wrath"
    assert "gear Coat, Leggings (Radiance Dragonhunter): Dragon → Assassin" in shown
    assert len(shown) == 3
    builds = await store.builds(["discretize"], profession="Dragonhunter")
    assert [b.build.variants[0].slots["Coat"] for b in builds] == ["Assassin"]
    history = await store.history(builds[0].id)
    assert [h.kind for h in history] == ["changed", "new"]


async def test_moved_renamed_and_removed_guides(
    database: Database, source: DiscretizeSource, github: FakeGitHub
) -> None:
    store = MetaStore(database)
    await store.poll(source)
    before = {b.build.key: b.id for b in await store.builds(["discretize"])}
    mark = await store.last_change_id()
    # A moved file is the same build; a title edited in place is the same build with a new title.
    github.move(DH, "builds/guardian/dragonhunter-power/index.mdx")
    github.set(FB, github.files[FB].replace("title: Quickness Firebrand", "title: Quick Firebrand"))
    github.remove("builds/ranger/power-soulbeast/index.md")
    await store.poll(source)
    changes = await store.changes_after(mark, ["discretize"])
    assert sorted((c.kind, c.title) for c in changes) == [
        ("changed", "Quick Firebrand"),
        ("removed", "Power Soulbeast"),
    ]
    renamed = next(c for c in changes if c.kind == "changed")
    assert [f.text() for f in renamed.fields] == ["title: Quickness Firebrand → Quick Firebrand"]
    after = {b.build.title: b for b in await store.builds(["discretize"])}
    assert after["Power Dragonhunter"].id == before["guardian/dragonhunter/powerdragonhunter"]
    assert after["Power Dragonhunter"].build.origin == "builds/guardian/dragonhunter-power/index.mdx"
    assert after["Quick Firebrand"].id == before["guardian/firebrand/quicknessfirebrand"]
    assert "Power Soulbeast" not in after
    # A removed guide that comes back is new again, on its old row.
    github.set(
        "builds/ranger/power-soulbeast/index.md", FakeGitHub().files["builds/ranger/power-soulbeast/index.md"]
    )
    mark = await store.last_change_id()
    await store.poll(source)
    back = await store.changes_after(mark, ["discretize"])
    assert [(c.kind, c.build_id) for c in back] == [("new", before["ranger/soulbeast/powersoulbeast"])]


async def test_a_failing_source_keeps_its_last_good_builds_and_says_why(
    database: Database, source: DiscretizeSource, github: FakeGitHub
) -> None:
    clock = Clock()
    store = MetaStore(database, clock=clock)
    await store.poll(source)
    github.failing = 503
    report = await store.poll(source)
    assert report.outcome == "failed" and "answered 503" in (report.error or "")
    (status,) = await store.statuses(["discretize"])
    assert status.status == "down" and status.builds == 3 and "503" in (status.problem or "")
    assert len(await store.builds(["discretize"])) == 3

    github.failing = None
    reset = clock.now + timedelta(minutes=40)
    github.rate_limited_until = int(reset.timestamp())
    limited = await store.poll(source)
    assert limited.outcome == "failed"
    (status,) = await store.statuses(["discretize"])
    assert status.status == "rate_limited" and status.retry_after == reset
    github.clear()
    clock.now += timedelta(minutes=10)
    waiting = await store.poll(source)
    assert waiting.outcome == "not due" and github.requests == []  # no request before the reset
    github.rate_limited_until = None
    clock.now = reset + timedelta(seconds=1)
    assert (await store.poll(source)).outcome == "unchanged"
    (status,) = await store.statuses(["discretize"])
    assert status.status == "ok" and status.retry_after is None
    assert [p.origin for p in status.problems] == ["builds/mesmer/broken-chronomancer/index.mdx"]


async def test_one_poll_per_interval_across_processes(
    database: Database, source: DiscretizeSource, github: FakeGitHub
) -> None:
    clock = Clock()
    one, two = MetaStore(database, clock=clock), MetaStore(database, clock=clock)
    hour = timedelta(hours=1)
    assert (await one.poll(source, min_interval=hour)).outcome == "changed"
    github.clear()
    assert (await two.poll(source, min_interval=hour)).outcome == "not due"
    assert github.requests == []
    clock.now += hour
    assert (await two.poll(source, min_interval=hour)).outcome == "unchanged"


async def test_guild_shared_builds_are_a_source_with_history(database: Database) -> None:
    builds = BuildStore(database)
    shared = await builds.save(
        GAMEDATA,
        guild_id=7,
        author_id=1,
        name="Our qFB",
        code=FIREBRAND,
        role=Role.QUICKNESS_HEAL,
        visibility=Visibility.GUILD,
        gear=BuildGear(
            slots=dict.fromkeys(
                SLOTS,
                "Harrier",
            ),
            runes="Monk",
        ),
    )
    await builds.save(GAMEDATA, guild_id=7, author_id=1, name="Private", code=FIREBRAND, role=Role.DPS)
    store = MetaStore(database)
    source = GuildBuildsSource(database, 7)
    first = await store.poll(source)
    assert [c.title for c in first.changes] == ["Our qFB"]
    (stored,) = await store.builds(["guild:7"])
    assert stored.build.role is Role.QUICKNESS_HEAL and Boon.QUICKNESS in stored.build.boons
    assert stored.build.variants[0].slots["Helm"] == "Harrier"
    assert (await store.poll(source)).outcome == "unchanged"
    await builds.edit(GAMEDATA, f"#{shared.id}", guild_id=7, editor_id=1, role=Role.ALACRITY_HEAL)
    report = await store.poll(source)
    (change,) = report.changes
    assert change.fields[0].text() == "role: Quickness heal → Alacrity heal"


class _BrokenSource:
    name = "broken"
    label = "Broken"

    async def fetch(self, known: SourceSnapshot) -> Fetched:
        raise KeyError("tree")


async def test_a_source_failing_unexpectedly_is_recorded_and_logged(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    store = MetaStore(database)
    report = await store.poll(_BrokenSource())
    assert report.outcome == "failed" and report.error == "failed unexpectedly (KeyError); see the log"
    (status,) = await store.statuses(["broken"])
    assert status.status == "error"
    assert "Meta source broken failed unexpectedly" in caplog.text
