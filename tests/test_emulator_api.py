"""The Track API emulator over real loopback HTTP: auth, 200/207/400, limits, state, v1, region."""

from __future__ import annotations

import base64
import json
import socket
import time

import httpx
import pytest

from runner.customerio import limits as L
from runner.emulator import EmulatorConfig, serve_in_thread

SITE, KEY = "site-123", "track-key-secret-456"
ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
P = {"type": "person", "identifiers": {"id": "cus_42"}}


EMULATOR_OPTIONS = {"region": "eu", "environment_id": 77}  # read by the `emulator` fixture in conftest.py


@pytest.fixture
def client(emu):
    with httpx.Client(base_url=emu.base_url, auth=(SITE, KEY), timeout=5) as c:
        yield c


def test_auth_missing_or_wrong_is_401(emu, client):
    op = {**P, "action": "identify"}
    for auth in (None, (SITE, "nope"), ("other", KEY)):
        r = httpx.post(f"{emu.base_url}/api/v2/entity", json=op, auth=auth, timeout=5)
        assert r.status_code == 401 and r.json()["errors"][0]["field"] == "headers.authorization"
        assert r.headers["www-authenticate"].startswith("Basic")
    r = httpx.put(f"{emu.base_url}/api/v1/customers/42", json={}, headers={"Authorization": "Bearer " + KEY}, timeout=5)
    assert r.status_code == 401 and "Basic" in r.json()["meta"]["error"]
    assert httpx.get(f"{emu.base_url}/api/v1/accounts/region", timeout=5).status_code == 401
    assert emu.state.people() == []
    assert client.post("/api/v2/entity", json=op).status_code == 200


def test_request_log_never_holds_the_key(emu, client):
    client.post("/api/v2/entity", json={**P, "action": "identify"})
    httpx.post(f"{emu.base_url}/api/v2/entity", json={}, auth=(SITE, "wrong-key-789"), timeout=5)
    text = client.get("/_emulator/requests").text
    assert [e["status"] for e in json.loads(text)] == [200, 401]
    for secret in (KEY, "wrong-key-789", "Basic "):
        assert secret not in text


def test_entity_200_and_400(emu, client):
    r = client.post(
        "/api/v2/entity", json={**P, "action": "event", "name": "payment_completed", "attributes": {"amount": "29.99"}}
    )
    assert (r.status_code, r.json()) == (200, {})
    r = client.post("/api/v2/entity", json={**P, "action": "payment_completed", "name": "Payment Completed"})
    assert r.status_code == 400
    assert r.json() == {
        "errors": [{"reason": "invalid", "field": "action", "message": r.json()["errors"][0]["message"]}]
    }
    assert "payment_completed" in r.json()["errors"][0]["message"]
    r = client.post("/api/v2/entity", json={**P, "action": "event"})
    assert r.json()["errors"] == [
        {"reason": "required", "field": "name", "message": "name is required for this action"}
    ]
    assert [e["name"] for e in emu.state.events("cus_42")] == ["payment_completed"]


