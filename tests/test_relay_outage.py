"""Customer.io fails (5xx, 429, dropped connections), then recovers: everything arrives, in order per person."""

from __future__ import annotations

import asyncio
import time

import pytest
from support.harness import (
    new_secret,
    numbered_events,
    post_events,
    relay_to_emulator,
    wait_until,
)

from runner.emulator import EmulatorConfig, serve_in_thread
from runner.relay.store.sqlite import SQLiteAdmin

SECRET = new_secret()
N = 300
CUSTOMERS = 6


@pytest.mark.slow
def test_an_outage_delays_but_loses_and_reorders_nothing(tmp_path):
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = relay_to_emulator(
            tmp_path, emu.base_url, SECRET, "--retry-schedule", "0,100ms,200ms,300ms,500ms,500ms,1s,1s,1s,1s,1s,1s"
        )
        with relay:
            emu.set_faults(fail_ratio=1.0, fail_status=503)  # down
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(N // 2, CUSTOMERS), concurrency=1))
            time.sleep(1.0)
            emu.set_faults(
                queue=["429@0.3*3", "drop*3", "500*3", "drop-after*2"], fail_every=5, fail_status=502
            )  # flaky
            sent += asyncio.run(
                post_events(relay.url, SECRET, numbered_events(N // 2, CUSTOMERS, start=N // 2), concurrency=1)
            )
            time.sleep(1.0)
            assert all(s.status == 200 for s in sent)
            emu.set_faults()  # recovered

            def all_events():
                return sum(len(emu.state.events(f"cus_{c}")) for c in range(CUSTOMERS)) >= N

            wait_until(all_events, 60, interval=0.2, what="every event delivered after the outage")
            with SQLiteAdmin(tmp_path / "relay.sqlite3") as box:
                wait_until(lambda: box.counts() == {"delivered": 2 * N}, 30, what="every delivery recorded delivered")
                retried = box.conn.execute("SELECT count(*) FROM attempts WHERE ok = 0").fetchone()[0]
            assert retried > 0, "the outage must have caused failed attempts"
            for c in range(CUSTOMERS):
                seqs = [e["attributes"]["seq"] for e in emu.state.events(f"cus_{c}")]
                assert seqs == sorted(seqs), f"cus_{c} got its events out of order: {seqs}"
                assert seqs == list(range(c, N, CUSTOMERS)), f"cus_{c}: missing or doubled events"
                # the identify for the newest event landed last
                assert emu.state.person(f"cus_{c}")["attributes"]["last_seq"] == max(seqs)
            assert "retrying" in relay.output()
