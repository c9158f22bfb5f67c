"""The one retry loop: when to try a failed call again and how long to wait (GW2 API requests, announcement
posts)."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from storage.gw2api.clock import Clock

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with equal jitter: retry n waits between half and all of base·2ⁿ (capped).

    For GW2 API requests `retries` applies to outages (429, 5xx, 503 "API not active", timeouts, connection
    errors) and `invalid_key_retries` to a 400 "invalid key" on keyed requests (the API sometimes says so
    spuriously).
    """

    retries: int = 4
    invalid_key_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 30.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (0-based), at least the server's Retry-After."""
        cap = min(self.max_delay, self.base_delay * 2.0**retry)
        backoff = cap / 2 + self.rng.uniform(0, cap / 2)
        # A Retry-After longer than our cap would stall every caller; the cap wins.
        return max(backoff, min(retry_after or 0.0, self.max_delay))


@dataclass(frozen=True, slots=True)
class Retry:
    """A failure worth another attempt: failures of one `kind` share `allowed` retries; `after` is the
    server's Retry-After, if it sent one."""

    kind: str
    allowed: int
    after: float | None = None


async def with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    clock: Clock,
    retry: Callable[[Exception], Retry | None],
    what: str,
) -> T:
    """`attempt()` until it succeeds; a failure `retry` does not allow (or allows no more) is raised."""
    used: dict[str, int] = {}
    while True:
        try:
            return await attempt()
        except Exception as error:
            allowance = retry(error)
            count = used.get(allowance.kind, 0) if allowance is not None else 0
            if allowance is None or count >= allowance.allowed:
                raise
            used[allowance.kind] = count + 1
            delay = policy.delay(count, allowance.after)
            log.info("%s failed (%s); retrying in %.1f s", what, error, delay)
        await clock.sleep(delay)
