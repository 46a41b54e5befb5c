"""Long runs: a progress line on a terminal only, a transform stopped at its first time or
memory limit, repeated problems folded, GitHub annotations, snapshots where the user looks,
and Dodo's event order."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner.check.doctor import run_doctor
from runner.fixtures import EVENT_TYPES, load_fixtures
from runner.resources import data_dir
from runner.sandbox import Limits, Sandbox
from runner.transforms import load_transform

LOOP = "function handler(w) { while (true) {} }\n"
THROWS = "function handler(webhook) {\n  const data = webhook.payload.data;\n  return data.nothing.here;\n}\n"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "runner", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.fixture
def four_events(tmp_path) -> Path:
    """A fixtures folder with four events, so --keep-going over a loop stays short."""
    folder = tmp_path / "events"
    folder.mkdir()
    for name in ("payment.succeeded", "refund.succeeded", "subscription.active", "payment.failed"):
        shutil.copy(data_dir("fixtures") / f"{name}.json", folder / f"{name}.json")
    return folder


def in_a_terminal(*args: str, cwd: Path) -> tuple[str, str, int]:
    """Run the CLI with stderr on a pseudo-terminal and stdout on a pipe: (terminal text, stdout, status)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "runner", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, "TERM": "xterm"},
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout = proc.stdout.read().decode()
    proc.stdout.close()
    proc.wait(timeout=120)
    os.close(master)
    return seen.decode(errors="replace"), stdout, proc.returncode


def test_progress_shows_on_a_terminal_and_nowhere_else(tmp_path):
    (tmp_path / "t.js").write_text(THROWS)
    (tmp_path / "u.js").write_text(THROWS)
    terminal, stdout, code = in_a_terminal("check", "t.js", "u.js", cwd=tmp_path)
    assert code == 1
    assert "check [" in terminal and "/96" in terminal and "/s" in terminal and "ETA" in terminal
    assert terminal.rstrip("\r\n").endswith("\x1b[2K")  # the line is erased before the report prints
    assert "ETA" not in stdout and "\r" not in stdout and "FAILED" in stdout
    terminal, stdout, _ = in_a_terminal("check", "t.js", "--json", cwd=tmp_path)
    assert terminal == "" and json.loads(stdout)["summary"]["results"] == 48
    piped = cli("check", "t.js", cwd=tmp_path)
    assert "ETA" not in piped.stderr and piped.stderr == ""


def test_doctor_shows_the_same_progress_on_a_terminal_and_nowhere_else(tmp_path, monkeypatch):
    for name in ("CUSTOMERIO_SITE_ID", "CUSTOMERIO_API_KEY", "DODO_CIO_CUSTOMERIO_URL"):
        monkeypatch.delenv(name, raising=False)  # no credentials: nothing leaves the machine
    (tmp_path / "t.js").write_text(THROWS)
    (tmp_path / "u.js").write_text(THROWS)
    terminal, stdout, code = in_a_terminal("doctor", "t.js", "u.js", cwd=tmp_path)
    assert code == 1
    assert "doctor [" in terminal and "/96" in terminal and "/s" in terminal and "ETA" in terminal
    assert terminal.rstrip("\r\n").endswith("\x1b[2K")  # erased before the report prints
    assert "ETA" not in stdout and "\r" not in stdout and "transforms_run: 96 runs failed" in stdout
    terminal, stdout, _ = in_a_terminal("doctor", "t.js", "--json", cwd=tmp_path)
    assert terminal == "" and json.loads(stdout)["ok"] is False
    piped = cli("doctor", "t.js", cwd=tmp_path)
    assert piped.stderr == "" and "ETA" not in piped.stdout


