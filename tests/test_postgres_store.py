"""What only a shared PostgreSQL outbox has to do: several relays on one database.

Two `PostgresStore`s on one real database stand for two relays: leases, takeover after a
relay dies, order across relays, fencing, wake-ups, the database going away, the schema
version, and the password staying out of every message. (The behaviour every store shares
is in `test_store_contract.py`, which runs over PostgreSQL too.)
"""

from __future__ import annotations

import asyncio
import time

import pytest

psycopg = pytest.importorskip("psycopg")

from runner.errors import UserError  # noqa: E402
from runner.relay.store.base import DELIVERED, PENDING, QUEUED, Attempt, Delivery, NewEvent, StoredResult  # noqa: E402
from runner.relay.store.postgres import PostgresAdmin, PostgresStore, StoreUnavailable  # noqa: E402
from runner.relay.store.postgres_schema import VERSION_TABLE  # noqa: E402
from runner.relay.store.schema import SCHEMA_VERSION  # noqa: E402

BODY = b'{"type": "payment.succeeded", "data": {}}'
WEBHOOK = {
    "method": "POST",
    "url": "https://track.customer.io/api/v2/entity",
    "headers": {},
    "payload": {"type": "person"},
}


def event(i: int, customer: str = "cus_1", endpoints=("a.js",)) -> NewEvent:
    return NewEvent(f"msg_{i}", "payment.succeeded", BODY, tuple(endpoints), time.time(), customer=customer)


def queue(store: PostgresStore, d: Delivery, person: str) -> Delivery:
    d.status, d.person, d.request = QUEUED, person, WEBHOOK
    store.record_transform(d, result=StoredResult({"webhook": WEBHOOK}))
    return d


def deliver(store: PostgresStore, d: Delivery) -> None:
    d.attempts += 1
    d.status = DELIVERED
    store.record_attempt(d, Attempt(at=time.time(), ok=True, status=200))


async def started(url: str, **kw) -> PostgresStore:
    s = PostgresStore(url, **kw)
    await s.start()
    return s


def test_a_person_s_later_delivery_waits_while_another_relay_holds_an_earlier_one(pg_url):
    async def go():
        a, b = await started(pg_url), await started(pg_url)
        try:
            (d1,) = (await a.ingest(event(1, "cus_1"))).deliveries
            (d2,) = (await b.ingest(event(2, "cus_2"))).deliveries  # another customer, same person after the transform
            queue(a, d1, "person:p")
            queue(b, d2, "person:p")
            ready_a = await a.clear_to_send([d1])
            held_back = await b.clear_to_send([d2])
            deliver(a, d1)
            await a.clear_to_send([])  # flush a's writes
            await asyncio.sleep(0.05)
            after = await b.clear_to_send([d2])
            return held_back, ready_a, after
        finally:
            await a.close()
            await b.close()

    held_back, ready_a, after = asyncio.run(go())
    assert held_back == ([], []), "relay b must not send while relay a holds the person's earlier delivery"
    assert [d.id for d in ready_a[0]] == [1]
    assert [d.id for d in after[0]] == [2], "once the earlier one is delivered, the later one goes"


def test_an_earlier_delivery_claimed_since_the_batch_was_chosen_still_holds_back_a_later_one(pg_url):
    """Relay b chose #2 to send; meanwhile it claimed #1 (same person) from a dead relay, which its
    ordering has not seen yet: the store must not clear #2 just because b now holds #1 too."""

    async def go():
        a = await started(pg_url, lease_s=0.3)
        b = await started(pg_url)
        try:
            (d1,) = (await a.ingest(event(1, "cus_1"))).deliveries
            queue(a, d1, "person:p")
            await a.clear_to_send([])
            a._closing = True  # a dies without a word
            for t in a._tasks:
                t.cancel()
            (d2,) = (await b.ingest(event(2, "cus_2"))).deliveries
            queue(b, d2, "person:p")
            await asyncio.sleep(0.4)
            claimed = await b.claim()
            return claimed, await b.clear_to_send([d2])
        finally:
            await b.close()
            await a._pool.close()

    claimed, cleared = asyncio.run(go())
    assert [d.id for d in claimed] == [1]
    assert cleared == ([], []), "#1 of the same person is still open: #2 waits, whoever holds #1"


