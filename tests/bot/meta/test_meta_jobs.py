"""The meta poll job: scheduled hourly by default, polls the followed sources, checks what changed; the
settings that configure it."""

from __future__ import annotations

import httpx
import pytest

from bot.meta import META_POLL_JOB_ID, MetaConfig, MetaService, poll_meta
from bot.settings import SettingsError, load_settings
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_github import FakeGitHub


def test_meta_settings_defaults_and_validation() -> None:
    settings = load_settings(_env_file=None)
    assert settings.meta_sources == ["discretize", "guild"]
    assert settings.meta_poll_minutes == 60
    config = MetaConfig.from_settings(settings)
    assert config.repository.repository == "discretize/discretize-guides"
    assert config.repository.api_url == "https://api.github.com" and config.repository.token is None
    off = load_settings(_env_file=None, meta_sources="none", github_token=" ")
    assert off.meta_sources == [] and off.github_token is None
    token = load_settings(_env_file=None, github_token="ghp_x", meta_github_api_url="http://127.0.0.1:9/")
    assert MetaConfig.from_settings(token).repository.token == "ghp_x"
    assert "ghp_x" not in repr(token)
    assert token.meta_github_api_url == "http://127.0.0.1:9"
    with pytest.raises(SettingsError, match="META_SOURCES: unknown meta sources"):
        load_settings(_env_file=None, meta_sources="discretize,snowcrows")
    with pytest.raises(SettingsError, match="META_GITHUB_RAW_URL"):
        load_settings(_env_file=None, meta_github_raw_url="ftp://x")


async def test_the_bot_schedules_the_hourly_poll(harness: BotHarness) -> None:
    assert harness.bot.scheduler.has_job(META_POLL_JOB_ID)
    job = harness.bot.scheduler.apscheduler.get_job(META_POLL_JOB_ID)
    assert job is not None and job.trigger.interval.total_seconds() == 3600


async def test_the_job_polls_and_checks_new_builds(harness: BotHarness) -> None:
    services = harness.bot.services
    github = FakeGitHub()
    settings = load_settings(
        _env_file=None, meta_github_api_url="https://api.test", meta_github_raw_url="https://raw.test"
    )
    async with httpx.AsyncClient(transport=github.transport()) as http:
        meta = MetaService(MetaConfig.from_settings(settings), services.database, http, services.optimizer)
        await poll_meta(meta, services.game_data)
        builds = await meta.store.builds(["discretize"])
        assert len(builds) == 3
        assert meta.checker is not None
        dh = next(b for b in builds if b.build.title == "Power Dragonhunter")
        stored = await meta.checker.stored(dh, services.current_gamedata())
        assert sorted(stored) == ["Radiance Dragonhunter", "Virtues Dragonhunter"]  # computed by the job
        github.clear()
        await poll_meta(meta, services.game_data)  # within the hour: not due, no request
        assert github.requests == []
