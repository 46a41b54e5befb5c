"""The snapshot engine: fresh QuickJS state per event by copying back a saved arena.

A worker loads the driver and compiles each transform once into a runtime that allocates
only from one arena (`_snapshot.c`), saves the arena's used bytes as that transform's
image, and copies the image back before every event: every event starts from state no
earlier event touched, without paying for a new runtime, context, driver and compile
(three quarters of an event's cost otherwise). The transform's top level still runs per
event, so it sees its own clock and random numbers, as with a new context.

`SnapshotEngine.open` is the whole interface `engine.QuickJSEngine` needs; its
`FreshContexts` is the same interface over a new `quickjs.Context` per event, the fallback
when the compiled library is missing or its start-up self-test fails.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import quickjs

LIBRARY = Path(__file__).resolve().parent / "libdodo_snapshot.so"
_SLOTS = 32  # values a build may keep (compiled scripts, driver functions): see _snapshot.c
USER_SCRIPT = "<input>"  # the user's script's name in stack frames, as the Python binding names every script
_USER_SCRIPT_NAME = USER_SCRIPT.encode()
T = TypeVar("T")

_OUT_NONE, _OUT_STRING, _OUT_BOOL, _OUT_NUMBER, _OUT_VALUE, _OUT_EXCEPTION = range(6)


class EngineUnavailable(Exception):
    """The snapshot engine cannot run here; the message says why (shown by `doctor`)."""


class _Out(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int),
        ("overflow", ctypes.c_int),
        ("number", ctypes.c_double),
        ("len", ctypes.c_size_t),
        ("text", ctypes.c_void_p),
    ]


def _quickjs_library() -> str:
    """The shared object of PyPI quickjs-ng, whose public C API the engine calls."""
    import _quickjs  # type: ignore[import-not-found]  # quickjs-ng's C extension ships no stubs

    return str(_quickjs.__file__)


def _load() -> ctypes.CDLL:
    if not LIBRARY.exists():
        raise EngineUnavailable(
            "the snapshot library was not built (no C compiler when the package was installed); "
            "reinstall with a C compiler present for the fast engine"
        )
    try:
        lib = ctypes.CDLL(str(LIBRARY))
    except OSError as exc:
        raise EngineUnavailable(f"cannot load {LIBRARY.name}: {exc}") from None
    c = ctypes
    for name, restype, argtypes in [
        ("qa_init", c.c_int, [c.c_char_p, c.c_size_t, c.c_char_p, c.c_size_t]),
        ("qa_version", c.c_char_p, []),
        ("qa_save", c.c_void_p, []),
        ("qa_drop", None, [c.c_void_p]),
        ("qa_image_size", c.c_size_t, [c.c_void_p]),
        ("qa_open", None, [c.c_void_p, c.c_int, c.c_double, c.c_size_t, c.c_size_t]),
        ("qa_set_time_limit", None, [c.c_double]),
        ("qa_eval_as", c.c_int, [c.c_char_p, c.c_char_p, c.c_size_t, c.c_int, c.c_int]),
        ("qa_run", c.c_int, [c.c_int, c.c_int]),
        (
            "qa_call",
            c.c_int,
            [
                c.c_int,
                c.c_int,
                c.POINTER(c.c_int),
                c.POINTER(c.c_double),
                c.POINTER(c.c_char_p),
                c.POINTER(c.c_size_t),
                c.c_int,
            ],
        ),
        ("qa_call_string", c.c_int, [c.c_int, c.c_char_p, c.c_size_t, c.c_int]),
        ("qa_pending", c.c_int, []),
        ("qa_memory", c.c_size_t, []),
        ("qa_arena_used", c.c_size_t, []),
    ]:
        try:
            fn = getattr(lib, name)
        except AttributeError:  # built from an older _snapshot.c: an editable install not rebuilt
            raise EngineUnavailable(
                f"{LIBRARY.name} is out of date (it has no {name}); "
                "reinstall the package (pip install -e .) to rebuild it"
            ) from None
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


class Script:
    """A script compiled into the current image, or the error compiling it raised.

    A compile error is raised when the script runs, as evaluating it would have."""

    __slots__ = ("slot", "error")

    def __init__(self, slot: int, error: Exception | None = None) -> None:
        self.slot = slot
        self.error = error


class Value:
    """A JS object kept in the current image (a driver function, say)."""

    __slots__ = ("slot",)

    def __init__(self, slot: int) -> None:
        self.slot = slot


class SnapshotContext:
    """The part of `quickjs.Context`'s surface the worker uses, over the arena.

    Only valid until the next `SnapshotEngine.open`: there is one engine state per worker.
    Unlike the binding's, it names the scripts it evaluates (the file name in their frames)."""

    names_scripts = True

    def __init__(self, engine: SnapshotEngine) -> None:
        self._engine = engine
        self._lib = engine.lib
        self._out = engine.out
        self._next_slot = 0

    def _slot(self) -> int:
        if self._next_slot >= _SLOTS:
            raise RuntimeError("too many values kept in one snapshot")
        self._next_slot += 1
        return self._next_slot - 1

    def _result(self, kind: int, slot: int = -1) -> Any:
        out = self._out
        if kind == _OUT_STRING:
            return ctypes.string_at(out.text, out.len).decode("utf-8", "surrogatepass")
        if kind == _OUT_NONE:
            return None
        if kind == _OUT_NUMBER:
            n = out.number
            return int(n) if n.is_integer() and abs(n) < 2**31 else n
        if kind == _OUT_BOOL:
            return bool(out.number)
        if kind == _OUT_VALUE:
            return Value(slot) if slot >= 0 else None
        text = ctypes.string_at(out.text, out.len).decode("utf-8", "replace")
        raise (quickjs.StackOverflow if out.overflow else quickjs.JSException)(text)

    def eval(self, code: str, name: str = USER_SCRIPT) -> Any:
        """Evaluate `code` as the script `name` (the file name its stack frames show)."""
        data = code.encode("utf-8", "surrogatepass")
        slot = self._slot()
        result = self._result(self._lib.qa_eval_as(name.encode(), data, len(data), 0, slot), slot)
        if not isinstance(result, Value):
            self._next_slot -= 1
        return result

    def compile(self, code: str) -> Script:
        """Compile the user's script without running it: kept in the image, run per event with `run`."""
        data = code.encode("utf-8", "surrogatepass")
        slot = self._slot()
        try:
            self._result(self._lib.qa_eval_as(_USER_SCRIPT_NAME, data, len(data), 1, slot), slot)
        except quickjs.JSException as exc:
            return Script(slot, exc)
        return Script(slot)

    def run(self, script: Script) -> Any:
        if script.error is not None:
            raise script.error
        return self._result(self._lib.qa_run(script.slot, -1))

    def call(self, fn: Value, *args: str | float | bool | Value | None) -> Any:
        """Call a kept function with strings, numbers, booleans, kept values or None (null)."""
        n = len(args)
        if n == 1 and type(args[0]) is str:  # the driver's entry with the webhook, per event
            data = args[0].encode("utf-8", "surrogatepass")
            slot = self._slot()
            result = self._result(self._lib.qa_call_string(fn.slot, data, len(data), slot), slot)
            if not isinstance(result, Value):
                self._next_slot -= 1
            return result
        if n > 8:
            raise ValueError("a kept function is called with at most 8 arguments (see qa_call)")
        kinds, numbers = (ctypes.c_int * n)(), (ctypes.c_double * n)()
        strings, lens = (ctypes.c_char_p * n)(), (ctypes.c_size_t * n)()
        for i, arg in enumerate(args):
            if isinstance(arg, str):
                data = arg.encode("utf-8", "surrogatepass")
                kinds[i], strings[i], lens[i] = _OUT_STRING, data, len(data)
            elif isinstance(arg, bool):
                kinds[i], numbers[i] = _OUT_BOOL, float(arg)
            elif isinstance(arg, (int, float)):
                kinds[i], numbers[i] = _OUT_NUMBER, float(arg)
            elif isinstance(arg, Value):
                kinds[i], numbers[i] = _OUT_VALUE, float(arg.slot)
            else:
                kinds[i] = _OUT_NONE
        slot = self._slot()
        result = self._result(self._lib.qa_call(fn.slot, n, kinds, numbers, strings, lens, slot), slot)
        if not isinstance(result, Value):
            self._next_slot -= 1
        return result

    def set_time_limit(self, seconds: float) -> None:
        self._lib.qa_set_time_limit(seconds)

    def execute_pending_job(self) -> bool:
        ran: int = self._lib.qa_pending()
        if ran < 0:
            self._result(_OUT_EXCEPTION)
        return ran > 0

    def memory(self) -> dict[str, int]:
        return {"malloc_size": self._lib.qa_memory()}


