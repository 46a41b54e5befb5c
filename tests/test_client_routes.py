"""TrackClient delivers to every route of the Track API spec (the emulator shows the effect) and sends
no body where the spec has none. (The relay ordering one person's v1 and v2 requests as one is in
test_relay_order.py.)"""

from __future__ import annotations

import asyncio

import pytest
from test_emulator_routes import SAMPLES  # the same requests and the effects they must have

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials
from runner.customerio.routes import ROUTES

SITE, KEY = "site-client-routes", "key-client-routes-secret"
CREDS = Credentials(SITE, KEY)


def deliver(emu, method: str, path: str, payload, host: str = "https://track.customer.io"):
    async def go():
        async with TrackClient(CREDS, base_url=emu.base_url, backoff_base=0.01, timeout=3) as client:
            return await client.deliver(
                {"method": method, "url": host + path, "headers": {}, "payload": payload},
                webhook_id="msg_routes",
                transform="routes.js",
            )

    return asyncio.run(go())


@pytest.mark.parametrize("route", ROUTES, ids=[r.kind for r in ROUTES])
def test_every_route_is_delivered(emu, route):
    import httpx

    with httpx.Client(base_url=emu.base_url, auth=(SITE, KEY), timeout=5) as c:
        for method, path, body in [
            ("PUT", "/api/v1/customers/jane", {"email": "jane@x.io"}),
            ("PUT", "/api/v1/customers/old%40x.io", {}),
            ("PUT", "/api/v1/customers/jane/devices", {"device": {"id": "tok/0", "platform": "ios"}}),
            ("POST", "/api/v1/segments/3/add_customers", {"ids": ["jane"]}),
        ]:
            c.request(method, path, json=body).raise_for_status()
        method, path, body, effect = SAMPLES[route.kind]
        outcome = deliver(emu, method, path, body if body is not None else {"ignored": "by the client"})
        assert (outcome.ok, outcome.status) == (True, route.success), outcome.error
        assert effect(c)
    logged = emu.state.requests()[-1]
    assert logged["path"] == path.split("?")[0] and logged["auth"] == "ok"
    if route.body == "none":
        assert logged["body_bytes"] == 0 and outcome.request["body"] is None  # DELETE and friends go without a body
    if route.kind in ("v1_event", "v1_anonymous_event"):
        assert len(logged["body"]["id"]) == 26  # event ids for dedupe on both v1 event routes


def test_credentials_go_only_to_track_hosts_on_every_route(emu):
    for route in ROUTES:
        method, path, body, _ = SAMPLES[route.kind]
        outcome = deliver(emu, method, path, body, host="https://track.customer.io.evil.example")
        assert not outcome.ok and outcome.status is None and "not a Customer.io Track host" in outcome.error
    assert emu.state.requests() == []
