"""The editor's HTTP API, driven over a real socket: uvicorn on 127.0.0.1, httpx as the client."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import httpx
import pytest

from runner.editor import create_app
from runner.editor.server import serve_editor_in_thread
from runner.emulator import EmulatorConfig, serve_in_thread as serve_in_thread_emulator
from runner.fixtures import EVENT_TYPES, find_fixture
from runner.resources import data_dir
from runner.sandbox import Limits
from runner.sandbox.pool import CEILING_FACTOR, GRACE_S
from runner.transforms import MAX_TRANSFORM_BYTES

TOKEN = "test-csrf-token"
LIMIT_S = 1.0
# The time limit is CPU time: on a loaded machine a hanging transform takes longer by the wall
# clock, up to the watchdog's ceiling. Within that, it errors and never hangs the editor.
WATCHDOG_CEILING_S = CEILING_FACTOR * (LIMIT_S + GRACE_S)
PAYMENTS = (data_dir("transforms") / "track_payments.js").read_text()
FIXED = PAYMENTS.replace(
    'action: "payment_completed",\n      name: "Payment Completed",',
    'action: "event",\n      name: "payment_completed",',
)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """One editor for the module, on a copy of the shipped transforms."""
    folder = tmp_path_factory.mktemp("editor") / "transforms"
    shutil.copytree(data_dir("transforms"), folder)
    running = serve_editor_in_thread(create_app(folder, limits=Limits(time_s=LIMIT_S), workers=2, csrf_token=TOKEN))
    try:
        yield running, folder
    finally:
        running.stop()


@pytest.fixture
def client(editor):
    running, _ = editor
    with httpx.Client(base_url=running.url, headers={"X-CSRF-Token": TOKEN}, timeout=30) as c:
        yield c


@pytest.fixture
def folder(editor) -> Path:
    return editor[1]


def envelope(event_type: str = "payment.succeeded") -> dict:
    return json.loads(json.dumps(find_fixture(event_type).envelope))


def test_page_carries_the_token_and_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200
    assert f'<meta name="csrf-token" content="{TOKEN}">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/") or a.startswith("data:") for a in assets), assets
    for asset in assets:
        if asset.startswith("/static/"):
            body = client.get(asset)
            assert body.status_code == 200, asset
            assert not re.search(r"(?:src|href|import|url)\s*[=(]\s*[\"']?https?://", body.text), asset


def test_state_lists_transforms_templates_and_all_samples(client, folder):
    state = client.get("/api/state").json()
    assert state["transforms_dir"] == str(folder.resolve())
    assert state["transforms"] == ["track_attributes.js", "track_payments.js", "track_subscriptions.js"]
    assert state["templates"] == state["transforms"]
    assert sorted(f["event_type"] for f in state["fixtures"]) == sorted(EVENT_TYPES)
    assert len(state["fixtures"]) == 48
    sample = client.get("/api/fixtures/payment.succeeded").json()
    assert sample["envelope"] == envelope()
    assert client.get("/api/templates/track_payments.js").json()["source"] == PAYMENTS
    assert client.get("/api/templates/nope.js").status_code == 404


def test_test_routes_the_payment_and_reports_the_action_finding(client):
    r = client.post(
        "/api/test",
        json={"name": "track_payments.js", "source": PAYMENTS, "envelope": envelope(), "fixture": "payment.succeeded"},
    ).json()
    assert r["status"] == "routed"
    assert r["webhook"]["url"] == "https://track.customer.io/api/v2/entity"
    assert r["webhook"]["payload"]["attributes"]["payment_amount"] == "29.99"
    assert [f["path"] for f in r["findings"] if f["severity"] == "error"] == ["payload.action"]
    assert "event" in r["findings"][0]["fix"]
    assert r["ok"] is False and r["duration_ms"] > 0
    changes = {c["path"]: c for c in r["diff"]}
    assert changes["url"]["op"] == "changed" and changes["url"]["after"] == r["webhook"]["url"]
    assert changes["payload.data"]["op"] == "removed"
    assert changes["payload.action"] == {
        "op": "added",
        "path": "payload.action",
        "before": None,
        "after": "payment_completed",
    }

    fixed = client.post("/api/test", json={"source": FIXED, "envelope": envelope()}).json()
    assert fixed["status"] == "routed" and fixed["ok"] is True
    assert not [f for f in fixed["findings"] if f["severity"] == "error"]


def test_a_throw_reports_the_line_it_happened_on(client):
    event = envelope()
    del event["data"]["customer"]
    r = client.post("/api/test", json={"source": PAYMENTS, "envelope": event}).json()
    assert r["status"] == "error" and r["error"]["kind"] == "exception"
    expected = next(i for i, line in enumerate(PAYMENTS.splitlines(), 1) if "p.customer.customer_id" in line)
    assert r["error"]["line"] == expected


def test_a_syntax_error_reports_its_line(client):
    source = "function handler(webhook) {\n  const x = ;\n  return webhook;\n}\n"
    r = client.post("/api/test", json={"source": source, "envelope": envelope()}).json()
    assert r["error"]["kind"] == "syntax_error"
    assert r["error"]["line"] == 2


@pytest.mark.parametrize(
    "source, kinds",
    [
        ("function handler(w) { while (true) {} }", {"timeout"}),
        ("function handler(w) { const a = []; for (;;) a.push({ x: [1, 2, 3] }); }", {"out_of_memory"}),
    ],
)
def test_hostile_code_errors_within_the_limit_and_the_editor_recovers(client, source, kinds):
    started = time.monotonic()
    r = client.post("/api/test", json={"source": source, "envelope": envelope()}).json()
    elapsed = time.monotonic() - started
    assert r["status"] == "error" and r["error"]["kind"] in kinds
    assert elapsed < WATCHDOG_CEILING_S, f"took {elapsed:.2f} s"  # about LIMIT_S + GRACE_S on a quiet machine
    after = client.post("/api/test", json={"source": FIXED, "envelope": envelope()}).json()
    assert after["status"] == "routed" and after["ok"]


def test_test_all_runs_every_sample(client):
    m = client.post("/api/test-all", json={"name": "track_payments.js", "source": PAYMENTS}).json()
    assert len(m["rows"]) == 48
    by_type = {row["event_type"]: row for row in m["rows"]}
    assert by_type["payment.succeeded"]["status"] == "routed" and not by_type["payment.succeeded"]["ok"]
    assert by_type["refund.succeeded"]["status"] == "unchanged"
    assert m["counts"] == {"routed": 1, "unchanged": 47}
    assert m["failing"] == 1


def test_bad_requests_get_a_message_not_a_traceback(client):
    r = client.post("/api/test", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]["message"]
    r = client.post("/api/test", json={"source": PAYMENTS, "envelope": [1, 2]})
    assert r.status_code == 400 and "JSON object" in r.json()["error"]["message"]
    r = client.post("/api/test", json={"envelope": envelope()})
    assert r.status_code == 400 and "`source`" in r.json()["error"]["message"]
    r = client.post("/api/test", content=b" " * (3 * 1024 * 1024))
    assert r.status_code == 400 and "over" in r.json()["error"]["message"]


def test_save_creates_then_refuses_to_overwrite_without_confirmation(client, folder):
    r = client.post("/api/save", json={"name": "payments_fixed.js", "source": FIXED})
    assert r.status_code == 201 and r.json()["created"] is True
    assert (folder / "payments_fixed.js").read_text() == FIXED
    r = client.post("/api/save", json={"name": "payments_fixed.js", "source": "// clobbered"})
    assert r.status_code == 409 and "already exists" in r.json()["error"]["message"]
    assert (folder / "payments_fixed.js").read_text() == FIXED
    r = client.post("/api/save", json={"name": "payments_fixed.js", "source": "// v2", "overwrite": True})
    assert r.status_code == 200 and r.json()["created"] is False
    assert (folder / "payments_fixed.js").read_text() == "// v2"
    assert "payments_fixed.js" in client.get("/api/state").json()["transforms"]
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_the_editor_opens_saves_and_tests_what_the_cli_reads_and_no_more(client, folder):
    """One size cap for transforms everywhere: the CLI's MAX_TRANSFORM_BYTES (1 MiB)."""
    big = "// a bundled transform\n" + "x" * (600 * 1024) + "\nfunction handler(w) { return w; }\n"
    r = client.post("/api/save", json={"name": "bundle.js", "source": big})
    assert r.status_code == 201, r.text  # the CLI runs it, so the editor saves it
    assert client.get("/api/transforms/bundle.js").json()["source"] == big

    (folder / "huge.js").write_bytes(b"// " + b"x" * MAX_TRANSFORM_BYTES)
    r = client.get("/api/transforms/huge.js")
    assert r.status_code == 400, r.text  # read capped, as `dodo-cio run huge.js` is: not a 500, not 1 MiB of text
    error = r.json()["error"]
    assert "over 1 MiB: too large for a transform" in error["message"] and error["where"].endswith("huge.js")
    assert error["fix"]
    (folder / "latin1.js").write_bytes(b"// caf\xe9\nfunction handler(w) { return w; }\n")
    r = client.get("/api/transforms/latin1.js")
    assert r.status_code == 400 and "not UTF-8" in r.json()["error"]["message"]
    (folder / "folder.js").mkdir()
    r = client.get("/api/transforms/folder.js")
    assert r.status_code == 400 and "folder" in r.json()["error"]["message"]
    assert client.get("/api/transforms/missing.js").status_code == 404

    over = "x" * (MAX_TRANSFORM_BYTES + 1)
    for route, body in (("/api/save", {"name": "over.js", "source": over}), ("/api/test", {"source": over})):
        r = client.post(route, json={**body, "envelope": envelope()})
        assert r.status_code == 400, route
        assert "over the 1 MiB a transform may be" in r.json()["error"]["message"], r.text
    assert not (folder / "over.js").exists()
    for name in ("bundle.js", "huge.js", "latin1.js"):
        (folder / name).unlink()
    (folder / "folder.js").rmdir()


