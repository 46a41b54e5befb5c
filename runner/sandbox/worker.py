"""The sandbox worker: a child process that runs transforms for the pool, one job at a time.

It is started by `runner.sandbox.pool` as a plain script with a minimal environment (no
host secrets), imports only the standard library, `quickjs` and the stdlib-only protocol and
engine modules, and speaks `protocol` frames over stdin/stdout. Crashes, hangs in C
built-ins and runaway allocations end here, in a process the parent can kill; the parent's
watchdog, not this file, bounds a job that never answers. It dies with its parent.

The sources it holds are exactly those the parent sent and has not told it to forget: the
parent owns that cache, and a job naming a source it does not hold fails alone.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

if __package__ in (None, ""):  # started as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from runner.sandbox import snapshot  # noqa: E402
from runner.sandbox.engine import FreshContexts, QuickJSEngine  # noqa: E402
from runner.sandbox.protocol import (  # noqa: E402
    CRASH,
    MEMORY,
    FrameBuffer,
    JobSpec,
    ProtocolError,
    engine_error,
    frame,
    reply_frame,
    split_frame,
)

PR_SET_PDEATHSIG = 1
_FLUSH_S = 0.002  # the longest a finished job's reply waits for the ones after it
_MAX_FRAME = 1 << 31  # what the parent sends is bounded by the parent


def _die_with_parent(parent: int) -> None:
    """SIGKILL us when the parent goes, however it ends (even SIGKILL, which runs no cleanup)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends the loop
        pass
    if os.getppid() != parent:  # it went before the prctl took effect
        os._exit(0)


def _cap_address_space(limit: int) -> None:
    """OS-level backstop for the engine's own allocator limit (which C built-ins can outrun)."""
    if limit <= 0:
        return
    with open("/proc/self/statm") as f:
        current = int(f.read().split()[0]) * resource.getpagesize()
    cap = current + limit
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def choose_engine(memory_limit: int, choice: str = "auto") -> QuickJSEngine:
    """The snapshot engine if it is built and passes its self-test here, else a new context
    per event; "context" asks for the latter, "unisolated" is the benchmark's baseline."""
    if choice == "context":
        return QuickJSEngine(FreshContexts("the portable engine was asked for"))
    try:
        contexts = snapshot.SnapshotEngine(memory_limit, isolate=choice != "unisolated")
        if contexts.isolate:
            snapshot.self_test(contexts)
        return QuickJSEngine(contexts)
    except snapshot.EngineUnavailable as exc:
        return QuickJSEngine(FreshContexts(str(exc)))


def _frames(stdin: BinaryIO, stdout: BinaryIO) -> Iterator[bytes]:
    """The frames the parent sends. Replies written meanwhile go out when no other whole
    frame is waiting (one write for a burst of jobs, so the parent wakes once for many
    replies), and at least every _FLUSH_S, so the parent's watchdog sees steady progress."""
    frames, fd = FrameBuffer(), stdin.fileno()
    flushed = time.monotonic()
    while True:
        payload = frames.take(_MAX_FRAME)
        if payload is not None:
            yield payload
            if time.monotonic() - flushed > _FLUSH_S:
                stdout.flush()
                flushed = time.monotonic()
            continue
        stdout.flush()
        chunk = os.read(fd, max(1 << 16, frames.missing()))
        flushed = time.monotonic()
        if not chunk:
            if len(frames):
                raise ProtocolError("the stream ended inside a frame")
            return
        frames.feed(chunk)


def _answer_jobs(stdin: BinaryIO, stdout: BinaryIO, engine: QuickJSEngine) -> None:
    """The loop: sources in, jobs in, one reply frame out per job."""
    # Every answer carries our CPU time: the parent's watchdog tells a starved worker from a stuck one by it.
    stdout.write(frame({"ready": True, "engine": engine.name, "reason": engine.reason, "cpu": time.process_time()}))
    stdout.flush()
    sources: dict[int, Any] = {}
    for payload in _frames(stdin, stdout):
        header, (body,) = split_frame(payload, 2)
        op = header.get("op")
        if op == "source":
            sources[header["sid"]] = engine.load(body.decode("utf-8", "surrogatepass"))
        elif op == "forget":
            for sid in header["sids"]:
                loaded = sources.pop(sid, None)
                if loaded is not None:
                    engine.unload(loaded)
        elif op == "job":
            spec = JobSpec.from_header(header)
            started = time.perf_counter()
            loaded = sources.get(spec.sid)
            if loaded is None:
                reply = engine_error(
                    CRASH, "the sandbox worker was not given this transform's source (its cache is out of step)"
                )
            else:
                try:
                    reply = engine.run(loaded, spec, body.decode("utf-8", "surrogatepass"))
                except MemoryError:
                    reply = engine_error(MEMORY, "the sandbox process ran out of memory")
                except Exception as exc:  # a bug of ours: this job fails, the worker goes on
                    reply = engine_error(
                        CRASH, f"the sandbox worker failed on this event ({type(exc).__name__}: {exc})"
                    )
            elapsed = (time.perf_counter() - started) * 1000
            stdout.write(reply_frame(spec.id, elapsed, time.process_time(), reply, spec.result_bytes))
        else:
            raise ProtocolError(f"unknown operation {op!r}")


def main() -> None:
    headroom = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if len(sys.argv) > 2:
        _die_with_parent(int(sys.argv[2]))
    os.environ["TZ"] = "UTC"
    time.tzset()
    memory_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 32 << 20
    engine = choose_engine(
        memory_limit, sys.argv[4] if len(sys.argv) > 4 else "auto"
    )  # before the cap: the arena has its own bound
    try:
        _cap_address_space(headroom)
    except (OSError, ValueError):
        pass
    _answer_jobs(sys.stdin.buffer, sys.stdout.buffer, engine)


if __name__ == "__main__":
    main()
