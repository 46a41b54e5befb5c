"""From the outbox to Customer.io: transform every (event, endpoint) pair, then deliver in order.

Two stages, both fed in acceptance order:

1. **Transform.** Each endpoint has its own sandbox pool and queue, so an endpoint whose
   transform loops forever or eats memory only ever waits on itself. A result ends as an
   outcome (unchanged, cancelled, disallowed, transform_error, validation_error, dry_run) or
   becomes a queued request.
2. **Send.** Requests for the same Customer.io person (`customerio.people.person_key`: v1
   URL or v2 identifiers) go out in acceptance order: only the oldest unfinished request of a person
   may be in flight, so a later one waits while an earlier one is retrying. Until an older
   event of the same Dodo customer has been transformed, a request waits for it too (its
   person is not known yet), except on an endpoint whose transforms just ran out of time
   or memory: a hostile transform costs its neighbours one time limit, never a stall.
   Ready requests to the same place go out together as one `/api/v2/batch` call (the client
   maps per-item errors back); a failure is retried on the Svix schedule, then dead-lettered.

State lives in the outbox; memory holds only the open deliveries, so a restart resumes
exactly where the file says.
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
import json
import time
from collections.abc import Iterable
from typing import Any
from pathlib import Path
from urllib.parse import urlsplit

from ..customerio.client import DeliveryOutcome, TrackClient
from ..customerio.people import person_key
from ..errors import UserError
from ..pipeline import RunOptions, arun_event
from ..result import CRASH, MEMORY, STACK_OVERFLOW, TIMEOUT
from ..sandbox import Limits, Sandbox
from ..transforms import load_transform
from ..webhook import DEFAULT_ENDPOINT_URL
from .config import EndpointConfig, RelayConfig
from .metrics import RelayMetrics
from .output import Output
from .store import base as ob
from .store.base import Attempt, Delivery, RelayStore, StoredResult

TRANSFORMS_IN_FLIGHT = 64  # per endpoint: enough to keep its sandbox workers' batches full
MAX_BATCH = 50  # ready requests handed to the client in one go (it sends them as /api/v2/batch calls)
NOTICE_POLL_S = 0.5
HOSTILE_KINDS = frozenset({TIMEOUT, MEMORY, STACK_OVERFLOW, CRASH})
HOSTILE_MEMORY_S = 60.0  # how long an endpoint that ran out of time or memory is not waited for


def _mtime(path: Path | None) -> float | None:
    try:
        return path.stat().st_mtime_ns if path else None
    except OSError:
        return None


def customer_key(envelope: Any) -> str:
    """The Dodo customer an event is about: events that share it are kept in order pre-transform."""
    if isinstance(envelope, (bytes, str)):
        try:
            envelope = json.loads(envelope)
        except ValueError:
            return ""
    data = envelope.get("data") if isinstance(envelope, dict) else None
    if not isinstance(data, dict):
        return ""
    customer = data.get("customer")
    if isinstance(customer, dict):
        return str(customer.get("customer_id") or customer.get("email") or "")
    return str(data.get("customer_id") or "")


class Dispatcher:
    def __init__(self, config: RelayConfig, store: RelayStore, output: Output, metrics: RelayMetrics) -> None:
        self.config = config
        self.store = store
        self.output = output
        self.metrics = metrics
        self.open: dict[int, Delivery] = {}
        # (Dodo customer, endpoint) -> ids not transformed yet, ascending (each endpoint's queue is FIFO)
        self._untransformed: dict[tuple[str, str], list[int]] = {}
        self._deferred: dict[str, set[int]] = {}  # Dodo customer -> requests waiting on its older transforms
        self._hostile_until: dict[str, float] = {}  # endpoint -> until when its pending transforms are not waited for
        self._ready_since: dict[int, float] = {}
        self._persons: dict[str, list[int]] = {}  # person -> sorted ids of its unfinished requests
        self._heap: list[tuple[float, int]] = []
        self._inflight: set[int] = set()
        self._kick = asyncio.Event()
        self._queues: dict[str, asyncio.Queue[Delivery]] = {e.name: asyncio.Queue() for e in config.endpoints}
        limits = Limits(time_s=config.time_limit_s)
        self._sandboxes = {e.name: Sandbox(workers=config.sandbox_workers, limits=limits) for e in config.endpoints}
        self._clients = self._make_clients(config.endpoints)
        self._sends = asyncio.Semaphore(config.send_concurrency)
        self._tasks: list[asyncio.Task] = []
        self._send_tasks: set[asyncio.Task] = set()
        self._stopping = False
        self._transforms = {e.name: e.transform for e in config.endpoints}
        self._mtimes = {e.name: _mtime(e.transform.path) for e in config.endpoints}
        # no schema hints: they are advice for an author at `run`/`check` time, cost the sandbox
        # more than half of its time per event, and a live delivery cannot act on them
        self._options = {
            e.name: RunOptions(limits=limits, endpoint=e.endpoint, customerio_base=config.customerio_url, hints=False) for e in config.endpoints
        }
        metrics.watch_queue(lambda: len(self.open))

    def _make_clients(self, endpoints: Iterable[EndpointConfig]) -> dict[str, TrackClient]:
        allowed = set(self.config.allow_hosts)
        shared: dict[Any, TrackClient] = {}
        out = {}
        for e in endpoints:
            key = e.credentials
            if key not in shared:
                shared[key] = TrackClient(e.credentials, base_url=self.config.customerio_url, rate_limit=self.config.rate_limit,
                                          max_attempts=1, allowed_hosts=allowed)
            out[e.name] = shared[key]
        return out

    # -- intake -------------------------------------------------------------------------------
    def add(self, deliveries: Iterable[Delivery]) -> None:
        """New, resumed or operator-changed deliveries; a newer copy replaces the one held."""
        for d in deliveries:
            if d.id in self._inflight:
                continue
            if d.id in self.open:
                self._forget(self.open[d.id])
            if self.config.endpoint(d.endpoint) is None:
                continue  # an endpoint this relay does not run: left pending in the outbox for one that does
            self.open[d.id] = d
            if d.status == ob.PENDING:
                if d.customer is None:  # resumed from the file; fresh ones come with it
                    d.customer = customer_key(d.body)
                bisect.insort(self._untransformed.setdefault((d.customer, d.endpoint), []), d.id)
                self._queues[d.endpoint].put_nowait(d)
            else:
                self._enqueue_send(d)

    def _forget(self, d: Delivery) -> None:
        self.open.pop(d.id, None)
        self._ready_since.pop(d.id, None)
        self._transformed(d)
        if d.person is not None:
            ids = self._persons.get(d.person)
            if ids and d.id in ids:
                was_head = ids[0] == d.id
                ids.remove(d.id)
                if not ids:
                    del self._persons[d.person]
                elif was_head:
                    self._push(self.open[ids[0]])

    def _transformed(self, d: Delivery) -> None:
        key = (d.customer or "", d.endpoint)
        waiting = self._untransformed.get(key)
        if waiting is None:
            return
        i = bisect.bisect_left(waiting, d.id)
        if i < len(waiting) and waiting[i] == d.id:
            del waiting[i]
            if not waiting:
                del self._untransformed[key]
            now = time.time()
            for did in self._deferred.pop(key[0], ()):  # they were due; they may go now
                if did in self.open:
                    self.open[did].next_attempt_at = now
                    self._push(self.open[did])

    def _enqueue_send(self, d: Delivery) -> None:
        self._ready_since[d.id] = time.time()
        if d.person is None:
            self._push(d)
            return
        ids = self._persons.setdefault(d.person, [])
        bisect.insort(ids, d.id)  # acceptance order is delivery-id order; replays and reloads can arrive out of it
        if ids[0] == d.id:
            self._push(d)

    def _push(self, d: Delivery) -> None:
        heapq.heappush(self._heap, (d.next_attempt_at, d.id))
        self._kick.set()

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        for name, q in self._queues.items():
            for _ in range(TRANSFORMS_IN_FLIGHT):
                self._tasks.append(asyncio.create_task(self._transform_worker(name, q)))
        self._tasks.append(asyncio.create_task(self._scheduler()))

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
        """Keep the leases on what this relay holds, and pick up what `outbox retry`/`replay` changed."""
        while True:
            await self.store.wait_for_work(NOTICE_POLL_S)
            self._reload_changed_transforms()
            try:
                for did in await self.store.renew(list(self.open)):  # a shared store gave them to another relay
                    if did in self.open:
                        self._forget(self.open[did])
                self.add(await self.store.claim())
            except Exception as exc:  # a busy or unreachable store: try again next round
                self.output.warn(f"could not read the outbox: {type(exc).__name__}: {exc}")

    def _reload_changed_transforms(self) -> None:
        """A fixed transform file takes effect without a restart, so `outbox replay` uses it."""
        for name, transform in self._transforms.items():
            mtime = _mtime(transform.path)
            if transform.path is None or mtime == self._mtimes[name]:
                continue
            self._mtimes[name] = mtime
            try:
                self._transforms[name] = load_transform(transform.path)
            except UserError as exc:
                self.output.warn(f"kept the previous {name}: {exc}")
                continue
            self.output.info(f"reloaded {name}: the changed transform applies to events transformed from now on", endpoint=name)

    # -- stage 1: transform -------------------------------------------------------------------
    async def _transform_worker(self, name: str, q: asyncio.Queue[Delivery]) -> None:
        endpoint = self.config.endpoint(name)
        assert endpoint is not None
        while True:
            d = await q.get()
            if self.open.get(d.id) is not d or self._stopping:
                continue
            try:
                await self._transform(endpoint, d)
            except Exception as exc:  # a bug here must cost one delivery, not the relay
                self._transform_done(d, ob.TRANSFORM_ERROR, detail=f"internal error while transforming: {type(exc).__name__}: {exc}")

    async def _transform(self, endpoint: EndpointConfig, d: Delivery) -> None:
        try:
            envelope = json.loads(d.body or b"")
        except ValueError as exc:
            self._transform_done(d, ob.TRANSFORM_ERROR, detail=f"stored event is not JSON: {exc}")
            return
        result = await arun_event(self._sandboxes[endpoint.name], self._transforms[endpoint.name], envelope, options=self._options[endpoint.name])
        if self.open.get(d.id) is not d:
            return  # replaced by an operator action meanwhile
        d.body = None
        self._transformed(d)
        stored = StoredResult(result.to_json())
        webhook = result.webhook or {}
        if result.status == "error" and result.error is not None:
            if result.error.kind in HOSTILE_KINDS:
                self._hostile_until[endpoint.name] = time.time() + HOSTILE_MEMORY_S
            self._transform_done(d, ob.TRANSFORM_ERROR, stored, detail=f"{result.error.kind}: {result.error.message}")
        elif result.status == "cancelled":
            self._transform_done(d, ob.CANCELLED, stored)
        elif result.status == "unchanged" and endpoint.endpoint.url == DEFAULT_ENDPOINT_URL:
            self._transform_done(d, ob.UNCHANGED, stored, detail="the transform left webhook.url unchanged and this endpoint has no url")
        elif not self._allowed(str(webhook.get("url", ""))):
            host = urlsplit(str(webhook.get("url", ""))).hostname or "?"
            self._transform_done(d, ob.DISALLOWED, stored, target=str(webhook.get("url", "")),
                                 detail=f"{host} is not an allowed host; allow it with --allow-host {host}")
        elif not result.ok:
            errors = [f for f in result.findings if f.severity == "error"]
            self._transform_done(d, ob.VALIDATION_ERROR, stored, target=str(webhook.get("url")),
                                 detail="; ".join(f"{f.path or '(request)'}: {f.message}" for f in errors[:3]))
        elif self.config.dry_run:
            self._transform_done(d, ob.DRY_RUN, stored, target=f"{webhook.get('method')} {webhook.get('url')}")
        else:
            d.request = webhook
            d.person = person_key(webhook, override_base=self.config.customerio_url)
            d.status = ob.QUEUED
            d.next_attempt_at = time.time()
            self.store.record_transform(d, result=stored)
            self._enqueue_send(d)

    def _allowed(self, url: str) -> bool:
        if self.config.host_allowed(url):
            return True
        base = self.config.customerio_url
        return bool(base) and urlsplit(url).netloc == urlsplit(base).netloc

    # -- stage 2: send ------------------------------------------------------------------------
    def _blocked_by_older_transform(self, d: Delivery, now: float) -> bool:
        """An older event of the same Dodo customer is still being transformed somewhere.

        Its result may be for the same person, so `d` waits, unless that endpoint's transforms
        are known to be hostile (a recent timeout, memory or stack overrun, or crash: they
        produce no request, and waiting on them would hand their delay to every endpoint),
        or `order_grace_s` has passed (a safety net, not the normal way out).
        """
        customer = d.customer or ""
        for endpoint in self._queues:
            waiting = self._untransformed.get((customer, endpoint))
            if waiting and waiting[0] < d.id and self._hostile_until.get(endpoint, 0.0) < now:
                return now < self._ready_since.get(d.id, now) + self.config.order_grace_s
        return False

    async def _scheduler(self) -> None:
        while not self._stopping:
            now = time.time()
            batch: list[Delivery] = []
            deferred: list[tuple[float, int]] = []
            limit = self.config.send_concurrency * MAX_BATCH
            while self._heap and self._heap[0][0] <= now and len(self._inflight) + len(batch) < limit and len(batch) < MAX_BATCH:
                at, did = heapq.heappop(self._heap)
                d = self.open.get(did)
                if d is None or d.status not in (ob.QUEUED, ob.RETRYING) or did in self._inflight or at != d.next_attempt_at:
                    continue
                if d.person is not None and self._persons.get(d.person, [None])[0] != did:
                    continue
                if self._blocked_by_older_transform(d, now):
                    # woken by the transform it waits for, or by the grace running out
                    self._deferred.setdefault(d.customer or "", set()).add(did)
                    deferred.append((self._ready_since.get(did, now) + self.config.order_grace_s, did))
                    continue
                batch.append(d)
            for at, did in deferred:
                self.open[did].next_attempt_at = at
                heapq.heappush(self._heap, (at, did))
            if batch:
                for d in batch:
                    self._inflight.add(d.id)
                task = asyncio.create_task(self._send(batch))
                self._send_tasks.add(task)
                task.add_done_callback(self._send_tasks.discard)
                continue
            self._kick.clear()
            wait = min(self._heap[0][0] - now, 1.0) if self._heap else 1.0
            if len(self._inflight) >= limit:
                wait = 0.05
            try:
                await asyncio.wait_for(self._kick.wait(), timeout=max(wait, 0.001))
            except asyncio.TimeoutError:
                pass

    async def _send(self, batch: list[Delivery]) -> None:
        try:
            async with self._sends:
                by_client: dict[int, list[Delivery]] = {}
                for d in batch:
                    by_client.setdefault(id(self._clients[d.endpoint]), []).append(d)
                await asyncio.gather(*(self._send_group(group) for group in by_client.values()))
        finally:
            for d in batch:
                self._inflight.discard(d.id)
            self._kick.set()

    async def _send_group(self, group: list[Delivery]) -> None:
        client = self._clients[group[0].endpoint]
        items = [(d.request or {}, d.webhook_id, d.endpoint) for d in group]
        try:
            if len(items) == 1:
                outcomes = [await client.deliver(items[0][0], webhook_id=items[0][1], transform=items[0][2], max_attempts=1)]
            else:
                outcomes = await client.deliver_many(items)
        except Exception as exc:  # the client promises not to raise; if it does, retry later
            outcomes = [DeliveryOutcome(ok=False, retryable=True, error=f"internal error: {type(exc).__name__}: {exc}") for _ in group]
        for d, outcome in zip(group, outcomes):
            self._settle(d, outcome)

    def _settle(self, d: Delivery, outcome: DeliveryOutcome) -> None:
        if self.open.get(d.id) is not d:
            return
        d.attempts += 1
        body = outcome.body if isinstance(outcome.body, str) else "" if outcome.body is None else json.dumps(outcome.body)
        attempt = Attempt(at=time.time(), ok=outcome.ok, status=outcome.status, body=body or "", error=outcome.error, duration_ms=outcome.duration_ms)
        target = f"{(d.request or {}).get('method', 'POST')} {(d.request or {}).get('url', '')}"
        detail = f"{outcome.error}" + (f"  body: {body[:300]}" if body and body != "null" else "")
        if outcome.ok:
            self.metrics.delivery_latency.observe(max(0.0, time.time() - d.received_at))
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
                d.next_attempt_at = time.time() + delay
                self.store.record_attempt(d, attempt)
                self._report(d, "retrying", code=outcome.status, target=target, detail=f"attempt {d.attempts} failed, next in {delay:g} s: {detail}")
                self._push(d)
                return
        d.status = status
        self.store.record_attempt(d, attempt)
        self._forget(d)
        self._report(d, status, code=outcome.status, target=target, detail=detail)

    # -- bookkeeping --------------------------------------------------------------------------
    def _transform_done(self, d: Delivery, status: str, result: StoredResult | None = None, *, detail: str = "", target: str = "") -> None:
        d.status = status
        self.store.record_transform(d, result=result, detail=detail)
        self._forget(d)
        self._report(d, status, target=target, detail=detail)

    def _report(self, d: Delivery, status: str, *, detail: str = "", target: str = "", code: int | None = None) -> None:
        self.metrics.deliveries.labels(status, d.endpoint).inc()
        self.output.outcome(webhook_id=d.webhook_id, event_type=d.event_type, endpoint=d.endpoint, outcome=status, delivery_id=d.id,
                            status=code, detail=detail, target=target, attempt=d.attempts)
