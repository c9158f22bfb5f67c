"""Squad templates and /squad check suggest meta builds for empty seats."""

from __future__ import annotations

import httpx

from storage.meta import DiscretizeSource, GuideRepository
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_github import FakeGitHub
from tests.harness.squads import create, leader


async def _poll(harness: BotHarness) -> None:
    async with httpx.AsyncClient(transport=FakeGitHub().transport()) as http:
        source = DiscretizeSource(
            http, GuideRepository(api_url="https://api.test", raw_url="https://raw.test")
        )
        await harness.bot.services.meta.store.poll(source)


async def test_check_and_template_suggest_meta_builds_for_empty_seats(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, name="Frac", mode="fractal")
    before = (await harness.slash("squad check", {"squad": "Frac"}, user=lead)).message.embed_text()
    assert "Meta builds" not in before  # nothing polled yet: no suggestion to make
    await _poll(harness)
    check = (await harness.slash("squad check", {"squad": "Frac"}, user=lead)).message.embed_text()
    assert "Meta builds for its empty seats:" in check
    assert "• qDPS: Quickness Firebrand (Discretize)" in check
    # The Soulbeast guide lists might and fury, which the subgroup lacks: it comes first.
    assert "• DPS: Power Soulbeast (Discretize), Power Dragonhunter (Discretize)" in check
    laid_out = (
        await harness.slash(
            "squad template", {"squad": "Frac", "template": "fractal-quickness-heal"}, user=lead
        )
    ).message
    assert (
        "Meta builds for the open seats: DPS: Power Dragonhunter (Discretize), Power Soulbeast (Discretize)"
        in laid_out.content
    )
