"""The relay as an operator meets it: it refuses to start broken, one bad request fails alone,
its lines show where requests really went, and nothing a request or transform writes steers the terminal."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time

from support.harness import (
    EVENT_JS,
    RelayProcess,
    new_secret,
    numbered_events,
    post_events,
    post_once,
    relay_env,
    wait_until,
)

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
from runner.relay.store.sqlite import SQLiteAdmin

SECRET = new_secret()
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# valid as far as the validator can tell, and allowed, but IDNA refuses the host: the request cannot be built
BAD_HOST = "xn--track-.customer.io"
UNBUILDABLE_JS = EVENT_JS.replace('"https://track.customer.io/api/v2/entity"', f'"https://{BAD_HOST}/api/v2/entity"')
SYNTAX_JS = "function handler(webhook) {\n  return webhook.;\n}\n"


def start(args: list[str], env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    """A relay that is expected to refuse to start."""
    return subprocess.run(
        [sys.executable, "-m", "runner", "relay", *args, "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_an_unbuildable_endpoint_costs_the_benign_one_nothing(tmp_path):
    (tmp_path / "bad.js").write_text(UNBUILDABLE_JS)
    (tmp_path / "event.js").write_text(EVENT_JS)
    n = 30
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = RelayProcess(
            [
                str(tmp_path / "bad.js"),
                str(tmp_path / "event.js"),
                "--db",
                str(tmp_path / "r.sqlite3"),
                "--customerio-url",
                emu.base_url,
                "--retry-schedule",
                "0,50ms,50ms",
                "--allow-host",
                BAD_HOST,
            ],
            log=tmp_path / "log",
            env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(n, 5), concurrency=8))
            assert all(s.status == 200 for s in sent)
            with SQLiteAdmin(tmp_path / "r.sqlite3") as box:
                rows = wait_until(
                    lambda: (
                        (r := box.list(limit=1000))
                        and all(x.status not in ("pending", "queued", "retrying") for x in r)
                        and r
                    ),
                    30,
                    what="every delivery to finish",
                )
        by_endpoint = {
            name: {(r.status, r.attempts) for r in rows if r.endpoint == name} for name in ("bad.js", "event.js")
        }
        # half an emoji in a header is caught earlier, as a lone_surrogate validation error; a host IDNA refuses
        # reaches the client, which fails it alone, once and for good
        assert by_endpoint == {"bad.js": {("invalid_request", 1)}, "event.js": {("delivered", 1)}}
        assert sum(len(emu.state.events(f"cus_{c}")) for c in range(5)) == n
        lines = relay.lines()
    delivered = [x for x in lines if x.get("outcome") == "delivered"]
    assert delivered and all(x["target"].startswith(f"POST {emu.base_url}/api/v2/") for x in delivered), (
        "the log names the URL the request went to (--customerio-url), not the transform's"
    )


def test_the_relay_refuses_to_start_without_credentials(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    done = start([str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3")], relay_env(SECRET))
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        "no Customer.io credentials for event.js" in done.stderr
        and "CUSTOMERIO_SITE_ID" in done.stderr
        and "Ready" not in done.stdout
    )


def test_the_relay_refuses_a_transform_that_cannot_run(tmp_path):
    (tmp_path / "broken.js").write_text(SYNTAX_JS)
    (tmp_path / "nohandler.js").write_text("function handle(webhook) { return webhook; }\n")
    env = relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY)
    done = start([str(tmp_path / "broken.js"), "--db", str(tmp_path / "r.sqlite3")], env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "syntax_error" in done.stderr and f"{tmp_path / 'broken.js'}:2:" in done.stderr and "^" in done.stderr
    assert "return webhook.;" in done.stderr and "Ready" not in done.stdout
    done = start([str(tmp_path / "nohandler.js"), "--db", str(tmp_path / "r.sqlite3")], env)
    assert done.returncode == 2 and "missing_handler" in done.stderr, done.stderr


def test_a_second_relay_on_the_same_outbox_is_refused(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    args = [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--dry-run"]
    with RelayProcess(args, log=tmp_path / "log", env=relay_env(SECRET)) as first:
        done = start(args, relay_env(SECRET))
        assert done.returncode == 2, done.stdout + done.stderr
        assert f"another relay (pid {first.proc.pid}) is using this outbox" in done.stderr


def test_a_broken_edit_keeps_the_last_good_transform_running(tmp_path):
    t = tmp_path / "event.js"
    t.write_text(EVENT_JS)
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = RelayProcess(
            [str(t), "--db", str(tmp_path / "r.sqlite3"), "--customerio-url", emu.base_url],
            log=tmp_path / "log",
            env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            time.sleep(0.05)
            t.write_text(SYNTAX_JS)
            warning = wait_until(
                lambda: [
                    x
                    for x in relay.lines()
                    if x.get("kind") == "warning" and "last good version" in x.get("message", "")
                ],
                10,
                what="the warning about the broken edit",
            )
            assert "syntax_error" in warning[0]["message"] and "event.js:2" in warning[0]["message"]
            sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(3, 1), concurrency=1))
            assert all(s.status == 200 for s in sent)
            wait_until(lambda: len(emu.state.events("cus_0")) == 3, 15, what="delivery with the last good transform")


def test_request_and_transform_text_cannot_steer_the_terminal(tmp_path):
    hostile = "\x1b]0;pwned\x07\r\u2713 delivered\x9b2J"
    (tmp_path / "noisy.js").write_text(f"function handler(webhook) {{ throw new Error({json.dumps(hostile)}); }}\n")
    relay = RelayProcess(
        [str(tmp_path / "noisy.js"), "--db", str(tmp_path / "r.sqlite3"), "--dry-run"],
        log=tmp_path / "log",
        env=relay_env(SECRET),
        log_format="text",
    )
    with relay:
        # an unauthenticated request: its webhook-id is echoed in the rejection line
        # C0 controls are refused by the HTTP parser; C1 ones (a CSI here) pass as obs-text
        headers = {
            "webhook-id": "msg_\x9b2J\x9b0;pwned\x85",
            "webhook-signature": "v1,x",
            "webhook-timestamp": str(int(time.time())),
        }
        status, _ = asyncio.run(post_once(relay.url, b"{}", headers))  # raw bytes: an HTTP client would refuse them
        assert 400 <= status < 500
        sent = asyncio.run(post_events(relay.url, SECRET, numbered_events(1, 1), concurrency=1))
        assert sent[0].status == 200
        wait_until(lambda: "transform_error" in relay.output() and "rejected" in relay.output(), 15, what="both lines")
        out = relay.output()
    assert "pwned" in out and not CONTROL.search(out), repr(out)
