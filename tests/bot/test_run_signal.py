"""`gw2opt run` as a real process against a fake Discord: SIGTERM shuts it down cleanly and quickly whether
the gateway is reachable (ready) or not (still connecting, or reconnecting after a drop), with one log line
per failed attempt and no tracebacks."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness.fake_gateway import FakeDiscordServer, closed_port_url, one_guild_server

REPO = Path(__file__).resolve().parents[2]
SHUTDOWN_SECONDS = 15
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (CRITICAL|ERROR|WARNING|INFO|DEBUG) +\S+: ")


class RunningBot:
    """`python -m bot run` with its stderr collected line by line as it arrives."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        assert process.stderr is not None
        self._reader = asyncio.create_task(self._read(process.stderr))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        async for raw in stream:
            self.lines.append(raw.decode().rstrip("\n"))

    async def wait_for(self, condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, f"{what} did not happen; log:\n" + "\n".join(self.lines)
            assert self.process.returncode is None, "the bot exited early:\n" + "\n".join(self.lines)
            await asyncio.sleep(0.05)

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    async def terminate(self, sig: signal.Signals = signal.SIGTERM) -> float:
        """SIGTERM (or `sig`), then the seconds until the process has exited."""
        started = time.monotonic()
        self.process.send_signal(sig)
        await asyncio.wait_for(self.process.wait(), timeout=60)
        await self._reader
        return time.monotonic() - started


async def start_bot(server: FakeDiscordServer, tmp_path: Path, **settings: str) -> RunningBot:
    env = {k: v for k, v in os.environ.items() if k.upper() not in {f.upper() for f in Settings.model_fields}}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "DISCORD_TOKEN": "fake-token-for-signal-test",
            "DISCORD_API_BASE_URL": server.rest_base,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
            "GW2_API_BASE_URL": "http://127.0.0.1:9",  # nothing listens there: no real API traffic
            "GW2_BUILD_POLL_MINUTES": "0",
            "LOG_LEVEL": "INFO",
            **settings,
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    return RunningBot(process)


def assert_clean_exit(bot: RunningBot, seconds: float, status: int = 0) -> None:
    log = "\n".join(bot.lines)
    assert bot.process.returncode == status, log
    assert seconds < SHUTDOWN_SECONDS, f"shutdown took {seconds:.1f} s:\n{log}"
    assert "Stop requested: closing the Discord connection and services" in log
    assert "fake-token-for-signal-test" not in log
    # Every line is a log record of its own: no tracebacks, no chained exceptions, no stray warnings.
    assert [line for line in bot.lines if not LOG_LINE.match(line)] == [], log
    assert "PyNaCl" not in log and "davey" not in log  # the bot has no voice


async def test_sigterm_when_ready_closes_the_bot_and_exits_zero(tmp_path: Path) -> None:
    server, _member, _guild = one_guild_server("Signals")
    await server.start()
    try:
        bot = await start_bot(server, tmp_path)
        await bot.wait_for(lambda: bot.count("Ready as") == 1, "READY")
        seconds = await bot.terminate()
    finally:
        await server.stop()
    assert server.identify is not None
    assert_clean_exit(bot, seconds)


async def test_ctrl_c_when_ready_closes_the_bot_and_exits_130(tmp_path: Path) -> None:
    server, _member, _guild = one_guild_server("Interrupt")
    await server.start()
    try:
        bot = await start_bot(server, tmp_path)
        await bot.wait_for(lambda: bot.count("Ready as") == 1, "READY")
        seconds = await bot.terminate(signal.SIGINT)
    finally:
        await server.stop()
    assert_clean_exit(bot, seconds, status=130)


@pytest.mark.parametrize("proxied", [False, True], ids=["announced-gateway", "DISCORD_GATEWAY_URL"])
async def test_sigterm_while_the_gateway_refuses_connections(tmp_path: Path, proxied: bool) -> None:
    server, _member, _guild = one_guild_server("Unreachable")
    await server.start()
    unreachable = closed_port_url()
    server.announced_gateway = unreachable
    settings = {"DISCORD_GATEWAY_URL": unreachable} if proxied else {}
    try:
        bot = await start_bot(server, tmp_path, **settings)
        retry = "Shard 0 cannot connect to the Discord gateway"
        await bot.wait_for(lambda: bot.count(retry) >= 2, "two connection attempts")
        seconds = await bot.terminate()
    finally:
        await server.stop()
    assert server.identify is None
    assert_clean_exit(bot, seconds)
    attempts = [line for line in bot.lines if retry in line]
    assert "ClientConnectorError" in attempts[0] and "attempt 1 failed" in attempts[0]
    # After the stop no further attempt was made ("Session is closed" retries went on for ever).
    assert not any("Session is closed" in line for line in bot.lines)
    stop = next(i for i, line in enumerate(bot.lines) if "Stop requested" in line)
    assert not [line for line in bot.lines[stop:] if retry in line]


async def test_sigterm_while_reconnecting_to_a_gateway_that_went_away(tmp_path: Path) -> None:
    server, _member, _guild = one_guild_server("Reconnecting")
    await server.start()
    try:
        # Every connection goes to the fake (a reconnect must never reach the real Discord from a test).
        bot = await start_bot(server, tmp_path, DISCORD_GATEWAY_URL=server.gateway_url)
        await bot.wait_for(lambda: bot.count("Ready as") == 1, "READY")
        await server.refuse_gateway()
        await bot.wait_for(lambda: bot.count("Attempting a reconnect for shard ID 0") >= 1, "a reconnect")
        seconds = await bot.terminate()
    finally:
        await server.stop()
    assert_clean_exit(bot, seconds)
    reconnects = [line for line in bot.lines if "Attempting a reconnect" in line]
    assert all("ClientConnectorError" in line or "Error" in line for line in reconnects), reconnects
