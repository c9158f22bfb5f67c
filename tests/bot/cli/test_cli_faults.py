"""`gw2opt` in a real process facing environment faults: one line on stderr, no traceback, exit status 1
(2 is for usage mistakes); Ctrl-C anywhere exits 130; read-only commands create nothing and log no INFO."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.settings import Settings
from optimizer.builds import load_template
from optimizer.gear import affix_names
from tests.harness.build_codes import WEAVER
from tests.harness.databases import postgres_url
from tests.harness.fake_gateway import closed_port_url

REPO = Path(__file__).resolve().parents[3]
SETTINGS = {name.upper() for name in Settings.model_fields}


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in SETTINGS and not k.startswith("GW2OPT_")}
    env.update({"PYTHONPATH": str(REPO), "GW2_API_BASE_URL": "http://127.0.0.1:9", **settings})
    return env


def gw2opt(*args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=_env(**settings),
        capture_output=True,
        text=True,
        timeout=120,
    )


def interrupted(*args: str, cwd: Path, after: float, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `gw2opt`, press Ctrl-C after `after` seconds (SIGINT to its process group, as a terminal does)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=_env(**settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(after)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("gw2opt: ")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gw2opt: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def rest_url() -> str:
    return closed_port_url("/api/v10").replace("ws://", "http://")


# -- Discord ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["run"], ["sync-commands"], ["sync-commands", "--guild", "1"]])
def test_discord_rest_unreachable(command: list[str], tmp_path: Path) -> None:
    url = rest_url()
    result = gw2opt(
        *command,
        cwd=tmp_path,
        DISCORD_TOKEN="fake-token-for-fault-test",
        DISCORD_API_BASE_URL=url,
        GW2_BUILD_POLL_MINUTES="0",
        LOG_LEVEL="WARNING",
    )
    one_line_error(result, f"cannot reach Discord at {url}", "ClientConnectorError", "DISCORD_API_BASE_URL")
    assert "fake-token-for-fault-test" not in result.stderr


# -- databases --------------------------------------------------------------------------------------------


def test_postgres_refused(tmp_path: Path) -> None:
    port = int(closed_port_url().rsplit(":", 1)[1].split("/")[0])
    url = f"postgresql+asyncpg://gw2opt:secret-password@127.0.0.1:{port}/gw2opt"
    for command in (["db", "upgrade"], ["data", "status"], ["data", "refresh"]):
        result = gw2opt(*command, cwd=tmp_path, DATABASE_URL=url)
        line = one_line_error(result, f"cannot connect to PostgreSQL on 127.0.0.1:{port}", "DATABASE_URL")
        assert "secret-password" not in line


@pytest.mark.postgres
@pytest.mark.skipif(postgres_url() is None, reason="GW2OPT_TEST_POSTGRES_URL is not set")
def test_postgres_database_missing_says_how_to_create_it(tmp_path: Path) -> None:
    server = make_url(postgres_url() or "")
    url = server.set(database="gw2opt_no_such_database").render_as_string(hide_password=False)
    result = gw2opt("db", "upgrade", cwd=tmp_path, DATABASE_URL=url)
    one_line_error(result, 'database "gw2opt_no_such_database" does not exist', "createdb ")


@pytest.mark.postgres
@pytest.mark.skipif(postgres_url() is None, reason="GW2OPT_TEST_POSTGRES_URL is not set")
def test_postgres_schema_missing_says_how_to_create_it(tmp_path: Path) -> None:
    url = postgres_url() or ""
    for command in (["db", "upgrade"], ["data", "status"]):
        result = gw2opt(*command, cwd=tmp_path, DATABASE_URL=url, DATABASE_SCHEMA="gw2opt_no_such_schema")
        one_line_error(result, 'schema "gw2opt_no_such_schema"', 'CREATE SCHEMA "gw2opt_no_such_schema"')


@pytest.fixture
def not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    return path


def test_sqlite_file_that_is_not_a_database(tmp_path: Path, not_a_database: Path) -> None:
    url = f"sqlite+aiosqlite:///{not_a_database}"
    for command in (["db", "upgrade"], ["data", "status"], ["data", "refresh"]):
        result = gw2opt(*command, cwd=tmp_path, DATABASE_URL=url)
        one_line_error(result, f"{not_a_database} is not a SQLite database")


def test_sqlite_path_that_cannot_be_created_or_written(tmp_path: Path, not_a_database: Path) -> None:
    # Tests may run as root, for whom permissions are no obstacle: a file where the directory should be, and
    # a directory where the file should be, fail for everyone.
    under_a_file = not_a_database / "gw2opt.db"
    result = gw2opt("db", "upgrade", cwd=tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{under_a_file}")
    one_line_error(result, f"cannot create the SQLite database {under_a_file}", "DATABASE_URL")
    result = gw2opt("db", "upgrade", cwd=tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}")
    one_line_error(result, f"cannot open the SQLite database {tmp_path}", "DATABASE_URL")


# -- Ctrl-C -----------------------------------------------------------------------------------------------


@pytest.fixture
def silent_api() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def assert_interrupted(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().splitlines()[-1:] == ["gw2opt: interrupted"], result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_while_loading_the_command_line(tmp_path: Path) -> None:
    assert_interrupted(interrupted("data", "status", cwd=tmp_path, after=0.15))


def test_ctrl_c_during_a_refresh_waiting_for_the_api(tmp_path: Path, silent_api: str) -> None:
    result = interrupted(
        "data", "refresh", cwd=tmp_path, after=4, GW2_API_BASE_URL=silent_api, LOG_LEVEL="WARNING"
    )
    assert_interrupted(result)


def test_ctrl_c_during_a_search(tmp_path: Path) -> None:
    scenario = tmp_path / "big.json"
    search = load_template("Power Soulbeast").model_dump(mode="json", exclude_defaults=True)
    search["affixes"] = list(affix_names())  # every prefix: minutes of work, interrupted after 3 s
    scenario.write_text(json.dumps(search))
    assert_interrupted(interrupted("optimize", "--scenario", str(scenario), cwd=tmp_path, after=3))


# -- read-only commands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["data", "status"],
        ["decode", WEAVER],
        ["optimize", "--template", "Power Soulbeast"],
    ],
    ids=["data-status", "decode", "optimize"],
)
def test_read_only_commands_create_no_database_and_log_no_info(command: list[str], tmp_path: Path) -> None:
    result = gw2opt(*command, cwd=tmp_path, LOG_LEVEL="INFO")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert " INFO " not in result.stderr
    assert result.stdout
    assert list(tmp_path.iterdir()) == []
