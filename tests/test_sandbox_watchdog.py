"""The parent's watchdog tells a starved worker from a stuck one.

The time limit is CPU time: a worker that gets little CPU on a busy machine (a CI runner)
must get the verdict it gets on an idle one, while a worker that burns CPU without
answering, or answers nothing for a very long time, is still stopped, and only the job at
fault fails. Each test but the last failed before: on the wall-clock watchdog, or (the
window test) when the oldest job in flight was blamed for a later one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from support.workers import STUB_WORKER, worker_pids

from runner.pipeline import RunOptions, run_event
from runner.sandbox import Job, Limits, Sandbox, pool as pool_module

LIMITS = Limits(time_s=1.0)
OPTIONS = RunOptions(limits=LIMITS)
BUDGET_S = LIMITS.time_s + pool_module.GRACE_S  # the wall-clock deadline of the old watchdog
H = "function handler(webhook) {\n"
# About 0.4 s of CPU here (13 M iterations a second): well inside the 1 s limit.
WORK = H + (
    "  let x = 0;\n"
    "  for (let i = 0; i < 5e6; i++) x = (x + i) | 0;\n"
    "  webhook.url = 'https://example.com/';\n"
    "  webhook.payload = { x };\n"
    "  return webhook;\n"
    "}"
)
LOOP = H + "  for (;;) {}\n}"


def _transform(source: str):
    from runner.transforms import Transform

    return Transform("watched.js", source)


@pytest.fixture
def sandbox(envelope):
    """One started worker, and its pid."""
    with Sandbox(workers=1, limits=LIMITS) as sb:
        before = set(worker_pids())
        assert (
            run_event(
                sb, _transform("function handler(w) { return w }"), envelope("payment.succeeded"), options=OPTIONS
            ).status
            == "unchanged"
        )
        [pid] = set(worker_pids()) - before
        yield sb, pid


def _stopped_for(pid: int, seconds: float, after: float = 0.0) -> threading.Thread:
    """SIGSTOP the worker `after` seconds from now and SIGCONT it `seconds` later: a worker
    that gets no CPU at all, the extreme of a starved one."""

    def pause() -> None:
        time.sleep(after)
        os.kill(pid, signal.SIGSTOP)
        try:
            time.sleep(seconds)
        finally:
            os.kill(pid, signal.SIGCONT)

    t = threading.Thread(target=pause)
    t.start()
    return t


def test_a_worker_stopped_past_the_deadline_still_answers(sandbox, envelope):
    sb, pid = sandbox
    pause = _stopped_for(pid, 3.0)
    started = time.monotonic()
    r = run_event(sb, _transform(WORK), envelope("payment.succeeded"), options=OPTIONS)
    elapsed = time.monotonic() - started
    pause.join()
    assert r.status == "routed", r.error
    assert elapsed > BUDGET_S  # it did wait past the wall-clock deadline
    assert sb.respawns == 0


def test_a_looping_worker_stopped_for_a_while_is_still_a_timeout(sandbox, envelope):
    sb, pid = sandbox
    pause = _stopped_for(pid, 3.0, after=0.3)
    r = run_event(sb, _transform(LOOP), envelope("payment.succeeded"), options=OPTIONS)
    pause.join()
    assert r.status == "error" and r.error.kind == "timeout"
    assert r.error.message == "ran longer than the 1 s time limit"  # the engine's own limit, in CPU time


def test_a_worker_starved_by_cpu_hogs_on_its_core_gets_the_idle_machines_verdict(sandbox, envelope):
    sb, pid = sandbox
    core = max(os.sched_getaffinity(0))
    hogs = []
    try:
        for _ in range(7):  # each in its own session, so each is its own scheduling group
            hog = subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
            hogs.append(hog)
            os.sched_setaffinity(hog.pid, {core})
        os.sched_setaffinity(pid, {core})
        started = time.monotonic()
        r = run_event(sb, _transform(WORK), envelope("payment.succeeded"), options=OPTIONS)
        elapsed = time.monotonic() - started
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert r.status == "routed", r.error
    assert elapsed > BUDGET_S, f"the hogs starved the worker for only {elapsed:.2f} s"
    assert sb.respawns == 0


def test_a_job_stuck_in_native_code_fails_alone_in_a_window_of_jobs():
    """The worker writes replies in bursts, so a finished job's reply can wait in its buffer
    behind the next job; when that one never answers, the finished one must not be blamed."""
    limits = Limits(time_s=0.2)
    ok = "function handler(w) { w.url = 'https://example.com/'; w.payload = { a: 1 }; return w }"
    stuck = "function handler(w) { w.payload = new Array(1e9) + ''; return w }"  # C code that ignores the interrupt
    webhook = json.dumps({"method": "POST", "url": "https://example.com/", "headers": {}, "payload": {}})
    with Sandbox(workers=1, limits=limits) as sb:
        sb.submit(Job(ok, webhook, limits)).result(timeout=60)
        replies = list(sb.map([Job(ok, webhook, limits), Job(stuck, webhook, limits), Job(ok, webhook, limits)]))
    assert [r.data["ok"] for r in replies] == [True, False, True]
    assert replies[1].data["error"]["kind"] in ("timeout", "out_of_memory")


@pytest.fixture
def stub(monkeypatch):
    """A pool of one stand-in worker (tests/support/stub_worker.py) with a 0.1 s limit."""
    monkeypatch.setattr(pool_module, "WORKER_SCRIPT", STUB_WORKER)
    limits = Limits(time_s=0.1)

    def run(what: str) -> tuple[dict, float]:
        with Sandbox(workers=1, limits=limits) as sb:
            started = time.monotonic()
            reply = sb.submit(Job("function handler(w) { return w }", json.dumps({"what": what}), limits)).result(
                timeout=60
            )
            return reply.data, time.monotonic() - started

    return run


def test_a_worker_that_burns_cpu_without_answering_is_stopped_by_its_cpu_time(stub):
    data, elapsed = stub("spin")
    assert data["error"]["kind"] == "timeout"
    message = data["error"]["message"]
    assert message.startswith("ran longer than the 0.1 s time limit (stopped by the watchdog after ")
    assert message.endswith(" s of CPU time)")
    assert float(message.split("after ")[1].split(" s")[0]) >= 1.1


def test_a_worker_that_uses_no_cpu_is_stopped_at_the_wall_clock_ceiling(stub, monkeypatch):
    monkeypatch.setattr(pool_module, "CEILING_FACTOR", 2)  # 2 × (0.1 s + 1 s grace)
    data, elapsed = stub("sleep")
    assert data["error"]["kind"] == "timeout"
    assert data["error"]["message"].startswith(
        "ran longer than the 0.1 s time limit (stopped by the watchdog: no answer after 2."
    )
    assert 2.2 <= elapsed < 10


def test_without_cpu_accounting_the_deadline_is_wall_clock(stub, monkeypatch):
    monkeypatch.setattr(pool_module._Worker, "cpu_seconds", lambda self: None)  # a system without /proc
    data, elapsed = stub("sleep")
    assert data["error"]["kind"] == "timeout"
    assert data["error"]["message"].startswith("ran longer than the 0.1 s time limit (stopped by the watchdog after 1.")
    assert 1.1 <= elapsed < 5
