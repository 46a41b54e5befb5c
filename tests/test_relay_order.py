"""Across endpoints: an identify from a slow transform still reaches Customer.io before the
event that a fast transform made from the same webhook (per-person acceptance order)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from support.harness import (
    EVENT_JS,
    IDENTIFY_JS,
    new_secret,
    numbered_events,
    post_events,
    relay_to_emulator,
    wait_until,
)

from runner.emulator import EmulatorConfig, serve_in_thread

SECRET = new_secret()
SLOW_IDENTIFY_JS = IDENTIFY_JS.replace(
    "function handler(webhook) {", "function handler(webhook) {\n  for (let i = 0; i < 300000; i++) {}"
)
N = 40


def operations(emu) -> list[tuple[str, int]]:
    """(action, seq) in the order the emulator received them."""
    ops = []
    for request in emu.state.requests():
        body = request.get("body")
        items = body.get("batch", []) if isinstance(body, dict) and "batch" in body else [body]
        for op in items:
            if isinstance(op, dict) and request.get("status") == 200:
                attrs = op.get("attributes") or {}
                ops.append((op.get("action"), attrs.get("seq", attrs.get("last_seq"))))
    return ops


def late_events(tmp_path, identify_js: str, event_js: str, read: Callable[[Any], list[tuple[str, int]]]) -> list[int]:
    """Relay N events through both transforms to an emulator; the seqs whose event went before their identify."""
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = relay_to_emulator(tmp_path, emu.base_url, SECRET, identify_js=identify_js, event_js=event_js)
        with relay:
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(N, 4), concurrency=8))
            assert all(s.status == 200 for s in sent)
            wait_until(lambda: len(read(emu)) >= 2 * N, 30, interval=0.1, what="every operation")
        position = {op: i for i, op in enumerate(read(emu))}
        assert len(position) == 2 * N
        assert len(emu.state.people()) == 4
    return [seq for seq in range(N) if position[("identify", seq)] > position[("event", seq)]]


def test_a_slow_identify_still_goes_before_the_fast_event(tmp_path):
    late = late_events(tmp_path, SLOW_IDENTIFY_JS, EVENT_JS, operations)
    assert not late, f"events sent before their identify: {late}"


V1_SLOW_IDENTIFY_JS = """
function handler(webhook) {
  for (let i = 0; i < 300000; i++) {}
  const c = webhook.payload.data.customer;
  webhook.method = "PUT";
  webhook.url = "https://track.customer.io/api/v1/customers/" + encodeURIComponent(c.customer_id + "@example.com");
  webhook.payload = {last_seq: webhook.payload.data.metadata.seq};
  return webhook;
}
"""
V2_EMAIL_EVENT_JS = EVENT_JS.replace(
    "identifiers: {id: c.customer_id}", 'identifiers: {email: c.customer_id + "@Example.com"}'
)


def v1_v2_operations(emu) -> list[tuple[str, int]]:
    """("identify", seq) for each v1 PUT and ("event", seq) for each v2 event, in the order received."""
    out = []
    for r in emu.state.requests():
        body = r.get("body") if r.get("status") == 200 else None
        items = body.get("batch", []) if isinstance(body, dict) and "batch" in body else [body]
        if r["method"] == "PUT" and isinstance(body, dict):
            out.append(("identify", body["last_seq"]))
        else:
            out += [
                ("event", op["attributes"]["seq"])
                for op in items
                if isinstance(op, dict) and op.get("action") == "event"
            ]
    return out


def test_one_person_through_a_v1_url_and_a_v2_body_keeps_its_order(tmp_path):
    """The same person as an encoded v1 URL email and a v2 `email` identifier (other case) is one ordering key."""
    assert V2_EMAIL_EVENT_JS != EVENT_JS
    late = late_events(tmp_path, V1_SLOW_IDENTIFY_JS, V2_EMAIL_EVENT_JS, v1_v2_operations)
    assert not late, f"events sent before their identify: {late}"
