"""Every route of the Track API spec on the emulator: the documented answer, the state it leaves,
404 for unknown paths and 405 for wrong methods, encoded ids, auth-less metric routes, https."""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from runner.customerio.routes import ROUTES
from runner.emulator import EmulatorConfig, serve_in_thread

SITE, KEY = "site-routes", "track-key-routes-123"
ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"


@pytest.fixture
def client(emu):
    with httpx.Client(base_url=emu.base_url, auth=(SITE, KEY), timeout=5) as c:
        yield c


def person(client: httpx.Client, key: str) -> dict:
    r = client.get(f"/_emulator/people/{key}")
    return r.json() if r.status_code == 200 else {}


def state(client: httpx.Client) -> dict:
    return client.get("/_emulator/state").json()


# kind -> (method, path, body, what the state shows afterwards); "jane" exists beforehand.
Effect = Callable[[httpx.Client], bool]
SAMPLES: dict[str, tuple[str, str, Any, Effect]] = {
    "v2_entity": (
        "POST",
        "/api/v2/entity",
        {"type": "person", "identifiers": {"id": "v2"}, "action": "identify"},
        lambda c: person(c, "v2")["identifiers"]["id"] == "v2",
    ),
    "v2_batch": (
        "POST",
        "/api/v2/batch",
        {
            "batch": [
                {
                    "type": "object",
                    "identifiers": {"object_type_id": "1", "object_id": "acme"},
                    "action": "identify",
                    "attributes": {"name": "Acme"},
                }
            ]
        },
        lambda c: state(c)["objects"][0]["attributes"] == {"name": "Acme"},
    ),
    "v1_identify": (
        "PUT",
        "/api/v1/customers/jane",
        {"plan": "pro"},
        lambda c: person(c, "jane")["attributes"]["plan"] == "pro",
    ),
    "v1_delete": (
        "DELETE",
        "/api/v1/customers/jane",
        None,
        lambda c: not person(c, "jane") and state(c)["deletes"][0]["identifiers"]["id"] == "jane",
    ),
    "v1_event": (
        "POST",
        "/api/v1/customers/jane/events",
        {"name": "paid", "data": {"amount": 5}, "id": ULID},
        lambda c: person(c, "jane")["events"][-1]["attributes"] == {"amount": 5},
    ),
    "v1_add_device": (
        "PUT",
        "/api/v1/customers/jane/devices",
        {"device": {"id": "tok/1", "platform": "ios"}},
        lambda c: person(c, "jane")["devices"]["tok/1"]["platform"] == "ios",
    ),
    "v1_delete_device": (
        "DELETE",
        "/api/v1/customers/jane/devices/tok%2F0",
        None,
        lambda c: person(c, "jane")["devices"] == {},
    ),
    "v1_suppress": ("POST", "/api/v1/customers/jane/suppress", None, lambda c: person(c, "jane")["suppressed"] is True),
    "v1_unsuppress": (
        "POST",
        "/api/v1/customers/jane/unsuppress",
        None,
        lambda c: person(c, "jane")["suppressed"] is False,
    ),
    "v1_anonymous_event": (
        "POST",
        "/api/v1/events",
        {"name": "viewed", "anonymous_id": "anon-9"},
        lambda c: state(c)["anonymous_events"][0]["anonymous_id"] == "anon-9",
    ),
    "v1_merge": (
        "POST",
        "/api/v1/merge_customers",
        {"primary": {"id": "jane"}, "secondary": {"email": "old@x.io"}},
        lambda c: state(c)["merges"][0]["applied"] is True and not person(c, "old@x.io"),
    ),
    "v1_segment_add": (
        "POST",
        "/api/v1/segments/7/add_customers?id_type=email",
        {"ids": ["JANE@x.io", "nobody@x.io"]},
        lambda c: person(c, "jane")["segments"] == ["3", "7"] and len(state(c)["segments"]["7"]) == 1,
    ),
    "v1_segment_remove": (
        "POST",
        "/api/v1/segments/3/remove_customers",
        {"ids": ["jane"]},
        lambda c: person(c, "jane")["segments"] == [],
    ),
    "v1_form_submit": (
        "POST",
        "/api/v1/forms/signup/submit",
        {"data": {"email": "jane@x.io", "source": "footer"}},
        lambda c: state(c)["forms"][0]["form_id"] == "signup" and person(c, "jane")["attributes"]["source"] == "footer",
    ),
    "v1_metrics": (
        "POST",
        "/api/v1/metrics",
        {"delivery_id": "dlv_1", "metric": "clicked", "href": "https://x.io"},
        lambda c: (
            state(c)["metrics"][0]
            == {**state(c)["metrics"][0], "delivery_id": "dlv_1", "metric": "clicked", "source": "metrics"}
        ),
    ),
    "v1_push_events": (
        "POST",
        "/api/v1/push/events",
        {"delivery_id": "dlv_2", "event": "opened", "device_id": "tok"},
        lambda c: (state(c)["metrics"][0]["metric"], state(c)["metrics"][0]["source"]) == ("opened", "push"),
    ),
    "unsubscribe": (
        "POST",
        "/unsubscribe/dlv_3",
        {"unsubscribe": True},
        lambda c: state(c)["unsubscribes"][0]["delivery_id"] == "dlv_3",
    ),
    "v1_region": ("GET", "/api/v1/accounts/region", None, lambda c: True),
}


