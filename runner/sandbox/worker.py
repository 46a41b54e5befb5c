"""The sandbox worker: a child process that runs transforms in fresh QuickJS contexts.

It is started by `runner.sandbox.pool` as a plain script (stdlib + `quickjs` only, so it
starts in ~30 ms) and speaks newline-delimited JSON over stdin/stdout. Crashes, hangs in C
built-ins and runaway allocations end here, in a process the parent can kill; the parent's
watchdog, not this file, is what bounds wall-clock time.

Per event: a fresh context (no state survives) with memory and stack limits, the lazily
chosen polyfills, the user's script, then one time-limited call that also does every
conversion of user values to strings. The call is first the bare fast path (`js/fast.js`);
events it cannot serve run again in a fresh context under the full driver (`js/core.js`,
which compiles `js/support.js` on demand).
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import time
from pathlib import Path
from typing import NamedTuple

import quickjs

JS_DIR = Path(__file__).resolve().parent / "js"


def _without_comment_lines(path: Path) -> str:
    """QuickJS parses comments on every eval too; the prelude runs once per event."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join("" if line.lstrip().startswith("//") else line for line in lines)


# Comment lines become blank lines, so line numbers (which classify.py relies on) stay put.
CORE = _without_comment_lines(JS_DIR / "core.js")
SUPPORT = _without_comment_lines(JS_DIR / "support.js")
FAST = _without_comment_lines(JS_DIR / "fast.js")
# The JSON functions the fast path uses, taken before user code can replace them.
FAST_PRELUDE = "const __dodo_parse = JSON.parse, __dodo_stringify = JSON.stringify;"
SAME_REPLY = '{"ok":true,"console":[],"reads":[],"same":true}'
CONSOLE = re.compile(r"console")

# Polyfills are loaded only when the source can reach them, so a plain transform pays for
# none (see README: "V8 fidelity"). Scripts that build code at run time get everything.
POLYFILLS: list[tuple[str, re.Pattern[str]]] = [
    ("intl.js", re.compile(r"toLocale|Intl\b|localeCompare")),
    ("web.js", re.compile(r"URL|structuredClone|TextEncoder|TextDecoder")),
]
# eval, Function, or a computed member name such as d["toLocale" + "String"]
DYNAMIC_CODE = re.compile(r"\beval\b|\bFunction\b|[\w)\]]\s*\[\s*['\"`]")
MAX_PENDING_JOBS = 10_000

# Generated tables a polyfill reads (scripts/gen_intl_data.js), evaluated in the same eval just before it.
POLYFILL_DATA = {"intl.js": "intl_data.js"}

_polyfill_sources: dict[str, str] = {}


class Plan(NamedTuple):
    """What a source needs from the sandbox, worked out once per source text."""

    polyfills: list[str]
    console: bool  # mentions console (or builds code at run time): the fast path lacks one


_plans: dict[str, Plan] = {}


def _polyfill(name: str) -> str:
    """The text evaluated for polyfill `name` (its data first); empty if a file is missing."""
    if name not in _polyfill_sources:
        paths = [JS_DIR / part for part in (POLYFILL_DATA.get(name), name) if part]
        found = all(path.exists() for path in paths)
        _polyfill_sources[name] = "\n".join(path.read_text(encoding="utf-8") for path in paths) if found else ""
    return _polyfill_sources[name]


def _plan(source: str) -> Plan:
    plan = _plans.get(source)
    if plan is None:
        dynamic = DYNAMIC_CODE.search(source) is not None
        names = [name for name, pattern in POLYFILLS if (dynamic or pattern.search(source)) and _polyfill(name)]
        plan = Plan(names, dynamic or CONSOLE.search(source) is not None)
        if len(_plans) > 256:
            _plans.clear()
        _plans[source] = plan
    return plan


def _engine_error(kind: str, message: str) -> dict:
    return {"ok": False, "error": {"kind": kind, "message": message, "name": "", "stack": "", "thrown": "engine"}}


