"""The durable relay: signed Dodo webhooks in, an SQLite outbox, transformed deliveries out.

Data flow (one module per step): `verify` checks a request, `outbox` commits it before the
ack, `dispatcher` transforms and delivers from the outbox on the `schedule`, `server` is the
HTTP face and `output` the terminal face. `config` turns flags and TOML into a `RelayConfig`.
"""
