"""The JavaScript engine behind a worker: load a transform once, run one job in fresh state.

This is the seam between the worker's protocol loop and the engine: `Engine.load` prepares a
source (here: which polyfills it needs and whether the fast path can serve it), `Engine.run`
runs one event under the job's limits and hands back the driver's `DriverReply`.

Per event: fresh state (no state survives) with memory and stack limits, the lazily chosen
polyfills, the user's script, then one time-limited call that also does every conversion of
user values to strings. The call is first the bare fast path (`js/fast.js`); events it
cannot serve run again in fresh state under the full driver (`js/core.js` and
`js/support.js`). The driver's entry functions are held here as values, never as globals,
so user code cannot see or replace them.

Where fresh state comes from is `QuickJSEngine`'s `contexts`: a new `quickjs.Context` per
event (`FreshContexts`, below), or the snapshot engine (`snapshot.py`), which builds the
driver and compiles a transform once and copies that engine state back before each event.
Both offer `open(key, build, ...)`: a context as `build` leaves it, for one event.

No stack frame of the sandbox's own scripts (the driver, the polyfills) may pass for the
user's: the driver cuts them from an error's stack, recognising them by script name (the
user's is `<input>`, ours are named for their files). The binding behind `FreshContexts`
names every script `<input>`; there each of ours is evaluated on the lines after the user's
last (`Plan.lines`), and the driver is told that number (see `_own`).
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import quickjs

from .protocol import (
    ENGINE_EXCEPTION,
    ERROR_FIELD_CHARS,
    MEMORY,
    STACK_OVERFLOW,
    SYNTAX_ERROR,
    TIMEOUT,
    DriverReply,
    JobSpec,
    capped,
    engine_error,
    timeout_message,
)
from .snapshot import USER_SCRIPT

_JS_DIR = Path(__file__).resolve().parent / "js"
T = TypeVar("T")


def _without_comment_lines(path: Path) -> str:
    """QuickJS parses comments on every eval too; the prelude runs once per event."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join("" if line.lstrip().startswith("//") else line for line in lines)


_CORE = _without_comment_lines(_JS_DIR / "core.js")
_SUPPORT = _without_comment_lines(_JS_DIR / "support.js")
_DESCRIBE = _without_comment_lines(_JS_DIR / "describe.js")
FAST = _without_comment_lines(_JS_DIR / "fast.js")
_SAME = DriverReply('{"ok":true,"console":[],"reads":[],"same":true}')
_CONSOLE = re.compile(r"console")
LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")
USER_FRAME = re.compile(re.escape(USER_SCRIPT) + r":(\d+):\d+")
_THROW_NULL = re.compile(r"\bthrow\s+null\b")
_LINES = re.compile(r"(?<=\n)")

# Polyfills are loaded only when the source can reach them, so a plain transform pays for
# none (see README: "V8 fidelity"). Scripts that build code at run time get everything.
_POLYFILLS: list[tuple[str, re.Pattern[str]]] = [
    ("intl.js", re.compile(r"toLocale|Intl\b|localeCompare")),
    ("web.js", re.compile(r"URL|structuredClone|TextEncoder|TextDecoder")),
]
# eval, Function, or a computed member name such as d["toLocale" + "String"]
_DYNAMIC_CODE = re.compile(r"\beval\b|\bFunction\b|[\w)\]]\s*\[\s*['\"`]")
# Generated tables a polyfill reads (scripts/gen_intl_data.js), evaluated in the same eval just before it.
_POLYFILL_DATA = {"intl.js": "intl_data.js"}


@functools.cache
def polyfill(name: str) -> str:
    """The text evaluated for polyfill `name` (its data first); empty if a file is missing."""
    paths = [_JS_DIR / part for part in (_POLYFILL_DATA.get(name), name) if part]
    found = all(path.exists() for path in paths)
    return "\n".join(path.read_text(encoding="utf-8") for path in paths) if found else ""


class Engine(Protocol):
    """What the worker needs from an engine."""

    name: str

    def load(self, source: str) -> Any:
        """Prepare a source once; the result is passed to every `run` of that source."""

    def run(self, loaded: Any, spec: JobSpec, webhook_json: str) -> DriverReply:
        """Run one event in fresh state under `spec`'s limits."""


