"""Settings validation and the `gw2opt` command line (run as a real subprocess where it matters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


def _gw2opt(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k.upper() not in {f.upper() for f in Settings.model_fields}
    }
    clean.update(env or {})
    clean["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def test_defaults_need_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.discord_token is None
    assert settings.log_level == "INFO"
    assert settings.gw2_api_language == "en"


def _clear_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def test_env_example_copied_as_dotenv_gives_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "copy .env.example to .env": its empty lines (DATABASE_SCHEMA=, SHARD_COUNT=...) mean unset."""
    _clear_settings(monkeypatch)
    monkeypatch.chdir(tmp_path)
    defaults = load_settings().model_dump()
    (tmp_path / ".env").write_text((REPO / ".env.example").read_text("utf-8"), "utf-8")
    assert load_settings().model_dump() == defaults


def test_empty_environment_values_mean_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`docker run --env-file .env` passes `NAME=` lines as empty variables."""
    _clear_settings(monkeypatch)
    monkeypatch.chdir(tmp_path)
    defaults = load_settings().model_dump()
    for name in Settings.model_fields:
        monkeypatch.setenv(name.upper(), " " if name == "shard_ids" else "")
    assert load_settings().model_dump() == defaults


def test_a_command_runs_with_env_example_as_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text((REPO / ".env.example").read_text("utf-8"), "utf-8")
    result = _gw2opt("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Database is at revision" in result.stdout


def test_settings_come_from_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LOG_LEVEL=debug\nSHARD_COUNT=4\nSHARD_IDS=0,2\n")
    monkeypatch.setenv("DEV_GUILD_ID", "1234")
    settings = load_settings()
    assert settings.log_level == "DEBUG"
    assert settings.shard_count == 4
    assert settings.shard_ids == [0, 2]
    assert settings.dev_guild_id == 1234


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LOG_LEVEL", "loud", "LOG_LEVEL: must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
        (
            "DATABASE_URL",
            "mysql://x/y",
            "DATABASE_URL: must start with sqlite+aiosqlite:// or postgresql+asyncpg://",
        ),
        ("GW2_API_LANGUAGE", "nl", "GW2_API_LANGUAGE"),
        ("DEV_GUILD_ID", "abc", "DEV_GUILD_ID"),
        ("WORKER_PROCESSES", "0", "WORKER_PROCESSES"),
    ],
)
def test_invalid_settings_name_the_setting(
    variable: str, value: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert expected in str(raised.value)


def test_shard_ids_must_fit_the_shard_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHARD_COUNT", "2")
    monkeypatch.setenv("SHARD_IDS", "1,2")
    with pytest.raises(SettingsError, match=r"SHARD_IDS \[2\] outside 0..1"):
        load_settings()


def test_token_never_appears_in_repr_or_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "super-secret-token-value")
    settings = load_settings()
    assert "super-secret-token-value" not in repr(settings)
    assert "super-secret-token-value" not in str(settings.model_dump())
    assert settings.require_token() == "super-secret-token-value"


def test_run_without_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _gw2opt("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "gw2opt: error: DISCORD_TOKEN is not set: "
        "put the bot token in the environment or in .env (see .env.example)"
    ]


def test_invalid_setting_stops_the_command_line(tmp_path: Path) -> None:
    result = _gw2opt("db", "upgrade", cwd=tmp_path, env={"LOG_LEVEL": "loud"})
    assert result.returncode == 2
    assert "invalid setting LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_creates_the_default_sqlite_file(tmp_path: Path) -> None:
    result = _gw2opt("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Database is at revision" in result.stdout
    assert (tmp_path / "data" / "gw2optimizer.db").exists()


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "db", "sync-commands"):
        assert command in out
