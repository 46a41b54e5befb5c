"""When a failed delivery is tried again.

Dodo's endpoints retry on Svix's schedule (dodo-docs `developer-resources/webhooks.mdx`):
8 attempts, each delay counted from the previous failure. The relay uses the same schedule so
a Customer.io outage behind the relay plays out like one behind the dashboard; tests shrink it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UserError

SVIX_SCHEDULE: tuple[float, ...] = (0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)

_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")


def parse_duration(text: str | float | int, *, where: str = "duration") -> float:
    """Seconds from `30`, `1.5`, `250ms`, `5s`, `5m`, `2h` or `1d`."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if text < 0:
            raise UserError(f"negative duration {text!r}", where=where, fix="use a value >= 0")
        return float(text)
    m = _DURATION.match(str(text))
    if not m:
        raise UserError(f"not a duration: {text!r}", where=where, fix="write e.g. 0, 250ms, 5s, 5m, 2h or 1d")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


@dataclass(frozen=True)
class RetrySchedule:
    """`delays[i]` is the wait before attempt i+1 (the first is normally 0: immediately)."""

    delays: tuple[float, ...] = SVIX_SCHEDULE

    @classmethod
    def parse(cls, items: Sequence[str | float | int] | str) -> RetrySchedule:
        """From `"0,5s,5m"` or a TOML list; an empty schedule would never deliver, so it is refused."""
        if isinstance(items, str):
            items = [p for p in items.split(",") if p.strip()]
        delays = tuple(parse_duration(x, where="retry schedule") for x in items)
        if not delays:
            raise UserError("the retry schedule is empty", where="retry schedule", fix="give at least one delay, e.g. 0")
        return cls(delays)

    @property
    def max_attempts(self) -> int:
        return len(self.delays)

    def next_delay(self, attempts_made: int) -> float | None:
        """Seconds to wait after `attempts_made` failures, or None: dead-letter now."""
        if attempts_made >= len(self.delays):
            return None
        return self.delays[attempts_made]
