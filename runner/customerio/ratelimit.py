"""Client-side request pacing for the Track API.

Customer.io documents 1000 requests per second for v1 and v2 together, "not strictly
enforced" but with throttling or dropped data for senders that keep exceeding it. A token
bucket keeps one client under the configured rate however many coroutines deliver at once.

It is written as virtual scheduling (GCRA): each caller reserves the next free slot before
sleeping, so concurrent callers queue in order and are spaced exactly; a late wake-up only
ever makes us slower than the limit, never faster.
"""

from __future__ import annotations

import asyncio
import math
import time


class RateLimiter:
    """At most `rate` acquisitions per second on average, with bursts of up to `burst`.

    `rate` <= 0 or infinite means no limit.
    """

    def __init__(self, rate: float, burst: int = 1) -> None:
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self._unlimited = self.rate <= 0 or math.isinf(self.rate)
        self._interval = 0.0 if self._unlimited else 1.0 / self.rate
        self._tat = 0.0  # theoretical arrival time of the next request

    async def acquire(self) -> float:
        """Wait for a slot; return how long we waited (seconds)."""
        if self._unlimited:
            return 0.0
        now = time.monotonic()
        tat = max(self._tat, now)
        allowed_at = tat - (self.burst - 1) * self._interval
        self._tat = tat + self._interval
        wait = allowed_at - now
        if wait > 0:
            await asyncio.sleep(wait)
            return wait
        return 0.0
