"""A request that cannot be put on the wire fails alone, for good, and never raises."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials

SITE, KEY = "site-unbuildable", "key-unbuildable-secret"
TRACK = "https://track.customer.io/api/v2/entity"


def op(customer: str) -> dict:
    return {"type": "person", "identifiers": {"id": customer}, "action": "event", "name": "paid"}


def webhook(customer: str, *, url: str = TRACK, headers: dict | None = None) -> dict:
    return {"method": "POST", "url": url, "headers": headers or {}, "payload": op(customer)}


UNBUILDABLE = {
    "lone surrogate in a header": webhook("bad", headers={"x-note": "\ud800"}),
    "lone surrogate in the url": webhook("bad", url=TRACK + "?q=\udfff"),
    "IDNA-invalid host": webhook("bad", url="https://xn--track-.customer.io/api/v2/entity"),
}


def run(emu, fn):
    async def go():
        async with TrackClient(
            Credentials(SITE, KEY), base_url=emu.base_url, backoff_base=0.01, allowed_hosts=["xn--track-.customer.io"]
        ) as c:
            return await fn(c)

    return asyncio.run(go())


@pytest.mark.parametrize("bad", list(UNBUILDABLE.values()), ids=list(UNBUILDABLE))
def test_an_unbuildable_request_fails_alone_and_for_good(emu, bad):
    async def both(client):
        alone = await client.deliver(bad, webhook_id="w_bad", transform="t.js")
        many = await client.deliver_many(
            [(webhook("c1"), "w1", "t.js"), (bad, "w_bad", "t.js"), (webhook("c2"), "w2", "t.js")]
        )
        return alone, many

    alone, many = run(emu, both)
    assert not alone.ok and alone.invalid_request and not alone.retryable and alone.attempts == 0
    assert "cannot be built" in alone.error
    json.dumps(alone.to_json())  # what `send --json` prints stays printable
    assert [o.ok for o in many] == [True, False, True], [o.error for o in many]
    assert many[1].invalid_request and not many[1].retryable
    assert [len(emu.state.events(c)) for c in ("c1", "c2")] == [1, 1]


def test_send_reports_an_unbuildable_request_instead_of_crashing(tmp_path, emu):
    t = tmp_path / "idna.js"
    t.write_text(
        'function handler(webhook) {\n  webhook.url = "https://xn--track-.customer.io/api/v2/entity";\n'
        '  webhook.payload = {type: "person", identifiers: {id: "c1"}, action: "identify", attributes: {}};\n'
        "  return webhook;\n"
        "}\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "send",
            str(t),
            "--event",
            "payment.succeeded",
            "--customerio-url",
            emu.base_url,
            "--site-id",
            SITE,
            "--api-key",
            KEY,
            "--allow-host",
            "xn--track-.customer.io",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode not in (0, 70), output
    assert "cannot be built" in output and "internal error" not in output