def test_every_route_has_a_sample():
    assert set(SAMPLES) == {r.kind for r in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=[r.kind for r in ROUTES])
def test_each_route_answers_as_documented_and_shows_its_effect(emu, client, route):
    client.put("/api/v1/customers/jane", json={"email": "jane@x.io"}).raise_for_status()
    client.put("/api/v1/customers/old%40x.io", json={"legacy": True}).raise_for_status()
    client.put(
        "/api/v1/customers/jane/devices", json={"device": {"id": "tok/0", "platform": "android"}}
    ).raise_for_status()
    client.post("/api/v1/segments/3/add_customers", json={"ids": ["jane"]}).raise_for_status()
    method, path, body, effect = SAMPLES[route.kind]
    r = client.request(method, path, json=body) if body is not None else client.request(method, path)
    assert r.status_code == route.success, r.text
    if route.success == 204:
        assert r.content == b""
    elif route.kind == "v1_region":
        assert r.json() == {"url": "https://track.customer.io", "region": "us", "environment_id": 1}
    else:
        assert r.json() == {}
    assert effect(client), state(client)


@pytest.mark.parametrize(
    "method,path,body,message",
    [
        ("PUT", "/api/v1/customers/jane/devices", {"device": {"token": "t", "platform": "ios"}}, "device.id"),
        ("POST", "/api/v1/events", {"anonymous_id": "a"}, "name is required"),
        (
            "POST",
            "/api/v1/merge_customers",
            {"primary": {"phone": "+4670"}, "secondary": {"id": "b"}},
            "primary needs exactly one",
        ),
        ("POST", "/api/v1/segments/abc/add_customers", {"ids": ["a"]}, "not a positive integer"),
        ("POST", "/api/v1/segments/7/add_customers?id_type=phone", {"ids": ["a"]}, "id_type"),
        ("POST", "/api/v1/forms/f/submit", {"data": {"name": "x"}}, "email or id"),
        ("POST", "/api/v1/metrics", {"delivery_id": "d", "metric": "read"}, "metric must be one of"),
        ("POST", "/api/v1/push/events", {"delivery_id": "d", "event": "clicked"}, "event must be one of"),
        ("POST", "/unsubscribe/d", {"unsubscribe": "yes"}, "boolean"),
        ("PUT", "/api/v1/customers/cio_!", {}, "cio_"),
    ],
)
def test_invalid_v1_requests_get_400_with_the_v1_error_body(emu, client, method, path, body, message):
    r = client.request(method, path, json=body)
    assert r.status_code == 400
    meta = r.json()["meta"]
    assert message in (meta.get("error") or " ".join(meta["errors"]))
    assert state(client)["people"] == [] and state(client)["metrics"] == []


def test_unknown_paths_404_and_wrong_methods_405(emu, client):
    for method, path in (
        ("POST", "/api/v2/track"),
        ("GET", "/api/v1/customer/x"),
        ("POST", "/"),
        ("PUT", "/api/v1/customers/a/b/c"),
    ):
        r = client.request(method, path, json={})
        assert (r.status_code, r.json()) == (404, {"meta": {"error": "not found"}}), path
    r = client.post("/api/v1/customers/jane", json={})
    assert r.status_code == 405 and r.headers["allow"] == "PUT, DELETE"
    assert client.get("/api/v2/entity").headers["allow"] == "POST"
    assert client.put("/api/v1/customers/jane/events", json={"name": "x"}).status_code == 405
    assert [e["status"] for e in client.get("/_emulator/requests").json()] == [404] * 4 + [405] * 3
    assert client.get("/_emulator/reset").status_code == 405  # control routes keep their own routing
    assert state(client)["people"] == []


def test_v1_ids_are_url_decoded_and_read_by_shape(emu, client):
    client.put("/api/v1/customers/a%2Fb%20c", json={"plan": "x"}).raise_for_status()
    assert person(client, "a/b c")["identifiers"] == {"id": "a/b c"}
    client.put("/api/v1/customers/Jane%40X.io", json={"plan": "y"}).raise_for_status()
    jane = person(client, "jane@x.io")
    assert jane["identifiers"] == {"email": "Jane@X.io"}
    client.post(f"/api/v1/customers/cio_{jane['cio_id']}/events", json={"name": "by_cio"}).raise_for_status()
    assert [e["name"] for e in person(client, "jane@x.io")["events"]] == ["by_cio"]
    client.put("/api/v1/customers/+14155552671", json={}).raise_for_status()  # a phone number here is an id
    assert person(client, "+14155552671")["identifiers"] == {"id": "+14155552671"}


