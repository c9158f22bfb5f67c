"""Every command's registered JSON within Discord's 4,000-character budget, counted the way Discord counts."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from tests.harness.bot_harness import BotHarness
from tests.harness.discord_limits import COMMAND_TOTAL, command_size


def test_the_budget_counts_names_descriptions_choices_and_localizations_at_every_depth() -> None:
    payload = {
        "name": "squad",  # 5
        "description": "Squads",  # 6
        "name_localizations": {"de": "trupp"},  # 5
        "options": [
            {
                "type": 1,
                "name": "create",  # 6
                "description": "Create one",  # 10
                "description_localizations": {"fr": "Créer"},  # 5
                "options": [
                    {
                        "type": 3,
                        "name": "mode",  # 4
                        "description": "Mode",  # 4
                        "required": True,
                        "choices": [
                            {"name": "WvW", "value": "wvw", "name_localizations": {"de": "WvW"}},  # 9
                            {"name": "Raid", "value": 10},  # 6
                        ],
                    }
                ],
            }
        ],
    }
    assert command_size(payload) == 5 + 6 + 5 + 6 + 10 + 5 + 4 + 4 + 9 + 6


async def test_every_command_of_the_real_tree_is_within_the_budget(harness: BotHarness) -> None:
    tree = harness.bot.tree
    sizes = {command.name: command_size(command.to_dict(tree)) for command in tree.get_commands()}
    assert {"help", "build", "squad", "optimize", "stats", "account", "announce"} <= set(sizes)
    over = {name: size for name, size in sizes.items() if size > COMMAND_TOTAL}
    assert over == {}, sizes


async def test_a_command_over_the_budget_is_refused_at_sync(harness: BotHarness) -> None:
    """The fake API refuses an oversized command as Discord does, so the sync tests would catch one."""
    group = app_commands.Group(name="huge", description="d" * 100)
    for number in range(25):

        async def callback(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.send_message(text)

        described = app_commands.describe(text="y" * 100)(callback)
        group.add_command(
            app_commands.Command(name=f"sub{number:02d}", description="x" * 100, callback=described)
        )
    assert command_size(group.to_dict(harness.bot.tree)) > COMMAND_TOTAL
    harness.bot.tree.add_command(group)
    with pytest.raises(discord.HTTPException, match="error code 50035"):
        await harness.bot.tree.sync()
    assert any("command /huge" in reason for reason in harness.api.refused)
    harness.api.refused.clear()
