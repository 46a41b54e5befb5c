"""A hostile transform on one endpoint (endless loop, memory bomb) does not hold up the others."""

from __future__ import annotations

import asyncio
import time

import pytest
from support.harness import EVENT_JS, RelayProcess, new_secret, numbered_events, post_events, relay_env, wait_until

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
from runner.relay.store.sqlite import SQLiteAdmin

SECRET = new_secret()
LOOP_JS = "function handler(webhook) { while (true) {} }"
BOMB_JS = "function handler(webhook) { const a = []; while (true) a.push(new Array(1e6).fill(1)); }"
N = 8


@pytest.mark.slow
def test_hostile_endpoints_cost_the_good_one_no_more_than_the_order_grace(tmp_path):
    for name, source in (("loop.js", LOOP_JS), ("bomb.js", BOMB_JS), ("event.js", EVENT_JS)):
        (tmp_path / name).write_text(source)
    with serve_in_thread(EmulatorConfig()) as emu:
        # the hostile endpoints come first, so their deliveries are older than the good one's
        relay = RelayProcess(
            [
                str(tmp_path / "loop.js"),
                str(tmp_path / "bomb.js"),
                str(tmp_path / "event.js"),
                "--db",
                str(tmp_path / "relay.sqlite3"),
                "--customerio-url",
                emu.base_url,
                "--timeout",
                "500ms",
            ],
            log=tmp_path / "relay.log",
            env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            started = time.monotonic()
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(N, 3), concurrency=4))
            assert all(s.status == 200 for s in sent)
            wait_until(
                lambda: sum(len(emu.state.events(f"cus_{c}")) for c in range(3)) == N,
                20,
                interval=0.05,
                what="the good deliveries",
            )
            good_done = time.monotonic() - started
            # each hostile run takes the 0.5 s limit plus the watchdog's grace; 8 of them on
            # 2 workers need several seconds, and the good endpoint must not wait for that
            assert good_done < 3.0, f"the good endpoint took {good_done:.1f} s"
            with SQLiteAdmin(tmp_path / "relay.sqlite3") as box:

                def hostile_done():
                    rows = [r.to_json() for r in box.list(limit=1000)]
                    return all(r["status"] not in ("pending", "queued", "retrying") for r in rows) and rows

                rows = wait_until(hostile_done, 60, what="the hostile transforms to fail")
                kinds = {r["endpoint"]: set() for r in rows}
                for r in rows:
                    kinds[r["endpoint"]].add(r["status"])
                assert kinds == {
                    "loop.js": {"transform_error"},
                    "bomb.js": {"transform_error"},
                    "event.js": {"delivered"},
                }
                loop_error = box.show(sent[0].webhook_id).to_json()["deliveries"][0]["result"]["error"]["kind"]
                bomb_error = box.show(sent[0].webhook_id).to_json()["deliveries"][1]["result"]["error"]["kind"]
            assert loop_error == "timeout"
            assert bomb_error in ("out_of_memory", "crash")
