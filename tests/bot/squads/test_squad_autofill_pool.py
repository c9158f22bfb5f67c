"""Where autofill runs: large squads in the worker pool, small ones in a thread of the bot's process."""

from __future__ import annotations

import asyncio

import pytest

from bot.cpu_pool import CpuPool
from bot.errors import UserFacingError
from bot.squads import pooled_autofill
from optimizer.squads import Boon, Role, Signup, SignupChoice, SquadMode, autofill, find_template
from tests.bot import workload

SLOTS = find_template("wvw-strip").slots(SquadMode.WVW)


def signups(count: int) -> list[Signup]:
    heal = SignupChoice(Role.WVW_HEAL, frozenset({Boon.HEAL}))
    return [Signup(m, (SignupChoice(Role.WVW_DPS, frozenset()), heal)) for m in range(count)]


async def test_large_squads_are_seated_in_the_worker_pool_and_small_ones_in_a_thread() -> None:
    pool = CpuPool(1, max_waiting=0)
    run = pooled_autofill(pool)
    try:
        many, few = signups(30), signups(5)
        assert await run(SquadMode.WVW, SLOTS, many, False) == autofill(SquadMode.WVW, SLOTS, many)
        busy = asyncio.create_task(pool.run(workload.sleep_then, 1.0, "done"))
        await asyncio.sleep(0.1)
        with pytest.raises(UserFacingError, match="busy with other members' computations"):
            await run(SquadMode.WVW, SLOTS, many, False)
        # The only worker is busy, and a small squad does not need it.
        assert await run(SquadMode.WVW, SLOTS, few, True) == autofill(
            SquadMode.WVW, SLOTS, few, flexible_roles=True
        )
        assert await busy == "done"
    finally:
        await pool.aclose()