@dataclass(frozen=True)
class Plan:
    """What a source needs from the sandbox, worked out once per source (it lives and dies
    with the worker's copy of the source, which the parent bounds)."""

    source: str
    polyfills: tuple[str, ...]
    console: bool  # mentions console (or builds code at run time): the fast path lacks one
    lines: int  # at least as many lines as the engine counts in the user's compiled script


class FreshContext:
    """A new `quickjs.Context` with the snapshot context's `compile`/`run`/`call`."""

    names_scripts = False  # the binding's eval names every script `<input>`

    def __init__(self, time_s: float, memory: int, stack: int) -> None:
        self._ctx = ctx = quickjs.Context()
        ctx.set_memory_limit(memory)
        ctx.set_max_stack_size(stack)
        ctx.set_time_limit(time_s)
        self.eval, self.set_time_limit, self.execute_pending_job, self.memory = (
            ctx.eval,
            ctx.set_time_limit,
            ctx.execute_pending_job,
            ctx.memory,
        )

    def compile(self, code: str) -> str:
        return code  # evaluated by `run`: the binding has no compile-only call

    def run(self, script: str) -> Any:
        return self._ctx.eval(script)

    def call(self, fn: Any, *args: Any) -> Any:
        return fn(*args)


class FreshContexts:
    """Everything from scratch per event: runtime, context, driver and compile (the
    portable engine, and the fallback when the snapshot engine cannot run here)."""

    name = "context"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason  # why the snapshot engine is not used

    def fits(self, memory_limit: int) -> bool:
        return True

    def open(
        self, key: object, build: Callable[[FreshContext], T], time_s: float, memory: int, stack: int
    ) -> tuple[FreshContext, T]:
        ctx = FreshContext(time_s, memory, stack)
        return ctx, build(ctx)

    def forget(self, plan: Plan) -> None:
        pass


