"""When a failed delivery is tried again.

Dodo's endpoints retry on Svix's schedule (dodo-docs `developer-resources/webhooks.mdx`):
8 attempts, each delay counted from the previous failure. The relay uses the same schedule so
a Customer.io outage behind the relay plays out like one behind the dashboard; tests shrink it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import units
from ..errors import UserError

SVIX_SCHEDULE: tuple[float, ...] = (0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)


@dataclass(frozen=True)
class RetrySchedule:
    """`delays[i]` is the wait before attempt i+1 (the first is normally 0: immediately)."""

    delays: tuple[float, ...] = SVIX_SCHEDULE

    @classmethod
    def parse(cls, items: Sequence[str | float | int] | str, *, where: str = "retry schedule") -> RetrySchedule:
        """From `"0,5s,5m"` or a TOML list; an empty schedule would never deliver, so it is refused."""
        if isinstance(items, str):
            items = [p for p in items.split(",") if p.strip()]
        if not isinstance(items, Sequence):
            raise UserError(f"must be a list of delays, not {items!r}", where=where, fix='write e.g. ["0", "5s", "5m"]')
        try:
            delays = tuple(units.parse_duration(x) for x in items)
        except ValueError as exc:
            raise UserError.from_value_error(exc, where=where) from None
        if not delays:
            raise UserError("the retry schedule is empty", where=where, fix="give at least one delay, e.g. 0")
        return cls(delays)

    @property
    def max_attempts(self) -> int:
        return len(self.delays)

    def next_delay(self, attempts_made: int) -> float | None:
        """Seconds to wait after `attempts_made` failures, or None: dead-letter now."""
        if attempts_made >= len(self.delays):
            return None
        return self.delays[attempts_made]
