"""`dodo-cio run` and `dodo-cio check` as a user and a CI system see them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runner.fixtures import EVENT_TYPES
from runner.resources import data_dir

FIXED = (
    "function handler(webhook) {\n"
    "  if (webhook.eventType === 'payment.succeeded') {\n"
    "    webhook.url = 'https://track.customer.io/api/v2/entity';\n"
    "    webhook.payload = { type: 'person', identifiers: { id: webhook.payload.data.customer.customer_id }, "
    "action: 'event', name: 'payment_completed', attributes: { at: Date.now() } };\n"
    "  }\n"
    "  return webhook;\n"
    "}\n"
)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real console entry point in a child process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "runner", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.fixture
def workdir(tmp_path):
    d = tmp_path / "transforms"
    d.mkdir()
    (d / "fixed.js").write_text(FIXED)
    return d


def test_check_on_the_shipped_transforms_fails_on_the_documented_mistakes():
    p = cli("check")
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].split() == ["event", "track_attributes.js", "track_payments.js", "track_subscriptions.js"]
    assert len([line for line in lines if line.split() and line.split()[0] in EVENT_TYPES]) == 48
    assert 'action: "event", name: "payment_completed"' in p.stdout
    assert "FAILED: 144 runs (3 transforms × 48 fixtures)" in p.stdout


def test_check_json_is_one_document_on_stdout():
    p = cli("check", "--json", "--now", "2026-01-15T12:00:00Z")
    doc = json.loads(p.stdout)
    assert p.returncode == 1
    assert len(doc["results"]) == 144
    item = next(
        r for r in doc["results"] if r["transform"] == "track_payments.js" and r["event_type"] == "payment.succeeded"
    )
    assert set(item) >= {"transform", "event_type", "fixture", "status", "webhook", "console", "error", "findings"}
    assert item["status"] == "routed"
    assert {"severity", "code", "path", "message"} <= set(item["findings"][0])
    assert doc["summary"]["results"] == 144 and doc["summary"]["error_findings"] == 3


def test_check_passes_on_a_correct_transform_and_writes_junit(workdir, tmp_path):
    junit = tmp_path / "report.xml"
    p = cli("check", str(workdir), "--junit", str(junit))
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.rstrip().splitlines()[-1].startswith("ok: 48 runs")
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("name") == "fixed.js" and suite.get("tests") == "48" and suite.get("failures") == "0"


def test_junit_records_failures(tmp_path):
    junit = tmp_path / "report.xml"
    cli("check", "--junit", str(junit))
    failures = ET.parse(junit).getroot().findall(".//failure")
    assert len(failures) == 3
    assert all("action" in f.get("message") for f in failures)


def test_transform_errors_exit_1_with_the_location(workdir):
    (workdir / "broken.js").write_text(
        "function handler(webhook) {\n  return webhook.payload.data.customer.customer_id.x.y;\n}\n"
    )
    p = cli("check", str(workdir / "broken.js"))
    assert p.returncode == 1
    assert "broken.js:2:" in p.stdout and "exception: " in p.stdout


def test_snapshots_pin_the_output_and_show_a_diff(workdir):
    p = cli("check", str(workdir), "--update-snapshots")
    assert p.returncode == 0, p.stdout
    snap = workdir / "fixed.snap.json"
    stored = json.loads(snap.read_text())
    assert stored["now"] == "2026-01-15T12:00:00Z"
    assert stored["results"]["payment.succeeded"]["payload"]["attributes"]["at"] == 1768478400000
    assert cli("check", str(workdir)).returncode == 0  # the clock stays frozen: same output
    (workdir / "fixed.js").write_text(FIXED.replace("payment_completed", "payment_done"))
    p = cli("check", str(workdir))
    assert p.returncode == 1
    assert "snapshot differs: fixed.js × payment.succeeded" in p.stdout
    assert '-    "name": "payment_completed"' in p.stdout and '+    "name": "payment_done"' in p.stdout


def test_user_fixture_folders(workdir, tmp_path):
    events = tmp_path / "events"
    events.mkdir()
    shutil.copy(data_dir("fixtures") / "payment.succeeded.json", events / "big-order.json")
    p = cli("check", str(workdir), "--fixtures", str(events), "--json")
    [result] = json.loads(p.stdout)["results"]
    assert result["fixture"] == "big-order" and result["status"] == "routed"


def test_run_prints_the_request_and_findings():
    p = cli("run", str(data_dir("transforms") / "track_payments.js"), "--event", "payment.succeeded")
    assert p.returncode == 1
    assert "POST https://track.customer.io/api/v2/entity" in p.stdout
    assert '"payment_amount": "29.99"' in p.stdout
    assert "action_invalid" in p.stdout


def test_run_json_with_payload_file_and_env(tmp_path):
    script = tmp_path / "env.js"
    script.write_text("function handler(w) { w.url = 'https://example.com/' + w.env.PATH_PART; return w; }")
    event = tmp_path / "event.json"
    event.write_text((data_dir("fixtures") / "refund.succeeded.json").read_text())
    p = cli("run", str(script), "--payload", str(event), "--json", "--env", "PATH_PART=abc")
    doc = json.loads(p.stdout)
    assert p.returncode == 0
    assert doc["status"] == "routed" and doc["webhook"]["url"] == "https://example.com/abc"
    assert doc["event_type"] == "refund.succeeded"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["run", "nope.js", "--event", "payment.succeeded"], "no such transform file"),
        (["run", "TRANSFORM", "--event", "payment.suceeded"], "payment.succeeded"),
        (["run", "TRANSFORM"], "exactly one of --event"),
        (["run", "TRANSFORM", "--event", "payment.succeeded", "--memory", "lots"], "is not a size"),
        (["run", "TRANSFORM", "--event", "payment.succeeded", "--now", "yesterday"], "ISO 8601"),
        (
            ["run", "TRANSFORM", "--event", "payment.succeeded", "--timeout", "0"],
            "Invalid value for '--timeout': '0' is outside 0 to 600 seconds",
        ),
        (["check", "--fixtures", "/nonexistent"], "/nonexistent"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args, needle):
    transform = str(data_dir("transforms") / "track_payments.js")
    p = cli(*[transform if a == "TRANSFORM" else a for a in args])
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stderr
    assert needle in p.stderr


def test_python_api_is_what_the_cli_uses():
    import runner

    with runner.Sandbox(workers=1) as sb:
        [t] = [t for t in runner.load_transforms() if t.name == "track_attributes.js"]
        r = runner.run_event(sb, t, runner.find_fixture("payment.succeeded").envelope)
    assert r.status == "routed" and r.ok


def test_an_unwritable_junit_path_is_a_usage_error():
    p = cli("check", "--junit", "/nonexistent-dir/report.xml")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "cannot write the JUnit report" in p.stderr and "/nonexistent-dir/report.xml" in p.stderr


def test_a_snapshot_nested_past_the_limit_is_damaged_not_an_internal_error(workdir):
    (workdir / "fixed.snap.json").write_text('{"now": "x", "results": ' + "[" * 3000 + "]" * 3000 + "}")
    p = cli("check", str(workdir))
    assert p.returncode == 2, p.stdout + p.stderr
    assert "the snapshot file is damaged (the snapshot nests 3001 levels deep" in p.stderr and "fix:" in p.stderr
    assert "internal error" not in p.stderr and "Traceback" not in p.stderr


def test_a_snapshot_of_the_deepest_result_the_sandbox_returns_reads_back(workdir):
    # the webhook nests 256 levels (the limit): its payload sits 3 levels deeper in the snapshot
    (workdir / "fixed.js").write_text(
        "function handler(webhook) {\n"
        "  let deep = 1; for (let i = 0; i < 253; i++) deep = [deep];\n"
        "  webhook.payload = { attributes: { deep } };\n"
        "  return webhook;\n"
        "}\n"
    )
    p = cli(
        "check", str(workdir), "--update-snapshots", "--fixtures", str(data_dir("fixtures") / "payment.succeeded.json")
    )
    assert json.loads((workdir / "fixed.snap.json").read_text())["results"], p.stdout + p.stderr
    p = cli("check", str(workdir), "--fixtures", str(data_dir("fixtures") / "payment.succeeded.json"))
    assert "damaged" not in p.stderr and "snapshot differs" not in p.stdout, p.stdout + p.stderr
    assert "nests" not in p.stdout + p.stderr


def test_a_snapshot_keeps_lone_surrogates_and_steering_characters_as_escapes(workdir):
    # half an emoji (a name cut short) and a C1 CSI: the file stays UTF-8 JSON that reads back the same
    (workdir / "fixed.js").write_text(
        FIXED.replace("attributes: { at: Date.now() }", "attributes: { n: '\\ud83dx'.slice(0, 1) + '\\u009b日本' }")
    )
    one = ("--fixtures", str(data_dir("fixtures") / "payment.succeeded.json"))
    p = cli("check", str(workdir), "--update-snapshots", *one)
    assert "internal error" not in p.stderr, p.stderr
    text = (workdir / "fixed.snap.json").read_text(encoding="utf-8")
    assert '"n": "\\ud83d\\u009b日本"' in text
    assert json.loads(text)["results"]["payment.succeeded"]["payload"]["attributes"]["n"] == "\ud83d\x9b日本"
    p = cli("check", str(workdir), *one)
    assert "snapshot differs" not in p.stdout and "internal error" not in p.stderr, p.stdout + p.stderr
