"""The relay as a real process on loopback: bad input, dedupe, outcomes, metrics, shutdown, secrets."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from support.harness import EVENT_JS, RelayProcess, new_secret, post_events, relay_env, wait_until

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
from runner.fixtures import find_fixture
from runner.relay.store.sqlite import SQLiteAdmin
from runner.relay.trigger import apply_sets, sign, signed_request

# One endpoint whose outcome the event chooses, so every outcome can be asked for.
MODES_JS = """
function handler(webhook) {
  const mode = webhook.payload.data.metadata.mode;
  if (mode === "unchanged") return webhook;
  if (mode === "cancel") { webhook.cancel = true; return webhook; }
  if (mode === "throw") throw new Error("boom");
  webhook.url = mode === "elsewhere" ? "https://hooks.elsewhere.example/x" : "https://track.customer.io/api/v2/entity";
  webhook.payload = {type: "person", identifiers: {id: "modes"},
    action: mode === "invalid" ? "payment_completed" : "identify",
                     attributes: {mode: mode}};
  return webhook;
}
"""

SECRET = new_secret()


def event(seq: int, customer: str = "cus_http", **metadata) -> dict:
    base = find_fixture("payment.succeeded").envelope
    return apply_sets(
        base, [f"data.customer.customer_id={customer}", f"data.metadata={json.dumps({'seq': seq, **metadata})}"]
    )


@pytest.fixture(scope="module")
def emulator():
    with serve_in_thread(EmulatorConfig()) as emu:
        yield emu


@pytest.fixture(scope="module")
def relay(tmp_path_factory, emulator):
    d = tmp_path_factory.mktemp("relay")
    (d / "event.js").write_text(EVENT_JS)
    (d / "modes.js").write_text(MODES_JS)
    (d / "relay.toml").write_text(
        '[relay]\nretry_schedule = ["0", "100ms"]\n\n'
        '[[endpoint]]\ntransform = "event.js"\nevent_types = ["payment.succeeded"]\n\n'
        '[[endpoint]]\ntransform = "modes.js"\nevent_types = ["payment.failed"]\n'
    )
    env = relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY)
    proc = RelayProcess(
        ["--config", str(d / "relay.toml"), "--db", str(d / "relay.sqlite3"), "--customerio-url", emulator.base_url],
        log=d / "relay.log",
        env=env,
    )
    with proc:
        yield proc


def post(relay: RelayProcess, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(relay.url, content=body, headers=headers, timeout=10)


def fresh_headers(body: bytes, **changes) -> dict:
    return {**sign(SECRET, body), **changes}


def test_a_signed_event_is_acked_and_delivered(relay, emulator):
    body, headers = signed_request(SECRET, event(1, "cus_first"))
    r = post(relay, body, headers)
    assert r.status_code == 200
    assert r.json() == {"status": "accepted", "webhook_id": headers["webhook-id"], "deliveries": 1}
    events = wait_until(lambda: emulator.state.events("cus_first"), 10, what="the delivery")
    assert [e["attributes"]["seq"] for e in events] == [1]


def test_bad_input_gets_its_status_and_nothing_is_forwarded(relay, emulator):
    before = len(emulator.state.requests())
    good = json.dumps(event(2, "cus_bad")).encode()
    stale = sign(SECRET, good, now=datetime.now(tz=timezone.utc) - timedelta(minutes=6))
    cases = [
        (good, {k: v for k, v in fresh_headers(good).items() if k != "webhook-signature"}, 401, "missing_signature"),
        (good, {**fresh_headers(good), "webhook-signature": "v1,AAAA"}, 401, "bad_signature"),
        (good.replace(b"cus_bad", b"cus_evil"), fresh_headers(good), 401, "bad_signature"),
        (good, stale, 401, "stale_timestamp"),
        (b"{oops", fresh_headers(b"{oops"), 400, "not_json"),
        (b'{"hello": 1}', fresh_headers(b'{"hello": 1}'), 400, "not_envelope"),
        (good, fresh_headers(good, **{"content-type": "text/plain"}), 415, "unsupported_media_type"),
    ]
    big = json.dumps(event(3, "cus_bad", pad="x" * (1 << 20))).encode()
    cases.append((big, fresh_headers(big), 413, "body_too_large"))
    for body, headers, status, reason in cases:
        r = post(relay, body, headers)
        assert r.status_code == status, (reason, r.text)
        assert r.json()["reason"] == reason
        assert r.headers["content-type"] == "application/json"
    assert httpx.get(relay.base + "/healthz").json()["status"] == "ok"
    metrics = httpx.get(relay.base + "/metrics").text
    for reason in (
        "missing_signature",
        "bad_signature",
        "stale_timestamp",
        "not_json",
        "not_envelope",
        "unsupported_media_type",
        "body_too_large",
    ):
        assert f'dodo_cio_relay_rejected_total{{reason="{reason}"}}' in metrics
    assert emulator.state.person("cus_bad") is None and emulator.state.person("cus_evil") is None
    assert len(emulator.state.requests()) == before


def test_a_duplicate_webhook_id_is_200_and_not_processed_again(relay, emulator):
    body, headers = signed_request(SECRET, event(7, "cus_dupe"))
    assert post(relay, body, headers).json()["status"] == "accepted"
    again = post(relay, body, headers)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    wait_until(lambda: emulator.state.events("cus_dupe"), 10, what="the delivery")
    with SQLiteAdmin(relay_db(relay)) as box:
        assert len(box.show(headers["webhook-id"]).to_json()["deliveries"]) == 1
    assert len(emulator.state.events("cus_dupe")) == 1


def relay_db(relay: RelayProcess) -> str:
    return relay.args[relay.args.index("--db") + 1]


def test_every_outcome_is_recorded_not_dropped(relay, emulator):
    modes = ["ok", "unchanged", "cancel", "throw", "elsewhere", "invalid"]
    envelopes = [apply_sets(find_fixture("payment.failed").envelope, [f"data.metadata.mode={m}"]) for m in modes]
    sent = asyncio.run(post_events(relay.url, SECRET, envelopes, concurrency=1))
    assert [s.status for s in sent] == [200] * len(modes)
    expected = {
        "ok": "delivered",
        "unchanged": "unchanged",
        "cancel": "cancelled",
        "throw": "transform_error",
        "elsewhere": "disallowed",
        "invalid": "validation_error",
    }

    def outcomes():
        with SQLiteAdmin(relay_db(relay)) as box:
            got = {m: box.show(s.webhook_id).to_json()["deliveries"][0] for m, s in zip(modes, sent, strict=True)}
        return got if all(d["status"] not in ("pending", "queued", "retrying") for d in got.values()) else None

    got = wait_until(outcomes, 15, what="every outcome")
    assert {m: d["status"] for m, d in got.items()} == expected
    assert got["throw"]["result"]["error"]["kind"] == "exception"
    assert emulator.state.person("modes")["attributes"]["mode"] == "ok"
    assert "hooks.elsewhere.example" not in json.dumps(emulator.state.requests())


def test_metrics_count_receipts_and_outcomes(relay):
    text = httpx.get(relay.base + "/metrics").text
    assert "dodo_cio_relay_received_total" in text
    assert 'dodo_cio_relay_deliveries_total{endpoint="event.js",outcome="delivered"}' in text
    assert "dodo_cio_relay_queue_depth" in text
    assert "dodo_cio_relay_delivery_latency_seconds_bucket" in text


def test_outbox_commands_work_while_the_relay_runs(relay):
    out = subprocess.run(
        [sys.executable, "-m", "runner", "outbox", "list", "--db", relay_db(relay), "--json"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    assert listed["counts"]["delivered"] >= 2


def test_trigger_sends_to_the_running_relay(relay):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "trigger",
            "payment.succeeded",
            "--to",
            relay.url,
            "--secret",
            SECRET,
            "--set",
            "data.customer.customer_id=cus_trig",
            "--set",
            "data.metadata.seq=5",
            "--count",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("[200] payment.succeeded msg_") == 2


def test_nothing_printed_holds_a_secret(relay):
    text = relay.output()
    assert text.strip()
    for secret in (SECRET, SECRET.removeprefix("whsec_"), DEMO_API_KEY):
        assert secret not in text


def test_sigterm_stops_gracefully_with_exit_0(tmp_path, emulator):
    (tmp_path / "event.js").write_text(EVENT_JS)
    proc = RelayProcess(
        [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--customerio-url", emulator.base_url],
        log=tmp_path / "log",
        env=relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
    )
    with proc:
        sent = asyncio.run(post_events(proc.url, SECRET, [event(i, "cus_term") for i in range(20)], concurrency=4))
        assert {s.status for s in sent} == {200}
        assert proc.terminate() == 0
    assert any(line.get("message") == "stopped" for line in proc.lines())
    with proc:  # whatever was still open is resumed and delivered
        wait_until(lambda: len(emulator.state.events("cus_term")) == 20, 15, what="all 20 deliveries")


def test_an_allowed_other_host_gets_the_request_without_our_credentials(tmp_path, emulator):
    """An unchanged url goes to the endpoint's configured URL; only an allowed host is sent to."""

    seen: list[dict] = []

    async def hook(request):
        seen.append({"headers": dict(request.headers), "body": await request.json()})
        return JSONResponse({"ok": True})

    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Route("/hook", hook, methods=["POST"])]),
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, 10, what="the receiver")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        (tmp_path / "passthrough.js").write_text(
            'function handler(webhook) { webhook.headers["x-source"] = "dodo"; return webhook; }'
        )
        (tmp_path / "relay.toml").write_text(
            "[[endpoint]]\n"
            'transform = "passthrough.js"\n'
            f'url = "http://127.0.0.1:{port}/hook"\n'
            f'headers = {{ "x-team" = "growth" }}\n'
        )
        args = [
            "--config",
            str(tmp_path / "relay.toml"),
            "--db",
            str(tmp_path / "r.sqlite3"),
            "--customerio-url",
            emulator.base_url,
        ]
        env = relay_env(SECRET, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY)
        with RelayProcess(args, log=tmp_path / "log", env=env) as refused:
            sent = asyncio.run(post_events(refused.url, SECRET, [event(1, "cus_hook")]))
            with SQLiteAdmin(tmp_path / "r.sqlite3") as box:
                d = wait_until(
                    lambda: box.show(sent[0].webhook_id).to_json()["deliveries"][0]["status"] == "disallowed",
                    10,
                    what="disallowed",
                )
            assert d and not seen
        with RelayProcess(
            args + ["--allow-host", "127.0.0.1"], log=tmp_path / "log", env=env, port=refused.port
        ) as relay:
            sent = asyncio.run(post_events(relay.url, SECRET, [event(2, "cus_hook")]))
            wait_until(lambda: seen, 10, what="the request at the endpoint URL")
        (got,) = seen
        assert got["body"]["data"]["metadata"]["seq"] == 2 and got["body"]["type"] == "payment.succeeded"
        assert got["headers"]["x-source"] == "dodo" and got["headers"]["x-team"] == "growth"
        assert "authorization" not in got["headers"]
    finally:
        server.should_exit = True
        thread.join(10)


def test_skip_verify_accepts_unsigned_events_and_warns_loudly(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    with RelayProcess(
        [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--insecure-skip-verify", "--dry-run"],
        log=tmp_path / "log",
        env=relay_env(""),
    ) as relay:
        r = httpx.post(relay.url, content=json.dumps(event(1)), headers={"content-type": "application/json"})
        assert r.status_code == 200 and r.json()["webhook_id"].startswith("msg_unsigned_")
        warnings = [line["message"] for line in relay.lines() if line.get("kind") == "warning"]
        assert any("NOT checked" in w for w in warnings)
