"""The dispatcher with its seams filled in: the real sandbox and SQLite store, and a Track client on
httpx's MockTransport, so retries, fencing and a poisoned batch are checked in-process in a second."""

from __future__ import annotations

import asyncio
import io
import json
import time

import httpx
import pytest
from support.harness import EVENT_JS, new_secret, numbered_events

from runner.customerio.client import TrackClient
from runner.relay.config import build_config
from runner.relay.dispatcher import Dispatcher
from runner.relay.metrics import RelayMetrics
from runner.relay.output import Output
from runner.relay.store.base import NewEvent
from runner.relay.store.sqlite import SQLiteAdmin, SQLiteStore

BAD_HOST = "xn--track-.customer.io"  # allowed, valid to the validator, refused by IDNA: the request cannot be built
BAD_JS = EVENT_JS.replace('"https://track.customer.io/api/v2/entity"', f'"https://{BAD_HOST}/api/v2/entity"')
ENV = {
    "DODO_PAYMENTS_WEBHOOK_KEY": new_secret(),
    "CUSTOMERIO_SITE_ID": "site-dispatch",
    "CUSTOMERIO_API_KEY": "key-dispatch-secret",
}


def run_dispatcher(
    tmp_path,
    transforms: dict[str, str],
    handler,
    events: int,
    *,
    schedule: str = "0,10ms,10ms",
    stored_first: bytes | None = None,
) -> tuple[list, str]:
    for name, source in transforms.items():
        (tmp_path / name).write_text(source)
    config = build_config(
        [tmp_path / n for n in transforms],
        environ=ENV,
        db=str(tmp_path / "o.sqlite3"),
        retry_schedule=schedule,
        customerio_url="http://cio.test",
        allow_hosts=[BAD_HOST],
    )
    out = io.StringIO()

    def client(credentials, cfg):
        return TrackClient(
            credentials, base_url=cfg.customerio_url, max_attempts=1, transport=httpx.MockTransport(handler)
        )

    async def go():
        store = SQLiteStore(config.db)
        await store.start()
        dispatcher = Dispatcher(config, store, Output("json", stream=out), RelayMetrics(), client_factory=client)
        dispatcher.start()
        if stored_first is not None:  # an event stored without its person, as one resumed from an older outbox
            stored = await store.ingest(NewEvent("msg_stored", "payment.succeeded", stored_first, tuple(transforms), 0))
            dispatcher.add(stored.deliveries)
        for envelope in numbered_events(events, events):
            body = json.dumps(envelope).encode()
            stored = await store.ingest(
                NewEvent(
                    f"msg_{envelope['data']['metadata']['seq']}",
                    envelope["type"],
                    body,
                    tuple(transforms),
                    time.time(),
                    envelope["data"]["customer"]["customer_id"],
                )
            )
            dispatcher.add(stored.deliveries)
        deadline = time.monotonic() + 20
        while dispatcher.open and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await dispatcher.stop()
        await store.close()

    asyncio.run(go())
    with SQLiteAdmin(config.db) as admin:
        return admin.list(limit=1000), out.getvalue()


def test_a_failed_attempt_is_retried_on_schedule_and_counted_once(tmp_path):
    answers = iter([503])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers, 200), json={})

    rows, _ = run_dispatcher(tmp_path, {"event.js": EVENT_JS}, handler, 1)
    assert [(r.status, r.attempts) for r in rows] == [("delivered", 2)]


def test_a_request_that_cannot_be_built_does_not_sink_its_batch(tmp_path):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={})

    rows, log = run_dispatcher(tmp_path, {"bad.js": BAD_JS, "event.js": EVENT_JS}, handler, 10)
    by_endpoint = {
        name: sorted({(r.status, r.attempts) for r in rows if r.endpoint == name}) for name in ("bad.js", "event.js")
    }
    assert by_endpoint == {"bad.js": [("invalid_request", 1)], "event.js": [("delivered", 1)]}
    assert seen, "the good ones went out"
    targets = [json.loads(line)["target"] for line in log.splitlines() if '"outcome": "delivered"' in line]
    assert targets and all(t.startswith("POST http://cio.test/api/v2/") for t in targets)


@pytest.mark.parametrize(
    "body", [b'{"data": ' + b"[" * 3000 + b"]" * 3000 + b"}", b'{"type": "payment.succeeded", "data": NaN}']
)
def test_a_stored_event_the_strict_reader_refuses_fails_alone(tmp_path, body):
    rows, log = run_dispatcher(
        tmp_path, {"event.js": EVENT_JS}, lambda r: httpx.Response(200, json={}), 3, stored_first=body
    )
    assert sorted(r.status for r in rows) == ["delivered"] * 3 + ["transform_error"]
    [line] = [json.loads(x) for x in log.splitlines() if '"webhook_id": "msg_stored"' in x and "outcome" in x]
    assert line["detail"].startswith("the stored event cannot be read: ") and "internal error" not in log
