"""The relay's per-person ordering key: one person through v1 URLs and v2 bodies gets one key."""

from __future__ import annotations

import pytest

from runner.customerio.people import person_key, v1_person

T = "https://track.customer.io"


def key(method: str, path: str, payload: object = None, **kw: str) -> str | None:
    return person_key({"method": method, "url": T + path, "payload": payload}, **kw)


def test_v1_url_and_v2_body_share_a_key():
    by_email = {
        key("PUT", "/api/v1/customers/Jane%40Example.com", {"plan": "pro"}),
        key("POST", "/api/v1/customers/jane%40example.com/events", {"name": "paid"}),
        key("DELETE", "/api/v1/customers/jane@example.com"),
        key(
            "POST",
            "/api/v2/entity",
            {"type": "person", "identifiers": {"email": "jane@example.com"}, "action": "identify"},
        ),
        key(
            "POST",
            "/api/v2/batch",
            {"batch": [{"type": "person", "identifiers": {"email": "JANE@example.com"}, "action": "delete"}]},
        ),
        key("POST", "/api/v1/forms/f1/submit", {"data": {"email": "jane@example.com", "name": "Jane"}}),
    }
    assert by_email == {"person:email:jane@example.com"}
    by_id = {
        key("PUT", "/api/v1/customers/cus%2F42/devices", {"device": {"id": "t", "platform": "ios"}}),
        key(
            "POST",
            "/api/v2/entity",
            {"type": "person", "identifiers": {"id": "cus/42"}, "action": "event", "name": "x"},
        ),
        key("POST", "/api/v1/merge_customers", {"primary": {"id": "cus/42"}, "secondary": {"id": "old"}}),
        key(
            "POST",
            "/api/v2/entity",
            {"type": "person", "action": "merge", "primary": {"id": "cus/42"}, "secondary": {"email": "o@x.io"}},
        ),
    }
    assert by_id == {"person:id:cus/42"}
    assert (
        key("POST", "/api/v1/customers/cio_a1/suppress")
        == key("POST", "/api/v2/entity", {"type": "person", "identifiers": {"cio_id": "a1"}, "action": "suppress"})
        == "person:cio_id:a1"
    )


def test_ids_are_exact_and_kinds_stay_apart():
    assert key("PUT", "/api/v1/customers/Cus_1", {}) != key("PUT", "/api/v1/customers/cus_1", {})
    # an id and an email of the same person: only the workspace knows, so two keys
    assert key("PUT", "/api/v1/customers/42", {}) != key("PUT", "/api/v1/customers/a@b.co", {})
    assert key("POST", "/api/v1/events", {"name": "x", "anonymous_id": "anon-1"}) == "person:anonymous_id:anon-1"


@pytest.mark.parametrize(
    "method,path,payload",
    [
        ("POST", "/api/v1/segments/7/add_customers", {"ids": ["a", "b"]}),
        ("POST", "/api/v1/metrics", {"delivery_id": "d", "metric": "opened"}),
        ("POST", "/unsubscribe/d1", {"unsubscribe": True}),
        ("GET", "/api/v1/accounts/region", None),
        (
            "POST",
            "/api/v2/entity",
            {"type": "person", "identifiers": {"id": "1", "email": "a@b.co"}, "action": "delete"},
        ),
        (
            "POST",
            "/api/v2/entity",
            {"type": "delivery", "identifiers": {"id": "d"}, "action": "event", "name": "opened"},
        ),
        ("POST", "/api/v2/nope", {"type": "person", "identifiers": {"id": "1"}}),
    ],
)
def test_requests_about_nobody_in_particular_have_no_key(method, path, payload):
    assert key(method, path, payload) is None


def test_objects_and_other_hosts():
    obj = {"type": "object", "identifiers": {"object_type_id": "1", "object_id": "acme"}, "action": "identify"}
    assert key("POST", "/api/v2/entity", obj) == "object:1:acme"
    assert person_key({"method": "POST", "url": "https://example.com/api/v2/entity", "payload": obj}) is None
    emu = {"method": "PUT", "url": "http://127.0.0.1:9/api/v1/customers/a%40b.co", "payload": {}}
    assert person_key(emu) is None
    assert person_key(emu, override_base="http://127.0.0.1:9") == "person:email:a@b.co"


def test_v1_person_reads_the_shape():
    assert v1_person("cio_03000001") == ("cio_id", "03000001")
    assert v1_person("jane@x.io") == ("email", "jane@x.io")
    assert v1_person("+14155552671") == ("id", "+14155552671")  # phone numbers are ids in v1 URLs