def _classify_engine_exception(exc: Exception, ctx: quickjs.Context | None, memory_limit: int) -> dict:
    """An exception that escaped the driver: the engine stopped the script itself."""
    text = str(exc)
    if isinstance(exc, quickjs.StackOverflow) or "Maximum call stack size exceeded" in text:
        return _engine_error("stack_overflow", "Maximum call stack size exceeded")
    if "interrupted" in text:
        return _engine_error("timeout", "interrupted")
    if text.strip() in ("null", "") or "out of memory" in text:
        return _engine_error("out_of_memory", "out of memory")
    return {"ok": False, "error": {"kind": "engine_exception", "message": text, "name": "", "stack": "", "thrown": "engine"}}


def _context(job: dict, time_limit: float) -> quickjs.Context:
    ctx = quickjs.Context()
    ctx.set_memory_limit(int(job["memory"]))
    ctx.set_max_stack_size(int(job["stack"]))
    ctx.set_time_limit(time_limit)
    return ctx


def _load_source(ctx: quickjs.Context, source: str, memory_limit: int) -> str | None:
    """Evaluate the user's script; an error reply if it does not load."""
    try:
        # `void 0` makes the script's completion value undefined: the binding would otherwise
        # convert whatever the last statement produced (and fails on rope strings).
        ctx.eval(source + "\n;void 0;")
    except Exception as exc:
        text = str(exc)
        if text.startswith("SyntaxError"):
            return json.dumps({"ok": False, "error": {"kind": "syntax_error", "name": "SyntaxError", "message": text.split("\n", 1)[0][len("SyntaxError: "):], "stack": text, "thrown": "error"}})
        reply = _classify_engine_exception(exc, ctx, memory_limit)
        if reply["error"]["kind"] == "engine_exception":
            name, _, message = text.split("\n", 1)[0].partition(": ")
            reply["error"].update(kind="exception", name=name, message=message, stack=text, toplevel=True)
        return json.dumps(reply)
    return None


def _fast(job: dict, source: str, memory_limit: int) -> str | None:
    """The common case without compiling the prelude (it costs as much as a context).

    Returns a reply, or None when the event must run again under the full driver."""
    ctx = _context(job, float(job["time"]))
    try:
        ctx.eval(FAST_PRELUDE)
        for name in _plan(source).polyfills:
            ctx.eval(_polyfill(name))
    except Exception:  # a user script may declare the same names: use the full driver
        return None
    failed = _load_source(ctx, source, memory_limit)
    if failed is not None:
        return None if "__dodo_" in failed else failed  # a clash with FAST_PRELUDE's names
    try:
        ctx.set("__dodo_in", job["webhook"])
        out = ctx.eval(FAST)
    except Exception as exc:  # uncatchable: the interrupt, or no memory even to throw
        return json.dumps(_classify_engine_exception(exc, ctx, memory_limit))
    if out == "=":
        return SAME_REPLY
    if out == "!oom" or (out == "!null" and _null_means_oom(source, ctx, memory_limit)):
        return json.dumps(_engine_error("out_of_memory", "out of memory"))
    if out and out[0] != "!":
        return '{"ok":true,"console":[],"reads":[],"webhook":' + out + "}"
    return None