class _Image:
    __slots__ = ("pointer", "built", "size", "slots")

    def __init__(self, pointer: int, built: Any, size: int, slots: int) -> None:
        self.pointer, self.built, self.size, self.slots = pointer, built, size, slots


class SnapshotEngine:
    """One arena per worker process, and the images of the transforms it has run.

    Images are kept least recently used first within `image_budget` bytes, so a worker
    that sees many distinct transforms stays bounded: an evicted one is rebuilt on demand.
    """

    name = "snapshot"

    def __init__(self, memory_limit: int, image_budget: int = 32 << 20, isolate: bool = True) -> None:
        """`isolate=False` keeps the state between consecutive events of one transform: the
        no-isolation baseline of bench/bench_sandbox.py, never used for user code."""
        self.lib = _load()
        self.out = _Out.in_dll(self.lib, "qa_out")
        self.capacity = 4 * memory_limit + (32 << 20)
        error = ctypes.create_string_buffer(512)
        if self.lib.qa_init(_quickjs_library().encode(), self.capacity, error, len(error)) != 0:
            raise EngineUnavailable(error.value.decode(errors="replace"))
        self.version = self.lib.qa_version().decode()
        self.image_budget = image_budget
        self._images: OrderedDict[Hashable, _Image] = OrderedDict()
        self._bytes = 0
        self._context = SnapshotContext(self)
        self.isolate = isolate
        self._last: Hashable = None
        if not isolate:
            self.name = "unisolated"

    def fits(self, memory_limit: int) -> bool:
        """Whether an event with this memory limit can run in the arena."""
        return 4 * memory_limit + (32 << 20) <= self.capacity

    def open(
        self, key: Hashable, build: Callable[[SnapshotContext], T], time_s: float, memory: int, stack: int
    ) -> tuple[SnapshotContext, T]:
        """A context as `build` leaves it, restored from its image (built on first use).

        `build` runs once per key; if it raises, the exception propagates and nothing is kept.
        Scripts whose compile failed are not kept either (the failure may be a limit)."""
        image = self._images.get(key)
        ctx = self._context
        if image is not None:
            self._images.move_to_end(key)
            self.lib.qa_open(image.pointer, self.isolate or key != self._last, time_s, memory, stack)
            self._last = key
            ctx._next_slot = image.slots  # values kept by later calls are this event's only
            return ctx, image.built
        self._last = key
        self.lib.qa_open(None, 1, time_s, memory, stack)
        ctx._next_slot = 0
        built = build(ctx)
        if not _has_compile_error(built):
            pointer = self.lib.qa_save()
            if pointer:
                size = self.lib.qa_image_size(pointer)
                self._images[key] = _Image(pointer, built, size, ctx._next_slot)
                self._bytes += size
                while self._bytes > self.image_budget and len(self._images) > 1:
                    _, old = self._images.popitem(last=False)
                    self._bytes -= old.size
                    self.lib.qa_drop(old.pointer)
        return ctx, built

    def forget(self, plan: Any) -> None:
        """Drop the images of a source the worker no longer holds (keys start with its plan)."""
        for key in [k for k in self._images if isinstance(k, tuple) and k and k[0] == plan]:
            image = self._images.pop(key)
            self._bytes -= image.size
            self.lib.qa_drop(image.pointer)
        self._last = None

    @property
    def image_bytes(self) -> int:
        return self._bytes


