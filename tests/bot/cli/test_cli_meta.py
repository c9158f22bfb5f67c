"""`gw2opt meta refresh|list|status` against a real local HTTP server standing in for GitHub."""

from __future__ import annotations

import pytest

from tests.harness.cli import gw2opt
from tests.harness.fake_github import FakeGitHub

DH = "builds/guardian/power-dragonhunter/index.mdx"


@pytest.fixture
def cli_env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKER_PROCESSES", "1")


@pytest.mark.usefixtures("cli_env")
async def test_refresh_list_and_status_against_a_local_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    github = FakeGitHub()
    with github.serve() as url:
        monkeypatch.setenv("META_GITHUB_API_URL", url)
        monkeypatch.setenv("META_GITHUB_RAW_URL", url)
        assert await gw2opt("meta", "refresh", "--check") == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == "Discretize: 3 new, 0 changed, 0 removed (3 builds, 8 requests; 1 skipped)"
        assert out[1].startswith("  skipped builds/mesmer/broken-chronomancer/index.mdx: the front matter")
        assert sorted(out[2:5]) == [
            "  new: Power Dragonhunter",
            "  new: Power Soulbeast",
            "  new: Quickness Firebrand",
        ]
        assert out[-1] == "Checked the gear of 3 variants"

        assert await gw2opt("meta", "refresh") == 0
        assert (
            capsys.readouterr().out.splitlines()[0]
            == "Discretize: no change (3 builds, 1 requests; 1 skipped)"
        )

        github.set(DH, github.files[DH].replace('"helmAffix":"Berserker"', '"helmAffix":"Assassin"', 1))
        assert await gw2opt("meta", "refresh") == 0
        changed = capsys.readouterr().out.splitlines()
        assert changed[0] == "Discretize: 0 new, 1 changed, 0 removed (3 builds, 3 requests; 1 skipped)"
        assert changed[2:] == [
            "  changed: Power Dragonhunter",
            "    gear Helm (Radiance Dragonhunter): Berserker → Assassin",
        ]

        assert await gw2opt("meta", "list", "--profession", "guardian", "--gear") == 0
        listing = capsys.readouterr().out
        assert "Power Dragonhunter — Dragonhunter (Guardian), DPS, 2024-05-01 [Discretize]" in listing
        assert "Radiance Dragonhunter: Armor Assassin (Helm); Berserker (Shoulders, Gloves, Boots)" in listing
        assert "Soulbeast" not in listing

        github.failing = 503
        assert await gw2opt("meta", "refresh") == 1
        failed = capsys.readouterr().out.splitlines()[0]
        assert failed == "Discretize: failed — 127.0.0.1 answered 503; the last good builds stay (3)"
        assert await gw2opt("meta", "status") == 0
        status = capsys.readouterr().out
        assert "Discretize (discretize): unreachable, 3 builds" in status
        assert "problem: 127.0.0.1 answered 503" in status
        assert "changed: Power Dragonhunter (Dragonhunter) — gear Helm (Radiance Dragonhunter)" in status
