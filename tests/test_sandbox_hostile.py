"""Hostile scripts: each ends as a clear per-event error, the host survives, and the next
event on the same pool is still correct (nothing leaks from one event to the next)."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.workers import tree_cpu_seconds, worker_pids

from runner.pipeline import RunOptions, run_event
from runner.sandbox import Limits, Sandbox
from runner.sandbox.pool import CEILING_FACTOR, GRACE_S
from runner.transforms import Transform

LIMIT_S = 0.5
OPTIONS = RunOptions(limits=Limits(time_s=LIMIT_S, memory_bytes=32 << 20, stack_bytes=512 << 10))

H = "function handler(webhook) {\n"

HOSTILE = {
    # name: (source, expected error kinds)
    "infinite loop": (H + "  while (true) {}\n}", {"timeout"}),
    "infinite loop at top level": ("for (;;) {}\nfunction handler(w) { return w }", {"timeout"}),
    "loop inside eval": (H + "  eval('for(;;){}');\n}", {"timeout"}),
    "loop inside new Function": (H + "  new Function('while(1){}')();\n}", {"timeout"}),
    "array memory bomb": (H + "  const a = []; for (;;) a.push({ x: [1, 2, 3] });\n}", {"out_of_memory"}),
    "string doubling bomb": (H + "  let s = 'x'; for (;;) s += s;\n}", {"out_of_memory", "exception"}),
    "map memory bomb": (H + "  const m = new Map(); for (let i = 0; ; i++) m.set(i, 'v' + i);\n}", {"out_of_memory"}),
    "huge Array fill": (H + "  return new Array(1e9).fill(0);\n}", {"out_of_memory", "exception"}),
    "huge Array join (slow C built-in)": (
        H + "  webhook.payload = new Array(1e9).join('x'); return webhook;\n}",
        {"out_of_memory", "timeout", "exception"},
    ),
    "huge Array to string (ignores the interrupt)": (
        H + "  webhook.payload = new Array(1e9) + ''; return webhook;\n}",
        {"out_of_memory", "timeout", "exception"},
    ),
    "repeat 2**30": (H + "  webhook.payload = 'x'.repeat(2 ** 30); return webhook;\n}", {"out_of_memory", "exception"}),
    "deep recursion": (H + "  function f(n) { return f(n + 1) + 1; }\n  return f(0);\n}", {"stack_overflow"}),
    "deep JSON.parse": (
        H + "  return JSON.parse('['.repeat(200000) + ']'.repeat(200000));\n}",
        {"stack_overflow", "exception"},
    ),
    "deeply nested payload": (
        H
        + (
            "  let o = {}; const root = o; for (let i = 0; i < 300000; i++) { o.a = {}; o = o.a; }\n"
            "  webhook.payload = root; return webhook;\n"
            "}"
        ),
        {"stack_overflow", "unserializable", "out_of_memory"},
    ),
    "catastrophic regex": (H + "  /^(a+)+$/.test('a'.repeat(40) + 'b'); return webhook;\n}", {"timeout"}),
    "hostile toString on a thrown object": (H + "  throw { toString() { for (;;) {} } };\n}", {"exception", "timeout"}),
    "hostile toString thrown at top level": (
        "throw { toString() { for (;;) {} } };\nfunction handler(w) { return w }",
        {"timeout", "exception"},
    ),
    "hostile getter on the result": (
        H + "  return { get method() { for (;;) {} }, url: webhook.url, payload: {} };\n}",
        {"timeout"},
    ),
    "hostile toJSON in the payload": (
        H + "  webhook.payload = { toJSON() { for (;;) {} } }; return webhook;\n}",
        {"timeout"},
    ),
    "throwing proxy as the result": (
        H + "  return new Proxy({}, { get() { throw new Error('trap'); } });\n}",
        {"exception", "invalid_return"},
    ),
    "promise that never settles": ("async function handler(w) { await new Promise(() => {}); return w; }", {"timeout"}),
    "microtask flood": (
        H + "  return new Promise(() => { (function f() { Promise.resolve().then(f); })(); });\n}",
        {"timeout"},
    ),
    "loop after await": ("async function handler(w) { await null; for (;;) {} }", {"timeout"}),
    "require fs": (H + "  require('fs').readFileSync('/etc/passwd');\n}", {"exception"}),
    "process.exit": (H + "  process.exit(1);\n}", {"exception"}),
    "dynamic import of os": (
        "async function handler(w) { const os = await import('os'); os.exec(['sh']); return w; }",
        {"exception"},
    ),
    "fetch to the network": (H + "  fetch('http://127.0.0.1:1/');\n}", {"exception"}),
    "setTimeout": (H + "  setTimeout(() => {}, 10);\n}", {"exception"}),
    "std and os modules": (H + "  std.open('/etc/passwd', 'r');\n}", {"exception"}),
    "Atomics.wait blocks": (H + "  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n}", {"exception"}),
    "throw a Symbol": (H + "  throw Symbol('boom');\n}", {"exception"}),
}


@pytest.fixture(scope="module", params=["auto", "context"])
def pool(request, envelope):
    """Every hostile script on both engines: the snapshot engine and a new context per event.
    One worker, started before the first test: each case's CPU count holds no worker start."""
    with Sandbox(workers=1, limits=OPTIONS.limits, engine=request.param) as sb:
        run_event(
            sb, Transform("ok.js", "function handler(w) { return w }"), envelope("payment.succeeded"), options=OPTIONS
        )
        yield sb


