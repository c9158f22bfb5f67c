"""`gw2opt data refresh` and `gw2opt data status` against the fake API over a loopback socket."""

from __future__ import annotations

import pytest

from bot.cli.data import age_text
from tests.harness.cli import gw2opt
from tests.harness.fake_gw2api import FakeGW2API, fixture, serve_loopback


@pytest.fixture
def cli_env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GW2_API_RETRIES", "0")


@pytest.mark.usefixtures("cli_env")
async def test_refresh_fills_the_cache_and_status_reports_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gw2opt("data", "status") == 0
    before = capsys.readouterr().out
    assert "Source: the bundled snapshot (language en)" in before
    assert "Missing: no skills" in before
    assert "API response cache: 0 responses" in before

    api = FakeGW2API()
    with serve_loopback(api) as base_url:
        monkeypatch.setenv("GW2_API_BASE_URL", base_url)
        assert await gw2opt("data", "refresh") == 0
    out = capsys.readouterr().out
    counts = ", ".join(f"{len(fixture(name))} {name}" for name in api.data)
    assert out.startswith("Fetched game build 191645 in ")
    assert counts in out
    assert "Stored as snapshot 191645-en-" in out
    assert all(r.url.params["lang"] == "en" and r.headers["x-schema-version"] for r in api.requests)

    # Status needs no network: the base URL now points at a closed port.
    assert await gw2opt("data", "status") == 0
    status = capsys.readouterr().out.splitlines()
    assert status[:2] == ["Game build: 191645", "Source: the GW2 API (language en)"]
    assert f"Counts: {counts}" in status
    assert "Newest build seen: 191645" in " ".join(status)
    assert "API response cache: 7 responses" in status
    assert not any(line.startswith("Missing:") for line in status)


@pytest.mark.usefixtures("cli_env")
async def test_refresh_during_an_outage_is_one_line_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = FakeGW2API()
    api.disabled = True
    with serve_loopback(api) as base_url:
        monkeypatch.setenv("GW2_API_BASE_URL", base_url)
        assert await gw2opt("data", "refresh") == 1  # the environment failed, not the command line
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("gw2opt: error: could not refresh the game data: the GW2 API is disabled")
    assert err[0].endswith("the stored data is unchanged")
    assert await gw2opt("data", "status") == 0
    assert "Source: the bundled snapshot" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("seconds", "text"), [(5, "5 s"), (125, "2 min"), (7500, "2 h 5 min"), (3 * 86400 + 5, "3 days")]
)
def test_age_text(seconds: int, text: str) -> None:
    from datetime import timedelta

    assert age_text(timedelta(seconds=seconds)) == text
