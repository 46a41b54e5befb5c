"""The seam between the sandbox's workers and the parent: one hostile or odd transform or
event fails only itself. One test (or more) per defect of issue 8; each failed before the
protocol/supervisor redesign."""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.workers import STUB_WORKER, alive, worker_pids

from runner.pipeline import RunOptions, run_event, run_matrix
from runner.relay.trigger import sign
from runner.relay.verify import Rejected, Verifier
from runner.sandbox import Job, Limits, Sandbox, pool as pool_module
from runner.transforms import Transform, load_transform

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile"
OPTIONS = RunOptions(limits=Limits(time_s=1.0))
H = "function handler(webhook) {\n"
BENIGN = Transform(
    "benign.js",
    H
    + (
        "  webhook.url = 'https://track.customer.io/api/v2/entity';\n"
        "  webhook.payload = { n: webhook.payload.type };\n"
        "  return webhook;\n"
        "}"
    ),
)


def hostile(name: str) -> Transform:
    return load_transform(HOSTILE / f"{name}.js")


def matrix(pool: Sandbox, transforms: list[Transform], fixtures, options: RunOptions, timeout: float = 60):
    """run_matrix with a deadline, so a stalled pool fails the test instead of hanging it."""
    ex = concurrent.futures.ThreadPoolExecutor(1)
    try:
        return ex.submit(run_matrix, pool, transforms, fixtures, options=options).result(timeout=timeout)
    finally:
        ex.shutdown(wait=False)


@pytest.fixture(scope="module")
def pool():
    with Sandbox(workers=2, limits=OPTIONS.limits) as sb:
        yield sb


@pytest.fixture(scope="module")
def fixtures():
    from runner.fixtures import find_fixture

    return [find_fixture("payment.succeeded"), find_fixture("subscription.active")]


# -- 1. the pool stalls for good ------------------------------------------------------------
@pytest.mark.parametrize("hints", [True, False], ids=["hints", "no-hints"])
def test_replies_that_killed_the_supervisor_fail_only_their_own_events(pool, fixtures, hints):
    # More bad events than workers, then a benign transform: every result comes back.
    transforms = [hostile("deep_result"), hostile("tojson_everywhere")] * 2 + [BENIGN]
    results = matrix(pool, transforms, fixtures, replace(OPTIONS, hints=hints))
    kinds = [(r.transform, r.error.kind if r.error else r.status) for r in results]
    assert (
        kinds
        == [("deep_result.js", "unserializable")] * 2
        + [("tojson_everywhere.js", "invalid_return")] * 2
        + [("deep_result.js", "unserializable")] * 2
        + [("tojson_everywhere.js", "invalid_return")] * 2
        + [("benign.js", "routed")] * 2
    )
    assert [r.webhook["payload"] for r in results[-2:]] == [{"n": "payment.succeeded"}, {"n": "subscription.active"}]
    assert "nests 1002 levels deep; the limit is 256" in results[0].error.message


# -- 2. replies can be forged ----------------------------------------------------------------
@pytest.mark.parametrize("hints", [True, False], ids=["hints", "no-hints"])
def test_a_transform_that_replaces_built_ins_cannot_forge_replies(fixtures, hints):
    with Sandbox(workers=1, limits=OPTIONS.limits) as one:  # one worker: both share every batch
        results = matrix(one, [hostile("forged_reply"), BENIGN] * 3, fixtures, replace(OPTIONS, hints=hints))
    for r in results:
        if r.transform == "forged_reply.js":
            assert r.status == "error" and r.error.kind == "invalid_method", r
        else:
            assert r.status == "routed" and r.webhook["payload"] == {"n": r.event_type}, r
    assert one.respawns == 0


# -- 3. the source cache falls out of step ----------------------------------------------------
def test_many_distinct_sources_never_leave_the_worker_without_one(fixtures):
    sources = [Transform(f"t{i}.js", f"function handler(w) {{ return w }} // {i}") for i in range(1030)]
    options = replace(OPTIONS, hints=False)
    with Sandbox(workers=1, limits=OPTIONS.limits) as one:
        results = matrix(one, sources + sources[:1], fixtures[:1], options, timeout=120)
        assert {r.status for r in results} == {"unchanged"}, {r.error.message for r in results if r.error}
        assert one.respawns == 0


