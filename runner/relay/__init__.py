"""The durable relay: signed Dodo webhooks in, an outbox, transformed deliveries out.

Data flow (one module per step): `verify` checks a request, the `store` (an interface; an
SQLite file by default) commits it before the ack, `dispatcher` transforms and delivers from the
outbox on the `schedule`, `server` is the HTTP face and `output` the terminal face. `config`
turns flags and TOML into a `RelayConfig`.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {"build_config": "config", "RelayConfig": "config", "Relay": "server", "serve_relay": "server"}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
