"""When and how long to wait before retrying a failed GW2 API request."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with equal jitter: retry n waits between half and all of base·2ⁿ (capped).

    `retries` applies to outages (429, 5xx, 503 "API not active", timeouts, connection errors);
    `invalid_key_retries` to a 400 "invalid key" on keyed requests (the API sometimes says so spuriously).
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
