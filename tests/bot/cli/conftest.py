"""The command line's environment for in-process `gw2opt` runs: no inherited settings, a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness.databases import DatabaseTarget


@pytest.fixture
def cli_env(db_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("DATABASE_URL", db_target.url)
    if db_target.schema:
        monkeypatch.setenv("DATABASE_SCHEMA", db_target.schema)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