class QuickJSEngine:
    """QuickJS-ng, with fresh state per event from `contexts` (see the top of this file)."""

    def __init__(self, contexts: Any = None) -> None:
        self.contexts = contexts if contexts is not None else FreshContexts()
        self._portable = FreshContexts()
        self.name = self.contexts.name
        self.reason = getattr(self.contexts, "reason", "")

    def _open(self, key: tuple[Any, ...], build: Callable[[Any], T], spec: JobSpec, time_limit: float) -> tuple[Any, T]:
        contexts = self.contexts if self.contexts.fits(spec.memory_bytes) else self._portable
        return contexts.open(key, build, time_limit, spec.memory_bytes, spec.stack_bytes)

    def unload(self, plan: Plan) -> None:
        """The parent evicted this source: drop what was kept for it."""
        self.contexts.forget(plan)

    def load(self, source: str) -> Plan:
        dynamic = _DYNAMIC_CODE.search(source) is not None
        names = tuple(name for name, pattern in _POLYFILLS if (dynamic or pattern.search(source)) and polyfill(name))
        lines = sum(map(_compiled(source).count, LINE_BREAKS)) + 1  # each kind counted apart: never too few
        return Plan(source, names, dynamic or _CONSOLE.search(source) is not None, lines)

    def run(self, plan: Plan, spec: JobSpec, webhook_json: str) -> DriverReply:
        time_limit = spec.time_s
        if not spec.hints and spec.now_ms is None and spec.seed is None and not plan.console:
            started = time.process_time()
            reply = self._fast(plan, spec, webhook_json)
            if reply is not None:
                return reply
            time_limit -= time.process_time() - started  # the second run gets what is left
            if time_limit <= 0:
                return engine_error(TIMEOUT, timeout_message(spec.time_s))
        return self._full(plan, spec, webhook_json, time_limit)

    # -- the two paths ------------------------------------------------------------------
    def _fast(self, plan: Plan, spec: JobSpec, webhook_json: str) -> DriverReply | None:
        """The common case without compiling the prelude (it costs as much as a context).

        Returns a reply, or None when the event must run again under the full driver."""

        def build(ctx: Any) -> tuple[Any, Any]:
            entry = _own(ctx, plan, "fast.js", FAST)
            for name in plan.polyfills:
                _own(ctx, plan, name, polyfill(name))
            return entry, _compile_source(ctx, plan.source)

        try:
            ctx, (entry, script) = self._open((plan, "fast"), build, spec, spec.time_s)
        except Exception:  # a tiny limit: the full driver reports it
            return None
        failed = _load_source(ctx, script, spec, plan)
        if failed is not None:
            return failed
        try:
            out = ctx.call(entry, webhook_json)
        except Exception as exc:  # uncatchable: the interrupt, or no memory even to throw
            return _engine_stopped(exc, spec)
        if not isinstance(out, str) or not out:
            return None
        if out[0] == "{":
            if webhook_json[len(out) - 1 : len(out)] == "," and webhook_json.startswith(out[:-1]):
                return _SAME  # the webhook came back as it went in
            return DriverReply('{"ok":true,"console":[],"reads":[]}', out)
        if out == "!oom" or (out == "!null" and _null_means_oom(plan.source, ctx, spec)):
            return engine_error(MEMORY, "out of memory")
        return None

    def _full(self, plan: Plan, spec: JobSpec, webhook_json: str, time_limit: float) -> DriverReply:
        # Numbers cross as floats: the binding passes a Python int as a 32-bit integer.
        now = None if spec.now_ms is None else float(spec.now_ms)
        seed = None if spec.seed is None else float(spec.seed)

        def build(ctx: Any) -> tuple[Any, Any]:
            core = _own(ctx, plan, "core.js", _CORE)
            parts: tuple[Any, Any, int | None]
            if ctx.names_scripts:  # compiled into the image under their names, the driver told no line number
                parts = (_own(ctx, plan, "support.js", _SUPPORT), _own(ctx, plan, "describe.js", _DESCRIBE), None)
            else:  # compiled by core.js on first use (they cost time per event here), after the user's lines
                parts = (_after(plan.lines, _SUPPORT), _after(plan.lines, _DESCRIBE), plan.lines)
            entry = ctx.call(core, now, seed, spec.hints, *parts)
            for name in plan.polyfills:
                _own(ctx, plan, name, polyfill(name))
            return entry, _compile_source(ctx, plan.source)

        try:
            ctx, (entry, script) = self._open((plan, "full", now, seed, spec.hints), build, spec, time_limit)
        except Exception as exc:  # the prelude itself ran out of a (tiny) limit
            return _engine_stopped(exc, spec)
        failed = _load_source(ctx, script, spec, plan)
        if failed is not None:
            return failed
        try:
            out = ctx.call(entry, webhook_json)
            if out == "pending":
                out = _drain(ctx, entry, spec, time_limit)
        except Exception as exc:
            return _engine_stopped(exc, spec)
        if isinstance(out, DriverReply):
            return out
        if not isinstance(out, str):  # the driver answers a string; anything else is out of step
            return engine_error(ENGINE_EXCEPTION, "the driver gave no record")
        record, _, webhook = out.partition("\n")
        if record.startswith('{"ok":false'):
            record = _reclassify(record, plan.source, ctx, spec)
        return DriverReply(record, webhook)


def _compiled(source: str) -> str:
    # `void 0` makes the script's completion value undefined: the binding would otherwise
    # convert whatever the last statement produced (and fails on rope strings).
    return source + "\n;void 0;"


def _compile_source(ctx: Any, source: str) -> Any:
    return ctx.compile(_compiled(source))


def _own(ctx: Any, plan: Plan, name: str, code: str) -> Any:
    """Evaluate one of the sandbox's own scripts so that none of its frames can pass for the
    user's: as `name` where the context names scripts, else after the user's lines."""
    return ctx.eval(code, name) if ctx.names_scripts else ctx.eval(_after(plan.lines, code))


@functools.lru_cache(maxsize=16)
def _after(lines: int, code: str) -> str:
    """`code` starting on line `lines + 1`: made once for the events of a transform in a row
    (the cache holds a few transforms' worth, the polyfills' ~160 KB of text each at most)."""
    return "\n" * lines + code


def user_stack(stack: str, plan: Plan, named: bool) -> str:
    """The stack without the sandbox's frames, cut as the driver cuts a handler's (describe.js
    `cut`): for an error thrown at the top level, which never reaches the driver."""
    after = None if named else plan.lines
    # Lines end at "\n" only, as the driver's `split("\n")` (splitlines would also break on U+2028).
    return "".join(line for line in _LINES.split(stack) if not _ours(line.rstrip("\n"), after))


