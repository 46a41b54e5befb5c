"""Each fault mode of the emulator, seen by a real httpx client over loopback."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time

import httpx
import pytest

# the module's emulator settings and client fixture
from test_emulator_api import EMULATOR_OPTIONS, KEY, SITE, ULID, client  # noqa: F401

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, FaultPlan
from runner.emulator.app import EmulatorApp
from runner.emulator.faults import parse_fault
from runner.errors import UserError

EVENT = {"type": "person", "identifiers": {"id": "42"}, "action": "event", "name": "paid", "id": ULID}


def statuses(client, n):
    plain = {k: v for k, v in EVENT.items() if k != "id"}
    return [client.post("/api/v2/entity", json=plain).status_code for _ in range(n)]


def test_seeded_fail_ratio_is_reproducible(emu, client):
    emu.set_faults(fail_ratio=0.5, seed=7)
    first = statuses(client, 20)
    emu.set_faults(fail_ratio=0.5, seed=7)
    assert statuses(client, 20) == first
    assert set(first) == {200, 503}


def test_every_nth_fails(emu, client):
    emu.set_faults(fail_every=3, fail_status=500)
    assert statuses(client, 7) == [200, 200, 500, 200, 200, 500, 200]


def test_5xx_burst_then_recovery(emu, client):
    emu.set_faults(queue=["503*3"])
    assert statuses(client, 5) == [503, 503, 503, 200, 200]
    assert len(emu.state.events("42")) == 2  # failed requests change nothing


def test_429_with_and_without_retry_after(emu, client):
    emu.set_faults(queue=["429@2", "429"])
    first, second = (client.post("/api/v2/entity", json=EVENT) for _ in range(2))
    assert (first.status_code, first.headers.get("retry-after")) == (429, "2")
    assert (second.status_code, second.headers.get("retry-after")) == (429, None)


def test_fault_seconds_are_durations_as_every_option_takes_them(emu, client):
    assert [f.retry_after for f in parse_fault("429@1500ms*2")] == [1.5, 1.5]
    assert parse_fault("timeout@2m")[0].seconds == 120 and parse_fault("429@2")[0].retry_after == 2
    with pytest.raises(UserError, match="'soon' is not a duration") as bad:
        parse_fault("429@soon")
    assert "250ms" in bad.value.fix
    emu.set_faults(queue=["429@1500ms"])
    assert client.post("/api/v2/entity", json=EVENT).headers.get("retry-after") == "1.5"


def test_rate_limit(emu, client):
    emu.set_faults(rate_limit=3)
    got = statuses(client, 5)
    assert got[:3] == [200, 200, 200] and got[3:] == [429, 429]
    r = client.post("/api/v2/entity", json=EVENT)
    assert r.headers.get("retry-after") == "1"
    emu.set_faults(rate_limit=1, retry_after=None)
    client.post("/api/v2/entity", json=EVENT)
    r = client.post("/api/v2/entity", json=EVENT)
    assert r.status_code == 429 and "retry-after" not in r.headers


def test_added_latency(emu, client):
    emu.set_faults(latency_ms=300)
    start = time.monotonic()
    assert client.post("/api/v2/entity", json=EVENT).status_code == 200
    assert time.monotonic() - start >= 0.3


def test_timeout_hangs_past_the_client_timeout(emu, client):
    emu.set_faults(queue=["timeout@5"])
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.post("/api/v2/entity", json=EVENT, timeout=0.5)
    assert time.monotonic() - start < 3
    assert emu.state.person("42") is None
    assert client.post("/api/v2/entity", json=EVENT).status_code == 200


# A dropped connection reads as EOF before any response, or as a reset when the abort's RST
# arrives while the client still reads: which one depends on timing (a loaded machine sees both).
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


def test_short_timeout_then_dropped(emu, client):
    emu.set_faults(queue=["timeout@0.3"])
    with pytest.raises(DROPPED):
        client.post("/api/v2/entity", json=EVENT, timeout=5)


def test_dropped_connection_without_response(emu, client):
    emu.set_faults(queue=["drop"])
    with pytest.raises(DROPPED, match="without sending|reset"):
        client.post("/api/v2/entity", json=EVENT)
    assert emu.state.person("42") is None
    assert client.post("/api/v2/entity", json=EVENT).status_code == 200  # a fresh connection works


def test_drop_after_applying_then_retry_is_deduplicated(emu, client):
    emu.set_faults(queue=["drop-after"])
    with pytest.raises(DROPPED):
        client.post("/api/v2/entity", json=EVENT)
    assert [e["id"] for e in emu.state.events("42")] == [ULID]  # it arrived
    assert client.post("/api/v2/entity", json=EVENT).status_code == 200  # the client's retry
    assert len(emu.state.events("42")) == 1
    log = client.get("/_emulator/requests").json()
    assert [(e["status"], e["fault"]) for e in log] == [(200, "drop-after"), (200, None)]


def test_control_route_sets_and_reports_faults(emu, client):
    r = client.post("/_emulator/faults", json={"queue": ["500*2", "drop"], "latency_ms": 0})
    assert r.status_code == 200 and r.json()["queue"] == ["500", "500", "drop"] and r.json()["pending"] == 3
    assert client.get("/_emulator/state").status_code == 200  # control routes are never faulted
    assert statuses(client, 2) == [500, 500]
    assert client.get("/_emulator/faults").json()["pending"] == 1
    bad = client.post("/_emulator/faults", json={"queue": ["teapot"]})
    assert bad.status_code == 400 and "bad fault spec" in bad.json()["error"]
    assert client.post("/_emulator/faults", json={"fail_ratio": 2}).status_code == 400
    assert client.post("/_emulator/faults", json={"nope": 1}).status_code == 400
    assert client.post("/_emulator/faults", content=b"{").status_code == 400


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"queue": ' + b"[" * 2000 + b"]" * 2000 + b"}", "nests 2001 levels deep; the limit is 256"),
        (b'{"fail_ratio": NaN}', "NaN is not JSON"),
        (b'{"latency_ms": Infinity}', "Infinity is not JSON"),
        (b'{"queue": ["\xff"]}', "not UTF-8"),
    ],
    ids=["deep", "NaN", "Infinity", "not UTF-8"],
)
def test_control_route_reads_faults_with_the_strict_json_reader(emu, client, body, problem):
    before = client.get("/_emulator/faults").json()
    r = client.post("/_emulator/faults", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert problem in r.json()["error"]
    assert client.get("/_emulator/faults").json() == before


def test_bad_fault_settings_are_user_errors():
    with pytest.raises(UserError, match="bad fault spec"):
        FaultPlan.from_json({"queue": ["drop*x"]})
    with pytest.raises(UserError, match="fail_status"):
        FaultPlan(fail_status=200).check()


def test_control_routes_refuse_non_loopback_clients():
    async def probe() -> list[int]:
        transport = httpx.ASGITransport(app=EmulatorApp(EmulatorConfig()), client=("10.1.2.3", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as c:
            return [
                (await c.get("/_emulator/state")).status_code,
                (await c.post("/_emulator/faults", json={"queue": ["drop"]})).status_code,
            ]

    assert asyncio.run(probe()) == [403, 403]


def _emulator_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    env = env if env is not None else {k: v for k, v in os.environ.items() if not k.startswith("CUSTOMERIO_")}
    return subprocess.Popen(
        [sys.executable, "-m", "runner", "emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _until(proc: subprocess.Popen, needle: str) -> list[str]:
    lines: list[str] = []
    while not lines or needle not in lines[-1]:
        line = proc.stdout.readline()
        assert line, f"the emulator exited before printing {needle!r}: {lines}"
        lines.append(line)
    return lines


def test_cli_shows_the_demo_credentials_and_one_line_per_request():
    proc = _emulator_cli("--fault", "503", "--fault", "drop")
    watchdog = threading.Timer(30, proc.kill)  # never hang the suite on a silent child
    watchdog.start()
    try:
        head = _until(proc, "Ctrl-C")
        base = re.search(r"http://127\.0\.0\.1:\d+", head[0]).group(0)
        # public demo values, shown in full so a newcomer can copy them
        assert f"CUSTOMERIO_SITE_ID={DEMO_SITE_ID} CUSTOMERIO_API_KEY={DEMO_API_KEY}" in "".join(head)

        def post(body, auth=(DEMO_SITE_ID, DEMO_API_KEY)):
            return httpx.post(f"{base}/api/v2/entity", json=body, auth=auth, timeout=5)

        assert post(EVENT).status_code == 503
        assert (
            "POST /api/v2/entity  [503]  fault: answered 503 without applying the request" in _until(proc, "[503]")[-1]
        )
        with pytest.raises(httpx.TransportError):
            post(EVENT)
        assert (
            "POST /api/v2/entity  [---]  fault: dropped the connection without an answer" in _until(proc, "[---]")[-1]
        )
        assert post(EVENT).status_code == 200
        line = _until(proc, "[200]")[-1]
        assert f"person id={EVENT['identifiers']['id']}  event {EVENT['name']}" in line
        assert post({**EVENT, "action": "evnt"}).status_code == 400
        assert "action" in _until(proc, "[400]")[-1]
        assert post(EVENT, auth=(DEMO_SITE_ID, "wrong")).status_code == 401
        assert "unauthorized: wrong or missing Site ID / API key" in _until(proc, "[401]")[-1]
        sneaky = {**EVENT, "identifiers": {"id": "a\x1b[2Jb"}}
        post(sneaky)
        assert "a\\x1b[2Jb" in _until(proc, "[200]")[-1]  # the escape is shown, not obeyed
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_cli_latency_and_retry_after_are_durations():
    proc = _emulator_cli("--quiet", "--latency", "300ms", "--rate-limit", "1", "--retry-after", "2s")
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    try:
        head = "".join(_until(proc, "faults:"))
        assert "'latency_ms': 300" in head and "'retry_after': 2.0" in head, head
        base = re.search(r"http://127\.0\.0\.1:\d+", head).group(0)
        with httpx.Client(base_url=base, auth=(DEMO_SITE_ID, DEMO_API_KEY), timeout=5) as c:
            start = time.monotonic()
            assert c.post("/api/v2/entity", json=EVENT).status_code == 200
            assert time.monotonic() - start >= 0.3
            limited = c.post("/api/v2/entity", json=EVENT)
            assert (limited.status_code, limited.headers.get("retry-after")) == (429, "2")
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_cli_masks_credentials_that_are_not_the_demo_ones():
    proc = _emulator_cli(
        "--quiet", env={**os.environ, "CUSTOMERIO_SITE_ID": "my-site-1234", "CUSTOMERIO_API_KEY": "my-secret-key-5678"}
    )
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    try:
        head = "".join(_until(proc, "Ctrl-C"))
        assert "my-secret-key-5678" not in head and "my-site-1234" not in head and "my…(18 chars)" in head
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_cli_rejects_bad_options():
    for args, text in ((["--host", "0.0.0.0"], "loopback"), (["--fault", "teapot"], "bad fault spec")):
        r = subprocess.run(
            [sys.executable, "-m", "runner", "emulator", "--port", "0", *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert r.returncode == 2 and text in r.stderr and "Traceback" not in r.stderr