def test_a_transform_stops_at_its_first_timeout_unless_keep_going(tmp_path, four_events):
    (tmp_path / "loop.js").write_text(LOOP)
    (tmp_path / "t.js").write_text(THROWS)
    p = cli("check", "loop.js", "t.js", "--fixtures", str(four_events), "--timeout", "100ms", "--json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    loop = [r for r in doc["results"] if r["transform"] == "loop.js"]
    assert [r["error"]["kind"] for r in loop] == ["timeout"]  # the first event only
    assert len([r for r in doc["results"] if r["transform"] == "t.js"]) == 4  # the other transform runs in full
    assert doc["summary"]["not_run"] == 3
    text = cli("check", "loop.js", "--fixtures", str(four_events), "--timeout", "100ms", cwd=tmp_path).stdout
    assert (
        "loop.js: stopped after payment.succeeded hit the time limit; 3 events not run" in text
        and "--keep-going" in text
    )
    every = json.loads(
        cli(
            "check",
            "loop.js",
            "--fixtures",
            str(four_events),
            "--timeout",
            "100ms",
            "--json",
            "--keep-going",
            cwd=tmp_path,
        ).stdout
    )
    assert [r["error"]["kind"] for r in every["results"]] == ["timeout"] * 4 and every["summary"]["not_run"] == 0


def test_doctor_stops_a_looping_transform_too(four_events):
    seen = []
    with Sandbox(workers=2, limits=Limits(time_s=0.1)) as sandbox:
        run_doctor(
            None,
            transforms=[load_transform(_write(four_events.parent / "loop.js", LOOP))],
            fixtures=load_fixtures([four_events]),
            sandbox=sandbox,
            keep_going=False,
            on_result=seen.append,
        )
    assert len(seen) == 4 and [r.error.kind for r in seen if r is not None] == ["timeout"] and seen.count(None) == 3


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_the_same_error_on_every_event_is_one_block(tmp_path):
    (tmp_path / "t.js").write_text(THROWS)
    out = cli("check", "t.js", cwd=tmp_path).stdout
    assert out.count("TypeError: cannot read property 'here' of undefined") == 1
    assert "t.js × 48 events (payment.succeeded, payment.failed, payment.processing, … (+45))  →  error" in out
    assert (
        "FAILED: 48 runs (1 transform × 48 fixtures): 0 routed, 0 unchanged, 0 cancelled, 48 errors; 0 error findings"
        in out
    )
    assert len(out.splitlines()) < 70  # the matrix (49 lines), one block, the verdict


def test_the_same_warning_on_many_events_is_one_line(tmp_path):
    (tmp_path / "w.js").write_text(
        'function handler(w) {\n  w.payload = {type: "person", identifiers: {id: "1"}, action: "identify",'
        " attributes: {plan: w.payload.data.plan}};\n  return w;\n}\n"
    )
    out = cli("check", "w.js", cwd=tmp_path).stdout
    warnings = out[out.index("Warnings") :].splitlines()
    assert any("w.js × " in line and " events (" in line and "<event>" in line for line in warnings)
    assert len(warnings) < 12


def test_github_format_prints_workflow_commands_on_the_line(tmp_path):
    (tmp_path / "transforms").mkdir()
    (tmp_path / "transforms" / "t.js").write_text(THROWS)
    p = cli("check", "transforms/t.js", "--format", "github", cwd=tmp_path)
    assert p.returncode == 1
    [error] = [line for line in p.stdout.splitlines() if line.startswith("::error ")]
    assert error.startswith("::error file=transforms/t.js,line=3,col=")
    assert "title=dodo-cio%3A exception (48 events%3A payment.succeeded%2C payment.failed" in error
    assert error.split("::", 2)[2].startswith("TypeError: cannot read property 'here' of undefined%0Afix: ")
    shipped = cli("check", "--format", "github", cwd=tmp_path)
    assert any(line.startswith("::error file=") and "payload.action" in line for line in shipped.stdout.splitlines())
    assert any(line.startswith("::warning file=") for line in shipped.stdout.splitlines())


def test_snapshots_of_the_shipped_transforms_go_in_the_working_folder(tmp_path):
    shipped = data_dir("transforms")
    before = sorted(p.name for p in shipped.iterdir())
    p = cli("check", "--update-snapshots", cwd=tmp_path)
    assert sorted(p.name for p in shipped.iterdir()) == before  # the package's folder is left alone
    written = sorted(f.name for f in tmp_path.glob("*.snap.json"))
    assert written == ["track_attributes.snap.json", "track_payments.snap.json", "track_subscriptions.snap.json"]
    assert f"wrote 3 snapshots in {tmp_path.resolve()}: " in p.stdout
    again = cli("check", cwd=tmp_path)
    assert "snapshot differs" not in again.stdout and again.returncode == 1  # read back from the same place
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "t.js").write_text(THROWS)
    named = cli("check", "mine/t.js", "--update-snapshots", cwd=tmp_path)
    assert (
        tmp_path / "mine" / "t.snap.json"
    ).exists() and f"in {(tmp_path / 'mine').resolve()}: t.snap.json" in named.stdout


def test_check_lists_events_in_dodos_order(tmp_path):
    doc = json.loads(cli("check", "--json", cwd=tmp_path).stdout)
    first = [r["event_type"] for r in doc["results"] if r["transform"] == "track_payments.js"]
    assert first == list(EVENT_TYPES)
    listed = cli("fixtures", "list", "--json").stdout
    assert [row["event_type"] for row in json.loads(listed)] == list(EVENT_TYPES)
