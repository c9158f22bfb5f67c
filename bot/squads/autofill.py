"""Squad autofill off the event loop: small squads in a thread, large ones in the worker pool.

A squad with many sign-ups can keep the solver busy for a while (up to its time limit); in the pool it uses
a worker process of its own instead of the bot's CPU.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial

from bot.cpu_pool import CpuPool, PoolBusyError
from bot.errors import UserFacingError
from optimizer.squads import TIME_LIMIT, AutofillResult, Signup, SquadMode, SquadSlot, autofill
from storage.squads import AutofillRunner

POOL_FROM_SIGNUPS = 20  # below this, a squad is seated in milliseconds (bench/autofill_bench.py)


def pooled_autofill(pool: CpuPool) -> AutofillRunner:
    async def run(
        mode: SquadMode, slots: Sequence[SquadSlot], signups: Sequence[Signup], flexible_roles: bool
    ) -> AutofillResult:
        seat = partial(autofill, flexible_roles=flexible_roles)
        if len(signups) < POOL_FROM_SIGNUPS:
            return await asyncio.to_thread(seat, mode, slots, signups)
        try:
            # Past its own time limit autofill returns the best seating found; the pool's limit is a backstop.
            return await pool.run(seat, mode, tuple(slots), tuple(signups), time_limit=2 * TIME_LIMIT)
        except PoolBusyError:
            raise UserFacingError(
                "I'm busy with other members' computations right now; try the autofill again in a moment."
            ) from None

    return run
