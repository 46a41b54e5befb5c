"""Credentials go to Customer.io (or the explicit override) and nowhere else.

A real HTTP server on 127.0.0.1 records every request's headers; a transform pointing at it
must never deliver our Authorization header, nor the key in any other header.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials
from runner.customerio.ulid import event_ulid

SITE, KEY = "site-hosts-1", "key-hosts-secret-1"
CREDS = Credentials(SITE, KEY)
BASIC = base64.b64encode(f"{SITE}:{KEY}".encode()).decode()
EVENT = {"type": "person", "action": "event", "name": "paid", "identifiers": {"id": "c1"}}


class Recorder:
    """A starlette app under uvicorn in a thread that answers `answer` (200 {}) and keeps what it got."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answer: tuple[int, dict] = (200, {})

        async def record(request: Request) -> JSONResponse:
            self.requests.append(
                {"path": request.url.path, "headers": dict(request.headers), "body": (await request.body()).decode()}
            )
            status, headers = self.answer
            return JSONResponse({}, status, headers=headers)

        app = Starlette(routes=[Route("/{path:path}", record, methods=["GET", "POST", "PUT"])])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Recorder:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "recorder did not start"
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def recorder():
    with Recorder() as rec:
        yield rec


def deliver(client_kwargs: dict, webhook: dict) -> object:
    async def go():
        async with TrackClient(CREDS, backoff_base=0.01, **client_kwargs) as client:
            return await client.deliver(webhook, webhook_id="msg_1", transform="t.js")

    return asyncio.run(go())


def leaked(rec: Recorder) -> list[str]:
    return [
        f"{k}: {v}"
        for r in rec.requests
        for k, v in r["headers"].items()
        if KEY in v or BASIC in v or k == "authorization"
    ]


def test_a_foreign_host_is_refused_unless_allowed_and_nothing_is_sent(recorder):
    outcome = deliver({}, {"method": "POST", "url": f"{recorder.base}/hook", "headers": {}, "payload": EVENT})
    assert not outcome.ok and not outcome.retryable and outcome.status is None and outcome.attempts == 0
    assert "not a Customer.io Track host" in outcome.error and f"127.0.0.1:{recorder.port}" in outcome.error
    assert recorder.requests == []


def test_an_allowed_foreign_host_gets_the_request_without_credentials(recorder):
    outcome = deliver(
        {"allowed_hosts": [f"127.0.0.1:{recorder.port}"]},
        {"method": "POST", "url": f"{recorder.base}/hook", "headers": {"X-Source": "dodo"}, "payload": EVENT},
    )
    assert outcome.ok and outcome.status == 200
    [got] = recorder.requests
    assert got["path"] == "/hook" and got["headers"]["x-source"] == "dodo"
    assert got["headers"]["content-type"] == "application/json" and got["headers"]["user-agent"].startswith("dodo-cio/")
    assert leaked(recorder) == []
    assert "authorization" not in {k.lower() for k in outcome.request["headers"]}


def test_the_override_gets_credentials_but_a_foreign_host_beside_it_does_not(recorder):
    with Recorder() as other:
        kwargs = {"base_url": recorder.base, "allowed_hosts": [f"127.0.0.1:{other.port}"]}
        track = deliver(
            kwargs,
            {"method": "POST", "url": "https://track.customer.io/api/v2/entity", "headers": {}, "payload": EVENT},
        )
        foreign = deliver(
            kwargs, {"method": "POST", "url": f"{other.base}/api/v2/entity", "headers": {}, "payload": EVENT}
        )
        assert track.ok and foreign.ok
        assert recorder.requests[0]["headers"]["authorization"] == f"Basic {BASIC}"
        assert recorder.requests[0]["path"] == "/api/v2/entity"
        assert len(other.requests) == 1 and leaked(other) == []


def test_a_header_carrying_our_key_to_a_foreign_host_is_refused(recorder):
    webhook = {"method": "POST", "url": f"{recorder.base}/hook", "headers": {"X-Api-Key": KEY}, "payload": EVENT}
    outcome = deliver({"allowed_hosts": [f"127.0.0.1:{recorder.port}"]}, webhook)
    assert not outcome.ok and "would carry the Customer.io API key" in outcome.error
    assert recorder.requests == []
    assert KEY not in str(outcome.to_json())


def test_a_transform_authorization_header_wins_for_a_track_host(recorder):
    webhook = {
        "method": "POST",
        "url": "https://track.customer.io/api/v2/entity",
        "headers": {"Authorization": "Basic dHJhbnNmb3Jt"},
        "payload": EVENT,
    }
    outcome = deliver({"base_url": recorder.base}, webhook)
    assert outcome.ok
    assert recorder.requests[0]["headers"]["authorization"] == "Basic dHJhbnNmb3Jt"
    assert outcome.request["headers"]["Authorization"] == "Basic ****"


def test_plain_http_to_a_track_host_is_refused_without_an_override():
    outcome = deliver(
        {}, {"method": "POST", "url": "http://track.customer.io/api/v2/entity", "headers": {}, "payload": EVENT}
    )
    assert not outcome.ok and "https only" in outcome.error and outcome.attempts == 0


def test_an_override_with_a_path_prefix_is_one_place_for_both_url_forms(recorder):
    base = f"{recorder.base}/cio"
    for url in ("https://track.customer.io/api/v2/entity", f"{base}/api/v2/entity"):
        assert deliver({"base_url": base}, {"method": "POST", "url": url, "headers": {}, "payload": EVENT}).ok
    assert [r["path"] for r in recorder.requests] == ["/cio/api/v2/entity"] * 2
    assert all(r["headers"]["authorization"] == f"Basic {BASIC}" for r in recorder.requests)
    assert [json.loads(r["body"])["id"] for r in recorder.requests] == [event_ulid("msg_1", "t.js", 0)] * 2


def test_a_header_http_cannot_carry_is_a_permanent_failure_not_an_exception(recorder):
    for headers in ({"Bad Name": "v"}, {"X-Note": "a\nb"}):
        outcome = deliver(
            {"base_url": recorder.base},
            {"method": "POST", "url": "https://track.customer.io/api/v2/entity", "headers": headers, "payload": EVENT},
        )
        assert (outcome.ok, outcome.retryable, outcome.attempts) == (False, False, 1)
        assert "not a valid HTTP request" in outcome.error
    assert recorder.requests == []


def test_a_redirect_is_not_followed_and_points_at_the_region(recorder):
    recorder.answer = (301, {"Location": "https://track-eu.customer.io/api/v2/entity"})
    outcome = deliver(
        {"base_url": recorder.base},
        {"method": "POST", "url": "https://track.customer.io/api/v2/entity", "headers": {}, "payload": EVENT},
    )
    assert (outcome.ok, outcome.status, outcome.retryable, outcome.attempts) == (False, 301, False, 1)
    assert (
        "redirected to https://track-eu.customer.io/api/v2/entity" in outcome.error
        and "CUSTOMERIO_REGION" in outcome.error
    )
    assert len(recorder.requests) == 1
