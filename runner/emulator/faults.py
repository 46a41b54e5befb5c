"""Faults the emulator injects, so clients can be tested against a misbehaving Track API.

One spec string format serves the `--fault` flag and the control route:
``KIND[@SECONDS][*COUNT]`` where KIND is an HTTP status (``503``, ``429``), ``drop`` (close
the socket without answering), ``drop-after`` (apply the request, then close without
answering: the "did it arrive?" case dedupe exists for) or ``timeout`` (hang, then close).
``@SECONDS`` is the Retry-After header of a status fault (omit it for a 429 without one) or
how long a timeout hangs (default 30 s), a duration as every option takes it (``2``,
``1500ms``, ``1m``). ``*COUNT`` repeats it: ``503*5`` is a 5xx burst.
Queued faults hit the next API requests in order; ratio and every-Nth faults are seeded,
so a test run is reproducible.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..errors import UserError
from ..units import parse_duration

FaultKind = Literal["status", "drop", "drop_after", "timeout"]
_SPEC = re.compile(r"(?P<kind>[1-5][0-9]{2}|drop|drop-after|timeout)(?:@(?P<secs>[^*]+))?(?:\*(?P<count>[0-9]+))?")
_DEFAULT_HANG_S = 30.0


@dataclass(frozen=True)
class Fault:
    """One injected failure. `retry_after` None means no Retry-After header."""

    kind: FaultKind
    status: int = 503
    retry_after: float | None = None
    seconds: float = _DEFAULT_HANG_S

    def spec(self) -> str:
        if self.kind == "status":
            return f"{self.status}" + (f"@{self.retry_after:g}" if self.retry_after is not None else "")
        if self.kind == "timeout":
            return f"timeout@{self.seconds:g}"
        return self.kind.replace("_", "-")


def parse_fault(spec: str) -> list[Fault]:
    """``"503*3"`` -> three 503 faults; see the module docstring for the format."""
    m = _SPEC.fullmatch(spec.strip().lower())
    if not m:
        raise UserError(
            f"bad fault spec {spec!r}",
            where="--fault",
            fix=(
                "use STATUS[@RETRY_AFTER][*COUNT], drop[*N], drop-after[*N] or timeout[@SECONDS][*N], "
                "e.g. 503*3, 429@2, drop"
            ),
        )
    kind, count = m["kind"], int(m["count"] or 1)
    try:
        secs = parse_duration(m["secs"]) if m["secs"] is not None else None
    except ValueError as exc:
        raise UserError.from_value_error(exc, where="--fault", prefix=f"bad fault spec {spec!r}: after @, ") from None
    if kind.isdigit():
        fault = Fault("status", status=int(kind), retry_after=secs)
    elif kind == "timeout":
        fault = Fault("timeout", seconds=_DEFAULT_HANG_S if secs is None else secs)
    else:
        fault = Fault("drop_after" if kind == "drop-after" else "drop")
    return [fault] * count


@dataclass
class FaultPlan:
    """Settings of the fault injector; all off by default.

    fail_ratio: share of API requests answered with `fail_status` (seeded with `seed`).
    fail_every: every Nth API request fails with `fail_status` (0 = off).
    rate_limit: allowed API requests per second; more get 429 (0 = off), with Retry-After
      `retry_after` seconds, or no header when it is None.
    latency_ms: added before every API request is handled.
    queue: one-shot faults for the next API requests (see `parse_fault`).
    """

    fail_ratio: float = 0.0
    fail_status: int = 503
    fail_every: int = 0
    rate_limit: float = 0
    retry_after: float | None = 1.0
    latency_ms: int = 0
    seed: int = 0
    queue: list[Fault] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> FaultPlan:
        """The control route's body: the same field names, `queue` as spec strings."""
        if not isinstance(data, dict):
            raise UserError(
                "fault settings must be a JSON object", where="/_emulator/faults", fix='send e.g. {"queue": ["503*3"]}'
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError(
                f"unknown fault settings {unknown}", where="/_emulator/faults", fix=f"use only {sorted(known)}"
            )
        queue = data.get("queue") or []
        if not isinstance(queue, list) or not all(isinstance(s, str) for s in queue):
            raise UserError(
                "queue must be a list of fault specs", where="/_emulator/faults", fix='e.g. ["429@1", "drop"]'
            )
        plan = cls(**{k: v for k, v in data.items() if k != "queue"}, queue=[f for s in queue for f in parse_fault(s)])
        plan.check()
        return plan

    def check(self) -> None:
        numbers = {
            "fail_ratio": self.fail_ratio,
            "fail_every": self.fail_every,
            "rate_limit": self.rate_limit,
            "latency_ms": self.latency_ms,
            "fail_status": self.fail_status,
        }
        for name, value in numbers.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise UserError(
                    f"{name} must be a non-negative number, got {value!r}",
                    where="faults",
                    fix=f"set {name} to 0 to turn it off",
                )
        if self.retry_after is not None and (
            isinstance(self.retry_after, bool) or not isinstance(self.retry_after, (int, float)) or self.retry_after < 0
        ):
            raise UserError(
                f"retry_after must be seconds or null, got {self.retry_after!r}",
                where="faults",
                fix="e.g. 1, or null for no header",
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise UserError(f"seed must be an integer, got {self.seed!r}", where="faults", fix="e.g. 0")
        if self.fail_ratio > 1:
            raise UserError(
                f"fail_ratio must be between 0 and 1, got {self.fail_ratio}",
                where="faults",
                fix="e.g. 0.2 fails one request in five",
            )
        if not 400 <= self.fail_status <= 599:
            raise UserError(
                f"fail_status must be a 4xx or 5xx status, got {self.fail_status}", where="faults", fix="e.g. 503"
            )

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "queue"} | {
            "queue": [f.spec() for f in self.queue]
        }


class FaultInjector:
    """Decides, per API request, whether and how it fails. Thread-safe."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self._lock = threading.Lock()
        self.set(plan or FaultPlan())

    def set(self, plan: FaultPlan) -> None:
        plan.check()
        with self._lock:
            self.plan = plan
            self._queue = deque(plan.queue)
            self._rng = random.Random(plan.seed)
            self._count = 0
            self._window: deque[float] = deque()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def decide(self, now: float | None = None) -> Fault | None:
        now = time.monotonic() if now is None else now
        with self._lock:
            plan = self.plan
            self._count += 1
            if self._queue:
                return self._queue.popleft()
            if plan.fail_every and self._count % plan.fail_every == 0:
                return Fault("status", plan.fail_status)
            if plan.fail_ratio and self._rng.random() < plan.fail_ratio:
                return Fault("status", plan.fail_status)
            if plan.rate_limit:
                while self._window and self._window[0] <= now - 1.0:
                    self._window.popleft()
                if len(self._window) >= plan.rate_limit:
                    return Fault("status", 429, retry_after=plan.retry_after)
                self._window.append(now)
            return None
