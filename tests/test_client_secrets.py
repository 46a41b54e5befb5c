"""No secret in any log line, outcome, repr or error, whatever happens to a delivery."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials
from runner.emulator import EmulatorConfig, serve_in_thread

SITE, KEY = "site-secrets-7", "key-secrets-d41d8cd98f00"
WRONG = "key-wrong-e3b0c44298fc"
EVENT = {"type": "person", "identifiers": {"id": "c1"}, "action": "event", "name": "paid"}


def _tokens(key: str) -> list[str]:
    return [key, base64.b64encode(f"{SITE}:{key}".encode()).decode()]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_secret_in_logs_outcomes_or_reprs(caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    dead = f"http://127.0.0.1:{_closed_port()}"
    texts: list[str] = []

    async def scenario(emu_url: str) -> None:
        for creds, base in (
            (Credentials(SITE, KEY), emu_url),
            (Credentials(SITE, WRONG), emu_url),
            (Credentials(SITE, KEY), dead),
        ):
            webhooks = [
                {"url": "https://track.customer.io/api/v2/entity", "payload": EVENT},  # ok after faults, or 401
                {"url": "https://track.customer.io/api/v2/entity", "payload": {**EVENT, "action": "nope"}},  # 400
                {"url": "https://example.invalid/hook", "payload": EVENT},  # refused: foreign host
                {
                    "url": "https://track.customer.io/api/v2/entity?key=" + creds.api_key,
                    "payload": EVENT,
                },  # refused: key in url
                {
                    "url": "https://track.customer.io/api/v2/entity",
                    "payload": {**EVENT, "attributes": {"k": creds.api_key}},
                },
            ]
            async with TrackClient(creds, base_url=base, backoff_base=0.01, max_attempts=2) as client:
                texts.append(repr(client))
                texts.append(repr(creds))
                outcomes = [await client.deliver(w, webhook_id="m", transform="t.js") for w in webhooks]
                outcomes += await client.deliver_many([(w, "m", "t.js") for w in webhooks])
                outcomes.append(await client.region())
                texts.extend(str(o.to_json()) for o in outcomes)
                texts.extend(o.error for o in outcomes)

    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY)) as emu:
        emu.set_faults(queue=["429", "503", "drop"])
        asyncio.run(scenario(emu.base_url))
        statuses = {r["status"] for r in emu.state.requests()}
    assert {200, 400, 401, 429, 503} <= statuses  # every path above was really taken
    assert len(caplog.records) > 10
    haystack = "\n".join([caplog.text, *(r.getMessage() for r in caplog.records), *texts])
    for secret in _tokens(KEY) + _tokens(WRONG):
        assert secret not in haystack
