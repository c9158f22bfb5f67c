"""/build commands and the "Decode build link" menu through the real command tree."""

from __future__ import annotations

import re

from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import CHRONOMANCER, DRAGONHUNTER, FIREBRAND, SOULBEAST, WEAVER
from tests.harness.fake_api import SentMessage

ITEM = "[&AgGqtgDgfQ4AAP9fAAAnYAAA]"


async def save(harness: BotHarness, name: str, code: str = FIREBRAND, **options: object) -> SentMessage:
    values: dict[str, object] = {"code": code, "name": name, "role": "quickness_heal", **options}
    return (await harness.slash("build save", values)).message


def build_id(message: SentMessage) -> str:
    match = re.search(r"Build #(\d+)", message.embed_text())
    assert match, message.embed_text()
    return f"#{match.group(1)}"


async def test_save_shows_the_decoded_build(harness: BotHarness) -> None:
    reply = await save(harness, "Heal FB", notes="pug friendly")
    assert reply.ephemeral
    assert reply.content == "Saved **Heal FB**."
    text = reply.embed_text()
    assert "**Firebrand** (Guardian) · Quickness heal" in text
    assert "**Zeal**" in text and "**Virtues**" in text and "**Firebrand**" in text
    assert "Quickness" in text and "Might" in text
    assert "pug friendly" in text
    assert FIREBRAND in text
    assert f"<@{harness.member.id}> · private" in text
    assert "skill names need game data" in text


async def test_duplicate_name_is_refused_clearly(harness: BotHarness) -> None:
    await save(harness, "Heal FB")
    reply = await save(harness, "heal fb")
    assert reply.ephemeral
    assert reply.content == "You already have a build named “heal fb”. Pick another name, or edit that build."


async def test_bad_codes_and_boons_are_explained(harness: BotHarness) -> None:
    item = await save(harness, "Item", ITEM)
    assert item.ephemeral
    assert "item link, not a build template" in item.content
    cut = await save(harness, "Cut", FIREBRAND[:20] + "]")
    assert cut.content.startswith("the link is damaged")
    boons = await save(harness, "Boons", boons="quickness, sparkles")
    assert "sparkles" in boons.content and "quickness" in boons.content.lower()


async def test_explicit_boons_replace_the_defaults(harness: BotHarness) -> None:
    reply = await save(harness, "Odd FB", boons="alacrity, stability")
    boons_field = next(f for f in reply.embeds[0]["fields"] if f["name"] == "Boons")
    assert boons_field["value"] == "Alacrity, Stability"


async def test_private_builds_are_invisible_to_other_members(harness: BotHarness) -> None:
    saved = await save(harness, "Secret FB")
    reference = build_id(saved)
    bob = harness.guild.members[2]
    shown = (await harness.slash("build show", {"build": reference}, user=bob)).message
    assert shown.ephemeral
    assert shown.content == "That build does not exist here, or it is private."
    by_name = (await harness.slash("build show", {"build": "Secret FB"}, user=bob)).message
    assert by_name.content.startswith("No build named “Secret FB” that you can see.")
    suggestions = await harness.autocomplete("build show", "build", {"build": "sec"}, user=bob)
    assert suggestions.choices == []
    listed = (await harness.slash("build list", {"scope": "guild"}, user=bob)).message
    assert "Secret FB" not in listed.embed_text()
    own = await harness.autocomplete("build show", "build", {"build": "sec"})
    assert [c["value"] for c in own.choices] == [reference]
    assert own.choices[0]["name"] == "Secret FB — Firebrand, Quickness heal (yours)"


async def test_guilds_are_isolated(harness: BotHarness) -> None:
    await save(harness, "Home FB", visibility="guild")
    other = harness.add_guild("Elsewhere")
    outsider = other.owner
    listed = (
        await harness.slash("build list", {"scope": "guild"}, user=outsider, channel=other.channels[0])
    ).message
    assert "Home FB" not in listed.embed_text()
    assert "No builds match" in listed.embed_text()
    suggestions = await harness.autocomplete(
        "build show", "build", {"build": "home"}, user=outsider, channel=other.channels[0]
    )
    assert suggestions.choices == []


async def test_only_the_author_edits_and_role_changes_move_default_boons(harness: BotHarness) -> None:
    reference = build_id(await save(harness, "Shared FB", visibility="guild"))
    bob = harness.guild.members[2]
    denied = (await harness.slash("build edit", {"build": reference, "notes": "hijack"}, user=bob)).message
    assert denied.content == "Only the author can edit “Shared FB”."
    edited = (
        await harness.slash("build edit", {"build": reference, "role": "alacrity_heal", "name": "Alac FB"})
    ).message
    assert edited.content == "Updated **Alac FB**."
    text = edited.embed_text()
    assert "Alacrity heal" in text
    boons_field = next(f for f in edited.embeds[0]["fields"] if f["name"] == "Boons")
    assert "Alacrity" in boons_field["value"] and "Quickness" not in boons_field["value"]
    nothing = (await harness.slash("build edit", {"build": reference})).message
    assert nothing.content.startswith("Nothing to change")


