"""Fresh state per event, on both engines and every path through the worker.

Why: the snapshot engine (runner/sandbox/snapshot.py) reuses one runtime per worker and
copies a saved arena back before each event; nothing an event does may survive into the
next one, exactly as with a new `quickjs.Context` per event. Event 1 tampers with
everything reachable (globals of every kind, built-in prototypes, iterator prototypes,
JSON, Math.random, Error's stack knobs) and leaves a pending promise job and a registered
finalizer behind; event 2, on the same worker, must see none of it.
"""

from __future__ import annotations

import pytest

from runner.pipeline import RunOptions, run_event
from runner.sandbox import Sandbox, snapshot
from runner.transforms import Transform

TAMPER = r"""
  queueMicrotask(() => { globalThis.leakJob = 1; });
  Promise.resolve().then(() => { globalThis.leakJob = 1; });
  new FinalizationRegistry(() => { globalThis.leakFinalizer = 1; }).register({}, 1);
  new WeakRef({});
  globalThis.leakGlobal = 1;
  leakImplicit = 1;
  Object.defineProperty(globalThis, "leakFixed", { value: 1, configurable: false, writable: false });
  Object.defineProperty(globalThis, "Reflect", { value: { tampered: true }, configurable: false });
  Object.prototype.leakProto = 1;
  Object.defineProperty(Object.prototype, "leakGetter", { get() { return 1; } });
  Array.prototype.map = function () { return ["tampered"]; };
  Array.prototype.leakArray = 1;
  Date.prototype.toISOString = function () { return "tampered"; };
  Date.now = () => 0;
  Object.getPrototypeOf([][Symbol.iterator]()).next = function () { return { done: true }; };
  Object.getPrototypeOf(new Map().entries()).next = function () { return { done: true }; };
  Iterator.prototype.leakIterator = 1;
  JSON.stringify = () => "tampered";
  JSON.parse = () => ({});
  Math.random = () => 0.5;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = () => "tampered";
  Promise.prototype.then = function () { return "tampered"; };
  webhook.payload = { tampered: true };
  return webhook;
"""

CHECK = r"""
  // Garbage first, so that a finalizer left over from event 1 would get its chance to run.
  let junk = [];
  for (let i = 0; i < 20000; i++) junk.push({ i });
  junk = null;
  const it = [1, 2][Symbol.iterator]();
  const stack = new Error("x").stack;
  webhook.payload = {
    leakGlobal: typeof leakGlobal, leakImplicit: typeof leakImplicit, leakFixed: typeof leakFixed,
    reflect: typeof Reflect.ownKeys, leakProto: ({}).leakProto === undefined, leakGetter: ({}).leakGetter === undefined,
    map: [1, 2].map((x) => x * 2).join(), leakArray: [].leakArray === undefined,
    iso: new Date(0).toISOString(), dateNow: Date.now() > 0,
    arrayIterator: it.next().value, mapIterator: [...new Map([[1, 2]]).entries()].length,
    leakIterator: typeof Iterator.prototype.leakIterator,
    json: JSON.stringify(JSON.parse('{"a":[1]}')),
    random: Math.random() !== 0.5 && Math.random() !== Math.random(),
    stackTraceLimit: Error.stackTraceLimit, prepareStackTrace: typeof Error.prepareStackTrace,
    stack: typeof stack === "string" && stack.length > 0,
    then: typeof Promise.resolve(1).then(() => 1),
    leakJob: typeof leakJob, leakFinalizer: typeof leakFinalizer,
    performanceNow: performance.now() >= 0 && performance.now() < 60000,
  };
  return webhook;
"""

CLEAN = {
    "leakGlobal": "undefined",
    "leakImplicit": "undefined",
    "leakFixed": "undefined",
    "reflect": "function",
    "leakProto": True,
    "leakGetter": True,
    "map": "2,4",
    "leakArray": True,
    "iso": "1970-01-01T00:00:00.000Z",
    "dateNow": True,
    "arrayIterator": 1,
    "mapIterator": 1,
    "leakIterator": "undefined",
    "json": '{"a":[1]}',
    "random": True,
    "stackTraceLimit": 10,
    "prepareStackTrace": "undefined",
    "stack": True,
    "then": "object",
    "leakJob": "undefined",
    "leakFinalizer": "undefined",
    "performanceNow": True,
}

# Each path through the worker (runner/sandbox/worker.py): the bare fast path, the full
# driver (schema hints), the driver with console, an async handler (pending jobs drained).
PATHS = {
    "fast": (
        "function handler(webhook) {{\n  if (webhook.payload.data.tamper) {{{tamper}}}\n{check}}}",
        RunOptions(hints=False),
    ),
    "hints": (
        "function handler(webhook) {{\n  if (webhook.payload.data.tamper) {{{tamper}}}\n{check}}}",
        RunOptions(hints=True),
    ),
    "console": (
        "function handler(webhook) {{\n"
        "  console.log('hi');\n"
        "  if (webhook.payload.data.tamper) {{{tamper}}}\n"
        "{check}}}",
        RunOptions(hints=False),
    ),
    "async": (
        "async function handler(webhook) {{\n"
        "  await null;\n"
        "  if (webhook.payload.data.tamper) {{{tamper}}}\n"
        "  await null;\n"
        "{check}}}",
        RunOptions(hints=False),
    ),
    "deterministic": (
        "function handler(webhook) {{\n  if (webhook.payload.data.tamper) {{{tamper}}}\n{check}}}",
        RunOptions(hints=False, seed=7),
    ),
}


