"""The README's three-terminal local relay recipe, run as written (on free ports)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def recipe() -> dict[str, list[str]]:
    """The recipe's commands by terminal: {"once": [...], "1": [...], "2": [...], "3": [...]}."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("### Try it locally: three terminals", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    steps: dict[str, list[str]] = {}
    current = ""
    for line in block.splitlines():
        marker = re.match(r"# (once|terminal (\d))", line)
        if marker:
            current = marker.group(2) or "once"
            steps[current] = []
        elif line.strip():
            steps[current].append(line)
    return steps


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_three_terminals_deliver_a_signed_event_to_the_emulator(tmp_path):
    steps = recipe()
    assert set(steps) == {"once", "1", "2", "3"}
    emulator_port, relay_port = free_port(), free_port()

    def script(lines: list[str], extra: str = "") -> str:
        text = "set -e\n" + "\n".join(lines).replace("8791", str(emulator_port)).replace("8787", str(relay_port))
        return text + extra

    shutil.copytree(REPO / "transforms", tmp_path / "transforms")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for name in (
        "CUSTOMERIO_SITE_ID",
        "CUSTOMERIO_API_KEY",
        "CUSTOMERIO_REGION",
        "DODO_CIO_CUSTOMERIO_URL",
        "DODO_PAYMENTS_WEBHOOK_KEY",
    ):
        env.pop(name, None)
    subprocess.run(["bash", "-c", script(steps["once"])], cwd=tmp_path, env=env, check=True, timeout=60)
    assert (tmp_path / "whsec.txt").read_text().startswith("whsec_")
    emulator = subprocess.Popen(
        [
            "bash",
            "-c",
            script(steps["1"]).replace("dodo-cio emulator", f"exec dodo-cio emulator --port {emulator_port}"),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    relay_log = tmp_path / "relay.log"
    with open(relay_log, "w") as log:
        relay = subprocess.Popen(
            [
                "bash",
                "-c",
                script(steps["2"]).replace("dodo-cio relay", "exec dodo-cio relay") + f" --port {relay_port}",
            ],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        deadline = time.monotonic() + 30
        while "Ready!" not in relay_log.read_text() and time.monotonic() < deadline:
            assert relay.poll() is None, relay_log.read_text()
            time.sleep(0.1)
        third = subprocess.run(
            ["bash", "-c", script(steps["3"][:-1])], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert third.returncode == 0, third.stdout + third.stderr
        assert "[200] payment.succeeded msg_" in third.stdout and '"status": "accepted"' in third.stdout
        listed = ""
        while "delivered: 1" not in listed and time.monotonic() < deadline:
            listed = subprocess.run(
                ["bash", "-c", script([steps["3"][-1]])],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            time.sleep(0.2)
        assert "delivered: 1" in listed and "track_attributes.js" in listed
    finally:
        for proc in (relay, emulator):
            proc.send_signal(signal.SIGINT)
        for proc in (relay, emulator):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    shown = emulator.stdout.read()
    emulator.stdout.close()
    assert "demo credentials: CUSTOMERIO_SITE_ID=dodo-cio-demo-site CUSTOMERIO_API_KEY=dodo-cio-demo-track-key" in shown
    assert re.search(r"POST /api/v2/entity  \[200\]  person id=cus_\S+  identify", shown)
    assert "<-- [200] delivered" in relay_log.read_text()