async def test_delete_asks_first_and_only_the_requester_confirms(harness: BotHarness) -> None:
    reference = build_id(await save(harness, "Doomed"))
    question = (await harness.slash("build delete", {"build": reference})).message
    assert question.content.startswith("Delete **Doomed** (Firebrand)?")
    stranger = harness.new_member("carol")
    refused = await harness.click(question, label="Delete", user=stranger)
    assert "belong to someone else" in refused.message.content
    cancelled = await harness.click(question, label="Cancel")
    assert cancelled.updated is not None and question.content == "Cancelled; nothing changed."
    assert "Doomed" in (await harness.slash("build show", {"build": reference})).message.embed_text()

    question = (await harness.slash("build delete", {"build": reference})).message
    await harness.click(question, label="Delete")
    assert question.content == "Deleted **Doomed**."
    gone = (await harness.slash("build show", {"build": reference})).message
    assert gone.content == "That build does not exist here, or it is private."


async def test_moderators_delete_guild_builds_but_never_see_private_ones(harness: BotHarness) -> None:
    shared = build_id(await save(harness, "Shared", visibility="guild"))
    private = build_id(await save(harness, "Private"))
    bob = harness.guild.members[2]
    denied = (await harness.slash("build delete", {"build": shared}, user=bob)).message
    assert denied.content == "Only the author of “Shared”, or a member with Manage Server, can delete it."
    admin_private = (await harness.slash("build delete", {"build": private}, user=harness.admin)).message
    assert admin_private.content == "That build does not exist here, or it is private."
    question = (await harness.slash("build delete", {"build": shared}, user=harness.admin)).message
    await harness.click(question, label="Delete", user=harness.admin)
    assert question.content == "Deleted **Shared**."


async def test_list_filters_and_pages_with_buttons(harness: BotHarness) -> None:
    for number in range(12):
        await save(harness, f"FB {number:02d}", visibility="guild")
    await save(harness, "Beast", SOULBEAST, role="dps", visibility="guild")
    await save(harness, "Chrono", CHRONOMANCER, role="tank", notes="kites KC")
    reply = (await harness.slash("build list")).message
    assert "Builds 1–10 of 14" in reply.embed_text()
    assert "Page 1/2" in reply.embed_text()
    await harness.click(reply, label="Next")
    assert "Builds 11–14 of 14" in reply.embed_text()
    assert "FB 11" in reply.embed_text() and "FB 00" not in reply.embed_text()

    bob = harness.guild.members[2]
    rangers = (
        await harness.slash("build list", {"scope": "guild", "profession": "Soulbeast"}, user=bob)
    ).message
    assert "**Beast**" in rangers.embed_text() and "FB 00" not in rangers.embed_text()
    tanks = (await harness.slash("build list", {"role": "tank"})).message
    assert "**Chrono**" in tanks.embed_text() and "Builds 1–1 of 1" in tanks.embed_text()
    kc = (await harness.slash("build list", {"text": "kc"})).message
    assert "**Chrono**" in kc.embed_text()


async def test_share_posts_publicly(harness: BotHarness) -> None:
    reference = build_id(await save(harness, "Power DH", DRAGONHUNTER, role="dps"))
    shared = (await harness.slash("build share", {"build": reference})).message
    assert not shared.ephemeral
    assert shared.content == f"Shared by <@{harness.member.id}>"
    assert "**Dragonhunter** (Guardian) · DPS" in shared.embed_text()


async def test_decode_command_handles_builds_items_and_errors(harness: BotHarness) -> None:
    build = (await harness.slash("build decode", {"code": f"look at this {WEAVER}"})).message
    assert build.ephemeral
    assert build.embeds[0]["title"] == "Weaver (Elementalist)"
    assert "**Fire**" in build.embed_text() and "**Air**" in build.embed_text()
    item = (await harness.slash("build decode", {"code": ITEM})).message
    assert item.embeds[0]["title"] == "Item 46762"
    assert "24575, 24615" in item.embed_text()
    bad = (await harness.slash("build decode", {"code": "hello"})).message
    assert bad.ephemeral
    assert bad.content.startswith("no chat link found")


async def test_decode_context_menu(harness: BotHarness) -> None:
    decoded = (await harness.message_command("Decode build link", f"try {FIREBRAND} and {WEAVER}")).message
    assert decoded.ephemeral
    assert decoded.embeds[0]["title"] == "Firebrand (Guardian)"
    assert "The message has 2 links; this is the first." in decoded.embed_text()
    nothing = (await harness.message_command("Decode build link", "no links here")).message
    assert nothing.content == "That message has no chat link; a chat link looks like [&DQ...]."
    broken = (await harness.message_command("Decode build link", "[&AgGqtgAA]")).message
    assert broken.embeds[0]["title"] == "Item 46762"


async def test_help_lists_the_build_commands(harness: BotHarness) -> None:
    reply = (await harness.slash("help", {"command": "build"})).message
    for name in ("save", "show", "list", "edit", "delete", "share", "decode"):
        assert f"/build {name}" in reply.embed_text()
    menu = (await harness.slash("help", {"command": "Decode build link"})).message
    assert "Decode build link (message menu)" in menu.embed_text()
