"""/help through the real command tree."""

from __future__ import annotations

from tests.harness.bot_harness import BotHarness


async def test_help_lists_every_command_from_the_tree(harness: BotHarness) -> None:
    result = await harness.slash("help")
    reply = result.message
    assert reply.ephemeral
    text = reply.embed_text()
    for command in harness.bot.tree.walk_commands():
        assert f"/{command.qualified_name}" in text or not hasattr(command, "parameters")
    assert "`command` (text; optional; suggestions as you type)" in text
