"""TrackClient.deliver_many: v2 operations grouped into /api/v2/batch, 207s mapped per item."""

from __future__ import annotations

import asyncio

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials
from runner.customerio.ulid import event_ulid

SITE, KEY = "site-batch", "key-batch-secret"
TRACK = "https://track.customer.io/api/v2/entity"


def event(customer: str, action: str = "event") -> dict:
    return {"type": "person", "identifiers": {"id": customer}, "action": action, "name": "paid", "attributes": {"n": 1}}


def item(payload: dict, webhook_id: str, url: str = TRACK) -> tuple[dict, str, str]:
    return ({"method": "POST", "url": url, "headers": {}, "payload": payload}, webhook_id, "t.js")


def deliver_many(emu, items: list, **kw):
    async def go():
        async with TrackClient(Credentials(SITE, KEY), base_url=emu.base_url, backoff_base=0.01, **kw) as client:
            return await client.deliver_many(items)

    return asyncio.run(go())


def test_ready_operations_go_in_one_batch_and_a_207_fails_only_the_bad_item(emu):
    identify = {"type": "person", "identifiers": {"id": "c0"}, "action": "identify", "attributes": {"plan": "pro"}}
    items = [
        item(identify, "w0"),
        item(event("c1"), "w1"),
        item(event("c2", "payment_completed"), "w2"),
        item(event("c3"), "w3"),
    ]
    outcomes = deliver_many(emu, items)
    [logged] = emu.state.requests()
    assert (logged["path"], logged["status"], len(logged["body"]["batch"])) == ("/api/v2/batch", 207, 4)
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert all(o.status == 207 and o.attempts == 1 for o in outcomes)
    bad = outcomes[2]
    assert (
        not bad.retryable
        and [e["batch_index"] for e in bad.item_errors] == [2]
        and bad.item_errors[0]["field"] == "action"
    )
    assert bad.error and outcomes[1].item_errors == [] and outcomes[1].error == ""
    assert [len(emu.state.events(c)) for c in ("c1", "c2", "c3")] == [1, 0, 1]
    assert emu.state.person("c0")["attributes"]["plan"] == "pro"


def test_event_ids_are_the_same_batched_or_alone(emu):
    deliver_many(emu, [item(event("c1"), "w1"), item(event("c2"), "w2")])
    alone = deliver_many(emu, [item(event("c1"), "w1")])
    batch_log, alone_log = emu.state.requests()
    assert [op["id"] for op in batch_log["body"]["batch"]] == [event_ulid("w1", "t.js", 0), event_ulid("w2", "t.js", 0)]
    assert alone_log["path"] == "/api/v2/entity" and alone_log["body"]["id"] == event_ulid("w1", "t.js", 0)
    assert alone[0].ok and len(emu.state.events("c1")) == 1  # the second send was a duplicate


def test_a_fully_valid_batch_is_ok_for_every_item_and_is_retried_as_a_whole(emu):
    emu.set_faults(queue=["503"])
    outcomes = deliver_many(emu, [item(event(f"c{i}"), f"w{i}") for i in range(5)])
    assert [(o.ok, o.status, o.attempts) for o in outcomes] == [(True, 200, 2)] * 5
    assert [r["status"] for r in emu.state.requests()] == [503, 200]


def test_a_batch_rejected_as_a_whole_is_resent_item_by_item(emu):
    emu.set_faults(queue=["400"])
    outcomes = deliver_many(emu, [item(event("c1"), "w1"), item(event("c2"), "w2")])
    assert all(o.ok and o.status == 200 for o in outcomes)
    assert [(r["path"], r["status"]) for r in emu.state.requests()][0] == ("/api/v2/batch", 400)
    assert sorted(r["path"] for r in emu.state.requests()[1:]) == ["/api/v2/entity"] * 2


def test_items_that_cannot_be_batched_are_sent_or_refused_on_their_own(emu):
    v1 = (
        {
            "method": "PUT",
            "url": "https://track.customer.io/api/v1/customers/c9",
            "headers": {},
            "payload": {"plan": "pro"},
        },
        "w9",
        "t.js",
    )
    foreign = item(event("c8"), "w8", url="https://example.invalid/hook")
    outcomes = deliver_many(emu, [v1, foreign, item(event("c1"), "w1")])
    assert outcomes[0].ok and outcomes[2].ok
    assert not outcomes[1].ok and "not a Customer.io Track host" in outcomes[1].error
    assert sorted(r["path"] for r in emu.state.requests()) == ["/api/v1/customers/c9", "/api/v2/entity"]


def test_large_groups_are_split_to_stay_under_the_batch_limit(emu):
    big = "x" * 900
    items = [
        item({**event(f"c{i}"), "attributes": {f"a{j}": big for j in range(30)}}, f"w{i}") for i in range(40)
    ]  # ~27 KB each
    outcomes = deliver_many(emu, items)
    assert all(o.ok for o in outcomes)
    sizes = [r["body_bytes"] for r in emu.state.requests()]
    assert len(sizes) >= 3 and max(sizes) <= 500 * 1024
    assert sum(len(r["body"]["batch"]) for r in emu.state.requests()) == 40
