"""The whole pipeline for one event: envelope -> webhook object -> sandbox -> result -> validation.

This is the library API the CLI, the relay and the editor share, so a transform behaves the
same in `run`, `check`, live relaying and the browser.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .classify import classify
from .customerio.validate import validate_request
from .errors import UserError
from .fixtures import Fixture
from .result import MEMORY, TIMEOUT, TransformResult
from .sandbox import Job, Limits, Reply, Sandbox
from .surrogates import replaced
from .transforms import Transform
from .units import parse_moment
from .webhook import Endpoint, build_webhook


@dataclass(frozen=True)
class RunOptions:
    """How to run: limits, determinism, and what extra checking to do."""

    limits: Limits | None = None
    now: str | None = None  # ISO 8601; freezes Date and seeds Math.random
    seed: int | None = None
    hints: bool = True
    endpoint: Endpoint = field(default_factory=Endpoint)
    customerio_base: str | None = None  # an emulator URL that counts as a Customer.io host


def _parse_now(text: str | None) -> int | None:
    """`--now` as epoch milliseconds."""
    if text is None:
        return None
    try:
        moment = parse_moment(text)
    except ValueError as exc:
        raise UserError.from_value_error(exc, where="--now") from None
    return int(moment.timestamp() * 1000)


def _webhook(envelope: Any, options: RunOptions) -> tuple[dict[str, Any], str]:
    """The webhook object and the JSON the worker gets (compact, as V8 would print it)."""
    webhook = build_webhook(envelope, options.endpoint)
    return webhook, json.dumps(webhook, ensure_ascii=False, separators=(",", ":"))


def _job(sandbox: Sandbox, source: str, webhook_json: str, options: RunOptions) -> Job:
    now_ms = _parse_now(options.now)
    seed = options.seed if options.seed is not None else (1 if now_ms is not None else None)
    return Job(
        source=source,
        webhook_json=webhook_json,
        limits=options.limits or sandbox.limits,
        now_ms=now_ms,
        seed=seed,
        hints=options.hints,
    )


def _finish(
    transform: Transform, webhook: dict[str, Any], reply: Reply, fixture: str | None, options: RunOptions
) -> TransformResult:
    result = classify(transform, webhook, reply, fixture=fixture)
    if result.status == "routed":
        out = result.webhook
        assert out is not None  # a routed result has its webhook
        if any(f.code == "lone_surrogate" for f in result.findings):  # reported; sizes are measured as received
            out = replaced(out)
        result.findings.extend(
            validate_request(
                out["method"], out["url"], out["payload"], override_base=options.customerio_base, headers=out["headers"]
            )
        )
    return result


def run_event(
    sandbox: Sandbox,
    transform: Transform,
    envelope: Any,
    *,
    fixture: str | None = None,
    options: RunOptions = RunOptions(),
) -> TransformResult:
    """Run one transform on one Dodo envelope (blocking)."""
    webhook, webhook_json = _webhook(envelope, options)
    reply = sandbox.submit(_job(sandbox, transform.source, webhook_json, options)).result()
    return _finish(transform, webhook, reply, fixture, options)


async def arun_event(
    sandbox: Sandbox,
    transform: Transform,
    envelope: Any,
    *,
    fixture: str | None = None,
    options: RunOptions = RunOptions(),
) -> TransformResult:
    """`run_event` for asyncio callers (the relay, the editor): the loop is never blocked."""
    webhook, webhook_json = _webhook(envelope, options)
    reply = await sandbox.submit_async(_job(sandbox, transform.source, webhook_json, options))
    return _finish(transform, webhook, reply, fixture, options)


# A transform that hits these on one event would hit them on most: with `stop_on_limit`, its
# other events are not run, so a loop costs one time limit instead of one per event.
_STOP_KINDS = (TIMEOUT, MEMORY)


def run_matrix(
    sandbox: Sandbox,
    transforms: Sequence[Transform],
    fixtures: Iterable[Fixture],
    *,
    options: RunOptions = RunOptions(),
    stop_on_limit: bool = False,
    on_result: Callable[[TransformResult | None], None] | None = None,
) -> list[TransformResult]:
    """Every transform on every fixture; all queued at once so the pool is busy.

    Results come back transform by transform, each in the fixtures' order. With
    `stop_on_limit`, a transform's events after its first timeout or out-of-memory are
    cancelled and left out of the list. `on_result` sees each result as it is ready, and None
    for each event left out (for a progress display).
    """
    events = [(fixture.name, *_webhook(fixture.envelope, options)) for fixture in fixtures]  # once, not per transform
    runs = [(transform, webhook, name) for transform in transforms for name, webhook, _ in events]
    template = _job(sandbox, "", "", options)  # limits and clock: worked out once, not per event
    replies = sandbox.map(
        Job(transform.source, webhook_json, template.limits, template.now_ms, template.seed, template.hints)
        for transform in transforms
        for _, _, webhook_json in events
    )
    results: list[TransformResult] = []
    stopped: set[int] = set()
    for index, ((t, w, name), reply) in enumerate(zip(runs, replies, strict=False)):
        if id(t) in stopped:  # left out: its transform stopped (None: it did not even run)
            if on_result is not None:
                on_result(None)
            continue
        result = _finish(t, w, reply, name, options)
        results.append(result)
        if on_result is not None:
            on_result(result)
        if stop_on_limit and result.error is not None and result.error.kind in _STOP_KINDS:
            stopped.add(id(t))
            for later in range(index + 1, (index // len(events) + 1) * len(events)):
                replies.cancel(later)
    return results
