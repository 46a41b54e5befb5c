"""The webhook object's Svix semantics, classification, determinism and console capture."""

from __future__ import annotations

import pytest

from runner.pipeline import RunOptions, run_event
from runner.sandbox import Limits, Sandbox
from runner.transforms import Transform
from runner.webhook import DEFAULT_ENDPOINT_URL, Endpoint


@pytest.fixture(scope="module", params=["auto", "context"])
def sandbox(request):
    """The same semantics on both engines: the snapshot engine and a new context per event."""
    with Sandbox(workers=2, limits=Limits(time_s=1.0), engine=request.param) as sb:
        yield sb


def run(sandbox, envelope, source, event="payment.succeeded", options=RunOptions()):
    return run_event(sandbox, Transform("user.js", source), envelope(event), options=options)


def test_the_webhook_object_has_the_svix_shape(sandbox, envelope):
    src = """function handler(w) {
  w.url = 'https://example.com/';
  w.payload = { keys: Object.keys(w).sort(), method: w.method, url: w.url, eventType: w.eventType,
    cancel: w.cancel, headers: w.headers, env: w.env, type: w.payload.type };
  return w;
}"""
    env = envelope("subscription.active")
    r = run_event(sandbox, Transform("t.js", src), env, options=RunOptions(endpoint=Endpoint(env={"SEGMENT": "vip"})))
    assert r.webhook["payload"] == {
        "keys": ["cancel", "env", "eventType", "headers", "method", "payload", "url"],
        "method": "POST",
        "url": "https://example.com/",
        "eventType": "subscription.active",
        "cancel": False,
        "headers": {},
        "env": {"SEGMENT": "vip"},
        "type": "subscription.active",
    }


def test_changes_to_event_type_and_env_are_ignored(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.eventType = 'x'; w.env = { A: 'b' }; w.url = 'https://example.com/'; return w; }",
    )
    assert r.webhook["eventType"] == "payment.succeeded" and r.webhook["env"] == {}


def test_status_classification(sandbox, envelope):
    assert run(sandbox, envelope, "function handler(w) { return w; }").status == "unchanged"
    assert run(sandbox, envelope, "function handler(w) { w.cancel = true; return w; }").status == "cancelled"
    assert (
        run(sandbox, envelope, "function handler(w) { w.url = 'https://example.com/'; return w; }").status == "routed"
    )
    assert (
        run(sandbox, envelope, "function handler(w) { w.payload.data.total_amount = 1; return w; }").status == "routed"
    )
    unchanged = run(sandbox, envelope, "function handler(w) { return w; }")
    assert unchanged.webhook["url"] == DEFAULT_ENDPOINT_URL
    assert unchanged.webhook["payload"] == envelope("payment.succeeded")


def test_payload_may_be_any_json_value(sandbox, envelope):
    for value, expected in [("'text'", "text"), ("[1, 2]", [1, 2]), ("null", None), ("7", 7)]:
        r = run(
            sandbox,
            envelope,
            f"function handler(w) {{ w.url = 'https://example.com/'; w.payload = {value}; return w; }}",
        )
        assert r.status == "routed" and r.webhook["payload"] == expected


def test_headers_set_by_the_transform_are_kept(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.url = 'https://example.com/'; w.headers['X-Source'] = 'dodo'; return w; }",
    )
    assert r.webhook["headers"] == {"X-Source": "dodo"}


def test_returning_a_new_object_works_with_an_info_finding(sandbox, envelope):
    r = run(sandbox, envelope, "function handler(w) { return { ...w, url: 'https://example.com/' }; }")
    assert r.status == "routed"
    assert any(f.code == "new_object_returned" and f.severity == "info" for f in r.findings)


def test_async_handlers_are_awaited(sandbox, envelope):
    r = run(sandbox, envelope, "async function handler(w) { await null; w.url = 'https://example.com/a'; return w; }")
    assert r.status == "routed" and r.webhook["url"] == "https://example.com/a"
    r = run(sandbox, envelope, "async function handler(w) { await null; throw new Error('later'); }")
    assert r.error.kind == "exception" and "later" in r.error.message


