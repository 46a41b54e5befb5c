"""The relay's Prometheus metrics, in a registry of its own so two relays in one test do not clash."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000)


class RelayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.received = Counter(
            "dodo_cio_relay_received",
            "Webhooks accepted and committed to the outbox (duplicates included).",
            registry=r,
        )
        self.duplicates = Counter(
            "dodo_cio_relay_duplicates", "Accepted webhooks whose webhook-id was already stored.", registry=r
        )
        self.rejected = Counter("dodo_cio_relay_rejected", "Webhooks refused, by reason.", ["reason"], registry=r)
        self.deliveries = Counter(
            "dodo_cio_relay_deliveries",
            "Delivery outcomes (attempt failures counted as retrying).",
            ["outcome", "endpoint"],
            registry=r,
        )
        self.info = Gauge(
            "dodo_cio_relay_info",
            "This relay: its instance name (the lease owner in a shared outbox) and its store.",
            ["instance", "store"],
            registry=r,
        )
        self.queue_depth = Gauge(
            "dodo_cio_relay_queue_depth", "Deliveries not finished yet (pending, queued, retrying).", registry=r
        )
        self.ingest_latency = Histogram(
            "dodo_cio_relay_ingest_seconds",
            "Request received to 2xx sent (includes the fsync).",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.delivery_latency = Histogram(
            "dodo_cio_relay_delivery_latency_seconds",
            "Webhook accepted to delivered to Customer.io.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )

    def watch_queue(self, depth: Callable[[], int]) -> None:
        self.queue_depth.set_function(depth)

    def render(self) -> bytes:
        return generate_latest(self.registry)
