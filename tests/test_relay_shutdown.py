"""Ctrl-C ends the relay within a second, even with transforms looping in its sandboxes:
open deliveries stay in the outbox for the next start, and no worker outlives it."""

from __future__ import annotations

import asyncio
import signal
import time

from support.harness import RelayProcess, new_secret, numbered_events, post_events, relay_env
from support.workers import alive, worker_pids

LOOP_JS = "function handler(webhook) {\n  for (;;) {}\n}\n"


def test_sigint_stops_the_relay_at_once_with_loops_in_flight(tmp_path):
    secret = new_secret()
    (tmp_path / "loop.js").write_text(LOOP_JS)
    relay = RelayProcess(
        [str(tmp_path / "loop.js"), "--db", str(tmp_path / "relay.sqlite3"), "--timeout", "5s", "--dry-run"],
        log=tmp_path / "relay.log",
        env=relay_env(secret),
    )
    with relay:
        sent = asyncio.run(post_events(relay.url, secret, numbered_events(6, 3), concurrency=3))
        assert all(s.status == 200 for s in sent)
        assert relay.proc is not None
        deadline = time.monotonic() + 20
        while len(worker_pids(relay.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = worker_pids(relay.proc.pid)
        assert workers, "no sandbox worker started"
        time.sleep(0.5)  # the workers are deep in their loops
        started = time.monotonic()
        relay.proc.send_signal(signal.SIGINT)
        code = relay.proc.wait(timeout=30)
        elapsed = time.monotonic() - started
    assert code == 0, relay.output()
    assert elapsed < 2.5, f"the relay took {elapsed:.2f} s to stop"  # not the 5 s time limit
    deadline = time.monotonic() + 2
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
