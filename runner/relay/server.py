"""The relay's HTTP face and its lifecycle: POST /webhooks/dodo, GET /healthz, GET /metrics.

A webhook is answered 2xx only after its raw body is committed to the outbox; everything else
(transforming, validating, delivering) happens after the ack, from the outbox. On SIGTERM or
SIGINT uvicorn stops accepting and finishes the requests it has, then the dispatcher lets
in-flight sends finish and the writer commits what is queued; anything still open stays in the
outbox for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import time
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..serving import SlowClientGuard, raise_fd_limit
from .config import RelayConfig
from .dispatcher import Dispatcher, customer_key
from .metrics import RelayMetrics
from .output import Output
from .store import is_postgres, open_store
from .store.base import NewEvent, RelayStore, instance_name
from .verify import Rejected, Verifier, body_too_large

WEBHOOK_PATH = "/webhooks/dodo"


class Relay:
    """Outbox writer + dispatcher + Starlette app, started and stopped together."""

    def __init__(self, config: RelayConfig, output: Output | None = None) -> None:
        self.config = config
        self.output = output or Output(config.log_format, config.all_secrets())
        self.metrics = RelayMetrics()
        self.verifier = Verifier(config.secrets, skip=config.skip_verify, max_body=config.max_body)
        self.store: RelayStore | None = None
        self.instance = instance_name()
        self.dispatcher: Dispatcher | None = None
        self.accepting = False
        self.app = Starlette(
            routes=[
                Route(WEBHOOK_PATH, self.receive, methods=["POST"]),
                Route("/healthz", self.healthz, methods=["GET"]),
                Route("/metrics", self.metrics_page, methods=["GET"]),
            ]
        )

    async def start(self) -> int:
        """Open the outbox and resume every open delivery; returns how many were resumed."""
        store = open_store(
            self.config.db,
            endpoints=[e.name for e in self.config.endpoints],
            lease_s=self.config.lease_s,
            instance=self.instance,
        )
        await store.start()  # first: a second relay on the same outbox is told so at once
        self.metrics.info.labels(self.instance, "postgresql" if is_postgres(self.config.db) else "sqlite").set(1)
        dispatcher = Dispatcher(self.config, store, self.output, self.metrics)
        try:
            await dispatcher.transforms.check_all()
            resumed = await store.claim()
        except BaseException:
            await dispatcher.stop()
            await store.close()
            raise
        self.store, self.dispatcher = store, dispatcher
        dispatcher.add(resumed)
        self.dispatcher.start()
        self.dispatcher.watch_claims()
        self.accepting = True
        return len(resumed)

    async def stop(self) -> None:
        self.accepting = False
        if self.dispatcher:
            await self.dispatcher.stop()
        if self.store:
            await self.store.close()

    # -- routes -------------------------------------------------------------------------------
    def _reject(self, rejected: Rejected, webhook_id: str = "") -> JSONResponse:
        self.metrics.rejected.labels(rejected.reason).inc()
        self.output.rejected(rejected.status, rejected.reason, rejected.message, webhook_id=webhook_id)
        return JSONResponse(rejected.to_json(), status_code=rejected.status)

    async def receive(self, request: Request) -> Response:
        started = time.perf_counter()
        if not self.accepting or self.store is None or self.dispatcher is None:
            return JSONResponse(
                {"error": "the relay is shutting down; retry", "reason": "unavailable", "status": 503}, status_code=503
            )
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.config.max_body:
            return self._reject(body_too_large(int(declared), self.config.max_body))
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.config.max_body:
                return self._reject(body_too_large(len(body), self.config.max_body))
        checked = self.verifier.check(request.headers, bytes(body))
        if isinstance(checked, Rejected):
            return self._reject(checked, request.headers.get("webhook-id", "")[:100])
        endpoints = [e.name for e in self.config.endpoints if e.wants(checked.event_type)]
        try:
            stored = await self.store.ingest(
                NewEvent(
                    checked.webhook_id,
                    checked.event_type,
                    bytes(body),
                    tuple(endpoints),
                    time.time(),
                    customer_key(checked.envelope),
                )
            )
        except Exception as exc:  # not stored means not acknowledged: Dodo will retry
            self.output.warn(f"could not store webhook {checked.webhook_id}: {type(exc).__name__}: {exc}")
            return JSONResponse(
                {"error": "could not store the event; retry later", "reason": "storage_error", "status": 503},
                status_code=503,
            )
        self.dispatcher.add(stored.deliveries)
        self.metrics.received.inc()
        if stored.duplicate:
            self.metrics.duplicates.inc()
        self.output.received(checked.webhook_id, checked.event_type, duplicate=stored.duplicate)
        self.metrics.ingest_latency.observe(time.perf_counter() - started)
        return JSONResponse(
            {
                "status": "duplicate" if stored.duplicate else "accepted",
                "webhook_id": checked.webhook_id,
                "deliveries": len(stored.deliveries),
            }
        )

    async def healthz(self, request: Request) -> Response:
        problem = await self.store.problem() if self.store else None
        if problem:
            return JSONResponse({"status": "unavailable", "problem": problem}, status_code=503)
        return JSONResponse(
            {
                "status": "ok" if self.accepting else "stopping",
                "queue_depth": len(self.dispatcher.open) if self.dispatcher else 0,
                "endpoints": [e.name for e in self.config.endpoints],
                "dry_run": self.config.dry_run,
            }
        )

    async def metrics_page(self, request: Request) -> Response:
        return Response(self.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


class _Server(uvicorn.Server):
    """uvicorn, minus re-raising the signal after a graceful stop (which would exit 143/130)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.handle_exit, sig, None)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


async def serve_relay(relay: Relay, sock: socket.socket) -> None:
    """Run until SIGTERM/SIGINT, then stop gracefully."""
    # The writer and sandbox threads share the GIL with the event loop; at the default 5 ms
    # switch interval a webhook's response can wait that long behind them after every socket
    # call. 1 ms keeps ingest latency low at a small cost in throughput of those threads.
    sys.setswitchinterval(0.001)
    resumed = await relay.start()
    host, port = sock.getsockname()[:2]
    raise_fd_limit()
    server = _Server(
        SlowClientGuard().config(
            relay.app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=10, backlog=2048
        )
    )
    config = relay.config
    out = relay.output
    try:
        names = ", ".join(
            e.name + (f" ({len(e.event_types)} event types)" if e.event_types is not None else "")
            for e in config.endpoints
        )
        out.info(
            f"Ready! Listening on http://{host}:{port}{WEBHOOK_PATH}",
            url=f"http://{host}:{port}{WEBHOOK_PATH}",
            port=port,
        )
        out.info(
            f"endpoints: {names}; outbox {relay.store.describe() if relay.store else config.db}; "
            f"{resumed} open deliveries resumed",
            resumed=resumed,
        )
        if config.skip_verify:
            out.warn(
                "--insecure-skip-verify: signatures are NOT checked; anyone who can reach this port can inject events"
            )
        if config.dry_run:
            out.info("--dry-run: transforming and validating only, nothing is sent")
        await server.serve(sockets=[sock])
    finally:
        out.info("stopping: finishing in-flight deliveries, open ones stay in the outbox")
        await relay.stop()
        out.info("stopped")
