"""/optimize and /stats for a member's own build: a pasted chat code or a saved build, with what was assumed
shown, and a conditional effect changed from the result to search again."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from optimizer.builds import ModifierEntry, find_template
from optimizer.gamedata import GameData
from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import DRAGONHUNTER

QUICK = {"affixes": "Berserker, Assassin", "infusions": "none"}
ZEAL_MINOR = GameData.bundled().specializations.get(42).minor_traits[0]  # type: ignore[union-attr]


def _fields(embed: dict[str, object]) -> dict[str, str]:
    return {str(f["name"]): str(f["value"]) for f in embed["fields"]}  # type: ignore[attr-defined]


@pytest.fixture
def conditional_guardian_effect(monkeypatch: pytest.MonkeyPatch) -> ModifierEntry:
    """Test data: one conditional strike bonus on a Zeal minor trait, whatever the bundled data holds."""
    entry = ModifierEntry.model_validate(
        {
            "id": ZEAL_MINOR,
            "kind": "trait",
            "name": GameData.bundled().traits.get(ZEAL_MINOR).name,  # type: ignore[union-attr]
            "effects": {"damage": {"Outgoing Strike Damage": [20, "mult"]}},
            "applies": {"type": "uptime", "default": 0.5, "why": "half of a fight"},
            "source": {"wiki": "test"},
        }
    )

    def entries(profession: str) -> Sequence[ModifierEntry]:
        return (entry,) if profession == "Guardian" else ()

    monkeypatch.setattr("optimizer.builds.assumptions.entries_for", entries)
    return entry


async def test_a_pasted_code_is_optimized_with_its_own_lines_and_says_what_it_assumed(
    harness: BotHarness,
) -> None:
    result = await harness.slash("optimize", {"build": DRAGONHUNTER, **QUICK})
    reply = result.message
    embed = reply.embeds[0]
    assert embed["title"] == "Dragonhunter (damage)"
    assumed = _fields(embed)["Assumed"]
    assert "**Buffs**: Might, Fury, Protection, Vulnerability, Jade Bot, Reinforced Armor" in assumed
    assert "distribution" in assumed  # where the skill coefficients came from


async def test_a_saved_build_is_found_by_name(harness: BotHarness) -> None:
    saved = await harness.slash("build save", {"code": DRAGONHUNTER, "name": "My DH", "role": "dps"})
    assert saved.message.content.startswith("Saved")
    choices = (await harness.autocomplete("optimize", "build", {"build": "My"})).choices
    assert choices and choices[0]["name"].startswith("My DH")
    reply = (await harness.slash("optimize", {"build": choices[0]["value"], **QUICK})).message
    assert reply.embeds[0]["title"] == "Dragonhunter (damage)"
    unknown = (await harness.slash("optimize", {"build": "No Such Build", **QUICK})).message
    assert unknown.ephemeral and "No Such Build" in unknown.content


async def test_a_conditional_effect_can_be_dropped_from_the_result(
    harness: BotHarness, conditional_guardian_effect: ModifierEntry
) -> None:
    reply = (await harness.slash("optimize", {"build": DRAGONHUNTER, **QUICK})).message
    before = reply.embeds[0]
    name = conditional_guardian_effect.name
    assert f"{name}: 50 % uptime" in _fields(before)["Assumed"]
    select = reply.select(0)
    assert [option["value"] for option in select["options"]] == [name]
    opened = await harness.click(reply, select["custom_id"], values=[name])
    assert opened.modal is not None
    assert opened.modal["components"][0]["components"][0]["value"] == "50%"
    await harness.submit_modal(opened.modal["custom_id"], {"value": "off"}, message=reply)
    after = harness.api.messages[reply.id].embeds[0]
    assert f"{name}: off" in _fields(after)["Assumed"]

    def score(embed: dict[str, object]) -> float:
        text = str(embed["description"]).split("score **")[1].split("**")[0]
        return float(text.replace(",", ""))

    assert score(after) < score(before)  # the 20 % strike bonus at half uptime is gone


async def test_an_impossible_value_is_explained(
    harness: BotHarness, conditional_guardian_effect: ModifierEntry
) -> None:
    reply = (await harness.slash("optimize", {"build": DRAGONHUNTER, **QUICK})).message
    name = conditional_guardian_effect.name
    opened = await harness.click(reply, reply.select(0)["custom_id"], values=[name])
    assert opened.modal is not None
    answer = await harness.submit_modal(opened.modal["custom_id"], {"value": "250%"}, message=reply)
    assert answer.message.ephemeral and "fraction from 0 to 1" in answer.message.content


async def test_stats_for_a_build_code(harness: BotHarness) -> None:
    reply = (await harness.slash("stats", {"gear": "Berserker", "build": DRAGONHUNTER})).message
    embed = reply.embeds[0]
    assert embed["title"] == "Dragonhunter: your gear"
    assert "**Buffs**" in _fields(embed)["Assumed"]


async def test_a_code_that_is_not_a_build_says_so(harness: BotHarness) -> None:
    reply = (await harness.slash("optimize", {"build": "[&AgH1WQAA]", **QUICK})).message
    assert reply.ephemeral and "cannot be read" in reply.content


async def test_firebrand_dragonhunter_and_willbender_get_their_own_answers(harness: BotHarness) -> None:
    answers = {}
    for spec in ("Firebrand", "Dragonhunter", "Willbender"):
        reply = (await harness.slash("optimize", {"profession": "Guardian", "specialization": spec})).message
        embed = reply.embeds[0]
        answers[spec] = (embed["title"], embed["description"], _fields(embed)["Assumed"])
    titles = {title for title, _, _ in answers.values()}
    assert len(titles) == 3  # each specialization's own template, traits and distribution
    assert len({assumed for _, _, assumed in answers.values()}) == 3
    for spec, (title, _, _) in answers.items():
        template = find_template(title.rsplit(" (", 1)[0])
        assert template.specialization == spec
