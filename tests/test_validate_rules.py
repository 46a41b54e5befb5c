"""Every validation rule fires on a failing case and stays quiet on a passing one; the three
documented transforms get the findings the issue asks for."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from typing import Any

import pytest

from runner.customerio import limits as L
from runner.customerio.auth import check_basic_auth
from runner.customerio.routes import match_route
from runner.customerio.rules import RULES
from runner.customerio.validate import validate_batch, validate_operation, validate_request
from runner.findings import Finding, has_errors
from runner.pipeline import run_event

E = "https://track.customer.io/api/v2/entity"
B = "https://track.customer.io/api/v2/batch"
V1 = "https://track.customer.io/api/v1/customers/cus_42"
P = {"type": "person", "identifiers": {"id": "cus_42"}}
EV = {**P, "action": "event", "name": "payment_completed"}
OBJ = {"type": "object", "identifiers": {"object_type_id": "1", "object_id": "acme"}}
DEV = {**P, "action": "add_device", "device": {"token": "tok", "platform": "ios"}}
ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"

Check = Callable[[], list[Finding]]


def op(body: Any, **kw: Any) -> Check:
    return lambda: validate_request("POST", E, body, **kw)


def v1(method: str, path: str, body: Any) -> Check:
    return lambda: validate_request(method, "https://track.customer.io" + path, body)


def with_(base: dict, **changes: Any) -> dict:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def auth(header: str | None) -> Check:
    return lambda: [f for f in [check_basic_auth(header, "site", "key")] if f]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


BIG = "x" * (L.ENTITY_MAX_BYTES)
# code -> (failing check, passing check)
CASES: dict[str, tuple[Check, Check]] = {
    "url_not_https": (lambda: validate_request("POST", E.replace("https", "http"), EV), op(EV)),
    "route_unknown": (lambda: validate_request("POST", "https://track.customer.io/api/v2/track", EV), op(EV)),
    "method_not_allowed": (lambda: validate_request("PUT", E, EV), op(EV)),
    "body_not_object": (op([EV]), op(EV)),
    "content_type_not_json": (
        op(EV, headers={"Content-Type": "text/plain"}),
        op(EV, headers={"content-type": "application/json; charset=utf-8"}),
    ),
    "auth_missing": (auth(None), auth(basic("site", "key"))),
    "auth_invalid": (auth(basic("site", "wrong")), auth(basic("site", "key"))),
    "entity_too_large": (
        op(with_(EV, attributes={f"k{i}": "x" * 900 for i in range(40)})),
        op(with_(EV, attributes={f"k{i}": "x" * 900 for i in range(30)})),
    ),
    "batch_too_large": (
        lambda: validate_request("POST", B, {"batch": [with_(EV, attributes={"b": "x" * 30000})] * 18}),
        lambda: validate_request("POST", B, {"batch": [with_(EV, attributes={"b": "x" * 30000})] * 16}),
    ),
    "batch_item_too_large": (
        lambda: validate_request("POST", B, {"batch": [with_(EV, attributes={"b": BIG})]}),
        lambda: validate_request("POST", B, {"batch": [with_(EV, attributes={"b": BIG[:32000]})]}),
    ),
    "batch_missing": (
        lambda: validate_request("POST", B, {"ops": [EV]}),
        lambda: validate_request("POST", B, {"batch": [EV]}),
    ),
    "batch_empty": (
        lambda: validate_request("POST", B, {"batch": []}),
        lambda: validate_request("POST", B, {"batch": [EV]}),
    ),
    "type_missing": (op({"identifiers": {"id": "1"}, "action": "event", "name": "x"}), op(EV)),
    "type_invalid": (op(with_(EV, type="customer")), op(EV)),
    "action_missing": (op(P), op(EV)),
    "action_invalid": (op(with_(EV, action="payment_completed")), op(EV)),
    "identifiers_missing": (op({"type": "person", "action": "delete"}), op(with_(P, action="delete"))),
    "identifiers_not_object": (op(with_(EV, identifiers="cus_42")), op(EV)),
    "identifiers_none": (op(with_(EV, identifiers={})), op(EV)),
    "identifiers_multiple": (
        op(with_(EV, identifiers={"id": "1", "email": "a@b.co"})),
        op(with_(EV, identifiers={"email": "a@b.co"})),
    ),
    "identifiers_unknown_key": (op(with_(EV, identifiers={"id": "1", "customer_id": "1"})), op(EV)),
    "identifiers_anonymous_id": (op(with_(EV, identifiers={"anonymous_id": "a1"})), op(EV)),
    "identifier_not_string": (op(with_(EV, identifiers={"id": 42})), op(with_(EV, identifiers={"id": "42"}))),
    "identifier_empty": (op(with_(EV, identifiers={"id": " "})), op(EV)),
    "identifier_too_long": (op(with_(EV, identifiers={"id": "é" * 76})), op(with_(EV, identifiers={"id": "é" * 75}))),
    "identifier_not_enabled": (
        op(with_(EV, identifiers={"email": "a@b.co"}), enabled_identifiers={"id"}),
        op(with_(EV, identifiers={"email": "a@b.co"}), enabled_identifiers={"id", "email"}),
    ),
    "phone_format": (
        op(with_(EV, identifiers={"phone": "0701234567"})),
        op(with_(EV, identifiers={"phone": "+46701234567"})),
    ),
    "email_format": (op(with_(EV, identifiers={"email": "jane"})), op(with_(EV, identifiers={"email": "jane@x.io"}))),
    "cio_id_prefix": (op(with_(EV, identifiers={"cio_id": "cio_a1"})), op(with_(EV, identifiers={"cio_id": "a1"}))),
    "object_identifiers_invalid": (
        op(with_(OBJ, action="identify", identifiers={"object_id": "a"})),
        op(with_(OBJ, action="identify")),
    ),
    "object_type_id_not_numeric": (
        op(with_(OBJ, action="identify", identifiers={"object_type_id": "companies", "object_id": "a"})),
        op(with_(OBJ, action="identify")),
    ),
    "name_missing": (op({**P, "action": "event"}), op(EV)),
    "name_not_string": (op(with_(EV, name=["x"])), op(EV)),
    "name_empty": (op(with_(EV, name="  ")), op(EV)),
    "name_too_long": (op(with_(EV, name="ø" * 51)), op(with_(EV, name="ø" * 50))),
    "name_whitespace": (op(with_(EV, name="paid ")), op(EV)),
    "v1_event_type_invalid": (
        lambda: validate_request("POST", V1 + "/events", {"name": "x", "type": "track"}),
        lambda: validate_request("POST", V1 + "/events", {"name": "x", "type": "page"}),
    ),
    "attributes_not_object": (op(with_(EV, attributes=[1])), op(with_(EV, attributes={"a": 1}))),
    "reserved_attribute_type": (
        op(with_(EV, attributes={"recipient": 5})),
        op(with_(EV, attributes={"recipient": "a@b.co"})),
    ),
    "data_ignored": (op(with_(EV, data={"amount": 1})), op(with_(EV, attributes={"amount": 1}))),
    "identify_name_ignored": (
        op(with_(P, action="identify", name="Customer Identified")),
        op(with_(P, action="identify")),
    ),
    "timestamp_not_integer": (op(with_(EV, timestamp="2024-01-01T00:00:00Z")), op(with_(EV, timestamp=1704067200))),
    "timestamp_milliseconds": (op(with_(EV, timestamp=1704067200000)), op(with_(EV, timestamp=1704067200))),
    "event_id_not_string": (op(with_(EV, id=7)), op(with_(EV, id=ULID))),
    "event_id_not_ulid": (op(with_(EV, id="evt_123")), op(with_(EV, id=ULID.lower()))),
    "attributes_too_many": (
        op(with_(P, action="identify", attributes={f"a{i}": 1 for i in range(301)})),
        op(with_(P, action="identify", attributes={f"a{i}": 1 for i in range(300)})),
    ),
    "attribute_name_too_long": (
        op(with_(P, action="identify", attributes={"k" * 151: 1})),
        op(with_(P, action="identify", attributes={"k" * 150: 1})),
    ),
    "attribute_value_too_long": (
        op(with_(P, action="identify", attributes={"tags": ["abcd"] * 200})),
        op(with_(P, action="identify", attributes={"bio": "€" * 333})),
    ),
    "v1_attribute_type": (
        lambda: validate_request("PUT", V1, {"price": 9.5}),
        lambda: validate_request("PUT", V1, {"price": 950}),
    ),
    "object_attributes_too_large": (
        lambda: validate_request(
            "POST", B, {"batch": [with_(OBJ, action="identify", attributes={f"k{i}": "x" * 999 for i in range(103)})]}
        ),
        op(with_(OBJ, action="identify", attributes={f"k{i}": "x" * 999 for i in range(30)})),
    ),
    "event_data_too_large": (
        lambda: validate_request("POST", V1 + "/events", {"name": "x", "data": {"b": "x" * 100_000}}),
        lambda: validate_request("POST", V1 + "/events", {"name": "x", "data": {"b": "x" * 90_000}}),
    ),
    "attribute_iso_date": (
        op(with_(EV, attributes={"next_billing_date": "2026-02-14T13:25:43.118Z"})),
        op(with_(EV, attributes={"next_billing_date": 1771075543})),
    ),
    "relationships_missing": (
        op(with_(P, action="add_relationships", cio_relationships=[])),
        op(with_(P, action="add_relationships", cio_relationships=[{"identifiers": {"cio_object_id": "ob1"}}])),
    ),
    "relationship_invalid": (
        op(with_(OBJ, action="add_relationships", cio_relationships=[{"identifiers": {"id": "1", "email": "a@b.co"}}])),
        op(with_(OBJ, action="add_relationships", cio_relationships=[{"identifiers": {"id": "1"}}])),
    ),
    "device_missing": (op(with_(P, action="add_device")), op(DEV)),
    "device_token_invalid": (op(with_(DEV, device={"platform": "ios"})), op(DEV)),
    "device_platform_invalid": (op(with_(DEV, device={"token": "t", "platform": "web"})), op(DEV)),
    "device_last_used_invalid": (
        op(with_(DEV, device={"token": "t", "platform": "ios", "last_used": "now"})),
        op(with_(DEV, device={"token": "t", "platform": "ios", "last_used": 1704067200})),
    ),
    "device_attribute_invalid": (
        op(with_(DEV, device={"token": "t", "platform": "ios", "attributes": {"push_enabled": True}})),
        op(with_(DEV, device={"token": "t", "platform": "ios", "attributes": {"push_enabled": "true"}})),
    ),
    "merge_identifier_invalid": (
        op({"type": "person", "action": "merge", "primary": {"phone": "+4670"}, "secondary": {"id": "b"}}),
        op({"type": "person", "action": "merge", "primary": {"email": "a@b.co"}, "secondary": {"id": "b"}}),
    ),
    "merge_identifiers_ignored": (
        op(
            {
                "type": "person",
                "action": "merge",
                "identifiers": {"id": "a"},
                "primary": {"id": "a"},
                "secondary": {"id": "b"},
            }
        ),
        op({"type": "person", "action": "merge", "primary": {"id": "a"}, "secondary": {"id": "b"}}),
    ),
    "delivery_id_missing": (
        op(
            {
                "type": "delivery",
                "action": "event",
                "identifiers": {},
                "name": "opened",
                "attributes": {"device_token": "t"},
            }
        ),
        op(
            {
                "type": "delivery",
                "action": "event",
                "identifiers": {"id": "d1"},
                "name": "opened",
                "attributes": {"device_token": "t"},
            }
        ),
    ),
    "delivery_name_invalid": (
        op(
            {
                "type": "delivery",
                "action": "event",
                "identifiers": {"id": "d1"},
                "name": "clicked",
                "attributes": {"device_token": "t"},
            }
        ),
        op(
            {
                "type": "delivery",
                "action": "event",
                "identifiers": {"id": "d1"},
                "name": "delivered",
                "attributes": {"device_token": "t"},
            }
        ),
    ),
    "delivery_device_token_missing": (
        op({"type": "delivery", "action": "event", "identifiers": {"id": "d1"}, "name": "opened", "attributes": {}}),
        op(
            {
                "type": "delivery",
                "action": "event",
                "identifiers": {"id": "d1"},
                "name": "opened",
                "attributes": {"device_token": "t"},
            }
        ),
    ),
    "attribute_removed": (
        op(with_(P, action="identify", attributes={"plan": None})),
        op(with_(P, action="identify", attributes={"plan": "pro"})),
    ),
    "region_redirected": (
        lambda: validate_request("POST", E, EV, account_region="eu"),
        lambda: validate_request("POST", E.replace("track.", "track-eu."), EV, account_region="eu"),
    ),
    "region_mismatch": (
        lambda: validate_request("POST", E.replace("track.", "track-eu."), EV, account_region="us"),
        lambda: validate_request("POST", E, EV, account_region="us"),
    ),
    # the v1 routes beyond identify and events
    "body_ignored": (
        v1("POST", "/api/v1/customers/cus_42/suppress", {"reason": "x"}),
        v1("POST", "/api/v1/customers/cus_42/suppress", {}),
    ),
    "v1_identifier_not_encoded": (
        v1("PUT", "/api/v1/customers/jane doe", {}),
        v1("PUT", "/api/v1/customers/jane%20doe", {}),
    ),
    "v1_cio_id_invalid": (
        v1("DELETE", "/api/v1/customers/cio_", None),
        v1("DELETE", "/api/v1/customers/cio_03000001", None),
    ),
    "v1_identifier_phone": (
        v1("PUT", "/api/v1/customers/+14155552671", {}),
        v1("PUT", "/api/v1/customers/4155552671", {}),
    ),
    "device_id_missing": (
        v1("DELETE", "/api/v1/customers/cus_42/devices/%20", None),
        v1("DELETE", "/api/v1/customers/cus_42/devices/tok", None),
    ),
    "segment_id_invalid": (
        v1("POST", "/api/v1/segments/vip/add_customers", {"ids": ["a"]}),
        v1("POST", "/api/v1/segments/7/add_customers", {"ids": ["a"]}),
    ),
    "segment_id_type_invalid": (
        v1("POST", "/api/v1/segments/7/add_customers?id_type=phone", {"ids": ["a"]}),
        v1("POST", "/api/v1/segments/7/add_customers?id_type=email", {"ids": ["a@b.co"]}),
    ),
    "segment_ids_invalid": (
        v1("POST", "/api/v1/segments/7/remove_customers", {"ids": ["a"] * 1001}),
        v1("POST", "/api/v1/segments/7/remove_customers", {"ids": ["a"] * 1000}),
    ),
    "form_id_missing": (
        v1("POST", "/api/v1/forms/%20/submit", {"data": {"email": "a@b.co"}}),
        v1("POST", "/api/v1/forms/f1/submit", {"data": {"email": "a@b.co"}}),
    ),
    "form_data_invalid": (
        v1("POST", "/api/v1/forms/f1/submit", {"data": {"email": "a@b.co", "age": 5}}),
        v1("POST", "/api/v1/forms/f1/submit", {"data": {"email": "a@b.co", "age": "5"}}),
    ),
    "metric_invalid": (
        v1("POST", "/api/v1/metrics", {"delivery_id": "d1", "metric": "read"}),
        v1("POST", "/api/v1/metrics", {"delivery_id": "d1", "metric": "opened"}),
    ),
    "push_event_invalid": (
        v1("POST", "/api/v1/push/events", {"delivery_id": "d1", "event": "clicked"}),
        v1("POST", "/api/v1/push/events", {"delivery_id": "d1", "event": "opened", "device_id": "t"}),
    ),
    "unsubscribe_invalid": (
        v1("POST", "/unsubscribe/d1", {"unsubscribe": "yes"}),
        v1("POST", "/unsubscribe/d1", {"unsubscribe": True}),
    ),
}


def test_every_rule_row_and_code_has_cases():
    assert set(CASES) == set(RULES)
    assert {row for row, _ in RULES.values()} == set(range(1, 32))


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_and_passes(code):
    bad, good = CASES[code]
    found = bad()
    hits = [f for f in found if f.code == code]
    assert hits, f"{code} not reported; got {[f.code for f in found]}"
    assert all(f.severity == RULES[code][1] and f.path and f.message for f in hits)
    assert all(f.fix for f in hits), "every finding says how to fix it"
    assert code not in [f.code for f in good()]


def test_paths_point_into_the_webhook():
    findings = validate_request("POST", B, {"batch": [EV, with_(EV, identifiers={"id": 1}, action="track")]})
    assert {f.path for f in findings} == {"payload.batch[1].action", "payload.batch[1].identifiers.id"}
    odd = validate_operation(with_(P, action="identify", attributes={"next billing": "2026-01-01"}))
    assert [f.path for f in odd] == ['payload.attributes["next billing"]']


def test_batch_splits_whole_request_and_item_findings():
    whole, items = validate_batch({"batch": [EV, {"type": "person"}, EV]})
    assert whole == [] and list(items) == [1]
    assert {f.code for f in items[1]} == {"action_missing", "identifiers_missing"}


def test_non_customerio_urls_get_no_findings():
    for url in (
        "https://example.com/api/v2/entity",
        "https://track.customer.io.evil.com/api/v2/entity",
        "not a url",
        "http://[::1",
    ):
        assert validate_request("POST", url, {"nonsense": True}) == []


def test_override_base_counts_as_a_track_host():
    base = "http://127.0.0.1:8791"
    assert validate_request("POST", f"{base}/api/v2/entity", EV, override_base=base) == []
    assert [f.code for f in validate_request("POST", f"{base}/api/v2/entity", {}, override_base=base)] == [
        "type_missing"
    ]
    assert validate_request("POST", "http://127.0.0.1:9999/api/v2/entity", {}, override_base=base) == []


def test_routes():
    r = match_route("PUT", "https://track-eu.customer.io/api/v1/customers/jane%40x.io")
    assert (r.kind, r.region, r.customer_id) == ("v1_identify", "eu", "jane@x.io")
    assert match_route("POST", "https://TRACK.customer.io:443/api/v1/customers/42/events").kind == "v1_event"
    assert match_route("GET", "https://track.customer.io/api/v1/accounts/region").kind == "v1_region"
    assert match_route("POST", "https://track.customer.io/api/v2/entity/").kind == "unknown"
    assert match_route("POST", "https://api.customer.io/v1/send/email") is None


def test_v1_routes():
    assert validate_request("PUT", V1, {"email": "a@b.co", "created_at": 1704067200}) == []
    codes = {
        f.code
        for f in validate_request("PUT", "https://track.customer.io/api/v1/customers/", {"created_at": "2024-01-01"})
    }
    assert codes == {"identifier_empty", "timestamp_not_integer", "attribute_iso_date"}
    assert validate_request("POST", V1 + "/events", {"name": "purchase", "data": {"price": 23.45}}) == []
    assert [f.code for f in validate_request("POST", V1 + "/events", {"name": "x", "attributes": {}})] == [
        "data_ignored"
    ]


def test_sizes_count_utf8_bytes_of_compact_json():
    # 32,768 bytes exactly is accepted (1024-based KB, at-limit allowed); one more is not
    filler = {**EV, "attributes": {"b": ""}}
    room = L.ENTITY_MAX_BYTES - L.json_size(filler)
    at_limit = with_(EV, attributes={"b": "é" * (room // 2)})
    assert L.json_size(at_limit) == L.ENTITY_MAX_BYTES - room % 2
    assert "entity_too_large" not in [f.code for f in validate_request("POST", E, at_limit)]
    over = with_(EV, attributes={"b": "é" * (room // 2) + "xx"})
    assert "entity_too_large" in [f.code for f in validate_request("POST", E, over)]


# ---------------------------------------------------------------- the documented transforms
def codes_of(result) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in result.findings:
        out.setdefault(f.code, []).append(f)
    return out


def test_track_payments_is_rejected_with_the_fix(sandbox, seed_transform, envelope):
    r = run_event(sandbox, seed_transform("track_payments"), envelope("payment.succeeded"))
    found = codes_of(r)
    assert has_errors(r.findings) and [f.code for f in r.findings if f.severity == "error"] == ["action_invalid"]
    (bad,) = found["action_invalid"]
    assert bad.path == "payload.action"
    assert 'action: "event", name: "payment_completed"' in bad.fix


@pytest.mark.parametrize(
    "event_type, action",
    [("subscription.active", "subscription_started"), ("subscription.cancelled", "subscription_cancelled")],
)
def test_track_subscriptions_is_rejected_with_the_fix(sandbox, seed_transform, envelope, event_type, action):
    r = run_event(sandbox, seed_transform("track_subscriptions"), envelope(event_type))
    (bad,) = [f for f in r.findings if f.severity == "error"]
    assert bad.code == "action_invalid" and f'action: "event", name: "{action}"' in bad.fix
    iso = {f.path for f in codes_of(r).get("attribute_iso_date", [])}
    assert iso == (
        {"payload.attributes.next_billing"} if action == "subscription_started" else {"payload.attributes.cancelled_at"}
    )


def test_track_attributes_passes_with_warnings(sandbox, seed_transform, envelope):
    r = run_event(sandbox, seed_transform("track_attributes"), envelope("payment.succeeded"))
    assert not has_errors(r.findings)
    found = codes_of(r)
    assert [f.path for f in found["identify_name_ignored"]] == ["payload.name"]
    assert {f.path for f in found["attribute_iso_date"]} == {
        "payload.attributes.last_payment_date",
        "payload.attributes.customer_since",
    }
    assert all(f.severity == "warning" for f in found["attribute_iso_date"] + found["identify_name_ignored"])
    assert "Unix seconds" in found["attribute_iso_date"][0].message


def test_the_suggested_fix_is_valid():
    fixed = {**P, "action": "event", "name": "payment_completed", "attributes": {"payment_amount": "29.99"}}
    assert validate_request("POST", E, fixed) == []


ODD = [
    None,
    True,
    0,
    -1,
    1.5,
    1e300,
    "",
    " ",
    "x",
    "cio_1",
    "2024-01-01",
    [],
    [None],
    ["x"],
    {},
    {"a": {"b": []}},
    "é" * 200,
]


def _variants(op: dict):
    """`op` with each top-level value, and each value one level down, replaced by odd values."""
    for key, value in op.items():
        for odd in ODD:
            yield {**op, key: odd}
        if isinstance(value, dict):
            for sub in list(value) + ["extra"]:
                for odd in ODD:
                    yield {**op, key: {**value, sub: odd}}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for sub in list(value[0]) + ["extra"]:
                for odd in ODD:
                    yield {**op, key: [{**value[0], sub: odd}]}


def test_odd_values_anywhere_never_crash_validation_or_the_emulator_state():
    from test_validate_spec import BASES

    from runner.emulator.state import Workspace

    ws = Workspace()
    checked = applied = 0
    for ops in BASES.values():
        for base in ops:
            for variant in _variants(base):
                findings = validate_operation(variant)  # must not raise
                checked += 1
                if not has_errors(findings):
                    ws.apply(variant)  # what the emulator does with an accepted operation
                    applied += 1
    assert checked > 3000 and applied > 300


def test_odd_v1_values_never_crash_validation_or_the_emulator_state():
    """Every v1 route: odd values anywhere in a valid body are judged, and what passes is applied."""
    from test_validate_spec import CORPUS, SAMPLE_PARAMS

    from runner.customerio.routes import ROUTE_BY_KIND, path_route
    from runner.customerio.validate_v1 import validate_v1_body
    from runner.emulator.state import Workspace

    ws = Workspace()
    bases = [c for c in CORPUS if c.kind not in ("op", "batch") and c.expect == "same" and isinstance(c.body, dict)]
    kinds = set()
    for case in bases:
        spec = ROUTE_BY_KIND[case.kind]
        route = path_route(spec.method, spec.template.format(**SAMPLE_PARAMS))
        for variant in [case.body, *_variants(case.body)]:
            if not has_errors(validate_v1_body(route, variant)):  # must not raise
                ws.apply_v1(case.kind, route.match.params, route.query, variant)
                kinds.add(case.kind)
    assert kinds == {r.kind for r in ROUTE_BY_KIND.values() if r.api == "v1" and r.body == "json"}
    assert ws.person("cus_42")["events"]


def test_lone_surrogates_are_measured_not_a_crash():
    """JavaScript strings may hold lone surrogates; UTF-8 cannot. Sizes must still come out (this raised)."""
    odd = "\ud800" * 40
    found = validate_request("POST", E, with_(EV, attributes={"k": odd, odd: 1}))
    assert "attribute_value_too_long" not in [f.code for f in found]
    found = validate_request(
        "POST", "https://track.customer.io/api/v1/customers/x/events", {"name": odd, "data": {"v": odd * 30}}
    )
    assert "name_too_long" in [f.code for f in found]
