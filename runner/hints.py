"""Schema hints: reads of fields that the event type never has.

A sample event omits optional fields, so "undefined in the sandbox" alone proves nothing. The
sandbox reports every read of a property absent from the object and its prototype chain
(`then` and `toJSON` excepted, which engines probe); we keep the ones whose field does not exist
in Dodo's schema for that event type at all (`data.plan`, `customer.phone`), because those
are `undefined` in production too. The schema is `event_fields.json`, generated from the
SDK's models by scripts/gen_event_fields.py, so the runtime does not need the SDK.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .findings import Finding

_WEBHOOK_KEYS = ("method", "url", "eventType", "payload", "cancel", "headers", "env")
FREE_FORM = "*"
LIST_ITEM = "[]"

# A schema node: a dict of field name -> node, FREE_FORM (any keys), or None (a plain value).
_Node = dict[str, Any] | str | None

# Renames that difflib cannot guess: (parent field, old name) -> new name.
_RENAMES = {
    ("customer", "phone"): "phone_number",  # Dodo's newer templates made this change
    ("payload", "event_type"): "type",
    ("payload", "eventType"): "type",
}


def missing_field_findings(event_type: str, reads: Iterable[str]) -> list[Finding]:
    """One warning per read path that is `undefined` in production for `event_type`.

    `reads` are dotted paths relative to the webhook object, array indices as `[]`. Reads under
    free-form parts (metadata, env, headers) never count; for an event type Dodo does not send
    only webhook-level typos count, since there is no schema to check the payload against.
    """
    root = _webhook_tree(_schema_key(event_type))
    findings: list[Finding] = []
    for path in dict.fromkeys(reads):
        finding = _check(root, path, event_type)
        if finding is not None:
            findings.append(finding)
    return findings


def _check(root: dict[str, Any], path: str, event_type: str) -> Finding | None:
    parts = path.split(".")
    node: _Node = root
    for depth, name in enumerate(parts):
        if node == FREE_FORM:
            return None
        if isinstance(node, dict) and name in node:
            node = node[name]
            continue
        return _finding(root, parts, depth, node, event_type)
    return None


def _finding(root: dict[str, Any], parts: list[str], depth: int, parent: _Node, event_type: str) -> Finding:
    path = ".".join(parts)
    name = parts[depth]
    suggestion = _suggest(root, parts[:depth], name, parent) if isinstance(parent, dict) else ""
    if depth == 0:
        return Finding(
            severity="warning",
            code="unknown_webhook_field",
            path=path,
            message=f"`webhook.{path}` is undefined in production for {event_type}: the webhook object "
            f"has only {', '.join(_WEBHOOK_KEYS[:-1])} and {_WEBHOOK_KEYS[-1]}",
            fix=f"did you mean webhook.{suggestion}?" if suggestion else "read the event from webhook.payload",
        )
    owner = ".".join(parts[:depth])
    if parent is None:
        why, fix = f"`{owner}` is a plain value, not an object", f"read `{owner}` itself"
    else:
        why = f"`{owner}` has no field `{name}`"
        fix = (
            f"did you mean {suggestion}?"
            if suggestion
            else f"remove the read or give it a default; `dodo-cio fixtures show {event_type}` shows the event"
        )
    return Finding(
        severity="warning",
        code="unknown_field",
        path=path,
        message=f"`{path}` is undefined in production for {event_type}: {why}",
        fix=fix,
    )


def _suggest(root: dict[str, Any], trail: list[str], name: str, parent: dict[str, Any]) -> str:
    """The closest existing field: a known rename, a near spelling, or the same name elsewhere."""
    renamed = _RENAMES.get((trail[-1] if trail else "", name))
    if renamed in parent:
        return ".".join([*trail, renamed])
    by_lower = {key.lower(): key for key in parent if key != LIST_ITEM}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return ".".join([*trail, by_lower[close[0]]])
    # `product_cart.product_id` -> `product_cart.[].product_id`: look below the parent first
    found = _find_field(parent, name)
    if found is not None:
        return ".".join([*trail, *found])
    found = _find_field(root, name)
    return ".".join(found) if found is not None else ""


def _find_field(tree: dict[str, Any], name: str) -> list[str] | None:
    """Shortest path to a field called `name` inside `tree` (breadth first)."""
    queue: deque[tuple[dict[str, Any], list[str]]] = deque([(tree, [])])
    while queue:
        node, trail = queue.popleft()
        if name in node:
            return [*trail, name]
        queue.extend((child, [*trail, key]) for key, child in node.items() if isinstance(child, dict))
    return None


@functools.cache
def _webhook_tree(schema_key: str | None) -> dict[str, Any]:
    payload: _Node = _event_fields()["schemas"][schema_key] if schema_key else FREE_FORM
    return {
        "method": None,
        "url": None,
        "eventType": None,
        "payload": payload,
        "cancel": None,
        "headers": FREE_FORM,
        "env": FREE_FORM,
    }


def _schema_key(event_type: str) -> str | None:
    return _event_fields()["events"].get(event_type)


@functools.lru_cache(maxsize=1)
def _event_fields() -> dict[str, Any]:
    return json.loads((Path(__file__).resolve().parent / "event_fields.json").read_text(encoding="utf-8"))
