"""The parent side of the sandbox: a small pool of worker processes and their supervisors.

In-process QuickJS cannot bound everything user code reaches (C built-ins that ignore the
interrupt, hostile `toString` during error conversion, engine crashes on out-of-memory
paths), so each worker is a child process. One supervising thread per worker keeps a
window of jobs in flight on it (so it never waits for the parent between jobs), waits for
each reply under a watchdog (`_await_reply`), and on a hang, a death or a reply that breaks
the protocol kills the worker, fails only that event with a precise kind, and runs the rest
of the window on a new worker. Nothing a worker sends can end a supervisor: it is read by
`protocol` with the strict JSON reader.

The time limit is CPU time, so the watchdog counts the worker's CPU time, not the clock: on
a busy machine (CI runners) a worker that is merely starved of CPU must get the same
verdict as on an idle one.
"""

from __future__ import annotations

import asyncio
import collections
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .protocol import (
    CRASH,
    DEFAULT_RESULT_BYTES,
    TIMEOUT,
    FrameBuffer,
    ProtocolError,
    decode_reply,
    job_frame,
    job_settings,
    max_reply_bytes,
    split_frame,
    timeout_message,
)
from .sources import SourceCache

WORKER_SCRIPT = str(Path(__file__).resolve().parent / "worker.py")
GRACE_S = 1.0  # CPU time past the time limit before the watchdog kills a worker that does not answer
# A worker that has not answered after this many times (limit + grace) of wall clock is killed
# even if it used no CPU (stopped, or stuck in a system call); generous, for a starved one.
CEILING_FACTOR = 10
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
START_TIMEOUT_S = 10.0
_WINDOW_JOBS = 64  # jobs in flight per worker
_WINDOW_BYTES = 56 * 1024  # and their bytes, below a pipe buffer (64 KiB): a write never blocks
_CHUNK = 32  # jobs per future in `Sandbox.map`: the caller wakes once per chunk, not per event
# The worker's whole environment: nothing of the host's (API keys, webhook secrets) reaches it.
_ENGINES = ("auto", "context", "unisolated")
_WORKER_ENV = {"TZ": "UTC", "LANG": "C.UTF-8", "PATH": os.defpath, "PYTHONDONTWRITEBYTECODE": "1"}


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