_shared: SnapshotEngine | None = None


def shared_engine(memory_limit: int = 32 << 20) -> SnapshotEngine:
    """This process's engine (the library holds one arena per process), made on first use."""
    global _shared
    if _shared is None:
        _shared = SnapshotEngine(memory_limit)
    return _shared


def _has_compile_error(built: Any) -> bool:
    items = built if isinstance(built, (tuple, list)) else (built,)
    return any(isinstance(x, Script) and x.error is not None for x in items)


_SELF_TEST = r"""
function handler(n) {
  if (n === "tamper") {
    globalThis.leaked = 1;
    leakedImplicit = 1;
    Object.defineProperty(globalThis, "fixed", { value: 1, configurable: false });
    Object.prototype.polluted = 1;
    JSON.parse = null;
    Math.random = () => 0;
    Promise.resolve().then(() => { globalThis.late = 1; });
    return "tampered";
  }
  return JSON.stringify([typeof leaked, typeof leakedImplicit, typeof fixed, typeof ({}).polluted,
                         typeof JSON.parse, typeof late, Math.random()]);
}
"""
_SELF_TEST_CLEAN = '["undefined","undefined","undefined","undefined","function","undefined",'


def self_test(engine: SnapshotEngine) -> None:
    """Check, when a worker starts, what the engine relies on: fresh state, the three limits.

    Raises EngineUnavailable with what failed; the worker then uses the portable engine."""

    def build(ctx: SnapshotContext) -> tuple[Script, Value]:
        return ctx.compile(_SELF_TEST), ctx.eval("(function (n) { return handler(n); })")

    def event(
        arg: str, time_s: float = 1.0, memory: int = 8 << 20, stack: int = 256 << 10, code: str | None = None
    ) -> Any:
        ctx, (source, entry) = engine.open(("self-test",), build, time_s, memory, stack)
        ctx.run(source)
        if code is not None:
            return ctx.eval(code)
        out = ctx.call(entry, arg)
        while ctx.execute_pending_job():
            pass
        return out

    def expect_error(what: str, marker: str, **limits: Any) -> None:
        try:
            event("", **limits)
        except quickjs.JSException as exc:
            if marker not in str(exc) and not (marker == "out of memory" and str(exc).startswith("null")):
                raise EngineUnavailable(f"self-test: {what} raised {str(exc)[:80]!r}") from None
            return
        raise EngineUnavailable(f"self-test: {what} did not stop the script")

    try:
        if event("tamper") != "tampered":
            raise EngineUnavailable("self-test: the test script did not run")
        first, second = event("check"), event("check")
        if not (isinstance(first, str) and first.startswith(_SELF_TEST_CLEAN) and second.startswith(_SELF_TEST_CLEAN)):
            raise EngineUnavailable(f"self-test: state leaked between events: {first!r}")
        if first == second:
            raise EngineUnavailable("self-test: Math.random repeated itself across events")
        expect_error("the time limit", "interrupted", time_s=0.005, code="for (;;) {}")
        expect_error(
            "the memory limit",
            "out of memory",
            memory=2 << 20,
            code="const a = []; for (;;) a.push(new Array(4096).fill(a.length));",
        )
        expect_error(
            "the stack limit", "call stack size exceeded", stack=64 << 10, code="(function f() { return f() + 1; })()"
        )
    except EngineUnavailable:
        raise
    except Exception as exc:  # anything unexpected means: do not trust this engine here
        raise EngineUnavailable(f"self-test: {type(exc).__name__}: {exc}") from None