def test_bad_bodies_are_400(client):
    r = client.post("/api/v2/entity", content=b"{nope", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["errors"][0]["message"]
    r = client.post("/api/v2/entity", content=b"{}", headers={"content-type": "text/plain"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "headers.content-type"
    assert client.post("/api/v2/batch", json={"ops": []}).status_code == 400
    r = client.put("/api/v1/customers/42", content=b"[", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()["meta"]


def test_batch_200_207_400(emu, client):
    good = [{**P, "action": "identify", "attributes": {"plan": "pro"}}, {**P, "action": "event", "name": "paid"}]
    assert (lambda r: (r.status_code, r.json()))(client.post("/api/v2/batch", json={"batch": good})) == (200, {})
    bad = {"type": "person", "identifiers": {"id": "cus_7"}, "action": "subscription_started"}
    r = client.post(
        "/api/v2/batch", json={"batch": [bad, {**P, "action": "event", "name": "renewed"}, {"type": "object"}]}
    )
    assert r.status_code == 207
    errors = r.json()["errors"]
    assert {e["batch_index"] for e in errors} == {0, 2}
    assert {"batch_index": 0, "reason": "invalid", "field": "action"}.items() <= errors[0].items()
    assert [e["name"] for e in emu.state.events("cus_42")] == ["paid", "renewed"]  # the valid item was applied
    assert emu.state.person("cus_7") is None
    r = client.post("/api/v2/batch", json={"batch": "x"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "batch"


def test_size_limits(emu, client):
    ok = {**P, "action": "event", "name": "x"}
    # raw bytes count: 32 KB of pretty-printed JSON is over the limit even if compact would fit
    padded = json.dumps(ok, indent=40000).encode()
    assert len(padded) > L.ENTITY_MAX_BYTES
    r = client.post("/api/v2/entity", content=padded, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["errors"][0]["message"].startswith("the request is")
    blob = "x" * 900
    r = client.post(
        "/api/v2/entity", json={**P, "action": "event", "name": "x", "attributes": {f"k{i}": blob for i in range(40)}}
    )
    assert r.status_code == 400
    item = {**P, "action": "event", "name": "x", "attributes": {"blob": "x" * 30000}}
    big_item = {**P, "action": "event", "name": "x", "attributes": {"blob": "x" * 33000}}
    r = client.post("/api/v2/batch", json={"batch": [item, big_item]})
    assert r.status_code == 207 and [e["batch_index"] for e in r.json()["errors"]] == [1]
    r = client.post("/api/v2/batch", json={"batch": [item] * 18})
    assert r.status_code == 400 and "limit is 512000" in r.json()["errors"][0]["message"]
    assert len(emu.state.events("cus_42")) == 1


def test_state_people_attributes_events(emu, client):
    client.post(
        "/api/v2/entity",
        json={**P, "action": "identify", "attributes": {"email": "Jane@X.io", "plan": "pro", "seats": 3}},
    )
    client.post(
        "/api/v2/entity", json={**P, "action": "identify", "attributes": {"plan": None, "seats": "", "tier": "gold"}}
    )
    client.post("/api/v2/entity", json={**P, "action": "event", "name": " first ", "id": ULID, "timestamp": 1704067200})
    client.post(
        "/api/v2/entity", json={**P, "action": "event", "name": "first", "id": ULID}
    )  # same id: accepted, stored once
    client.post("/api/v2/entity", json={**P, "action": "page", "name": "/pricing"})
    person = client.get("/_emulator/people/cus_42").json()
    assert person["attributes"] == {"email": "Jane@X.io", "tier": "gold"}
    assert [(e["name"], e["type"]) for e in person["events"]] == [("first", "event"), ("/pricing", "page")]
    assert person["events"][0]["timestamp"] == 1704067200
    assert (
        client.get("/_emulator/people/jane@x.io").json()["cio_id"] == person["cio_id"]
    )  # email lookup, case-insensitive
    assert client.get("/_emulator/state").json()["duplicate_events"] == 1
    assert client.get("/_emulator/people/nobody").status_code == 404
    upd = client.post(
        "/api/v2/entity",
        json={
            "type": "person",
            "identifiers": {"id": "ghost"},
            "action": "identify",
            "attributes": {"_update": True, "a": 1},
        },
    )
    assert upd.status_code == 200 and emu.state.person("ghost") is None


def test_state_devices_objects_relationships_merge_delete(emu, client):
    ops = [
        {**P, "action": "add_device", "device": {"token": "tok1", "platform": "ios"}},
        {**P, "action": "add_device", "device": {"token": "tok2", "platform": "android"}},
        {**P, "action": "delete_device", "device": {"token": "tok1"}},
        {
            "type": "object",
            "identifiers": {"object_type_id": "1", "object_id": "acme"},
            "action": "identify",
            "attributes": {"name": "Acme"},
        },
        {
            **P,
            "action": "add_relationships",
            "cio_relationships": [
                {
                    "identifiers": {"object_type_id": "1", "object_id": "acme"},
                    "relationship_attributes": {"role": "admin"},
                }
            ],
        },
        {
            "type": "person",
            "identifiers": {"id": "old"},
            "action": "identify",
            "attributes": {"legacy": True, "plan": "free"},
        },
        {"type": "person", "identifiers": {"id": "old"}, "action": "event", "name": "signed_up"},
        {"type": "person", "action": "merge", "primary": {"id": "cus_42"}, "secondary": {"id": "old"}},
        {"type": "person", "identifiers": {"id": "cus_9"}, "action": "identify"},
        {"type": "person", "identifiers": {"id": "cus_9"}, "action": "delete"},
        {**P, "action": "suppress"},
        {
            "type": "delivery",
            "identifiers": {"id": "dlv1"},
            "action": "event",
            "name": "opened",
            "attributes": {"device_token": "tok2"},
        },
    ]
    r = client.post("/api/v2/batch", json={"batch": ops})
    assert (r.status_code, r.json()) == (200, {})
    person = emu.state.person("cus_42")
    assert list(person["devices"]) == ["tok2"]
    assert person["relationships"] == [
        {"object_type_id": "1", "object_id": "acme", "relationship_attributes": {"role": "admin"}}
    ]
    assert person["attributes"] == {"legacy": True, "plan": "free"} and [e["name"] for e in person["events"]] == [
        "signed_up"
    ]
    assert person["suppressed"] is True
    state = client.get("/_emulator/state").json()
    assert emu.state.person("old") is None and emu.state.person("cus_9") is None
    assert [(d["identifiers"]["id"], d["reason"]) for d in state["deletes"]] == [("old", "merged"), ("cus_9", "delete")]
    assert state["objects"][0]["attributes"] == {"name": "Acme"}
    assert (state["metrics"][0]["delivery_id"], state["metrics"][0]["source"]) == ("dlv1", "v2")
    r = client.post(
        "/api/v2/entity",
        json={"type": "object", "identifiers": {"object_type_id": "1", "object_id": "acme"}, "action": "delete"},
    )
    assert r.status_code == 200 and emu.state.person("cus_42")["relationships"] == []


def test_v1_identify_and_events(emu, client):
    assert (
        client.put("/api/v1/customers/cus_1", json={"email": "a@b.co", "plan": "pro", "created_at": 1704067200}).json()
        == {}
    )
    r = client.post("/api/v1/customers/cus_1/events", json={"name": "purchase", "data": {"price": 23.45}})
    assert (r.status_code, r.json()) == (200, {})
    person = emu.state.person("cus_1")
    assert person["attributes"]["plan"] == "pro" and person["identifiers"]["email"] == "a@b.co"
    assert person["events"][0]["attributes"] == {"price": 23.45}
    r = client.post("/api/v1/customers/cus_1/events", json={"data": {}})
    assert r.status_code == 400 and r.json() == {"meta": {"error": "name is required for this action"}}
    r = client.put("/api/v1/customers/cus_1", json={"created_at": "2024-01-01", "_update": "yes"})
    assert r.status_code == 400 and len(r.json()["meta"]["errors"]) == 2
    assert client.put(f"/api/v1/customers/{'x' * 151}", json={}).status_code == 400


def test_region_route_and_unknown_routes(client):
    assert client.get("/api/v1/accounts/region").json() == {
        "url": "https://track-eu.customer.io",
        "region": "eu",
        "environment_id": 77,
    }
    assert client.post("/api/v2/track", json={}).status_code == 404
    r = client.get("/api/v2/entity")
    assert r.status_code == 405 and r.json() == {"meta": {"error": "method not allowed"}}


def test_reset_clears_everything(emu, client):
    client.post("/api/v2/entity", json={**P, "action": "identify"})
    assert client.post("/_emulator/reset").json() == {}
    assert client.get("/_emulator/people").json() == [] and client.get("/_emulator/requests").json() == []


def test_enabled_identifiers_are_enforced():
    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY, enabled_identifiers=("id",))) as emu:
        r = httpx.post(
            f"{emu.base_url}/api/v2/entity",
            auth=(SITE, KEY),
            timeout=5,
            json={"type": "person", "identifiers": {"email": "a@b.co"}, "action": "identify"},
        )
        assert r.status_code == 400 and "not enabled" in r.json()["errors"][0]["message"]


def test_request_log_is_bounded_by_count_and_bytes():
    from runner.emulator import Workspace

    ws = Workspace(log_size=3, log_budget_bytes=1000)
    for i in range(5):
        ws.log_request({"path": f"/{i}", "body_bytes": 10})
    assert [e["path"] for e in ws.requests()] == ["/2", "/3", "/4"]
    ws.log_request({"path": "/big", "body_bytes": 995})
    assert [e["path"] for e in ws.requests()] == ["/big"]


def test_identify_timestamp_orders_attribute_updates(emu, client):
    for ts, plan in ((200, "new"), (100, "old"), (300, "newest")):
        client.post("/api/v2/entity", json={**P, "action": "identify", "timestamp": ts, "attributes": {"plan": plan}})
    assert emu.state.person("cus_42")["attributes"] == {"plan": "newest"}
    client.post("/api/v2/entity", json={**P, "action": "identify", "timestamp": 250, "attributes": {"plan": "late"}})
    assert emu.state.person("cus_42")["attributes"] == {"plan": "newest"}


def test_config_from_env_hides_the_key_and_busy_ports_are_user_errors(monkeypatch):
    from runner.errors import UserError

    monkeypatch.setenv("CUSTOMERIO_SITE_ID", "env-site")
    monkeypatch.setenv("CUSTOMERIO_API_KEY", "env-secret-key-123")
    config = EmulatorConfig.from_env(region="eu")
    assert (config.site_id, config.api_key, config.region, config.demo_credentials) == (
        "env-site",
        "env-secret-key-123",
        "eu",
        False,
    )
    assert "env-secret-key-123" not in repr(config)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(UserError, match="cannot listen"):
            serve_in_thread(EmulatorConfig(port=busy.getsockname()[1]))


def test_a_client_dying_mid_body_is_logged_not_crashed(emu, client):
    host, port = emu.base_url.removeprefix("http://").split(":")
    credentials = base64.b64encode(f"{SITE}:{KEY}".encode()).decode()
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(
            f"POST /api/v2/entity HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f'Authorization: Basic {credentials}\r\nContent-Length: 500\r\n\r\n{{"type":'.encode()
        )
    deadline = time.monotonic() + 5
    while not emu.state.requests() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [(e["status"], e.get("error")) for e in emu.state.requests()] == [(None, "client disconnected")]
    assert client.post("/api/v2/entity", json={**P, "action": "identify"}).status_code == 200


def test_identify_relating_an_unknown_cio_object_id_skips_the_relationship(emu, client):
    """Found by mypy: identify's cio_relationships looked the object up by cio_object_id, got
    None for an object the workspace doesn't have, and failed the request with a 500."""
    rel = {"identifiers": {"cio_object_id": "ob_nobody"}, "relationship_attributes": {"role": "admin"}}
    r = client.post(
        "/api/v2/entity", json={**P, "action": "identify", "attributes": {"plan": "pro"}, "cio_relationships": [rel]}
    )
    assert (r.status_code, r.json()) == (200, {})
    person = emu.state.person("cus_42")
    assert person["attributes"] == {"plan": "pro"} and person["relationships"] == []
