"""/account import and /optimize character through the real command tree, against the fake GW2 API."""

from __future__ import annotations

import re

import pytest

from optimizer.chatlink import (
    BuildTemplate,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    decode_build,
)
from optimizer.squads import Role
from storage.builds import Build, BuildGear, Visibility
from tests.harness.account_plugin import AccountHarness
from tests.harness.fake_account_api import GOOD_KEY

RAID_GEAR = BuildGear(
    slots={
        **dict.fromkeys(("Shoulders", "Coat", "Gloves", "Leggings", "Boots"), "Berserker"),
        "Amulet": "Assassin",
        **dict.fromkeys(("Ring1", "Ring2", "Accessory1", "Accessory2", "Back", "Weapon1"), "Berserker"),
    },
    runes="Scholar",
    sigils=("Force", "Impact", "Force", "Accuracy"),
    relic="Thief",
    infusions={"Power": 13, "Precision": 4},
)
# Kell's equipment tab, slot by slot (fixtures/characters.json).
KELL_GEAR = {
    **dict.fromkeys(("Helm", "Shoulders", "Coat", "Gloves", "Leggings", "Boots"), "Diviner"),
    "Amulet": "Assassin",
    **dict.fromkeys(("Ring1", "Ring2", "Accessory1", "Accessory2", "Back"), "Diviner"),
    "Weapon1": "Berserker",
    "Weapon2": "Assassin",
}


@pytest.fixture
async def linked(accounts: AccountHarness) -> AccountHarness:
    reply = (await accounts.link(GOOD_KEY)).message
    assert reply.content.startswith("Linked")
    return accounts


async def saved(accounts: AccountHarness, name: str) -> Build:
    harness = accounts.harness
    return await harness.bot.services.builds.resolve(
        name, guild_id=harness.guild.id, viewer_id=accounts.alice.id
    )


async def test_import_the_active_ranger_tabs_as_a_private_build(linked: AccountHarness) -> None:
    result = await linked.harness.slash("account import", {"character": "Lyra Thornwood"})
    assert result.deferred
    reply = result.message
    assert reply.ephemeral
    assert reply.content == (
        "Imported **Power Soulbeast** from Lyra Thornwood (build tab 1, equipment tab 1 “Raid”)."
    )
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert fields["Not imported"] == (
        "• Helm: Perfected Envoy Helm: the GW2 API does not report its chosen stats"
    )
    assert "Scholar" in fields["Gear"]

    build = await saved(linked, "Power Soulbeast")
    assert decode_build(build.chat_code) == BuildTemplate(
        profession=4,
        specializations=(TraitLine(30, (2, 1, 2)), TraitLine(32, (1, 2, 3)), TraitLine(55, (2, 3, 3))),
        terrestrial=SkillBar(4600, (4602, 4603, 4604), 4606),
        aquatic=SkillBar(4601, (4602, 4605, 4603), 4607),
        pets=RangerPets((19, 59), (21, 41)),
    )
    assert (build.profession, build.specialization, build.role) == ("Ranger", "Soulbeast", Role.DPS)
    assert build.visibility is Visibility.PRIVATE
    assert build.gear == RAID_GEAR
    assert build.notes == "Imported from Lyra Thornwood (build tab 1, equipment tab 1 “Raid”)."

    hidden = await linked.harness.slash("build show", {"build": "Power Soulbeast"}, user=linked.bob)
    assert "No build named “Power Soulbeast” that you can see" in hidden.message.content


async def test_import_a_revenant_with_legends_shared_with_the_guild(linked: AccountHarness) -> None:
    options = {
        "character": "kell stormborn",  # any case: the member's own character names are looked up
        "name": "Kell's herald",
        "role": "quickness_dps",
        "visibility": "guild",
    }
    reply = (await linked.harness.slash("account import", options)).message
    assert reply.content.startswith(
        "Imported **Kell's herald** from Kell Stormborn (build tab 1, equipment tab 1"
    )
    notes = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}["Not imported"]
    assert "Mixed runes (5 Herald, 1 Scholar)" in notes
    build = await saved(linked, "Kell's herald")
    template = decode_build(build.chat_code)
    assert template.legends == RevenantLegends((14, 13), (16, 14), (4706, 4707, 4708), (4701, 4702, 4703))
    assert template.terrestrial == SkillBar(4700, (4701, 4702, 4703), 4704)
    assert (build.specialization, build.role, build.visibility) == (
        "Herald",
        Role.QUICKNESS_DPS,
        Visibility.GUILD,
    )
    assert build.gear is not None
    assert build.gear.slots == KELL_GEAR
    assert build.gear.runes == "Herald"
    # Shared with the guild: Bob sees it.
    seen = await linked.harness.slash("build show", {"build": "Kell's herald"}, user=linked.bob)
    assert seen.message.embeds[0]["title"] == "Kell's herald"


