"""Several relay processes on one real PostgreSQL database, as behind a load balancer.

Dodo's side is played like Dodo does it: each customer's events go out one after another (the
next only once the previous one was acknowledged), spread over the relays; a webhook that gets
no 2xx is sent again with the same webhook-id, to the next relay (a load balancer's health
check takes a dead one out). Then: every acknowledged event reaches the emulator, none twice
except what Customer.io's event-id dedupe absorbs, and each person's events in the order sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx
import pytest

pytest.importorskip("psycopg")

from support.harness import (  # noqa: E402
    EVENT_JS,
    RawConnection,
    RelayProcess,
    new_secret,
    numbered_events,
    relay_env,
    wait_until,
)

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread  # noqa: E402
from runner.emulator.server import EmulatorHandle  # noqa: E402
from runner.relay.store import open_admin  # noqa: E402
from runner.relay.trigger import signed_request  # noqa: E402

SECRET = new_secret()
SCHEDULE = "0,100ms,200ms,300ms,500ms,500ms,1s,1s,1s,1s,1s,1s,2s,2s,2s"


@pytest.fixture
def relay_files(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    # a short lease, so a killed relay's deliveries return within the test's patience
    (tmp_path / "relay.toml").write_text('[relay]\nlease = "4s"\nsandbox_workers = 1\n')
    return tmp_path


@contextlib.contextmanager
def relays_on(n: int, tmp_path: Path, db: str) -> Iterator[tuple[EmulatorHandle, list[RelayProcess]]]:
    """An emulator and `n` relay processes on one database; the relays are killed at the end."""
    with serve_in_thread(EmulatorConfig()) as emu:
        relays: list[RelayProcess] = []
        try:
            for i in range(n):
                relays.append(
                    RelayProcess(
                        [
                            str(tmp_path / "event.js"),
                            "--config",
                            str(tmp_path / "relay.toml"),
                            "--db",
                            db,
                            "--customerio-url",
                            emu.base_url,
                            "--retry-schedule",
                            SCHEDULE,
                        ],
                        log=tmp_path / f"relay{i}.log",
                        env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
                    ).start()
                )
            yield emu, relays
        finally:
            for r in relays:
                r.kill()


class Dodo:
    """Sends each customer's events in order over the relays; counts what it saw."""

    def __init__(self, relays: Sequence[RelayProcess], envelopes: list[dict], customers: int) -> None:
        self.relays = relays
        self.envelopes = envelopes
        self.customers = customers
        self.acked: dict[int, str] = {}  # seq -> webhook id
        self.statuses: Counter = Counter()
        self.on_progress: Callable[[int], None] = lambda n: None

    async def _customer(self, c: int) -> None:
        conns = [RawConnection(r.url) for r in self.relays]
        turn = c
        for e in self.envelopes[c :: self.customers]:
            body, headers = signed_request(SECRET, e)
            while True:
                i = turn % len(self.relays)
                turn += 1
                try:
                    status = (await conns[i].post(body, headers, timeout=10))[0]
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
                    status = None
                self.statuses[status] += 1
                if status == 200:
                    break
                await asyncio.sleep(0.05)  # Dodo's retry, here much sooner
            self.acked[e["data"]["metadata"]["seq"]] = headers["webhook-id"]
            self.on_progress(len(self.acked))
        for conn in conns:
            conn.close()

    def run(self) -> None:
        async def go():
            await asyncio.gather(*(self._customer(c) for c in range(self.customers)))

        asyncio.run(go())


def person_seqs(emu, customers: int) -> dict[int, list[int]]:
    return {c: [e["attributes"]["seq"] for e in emu.state.events(f"cus_{c}")] for c in range(customers)}


def check_delivered_in_order(emu, n: int, customers: int) -> None:
    seqs = person_seqs(emu, customers)
    for c, got in seqs.items():
        assert got == list(range(c, n, customers)), f"cus_{c}: out of order, missing or doubled: {got[:40]}"


def delivered(emu, customers: int) -> int:
    return sum(len(v) for v in person_seqs(emu, customers).values())