class Replies:
    """What `Sandbox.map` returns: the replies in the jobs' order as they come (None for a
    job cancelled before it ran), and `cancel` for jobs not wanted any more."""

    def __init__(self, chunks: list[_Chunk]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[Reply | None]:
        return (reply for chunk in self._chunks for reply in chunk.future.result())

    def cancel(self, index: int) -> None:
        """Do not run job `index` if it has not been sent to a worker yet."""
        chunk = self._chunks[index // _CHUNK]
        chunk.cancelled.add(index % _CHUNK)


@dataclass(eq=False)
class _Chunk:
    """The replies to up to _CHUNK jobs of one `map` call, behind one future. It is one queue
    item, so one supervisor resolves all of it."""

    replies: list[Reply | None]
    left: int
    future: concurrent.futures.Future[Any]
    cancelled: set[int] = field(default_factory=set)


@dataclass(eq=False)
class _Pending:
    """A job and where its reply goes: its own future (`submit`), or its place in a chunk."""

    job: Job
    future: concurrent.futures.Future[Any] | None
    chunk: _Chunk | None = None
    index: int = 0
    submitted: float = field(default_factory=time.perf_counter)
    suspect: bool = False  # in flight when a worker stopped answering: it runs alone next time

    def own_future(self) -> concurrent.futures.Future[Any]:
        """The future of a job outside a chunk (`submit` always gives it one)."""
        assert self.future is not None, "a job outside a chunk has its own future"
        return self.future

    def done(self) -> bool:
        return self.chunk.replies[self.index] is not None if self.chunk is not None else self.own_future().done()

    def cancelled(self) -> bool:
        return self.index in self.chunk.cancelled if self.chunk is not None else self.own_future().cancelled()


@dataclass(eq=False)
class _Flight:
    """A job sent to a worker and not answered yet."""

    p: _Pending
    id: int
    limits: Limits
    size: int  # bytes it takes in the window


_STOP = object()
_CANCELLED = Reply({}, 0.0)  # a chunk's place for a job that did not run


class _Worker:
    """One child process, its pipes, and the sources it holds."""

    def __init__(self, address_space: int, memory_limit: int, engine: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", WORKER_SCRIPT, str(address_space), str(os.getpid()), str(memory_limit), engine],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_WORKER_ENV,
            close_fds=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches the parent, which stops us
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both are PIPEs
        self._stdin, self._stdout = self.proc.stdin, self.proc.stdout
        self._frames = FrameBuffer()
        self._fd = self._stdout.fileno()
        self.cache = SourceCache()
        self.in_flight = 0  # bytes of the jobs sent and not answered (at most _WINDOW_BYTES)
        self.progress = time.monotonic()  # when the oldest unanswered job started
        try:
            ready = self.read_frame(time.monotonic() + START_TIMEOUT_S, 4096)
            header, _ = split_frame(ready, 1) if ready is not None else ({}, [])
        except (EOFError, ProtocolError):
            header = {}
        if not header.get("ready"):
            self.kill()
            raise RuntimeError("the sandbox worker did not start")
        self.engine = {"engine": str(header.get("engine", "")), "reason": str(header.get("reason", ""))}
        cpu = header.get("cpu")
        self.cpu_mark = float(cpu) if isinstance(cpu, (int, float)) else 0.0  # CPU s at its last answer

    def cpu_seconds(self) -> float | None:
        """The worker's CPU time so far (user + system), or None where it cannot be read (no
        /proc). Read only when a deadline passes, so the per-event path never pays for it."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()  # after the command name, which may hold anything
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            return None

    def send(self, payload: bytes) -> bool:
        try:
            self._stdin.write(payload)
            self._stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def read_frame(self, deadline: float, max_bytes: int) -> bytes | None:
        """One frame's payload, or None on timeout (a past deadline: only what is there now);
        EOFError when the worker has died, ProtocolError when it announces a frame over
        `max_bytes` (never read into memory)."""
        while True:
            payload = self._frames.take(max_bytes)
            if payload is not None:
                return payload
            ready, _, _ = select.select([self._fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
            chunk = os.read(self._fd, max(1 << 16, self._frames.missing()))
            if not chunk:
                raise EOFError
            self._frames.feed(chunk)

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

    def stop(self) -> None:
        """Kill the process, and leave the pipes to the supervising thread: closing a
        descriptor another thread is reading would let the number be reused under it."""
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """Stop the process and close its pipes (the supervising thread's own call)."""
        self.stop()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self._stdin, self._stdout):
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
        if engine not in _ENGINES:
            raise ValueError(f"engine must be one of {', '.join(_ENGINES)}")
        self.engine_choice = engine
        self.engine: dict[str, str] = {}  # what the last started worker runs, and why (doctor)
        self.limits = limits
        self.size = max(1, workers or min(os.cpu_count() or 1, 4))
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
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
            worker.stop()  # its supervisor reads EOF, fails its jobs as closed, and retires it
        for t in self._threads:
            t.join(timeout=1)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- submitting -----------------------------------------------------------------------
    def submit(self, job: Job) -> concurrent.futures.Future[Reply]:
        if self._closed:
            raise RuntimeError("the sandbox is closed")
        self._ensure_started()
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._queue.put([_Pending(job, future)])
        return future

    def map(self, jobs: Iterable[Job]) -> Replies:
        """Run many jobs (all queued before this returns); their replies in order, as they
        come. They go in chunks of _CHUNK, one queue item and one future each, so a large
        run costs the caller a fraction of what a `submit` per job would."""
        if self._closed:
            raise RuntimeError("the sandbox is closed")
        self._ensure_started()
        jobs = list(jobs)
        chunks = []
        for start in range(0, len(jobs), _CHUNK):
            part = jobs[start : start + _CHUNK]
            chunk = _Chunk([None] * len(part), len(part), concurrent.futures.Future())
            self._queue.put([_Pending(job, None, chunk, i) for i, job in enumerate(part)])
            chunks.append(chunk)
        return Replies(chunks)

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

    def _supervise(self) -> None:
        """Never ends but on _STOP: every failure fails one job, never this thread."""
        worker: _Worker | None = None
        waiting: collections.deque[_Pending] = collections.deque()  # taken, not sent (reruns first)
        flying: collections.deque[_Flight] = collections.deque()  # sent, unanswered, in order
        try:
            while True:
                if not waiting and not flying:
                    item = self._queue.get()
                    if item is _STOP:
                        return
                    waiting.extend(item)
                while len(waiting) + len(flying) < _WINDOW_JOBS:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is _STOP:
                        self._queue.put(_STOP)  # keep it for when this window is done
                        break
                    waiting.extend(item)
                if self._closed:  # fail what is left without starting a worker for it
                    for p in [f.p for f in flying] + list(waiting):
                        _resolve(p, _verdict(CRASH, "the sandbox was closed", p))
                    waiting.clear()
                    flying.clear()
                    continue
                if worker is None or (not flying and worker.proc.poll() is not None):
                    if worker is not None:
                        self._retire(worker)
                    try:
                        worker = self._spawn()
                    except (OSError, RuntimeError) as exc:
                        for p in waiting:
                            _resolve(p, _verdict(CRASH, f"the sandbox worker could not start: {exc}", p))
                        waiting.clear()
                        worker = None
                        continue
                try:
                    worker = self._send(worker, waiting, flying)
                    if worker is not None and flying:
                        worker = self._collect(worker, waiting, flying)
                except Exception as exc:  # a bug of ours: fail the job at hand, not the pool
                    if worker is not None:
                        self._retire(worker)
                    worker = None
                    waiting.extendleft(reversed([f.p for f in flying]))
                    flying.clear()
                    while waiting and waiting[0].done():
                        waiting.popleft()
                    if waiting:
                        p = waiting.popleft()
                        _resolve(
                            p,
                            _verdict(
                                CRASH, f"the sandbox supervisor failed on this event ({type(exc).__name__}: {exc})", p
                            ),
                        )
        finally:
            if worker is not None:
                self._retire(worker)
            for p in [f.p for f in flying] + list(waiting):
                _resolve(p, _verdict(CRASH, "the sandbox was closed", p))

    def _fail_and_replace(self, worker: _Worker, p: _Pending, kind: str, message: str) -> None:
        self._retire(worker)
        self.respawns += 1
        _resolve(p, _verdict(kind, message, p))

    def _send(self, worker: _Worker, waiting: collections.deque[Any], flying: collections.deque[Any]) -> _Worker | None:
        """Send what fits the window; None when the worker is gone (then its first unanswered
        job failed, and the others wait to run on a new worker)."""
        frames: list[bytes] = []
        sent: list[_Flight] = []
        while waiting and len(flying) + len(sent) < _WINDOW_JOBS:
            p = waiting[0]
            if p.cancelled():  # e.g. the rest of a transform that timed out
                waiting.popleft()
                _resolve(p, None)
                continue
            job, limits = p.job, p.job.limits
            size = len(job.webhook_json) + 256 + (0 if worker.cache.holds(job.source) else len(job.source))
            if (flying or sent) and (p.suspect or worker.in_flight + size > _WINDOW_BYTES):
                break
            waiting.popleft()
            sid = worker.cache.use(job.source, frames)
            settings = job_settings(
                limits.time_s,
                limits.memory_bytes,
                limits.stack_bytes,
                limits.result_bytes,
                job.now_ms,
                job.seed,
                job.hints,
            )
            job_id = next(self._ids)
            frames.append(job_frame(job_id, sid, settings, job.webhook_json))
            sent.append(_Flight(p, job_id, limits, size))
            worker.in_flight += size
            if p.suspect:  # nothing goes after it, so its verdict is its own
                break
        if not frames:
            return worker
        if not worker.send(b"".join(frames)):
            closing = self._closed
            reason = worker.exit_reason()
            waiting.extendleft(reversed([f.p for f in [*flying, *sent]]))
            flying.clear()
            self._fail_and_replace(
                worker,
                waiting.popleft(),
                CRASH,
                "the sandbox was closed" if closing else f"the sandbox worker {reason}",
            )
            return None
        if not flying:
            worker.progress = time.monotonic()  # it was idle: the first of these starts now
        flying.extend(sent)
        return worker

    def _collect(
        self, worker: _Worker, waiting: collections.deque[Any], flying: collections.deque[Any]
    ) -> _Worker | None:
        """Wait for the oldest job's reply (under the watchdog), then take the replies already
        there. None when the worker was replaced: the job at fault failed, and the rest of the
        window waits to run again."""
        blocking = True
        while flying:
            f = flying[0]
            failure: tuple[str, str] | None = None
            unanswered = False  # it hung or died, rather than sent something wrong
            try:
                if blocking:
                    payload, overrun = _await_reply(worker, f.limits)
                else:
                    payload = worker.read_frame(0.0, max_reply_bytes(f.limits.result_bytes))
                if payload is None:
                    if not blocking:
                        return worker  # no more replies yet
                    failure, unanswered = (TIMEOUT, timeout_message(f.limits.time_s, overrun)), True
                else:
                    answered, ms, cpu, record = decode_reply(payload)
                    if answered != f.id:  # out of step with the worker: never guess
                        failure = (CRASH, "the sandbox worker answered out of order")
            except EOFError:
                failure = (
                    CRASH,
                    "the sandbox was closed"
                    if self._closed
                    else f"the sandbox engine crashed: the worker {worker.exit_reason()}",
                )
                unanswered = True
            except ProtocolError as exc:
                failure = (CRASH, f"the sandbox worker sent a malformed reply ({exc})")
            if unanswered and len(flying) > 1 and not self._closed:
                # The worker hung or died with more than this job in flight: this job's reply
                # may be waiting in its buffer behind a later job that is the real culprit.
                # Each of them runs again alone, so only the culprit fails.
                for g in flying:
                    g.p.suspect = True
                waiting.extendleft(reversed([g.p for g in flying]))
                flying.clear()
                self._retire(worker)
                self.respawns += 1
                return None
            flying.popleft()
            if failure is not None:
                waiting.extendleft(reversed([g.p for g in flying]))
                flying.clear()
                self._fail_and_replace(worker, f.p, *failure)
                return None
            worker.in_flight -= f.size
            worker.progress, worker.cpu_mark = time.monotonic(), cpu
            _resolve(f.p, Reply(record, ms))
            blocking = False
        return worker


def _await_reply(worker: _Worker, limits: Limits) -> tuple[bytes | None, str]:
    """The reply to the worker's oldest unanswered job, or None and why the watchdog
    stopped waiting.

    At `limit + grace` of wall clock the watchdog reads the worker's CPU time. Past
    `limit + grace` of CPU since its last answer, the worker is stuck (native code that
    ignores the engine's interrupt). Below that it is starved, and the wait goes on until
    it could have used that much, up to a wall-clock ceiling for a worker that uses no CPU
    at all. Where CPU time cannot be read, the first deadline is the verdict."""
    started = worker.progress
    budget = limits.time_s + GRACE_S
    ceiling = started + budget * CEILING_FACTOR
    deadline = started + budget
    max_bytes = max_reply_bytes(limits.result_bytes)
    while True:
        payload = worker.read_frame(deadline, max_bytes)
        if payload is not None:
            return payload, ""
        now = time.monotonic()
        cpu = worker.cpu_seconds()
        if cpu is None:
            return None, f"stopped by the watchdog after {now - started:.1f} s wall clock"
        used = cpu - worker.cpu_mark
        if used >= budget:
            return None, f"stopped by the watchdog after {used:.1f} s of CPU time"
        if now >= ceiling:
            return None, f"stopped by the watchdog: no answer after {now - started:.1f} s wall clock"
        # One process uses at most one second of CPU per second: none of it can be over sooner.
        deadline = min(now + max(budget - used, 0.05), ceiling)


def _verdict(kind: str, message: str, p: _Pending) -> Reply:
    wall = (time.perf_counter() - p.submitted) * 1000
    error = {"kind": kind, "message": message, "name": "", "stack": "", "thrown": "engine"}
    return Reply({"ok": False, "error": error, "console": [], "reads": []}, wall)


def _resolve(p: _Pending, reply: Reply | None) -> None:
    """Hand a reply over (None: the job was cancelled and did not run)."""
    chunk = p.chunk
    if chunk is None:
        future = p.own_future()
        if not future.done():
            future.set_result(reply)
    elif not p.done():  # a chunk is one queue item: only one thread resolves it
        chunk.replies[p.index] = reply if reply is not None else _CANCELLED
        chunk.left -= 1
        if chunk.left == 0:
            chunk.future.set_result([None if r is _CANCELLED else r for r in chunk.replies])
