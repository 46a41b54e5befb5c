"""From the outbox to Customer.io: transform every (event, endpoint) pair, then deliver in order.

Two stages, both fed in acceptance order:

1. **Transform.** Each endpoint has its own sandbox pool and queue, so an endpoint whose
   transform loops forever or eats memory only ever waits on itself. A result ends as an
   outcome (unchanged, cancelled, disallowed, transform_error, validation_error, dry_run) or
   becomes a queued request.
2. **Send.** `ordering.Ordering` decides what may go (per person, after older transforms of
   the same customer, on schedule); ready requests to the same place go out together as one
   `/api/v2/batch` call (the client maps per-item errors back); a failure is retried on the
   Svix schedule, then dead-lettered. A request that cannot be built fails alone (`invalid_request`).

The dispatcher does the I/O around those rules: the sandboxes and Track clients come from
factories (tests pass their own), outcomes go to the `store`, lines to the `output`. State lives
in the store; memory holds only the open deliveries, so a restart resumes where the store says.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from .. import strictjson
from ..customerio.client import DeliveryOutcome, TrackClient
from ..customerio.credentials import Credentials
from ..customerio.people import person_key
from ..fixtures import find_fixture
from ..pipeline import RunOptions, arun_event
from ..result import TransformResult
from ..sandbox import Limits, Sandbox
from ..sandbox.protocol import CRASH, MEMORY, STACK_OVERFLOW, TIMEOUT
from ..transforms import Transform
from ..webhook import DEFAULT_ENDPOINT_URL
from .config import EndpointConfig, RelayConfig
from .metrics import RelayMetrics
from .ordering import Ordering
from .output import Output
from .reload import LiveTransforms
from .store import base as ob
from .store.base import Attempt, Delivery, RelayStore, StoredResult

_TRANSFORMS_IN_FLIGHT = 64  # per endpoint: enough to keep its sandbox workers' batches full
MAX_BATCH = 50  # ready requests handed to the client in one go (it sends them as /api/v2/batch calls)
_NOTICE_POLL_S = 0.5
_HOSTILE_KINDS = frozenset({TIMEOUT, MEMORY, STACK_OVERFLOW, CRASH})
_TRIAL_EVENT = "payment.succeeded"  # what a transform is tried on before it is used

SandboxFactory = Callable[[EndpointConfig, Limits], Sandbox]
ClientFactory = Callable[[Credentials | None, RelayConfig], TrackClient]
_PEER_RECHECK_S = 1.0  # a send another relay held back asks again after this, or when that relay finishes something


def _default_sandbox(endpoint: EndpointConfig, limits: Limits, *, workers: int = 2) -> Sandbox:
    return Sandbox(workers=workers, limits=limits)


def _default_client(credentials: Credentials | None, config: RelayConfig) -> TrackClient:
    # one attempt per call: the relay's own schedule (and the outbox) does the retrying
    return TrackClient(
        credentials,
        base_url=config.customerio_url,
        rate_limit=config.rate_limit,
        max_attempts=1,
        allowed_hosts=set(config.allow_hosts),
    )


def customer_key(envelope: Any) -> str:
    """The Dodo customer an event is about: events that share it are kept in order pre-transform."""
    if isinstance(envelope, (bytes, str)):
        try:
            envelope = strictjson.loads(envelope, what="the stored event")
        except strictjson.JSONError:
            return ""
    data = envelope.get("data") if isinstance(envelope, dict) else None
    if not isinstance(data, dict):
        return ""
    customer = data.get("customer")
    if isinstance(customer, dict):
        return str(customer.get("customer_id") or customer.get("email") or "")
    return str(data.get("customer_id") or "")


class Dispatcher:
    def __init__(
        self,
        config: RelayConfig,
        store: RelayStore,
        output: Output,
        metrics: RelayMetrics,
        *,
        sandbox_factory: SandboxFactory | None = None,
        client_factory: ClientFactory = _default_client,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.store = store
        self.output = output
        self.metrics = metrics
        self.clock = clock
        self.ordering = Ordering([e.name for e in config.endpoints], order_grace_s=config.order_grace_s, clock=clock)
        self._held_back: set[int] = set()  # ready, but the store held them back for another relay's earlier delivery
        self._kick = asyncio.Event()
        self._queues: dict[str, asyncio.Queue[Delivery]] = {e.name: asyncio.Queue() for e in config.endpoints}
        limits = config.limits
        make_sandbox = sandbox_factory or (lambda e, lim: _default_sandbox(e, lim, workers=config.sandbox_workers))
        self._sandboxes = {e.name: make_sandbox(e, limits) for e in config.endpoints}
        self._clients = self._make_clients(config.endpoints, client_factory)
        self._sends = asyncio.Semaphore(config.send_concurrency)
        self._tasks: list[asyncio.Task[Any]] = []
        self._send_tasks: set[asyncio.Task[Any]] = set()
        self._stopping = False
        # no schema hints: they are advice for an author at `run`/`check` time, cost the sandbox
        # more than half of its time per event, and a live delivery cannot act on them
        self._options = {
            e.name: RunOptions(limits=limits, endpoint=e.endpoint, customerio_base=config.customerio_url, hints=False)
            for e in config.endpoints
        }
        self.transforms = LiveTransforms({e.name: e.transform for e in config.endpoints}, self._trial, output)
        metrics.watch_queue(lambda: len(self.open))

    @property
    def open(self) -> dict[int, Delivery]:
        return self.ordering.open

    def _make_clients(self, endpoints: Iterable[EndpointConfig], factory: ClientFactory) -> dict[str, TrackClient]:
        shared: dict[Any, TrackClient] = {}
        out = {}
        for e in endpoints:
            if e.credentials not in shared:
                shared[e.credentials] = factory(e.credentials, self.config)
            out[e.name] = shared[e.credentials]
        return out

    async def _trial(self, endpoint: str, transform: Transform) -> TransformResult:
        result = await arun_event(
            self._sandboxes[endpoint], transform, find_fixture(_TRIAL_EVENT).envelope, options=self._options[endpoint]
        )
        if result.error is not None and result.error.kind in _HOSTILE_KINDS:
            self.ordering.hostile(endpoint)  # known before its first event: nobody waits for it
        return result

    # -- intake -------------------------------------------------------------------------------
    def add(self, deliveries: Iterable[Delivery]) -> None:
        """New, resumed or operator-changed deliveries; a newer copy replaces the one held."""
        for d in deliveries:
            if d.status == ob.PENDING and d.customer is None:  # resumed from the store; fresh ones come with it
                d.customer = customer_key(d.body)
            if self.ordering.admit(d):
                self._queues[d.endpoint].put_nowait(d)
        self._kick.set()

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        for name, q in self._queues.items():
            for _ in range(_TRANSFORMS_IN_FLIGHT):
                self._tasks.append(asyncio.create_task(self._transform_worker(name, q)))
        self._tasks.append(asyncio.create_task(self._scheduler()))
        self._tasks.append(asyncio.create_task(self._peer_wakeups()))

    def watch_claims(self) -> None:
        self._tasks.append(asyncio.create_task(self._claims()))

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop taking work, let in-flight sends finish (or leave them open in the outbox)."""
        self._stopping = True
        self._kick.set()
        if self._send_tasks:
            await asyncio.wait(self._send_tasks, timeout=timeout)
        for t in self._tasks + list(self._send_tasks):
            t.cancel()
        await asyncio.gather(*self._tasks, *self._send_tasks, return_exceptions=True)
        for client in {id(c): c for c in self._clients.values()}.values():
            await client.aclose()
        await asyncio.gather(*(asyncio.to_thread(sb.close) for sb in self._sandboxes.values()))

    async def _claims(self) -> None:
        """Keep the leases on what this relay holds, pick up what `outbox retry`/`replay` changed, reload transforms."""
        while True:
            await self.store.wait_for_work(_NOTICE_POLL_S)
            try:
                await self.transforms.reload_changed()
                for did in await self.store.renew(list(self.open)):  # a shared store gave them to another relay
                    self.ordering.drop(did)
                self.add(await self.store.claim())
            except Exception as exc:  # a busy or unreachable store: try again next round
                self.output.warn(f"could not read the outbox: {type(exc).__name__}: {exc}")

    # -- stage 1: transform -------------------------------------------------------------------
    async def _transform_worker(self, name: str, q: asyncio.Queue[Delivery]) -> None:
        endpoint = self.config.endpoint(name)
        assert endpoint is not None
        while True:
            d = await q.get()
            if not self.ordering.holds(d) or self._stopping:
                continue
            try:
                await self._transform(endpoint, d)
            except Exception as exc:  # a bug here must cost one delivery, not the relay
                self._transform_done(
                    d, ob.TRANSFORM_ERROR, detail=f"internal error while transforming: {type(exc).__name__}: {exc}"
                )

    async def _transform(self, endpoint: EndpointConfig, d: Delivery) -> None:
        try:  # ingest read it strictly; an outbox an older relay wrote may hold what it no longer takes
            envelope = strictjson.loads(d.body or b"", what="it")
        except strictjson.JSONError as exc:
            self._transform_done(d, ob.TRANSFORM_ERROR, detail=f"the stored event cannot be read: {exc}")
            return
        result = await arun_event(
            self._sandboxes[endpoint.name],
            self.transforms[endpoint.name],
            envelope,
            options=self._options[endpoint.name],
        )
        if not self.ordering.holds(d):
            return  # replaced by an operator action meanwhile
        d.body = None
        stored = StoredResult(result.to_json())
        webhook = result.webhook or {}
        if result.status == "error" and result.error is not None:
            self._transform_done(
                d,
                ob.TRANSFORM_ERROR,
                stored,
                detail=f"{result.error.kind}: {result.error.message}",
                hostile=result.error.kind in _HOSTILE_KINDS,
            )
        elif result.status == "cancelled":
            self._transform_done(d, ob.CANCELLED, stored)
        elif result.status == "unchanged" and endpoint.endpoint.url == DEFAULT_ENDPOINT_URL:
            self._transform_done(
                d, ob.UNCHANGED, stored, detail="the transform left webhook.url unchanged and this endpoint has no url"
            )
        elif not self._allowed(str(webhook.get("url", ""))):
            host = urlsplit(str(webhook.get("url", ""))).hostname or "?"
            self._transform_done(
                d,
                ob.DISALLOWED,
                stored,
                target=str(webhook.get("url", "")),
                detail=f"{host} is not an allowed host; allow it with --allow-host {host}",
            )
        elif not result.ok:
            errors = [f for f in result.findings if f.severity == "error"]
            self._transform_done(
                d,
                ob.VALIDATION_ERROR,
                stored,
                target=str(webhook.get("url")),
                detail="; ".join(f"{f.path or '(request)'}: {f.message}" for f in errors[:3]),
            )
        elif self.config.dry_run:
            self._transform_done(d, ob.DRY_RUN, stored, target=f"{webhook.get('method')} {webhook.get('url')}")
        else:
            d.request = webhook
            d.person = person_key(webhook, override_base=self.config.customerio_url)
            d.status = ob.QUEUED
            d.next_attempt_at = self.clock()
            self.store.record_transform(d, result=stored)
            self.ordering.transformed(d)
            self._kick.set()

    def _allowed(self, url: str) -> bool:
        if self.config.host_allowed(url):
            return True
        base = self.config.customerio_url
        return bool(base) and urlsplit(url).netloc == urlsplit(base).netloc

    # -- stage 2: send ------------------------------------------------------------------------
    async def _scheduler(self) -> None:
        limit = self.config.send_concurrency * MAX_BATCH
        while not self._stopping:
            batch = self.ordering.due(min(MAX_BATCH, limit - len(self.ordering.in_flight)))
            if batch:
                task = asyncio.create_task(self._send(batch))
                self._send_tasks.add(task)
                task.add_done_callback(self._send_tasks.discard)
                continue
            self._kick.clear()
            at = self.ordering.next_due()
            wait = min(at - self.clock(), 1.0) if at is not None else 1.0
            if len(self.ordering.in_flight) >= limit:
                wait = 0.05
            try:
                await asyncio.wait_for(self._kick.wait(), timeout=max(wait, 0.001))
            except asyncio.TimeoutError:
                pass

    async def _send(self, batch: list[Delivery]) -> None:
        try:
            async with self._sends:
                batch = await self._cleared(batch)
                by_client: dict[int, list[Delivery]] = {}
                for d in batch:
                    by_client.setdefault(id(self._clients[d.endpoint]), []).append(d)
                await asyncio.gather(*(self._send_group(group) for group in by_client.values()))
        finally:
            self.ordering.release(d.id for d in batch)  # any left without an outcome (a stop mid-send) go again
            self._kick.set()

    async def _cleared(self, batch: list[Delivery]) -> list[Delivery]:
        """What the store lets go now. One it gave to another relay is dropped; one held back for
        an earlier delivery another relay holds (or for an unreachable database) asks again later."""
        try:
            ready, lost = await self.store.clear_to_send(batch)
        except Exception as exc:  # the store promises not to raise; if it does, nothing goes now
            self.output.warn(f"could not clear deliveries to send: {type(exc).__name__}: {exc}")
            ready, lost = [], []
        settled = {d.id for d in ready} | {d.id for d in lost}
        for d in lost:
            self.ordering.drop(d.id)
        later = self.clock() + _PEER_RECHECK_S
        for d in batch:
            if d.id not in settled:
                self._held_back.add(d.id)
                self.ordering.hold_back(d, later)
        self.ordering.release(d.id for d in lost)
        return ready

    async def _peer_wakeups(self) -> None:
        """Another relay finished deliveries: what waited on them may go now."""
        while True:
            await self.store.wait_for_peers()
            waiting, self._held_back = self._held_back, set()
            for did in waiting:
                d = self.open.get(did)
                if d is not None and did not in self.ordering.in_flight:
                    self.ordering.hold_back(d, self.clock())
            self._kick.set()

    async def _send_group(self, group: list[Delivery]) -> None:
        client = self._clients[group[0].endpoint]
        items = [(d.request or {}, d.webhook_id, d.endpoint) for d in group]
        try:
            if len(items) == 1:
                outcomes = [
                    await client.deliver(items[0][0], webhook_id=items[0][1], transform=items[0][2], max_attempts=1)
                ]
            else:
                outcomes = await client.deliver_many(items)
        except Exception as exc:  # the client promises not to raise; if it does, retry later
            outcomes = [
                DeliveryOutcome(ok=False, retryable=True, error=f"internal error: {type(exc).__name__}: {exc}")
                for _ in group
            ]
        for d, outcome in zip(group, outcomes, strict=False):
            self._settle(d, outcome)

    def _settle(self, d: Delivery, outcome: DeliveryOutcome) -> None:
        if not self.ordering.holds(d):
            self.ordering.settled(d)
            return
        d.attempts += 1
        body = (
            outcome.body if isinstance(outcome.body, str) else "" if outcome.body is None else json.dumps(outcome.body)
        )
        attempt = Attempt(
            at=self.clock(),
            ok=outcome.ok,
            status=outcome.status,
            body=body or "",
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        sent = outcome.request or d.request or {}  # where it really went: --customerio-url replaces a Track host
        target = f"{sent.get('method', 'POST')} {sent.get('url', '')}"
        detail = f"{outcome.error}" + (f"  body: {body[:300]}" if body and body != "null" else "")
        if outcome.ok:
            self.metrics.delivery_latency.observe(max(0.0, self.clock() - d.received_at))
            status, detail = ob.DELIVERED, ""
        elif not outcome.retryable:
            status = ob.INVALID_REQUEST if outcome.invalid_request else ob.FAILED
        else:
            delay = self.config.schedule.next_delay(d.attempts - d.schedule_base)
            if delay is None:
                status, detail = ob.DEAD, f"gave up after {d.attempts - d.schedule_base} attempts: {detail}"
            else:
                delay = max(delay, outcome.retry_after or 0.0)
                d.status = ob.RETRYING
                d.next_attempt_at = self.clock() + delay
                self.store.record_attempt(d, attempt)
                self.ordering.settled(d)
                self._report(
                    d,
                    "retrying",
                    code=outcome.status,
                    target=target,
                    detail=f"attempt {d.attempts} failed, next in {delay:g} s: {detail}",
                )
                return
        d.status = status
        self.store.record_attempt(d, attempt)
        self.ordering.settled(d)
        self._report(d, status, code=outcome.status, target=target, detail=detail)

    # -- bookkeeping --------------------------------------------------------------------------
    def _transform_done(
        self,
        d: Delivery,
        status: str,
        result: StoredResult | None = None,
        *,
        detail: str = "",
        target: str = "",
        hostile: bool = False,
    ) -> None:
        d.status = status
        self.store.record_transform(d, result=result, detail=detail)
        self.ordering.transformed(d, hostile=hostile)
        self._report(d, status, target=target, detail=detail)

    def _report(self, d: Delivery, status: str, *, detail: str = "", target: str = "", code: int | None = None) -> None:
        self.metrics.deliveries.labels(status, d.endpoint).inc()
        self.output.outcome(
            webhook_id=d.webhook_id,
            event_type=d.event_type,
            endpoint=d.endpoint,
            outcome=status,
            delivery_id=d.id,
            status=code,
            detail=detail,
            target=target,
            attempt=d.attempts,
        )
