"""The parent side of the sandbox: a small pool of worker processes and their supervisors.

In-process QuickJS cannot bound everything user code reaches (C built-ins that ignore the
interrupt, hostile `toString` during error conversion, engine crashes on out-of-memory
paths), so each worker is a child process. One supervising thread per worker feeds it
batches of jobs, waits for each reply with a wall-clock deadline of `time limit + grace`,
and on a hang, a death or a reply that breaks the protocol kills the worker, fails only
that event with a precise kind, and runs the rest of the batch on a new worker. Nothing a
worker sends can end a supervisor: it is read by `protocol` with the strict JSON reader.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
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

from .protocol import (
    CRASH, DEFAULT_RESULT_BYTES, FRAME_HEAD, TIMEOUT, ProtocolError, decode_reply, job_frame, job_settings, max_reply_bytes,
    split_frame, timeout_message,
)
from .sources import SourceCache

WORKER_SCRIPT = str(Path(__file__).resolve().parent / "worker.py")
GRACE_S = 1.0  # wall-clock allowance past the CPU time limit before the watchdog kills
START_TIMEOUT_S = 10.0
MAX_BATCH = 64
MAX_BATCH_BYTES = 56 * 1024  # below a pipe buffer (64 KiB), so writing a batch never blocks
# The worker's whole environment: nothing of the host's (API keys, webhook secrets) reaches it.
ENGINES = ("auto", "context", "unisolated")
WORKER_ENV = {"TZ": "UTC", "LANG": "C.UTF-8", "PATH": os.defpath, "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass(frozen=True)
class Limits:
    """Per-event limits. Time is CPU time inside the worker; the watchdog adds a grace.
    The result limit bounds the returned webhook's JSON (Customer.io takes 500 KB a request)."""

    time_s: float = 1.0
    memory_bytes: int = 32 * 1024 * 1024
    stack_bytes: int = 1024 * 1024
    result_bytes: int = DEFAULT_RESULT_BYTES

    def __post_init__(self) -> None:
        if not (0 < self.time_s <= 600):
            raise ValueError("time limit must be between 0 and 600 seconds")
        if not (1 << 20 <= self.memory_bytes <= 4 << 30):
            raise ValueError("memory limit must be between 1 MiB and 4 GiB")
        if not (16 << 10 <= self.stack_bytes <= 64 << 20):
            raise ValueError("stack limit must be between 16 KiB and 64 MiB")
        if not (1 << 10 <= self.result_bytes <= 256 << 20):
            raise ValueError("result limit must be between 1 KiB and 256 MiB")


@dataclass(frozen=True)
class Job:
    """One event for one transform, as the pool receives it."""

    source: str
    webhook_json: str
    limits: Limits
    now_ms: int | None = None
    seed: int | None = None
    hints: bool = True


@dataclass
class Reply:
    """The worker's answer: the driver's record (with `webhook` parsed), or the watchdog's verdict."""

    data: dict[str, Any]
    worker_ms: float  # time inside the worker (for a verdict: since the job was submitted)


@dataclass
class _Pending:
    job: Job
    future: concurrent.futures.Future
    submitted: float = field(default_factory=time.perf_counter)


_STOP = object()


