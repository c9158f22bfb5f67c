"""The CI set-up: the GitHub workflow runs what `.ci/run` runs; a run without PostgreSQL stays short."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def test_the_github_workflow_runs_ci_run_on_every_supported_python() -> None:
    text = WORKFLOW.read_text("utf-8")
    commands = [match.strip() for match in re.findall(r"^\s*-?\s*run:\s*(.+)$", text, flags=re.MULTILINE)]
    assert commands == ["bash .ci/run"], "the workflow must call .ci/run, not its own test or lint steps"
    versions = re.search(r"python-version:\s*\[(.*)\]", text)
    assert versions is not None
    assert [v.strip().strip('"') for v in versions.group(1).split(",")] == ["3.11", "3.12", "3.13"]
    # .ci/run connects as postgres without a password to the database `test` on 127.0.0.1:5432.
    assert "POSTGRES_HOST_AUTH_METHOD: trust" in text and "POSTGRES_DB: test" in text
    assert '"5432:5432"' in text


def test_postgres_skips_are_one_summary_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GW2OPT_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/storage/test_database.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("SKIPPED")]
    summaries = [line for line in lines if line.startswith("skipped:")]
    assert len(summaries) == 1, result.stdout
    assert re.fullmatch(r"skipped: \d+ × GW2OPT_TEST_POSTGRES_URL is not set", summaries[0])