def test_now_freezes_the_clock_and_seeds_random(sandbox, envelope):
    src = (
        "function handler(w) { w.url = 'https://example.com/'; w.payload = [Date.now(), "
        "new Date().toISOString(), Math.random(), new Date(0).getTime()]; return w; }"
    )
    opts = RunOptions(now="2026-01-15T12:00:00Z")
    a = run(sandbox, envelope, src, options=opts).webhook["payload"]
    b = run(sandbox, envelope, src, options=opts).webhook["payload"]
    assert a == b
    assert a[:2] == [1768478400000, "2026-01-15T12:00:00.000Z"] and a[3] == 0
    other_seed = run(sandbox, envelope, src, options=RunOptions(now="2026-01-15T12:00:00Z", seed=7)).webhook["payload"]
    assert other_seed[2] != a[2]
    live = run(sandbox, envelope, src).webhook["payload"]
    assert live[0] != a[0]


def test_dates_are_utc(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.url = 'https://example.com/'; w.payload = [new Date(0).getHours(), "
        "new Date(0).getTimezoneOffset()]; return w; }",
    )
    assert r.webhook["payload"] == [0, 0]


def test_console_is_captured_per_event_like_node(sandbox, envelope):
    src = (
        "function handler(w) { console.log('amount', w.payload.data.total_amount, { a: [1, 'x'] }); "
        "console.warn('careful'); console.error(new Error('bad')); return w; }"
    )
    r = run(sandbox, envelope, src)
    assert [c.level for c in r.console] == ["log", "warn", "error"]
    assert r.console[0].text == "amount 2999 { a: [ 1, 'x' ] }"
    assert r.console[2].text.startswith("Error: bad")
    assert run(sandbox, envelope, "function handler(w) { return w; }").console == []


def test_reads_of_absent_fields_become_findings(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { const s = w.payload.data; w.url = 'https://example.com/'; w.payload = { plan: s.plan, "
        "phone: s.customer.phone }; return w; }",
        event="subscription.active",
    )
    paths = {f.path: f for f in r.findings if f.code == "unknown_field"}
    assert set(paths) == {"payload.data.plan", "payload.data.customer.phone"}
    assert "phone_number" in paths["payload.data.customer.phone"].fix


def test_no_hints_turns_the_proxies_off(sandbox, envelope):
    r = run(
        sandbox,
        envelope,
        "function handler(w) { w.url = 'https://example.com/'; w.payload = { plan: w.payload.data.plan ?? null }; "
        "return w; }",
        options=RunOptions(hints=False),
    )
    assert r.status == "routed" and not [f for f in r.findings if f.code == "unknown_field"]


def test_polyfills_load_only_when_the_source_needs_them(sandbox, envelope):
    """The dashboard's V8 formats dates and money differently from bare QuickJS."""
    src = """function handler(w) {
  const d = new Date(w.payload.timestamp);
  w.url = 'https://example.com/';
  w.payload = [d.toLocaleDateString(),
    (w.payload.data.total_amount / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' }),
    new URL('https://example.com/a?b=1').searchParams.get('b'), typeof Intl];
  return w;
}"""
    r = run(sandbox, envelope, src)
    assert r.webhook["payload"] == ["1/14/2026", "$29.99", "1", "object"]
    names = "Object.getOwnPropertyNames(globalThis).filter(n => /^(In.l|U.L)$/.test(n))"
    bare = run(
        sandbox, envelope, f"function handler(w) {{ w.url = 'https://example.com/'; w.payload = {names}; return w; }}"
    )
    assert bare.webhook["payload"] == []
    dynamic = run(
        sandbox,
        envelope,
        f"function handler(w) {{ w.url = 'https://example.com/'; w.payload = {names}; return w; }} globalThis['x'];",
    )
    assert sorted(dynamic.webhook["payload"]) == ["Intl", "URL"]


def test_unchanged_detection_survives_json_formatting_differences(sandbox, envelope):
    """Python and V8 print some JSON differently (1.0 vs 1, escapes); the verdict must not change."""
    env = envelope("payment.succeeded")
    env["data"]["metadata"] = {"ratio": 1.0, "big": 1e21, "text": "é \u2028 </script>", "nested": [{"a": None}]}
    r = run_event(sandbox, Transform("same.js", "function handler(w) { return w; }"), env)
    assert r.status == "unchanged" and r.webhook["payload"] == env
    touched = run_event(
        sandbox, Transform("touch.js", "function handler(w) { w.payload.data.metadata.ratio = 2; return w; }"), env
    )
    assert touched.status == "routed" and touched.webhook["payload"]["data"]["metadata"]["ratio"] == 2
