"""Settings for tests: every value explicit, nothing read from the environment or a .env file."""

from __future__ import annotations

from typing import Any

from bot.settings import Settings
from tests.harness.databases import DatabaseTarget


def settings_for(target: DatabaseTarget, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_token": None,
        "database_url": target.url,
        "database_schema": target.schema,
        "dev_guild_id": None,
        "log_level": "DEBUG",
        "gw2_api_base_url": "https://api.guildwars2.test",
        "gw2_api_language": "en",
        # Never the real GitHub: tests that poll meta sources give their own fake.
        "meta_github_api_url": "https://api.github.test",
        "meta_github_raw_url": "https://raw.github.test",
        "shard_count": None,
        "shard_ids": None,
        "worker_processes": 1,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)
