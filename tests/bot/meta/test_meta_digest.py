"""The meta digest's "Changed since the last digest": one entry per changed build with its diff and our
check, only sources that changed, nothing after an unchanged poll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from bot.announcements import (
    AnnouncementConfig,
    AnnouncementRuntime,
    BotPoster,
    DeliveryPolicy,
    DigestData,
    Outcome,
    render_meta_digest,
    run_digest,
)
from bot.meta.digest import ChangeEntry, SourceChanges
from bot.scheduler import BotScheduler
from optimizer.meta import FieldChange
from storage.leader_lock import SingleProcessLock
from storage.meta import DiscretizeSource, GuideRepository, PollReport
from tests.harness.announcements import at, new_subscription, posts, subscribe
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_github import FakeGitHub
from tests.harness.fake_gw2api import FakeClock

DH = "builds/guardian/power-dragonhunter/index.mdx"
MONDAY = datetime(2030, 1, 7, 6, 0, tzinfo=UTC)
META_TITLE = "🧭 Meta builds: changed since the last digest"


def meta_runtime(harness: BotHarness, clock: FakeClock) -> AnnouncementRuntime:
    services = harness.bot.services
    scheduler = BotScheduler()
    scheduler.start_paused()
    return AnnouncementRuntime.create(
        database=services.database,
        game_data=services.game_data,
        optimizer=services.optimizer,
        poster=BotPoster(harness.bot),
        scheduler=scheduler,
        config=AnnouncementConfig(
            policy=DeliveryPolicy(grace=timedelta(minutes=10)), leader_check_seconds=15, digest_templates=()
        ),
        clock=clock,
        lock=SingleProcessLock(),
        meta=services.meta,
    )


async def poll(harness: BotHarness, github: FakeGitHub) -> PollReport:
    async with httpx.AsyncClient(transport=github.transport()) as http:
        source = DiscretizeSource(
            http, GuideRepository(api_url="https://api.test", raw_url="https://raw.test")
        )
        return await harness.bot.services.meta.store.poll(source)


def meta_embed(harness: BotHarness, channel: int) -> dict[str, object] | None:
    last = posts(harness, channel)[-1]
    return next((e for e in last.embeds if e.get("title") == META_TITLE), None)


async def test_a_changed_guide_is_one_entry_and_unchanged_polls_add_nothing(harness: BotHarness) -> None:
    clock = FakeClock(MONDAY)
    runtime = meta_runtime(harness, clock)
    channel = harness.channel.id
    github = FakeGitHub()
    assert (await poll(harness, github)).counts()["new"] == 3
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel, timezone="UTC"))

    at(clock, datetime(2030, 1, 7, 9, 0, 2, tzinfo=UTC))
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    assert meta_embed(harness, channel) is None  # the first digest starts the history

    text = github.files[DH].replace('"coatAffix":"Dragon"', '"coatAffix":"Assassin"')
    github.set(DH, text)
    assert (await poll(harness, github)).counts() == {"new": 0, "changed": 1, "removed": 0}
    assert (await poll(harness, github)).outcome == "unchanged"

    at(clock, datetime(2030, 1, 8, 9, 0, 2, tzinfo=UTC))
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    embed = meta_embed(harness, channel)
    assert embed is not None
    fields = embed["fields"]
    assert isinstance(fields, list) and len(fields) == 1
    assert fields[0]["name"] == "Discretize — 1 changed"
    lines = str(fields[0]["value"]).splitlines()
    guide = "https://discretize.eu/builds/guardian/power-dragonhunter"
    assert lines[0] == f"✏️ [Power Dragonhunter]({guide}) (Dragonhunter) changed"
    assert lines[1] == "  • gear Coat (Radiance Dragonhunter): Dragon → Assassin"
    assert lines[2].startswith("  Our check (Radiance Dragonhunter): ")
    assert lines[3].startswith("  Our check (Virtues Dragonhunter): ")
    assert len(lines) == 4

    # Nothing new at the source: the next digest has no meta section at all.
    assert (await poll(harness, github)).outcome == "unchanged"
    at(clock, datetime(2030, 1, 9, 9, 0, 2, tzinfo=UTC))
    assert await run_digest(runtime, subscription.id) is Outcome.SENT
    assert meta_embed(harness, channel) is None
    assert len(posts(harness, channel)) == 3


async def test_only_sources_with_changes_are_listed(harness: BotHarness) -> None:
    clock = FakeClock(MONDAY)
    runtime = meta_runtime(harness, clock)
    channel = harness.channel.id
    await poll(harness, FakeGitHub())
    subscription = await subscribe(runtime, new_subscription(harness.guild.id, channel, timezone="UTC"))
    at(clock, datetime(2030, 1, 7, 9, 0, 2, tzinfo=UTC))
    await run_digest(runtime, subscription.id)
    await harness.slash(
        "build save",
        {
            "code": "[&DQEQOyo6GzkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==]",
            "name": "Our DH",
            "role": "dps",
            "visibility": "guild",
        },
    )
    meta = harness.bot.services.meta
    for source in await meta.sources():
        await meta.store.poll(source)
    at(clock, datetime(2030, 1, 8, 9, 0, 2, tzinfo=UTC))
    await run_digest(runtime, subscription.id)
    embed = meta_embed(harness, channel)
    assert embed is not None
    fields = embed["fields"]
    assert isinstance(fields, list)
    assert [f["name"] for f in fields] == ["Guild builds — 1 new"]
    assert str(fields[0]["value"]).startswith("🆕 **Our DH** (Dragonhunter) new")


def test_many_changes_fit_in_one_post() -> None:
    fields = tuple(
        FieldChange(field=f"gear Helm ({n})", before="Berserker" * 3, after="Assassin" * 3) for n in range(6)
    )
    entries = tuple(
        ChangeEntry(n, "changed", f"Build number {n} with a long title", "Dragonhunter", fields)
        for n in range(60)
    )
    sources = [
        SourceChanges("discretize", "Discretize", entries),
        SourceChanges("guild:1", "Guild builds", entries),
    ]
    data = DigestData(
        (), (), 1, (), previous_state={"meta_change_id": 0}, previous_at=None, meta=sources, meta_change_id=9
    )
    post = render_meta_digest(
        data,
        role_id=None,
        now=MONDAY,
    )
    assert sum(len(embed) for embed in post.embeds) <= 6000
    assert post.embeds[-1].title == META_TITLE and len(post.embeds[-1].fields) == 2
    assert post.state is not None and post.state["meta_change_id"] == 9
