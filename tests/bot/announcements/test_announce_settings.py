"""Announcement settings: defaults, the digest template list, and documentation of every setting."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.announcements import AnnouncementConfig
from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[3]
ANNOUNCE_SETTINGS = [name for name in Settings.model_fields if name.startswith("announce_")]


def test_defaults_become_the_runtime_configuration() -> None:
    config = AnnouncementConfig.from_settings(Settings(_env_file=None))
    assert config.policy.grace == timedelta(minutes=10)
    assert config.policy.sends_per_second == 10
    assert config.leader_check_seconds == 15
    assert config.digest_templates is None  # every bundled template


@pytest.mark.parametrize(
    ("value", "expected"),
    [("heal druid, condi SCOURGE", ("Heal Druid", "Condi Scourge")), ("none", ()), ("", None)],
)
def test_digest_templates_are_names_none_or_all(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: tuple[str, ...] | None
) -> None:
    monkeypatch.setenv("ANNOUNCE_DIGEST_TEMPLATES", value)
    config = AnnouncementConfig.from_settings(load_settings(_env_file=None))
    assert config.digest_templates == expected


def test_unknown_digest_templates_name_the_valid_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOUNCE_DIGEST_TEMPLATES", "Power Necro")
    with pytest.raises(
        SettingsError, match=r"ANNOUNCE_DIGEST_TEMPLATES: unknown templates \['Power Necro'\]"
    ):
        load_settings(_env_file=None)


@pytest.mark.parametrize("name", ANNOUNCE_SETTINGS)
def test_every_announcement_setting_is_documented(name: str) -> None:
    assert f"| `{name.upper()}` |" in (ROOT / "README.md").read_text("utf-8")
    assert f"\n{name.upper()}=" in (ROOT / ".env.example").read_text("utf-8")
