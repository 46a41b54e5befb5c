"""The parent side of the sandbox: a small pool of worker processes and their watchdog.

In-process QuickJS cannot bound everything user code reaches (C built-ins that ignore the
interrupt, hostile `toString` during error conversion, engine crashes on out-of-memory
paths), so each worker is a child process. One supervising thread per worker feeds it
batches of jobs, waits for each reply with a wall-clock deadline of `time limit + grace`,
and on a hang or a death kills the worker, fails only that event, and respawns.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORKER_SCRIPT = str(Path(__file__).resolve().parent / "worker.py")
GRACE_S = 1.0  # wall-clock allowance past the CPU time limit before the watchdog kills
START_TIMEOUT_S = 10.0
MAX_BATCH = 64
MAX_BATCH_BYTES = 56 * 1024  # below a pipe buffer (64 KiB), so writing a batch never blocks


@dataclass(frozen=True)
class Limits:
    """Per-event limits. Time is CPU time inside the worker; the watchdog adds a grace."""

    time_s: float = 1.0
    memory_bytes: int = 32 * 1024 * 1024
    stack_bytes: int = 1024 * 1024

    def __post_init__(self) -> None:
        if not (0 < self.time_s <= 600):
            raise ValueError("time limit must be between 0 and 600 seconds")
        if not (1 << 20 <= self.memory_bytes <= 4 << 30):
            raise ValueError("memory limit must be between 1 MiB and 4 GiB")
        if not (16 << 10 <= self.stack_bytes <= 64 << 20):
            raise ValueError("stack limit must be between 16 KiB and 64 MiB")


@dataclass(frozen=True)
class Job:
    """One event for one transform, as the worker receives it."""

    source: str
    webhook_json: str
    limits: Limits
    now_ms: int | None = None
    seed: int | None = None
    hints: bool = True


@dataclass
class Reply:
    """The worker's answer: the driver's JSON, or the watchdog's verdict."""

    data: dict[str, Any]
    worker_ms: float  # time inside the worker (for a verdict: since the job was submitted)


@dataclass
class _Pending:
    job: Job
    future: concurrent.futures.Future
    submitted: float = field(default_factory=time.perf_counter)


_STOP = object()


class _Worker:
    """One child process and its pipes."""

    def __init__(self, address_space: int) -> None:
        env = dict(os.environ, TZ="UTC", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-I", WORKER_SCRIPT, str(address_space)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches the parent, which stops us cleanly
        )
        self._buf = b""
        self._fd = self.proc.stdout.fileno()
        self.sources: set[int] = set()  # source ids this process already holds
        try:
            line = self.read_line(time.monotonic() + START_TIMEOUT_S)
        except EOFError:
            line = None
        if line is None or b"ready" not in line:
            self.kill()
            raise RuntimeError("the sandbox worker did not start")

    def send(self, payload: bytes) -> bool:
        try:
            self.proc.stdin.write(payload)
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def read_line(self, deadline: float) -> bytes | None:
        """One reply line, or None on timeout; EOFError when the worker has died."""
        while b"\n" not in self._buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise EOFError
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line

    def exit_reason(self) -> str:
        try:
            code = self.proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            return "stopped responding"
        if code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"exited with status {code}"

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


