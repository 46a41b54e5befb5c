"""What to retry, and how long to wait.

Retry transport failures, 408, 429 and 5xx; every other 4xx is the request's own fault and
sending it again gives the same answer (the senders Customer.io's docs point to do the same:
PostHog's plugin, Segment's destination). Backoff is exponential with full jitter so that
many clients hitting one outage do not retry in lock-step.
"""

from __future__ import annotations

import math
import random
import time
from email.utils import parsedate_to_datetime

_RETRYABLE_STATUSES = frozenset({408, 429})


def is_retryable_status(status: int) -> bool:
    return status in _RETRYABLE_STATUSES or status >= 500


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)], attempt counting from 0."""
    return random.uniform(0.0, min(cap, base * 2**attempt))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date. None if absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
