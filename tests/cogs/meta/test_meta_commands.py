"""/meta list, show and status, and the buttons of /meta show, through the real command tree."""

from __future__ import annotations

import re

import httpx

from storage.meta import DiscretizeSource, GuideRepository, PollReport
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_github import FakeGitHub

DH = "builds/guardian/power-dragonhunter/index.mdx"


async def poll(harness: BotHarness, github: FakeGitHub) -> PollReport:
    """A poll of the fake GitHub into the bot's own database (the scheduled job does the same)."""
    async with httpx.AsyncClient(transport=github.transport()) as http:
        source = DiscretizeSource(
            http,
            GuideRepository(
                api_url="https://api.test", raw_url="https://raw.test", site_url="https://guides.test"
            ),
        )
        return await harness.bot.services.meta.store.poll(source)


async def show_id(harness: BotHarness, title: str) -> str:
    choices = (await harness.autocomplete("meta show", "build", {"build": title})).choices
    return str(next(c["value"] for c in choices if c["name"].startswith(title)))


async def test_list_filters_by_profession_and_role(harness: BotHarness) -> None:
    empty = (await harness.slash("meta list")).message
    assert "No source has been polled yet" in empty.embed_text()
    await poll(harness, FakeGitHub())
    everything = (await harness.slash("meta list")).message
    text = everything.embed_text()
    assert everything.ephemeral and "Meta builds (3)" in text
    assert "[Power Dragonhunter](https://guides.test/builds/guardian/power-dragonhunter)" in text
    assert "Quickness Firebrand" in text and "Power Soulbeast" in text
    guardians = (await harness.slash("meta list", {"profession": "guardian"})).message.embed_text()
    assert "(2)" in guardians and "Soulbeast" not in guardians
    quickness = (await harness.slash("meta list", {"role": "quickness_dps"})).message.embed_text()
    assert "Quickness Firebrand" in quickness and "Dragonhunter" not in quickness


async def test_show_gives_code_gear_our_check_and_buttons(harness: BotHarness) -> None:
    github = FakeGitHub()
    await poll(harness, github)
    reference = await show_id(harness, "Power Dragonhunter")
    result = await harness.slash("meta show", {"build": reference})
    assert result.deferred  # the check runs in the worker pool
    message = result.message
    text = message.embed_text()
    code = github.files[DH].split('code: "', 1)[1].split('"', 1)[0]
    assert f"```\n{code}\n```" in text
    assert "**Dragonhunter** · DPS · Discretize · rated Meta" in text
    assert "Guide: Armor Berserker (Helm, Shoulders, Gloves, Boots); Dragon (Coat, Leggings)" in text
    assert re.search(r"Our check: (agrees|[+]\d+\.\d % with \d+ × \w+ instead of \w+)", text), text
    assert [b["label"] for b in message.buttons()] == ["Optimize this build", "Save to guild builds"]
    # The second time the stored checks answer at once.
    again = await harness.slash("meta show", {"build": "Power Dragonhunter"})
    assert not again.deferred and again.message.embed_text() == text


async def test_save_to_guild_builds_and_optimize_buttons(harness: BotHarness) -> None:
    await poll(harness, FakeGitHub())
    message = (
        await harness.slash("meta show", {"build": await show_id(harness, "Quickness Firebrand")})
    ).message
    saved = (await harness.click(message, label="Save to guild builds")).message
    assert saved.content == "Saved **Quickness Firebrand** to the guild's builds (`/build show` shows it)."
    listed = (await harness.slash("build list", {"scope": "guild"})).message.embed_text()
    assert "Quickness Firebrand" in listed
    shown = (await harness.slash("build show", {"build": "Quickness Firebrand"})).message.embed_text()
    assert (
        "Quickness DPS" in shown and "Ritualist" in shown and "From Discretize: https://guides.test" in shown
    )
    optimized = await harness.click(message, label="Optimize this build")
    result = optimized.message.embed_text()
    assert result.startswith("Quickness Firebrand: Firebrand (damage)") and "score **" in result


async def test_status_reports_skipped_files_and_failures(harness: BotHarness) -> None:
    github = FakeGitHub()
    await poll(harness, github)
    ok = (await harness.slash("meta status")).message.embed_text()
    assert "Discretize (discretize): ok, 3 builds" in ok
    assert "skipped builds/mesmer/broken-chronomancer/index.mdx: the front matter is not valid YAML" in ok
    github.failing = 502
    await poll(harness, github)
    down = (await harness.slash("meta status")).message.embed_text()
    assert "Discretize (discretize): unreachable, 3 builds" in down and "answered 502" in down
    # The last good builds stay listed.
    assert "Meta builds (3)" in (await harness.slash("meta list")).message.embed_text()


async def test_a_guild_sees_its_own_shared_builds_only(harness: BotHarness) -> None:
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
    ours = (await harness.slash("meta list")).message.embed_text()
    assert "**Our DH** — Dragonhunter, DPS · Guild builds" in ours
    other = harness.add_guild("Other")
    theirs = (
        await harness.slash("meta list", channel=other.channels[0], user=other.owner)
    ).message.embed_text()
    assert "Our DH" not in theirs
    reference = await show_id(harness, "Our DH")
    refused = await harness.slash(
        "meta show", {"build": reference}, channel=other.channels[0], user=other.owner
    )
    assert "not followed here" in refused.message.content
