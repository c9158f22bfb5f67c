"""The command tree's error policy, through real commands registered on the real tree."""

from __future__ import annotations

import logging
import re

import discord
import pytest
from discord import app_commands

from bot.errors import UserFacingError
from tests.harness.bot_harness import BotHarness


def _add_failing_commands(harness: BotHarness) -> None:
    tree = harness.bot.tree

    @tree.command(name="explode", description="raises an unexpected error")
    async def explode(interaction: discord.Interaction) -> None:
        raise RuntimeError("boom in the handler")

    @tree.command(name="explode-late", description="defers, then raises")
    async def explode_late(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        raise RuntimeError("boom after deferring")

    @tree.command(name="refuse", description="raises a user error")
    async def refuse(interaction: discord.Interaction, value: int) -> None:
        raise UserFacingError(f"{value} is too large: use 1–10.")

    @tree.command(name="admin-only", description="needs Manage Server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def admin_only(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @tree.command(name="pick", description="a choice option")
    @app_commands.choices(colour=[app_commands.Choice(name="red", value="red")])
    async def pick(interaction: discord.Interaction, colour: app_commands.Choice[str]) -> None:
        await interaction.response.send_message(colour.value)


async def test_user_error_is_ephemeral_and_says_what_is_valid(harness: BotHarness) -> None:
    _add_failing_commands(harness)
    reply = (await harness.slash("refuse", {"value": 99})).message
    assert reply.ephemeral
    assert reply.content == "99 is too large: use 1–10."


async def test_unexpected_error_gets_a_reference_that_is_in_the_log(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    _add_failing_commands(harness)
    with caplog.at_level(logging.ERROR):
        reply = (await harness.slash("explode")).message
    assert reply.ephemeral
    match = re.fullmatch(r"Something went wrong — reference `([0-9A-F]{6})`\..*", reply.content)
    assert match, reply.content
    reference = match.group(1)
    records = [r for r in caplog.records if reference in r.getMessage()]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert "boom in the handler" in str(records[0].exc_info[1])
    assert "/explode" in records[0].getMessage()
    assert "boom" not in reply.content


async def test_error_after_deferring_goes_to_the_follow_up(harness: BotHarness) -> None:
    _add_failing_commands(harness)
    result = await harness.slash("explode-late")
    assert result.response_type == 5
    assert result.message.ephemeral
    assert result.message.content.startswith("Something went wrong — reference")


async def test_missing_permission_names_it(harness: BotHarness) -> None:
    _add_failing_commands(harness)
    denied = (await harness.slash("admin-only")).message
    assert denied.ephemeral
    assert denied.content == "You need the Manage Server permission to use this command."
    allowed = (await harness.slash("admin-only", user=harness.admin)).message
    assert allowed.content == "ok"


async def test_invalid_choice_value_is_a_user_error(harness: BotHarness) -> None:
    _add_failing_commands(harness)
    reply = (await harness.slash("pick", {"colour": "purple"})).message
    assert reply.ephemeral
    assert "`purple` is not a valid value" in reply.content


async def test_unknown_command_is_reported_as_out_of_date(harness: BotHarness) -> None:
    command = harness.bot.tree.get_command("help")
    assert command is not None
    harness.bot.tree.remove_command("help")
    try:
        result = await harness._dispatch(
            2, {"id": "1", "name": "help", "type": 1, "options": []}, harness.member, harness.channel
        )
    finally:
        harness.bot.tree.add_command(command)
    assert result.message.ephemeral
    assert "out of date" in result.message.content