def test_an_untransformed_earlier_event_of_the_same_customer_holds_back_a_later_one(pg_url):
    async def go():
        a, b = await started(pg_url), await started(pg_url)
        try:
            (d1,) = (await a.ingest(event(1, "cus_1"))).deliveries  # still pending at relay a
            (d2,) = (await b.ingest(event(2, "cus_1"))).deliveries
            queue(b, d2, "person:p")
            blocked = await b.clear_to_send([d2])
            queue(a, d1, "person:q")  # transformed: a different person, so no longer in the way
            await a.clear_to_send([])
            return blocked, await b.clear_to_send([d2])
        finally:
            await a.close()
            await b.close()

    blocked, after = asyncio.run(go())
    assert blocked == ([], [])
    assert [d.id for d in after[0]] == [2]


def test_a_dead_relay_s_deliveries_return_to_the_pool_when_its_lease_runs_out(pg_url):
    async def go():
        a = await started(pg_url, lease_s=0.5)
        b = await started(pg_url, lease_s=0.5)
        try:
            (d1,) = (await a.ingest(event(1))).deliveries
            queue(a, d1, "person:p")
            await a.clear_to_send([])
            before = await b.claim()
            a._closing = True  # a dies: no renewals and no release (its tasks stop, its leases stay)
            for t in a._tasks:
                t.cancel()
            await asyncio.sleep(0.7)
            taken = await b.claim()
            seen = [(d.id, d.status, d.person, d.request) for d in taken]
            # the dead relay's late write is fenced out: b already counted an attempt on it
            deliver(b, taken[0])
            await b.clear_to_send([])
            stale = Delivery(
                d1.id, d1.event_seq, d1.webhook_id, d1.event_type, d1.endpoint, d1.received_at, status=QUEUED
            )
            stale.attempts, stale.status = 1, "dead"
            b.record_attempt(stale, Attempt(at=time.time(), ok=False, status=500))
            await b.clear_to_send([])
            return before, seen, await b.renew([d1.id])
        finally:
            await b.close()
            await a._pool.close()

    before, taken, lost = asyncio.run(go())
    assert before == [], "a live lease is not taken"
    assert taken == [(1, QUEUED, "person:p", WEBHOOK)], "the transformed request comes along: no second transform"
    with PostgresAdmin(pg_url) as admin:
        detail = admin.show("1").deliveries[0]
    assert detail.status == DELIVERED and detail.attempts == 1, "the stale write did not overwrite the newer outcome"
    assert len(detail.attempts_made) == 1
    assert lost == [1], "a finished delivery is no longer held"


def test_renew_reports_deliveries_another_relay_took(pg_url):
    async def go():
        a = await started(pg_url, lease_s=0.3)
        b = await started(pg_url, lease_s=30)
        try:
            (d1,) = (await a.ingest(event(1))).deliveries
            await asyncio.sleep(0.4)
            taken = await b.claim()
            return taken, await a.renew([d1.id]), await a.clear_to_send([queue(a, d1, "p")])
        finally:
            await a.close()
            await b.close()

    taken, lost, cleared = asyncio.run(go())
    assert [d.id for d in taken] == [1]
    assert lost == [1]
    assert cleared[0] == [] and [d.id for d in cleared[1]] == [1], "a lost delivery is reported lost, not sent"


def test_an_operator_retry_wakes_an_idle_relay_without_polling(pg_url):
    async def go():
        a = await started(pg_url, lease_s=120)  # a slow poll (60 s): only NOTIFY can wake it in time
        try:
            (d1,) = (await a.ingest(event(1))).deliveries
            queue(a, d1, "p")
            deliver(a, d1)
            await a.clear_to_send([])
            await a.wait_for_work(0)  # drain the wake-up from connecting
            waiter = asyncio.create_task(a.wait_for_work(60))
            await asyncio.sleep(0.2)
            started_at = time.monotonic()

            def operator_retry() -> None:
                with PostgresAdmin(pg_url) as admin:
                    admin.retry([d1.id])

            await asyncio.to_thread(operator_retry)
            await asyncio.wait_for(waiter, 5)
            woke = time.monotonic() - started_at
            return woke, await a.claim()
        finally:
            await a.close()

    woke, claimed = asyncio.run(go())
    assert woke < 2, f"woken by NOTIFY, not the 60 s poll ({woke:.2f} s)"
    assert [(d.id, d.status) for d in claimed] == [(1, QUEUED)]