@pytest.fixture(scope="module", params=["auto", "context"])
def pool(request):
    with Sandbox(workers=1, engine=request.param) as sb:
        yield sb


def test_the_auto_engine_is_the_snapshot_engine(envelope):
    """The fast engine is what `pip install` builds here; a silent fallback would hide it."""
    if not snapshot.LIBRARY.exists():
        pytest.skip("the snapshot library was not built here (no C compiler at install time)")
    with Sandbox(workers=1) as sb:
        run_event(sb, Transform("t.js", "function handler(w) { return w }"), envelope("payment.succeeded"))
        assert sb.engine == {"engine": "snapshot", "reason": ""}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_event_two_sees_nothing_of_event_one(pool, envelope, path):
    template, options = PATHS[path]
    transform = Transform(f"tamper-{path}.js", template.format(tamper=TAMPER, check=CHECK))
    tampering = envelope("payment.succeeded")
    tampering["data"]["tamper"] = True
    first = run_event(pool, transform, tampering, options=options)
    if path != "async":  # with Promise.prototype.then replaced, an async handler never settles
        assert first.status != "error", first.error
        assert first.webhook["payload"] == {"tampered": True}
    for _ in range(2):  # twice: the second check also runs after a check, not only after tampering
        second = run_event(pool, transform, envelope("payment.succeeded"), options=options)
        assert second.status != "error", second.error
        assert second.webhook["payload"] == CLEAN


def test_math_random_differs_between_events(pool, envelope):
    """A restored snapshot must not replay the same random sequence (nor a fresh context)."""
    transform = Transform("random.js", "function handler(w) { w.payload = { r: Math.random() }; return w; }")
    seen = {
        run_event(pool, transform, envelope("payment.succeeded"), options=RunOptions(hints=False)).webhook["payload"][
            "r"
        ]
        for _ in range(3)
    }
    assert len(seen) == 3


def test_without_the_compiled_library_the_engine_says_why(monkeypatch, tmp_path):
    """No C compiler at install time: the worker falls back, and this is the reason doctor shows."""
    monkeypatch.setattr(snapshot, "LIBRARY", tmp_path / "libdodo_snapshot.so")
    with pytest.raises(snapshot.EngineUnavailable, match="was not built .*C compiler"):
        snapshot.SnapshotEngine(32 << 20)


def test_a_stale_compiled_library_falls_back_with_the_reason(monkeypatch):
    """A library built from an older _snapshot.c (an editable install not rebuilt) lacks the
    functions this code calls: the worker must fall back, not fail to start."""
    from pathlib import Path

    from runner.sandbox.worker import choose_engine

    monkeypatch.setattr(snapshot, "LIBRARY", Path(snapshot._quickjs_library()))  # loads, lacks qa_*
    with pytest.raises(snapshot.EngineUnavailable, match="out of date .*reinstall"):
        snapshot.SnapshotEngine(32 << 20)
    engine = choose_engine(32 << 20)
    assert "out of date" in engine.reason


def _rss_bytes() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024


def test_images_stay_within_their_budget_and_an_evicted_one_is_rebuilt():
    """A worker that sees many distinct transforms keeps their images, least recently used
    first, within `image_budget`: the oldest go, and come back rebuilt on their next event
    with the same result. Each image here holds 1 MiB of its own; 60 of them, unbounded,
    would keep over 60 MiB."""
    try:
        engine = snapshot.shared_engine()
    except snapshot.EngineUnavailable as exc:
        pytest.skip(f"the snapshot engine is not available here: {exc}")
    builds: list[int] = []

    def event(n: int) -> str:
        def build(ctx):
            builds.append(n)
            ctx.eval(f"globalThis.kept = 'x'.repeat(1 << 20) + '|{n}';")
            return ctx.eval("(function (s) { const was = kept; kept = s; return was.length + was.slice(1 << 20); })")

        ctx, entry = engine.open(("image budget", n), build, 1.0, 32 << 20, 1 << 20)
        return ctx.call(entry, "changed by this event")  # restored from the image next time

    budget, old_budget = 4 << 20, engine.image_budget
    engine.image_budget = budget
    rss = _rss_bytes()
    try:
        for _ in range(2):
            for n in range(60):
                assert event(n) == f"{(1 << 20) + len(f'|{n}')}|{n}"
                assert engine.image_bytes <= budget
        assert builds == [*range(60), *range(60)]  # each evicted before its turn came again
        assert event(59) == f"{(1 << 20) + 3}|59" and len(builds) == 120  # the latest is held: restored, not rebuilt
        assert event(0) == f"{(1 << 20) + 2}|0" and builds[-1] == 0  # long evicted: rebuilt
        assert _rss_bytes() - rss < 24 << 20
    finally:
        engine.image_budget = old_budget
        engine.forget("image budget")