def test_auth_routes_and_open_routes(emu):
    for method, path, body in [
        ("DELETE", "/api/v1/customers/x", None),
        ("POST", "/api/v1/merge_customers", {}),
        ("POST", "/api/v1/segments/1/add_customers", {"ids": ["a"]}),
        ("POST", "/api/v1/forms/f/submit", {}),
    ]:
        r = httpx.request(method, emu.base_url + path, json=body, auth=(SITE, "wrong"), timeout=5)
        assert r.status_code == 401 and "meta" in r.json(), path
    for path, body in [
        ("/api/v1/metrics", {"delivery_id": "d", "metric": "opened"}),
        ("/api/v1/push/events", {"delivery_id": "d", "event": "opened"}),
        ("/unsubscribe/d", {"unsubscribe": True}),
    ]:
        assert httpx.post(emu.base_url + path, json=body, timeout=5).status_code == 200, (
            path
        )  # security: [] in the spec
    assert len(emu.state.snapshot()["metrics"]) == 2


def test_no_body_routes_take_what_clients_send(emu, client):
    """The official Python client sends `{}` with DELETE and suppress; curl sends nothing; both work."""
    client.put("/api/v1/customers/a", json={}).raise_for_status()
    assert (
        client.request(
            "DELETE", "/api/v1/customers/a", content=b"{}", headers={"content-type": "application/json"}
        ).status_code
        == 200
    )
    client.put("/api/v1/customers/b", json={}).raise_for_status()
    assert client.request("DELETE", "/api/v1/customers/b", content=b"not json").status_code == 200
    assert client.post("/api/v1/customers/c/suppress").status_code == 200
    assert [d["identifiers"]["id"] for d in state(client)["deletes"]] == ["a", "b"]


def test_lone_surrogates_and_nan_never_break_an_answer(emu, client):
    raw = '{"name": "x", "type": "\\ud800", "data": {"k": "\\udfff"}}'
    r = client.post("/api/v1/customers/s/events", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "\\ud800" in r.text  # the message quotes the value, escaped
    client.post(
        "/api/v1/customers/s/events",
        content=raw.replace('"type": "\\ud800", ', ""),
        headers={"content-type": "application/json"},
    ).raise_for_status()
    assert person(client, "s")["events"][0]["attributes"] == {"k": "\udfff"}
    assert client.get("/_emulator/requests").status_code == 200
    r = client.put("/api/v1/customers/n", content='{"score": NaN}', headers={"content-type": "application/json"})
    assert r.status_code == 400 and "NaN" in r.json()["meta"]["error"]
    assert client.get("/_emulator/state").status_code == 200


def test_https_with_a_certificate(tls_files):
    cert, key = tls_files
    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY, tls_cert=cert, tls_key=key)) as emu:
        assert emu.base_url.startswith("https://127.0.0.1:")
        r = httpx.put(
            f"{emu.base_url}/api/v1/customers/t",
            json={"plan": "tls"},
            auth=(SITE, KEY),
            verify=ssl.create_default_context(cafile=cert),
            timeout=5,
        )
        assert r.status_code == 200 and emu.state.person("t")["attributes"] == {"plan": "tls"}
        with pytest.raises(httpx.ConnectError):  # a client without the CA refuses it
            httpx.get(f"{emu.base_url}/api/v1/accounts/region", auth=(SITE, KEY), timeout=5)


def test_tls_options_are_checked(tmp_path, tls_files):
    from runner.errors import UserError

    cert, key = tls_files
    for bad in (
        {"tls_cert": cert},
        {"tls_cert": cert, "tls_key": str(tmp_path / "missing.pem")},
        {"tls_cert": key, "tls_key": cert},
    ):
        with pytest.raises(UserError):
            serve_in_thread(EmulatorConfig(**bad))
    assert json.loads(json.dumps(EmulatorConfig().scheme)) == "http"


def test_a_v1_email_in_a_workspace_without_email_identifiers_is_400():
    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY, enabled_identifiers=("id",))) as emu:
        r = httpx.put(f"{emu.base_url}/api/v1/customers/jane%40x.io", json={}, auth=(SITE, KEY), timeout=5)
        assert r.status_code == 400 and "email is not an identifier" in r.json()["meta"]["error"]
        assert (
            httpx.put(f"{emu.base_url}/api/v1/customers/jane", json={}, auth=(SITE, KEY), timeout=5).status_code == 200
        )