@pytest.mark.slow
def test_three_relays_one_database_survive_kill_9_and_a_503_burst(relay_files, pg_url):
    n, customers = 3000, 60
    envelopes = numbered_events(n, customers)
    with relays_on(3, relay_files, pg_url) as (emu, relays):
        dodo = Dodo(relays, envelopes, customers)
        marks: dict[str, float] = {}

        def progress(acked: int) -> None:
            if acked >= n // 4 and "burst" not in marks:
                marks["burst"] = time.monotonic()
                emu.set_faults(fail_ratio=1.0, fail_status=503)
            if "burst" in marks and "burst_end" not in marks and time.monotonic() - marks["burst"] > 1.5:
                marks["burst_end"] = time.monotonic()
                emu.set_faults()
            if acked >= n // 2 and "kill" not in marks:
                marks["kill"] = time.monotonic()
                relays[1].kill()  # SIGKILL: its claims and unsent deliveries stay in the database under its lease

        dodo.on_progress = progress
        sender = threading.Thread(target=dodo.run)
        sender.start()
        sender.join(300)
        assert not sender.is_alive(), "Dodo could not get every event acknowledged"
        emu.set_faults()
        assert len(dodo.acked) == n and "kill" in marks
        wait_until(lambda: delivered(emu, customers) >= n, 180, interval=0.5, what="every acknowledged event delivered")
        live = [relays[0], relays[2]]
        wait_until(
            lambda: all(httpx.get(r.base + "/healthz").json()["queue_depth"] == 0 for r in live),
            60,
            what="empty queues",
        )
        time.sleep(1.0)  # anything still in flight would show up now
        check_delivered_in_order(emu, n, customers)
        with open_admin(pg_url) as admin:
            assert admin.counts() == {"delivered": n}, admin.counts()
        took_over = sum(
            1 for r in live for line in r.lines() if line.get("outcome") == "delivered" and line.get("attempt", 0) > 1
        )
        retried = emu.state.snapshot()["duplicate_events"]
        print(
            f"statuses seen by Dodo {dict(dodo.statuses)}; redeliveries absorbed by the event-id dedupe {retried}; "
            f"deliveries that needed more than one attempt {took_over}"
        )
        assert dodo.statuses[None] > 0, "the kill must have cut off some requests"


@pytest.mark.slow
def test_the_database_restarted_mid_stream_503s_ingest_and_loses_nothing(relay_files, pg_url, postgres_server):
    _, cluster = postgres_server
    if cluster is None:
        pytest.skip("restarting the database needs the throwaway cluster (DODO_CIO_TEST_DATABASE_URL is set)")
    n, customers = 600, 20
    envelopes = numbered_events(n, customers)
    with relays_on(2, relay_files, pg_url) as (emu, relays):
        dodo = Dodo(relays, envelopes, customers)
        down: dict[str, object] = {}

        def progress(acked: int) -> None:
            if acked >= n // 3 and "stopped" not in down:
                down["stopped"] = True
                threading.Thread(target=outage).start()

        def outage() -> None:
            cluster.stop("immediate")  # a crash: recovery on restart
            time.sleep(1.0)
            down["health"] = httpx.get(relays[0].base + "/healthz", timeout=5)
            time.sleep(1.5)
            cluster.start()
            down["restarted"] = True

        dodo.on_progress = progress
        dodo.run()
        wait_until(lambda: down.get("restarted"), 30, what="the database back")
        assert dodo.statuses[503] > 0, f"ingest must answer 503 while the database is down: {dict(dodo.statuses)}"
        health = down["health"]
        assert isinstance(health, httpx.Response) and health.status_code == 503, (
            "/healthz fails while the database is unreachable"
        )
        assert cluster.password not in health.text
        wait_until(lambda: delivered(emu, customers) >= n, 120, interval=0.5, what="delivery to resume")
        check_delivered_in_order(emu, n, customers)
        assert httpx.get(relays[0].base + "/healthz").status_code == 200
        infos = [
            next(
                line
                for line in httpx.get(r.base + "/metrics").text.splitlines()
                if line.startswith("dodo_cio_relay_info{")
            )
            for r in relays
        ]
        assert all('store="postgresql"' in i and 'instance="' in i for i in infos) and infos[0] != infos[1], infos
        for r in relays:
            assert cluster.password not in r.output(), "the database password reached the relay's output"