class Sandbox:
    """A pool of sandbox workers. Thread-safe; usable from sync and asyncio code.

    >>> with Sandbox() as sb:
    ...     reply = sb.submit(Job(source, json.dumps(webhook), Limits())).result()
    """

    def __init__(self, workers: int | None = None, limits: Limits = Limits()) -> None:
        self.limits = limits
        self.size = max(1, workers or min(os.cpu_count() or 1, 4))
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._ids = itertools.count(1)
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._lock = threading.Lock()
        self._source_ids: dict[str, int] = {}
        self.respawns = 0

    # -- lifecycle ------------------------------------------------------------------------
    def _ensure_started(self) -> None:
        if self._threads or self._closed:
            return
        with self._lock:
            if self._threads or self._closed:
                return
            for i in range(self.size):
                t = threading.Thread(target=self._supervise, name=f"sandbox-{i}", daemon=True)
                t.start()
                self._threads.append(t)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for _ in self._threads:
            self._queue.put(_STOP)
        for t in self._threads:
            t.join(timeout=10)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- submitting -----------------------------------------------------------------------
    def submit(self, job: Job) -> "concurrent.futures.Future[Reply]":
        if self._closed:
            raise RuntimeError("the sandbox is closed")
        self._ensure_started()
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._queue.put(_Pending(job, future))
        return future

    async def submit_async(self, job: Job) -> Reply:
        return await asyncio.wrap_future(self.submit(job))

    # -- the supervising thread -------------------------------------------------------------
    def _source_id(self, source: str) -> int:
        """Sources cross to a worker once; later jobs name them by id."""
        with self._lock:
            sid = self._source_ids.get(source)
            if sid is None:
                if len(self._source_ids) >= 4096:
                    self._source_ids.clear()
                sid = self._source_ids[source] = next(self._ids)
            return sid

    def _address_space(self) -> int:
        return max(self.limits.memory_bytes * 4, 256 << 20) + (512 << 20)

    def _supervise(self) -> None:
        worker: _Worker | None = None
        backlog: list[_Pending] = []
        try:
            while True:
                if not backlog:
                    item = self._queue.get()
                    if item is _STOP:
                        return
                    backlog.append(item)
                size = len(backlog[0].job.webhook_json)
                while len(backlog) < MAX_BATCH and size < MAX_BATCH_BYTES:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is _STOP:
                        self._queue.put(_STOP)  # keep it for the next round
                        break
                    backlog.append(item)
                    size += len(item.job.webhook_json) + 128
                if worker is None or worker.proc.poll() is not None:
                    if worker is not None:
                        worker.kill()
                    try:
                        worker = _Worker(self._address_space())
                    except (OSError, RuntimeError) as exc:
                        for p in backlog:
                            _resolve(p, _verdict("crash", f"the sandbox worker could not start: {exc}", p))
                        backlog = []
                        worker = None
                        continue
                worker, backlog = self._run_batch(worker, backlog)
        finally:
            if worker is not None:
                worker.kill()
            for p in backlog:
                _resolve(p, _verdict("crash", "the sandbox was closed", p))

    def _run_batch(self, worker: _Worker, batch: list[_Pending]) -> tuple[_Worker | None, list[_Pending]]:
        """Send a batch and collect replies in order; returns the survivors to run again."""
        ids = [next(self._ids) for _ in batch]
        chunks = []
        for job_id, p in zip(ids, batch):
            sid = self._source_id(p.job.source)
            if sid not in worker.sources:
                worker.sources.add(sid)
                chunks.append(json.dumps({"define": sid, "source": p.job.source}).encode() + b"\n")
            chunks.append(_encode(job_id, sid, p.job))
        if not worker.send(b"".join(chunks)):
            reason = worker.exit_reason()
            worker.kill()
            self.respawns += 1
            _resolve(batch[0], _verdict("crash", f"the sandbox worker {reason}", batch[0]))
            return None, batch[1:]
        started = time.monotonic()
        for index, (job_id, p) in enumerate(zip(ids, batch)):
            deadline = started + p.job.limits.time_s + GRACE_S
            try:
                line = worker.read_line(deadline)
                timed_out = line is None
            except EOFError:
                line, timed_out = None, False
            if line is None:
                reason = "" if timed_out else worker.exit_reason()
                worker.kill()
                self.respawns += 1
                if timed_out:
                    verdict = _verdict(
                        "timeout",
                        f"did not finish within the {p.job.limits.time_s:g} s limit "
                        f"(stopped after {time.monotonic() - started:.1f} s wall clock)",
                        p,
                    )
                else:
                    verdict = _verdict("crash", f"the sandbox engine crashed: the worker {reason}", p)
                _resolve(p, verdict)
                return None, batch[index + 1 :]
            started = time.monotonic()
            message = json.loads(line)
            if message.get("id") != job_id:  # out of step with the worker: never guess
                worker.kill()
                self.respawns += 1
                _resolve(p, _verdict("crash", "the sandbox worker answered out of order", p))
                return None, batch[index + 1 :]
            _resolve(p, Reply(message["reply"], message["ms"]))
        return worker, []


def _encode(job_id: int, source_id: int, job: Job) -> bytes:
    """A job header line, then the webhook JSON as its own line (sent as-is, never re-escaped)."""
    header = json.dumps({
        "id": job_id,
        "sid": source_id,
        "time": job.limits.time_s,
        "memory": job.limits.memory_bytes,
        "stack": job.limits.stack_bytes,
        "now": job.now_ms,
        "seed": job.seed,
        "hints": job.hints,
    })
    return b"%s\n%s\n" % (header.encode(), job.webhook_json.encode("utf-8", "surrogatepass"))


def _verdict(kind: str, message: str, p: _Pending) -> Reply:
    wall = (time.perf_counter() - p.submitted) * 1000
    error = {"kind": kind, "message": message, "name": "", "stack": "", "thrown": "engine"}
    return Reply({"ok": False, "error": error, "console": [], "reads": []}, wall)


def _resolve(p: _Pending, reply: Reply) -> None:
    if not p.future.done():
        p.future.set_result(reply)