@pytest.mark.parametrize(
    "name",
    [
        "../escape.js",
        "../../escape.js",
        "sub/escape.js",
        "/tmp/escape.js",
        "..\\escape.js",
        ".hidden.js",
        "escape.txt",
        "escape",
        "a" * 70 + ".js",
        "",
        "nul\x00.js",
        "..js",
    ],
)
def test_save_refuses_unsafe_names(client, folder, name):
    before = sorted(folder.parent.rglob("*"))
    r = client.post("/api/save", json={"name": name, "source": "// x"})
    assert r.status_code == 400
    assert "refused file name" in r.json()["error"]["message"]
    assert sorted(folder.parent.rglob("*")) == before


def test_reading_outside_the_folder_is_refused(client):
    for path in (
        "/api/transforms/..%2F..%2Fetc%2Fpasswd",
        "/api/transforms/%2E%2E%2Fescape.js",
        "/api/transforms/passwd",
    ):
        r = client.get(path)
        assert r.status_code in (400, 404), path
        assert "root:" not in r.text


def test_foreign_host_origin_or_missing_token_is_refused(client, editor, folder):
    running, _ = editor
    port = running.url.rsplit(":", 1)[1]
    body = {"name": "csrf.js", "source": "// x"}
    # DNS rebinding: a foreign name that resolves to 127.0.0.1
    assert client.get("/api/state", headers={"Host": f"evil.example:{port}"}).status_code == 403
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 403
    # a cross-site page posting to us
    assert client.post("/api/save", json=body, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/save", json=body, headers={"Origin": "null"}).status_code == 403
    with httpx.Client(base_url=running.url, timeout=10) as bare:
        assert bare.post("/api/save", json=body).status_code == 403
        assert bare.post("/api/save", json=body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
        refused = bare.post("/api/credentials", json={"site_id": "s", "api_key": "k"})
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    assert not (folder / "csrf.js").exists()
    # the page's own origin, under either local name, is fine
    ok = client.get("/api/state", headers={"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"})
    assert ok.status_code == 200


def test_credentials_stay_in_memory_and_come_back_masked(client, folder):
    secret = "sk_live_do_not_leak_9f8e7d"
    r = client.post("/api/credentials", json={"site_id": "site_1234567", "api_key": secret, "region": "eu"})
    assert r.status_code == 200
    shown = r.json()["credentials"]
    assert shown["region"] == "eu" and shown["source"] == "page"
    for response in (r, client.get("/api/credentials"), client.get("/api/state")):
        assert secret not in response.text and "site_1234567" not in response.text
    assert all(secret not in p.read_text(errors="replace") for p in folder.parent.rglob("*") if p.is_file())
    bad = client.post("/api/credentials", json={"site_id": "s", "api_key": "k", "region": "mars"})
    assert bad.status_code == 400 and "region" in bad.json()["error"]["message"]
    assert client.delete("/api/credentials").json()["credentials"] is None


def test_send_needs_credentials_and_a_local_emulator_url(client):
    client.delete("/api/credentials")
    body = {"source": FIXED, "envelope": envelope(), "target": "emulator", "emulator_url": "http://127.0.0.1:9"}
    r = client.post("/api/send", json=body)
    assert r.status_code == 400 and "credentials" in r.json()["error"]["message"]
    client.post("/api/credentials", json={"site_id": "site_1234567", "api_key": "key_abcdef123"})
    for url in ("http://169.254.169.254", "https://example.com", "file:///etc/passwd", "http://127.0.0.1:9/api"):
        r = client.post("/api/send", json={**body, "emulator_url": url})
        assert r.status_code == 400 and "refused emulator URL" in r.json()["error"]["message"], url
    r = client.post("/api/send", json={**body, "source": "function handler(w) { return w }"})
    assert r.status_code == 400 and "nothing to send" in r.json()["error"]["message"]
    client.delete("/api/credentials")


@pytest.fixture(scope="module")
def emulator():
    with serve_in_thread_emulator(EmulatorConfig(site_id="site_send_01", api_key="key_send_secret_01")) as emu:
        yield emu


def test_send_delivers_the_result_to_a_running_emulator(client, emulator):
    client.post("/api/credentials", json={"site_id": "site_send_01", "api_key": "key_send_secret_01"})
    body = {"source": FIXED, "envelope": envelope(), "target": "emulator", "emulator_url": emulator.base_url}
    r = client.post("/api/send", json=body)
    assert r.status_code == 200, r.text
    delivery = r.json()["delivery"]
    assert delivery["ok"] is True and delivery["status"] == 200 and delivery["attempts"] == 1
    assert {k.lower(): v for k, v in delivery["request"]["headers"].items()}["authorization"] == "Basic ****"
    assert "key_send_secret_01" not in r.text
    customer = envelope()["data"]["customer"]["customer_id"]
    assert [e["name"] for e in emulator.state.events(customer)] == ["payment_completed"]

    asked = client.post("/api/send", json={**body, "source": PAYMENTS})  # error findings: not sent unless confirmed
    assert (
        asked.status_code == 409
        and asked.json()["confirm"] == "error_findings"
        and "1 error finding" in asked.json()["error"]["message"]
    )
    assert asked.json()["result"]["findings"] and len(emulator.state.requests()) == 1
    rejected = client.post("/api/send", json={**body, "source": PAYMENTS, "force": True}).json()["delivery"]
    assert rejected["ok"] is False and rejected["status"] == 400 and rejected["body"]["errors"]

    client.post("/api/credentials", json={"site_id": "site_send_01", "api_key": "wrong_key_0000"})
    unauthorized = client.post("/api/send", json=body).json()["delivery"]
    assert unauthorized["status"] == 401 and "Track API key" in unauthorized["error"]
    client.delete("/api/credentials")


def test_send_to_customerio_goes_to_the_customerio_url_and_the_pages_emulator_wins(tmp_path, emulator):
    """As `send` honours --customerio-url / DODO_CIO_CUSTOMERIO_URL, so does "Send test"; the page's
    own emulator URL is the explicit choice and wins over it, as a flag wins over the environment."""
    app = create_app(tmp_path, workers=1, customerio_url=emulator.base_url, csrf_token=TOKEN)
    running = serve_editor_in_thread(app)
    try:
        picked_config = EmulatorConfig(site_id="site_send_01", api_key="key_send_secret_01")
        with (
            serve_in_thread_emulator(picked_config) as picked,
            httpx.Client(base_url=running.url, headers={"X-CSRF-Token": TOKEN}, timeout=30) as c,
        ):
            assert c.get("/api/state").json()["customerio_url"] == emulator.base_url
            c.post("/api/credentials", json={"site_id": "site_send_01", "api_key": "key_send_secret_01"})
            body = {"source": FIXED, "envelope": envelope(), "target": "customerio"}
            before = len(emulator.state.requests())
            r = c.post("/api/send", json=body)
            assert r.status_code == 200, r.text
            delivery = r.json()["delivery"]
            assert delivery["ok"] is True and delivery["target"] == emulator.base_url, delivery
            assert delivery["request"]["url"].startswith(emulator.base_url)
            assert len(emulator.state.requests()) == before + 1
            r = c.post("/api/send", json={**body, "target": "emulator", "emulator_url": picked.base_url})
            assert r.json()["delivery"]["target"] == picked.base_url and len(picked.state.requests()) == 1
            assert len(emulator.state.requests()) == before + 1
    finally:
        running.stop()


def test_test_all_stops_early_on_a_hanging_transform_and_frees_the_sandbox(client):
    started = time.monotonic()
    m = client.post("/api/test-all", json={"source": "function handler(w) { while (true) {} }"}).json()
    elapsed = time.monotonic() - started
    assert elapsed < WATCHDOG_CEILING_S, f"took {elapsed:.2f} s"  # about LIMIT_S + GRACE_S on a quiet machine
    assert m["stopped"].startswith("stopped after payment.succeeded hit the time limit")
    assert len(m["rows"]) == 48 and m["counts"]["not_run"] >= 40
    assert {row["status"] for row in m["rows"]} == {"error", "not_run"}
    assert m["failing"] == 48 - m["counts"]["not_run"]
    started = time.monotonic()
    after = client.post("/api/test", json={"source": FIXED, "envelope": envelope()}).json()
    assert after["ok"] and time.monotonic() - started < 5  # not queued behind 47 hanging events (>= 23 s)
