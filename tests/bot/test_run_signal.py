"""`gw2opt run` as a real process against a fake Discord: it connects, and SIGTERM shuts it down cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.settings import Settings
from tests.harness.fake_gateway import one_guild_server

REPO = Path(__file__).resolve().parents[2]


async def test_sigterm_closes_the_bot_and_exits_zero(tmp_path: Path) -> None:
    server, _member, _guild = one_guild_server("Signals")
    await server.start()
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
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(600):
            if server.identify is not None:
                break
            await asyncio.sleep(0.05)
        assert server.identify is not None, "the bot never identified"
        await asyncio.sleep(0.5)  # let READY and GUILD_CREATE arrive
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.stop()
    log = err.decode()
    assert process.returncode == 0, log
    assert "Stop requested: closing the Discord connection and services" in log
    assert "fake-token-for-signal-test" not in log
    assert "Traceback" not in log