async def test_import_other_tabs_with_armory_stats_and_a_skill_without_palette(
    linked: AccountHarness,
) -> None:
    options = {"character": "Lyra Thornwood", "build_tab": 2, "equipment_tab": 2}
    reply = (await linked.harness.slash("account import", options)).message
    assert reply.content == (
        "Imported **Lyra Thornwood Ranger** from Lyra Thornwood (build tab 2, equipment tab 2 “Open world”)."
    )
    notes = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}["Not imported"]
    assert (
        notes
        == "• The elite skill Signet of the Wild (12491) has no palette id in the game data; left empty."
    )
    build = await saved(linked, "Lyra Thornwood Ranger")
    assert build.gear is not None
    assert build.gear.slots["Helm"] == "Assassin"  # from the character's equipment: the tab lists no stats
    assert len(build.gear.slots) == 13  # a greatsword: no second weapon slot
    assert (build.gear.relic, build.gear.infusions) == ("Fireworks", {})
    paths = [r.url.path for r in linked.api.requests]
    assert "/v2/characters/Lyra Thornwood/equipment" in paths


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"character": "Nobody"},
            "Your account has no character named “Nobody”. "
            "Your characters: Lyra Thornwood, Kell Stormborn, Bank Alt.",
        ),
        ({"character": "Lyra Thornwood", "build_tab": 5}, "Lyra Thornwood has no build tab 5"),
        ({"character": "Kell Stormborn", "equipment_tab": 2}, "Kell Stormborn has no equipment tab 2"),
    ],
)
async def test_import_mistakes_say_what_is_valid(
    linked: AccountHarness, options: dict[str, object], message: str
) -> None:
    reply = (await linked.harness.slash("account import", options)).message
    assert reply.ephemeral
    assert reply.content.startswith(message)


async def test_import_twice_under_one_name_is_refused(linked: AccountHarness) -> None:
    await linked.harness.slash("account import", {"character": "Lyra Thornwood"})
    again = (await linked.harness.slash("account import", {"character": "Lyra Thornwood"})).message
    assert again.content.startswith("You already have a build named “Power Soulbeast”")


async def test_an_outage_while_importing_says_so(linked: AccountHarness) -> None:
    linked.api.fail("/v2/items", 503, {"text": "API not active"}, times=10)
    reply = (await linked.harness.slash("account import", {"character": "Kell Stormborn"})).message
    assert reply.content == "The GW2 API is unavailable right now; try again in a few minutes."


async def test_optimize_a_characters_gear_shows_what_to_change_and_the_gain(linked: AccountHarness) -> None:
    options = {"character": "Kell Stormborn", "affixes": "Berserker, Assassin, Diviner", "infusions": "none"}
    result = await linked.harness.slash("optimize", options)
    assert result.deferred
    reply = result.message
    embed = reply.embeds[0]
    assert embed["title"] == "Kell Stormborn: Herald (damage)"
    gain = re.search(r"([+-]\d+\.\d\d)% over your current gear \(([\d,.]+)\)", embed["description"])
    assert gain is not None
    assert float(gain.group(1)) > 0  # full Diviner's is not the damage optimum
    first = embed["fields"][0]
    assert first["name"] == "Change from your gear"
    changes = re.findall(r"^(\w+): (\w+) → \*\*(\w+)\*\*$", first["value"], re.MULTILINE)
    assert changes
    for slot, before, after in changes:
        assert before == KELL_GEAR[slot]
        assert after in ("Berserker", "Assassin", "Diviner") and after != before

    await linked.harness.click(reply, label="Next")
    second = reply.embeds[0]
    assert "Result **2** of" in second["description"]
    assert second["fields"][0]["name"] == "Change from your gear"
    await linked.harness.click(reply, label="Compare with #1")
    assert all(f["name"] != "Change from your gear" for f in reply.embeds[0]["fields"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"character": "Lyra Thornwood"},
            "the character's gear is not fully known, so it cannot be compared "
            "(Helm: Perfected Envoy Helm: the GW2 API does not report its chosen stats)",
        ),
        (
            {"character": "Kell Stormborn", "profession": "Revenant"},
            "The character sets the build",
        ),
        (
            {"character": "Kell Stormborn", "weapon": "two-handed"},
            "Kell Stormborn wields two one-handed weapons; leave the weapon option out",
        ),
    ],
)
async def test_optimize_character_mistakes(
    linked: AccountHarness, options: dict[str, object], message: str
) -> None:
    reply = (await linked.harness.slash("optimize", options)).message
    assert reply.ephemeral
    assert reply.content.startswith(message)


async def test_optimize_character_needs_a_linked_account(accounts: AccountHarness) -> None:
    reply = (await accounts.harness.slash("optimize", {"character": "Lyra Thornwood"})).message
    assert reply.content.startswith("You have not linked a GW2 account.")