def _ours(line: str, after: int | None) -> bool:
    """Whether a stack line is a frame of ours: "    at NAME (SCRIPT:LINE:COLUMN)" in another
    script than the user's, or past its `after` lines. A built-in's "(native)" is kept."""
    if not (line.startswith("    at ") and line.endswith(")")) or " (" not in line:
        return False  # not a frame
    where = line[line.rindex(" (") + 2 : -1]
    at = USER_FRAME.fullmatch(where)
    if at is None:
        return where not in ("native", USER_SCRIPT)
    return after is not None and int(at.group(1)) > after


def _load_source(ctx: Any, script: Any, spec: JobSpec, plan: Plan) -> DriverReply | None:
    """Run the user's script's top level (every event); an error reply if it does not load."""
    try:
        ctx.run(script)
    except Exception as exc:
        text = str(exc)
        if text.startswith("SyntaxError"):
            message = capped(text.split("\n", 1)[0][len("SyntaxError: ") :])
            error = {
                "kind": SYNTAX_ERROR,
                "name": "SyntaxError",
                "message": message,
                "stack": capped(text),
                "thrown": "error",
            }
            return DriverReply(json.dumps({"ok": False, "error": error}))
        reply = _engine_stopped(exc, spec)
        data = json.loads(reply.record)
        if data["error"]["kind"] == ENGINE_EXCEPTION:
            name, _, message = text.split("\n", 1)[0].partition(": ")
            stack = user_stack(text, plan, ctx.names_scripts)
            error = {"name": capped(name, ERROR_FIELD_CHARS), "message": capped(message), "stack": capped(stack)}
            data["error"].update(kind="exception", **error, toplevel=True)
            return DriverReply(json.dumps(data))
        return reply
    return None


def _engine_stopped(exc: Exception, spec: JobSpec) -> DriverReply:
    """An exception that escaped the driver: the engine stopped the script itself."""
    text = str(exc)
    if isinstance(exc, quickjs.StackOverflow) or "Maximum call stack size exceeded" in text:
        return engine_error(STACK_OVERFLOW, "Maximum call stack size exceeded")
    if "interrupted" in text:
        return engine_error(TIMEOUT, timeout_message(spec.time_s))
    if text.strip() in ("null", "") or "out of memory" in text:
        return engine_error(MEMORY, "out of memory")
    return engine_error(ENGINE_EXCEPTION, text)


def _null_means_oom(source: str, ctx: Any, spec: JobSpec) -> bool:
    """QuickJS throws null when it cannot even allocate the out-of-memory error."""
    return ctx.memory()["malloc_size"] > spec.memory_bytes // 2 or not _THROW_NULL.search(source)


def _reclassify(record: str, source: str, ctx: Any, spec: JobSpec) -> str:
    """Errors the handler's own try/catch could see but that are the engine's limits."""
    data = json.loads(record)
    error = data["error"]
    if error.get("kind") != "exception":
        return record
    if error.get("name") == "RangeError" and error.get("message") == "Maximum call stack size exceeded":
        error["kind"] = STACK_OVERFLOW
    elif error.get("name") == "InternalError" and error.get("message") == "out of memory":
        error["kind"] = MEMORY
    elif error.get("thrown") == "null" and _null_means_oom(source, ctx, spec):
        error["kind"] = MEMORY
        error["message"] = "out of memory"
    else:
        return record
    return json.dumps(data)


def _drain(ctx: Any, entry: Any, spec: JobSpec, time_limit: float) -> str | DriverReply:
    """Settle an async handler: run microtasks until none is left, within the time limit.

    A microtask chain that keeps scheduling itself never lets V8's checkpoint finish, so it
    is a timeout even when the handler's own promise has settled."""
    deadline = time.process_time() + time_limit
    while True:
        remaining = deadline - time.process_time()
        if remaining <= 0:
            return engine_error(TIMEOUT, timeout_message(spec.time_s, "its microtasks never ran out"))
        ctx.set_time_limit(remaining)
        if not ctx.execute_pending_job():
            break
    ctx.set_time_limit(max(deadline - time.process_time(), 0.05))
    out: str | DriverReply = ctx.call(entry)
    if out == "pending":
        return engine_error(TIMEOUT, timeout_message(spec.time_s, "the Promise returned by handler never settled"))
    return out
