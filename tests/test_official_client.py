"""The proof: Customer.io's own Python client (PyPI `customerio`, pinned in the test extra) drives
`dodo-cio emulator` through every method it has, and the emulator's state shows each effect.

The client hard-codes https, so the emulator serves TLS with a certificate made for the test;
only the client's host, port and CA (requests' REQUESTS_CA_BUNDLE) point at it. Nothing of the
client is patched.
"""

from __future__ import annotations

import os
import queue
import socket
import ssl
import subprocess
import sys
import threading
from datetime import datetime, timezone

import httpx
import pytest

customerio = pytest.importorskip("customerio")
from customerio import CustomerIO, CustomerIOException  # noqa: E402
from customerio.constants import EMAIL, ID  # noqa: E402

SITE, KEY = "site-official-client", "track-key-official-123"
ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"


@pytest.fixture(scope="module")
def emulator_cli(tls_files):
    """`dodo-cio emulator --port 0` with TLS, as a user would run it; yields (base_url, cert)."""
    cert, key = tls_files
    env = {**os.environ, "CUSTOMERIO_SITE_ID": SITE, "CUSTOMERIO_API_KEY": KEY, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "runner", "emulator", "--port", "0", "--tls-cert", cert, "--tls-key", key],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in proc.stdout],  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    try:
        first = lines.get(timeout=20)
        assert "emulator on https://127.0.0.1:" in first, first
        base_url = first.split(" on ", 1)[1].split()[0]
        # announced only once it listens: one connection attempt, at once, no retry (it used to be refused)
        socket.create_connection(("127.0.0.1", int(base_url.rsplit(":", 1)[1])), timeout=2).close()
        yield base_url, cert
    finally:
        proc.terminate()
        proc.wait(10)
        reader.join(10)  # it has read up to the end of the output: the pipe can close
        proc.stdout.close()  # type: ignore[union-attr]


@pytest.fixture
def cio(emulator_cli, monkeypatch):
    base_url, cert = emulator_cli
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert)  # the CA, through requests' own setting
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    port = int(base_url.rsplit(":", 1)[1])
    return lambda api_key=KEY: CustomerIO(SITE, api_key, host="127.0.0.1", port=port)


@pytest.fixture
def state(emulator_cli):
    base_url, cert = emulator_cli
    with httpx.Client(base_url=base_url, verify=ssl.create_default_context(cafile=cert), timeout=5) as control:
        control.post("/_emulator/reset").raise_for_status()
        yield lambda: control.get("/_emulator/state").json()


def person(snapshot: dict, key: str) -> dict | None:
    return next((p for p in snapshot["people"] if key in p["identifiers"].values()), None)


def ok(response) -> None:
    assert (response.status_code, response.json()) == (200, {})


def test_every_method_of_the_official_client(cio, state):
    client = cio()
    ok(client.identify("cus/1", email="jane@x.io", plan="pro", created_at=datetime(2024, 1, 1, tzinfo=timezone.utc)))
    jane = person(state(), "cus/1")  # the client URL-encodes ids: one person "cus/1", not a path
    assert jane["attributes"] == {"email": "jane@x.io", "plan": "pro", "created_at": 1704067200}

    def last_event() -> dict:
        return person(state(), "cus/1")["events"][-1]

    ok(client.track("cus/1", "purchase", data={"price": 23.45}, id=ULID))
    assert (last_event()["name"], last_event()["attributes"], last_event()["id"]) == (
        "purchase",
        {"price": 23.45},
        ULID,
    )
    ok(client.track("cus/1", "purchase", data={"price": 23.45}, id=ULID))  # a repeated id is stored once
    assert state()["duplicate_events"] == 1 and len(person(state(), "cus/1")["events"]) == 1
    ok(client.pageview("cus/1", "https://x.io/pricing", referrer="https://x.io"))
    assert (last_event()["name"], last_event()["type"], last_event()["attributes"]) == (
        "https://x.io/pricing",
        "page",
        {"referrer": "https://x.io"},
    )
    ok(client.backfill("cus/1", "signed_up", datetime(2023, 6, 1, tzinfo=timezone.utc), source="import"))
    assert (last_event()["name"], last_event()["timestamp"], last_event()["attributes"]) == (
        "signed_up",
        1685577600,
        {"source": "import"},
    )

    ok(client.track_anonymous("anon-7", "viewed_pricing", data={"plan": "pro"}))
    assert [e["name"] for e in state()["anonymous_events"]] == ["viewed_pricing"]
    ok(client.identify("cus/1", anonymous_id="anon-7"))  # the person takes over their anonymous events
    snap = state()
    assert snap["anonymous_events"] == [] and person(snap, "cus/1")["events"][-1]["name"] == "viewed_pricing"

    ok(client.add_device("cus/1", "tok/ios 1", "ios", last_used=1704067200, attributes={"app_version": "2.1"}))
    assert person(state(), "cus/1")["devices"]["tok/ios 1"] == {
        "platform": "ios",
        "last_used": 1704067200,
        "attributes": {"app_version": "2.1"},
    }
    ok(client.delete_device("cus/1", "tok/ios 1"))
    assert person(state(), "cus/1")["devices"] == {}

    ok(client.suppress("cus/1"))
    assert person(state(), "cus/1")["suppressed"] is True
    ok(client.unsuppress("cus/1"))
    assert person(state(), "cus/1")["suppressed"] is False

    ok(client.identify("old@x.io", legacy=True))
    ok(client.merge_customers(ID, "cus/1", EMAIL, "old@x.io"))
    snap = state()
    assert snap["merges"][-1]["applied"] is True and person(snap, "old@x.io") is None
    assert person(snap, "cus/1")["attributes"]["legacy"] is True

    r = client.batch(
        [
            {"type": "person", "identifiers": {"id": "cus/1"}, "action": "event", "name": "renewed"},
            {
                "type": "object",
                "identifiers": {"object_type_id": "1", "object_id": "acme"},
                "action": "identify",
                "attributes": {"name": "Acme"},
                "cio_relationships": [{"identifiers": {"id": "cus/1"}}],
            },
        ]
    )
    ok(r)
    snap = state()
    assert person(snap, "cus/1")["events"][-1]["name"] == "renewed" and snap["objects"][0]["attributes"] == {
        "name": "Acme"
    }
    assert person(snap, "cus/1")["relationships"][0]["object_id"] == "acme"

    ok(client.delete("cus/1"))
    snap = state()
    assert person(snap, "cus/1") is None and snap["deletes"][-1]["identifiers"]["id"] == "cus/1"


def test_the_emulator_answers_the_client_as_customer_io_does(cio, state):
    with pytest.raises(CustomerIOException) as wrong_key:
        cio("not-the-key").identify("cus_2", plan="x")
    assert str(wrong_key.value).startswith("401:")
    with pytest.raises(CustomerIOException) as bad:
        cio().track("cus_2", "  ")  # the client checks nothing; the API says what is wrong
    assert str(bad.value).startswith("400:") and "name must not be blank" in str(bad.value)
    r = cio().batch(
        [
            {"type": "person", "identifiers": {"id": "cus_2"}, "action": "payment_completed"},
            {"type": "person", "identifiers": {"id": "cus_3"}, "action": "identify"},
        ]
    )
    assert r.status_code == 207  # a 2xx, so the client does not raise: the caller must read the errors
    assert [(e["batch_index"], e["field"]) for e in r.json()["errors"]] == [(0, "action")]
    assert [p["identifiers"] for p in state()["people"]] == [{"id": "cus_3"}]