def test_a_graceful_stop_hands_open_deliveries_to_the_others_at_once(pg_url):
    async def go():
        a, b = await started(pg_url), await started(pg_url)
        try:
            await a.ingest(event(1))
            await a.close()
            return await b.claim()
        finally:
            await b.close()

    assert [d.id for d in asyncio.run(go())] == [1]


def test_schema_version_newer_or_older_is_refused_and_migrate_upgrades(pg_url):
    with PostgresAdmin(pg_url, migrating=True) as admin:
        assert admin.migrate() == (0, SCHEMA_VERSION)
        assert admin.migrate() == (SCHEMA_VERSION, SCHEMA_VERSION)
        admin.conn.execute(f"INSERT INTO {VERSION_TABLE}(version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(UserError, match=f"schema version {SCHEMA_VERSION + 1}"):
        PostgresAdmin(pg_url)
    with pytest.raises(UserError, match="newer|knows up to"):
        asyncio.run(PostgresStore(pg_url).start())
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DELETE FROM {VERSION_TABLE} WHERE version >= %s", (SCHEMA_VERSION,))
    with pytest.raises(UserError, match="outbox migrate") as older:
        asyncio.run(PostgresStore(pg_url).start())
    assert "never upgrades" in str(older.value)
    with PostgresAdmin(pg_url, migrating=True) as admin:
        assert admin.migrate() == (SCHEMA_VERSION - 1, SCHEMA_VERSION)
    with PostgresAdmin(pg_url) as admin:
        assert admin.schema_version() == SCHEMA_VERSION


def test_the_password_never_appears_in_errors(postgres_server):
    url, _ = postgres_server
    wrong = url.replace("@", "-WRONGpw@", 1) if ":" in url.split("//", 1)[1].split("@")[0] else url
    password = url.split("//", 1)[1].split("@")[0].split(":", 1)[-1] + "-WRONGpw"
    with pytest.raises(UserError) as caught:
        asyncio.run(PostgresStore(wrong).start())
    text = str(caught.value)
    assert "password authentication failed" in text
    assert password not in text and "****" in text
    with pytest.raises(UserError) as caught:
        PostgresAdmin(wrong)
    assert password not in str(caught.value)
    # a malformed URL whose driver message would quote the connection string
    bad = "postgresql://relay:s3cret-PASSWORD@127.0.0.1:1/db?sslmode=bogus"
    with pytest.raises(UserError) as caught:
        PostgresAdmin(bad)
    assert "s3cret-PASSWORD" not in str(caught.value)


def test_database_outage_fails_ingest_fast_pauses_delivery_and_both_resume(postgres_server, pg_url):
    _, cluster = postgres_server
    if cluster is None:
        pytest.skip("restarting the database needs the throwaway cluster (DODO_CIO_TEST_DATABASE_URL is set)")

    async def go():
        s = await started(pg_url)
        try:
            (d1,) = (await s.ingest(event(1))).deliveries
            queue(s, d1, "p")
            await s.clear_to_send([])
            await asyncio.to_thread(cluster.stop, "immediate")
            with pytest.raises(StoreUnavailable):
                await s.ingest(event(2))
            t = time.monotonic()
            with pytest.raises(StoreUnavailable):
                await s.ingest(event(3))
            fast = time.monotonic() - t
            problem = await s.problem()
            paused = await s.clear_to_send([d1])
            deliver(s, d1)  # an outcome reached while the database is down waits in memory
            await asyncio.to_thread(cluster.start)
            for _ in range(100):
                if await s.problem() is None:
                    break
                await asyncio.sleep(0.1)
            back = await s.ingest(event(4))
            await s.clear_to_send([])
            return fast, problem, paused, back
        finally:
            await s.close()

    fast, problem, paused, back = asyncio.run(go())
    assert fast < 0.5, f"ingest answers at once while the database is known down ({fast:.2f} s)"
    password = postgres_server[0].split("//", 1)[1].split("@")[0].split(":", 1)[1]
    assert problem and password not in problem, "/healthz says why, without the password"
    assert paused == ([], []), "nothing is cleared to send while the database is down"
    assert not back.duplicate and len(back.deliveries) == 1
    with PostgresAdmin(pg_url) as admin:
        counts = admin.counts()
        assert admin.show("msg_1").deliveries[0].status == DELIVERED, "the outcome written after the outage"
    assert counts == {DELIVERED: 1, PENDING: 1}, counts
