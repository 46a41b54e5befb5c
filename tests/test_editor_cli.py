"""`dodo-cio editor` as a user starts it: a real process, a real port, Ctrl+C to stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading

import httpx
import pytest

from runner.emulator import EmulatorConfig, serve_in_thread

SECRET = "cli_secret_key_5a4b3c2d1e"


@pytest.fixture
def start(tmp_path):
    procs: list[subprocess.Popen] = []

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("CUSTOMERIO_")}
        full_env.update(env or {})
        proc = subprocess.Popen(
            [sys.executable, "-m", "runner", "editor", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=full_env,
            cwd=tmp_path,
        )
        procs.append(proc)
        threading.Timer(60, proc.kill).start()  # never hang the suite
        return proc

    yield run
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_serves_on_loopback_reads_env_credentials_and_stops_on_ctrl_c(start, tmp_path):
    folder = tmp_path / "mine"
    proc = start(
        str(folder),
        "--port",
        "0",
        "--timeout",
        "0.5",
        env={"CUSTOMERIO_SITE_ID": "site_from_env", "CUSTOMERIO_API_KEY": SECRET, "CUSTOMERIO_REGION": "eu"},
    )
    first = proc.stdout.readline()
    assert first.startswith("dodo-cio editor: http://127.0.0.1:"), first + proc.stderr.read()
    url = first.split(": ", 1)[1].strip()
    assert "(created on first save)" in proc.stdout.readline()
    with httpx.Client(base_url=url, timeout=10) as client:
        state = client.get("/api/state").json()
        assert state["transforms"] == [] and state["transforms_dir"] == str(folder.resolve())
        assert state["credentials"]["source"] == "env" and state["credentials"]["region"] == "eu"
        assert state["limits"]["time_s"] == 0.5
        assert SECRET not in client.get("/api/state").text
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert SECRET not in out + err and "Traceback" not in err
    assert not folder.exists()  # nothing written until the first save


def test_a_taken_port_is_a_clear_error(start):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        proc = start("--port", str(busy.getsockname()[1]))
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "already in use" in err and "--port 0" in err and "Traceback" not in err


def test_a_file_as_the_folder_is_a_clear_error(start, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    proc = start("notes.txt", "--port", "0")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "not a folder" in err and "Traceback" not in err


def test_open_without_a_browser_says_so_and_prints_the_url(start):
    env = {"BROWSER": "/nonexistent/browser", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    proc = start("--port", "0", "--open", env=env)
    first = proc.stdout.readline()
    url = first.split(": ", 1)[1].strip()
    lines = [proc.stdout.readline() for _ in range(4)]
    assert any(f"no browser could be opened here: open {url} yourself" in line for line in lines), lines
    assert httpx.get(url, timeout=10).status_code == 200  # serving: Ctrl+C now stops it cleanly
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=15)
    assert proc.returncode == 0


IDENTIFY = """function handler(webhook) {
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = { type: "person", identifiers: { id: "cust_env_1" }, action: "identify" };
  return webhook;
}"""


def test_send_test_goes_where_dodo_cio_customerio_url_points_as_send_does(start):
    """The variable `send`, `doctor` and the relay read: "Send test" to Customer.io lands in the emulator."""
    with serve_in_thread(EmulatorConfig(site_id="site_cli_env", api_key=SECRET)) as emu:
        creds = {"CUSTOMERIO_SITE_ID": "site_cli_env", "CUSTOMERIO_API_KEY": SECRET}
        proc = start("--port", "0", env={**creds, "DODO_CIO_CUSTOMERIO_URL": emu.base_url})
        url = proc.stdout.readline().split(": ", 1)[1].strip()
        shown = [proc.stdout.readline() for _ in range(3)]
        assert any(f"send test:  {emu.base_url} (instead of Customer.io)" in line for line in shown), shown
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/api/state").json()["customerio_url"] == emu.base_url
            token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
            body = {"source": IDENTIFY, "envelope": {"type": "payment.succeeded", "data": {}}, "target": "customerio"}
            r = client.post("/api/send", json=body, headers={"X-CSRF-Token": token})
        assert r.status_code == 200 and r.json()["delivery"]["ok"] is True, r.text
        assert emu.state.person("cust_env_1") is not None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0 and SECRET not in out + err


def test_a_bad_dodo_cio_customerio_url_names_the_option(start):
    proc = start("--port", "0", env={"DODO_CIO_CUSTOMERIO_URL": "ftp://127.0.0.1:8791"})
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "--customerio-url" in err and "http(s) URL" in err and "Traceback" not in err