def _check_next_event_is_clean(pool: Sandbox, envelope) -> None:
    probe = Transform(
        "probe.js",
        """
function handler(webhook) {
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {
    polluted: ({}).polluted === undefined && [].polluted === undefined,
    leaked: typeof leak === "undefined" && typeof globalThis.leak === "undefined",
    push: [1].push === Array.prototype.push && [1, 2].map(x => x * 2).join(),
    json: JSON.stringify({ a: 1 }),
  };
  return webhook;
}""",
    )
    r = run_event(pool, probe, envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "routed", r.error
    assert r.webhook["payload"] == {"polluted": True, "leaked": True, "push": "2,4", "json": '{"a":1}'}


@pytest.mark.parametrize("hints", [True, False], ids=["hints", "fast-path"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_script_fails_cleanly(pool, envelope, name, hints):
    """With hints off the worker first tries its fast path, then reruns under the driver.

    The time limit is CPU time, so the bound is on the CPU the event cost (the parent, and
    the worker or the one the watchdog killed): wall time depends on what else the machine
    runs. A script that must not end as a timeout gets a time limit it cannot reach, so
    only the limit it tests (memory, stack, …) stops it, within the same CPU bound."""
    source, kinds = HOSTILE[name]
    options = replace(OPTIONS, hints=hints)
    if "timeout" not in kinds:
        options = replace(options, limits=replace(OPTIONS.limits, time_s=30.0))
    cpu, started = tree_cpu_seconds(), time.monotonic()
    r = run_event(pool, Transform("hostile.js", source), envelope("payment.succeeded"), options=options)
    cpu, elapsed = tree_cpu_seconds() - cpu, time.monotonic() - started
    assert r.status == "error"
    assert r.error.kind in kinds, (r.error.kind, r.error.message)
    assert r.error.message
    assert r.error.hint  # every kind says how to fix it
    assert cpu < LIMIT_S + 1.5, f"used {cpu:.2f} s of CPU time"
    assert elapsed < CEILING_FACTOR * (LIMIT_S + GRACE_S), f"took {elapsed:.2f} s"
    _check_next_event_is_clean(pool, envelope)


@pytest.mark.parametrize("hints", [True, False])
def test_the_driver_cannot_be_replaced(pool, envelope, hints):
    for source in (
        "'use strict';\n"
        "globalThis.__dodo = () => '{\"ok\":true}';\n"
        "function handler(w) { w.url = 'https://a.invalid/'; return w }",
        "var __dodo_stringify = () => '{}';\nfunction handler(w) { w.url = 'https://a.invalid/'; return w }",
    ):
        r = run_event(
            pool, Transform("hijack.js", source), envelope("payment.succeeded"), options=replace(OPTIONS, hints=hints)
        )
        # Either the assignment fails (the driver is read-only) or it changes nothing we read.
        assert r.status == "error" and r.error.kind == "exception" or r.webhook["url"] == "https://a.invalid/", r


def test_prototype_pollution_does_not_reach_the_next_event(pool, envelope):
    polluter = Transform(
        "polluter.js",
        """
Object.prototype.polluted = 1;
Array.prototype.polluted = 1;
Array.prototype.push = function () { return 'hijacked' };
globalThis.leak = 'secret';
var JSON = { stringify() { return 'forged' } };
function handler(w) { return w }""",
    )
    r = run_event(pool, polluter, envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "unchanged"  # overriding JSON does not forge our result
    _check_next_event_is_clean(pool, envelope)


def test_closures_do_not_survive_between_events(pool, envelope):
    counter = Transform(
        "counter.js",
        """
var count = 0;
function handler(w) { count += 1;
    w.url = "https://track.customer.io/api/v2/entity"; w.payload = { count }; return w }""",
    )
    counts = {
        run_event(pool, counter, envelope("payment.succeeded"), options=OPTIONS).webhook["payload"]["count"]
        for _ in range(6)
    }
    assert counts == {1}


def test_console_flood_is_capped(pool, envelope):
    flood = Transform(
        "flood.js",
        H + "  for (let i = 0; i < 100000; i++) console.log('line', i, 'x'.repeat(100));\n  return webhook;\n}",
    )
    r = run_event(pool, flood, envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "unchanged"
    assert 1 < len(r.console) <= 201
    assert "dropped" in r.console[-1].text


def test_host_objects_are_absent(pool, envelope):
    probe = Transform(
        "probe.js",
        H
        + """
  webhook.url = "https://example.com/";
  webhook.payload = ["require", "process", "std", "os", "fetch",
    "XMLHttpRequest", "setTimeout", "setInterval", "Deno", "Bun"]
    .filter(name => typeof globalThis[name] !== "undefined");
  return webhook;
}""",
    )
    r = run_event(pool, probe, envelope("payment.succeeded"), options=OPTIONS)
    assert r.webhook["payload"] == []


def test_a_worker_killed_mid_event_fails_only_that_event(envelope):
    before = set(worker_pids())
    with Sandbox(workers=1, limits=Limits(time_s=5.0)) as pool:
        spin = Transform("spin.js", H + "  for (;;) {}\n}")
        assert (
            run_event(
                pool, Transform("ok.js", "function handler(w) { return w }"), envelope("payment.succeeded")
            ).status
            == "unchanged"
        )
        [pid] = set(worker_pids()) - before
        killer = threading.Timer(0.3, os.kill, (pid, signal.SIGKILL))
        killer.start()
        r = run_event(pool, spin, envelope("payment.succeeded"), options=RunOptions(limits=Limits(time_s=5.0)))
        killer.join()
        assert r.status == "error" and r.error.kind == "crash"
        assert "SIGKILL" in r.error.message
        assert (
            run_event(
                pool, Transform("ok.js", "function handler(w) { return w }"), envelope("payment.succeeded")
            ).status
            == "unchanged"
        )
        assert pool.respawns == 1


def test_large_string_results_come_back_whole(pool, envelope):
    # Regression: `+` on long strings makes a QuickJS rope, which the binding cannot read.
    big = Transform(
        "big.js",
        H
        + (
            "  webhook.url = 'https://example.com/'; webhook.payload = { s: 'x'.repeat(100000) + 'y' }; "
            "return webhook;\n"
            "}"
        ),
    )
    r = run_event(pool, big, envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "routed", r.error
    assert len(r.webhook["payload"]["s"]) == 100001
    last = Transform("last.js", "function handler(w) { return w }\nvar s = 'x'.repeat(10000); s + 'y';")
    assert run_event(pool, last, envelope("payment.succeeded"), options=OPTIONS).status == "unchanged"


def test_workers_run_under_an_os_memory_cap(envelope):
    before = set(worker_pids())
    with Sandbox(workers=1, limits=Limits(memory_bytes=32 << 20)) as pool:
        run_event(pool, Transform("ok.js", "function handler(w) { return w }"), envelope("payment.succeeded"))
        [pid] = set(worker_pids()) - before
        limits = Path(f"/proc/{pid}/limits").read_text()
    [row] = [line for line in limits.splitlines() if line.startswith("Max address space")]
    soft = row.split()[3]
    assert soft != "unlimited" and int(soft) < 8 << 30


# Text the transform controls, 6 bytes a character once JSON-escaped: 1 MiB of it is a 6 MiB
# reply, over the reply bound (the result limit + CONSOLE_ALLOWANCE). The driver caps each piece.
BIG = "'\\x01'.repeat(1 << 20)"
HUGE_TEXT = {
    "message": (H + f"  throw new Error({BIG});\n}}", "message"),
    "stack": (H + f"  const e = Error('m'); Object.defineProperty(e, 'stack', {{ value: {BIG} }}); throw e;\n}}", ""),
    "name": (H + f"  const e = new Error('m'); e.name = {BIG}; throw e;\n}}", "name"),
    "a thrown string": (H + f"  throw {BIG};\n}}", "message"),
    "a thrown object": (H + f"  throw {{ text: {BIG} }};\n}}", "message"),
    "a throw at top level": (f"throw new Error({BIG});\nfunction handler(w) {{ return w }}", "message"),
}


@pytest.mark.parametrize("hints", [True, False], ids=["hints", "fast-path"])
@pytest.mark.parametrize("name", sorted(HUGE_TEXT))
def test_a_huge_error_is_an_exception_cut_short_and_the_worker_lives(pool, envelope, name, hints):
    """Was `crash` (a malformed, oversized reply) and a worker restart, every time."""
    source, cut = HUGE_TEXT[name]
    respawns = pool.respawns
    options = replace(OPTIONS, hints=hints)
    r = run_event(pool, Transform("huge.js", source), envelope("payment.succeeded"), options=options)
    assert r.status == "error" and r.error.kind == "exception", r.error
    assert len(r.error.message) < 70_000 and len(r.error.stack) < 70_000
    if cut == "message":
        assert re.search(r"\x01… \[9830\d\d more characters cut\]", r.error.message)  # 1 MiB - 64 Ki (+ quotes)
    if cut == "name":
        assert r.error.message.endswith(f"\x01… [{(1 << 20) - 1024} more characters cut]: m")
    assert pool.respawns == respawns
    _check_next_event_is_clean(pool, envelope)


def test_an_error_is_cut_between_code_points(pool, envelope):
    # 'a' then emoji: the 65,536th UTF-16 unit is the first half of a pair, which must not be kept alone.
    source = H + "  throw new Error('a' + '\\u{1F600}'.repeat(40000));\n}"
    r = run_event(pool, Transform("emoji.js", source), envelope("payment.succeeded"), options=OPTIONS)
    assert r.error.kind == "exception"
    shown = r.error.message.removeprefix("Error: a").split("…")[0]
    assert shown == "\U0001f600" * 32767  # whole emoji only (a lone half would fail to encode below)
    assert r.error.message.encode("utf-8").endswith(b"[14466 more characters cut]")  # 80,001 - 65,535


def test_every_capped_field_at_its_worst_fits_the_reply(pool, envelope):
    """Console, reads of absent fields and the error, all at their caps and all escaped
    characters: the reply stays within its bound, so the event is the handler's exception."""
    source = (
        H + "  const c = '\\x01'.repeat(1 << 16);\n"
        "  for (let i = 0; i < 300; i++) console.log(c);\n"
        "  for (let i = 0; i < 300; i++) webhook[c.slice(0, 8192) + i];\n"
        "  const e = new Error(c + c); e.name = c; Object.defineProperty(e, 'stack', { value: c + c }); throw e;\n}"
    )
    respawns = pool.respawns
    r = run_event(pool, Transform("worst.js", source), envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "error" and r.error.kind == "exception", r.error
    assert len(r.findings) >= 1 and r.console
    assert pool.respawns == respawns


def test_a_replaced_string_slice_cannot_lengthen_a_console_line(pool, envelope):
    source = (
        H + "  const s = 'a'.repeat(9000);\n"
        "  String.prototype.slice = function () { return '\\x01'.repeat(1 << 20); };\n"
        "  console.log(s);\n  return webhook;\n}"
    )
    r = run_event(pool, Transform("slice.js", source), envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == "unchanged", r.error
    [line] = r.console
    assert line.text == "a" * 8192 + "… [808 more characters cut]"


@pytest.mark.parametrize(
    "payload, status",
    [
        (f"{{}}; for (let i = 0; i < 3; i++) webhook.payload[{BIG} + i] = undefined", "routed"),  # dropped_value paths
        (f"{{ [{BIG}]: 1n }}", "error"),  # an unserializable value's path
    ],
    ids=["dropped values", "BigInt"],
)
def test_a_huge_key_in_a_reported_path_is_cut_short(pool, envelope, payload, status):
    source = H + f"  webhook.url = 'https://example.com/';\n  webhook.payload = {payload};\n  return webhook;\n}}"
    r = run_event(pool, Transform("keys.js", source), envelope("payment.succeeded"), options=OPTIONS)
    assert r.status == status, r.error
    paths = [f.path for f in r.findings if f.code == "dropped_value"] if status == "routed" else [r.error.message]
    assert paths and all(len(p) < 1100 and "more characters cut]" in p for p in paths), paths
    assert status == "routed" or r.error.kind == "unserializable"
