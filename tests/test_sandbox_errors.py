"""Each error kind a user can act on: its kind, message, location and hint."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from runner.pipeline import RunOptions, run_event
from runner.sandbox import Limits, Sandbox
from runner.transforms import Transform

FAST = RunOptions(limits=Limits(time_s=0.3))


@pytest.fixture(scope="module", params=["auto", "context"])
def sandbox(request):
    """Every error on both engines: the snapshot engine and a new context per event."""
    with Sandbox(workers=2, limits=Limits(time_s=1.0), engine=request.param) as sb:
        yield sb


def run(sandbox, envelope, source, event="payment.succeeded", options=FAST):
    """Every error must read the same whether the worker's fast path (hints off) ran first."""
    with_hints = run_event(sandbox, Transform("user.js", source), envelope(event), options=options)
    fast = run_event(sandbox, Transform("user.js", source), envelope(event), options=replace(options, hints=False))
    assert (fast.status, fast.error and (fast.error.kind, fast.error.message, fast.error.line)) == (
        with_hints.status,
        with_hints.error and (with_hints.error.kind, with_hints.error.message, with_hints.error.line),
    )
    return with_hints


def test_syntax_error_points_at_line_and_column(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(webhook) {\n  const x = ;\n  return webhook;\n}")
    assert r.status == "error" and r.error.kind == "syntax_error"
    assert r.error.message.startswith("SyntaxError: ")
    assert (r.error.line, r.error.column) == (2, 13)
    assert "dashboard" in r.error.hint


def test_missing_handler_suggests_the_function_that_is_there(sandbox, envelope):
    r = run(sandbox, envelope, "function transform(webhook) { return webhook; }")
    assert r.error.kind == "missing_handler"
    assert "no function named handler" in r.error.message
    assert "rename `transform` to `handler`" in r.error.hint


def test_handler_that_is_not_a_function(sandbox, envelope):
    r = run(sandbox, envelope, "var handler = 42;")
    assert r.error.kind == "missing_handler" and "number" in r.error.message


def test_const_arrow_handler_is_accepted(sandbox, envelope):
    r = run(sandbox, envelope, "const handler = (webhook) => { webhook.cancel = true; return webhook; };")
    assert r.status == "cancelled"


def test_throw_maps_the_stack_to_the_users_file(sandbox, envelope):
    src = (
        "function fmt(p) {\n"
        "  return p.nope.value;\n"
        "}\n"
        "function handler(webhook) {\n"
        "  fmt(webhook.payload);\n"
        "  return webhook;\n"
        "}"
    )
    r = run(sandbox, envelope, src)
    assert r.error.kind == "exception"
    assert r.error.message.startswith("TypeError: ")
    assert (r.error.line, r.error.column) == (2, 10)  # QuickJS points at the expression's start
    assert r.error.stack.splitlines() == ["    at fmt (user.js:2:10)", "    at handler (user.js:5:7)"]
    assert "<input>" not in r.error.stack and "run" not in r.error.stack


def test_thrown_string_is_described(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(w) {\n  throw 'no customer';\n}")
    assert r.error.kind == "exception"
    assert "non-Error value: 'no customer'" in r.error.message


def test_throw_at_top_level_says_so(sandbox, envelope):
    r = run(sandbox, envelope, "throw new Error('config missing');\nfunction handler(w) { return w }")
    assert r.error.kind == "exception"
    assert "config missing" in r.error.message and "while loading the script" in r.error.message
    assert r.error.line == 1


def test_timeout_is_its_own_kind(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(w) {\n  for (;;) {}\n}")
    assert r.error.kind == "timeout"
    assert "time limit" in r.error.message and "--timeout" in r.error.hint


def test_out_of_memory_is_its_own_kind(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(w) {\n  const a = [];\n  for (;;) a.push([1, 2, 3]);\n}")
    assert r.error.kind == "out_of_memory"
    assert "memory" in r.error.message and "--memory" in r.error.hint


def test_stack_overflow_is_its_own_kind_and_located(sandbox, envelope):
    r = run(
        sandbox, envelope, "function deep(n) {\n  return deep(n + 1) + 1;\n}\nfunction handler(w) { return deep(0); }"
    )
    assert r.error.kind == "stack_overflow"
    assert r.error.line == 2 and "--stack" in r.error.hint


def test_user_code_catching_stack_overflow_still_works(sandbox, envelope):
    src = (
        "function deep(n) { return deep(n + 1) + 1; }\n"
        "function handler(w) { try { deep(0) } catch (e) { w.cancel = true } return w; }"
    )
    assert run(sandbox, envelope, src).status == "cancelled"


@pytest.mark.parametrize(
    "ret, word", [("undefined", "undefined"), ("null", "null"), ("42", "number"), ("'ok'", "string")]
)
def test_returning_a_non_object_hints_at_cancel(sandbox, envelope, ret, word):
    r = run(sandbox, envelope, f"function handler(w) {{ return {ret}; }}")
    assert r.error.kind == "invalid_return"
    assert r.error.message == f"handler returned {word}"
    assert "webhook.cancel = true" in r.error.hint


@pytest.mark.parametrize(
    "payload, path",
    [
        ("undefined", "payload"),
        ("function () {}", "payload"),
        ("{ amount: 10n }", "payload.amount"),
        ("(() => { const o = { a: { b: {} } }; o.a.b.c = o; return o; })()", "payload.a.b.c"),
    ],
)
def test_unserializable_payload(sandbox, envelope, payload, path):
    r = run(
        sandbox, envelope, f"function handler(w) {{ w.url = 'https://example.com/'; w.payload = {payload}; return w; }}"
    )
    assert r.error.kind == "unserializable"
    assert f"(at {path})" in r.error.message
    assert "BigInt" in r.error.hint


def test_nested_undefined_is_dropped_with_a_warning(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.url = 'https://example.com/'; w.payload = { a: 1, phone: undefined, f() {} }; "
        "return w; }",
    )
    assert r.status == "routed"
    assert r.webhook["payload"] == {"a": 1}
    assert {(f.code, f.path) for f in r.findings} >= {
        ("dropped_value", "payload.phone"),
        ("dropped_value", "payload.f"),
    }


@pytest.mark.parametrize(
    "method, kind", [("'GET'", "invalid_method"), ("'post'", "invalid_method"), ("undefined", "invalid_method")]
)
def test_invalid_method(sandbox, envelope, method, kind):
    r = run(sandbox, envelope, f"function handler(w) {{ w.method = {method}; return w; }}")
    assert r.error.kind == kind and "POST" in r.error.hint


def test_patch_is_allowed_with_a_warning(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(w) { w.method = 'PATCH'; w.url = 'https://example.com/x'; return w; }")
    assert r.status == "routed"
    assert [f.code for f in r.findings if f.severity == "warning"] == ["method_patch"]


@pytest.mark.parametrize("url", ["'/api/v2/entity'", "'ftp://example.com/'", "'track.customer.io'", "42", "''"])
def test_invalid_url(sandbox, envelope, url):
    r = run(sandbox, envelope, f"function handler(w) {{ w.url = {url}; return w; }}")
    assert r.error.kind == "invalid_url" and "absolute" in r.error.message


def test_invalid_headers(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.url = 'https://example.com/'; w.headers = { 'X-Count': 3 }; return w; }",
    )
    assert r.error.kind == "invalid_headers"


DELIBERATE = """function handler(webhook) {
  const p = webhook.payload.data;
  if (!p.customer) { throw new Error("no customer on " + webhook.eventType); }
    throw new Error("always: " + String(p.nothing));
}
"""


def test_a_deliberate_throw_points_where_v8_does_with_a_fitting_hint(sandbox, js, envelope):
    r = run_event(sandbox, js(DELIBERATE), envelope("payout.created"), options=FAST)  # a payout has no customer
    assert (r.error.kind, r.error.line, r.error.column) == (
        "exception",
        3,
        DELIBERATE.splitlines()[2].index("new Error") + 1,
    )
    assert "throws this itself" in r.error.hint and "webhook.cancel = true" in r.error.hint
    assert f"(inline.js:3:{r.error.column})" in r.error.stack
    second = run_event(sandbox, js(DELIBERATE), envelope("payment.succeeded"), options=FAST)
    assert (second.error.line, second.error.column) == (4, 11)  # V8's 4:11, where QuickJS says 4:41
    engine = run_event(
        sandbox,
        js("function handler(w) {\n  return w.payload.data.a.b;\n}\n"),
        envelope("payout.created"),
        options=FAST,
    )
    assert "guard the value" in engine.error.hint  # an error the engine raised keeps its own hint


def test_the_deliberate_throw_column_matches_node(sandbox, js, envelope):
    import shutil
    import subprocess

    if shutil.which("node") is None:
        pytest.skip("node is not installed: it is the V8 oracle")
    probe = DELIBERATE + (
        "try { handler({eventType: 'payout.created', "
        "payload: {data: {}}}) } catch (e) { console.log(e.stack.split('\\n')[1]) }\n"
    )
    frame = subprocess.run(["node", "-e", probe], capture_output=True, text=True, timeout=30).stdout
    r = run_event(sandbox, js(DELIBERATE), envelope("payout.created"), options=FAST)
    assert frame.strip().endswith(f":{r.error.line}:{r.error.column})"), frame


# A transform longer than the polyfills: their line numbers are lines of the user's file too.
FILLER = "// a long transform\n" * 3000  # the handler starts on line 3001


def test_a_polyfill_error_points_at_the_users_call_in_a_long_transform(sandbox, envelope):
    """Was `at resolveNumberOptions (user.js:218:45)`, the polyfill's own line shown as the user's."""
    src = (
        FILLER
        + "function handler(w) {\n  const f = new Intl.NumberFormat('en-US', { style: 'currency' });\n  return w;\n}"
    )
    r = run(sandbox, envelope, src)
    assert r.error.message == "TypeError: Currency code is required with currency style."
    assert (r.error.line, r.error.column) == (3002, 17)
    assert r.error.stack.splitlines() == ["    at handler (user.js:3002:17)"]


def test_a_polyfill_error_at_the_top_level_points_at_the_users_line(sandbox, envelope):
    src = (
        FILLER
        + "const money = new Intl.NumberFormat('en-US', { style: 'currency' });\nfunction handler(w) { return w }"
    )
    r = run(sandbox, envelope, src)
    assert "Currency code is required" in r.error.message and "while loading the script" in r.error.message
    assert (r.error.line, r.error.column) == (3001, 19)
    assert r.error.stack.splitlines() == ["    at <top level> (user.js:3001:19)"]


@pytest.mark.parametrize(
    "body, frames",
    [
        (  # a schema-hint proxy's trap runs between the handler and the getter
            "  Object.defineProperty(w, 'x', { get() { throw new Error('g'); } });\n  return w.x;",
            ["    at get (user.js:3002:49)", "    at handler (user.js:3003:10)"],
        ),
        (  # the polyfill runs between the handler and the getter of its options
            "  return new Intl.NumberFormat('en-US', { get style() { throw new Error('g'); } });",
            ["    at get style (user.js:3002:63)", "    at handler (user.js:3002:14)"],
        ),
    ],
    ids=["driver", "polyfill"],
)
def test_frames_of_ours_between_the_users_are_cut(sandbox, envelope, body, frames):
    src = FILLER + "function handler(w) {\n" + body + "\n}"
    for hints in (True, False):
        r = run_event(
            sandbox, Transform("user.js", src), envelope("payment.succeeded"), options=replace(FAST, hints=hints)
        )
        assert (r.error.kind, r.error.message) == ("exception", "Error: g")
        assert r.error.stack.splitlines() == frames, hints


def test_frames_of_ours_are_told_apart_by_script_name(sandbox, envelope):
    """What a user's own `e.stack` shows: on the snapshot engine the polyfill's frames carry
    its file's name; the binding behind the portable engine names every script `<input>`,
    so there they come after the user's last line."""
    src = (
        "function handler(w) {\n  w.url = 'https://example.com/';\n"
        "  try { new Intl.NumberFormat('en-US', { style: 'currency' }); } catch (e) { w.payload = e.stack; }\n"
        "  return w;\n}"
    )
    r = run(sandbox, envelope, src)
    lines = [int(n) for n in re.findall(r"<input>:(\d+):", r.webhook["payload"])]
    assert "at handler (<input>:3:" in r.webhook["payload"]
    if sandbox.engine["engine"] == "snapshot":
        assert "(intl.js:" in r.webhook["payload"] and lines == [3]
    else:
        assert lines.count(3) == 1 and all(n == 3 or n > src.count("\n") + 1 for n in lines)


def test_the_workers_cut_ends_lines_at_newlines_only_as_the_driver_does():
    """A message with U+2028 is one line to the driver (`split("\\n")`), so the worker's cut
    must not see a frame after it (it used splitlines, which breaks there too)."""
    from runner.sandbox.engine import FreshContexts, QuickJSEngine, user_stack

    plan = QuickJSEngine(FreshContexts()).load("function handler(w) { return w }")
    stack = "Error: a\u2028    at x (intl.js:1:1)\n    at y (intl.js:2:2)\n    at h (<input>:1:1)"
    assert user_stack(stack, plan, True) == "Error: a\u2028    at x (intl.js:1:1)\n    at h (<input>:1:1)"


def test_the_worker_cuts_a_top_level_stack_as_the_driver_cuts_a_handlers():
    """Two cuts of one rule: the driver's (describe.js) for a handler's error, the worker's
    (engine.user_stack) for an error thrown while loading the script, which never reaches
    the driver. Fed the same stack, on either engine, they keep the same lines."""
    from runner.sandbox.engine import FreshContexts, QuickJSEngine, user_stack
    from runner.sandbox.protocol import JobSpec
    from runner.sandbox.snapshot import EngineUnavailable, shared_engine

    source = "function handler(w) {\n  throw { message: 'm', stack: STACK };\n}\n"
    stack = (
        "    at a (<input>:1:1)\n    at b (intl.js:5:5)\n    at c (<input>:9:1)\n    at d (native)\n"
        "    at e (<input>)\n    at f (<input>:x:1)\nnot a frame\n    at g (<input>:2:3)"
    )
    engines = [QuickJSEngine(FreshContexts())]
    try:
        engines.append(QuickJSEngine(shared_engine()))
    except EngineUnavailable:
        pass  # the portable engine alone
    spec = JobSpec(id=1, sid=1, time_s=1.0, memory_bytes=32 << 20, stack_bytes=1 << 20)
    for engine in engines:
        plan = engine.load(source.replace("STACK", json.dumps(stack)))
        named = engine.name == "snapshot"
        cut = json.loads(engine.run(plan, spec, '{"payload":{}}').record)["error"]["stack"]
        assert cut == user_stack(stack, plan, named)
        kept = [line.split(" ")[5] for line in cut.splitlines() if line.startswith("    at ")]
        # c is past the script's last line: a script of ours where scripts cannot be named
        assert kept == (["a", "c", "d", "e", "g"] if named else ["a", "d", "e", "g"]), engine.name