class _Worker:
    """One child process, its pipes, and the sources it holds."""

    def __init__(self, address_space: int, memory_limit: int, engine: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", WORKER_SCRIPT, str(address_space), str(os.getpid()), str(memory_limit), engine],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=WORKER_ENV,
            close_fds=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches the parent, which stops us
        )
        self._buf = bytearray()
        self._fd = self.proc.stdout.fileno()
        self.cache = SourceCache()
        try:
            ready = self.read_frame(time.monotonic() + START_TIMEOUT_S, 4096)
            header, _ = split_frame(ready, 1) if ready is not None else ({}, [])
        except (EOFError, ProtocolError):
            header = {}
        if not header.get("ready"):
            self.kill()
            raise RuntimeError("the sandbox worker did not start")
        self.engine = {"engine": str(header.get("engine", "")), "reason": str(header.get("reason", ""))}

    def send(self, payload: bytes) -> bool:
        try:
            self.proc.stdin.write(payload)
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def read_frame(self, deadline: float, max_bytes: int) -> bytes | None:
        """One frame's payload, or None on timeout; EOFError when the worker has died,
        ProtocolError when it announces a frame over `max_bytes` (never read into memory)."""
        need = FRAME_HEAD.size
        size = -1
        while True:
            if size < 0 and len(self._buf) >= FRAME_HEAD.size:
                (size,) = FRAME_HEAD.unpack_from(self._buf)
                if size > max_bytes:
                    raise ProtocolError(f"the worker sent a {size}-byte reply, over the {max_bytes}-byte bound")
                need = FRAME_HEAD.size + size
            if size >= 0 and len(self._buf) >= need:
                payload = bytes(self._buf[FRAME_HEAD.size:need])
                del self._buf[:need]
                return payload
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._fd, max(1 << 16, need - len(self._buf)))
            if not chunk:
                raise EOFError
            self._buf += chunk

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

    def __init__(self, workers: int | None = None, limits: Limits = Limits(), engine: str = "auto") -> None:
        """`engine`: "auto" (the snapshot engine where it works), "context" (a new
        `quickjs.Context` per event, always), or "unisolated", the benchmark's baseline that
        lets consecutive events of a transform share state (never for user code): see
        runner/sandbox/worker.py:choose_engine."""
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
        self.engine_choice = engine
        self.engine: dict[str, str] = {}  # what the last started worker runs, and why (doctor)
        self.limits = limits
        self.size = max(1, workers or min(os.cpu_count() or 1, 4))
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._ids = itertools.count(1)
        self._threads: list[threading.Thread] = []
        self._workers: set[_Worker] = set()
        self._closed = False
        self._lock = threading.Lock()
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
        """Stop the pool at once (Ctrl-C, shutdown): the workers are killed, and jobs not yet
        answered fail with "the sandbox was closed". Callers that want results wait for
        their futures first, as `run_matrix` does."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
        for _ in self._threads:
            self._queue.put(_STOP)
        for worker in workers:
            worker.kill()
        for t in self._threads:
            t.join(timeout=1)

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
    def _address_space(self) -> int:
        return max(self.limits.memory_bytes * 4, 256 << 20) + (512 << 20)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._address_space(), self.limits.memory_bytes, self.engine_choice)
        self.engine = worker.engine
        with self._lock:
            self._workers.add(worker)
            closing = self._closed
        if closing:
            worker.kill()
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def _batch(self, first: _Pending, cache: SourceCache | None) -> list[_Pending]:
        """The first job and as many queued ones as fit a pipe buffer (counting sources the
        worker does not hold yet), so writing a batch never blocks on the worker."""
        backlog = [first]
        size = len(first.job.webhook_json)
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
            if cache is None or not cache.holds(item.job.source):
                size += len(item.job.source)
        return backlog

    def _supervise(self) -> None:
        """Never ends but on _STOP: every failure fails one job, never this thread."""
        worker: _Worker | None = None
        backlog: list[_Pending] = []
        try:
            while True:
                if not backlog:
                    item = self._queue.get()
                    if item is _STOP:
                        return
                    backlog = self._batch(item, worker.cache if worker is not None else None)
                if self._closed:  # fail what is left without starting a worker for it
                    for p in backlog:
                        _resolve(p, _verdict(CRASH, "the sandbox was closed", p))
                    backlog = []
                    continue
                if worker is None or worker.proc.poll() is not None:
                    if worker is not None:
                        self._retire(worker)
                    try:
                        worker = self._spawn()
                    except (OSError, RuntimeError) as exc:
                        for p in backlog:
                            _resolve(p, _verdict(CRASH, f"the sandbox worker could not start: {exc}", p))
                        backlog, worker = [], None
                        continue
                try:
                    worker, backlog = self._run_batch(worker, backlog)
                except Exception as exc:  # a bug of ours: fail the job at hand, not the pool
                    self._retire(worker)
                    worker = None
                    backlog = [p for p in backlog if not p.future.done()]
                    if backlog:
                        p = backlog.pop(0)
                        _resolve(p, _verdict(CRASH, f"the sandbox supervisor failed on this event ({type(exc).__name__}: {exc})", p))
        finally:
            if worker is not None:
                self._retire(worker)
            for p in backlog:
                _resolve(p, _verdict(CRASH, "the sandbox was closed", p))

    def _fail_and_replace(self, worker: _Worker, p: _Pending, kind: str, message: str) -> None:
        self._retire(worker)
        self.respawns += 1
        _resolve(p, _verdict(kind, message, p))

    def _run_batch(self, worker: _Worker, batch: list[_Pending]) -> tuple[_Worker | None, list[_Pending]]:
        """Send a batch and collect replies in order; returns the jobs to run again."""
        batch = [p for p in batch if not p.future.cancelled()]  # e.g. the rest of a transform that timed out
        if not batch:
            return worker, []
        frames: list[bytes] = []
        ids: list[int] = []
        for p in batch:
            sid = worker.cache.use(p.job.source, frames)
            job, limits = p.job, p.job.limits
            settings = job_settings(limits.time_s, limits.memory_bytes, limits.stack_bytes, limits.result_bytes, job.now_ms, job.seed, job.hints)
            ids.append(next(self._ids))
            frames.append(job_frame(ids[-1], sid, settings, job.webhook_json))
        if not worker.send(b"".join(frames)):
            closing = self._closed
            reason = worker.exit_reason()
            self._fail_and_replace(worker, batch[0], CRASH, "the sandbox was closed" if closing else f"the sandbox worker {reason}")
            return None, batch[1:]
        started = time.monotonic()
        for index, (job_id, p) in enumerate(zip(ids, batch)):
            limits = p.job.limits
            rest = batch[index + 1:]
            try:
                payload = worker.read_frame(started + limits.time_s + GRACE_S, max_reply_bytes(limits.result_bytes))
                if payload is None:
                    wall = f"stopped by the watchdog after {time.monotonic() - started:.1f} s wall clock"
                    self._fail_and_replace(worker, p, TIMEOUT, timeout_message(limits.time_s, wall))
                    return None, rest
                answered, ms, record = decode_reply(payload)
            except EOFError:
                reason = "the sandbox was closed" if self._closed else f"the sandbox engine crashed: the worker {worker.exit_reason()}"
                self._fail_and_replace(worker, p, CRASH, reason)
                return None, rest
            except ProtocolError as exc:
                self._fail_and_replace(worker, p, CRASH, f"the sandbox worker sent a malformed reply ({exc})")
                return None, rest
            if answered != job_id:  # out of step with the worker: never guess
                self._fail_and_replace(worker, p, CRASH, "the sandbox worker answered out of order")
                return None, rest
            started = time.monotonic()
            _resolve(p, Reply(record, ms))
        return worker, []


def _verdict(kind: str, message: str, p: _Pending) -> Reply:
    wall = (time.perf_counter() - p.submitted) * 1000
    error = {"kind": kind, "message": message, "name": "", "stack": "", "thrown": "engine"}
    return Reply({"ok": False, "error": error, "console": [], "reads": []}, wall)


def _resolve(p: _Pending, reply: Reply) -> None:
    if not p.future.done():
        p.future.set_result(reply)