# -- 4. half an emoji is an internal error ------------------------------------------------------
def _cli(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runner", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def test_half_an_emoji_in_a_result_is_a_finding_not_an_internal_error():
    proc = _cli("run", str(HOSTILE / "half_emoji.js"), "--event", "payment.succeeded")
    assert proc.returncode == 1, proc.stderr
    assert "lone_surrogate headers.X-Name" in proc.stdout
    assert "\\ud83d" in proc.stdout  # shown as the escape, not an encoding error
    data = json.loads(_cli("run", str(HOSTILE / "half_emoji.js"), "--event", "payment.succeeded", "--json").stdout)
    assert data["webhook"]["headers"]["X-Name"] == "\ud83d"
    assert {(f["code"], f["severity"]) for f in data["findings"]} >= {
        ("lone_surrogate", "error"),
        ("lone_surrogate", "warning"),
    }


def test_half_an_emoji_in_the_event_is_data(tmp_path):
    from runner.fixtures import find_fixture

    envelope = find_fixture("payment.succeeded").envelope
    envelope["data"]["customer"]["name"] = "\ud83d"
    event = tmp_path / "event.json"
    event.write_text(json.dumps(envelope))  # ASCII: the lone surrogate as its \ud83d escape
    echo = tmp_path / "echo.js"
    echo.write_text(
        H
        + (
            "  webhook.url = 'https://example.com/';\n"
            "  webhook.payload = { name: webhook.payload.data.customer.name };\n"
            "  return webhook;\n"
            "}"
        )
    )
    proc = _cli("run", str(echo), "--payload", str(event), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["webhook"]["payload"] == {"name": "\ud83d"}
    same = tmp_path / "same.js"
    same.write_text("function handler(w) { return w }")
    proc = _cli("run", str(same), "--payload", str(event))
    assert proc.returncode == 0 and "unchanged" in proc.stdout, proc.stderr


# -- 5. results have no size cap ----------------------------------------------------------------
@pytest.mark.parametrize("hints", [True, False], ids=["hints", "no-hints"])
def test_an_oversized_result_is_its_own_error_kind(pool, fixtures, hints):
    [r] = matrix(pool, [hostile("huge_result")], fixtures[:1], replace(OPTIONS, hints=hints))
    assert r.status == "error" and r.error.kind == "result_too_large"
    assert r.webhook is None
    assert "4 MiB as JSON; the result limit is 1 MiB" in r.error.message
    assert "--max-result" in r.error.hint


def test_the_result_limit_is_configurable(fixtures):
    with Sandbox(workers=1, limits=Limits(result_bytes=8 << 20)) as big:
        [r] = matrix(big, [hostile("huge_result")], fixtures[:1], RunOptions(limits=big.limits, hints=False))
    assert r.status == "routed" and len(r.webhook["payload"]["attributes"]["blob"]) == 4 << 20
    proc = _cli("run", str(HOSTILE / "huge_result.js"), "--event", "payment.succeeded", "--max-result", "2KiB")
    assert proc.returncode == 1 and "result_too_large" in proc.stdout and "the result limit is 2 KiB" in proc.stdout


# -- 6. thrown values are mislabelled ----------------------------------------------------------
@pytest.mark.parametrize("hints", [True, False], ids=["hints", "no-hints"])
@pytest.mark.parametrize(
    "name, message",
    [
        ("thrown_proxy", "handler threw a non-Error value: [a value that cannot be shown: reading it threw]"),
        ("throwing_stack", "Error: boom"),
    ],
)
def test_a_thrown_proxy_or_a_throwing_stack_is_an_exception(pool, fixtures, name, message, hints):
    [r] = matrix(pool, [hostile(name)], fixtures[:1], replace(OPTIONS, hints=hints))
    assert r.status == "error" and r.error.kind == "exception", r.error
    assert r.error.message == message


def test_the_acceptance_folder_checks_with_and_without_hints():
    for extra in ([], ["--no-hints"]):
        proc = _cli(
            "check", str(HOSTILE), "--fixtures", str(ROOT / "fixtures" / "payment.succeeded.json"), "--json", *extra
        )
        assert proc.returncode == 1, proc.stderr
        results = json.loads(proc.stdout)["results"]
        got = {r["transform"]: (r["status"], r["error"]["kind"] if r["error"] else None) for r in results}
        # Routed, yet the half emoji in a header is an error finding: that request cannot be sent.
        [emoji] = [r for r in results if r["transform"] == "half_emoji.js"]
        assert [(f["code"], f["path"]) for f in emoji["findings"] if f["severity"] == "error"] == [
            ("lone_surrogate", "headers.X-Name")
        ], extra
        assert got == {
            "benign.js": ("routed", None),
            "deep_result.js": ("error", "unserializable"),
            "forged_reply.js": ("error", "invalid_method"),
            "half_emoji.js": ("routed", None),
            "huge_result.js": ("error", "result_too_large"),
            "throwing_stack.js": ("error", "exception"),
            "thrown_proxy.js": ("error", "exception"),
            "tojson_everywhere.js": ("error", "invalid_return"),
        }


# -- 7. deep JSON anywhere on the Python side ----------------------------------------------------
DEEP = (
    '{"type": "payment.succeeded", "business_id": "b", "timestamp": "2026-01-14T13:26:02Z", "data": '
    + "[" * 5000
    + "]" * 5000
    + "}"
)


@pytest.mark.parametrize(
    "body, problem",
    [
        (DEEP, "nests 5001 levels deep; the limit is 256"),
        ('{"type": "payment.succeeded", "data": {"amount": NaN}}', "NaN is not JSON"),
    ],
)
def test_deep_or_nan_payload_files_are_usage_errors(tmp_path, body, problem):
    event = tmp_path / "deep.json"
    event.write_text(body)
    for args in (
        ["run", str(ROOT / "transforms" / "track_payments.js"), "--payload", str(event)],
        ["trigger", "--payload", str(event), "--to", "http://127.0.0.1:9/"],
    ):
        proc = _cli(*args, env={"DODO_PAYMENTS_WEBHOOK_KEY": "whsec_" + "A" * 32})
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert problem in proc.stderr and "internal error" not in proc.stderr


@pytest.mark.parametrize("body", [DEEP.encode(), b'{"type": "payment.succeeded", "data": {"amount": NaN}}'])
def test_the_relay_refuses_deep_or_nan_signed_bodies_with_400(body):
    secret = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
    result = Verifier([secret]).check(sign(secret, body), body)
    assert isinstance(result, Rejected) and (result.status, result.reason) == (400, "not_json")


SITE, KEY = "site-seams", "key-seams-123456"


@pytest.mark.parametrize(
    "body",
    [
        b'{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":'
        + b"[" * 5000
        + b"]" * 5000
        + b"}",
        b'{"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"a":NaN}}',
    ],
)
def test_the_emulator_refuses_deep_or_nan_bodies_with_400(emu, body):
    import httpx

    r = httpx.post(
        f"{emu.base_url}/api/v2/entity",
        content=body,
        auth=(SITE, KEY),
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert r.status_code == 400, r.text


# -- 8. Ctrl-C is slow and leaves a worker behind; 9. workers inherit secrets -----------------------
def _start_looping_run(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    loop = tmp_path / "loop.js"
    loop.write_text(H + "  for (;;) {}\n}")
    # As from a terminal: a shell's background job (CI run with `&`) passes SIGINT on ignored, and
    # Python keeps an inherited SIG_IGN, so the Ctrl-C test would test nothing but that.
    proc = subprocess.Popen(
        [sys.executable, "-m", "runner", "run", str(loop), "-e", "payment.succeeded", "--timeout", "30"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "DODO_PAYMENTS_WEBHOOK_KEY": "whsec_secret_in_host"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = worker_pids(proc.pid)
        if workers:
            time.sleep(0.3)  # let it get into the loop
            return proc, workers[0]
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("no worker started")


def test_ctrl_c_ends_a_run_within_a_second_and_takes_the_worker(tmp_path):
    proc, worker = _start_looping_run(tmp_path)
    environ = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
    assert not [v for v in environ if b"DODO_PAYMENTS" in v or b"secret" in v]  # 9: no host secrets
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)
    assert time.monotonic() - started < 1.0  # issue 8: any command ends within 1 s of Ctrl-C (usually 0.2 s)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == 130
    deadline = time.monotonic() + 2
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path, sig):
    proc, worker = _start_looping_run(tmp_path)
    proc.send_signal(sig)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    deadline = time.monotonic() + 2
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


# -- 10. driver internals are visible -----------------------------------------------------------
@pytest.mark.parametrize("polyfills", [False, True], ids=["plain", "polyfills"])
@pytest.mark.parametrize("hints", [True, False], ids=["hints", "no-hints"])
def test_user_code_sees_no_driver_globals(pool, fixtures, hints, polyfills):
    import quickjs

    mention = "  // Intl, URL: the polyfills load for this source\n" if polyfills else ""
    probe = Transform(
        "globals.js",
        H
        + mention
        + (
            "  webhook.url = 'https://example.com/';\n"
            "  webhook.payload = Object.getOwnPropertyNames(globalThis);\n"
            "  return webhook;\n"
            "}"
        ),
    )
    [r] = matrix(pool, [probe], fixtures[:1], replace(OPTIONS, hints=hints))
    seen = set(r.webhook["payload"])
    assert not [n for n in seen if n.startswith("__")]
    bare = set(quickjs.Context().eval("Object.getOwnPropertyNames(globalThis).join()").split(","))
    added = seen - bare - {"handler"}  # what the sandbox adds to a bare QuickJS context
    polyfilled = {
        "Intl",
        "URL",
        "URLSearchParams",
        "TextEncoder",
        "TextDecoder",
        "structuredClone",
    }  # README: V8 fidelity
    assert ("Intl" in added) == polyfills
    assert added <= {"console"} | (polyfilled if polyfills else set())
    if shutil.which("node") and not polyfills:  # and V8 has each of them too
        v8 = json.loads(
            subprocess.check_output(
                [
                    "node",
                    "-e",
                    "console.log(JSON.stringify(require('vm')"
                    ".runInNewContext('Object.getOwnPropertyNames(globalThis)')))",
                ]
            )
        )
        assert added <= set(v8)


# -- 11. a microtask chain that never ends --------------------------------------------------------
def test_an_endless_microtask_chain_is_a_timeout(pool, fixtures):
    source = (
        "function handler(w) {\n"
        "  (function loop() { Promise.resolve().then(loop); })();\n"
        "  return Promise.resolve(w);\n"
        "}"
    )
    [r] = matrix(pool, [Transform("microtasks.js", source)], fixtures[:1], replace(OPTIONS, limits=Limits(time_s=0.3)))
    assert r.status == "error" and r.error.kind == "timeout", r
    assert r.error.message.startswith("ran longer than the 0.3 s time limit")


# -- the supervisor against a worker that breaks the protocol -----------------------------------
def test_the_supervisor_survives_any_reply(monkeypatch):
    from runner.sandbox import Job, Reply

    monkeypatch.setattr(pool_module, "WORKER_SCRIPT", STUB_WORKER)
    limits = Limits(time_s=0.1)
    with Sandbox(workers=1, limits=limits) as sb:
        whats = ["ok", "garbage", "ok", "huge", "ok", "wrong-id", "ok", "spin", "ok"]
        futures = [sb.submit(Job("function handler(w) { return w }", json.dumps({"what": w}), limits)) for w in whats]
        replies: list[Reply] = [f.result(timeout=30) for f in futures]
        assert sb.respawns == 5  # "spin" was in flight with the last "ok": it ran again alone before it was blamed
    got = [
        (r.data["ok"], r.data.get("error", {}).get("kind"), r.data.get("error", {}).get("message", "")) for r in replies
    ]
    assert [g[:2] for g in got] == [
        (True, None),
        (False, "crash"),
        (True, None),
        (False, "crash"),
        (True, None),
        (False, "crash"),
        (True, None),
        (False, "timeout"),
        (True, None),
    ]
    assert "malformed reply" in got[1][2]
    assert "over the" in got[3][2]
    assert "out of order" in got[5][2]
    assert got[7][2].startswith("ran longer than the 0.1 s time limit (stopped by the watchdog")


def test_close_stops_a_busy_pool_at_once(fixtures):
    sb = Sandbox(workers=1, limits=Limits(time_s=30))
    spin = Transform("spin.js", H + "  for (;;) {}\n}")
    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        running = [
            ex.submit(run_event, sb, spin, fixtures[0].envelope, options=RunOptions(limits=sb.limits)) for _ in range(3)
        ]
        time.sleep(1.0)  # the first is spinning, two are queued
        started = time.monotonic()
        sb.close()
        assert time.monotonic() - started < 3.0  # not the 30 s time limit
        results = [f.result(timeout=5) for f in running]
    assert [(r.error.kind, r.error.message) for r in results] == [("crash", "the sandbox was closed")] * 3


@pytest.mark.slow
def test_close_never_closes_a_pipe_its_supervisor_is_reading():
    """close() used to close the worker's pipes from the calling thread, racing the supervisor
    between its select() and its read: under CPU load about one close in ten failed the
    running job with "OSError: [Errno 9] Bad file descriptor" (and a reused descriptor number
    could have been read as the worker's). Whatever the timing, the job is "closed"."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    limits = Limits(time_s=30)
    messages = []
    try:
        for _ in range(40):
            sb = Sandbox(workers=1, limits=limits)
            future = sb.submit(Job(H + "  for (;;) {}\n}", json.dumps({"eventType": "x"}), limits))
            time.sleep(0.3)  # the worker is running the job
            sb.close()
            messages.append(future.result(timeout=10).data["error"]["message"])
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert set(messages) == {"the sandbox was closed"}


def test_the_relay_never_stores_an_oversized_result(tmp_path):
    import asyncio

    from support.harness import EVENT_JS, RelayProcess, new_secret, numbered_events, post_events, relay_env, wait_until

    from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
    from runner.relay.store.sqlite import SQLiteAdmin

    secret = new_secret()
    (tmp_path / "huge.js").write_text((HOSTILE / "huge_result.js").read_text())
    (tmp_path / "event.js").write_text(EVENT_JS)
    db = tmp_path / "relay.sqlite3"
    with serve_in_thread(EmulatorConfig()) as emu:
        relay = RelayProcess(
            [str(tmp_path / "huge.js"), str(tmp_path / "event.js"), "--db", str(db), "--customerio-url", emu.base_url],
            log=tmp_path / "relay.log",
            env=relay_env(secret, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
        )
        with relay:
            sent = asyncio.run(post_events(relay.url, secret, numbered_events(6, 2), concurrency=4))
            assert all(s.status == 200 for s in sent)
            with SQLiteAdmin(db) as box:
                rows = wait_until(
                    lambda: (
                        (r := [x.to_json() for x in box.list(limit=100)])
                        and len(r) == 12
                        and all(x["status"] not in ("pending", "queued", "retrying") for x in r)
                        and r
                    ),
                    60,
                    what="every delivery",
                )
                huge = [box.show(s.webhook_id).to_json()["deliveries"][0]["result"] for s in sent]
    assert {r["endpoint"]: r["status"] for r in rows} == {"huge.js": "transform_error", "event.js": "delivered"}
    assert {h["error"]["kind"] for h in huge} == {"result_too_large"} and not any(h.get("webhook") for h in huge)
    assert (
        sum(f.stat().st_size for f in tmp_path.glob("relay.sqlite3*")) < 2 << 20
    )  # 6 results of 4 MiB were never stored


def test_map_keeps_order_and_each_failure_with_its_job(monkeypatch):
    """`Sandbox.map` (chunks of jobs behind one future, a window of jobs in flight per worker)
    gives the same per-job outcomes as `submit`, in order, across chunk boundaries; a job
    cancelled before it is sent does not run."""
    from runner.sandbox import Job

    monkeypatch.setattr(pool_module, "WORKER_SCRIPT", STUB_WORKER)
    limits = Limits(time_s=0.1)
    whats = ["ok"] * 40 + ["garbage"] + ["ok"] * 30 + ["spin"] + ["ok"] * 5
    with Sandbox(workers=2, limits=limits) as sb:
        replies = list(sb.map(Job("function handler(w) { return w }", json.dumps({"what": w}), limits) for w in whats))
        assert sb.respawns == 3  # "spin" was in flight with later jobs: it ran again alone before it was blamed
        pending = sb.map(
            Job("function handler(w) { return w }", json.dumps({"what": w}), limits) for w in ["spin", "ok", "ok"]
        )
        pending.cancel(2)
        later = list(pending)
    kinds = [r.data.get("error", {}).get("kind") for r in replies]
    assert kinds == [{"ok": None, "garbage": "crash", "spin": "timeout"}[w] for w in whats]
    assert [r and r.data.get("error", {}).get("kind") for r in later] == ["timeout", None, None]
    assert later[1] is not None and later[2] is None
