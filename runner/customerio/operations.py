"""Which Track API requests carry event operations, and giving those events stable ids.

Event operations are v2 person `event`/`page`/`screen` (alone on `/api/v2/entity` or as items
of `/api/v2/batch`) and the two v1 event routes (a person's and anonymous). Each one without an
`id` gets the deterministic ULID of `(webhook_id, transform, index)` where `index` is the
operation's position in the transform's own request (0 for `/entity` and v1), so an operation
keeps its id whether it is sent alone, batched by the client, retried or replayed.
"""

from __future__ import annotations

from typing import Any

from .routes import match_path
from .ulid import event_ulid

_EVENT_ACTIONS = frozenset({"event", "page", "screen"})


def _is_event_operation(op: Any) -> bool:
    return isinstance(op, dict) and op.get("type") == "person" and op.get("action") in _EVENT_ACTIONS


def _with_id(op: dict[str, Any], webhook_id: str, transform: str, index: int) -> dict[str, Any]:
    if "id" in op:
        return op
    return {**op, "id": event_ulid(webhook_id, transform, index, timestamp_s=op.get("timestamp"))}


def with_event_ids(path: str, payload: Any, webhook_id: str, transform: str) -> Any:
    """`payload` with an `id` on every event operation that has none (a new object; the input is not changed)."""
    kind = match_path("POST", path).kind
    if kind == "v2_entity" and _is_event_operation(payload):
        return _with_id(payload, webhook_id, transform, 0)
    if kind == "v2_batch" and isinstance(payload, dict) and isinstance(payload.get("batch"), list):
        items = [
            _with_id(op, webhook_id, transform, i) if _is_event_operation(op) else op
            for i, op in enumerate(payload["batch"])
        ]
        return {**payload, "batch": items}
    if kind in ("v1_event", "v1_anonymous_event") and isinstance(payload, dict):
        return _with_id(payload, webhook_id, transform, 0)
    return payload
