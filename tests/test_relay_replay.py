"""Fix a transform, replay, and Customer.io gets the corrected operations; retry the dead-lettered."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from support.harness import EVENT_JS, RelayProcess, new_secret, numbered_events, post_events, relay_env, wait_until

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
from runner.relay.store.sqlite import SQLiteAdmin

SECRET = new_secret()
# Dodo's documented mistake: an `action` Customer.io does not have
BROKEN_JS = EVENT_JS.replace('action: "event"', 'action: "payment_completed"')


def outbox_cli(db, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "runner", "outbox", *args, "--db", str(db)], capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def settled(db, n: int):
    with SQLiteAdmin(db) as box:
        counts = box.counts()
    return (
        counts
        if sum(counts.values()) >= n and not any(counts.get(s) for s in ("pending", "queued", "retrying"))
        else None
    )


def test_replay_after_fixing_the_transform_delivers_the_corrected_operations(tmp_path):
    transform = tmp_path / "payments.js"
    transform.write_text(BROKEN_JS)
    db = tmp_path / "relay.sqlite3"
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = RelayProcess(
            [str(transform), "--db", str(db), "--customerio-url", emu.base_url],
            log=tmp_path / "relay.log",
            env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(5, 5), concurrency=1))
            assert wait_until(lambda: settled(db, 5), 15, what="the validation errors") == {"validation_error": 5}
            assert emu.state.people() == []

            transform.write_text(EVENT_JS)  # the fix; the running relay reloads it
            wait_until(lambda: "reloaded payments.js" in relay.output(), 10, what="the reload")
            assert "5 deliveries replayed" in outbox_cli(db, "replay", "--status", "validation_error")

            wait_until(lambda: all(emu.state.events(f"cus_{i}") for i in range(5)), 15, what="the corrected operations")
            assert [emu.state.events(f"cus_{i}")[0]["attributes"]["seq"] for i in range(5)] == list(range(5))
            assert wait_until(lambda: settled(db, 10), 15, what="the replays") == {
                "validation_error": 5,
                "delivered": 5,
            }
            with SQLiteAdmin(db) as box:
                history = box.show(sent[0].webhook_id).to_json()["deliveries"]
            assert [(d["generation"], d["status"]) for d in history] == [(0, "validation_error"), (1, "delivered")]


def test_dead_letters_are_retried_by_hand_after_the_outage(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    db = tmp_path / "relay.sqlite3"
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = RelayProcess(
            [
                str(tmp_path / "event.js"),
                "--db",
                str(db),
                "--customerio-url",
                emu.base_url,
                "--retry-schedule",
                "0,50ms",
            ],
            log=tmp_path / "relay.log",
            env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            emu.set_faults(fail_ratio=1.0, fail_status=503)
            asyncio.run(post_events(relay.url, SECRET, numbered_events(4, 2), concurrency=1))
            assert wait_until(lambda: settled(db, 4), 15, what="the dead letters") == {"dead": 4}
            listed = outbox_cli(db, "list", "--status", "dead")
            assert listed.count(" dead ") == 4 and "[503]" in listed
            shown = outbox_cli(db, "show", "1")
            assert shown.count("attempt ") == 2 and "503" in shown

            emu.set_faults()
            assert "4 deliveries queued again" in outbox_cli(db, "retry", "--dead")
            assert wait_until(lambda: settled(db, 4), 15, what="the retried deliveries") == {"delivered": 4}
            assert [e["attributes"]["seq"] for e in emu.state.events("cus_0")] == [0, 2]
