"""The one rate limiter: a token bucket (the GW2 API per-IP limit, the pace of announcement posts)."""

from __future__ import annotations

import asyncio

from storage.gw2api.clock import SYSTEM_CLOCK, Clock

# Refill arithmetic in floats lands a hair below a whole token; waiting for that hair would never end.
_EPSILON = 1e-9


class TokenBucket:
    """`capacity` requests at once, then `refill_per_second`; callers wait their turn instead of failing.

    Waiters are served first come, first served: the lock is held while the head of the queue sleeps.
    """

    def __init__(self, capacity: int, refill_per_second: float, *, clock: Clock = SYSTEM_CLOCK) -> None:
        if capacity < 1 or refill_per_second <= 0:
            raise ValueError("a token bucket needs capacity >= 1 and a positive refill rate")
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self._clock = clock
        self._tokens = float(capacity)
        self._updated = clock.monotonic()
        self._lock = asyncio.Lock()

    @property
    def tokens(self) -> float:
        self._refill()
        return self._tokens

    def _refill(self) -> None:
        now = self._clock.monotonic()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(float(self.capacity), self._tokens + elapsed * self.refill_per_second)
        self._updated = now

    async def acquire(self) -> float:
        """Take one token, waiting for it if needed; returns the seconds waited."""
        async with self._lock:
            self._refill()
            waited = 0.0
            while self._tokens < 1.0 - _EPSILON:
                delay = (1.0 - self._tokens) / self.refill_per_second
                await self._clock.sleep(delay)
                waited += delay
                self._refill()
            self._tokens -= 1.0
            return waited

    def drain(self) -> None:
        """Empty the bucket: the server said 429, so something else on this IP is spending our budget."""
        self._refill()
        self._tokens = min(self._tokens, 0.0)
