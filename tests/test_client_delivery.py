"""TrackClient.deliver against the Track API emulator over real loopback HTTP: retries, no
retries, Retry-After, dedupe ids."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from runner.customerio.client import DeliveryOutcome, TrackClient
from runner.customerio.credentials import Credentials
from runner.customerio.ulid import event_ulid

SITE, KEY = "site-delivery", "key-delivery-secret"
CREDS = Credentials(SITE, KEY)
EVENT = {
    "type": "person",
    "identifiers": {"id": "cus_1"},
    "action": "event",
    "name": "payment_completed",
    "attributes": {"amount": 2999},
}
TRACK = "https://track.customer.io/api/v2/entity"


def deliver(emu, payload=EVENT, *, creds=CREDS, webhook_id="msg_1", attempts=None, **kw) -> DeliveryOutcome:
    settings = {"backoff_base": 0.01, "backoff_cap": 1.0, "timeout": 2.0} | kw

    async def go():
        async with TrackClient(creds, base_url=emu.base_url, **settings) as client:
            return await client.deliver(
                {"method": "POST", "url": TRACK, "headers": {}, "payload": payload},
                webhook_id=webhook_id,
                transform="t.js",
                max_attempts=attempts,
            )

    return asyncio.run(go())


def statuses(emu) -> list:
    return [r["status"] for r in emu.state.requests()]


def test_a_valid_event_is_delivered_once_with_its_deterministic_id(emu):
    outcome = deliver(emu)
    assert (outcome.ok, outcome.status, outcome.body, outcome.attempts, outcome.error) == (True, 200, {}, 1, "")
    [event] = emu.state.events("cus_1")
    assert event["name"] == "payment_completed"
    [logged] = emu.state.requests()
    assert logged["body"]["id"] == event_ulid("msg_1", "t.js", 0)
    assert logged["headers"]["content-type"] == "application/json"
    assert outcome.request["headers"]["Authorization"] == "Basic ****"
    assert outcome.request["url"] == f"{emu.base_url}/api/v2/entity" and outcome.request["requested_url"] == TRACK


def test_429_with_retry_after_waits_that_long_then_succeeds(emu):
    emu.set_faults(queue=["429@0.3"])
    start = time.monotonic()
    outcome = deliver(emu)
    assert outcome.ok and outcome.attempts == 2
    assert time.monotonic() - start >= 0.3  # the jittered backoff alone is at most 10 ms
    assert statuses(emu) == [429, 200]


def test_429_without_retry_after_backs_off_and_succeeds(emu):
    emu.set_faults(queue=["429*2"])
    outcome = deliver(emu)
    assert outcome.ok and outcome.attempts == 3 and statuses(emu) == [429, 429, 200]


def test_a_5xx_burst_is_retried_until_it_passes(emu):
    emu.set_faults(queue=["503*2", "500", "502"])
    outcome = deliver(emu)
    assert outcome.ok and outcome.attempts == 5 and statuses(emu) == [503, 503, 500, 502, 200]


def test_retries_stop_at_max_attempts_with_a_retryable_outcome(emu):
    emu.set_faults(queue=["503*9"])
    outcome = deliver(emu, max_attempts=3)
    assert (outcome.ok, outcome.status, outcome.attempts, outcome.retryable) == (False, 503, 3, True)
    once = deliver(emu, attempts=1)  # the relay's mode: one attempt, it schedules the rest
    assert (once.ok, once.attempts, once.retryable) == (False, 1, True)


def test_dropped_connections_are_retried(emu):
    emu.set_faults(queue=["drop*2"])
    outcome = deliver(emu)
    assert outcome.ok and outcome.attempts == 3
    assert len(emu.state.events("cus_1")) == 1


def test_a_hung_request_times_out_and_is_retried(emu):
    emu.set_faults(queue=["timeout@5"])
    start = time.monotonic()
    outcome = deliver(emu, timeout=0.3)
    assert outcome.ok and outcome.attempts == 2 and time.monotonic() - start < 3


def test_a_lost_answer_is_retried_with_the_same_ulid_and_deduplicated(emu):
    emu.set_faults(queue=["drop-after*2"])  # applied, then the answer is lost: the case ids exist for
    outcome = deliver(emu, webhook_id="msg_dedupe")
    assert outcome.ok and outcome.attempts == 3
    ids = [r["body"]["id"] for r in emu.state.requests()]
    assert ids == [event_ulid("msg_dedupe", "t.js", 0)] * 3
    assert len(emu.state.events("cus_1")) == 1 and emu.state.snapshot()["duplicate_events"] == 2
    replay = deliver(emu, webhook_id="msg_dedupe")  # a later replay of the same webhook
    assert replay.ok and len(emu.state.events("cus_1")) == 1


def test_400_is_permanent_and_not_retried(emu):
    outcome = deliver(emu, {**EVENT, "action": "payment_completed"})
    assert (outcome.ok, outcome.status, outcome.attempts, outcome.retryable) == (False, 400, 1, False)
    assert outcome.body["errors"][0]["field"] == "action"
    assert statuses(emu) == [400]
    assert "payment_completed" not in outcome.error  # Customer.io's answer is in body, our request is not echoed


def test_401_is_permanent_and_not_retried(emu):
    outcome = deliver(emu, creds=Credentials(SITE, "wrong-key"))
    assert (outcome.ok, outcome.status, outcome.attempts, outcome.retryable) == (False, 401, 1, False)
    assert "Track API key" in outcome.error and statuses(emu) == [401]


def test_a_retry_after_longer_than_the_cap_is_handed_back_to_the_caller(emu):
    emu.set_faults(queue=["429@7"])
    start = time.monotonic()
    outcome = deliver(emu, backoff_cap=1.0)
    assert (outcome.ok, outcome.status, outcome.attempts, outcome.retryable, outcome.retry_after) == (
        False,
        429,
        1,
        True,
        7.0,
    )
    assert time.monotonic() - start < 3.5  # not the 7 s it asked for


def test_the_client_side_rate_limit_paces_deliveries(emu):
    async def many(n: int, rate: float) -> float:
        async with TrackClient(CREDS, base_url=emu.base_url, rate_limit=rate) as client:
            start = time.monotonic()
            outs = await asyncio.gather(
                *(
                    client.deliver({"url": TRACK, "payload": EVENT}, webhook_id=f"m{i}", transform="t.js")
                    for i in range(n)
                )
            )
            assert all(o.ok for o in outs)
            return time.monotonic() - start

    assert asyncio.run(many(11, 50.0)) >= 0.19  # 10 intervals of 20 ms
    assert len(emu.state.events("cus_1")) == 11


def test_region_reports_the_workspace(emu):
    async def go():
        async with TrackClient(CREDS, base_url=emu.base_url) as client:
            return await client.region()

    outcome = asyncio.run(go())
    assert outcome.ok and outcome.body == {"url": "https://track.customer.io", "region": "us", "environment_id": 1}
    assert outcome.request["url"] == f"{emu.base_url}/api/v1/accounts/region"


def test_no_credentials_means_nothing_is_sent_to_a_track_host(emu):
    outcome = deliver(emu, creds=None)
    assert not outcome.ok and "no Customer.io credentials" in outcome.error and emu.state.requests() == []


class _Canned(BaseHTTPRequestHandler):
    """A Track host stand-in that answers every request with the server's canned status and body."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        status, body = self.server.canned  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canned():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    server.base_url = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


DEEP = b"[" * 3000 + b"]" * 3000


@pytest.mark.parametrize(
    ("status", "body", "ok", "retryable"),
    [
        (200, DEEP, True, False),
        (400, b'{"errors": ' + DEEP + b"}", False, False),
        (503, b'{"retry": NaN}', False, True),
        (200, b'{"n": Infinity}', True, False),
    ],
    ids=["deep 200", "deep 400", "NaN 503", "Infinity 200"],
)
def test_a_response_body_that_is_not_strict_json_is_text_and_the_status_decides(canned, status, body, ok, retryable):
    canned.canned = (status, body)
    outcome = deliver(canned, attempts=1)
    assert (outcome.ok, outcome.status, outcome.retryable) == (ok, status, retryable), outcome.error
    assert "internal error" not in outcome.error
    assert isinstance(outcome.body, str) and body.decode().startswith(outcome.body) and len(outcome.body) <= 4000
    json.loads(json.dumps(outcome.to_json(), allow_nan=False))  # stores and prints as plain JSON