def run_job(job: dict) -> str:
    """Run one event; returns the driver's JSON reply (a string, spliced as-is by the caller)."""
    memory_limit = int(job["memory"])
    source = job["source"]
    time_limit = float(job["time"])
    hints = bool(job.get("hints"))
    if not hints and job.get("now") is None and job.get("seed") is None and not _plan(source).console:
        started = time.process_time()
        reply = _fast(job, source, memory_limit)
        if reply is not None:
            return reply
        time_limit -= time.process_time() - started  # the second run gets what is left
        if time_limit <= 0:
            return json.dumps(_engine_error("timeout", "interrupted"))
    ctx = _context(job, time_limit)
    cfg = json.dumps({"now": job.get("now"), "seed": job.get("seed"), "hints": hints})
    try:
        ctx.set("__dodo_support", SUPPORT)  # a string: compiled only if the event needs it
        ctx.eval(CORE + "(" + cfg + ", __dodo_support); delete globalThis.__dodo_support;")
        for name in _plan(source).polyfills:
            ctx.eval(_polyfill(name))
    except Exception as exc:  # the prelude itself ran out of a (tiny) limit
        return json.dumps(_classify_engine_exception(exc, ctx, memory_limit))
    failed = _load_source(ctx, source, memory_limit)
    if failed is not None:
        return failed
    try:
        ctx.set("__dodo_in", job["webhook"])
        reply = ctx.eval("__dodo(__dodo_in)")
        if reply.startswith('{"ok":true,"pending":true'):
            reply = _drain(ctx, time_limit)
    except Exception as exc:
        return json.dumps(_classify_engine_exception(exc, ctx, memory_limit))
    if reply.startswith('{"ok":false'):
        reply = _reclassify(reply, source, ctx, memory_limit)
    return reply


THROW_NULL = re.compile(r"\bthrow\s+null\b")


def _null_means_oom(source: str, ctx: quickjs.Context, memory_limit: int) -> bool:
    """QuickJS throws null when it cannot even allocate the out-of-memory error."""
    return ctx.memory()["malloc_size"] > memory_limit // 2 or not THROW_NULL.search(source)


def _reclassify(reply: str, source: str, ctx: quickjs.Context, memory_limit: int) -> str:
    """Errors the handler's own try/catch could see but that are the engine's limits."""
    data = json.loads(reply)
    error = data["error"]
    if error.get("kind") != "exception":
        return reply
    if error.get("name") == "RangeError" and error.get("message") == "Maximum call stack size exceeded":
        error["kind"] = "stack_overflow"
    elif error.get("name") == "InternalError" and error.get("message") == "out of memory":
        error["kind"] = "out_of_memory"
    elif error.get("thrown") == "null" and _null_means_oom(source, ctx, memory_limit):
        error["kind"] = "out_of_memory"
        error["message"] = "out of memory"
    else:
        return reply
    return json.dumps(data)


def _drain(ctx: quickjs.Context, time_limit: float) -> str:
    """Settle an async handler: run microtasks under a job budget and the same time limit."""
    deadline = time.process_time() + time_limit
    for _ in range(MAX_PENDING_JOBS):
        remaining = deadline - time.process_time()
        if remaining <= 0:
            break
        ctx.set_time_limit(remaining)
        if not ctx.execute_pending_job():
            break
    ctx.set_time_limit(max(deadline - time.process_time(), 0.05))
    reply = ctx.eval("__dodo()")
    if reply == "pending":
        return json.dumps(_engine_error("timeout", "the Promise returned by handler never settled"))
    return reply


def _cap_address_space(limit: int) -> None:
    """OS-level backstop for the engine's own allocator limit (which C built-ins can outrun)."""
    if limit <= 0:
        return
    with open("/proc/self/statm") as f:
        current = int(f.read().split()[0]) * resource.getpagesize()
    cap = current + limit
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    headroom = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    try:
        _cap_address_space(headroom)
    except (OSError, ValueError):
        pass
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(b'{"ready":true}\n')
    stdout.flush()
    sources: dict[int, str] = {}
    for line in stdin:
        job = json.loads(line)
        if "define" in job:
            if len(sources) >= 1024:
                sources.clear()
            sources[job["define"]] = job["source"]
            continue
        job["source"] = sources[job["sid"]]
        job["webhook"] = stdin.readline().decode("utf-8", "surrogatepass")
        started = time.perf_counter()
        try:
            reply = run_job(job)
        except MemoryError:
            reply = json.dumps(_engine_error("out_of_memory", "the sandbox process ran out of memory"))
        elapsed = (time.perf_counter() - started) * 1000
        stdout.write(b'{"id":%d,"ms":%.3f,"reply":%s}\n' % (job["id"], elapsed, reply.encode("utf-8", "surrogatepass")))
        stdout.flush()


if __name__ == "__main__":
    main()
