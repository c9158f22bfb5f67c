"""/optimize and /stats through the real command tree, with searches in real worker processes."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest

from cogs.optimize import views as optimize_views
from optimizer.builds import OptimizeRequest, prepare
from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import SOULBEAST
from tests.harness.databases import DatabaseTarget
from tests.harness.settings import settings_for

QUICK = {"profession": "Guardian", "affixes": "Berserker, Assassin", "infusions": "none"}


@pytest.fixture
async def slow_harness(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotHarness]:
    """One worker, nobody may wait, and searches are stopped after 0.05 s."""
    settings = settings_for(db_target, worker_processes=1, cpu_queue_limit=0, optimize_time_limit=0.05)
    harness = await BotHarness.start(settings, monkeypatch)
    try:
        yield harness
    finally:
        await harness.close()


async def test_template_search_defers_then_answers_with_the_best_gear(harness: BotHarness) -> None:
    result = await harness.slash("optimize", {"template": "Power Soulbeast"})
    assert result.response_type == 5  # deferred: the search may take longer than Discord waits
    reply = result.message
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Power Soulbeast (damage)"
    description = embed["description"]
    assert description.startswith("Result **1** of 10 · ranked by **damage** · score **")
    gain = re.search(r"([+±-])(\d+\.\d\d)% over full Berserker", description)
    assert gain and gain.group(1) in "+±"  # the optimum is never worse than the stated baseline
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert {"Armor", "Trinkets", "Weapons", "Infusions", "Attributes", "Indicators"} <= set(fields)
    assert "Critical Chance **" in fields["Attributes"]
    assert "combinations searched exactly" in embed["footer"]["text"]
    assert reply.button("Previous")["disabled"] is True
    assert reply.button("Compare with #1")["disabled"] is True
    assert reply.button("Next").get("disabled") in (None, False)


async def test_identical_requests_are_answered_from_the_cache_without_deferring(harness: BotHarness) -> None:
    first = await harness.slash("optimize", QUICK)
    again = await harness.slash("optimize", QUICK)
    assert first.response_type == 5
    assert again.response_type == 4
    assert again.message.embeds[0]["description"] == first.message.embeds[0]["description"]


async def test_paging_and_compare_are_for_the_requester_only(harness: BotHarness) -> None:
    reply = (await harness.slash("optimize", QUICK)).message
    stranger = harness.new_member("carol")
    refused = await harness.click(reply, label="Next", user=stranger)
    assert "belong to someone else" in refused.message.content
    assert "Result **1** of" in reply.embeds[0]["description"]

    await harness.click(reply, label="Next")
    assert "Result **2** of" in reply.embeds[0]["description"]
    assert "versus result 1" in reply.embeds[0]["description"]
    await harness.click(reply, label="Compare with #1")
    assert reply.embeds[0]["title"] == "Guardian (damage): result 2 vs result 1"
    assert any(f["name"] == "Gear changes" for f in reply.embeds[0]["fields"])
    assert reply.button("Show result")
    await harness.click(reply, label="Show result")
    assert "Result **2** of" in reply.embeds[0]["description"]
    await harness.click(reply, label="Previous")
    assert "Result **1** of" in reply.embeds[0]["description"]


async def test_profession_specialization_goal_and_infusions(harness: BotHarness) -> None:
    options = {
        "profession": "Guardian",
        "specialization": "Firebrand",
        "goal": "healing",
        "infusions": "healing power+concentration",
    }
    reply = (await harness.slash("optimize", options)).message
    embed = reply.embeds[0]
    # A specialization and a goal pick that specialization's template for the goal.
    assert embed["title"] == "Heal Quickness FB (healing)"
    assert "over full Harrier" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert set(re.findall(r"\d+ ([A-Za-z ]+)", fields["Infusions"])) <= {"Healing Power", "Concentration"}


async def test_public_answers_are_visible_to_everyone(harness: BotHarness) -> None:
    reply = (await harness.slash("optimize", {**QUICK, "public": True})).message
    assert not reply.ephemeral


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"profession": "Guardian", "specialization": "Soulbeast"},
            "Soulbeast is a Ranger specialization, not a Guardian one",
        ),
        ({"template": "Power Soulbast"}, "did you mean 'Power Soulbeast'?"),
        ({"profession": "Ranger", "affixes": "Berserker, Foo"}, "unknown affix 'Foo'"),
        ({"profession": "Ranger", "infusions": "power+luck"}, "unknown infusion type 'luck'"),
        ({}, "choose a build code, a template, or a profession"),
        ({"template": "Power Soulbeast", "profession": "Guardian"}, "is a Ranger build, not Guardian"),
        (
            {**QUICK, "min_toughness": 3000, "max_toughness": 2000},
            "min toughness 3000 is above max toughness 2000",
        ),
        (
            {**QUICK, "min_boon_duration": 100},
            "min boon duration 100% is unreachable with these affixes: at most",
        ),
    ],
)
async def test_bad_requests_say_what_is_valid(
    harness: BotHarness, options: dict[str, object], expected: str
) -> None:
    reply = (await harness.slash("optimize", options)).message
    assert reply.ephemeral
    assert expected in reply.content
    assert "Something went wrong" not in reply.content


async def test_option_bounds_are_declared_and_checked_again(harness: BotHarness) -> None:
    command = harness.bot.tree.get_command("optimize")
    assert command is not None
    schema = {option["name"]: option for option in command.to_dict(harness.bot.tree)["options"]}
    assert (schema["min_boon_duration"]["min_value"], schema["min_boon_duration"]["max_value"]) == (0, 100)
    assert schema["max_toughness"]["min_value"] == 1000
    assert [c["value"] for c in schema["goal"]["choices"]] == ["damage", "survivability", "healing"]
    # A client that ignores the schema still gets a clear answer.
    reply = (await harness.slash("optimize", {**QUICK, "min_boon_duration": 250})).message
    assert reply.content == "min_boon_duration must be between 0 and 100 (got 250)."


async def test_autocomplete_for_templates_specializations_affixes_and_infusions(harness: BotHarness) -> None:
    templates = await harness.autocomplete("optimize", "template", {"template": "cond"})
    assert {c["value"] for c in templates.choices} >= {"Condi Scourge", "Condi Virtuoso Dueling"}
    specs = await harness.autocomplete(
        "optimize", "specialization", {"profession": "Guardian", "specialization": ""}
    )
    values = [c["value"] for c in specs.choices]
    assert values[0] == "Guardian" and "Firebrand" in values and "Soulbeast" not in values
    affixes = await harness.autocomplete("optimize", "affixes", {"affixes": "Berserker, Ass"})
    assert [c["value"] for c in affixes.choices] == ["Berserker, Assassin"]
    presets = await harness.autocomplete("optimize", "affixes", {"affixes": "heal"})
    assert "heal" in [c["value"] for c in presets.choices]
    infusions = await harness.autocomplete("optimize", "infusions", {"infusions": "power"})
    assert "power+precision" in [c["value"] for c in infusions.choices]


async def test_one_search_per_member_at_a_time(harness: BotHarness) -> None:
    alice = harness.member
    first, second = await asyncio.gather(
        harness.slash("optimize", {"template": "Power Soulbeast"}, user=alice),
        harness.slash("optimize", {"template": "Condi Scourge"}, user=alice),
    )
    contents = [first.message.content, second.message.content]
    assert "I'm still working on your last optimization; you'll get it in a moment." in contents
    answered = first if first.message.embeds else second
    assert answered.message.embeds


async def test_a_search_past_the_time_limit_is_stopped(slow_harness: BotHarness) -> None:
    reply = (await slow_harness.slash("optimize", {"template": "Power Soulbeast"})).message
    assert reply.ephemeral
    assert reply.content.startswith("The search took longer than 0.05 s and was stopped.")


async def test_a_full_queue_says_busy(slow_harness: BotHarness) -> None:
    bob = slow_harness.guild.members[2]
    long_search = asyncio.create_task(slow_harness.slash("optimize", {"template": "Power Soulbeast"}))
    for _ in range(500):
        if slow_harness.bot.services.pool.running:
            break
        await asyncio.sleep(0.01)
    busy = (await slow_harness.slash("optimize", QUICK, user=bob)).message
    assert (
        busy.content == "The optimizer is busy with other members' searches right now; try again in a moment."
    )
    await long_search


async def test_save_a_result_as_a_build(harness: BotHarness) -> None:
    reply = (await harness.slash("optimize", {"template": "Power Soulbeast"})).message
    opened = await harness.click(reply, label="Save as build")
    assert opened.modal is not None and opened.modal["title"] == "Save as build"
    saved = (
        await harness.submit_modal(
            opened.modal["custom_id"], {"name": "Optimized SLB", "code": SOULBEAST, "role": "dps"}
        )
    ).message
    assert saved.content.startswith("Saved **Optimized SLB** with this gear")
    shown = (await harness.slash("build show", {"build": "Optimized SLB"})).message
    gear = next(f["value"] for f in shown.embeds[0]["fields"] if f["name"] == "Gear")
    assert "**Armor**" in gear and "**Runes**" in gear and "**Infusions**" in gear
    reopened = await harness.click(reply, label="Save as build")
    assert reopened.modal is not None
    bad = (
        await harness.submit_modal(reopened.modal["custom_id"], {"name": "x", "code": "nope", "role": "dps"})
    ).message
    assert bad.ephemeral and bad.content.startswith("no chat link found")


async def test_result_buttons_go_inert_after_the_timeout(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(optimize_views, "VIEW_TIMEOUT", 0.2)
    reply = (await harness.slash("optimize", QUICK)).message
    for _ in range(100):
        if all(button.get("disabled") for button in reply.buttons()):
            break
        await asyncio.sleep(0.05)
    assert all(button.get("disabled") for button in reply.buttons())


async def test_stats_shows_what_given_gear_does(harness: BotHarness) -> None:
    reply = (await harness.slash("stats", {"gear": "Berserker", "template": "Power Soulbeast"})).message
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Power Soulbeast: your gear"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Armor"] == "Berserker" and fields["Trinkets"] == "Berserker"
    mixed = (
        await harness.slash(
            "stats", {"gear": "armor=Berserker, trinkets=Assassin, weapons=Dragon", "profession": "Warrior"}
        )
    ).message
    fields = {f["name"]: f["value"] for f in mixed.embeds[0]["fields"]}
    assert (fields["Armor"], fields["Trinkets"], fields["Weapons"]) == ("Berserker", "Assassin", "Dragon")
    bad = (await harness.slash("stats", {"gear": "armor=Berserker", "profession": "Warrior"})).message
    assert bad.content.startswith("gear: no prefix for Amulet")


async def test_help_lists_optimize_and_stats(harness: BotHarness) -> None:
    for name in ("optimize", "stats"):
        reply = (await harness.slash("help", {"command": name})).message
        assert f"/{name}" in reply.embed_text()


async def test_a_cached_search_with_an_uncached_baseline_still_defers(harness: BotHarness) -> None:
    """The baseline search runs after the main one; deciding on the main one alone could miss Discord's
    3 s deadline whenever the baseline has to be computed."""
    services = harness.bot.services
    gamedata = services.current_gamedata()
    request = OptimizeRequest(profession="Guardian", affixes="Berserker, Assassin", infusions="none")
    prepared = prepare(request, gamedata)
    await services.optimizer.search(prepared.scenario, gamedata)
    assert not services.optimizer.is_cached(prepared.baseline, gamedata)
    first = await harness.slash("optimize", QUICK)
    assert first.deferred
    assert services.optimizer.is_cached(prepared.baseline, gamedata)
    again = await harness.slash("optimize", QUICK)
    assert not again.deferred and again.response_type == 4
