"""/help through the real command tree."""

from __future__ import annotations

import re

import discord
from discord import app_commands

from tests.harness.bot_harness import BotHarness


def _add_commands(harness: BotHarness, count: int) -> None:
    for number in range(count):

        async def callback(interaction: discord.Interaction, level: app_commands.Range[int, 1, 80]) -> None:
            await interaction.response.send_message("ok")

        harness.bot.tree.command(name=f"extra{number:02d}", description=f"extra command {number}")(callback)


async def all_help_pages(harness: BotHarness) -> str:
    reply = (await harness.slash("help")).message
    assert reply.ephemeral
    texts = [reply.embed_text()]
    while reply.buttons() and not reply.button("Next").get("disabled"):
        await harness.click(reply, label="Next")
        texts.append(reply.embed_text())
    return "\n".join(texts)


async def test_help_lists_every_command_from_the_tree(harness: BotHarness) -> None:
    text = await all_help_pages(harness)
    names = [
        c.qualified_name for c in harness.bot.tree.walk_commands() if isinstance(c, app_commands.Command)
    ]
    assert names
    for name in names:
        assert f"/{name}" in text
    assert "`command` (text; optional; suggestions as you type) — Show only this command" in text


async def test_help_shows_option_bounds_and_new_commands_without_code_changes(harness: BotHarness) -> None:
    _add_commands(harness, 1)
    reply = (await harness.slash("help", {"command": "extra00"})).message
    assert "/extra00" in reply.embed_text()
    assert "`level` (integer; required; 1–80)" in reply.embed_text()
    assert "/help" not in reply.embed_text()


async def test_help_for_an_unknown_command_lists_the_valid_ones(harness: BotHarness) -> None:
    reply = (await harness.slash("help", {"command": "nonsense"})).message
    assert reply.ephemeral
    assert reply.content.startswith("There is no command `nonsense`. Commands: ")
    assert "/help" in reply.content
    assert "/build save" in reply.content


async def test_help_autocomplete_suggests_commands(harness: BotHarness) -> None:
    _add_commands(harness, 3)
    result = await harness.autocomplete("help", "command", {"command": "extra0"})
    assert [choice["value"] for choice in result.choices] == ["extra00", "extra01", "extra02"]


async def test_help_paginates_and_only_the_requester_can_turn_pages(harness: BotHarness) -> None:
    _add_commands(harness, 20)
    reply = (await harness.slash("help")).message
    match = re.search(r"Page 1/(\d+)", reply.embed_text())
    assert match, reply.embed_text()
    pages = int(match.group(1))
    assert pages >= 3
    assert reply.button("Previous")["disabled"] is True

    stranger = harness.new_member("carol")
    refused = await harness.click(reply, label="Next", user=stranger)
    assert refused.message.ephemeral
    assert "belong to someone else" in refused.message.content
    assert "Page 1/" in reply.embed_text()

    seen: set[str] = set(re.findall(r"/extra\d\d", reply.embed_text()))
    for page in range(2, pages + 1):
        turned = await harness.click(reply, label="Next")
        assert turned.updated is not None
        assert f"Page {page}/{pages}" in reply.embed_text()
        assert reply.button("Previous")["disabled"] is False
        on_page = set(re.findall(r"/extra\d\d", reply.embed_text()))
        assert not on_page & seen
        seen |= on_page
    assert reply.button("Next")["disabled"] is True
    assert seen == {f"/extra{n:02d}" for n in range(20)}


async def test_a_command_with_many_options_lists_every_one(harness: BotHarness) -> None:
    command = harness.bot.tree.get_command("optimize")
    assert isinstance(command, app_commands.Command)
    reply = (await harness.slash("help", {"command": "optimize"})).message
    text = reply.embed_text()
    for parameter in command.parameters:
        assert f"`{parameter.display_name}`" in text, parameter.display_name
    assert all(len(field["value"]) <= 1024 for embed in reply.embeds for field in embed["fields"])


GUILD_ONLY = ("announce", "build", "squad")


async def test_guild_only_commands_are_registered_for_servers_only(harness: BotHarness) -> None:
    tree = harness.bot.tree
    registered = {command.name: command.to_dict(tree) for command in tree.get_commands()}
    for name in GUILD_ONLY:
        assert registered[name]["contexts"] == [0], name
        assert registered[name]["integration_types"] == [0], name
    # The others stay usable in a direct message with the bot.
    for name in ("help", "optimize", "stats", "account"):
        assert registered[name].get("contexts") in (None, [0, 1, 2]), name


async def test_help_in_a_direct_message_lists_only_what_works_there(harness: BotHarness) -> None:
    reply = (await harness.slash_in_dm("help")).message
    assert reply.ephemeral
    texts = [reply.embed_text()]
    while reply.buttons() and not reply.button("Next").get("disabled"):
        await harness.click(reply, label="Next")
        texts.append(reply.embed_text())
    text = "\n".join(texts)
    for name in ("/help", "/optimize", "/stats", "/account link"):
        assert name in text, name
    for name in GUILD_ONLY:
        assert f"/{name} " not in text, name
    refused = (await harness.slash_in_dm("help", {"command": "squad"})).message
    assert refused.content.startswith("There is no command `squad`. Commands: ")
    assert "/squad" not in refused.content and "/optimize" in refused.content
    suggested = await harness.slash_in_dm("help", {"command": "build"})
    assert "/build" not in suggested.message.content
    in_guild = await all_help_pages(harness)
    assert all(f"/{name} " in in_guild for name in GUILD_ONLY)
