"""The outbox store contract: what every store (SQLite, and the ones beside it) must do.

Each test runs once per backend in `store_backends.BACKENDS`, through the store's interface only,
so a new store gets the same checks: durable dedupe, the resume/claim cycle, fenced writes that
never reopen or overwrite a newer outcome, operator actions and the schema version.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from store_backends import BACKENDS

from runner.errors import UserError
from runner.relay.store.base import (
    DEAD,
    DELIVERED,
    PENDING,
    QUEUED,
    RETRYING,
    TRANSFORM_ERROR,
    Attempt,
    Delivery,
    NewEvent,
    RelayStore,
    StoredResult,
)
from runner.relay.store.schema import SCHEMA_VERSION

ENVELOPE = {"business_id": "bus_1", "type": "payment.succeeded", "timestamp": "2026-01-14T13:26:02Z", "data": {}}
BODY = json.dumps(ENVELOPE).encode()
WEBHOOK = {
    "method": "POST",
    "url": "https://track.customer.io/api/v2/entity",
    "headers": {},
    "payload": {"type": "person"},
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path):
    return BACKENDS[request.param](request, tmp_path)


def event(i: int, endpoints=("a.js", "b.js"), *, received_at: float | None = None) -> NewEvent:
    return NewEvent(
        f"msg_{i}", "payment.succeeded", BODY, tuple(endpoints), received_at or time.time(), customer=f"cus_{i}"
    )


def run(backend, body):
    """Run `body(store)` on a started store, then close it (committing what is queued)."""

    async def go():
        store = backend.store()
        await store.start()
        try:
            return await body(store)
        finally:
            await store.close()

    return asyncio.run(go())


def queued(store: RelayStore, d: Delivery, person: str = "p1") -> Delivery:
    d.status, d.person, d.request = QUEUED, person, WEBHOOK
    store.record_transform(d, result=StoredResult({"status": "routed", "webhook": WEBHOOK}))
    return d


def attempted(
    store: RelayStore, d: Delivery, status: str, *, ok: bool, code: int | None = 200, after: float = 0.0
) -> None:
    d.attempts += 1
    d.status, d.next_attempt_at = status, time.time() + after
    store.record_attempt(
        d, Attempt(at=time.time(), ok=ok, status=code, body="{}" if code else "", error="" if ok else "boom")
    )


def test_concurrent_ingests_are_durable_and_deduped(backend):
    async def body(store):
        outcomes = await asyncio.gather(*(store.ingest(event(i)) for i in range(200)))
        dupe = await store.ingest(event(0))
        return outcomes, dupe

    outcomes, dupe = run(backend, body)
    assert all(not o.duplicate for o in outcomes) and dupe.duplicate and dupe.deliveries == []
    ids = [d.id for o in outcomes for d in o.deliveries]
    assert len(ids) == 400 and len(set(ids)) == 400
    with backend.admin() as admin:
        assert admin.counts() == {PENDING: 400}
        assert [d.id for d in admin.open_deliveries()] == sorted(ids), "acceptance order is delivery-id order"
        assert admin.schema_version() == SCHEMA_VERSION


def test_claim_resumes_everything_open_then_only_what_an_operator_changed(backend):
    async def first(store):
        out = await store.ingest(event(1))
        a, b = out.deliveries
        attempted(store, queued(store, a), DELIVERED, ok=True)
        return [d.id for d in out.deliveries]

    a_id, b_id = run(backend, first)

    async def second(store):
        resumed = await store.claim()
        assert [d.id for d in resumed] == [b_id] and resumed[0].status == PENDING and resumed[0].body == BODY
        assert await store.claim() == []
        with backend.admin() as admin:
            assert admin.retry([a_id]) == [a_id]
        again = await store.claim()
        assert [(d.id, d.status, d.request) for d in again] == [(a_id, QUEUED, WEBHOOK)]
        assert again[0].attempts == 1 and again[0].schedule_base == 1
        return True

    assert run(backend, second)


def test_a_stale_write_never_reopens_or_overwrites_a_newer_outcome(backend):
    async def body(store):
        (d, _) = (await store.ingest(event(1))).deliveries
        queued(store, d)
        stale = Delivery(**{**d.__dict__})  # what a relay that lost its claim still holds
        attempted(store, d, DELIVERED, ok=True)
        attempted(store, stale, RETRYING, ok=False, code=503, after=5)  # same fencing token, arrives later
        late_transform = Delivery(**{**d.__dict__, "status": TRANSFORM_ERROR})
        store.record_transform(late_transform, result=None, detail="late")
        return d.id

    did = run(backend, body)
    with backend.admin() as admin:
        shown = admin.show(str(did)).deliveries[0]
    assert (shown.status, shown.attempts, len(shown.attempts_made)) == (DELIVERED, 1, 1)
    assert shown.attempts_made[0].ok and shown.last_error in (None, "")


def test_retry_keeps_counting_attempts_and_restarts_the_schedule(backend):
    async def body(store):
        (d, _) = (await store.ingest(event(1))).deliveries
        queued(store, d)
        for _ in range(2):
            attempted(store, d, RETRYING, ok=False, code=None, after=60)
        attempted(store, d, DEAD, ok=False, code=503)
        return d.id

    did = run(backend, body)
    with backend.admin() as admin:
        assert admin.retry(dead=True) == [did]
        shown = admin.show(str(did)).deliveries[0]
        assert shown.status == QUEUED and shown.attempts == len(shown.attempts_made) == 3
        assert shown.next_attempt_at is not None and shown.next_attempt_at <= time.time()
        assert [a.body for a in shown.attempts_made[:2]] == ["", ""], (
            "an attempt without an HTTP answer has no body, not 'null'"
        )
        (resumed,) = admin.open_deliveries([did])
        assert (resumed.attempts, resumed.schedule_base) == (3, 3)
        with pytest.raises(UserError, match="no delivery 99"):
            admin.retry([99])


def test_list_says_when_and_behind_whom_an_open_delivery_waits(backend):
    async def body(store):
        first = (await store.ingest(event(1, ["a.js"]))).deliveries[0]
        second = (await store.ingest(event(2, ["a.js"]))).deliveries[0]
        other = (await store.ingest(event(3, ["a.js"]))).deliveries[0]
        attempted(store, queued(store, first), RETRYING, ok=False, code=503, after=300)
        queued(store, second)
        queued(store, other, person="p2")
        return first.id, second.id, other.id

    first, second, other = run(backend, body)
    with backend.admin() as admin:
        rows = {r.id: r for r in admin.list()}
    assert rows[second].waiting_behind == first
    assert rows[first].waiting_behind is None and rows[first].next_attempt_at > time.time() + 200
    assert rows[other].waiting_behind is None


def test_replay_adds_a_generation_and_needs_a_selection(backend):
    async def body(store):
        for i in range(2):
            for d in (await store.ingest(event(i))).deliveries:
                d.status = TRANSFORM_ERROR
                store.record_transform(d, result=None, detail="boom")

    run(backend, body)
    with backend.admin() as admin:
        with pytest.raises(UserError, match="needs a selection"):
            admin.replay()
        new = admin.replay(status=TRANSFORM_ERROR, endpoint="a.js")
        assert len(new) == 2
        assert admin.replay(status=TRANSFORM_ERROR, endpoint="a.js") == [], "only the latest generation counts"
        assert (
            sorted((r.generation, r.status) for r in admin.list(endpoint="a.js"))
            == [(0, TRANSFORM_ERROR)] * 2 + [(1, PENDING)] * 2
        )
        with pytest.raises(UserError, match="no event msg_x"):
            admin.replay(webhook_ids=["msg_x"])


def test_purge_keeps_open_events(backend):
    async def body(store):
        for i in range(3):
            out = await store.ingest(event(i, ["a.js"], received_at=time.time() - 100))
            if i < 2:
                d = out.deliveries[0]
                d.status = TRANSFORM_ERROR
                store.record_transform(d, result=None)

    run(backend, body)
    with backend.admin() as admin:
        assert admin.purge(time.time() - 50) == 2
        assert admin.counts() == {PENDING: 1}


def test_show_reads_a_stored_result_back_and_refuses_a_newer_format(backend):
    with pytest.raises(UserError, match="newer than this dodo-cio reads"):
        StoredResult.from_json(json.dumps({"format": 99}))
    assert StoredResult.from_json(json.dumps({"webhook": WEBHOOK})).webhook == WEBHOOK, (
        "format 0 (before versioning) still reads"
    )

    async def body(store):
        (d, _) = (await store.ingest(event(1))).deliveries
        queued(store, d)
        return d.id

    did = run(backend, body)
    with backend.admin() as admin:
        shown = admin.show("msg_1")
        assert shown.event == ENVELOPE and [d.endpoint for d in shown.deliveries] == ["a.js", "b.js"]
        assert shown.deliveries[0].result["webhook"] == WEBHOOK
        assert [d.id for d in admin.show(str(did)).deliveries] == [did]
        with pytest.raises(UserError, match="no delivery or event"):
            admin.show("msg_nope")
