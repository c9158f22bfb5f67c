"""Command sync policy: development guild at start, global only on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from tests.harness.bot_harness import BotHarness, install_fake_api
from tests.harness.databases import DatabaseTarget
from tests.harness.settings import settings_for


async def test_no_sync_at_start_without_a_development_guild(harness: BotHarness) -> None:
    assert harness.api.synced_commands == {}
    assert not [call for call in harness.api.calls if call.method == "PUT"]


async def test_development_guild_gets_the_commands_at_start(
    db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await BotHarness.start(settings_for(db_target, dev_guild_id=4242), monkeypatch)
    try:
        assert list(harness.api.synced_commands) == [4242]
        names = [command["name"] for command in harness.api.synced_commands[4242]]
        assert "help" in names
    finally:
        await harness.close()


def test_sync_commands_cli_publishes_globally_or_to_one_guild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "cli-test-token-value")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    api = install_fake_api(monkeypatch)

    assert main(["sync-commands", "--guild", "555"]) == 0
    assert "to guild 555" in capsys.readouterr().out
    assert main(["sync-commands"]) == 0
    assert "to all guilds" in capsys.readouterr().out
    synced = {key: [c["name"] for c in commands] for key, commands in api.synced_commands.items()}
    assert "help" in synced[555]
    assert "help" in synced[None]
