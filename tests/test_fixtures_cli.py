"""`dodo-cio fixtures list|show`, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner.cli import main
from runner.fixtures import EVENT_TYPES, find_fixture


def dodo_cio(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_list_is_a_table_in_dodo_order(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = dodo_cio(capsys, "fixtures", "list")
    lines = out.splitlines()
    assert rc == 0
    assert lines[0].split() == ["EVENT", "TYPE", "FAMILY", "FILE"]
    rows = [line.split() for line in lines[1:]]
    assert [row[0] for row in rows] == list(EVENT_TYPES)
    assert rows[-1][:2] == ["entitlement_grant.revoked", "entitlement_grant"]
    assert rows[0][2].endswith("payment.succeeded.json") and Path(rows[0][2]).is_file()


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = dodo_cio(capsys, "fixtures", "list", "--json")
    rows = json.loads(out)
    assert rc == 0 and len(rows) == 48
    assert rows[6] == {
        "name": "dispute.opened",
        "event_type": "dispute.opened",
        "family": "dispute",
        "path": rows[6]["path"],
    }
    assert json.loads(Path(rows[6]["path"]).read_text())["type"] == "dispute.opened"


def test_list_user_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_text(json.dumps({"type": "custom.event"}))
    (tmp_path / "paid.json").write_text(json.dumps({"type": "payment.succeeded"}))
    rc, out, _ = dodo_cio(capsys, "fixtures", "list", "--fixtures", str(tmp_path), "--json")
    assert rc == 0
    assert [(r["name"], r["family"]) for r in json.loads(out)] == [("paid", "payment"), ("mine", None)]


def test_show_prints_the_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = dodo_cio(capsys, "fixtures", "show", "subscription.cancelled")
    assert rc == 0
    assert json.loads(out) == find_fixture("subscription.cancelled").envelope
    assert out.startswith('{\n  "business_id"')


def test_show_from_user_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_text(json.dumps({"type": "custom.event", "data": {"ü": 1}}))
    rc, out, _ = dodo_cio(capsys, "fixtures", "show", "mine", "--fixtures", str(tmp_path))
    assert rc == 0 and json.loads(out)["data"] == {"ü": 1}


def test_show_unknown_name_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = dodo_cio(capsys, "fixtures", "show", "payment.succeded")
    assert rc == 2 and out == ""
    assert err.startswith("error: no fixture named 'payment.succeded'")
    assert "did you mean payment.succeeded" in err and "Traceback" not in err


def test_broken_user_file_is_reported_with_position(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"type": "payment.succeeded",\n "data": }')
    rc, _, err = dodo_cio(capsys, "fixtures", "list", "--fixtures", str(tmp_path))
    assert rc == 2
    assert f"{tmp_path / 'bad.json'}:2:10: invalid JSON" in err
    assert "fix:" in err and "Traceback" not in err


def test_a_payload_with_a_type_dodo_never_sends_is_warned_about(tmp_path):
    import subprocess
    import sys

    from runner.resources import data_dir

    typo = tmp_path / "typo.json"
    typo.write_text(
        (data_dir("fixtures") / "payment.succeeded.json")
        .read_text()
        .replace('"payment.succeeded"', '"payment.succeded"')
    )
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "run",
            str(data_dir("transforms") / "track_payments.js"),
            "--payload",
            str(typo),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 0 and "unchanged" in p.stdout
    assert (
        f"warning: {typo}: 'payment.succeded' is not one of Dodo's 48 event types" in p.stderr
        and "did you mean payment.succeeded" in p.stderr
    )
    good = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "run",
            str(data_dir("transforms") / "track_payments.js"),
            "--payload",
            str(data_dir("fixtures") / "payment.succeeded.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "warning" not in good.stderr


def test_an_event_picked_from_the_users_folder_is_checked_too(capsys, tmp_path):
    from runner.resources import data_dir

    good = (data_dir("fixtures") / "payment.succeeded.json").read_text()
    (tmp_path / "mine.json").write_text(good.replace('"payment.succeeded"', '"payment.succeded"'))
    script = str(data_dir("transforms") / "track_payments.js")
    rc, out, err = dodo_cio(capsys, "run", script, "--event", "mine", "--fixtures", str(tmp_path))
    assert rc == 0 and "unchanged" in out
    assert f"warning: {tmp_path / 'mine.json'}: 'payment.succeded' is not one of Dodo's 48" in err


UNCHANGED = "function handler(webhook) { return webhook; }\n"


@pytest.mark.parametrize("command", ["check", "doctor"])
@pytest.mark.parametrize("as_json", [False, True])
def test_check_and_doctor_warn_once_per_file_whose_type_dodo_never_sends(tmp_path, command, as_json):
    """A typo in a user's event `type` runs as `unchanged` everywhere; say so once per file, on stderr only."""
    import os
    import subprocess
    import sys

    from runner.resources import data_dir

    events = tmp_path / "events"
    events.mkdir()
    good = (data_dir("fixtures") / "payment.succeeded.json").read_text()
    (events / "good.json").write_text(good)
    (events / "typo.json").write_text(good.replace('"payment.succeeded"', '"payment.succeded"'))
    (events / "guide.json").write_text(good.replace('"payment.succeeded"', '"payment.refunded"'))
    for name in ("a.js", "b.js"):  # two transforms: still one warning per file, not one per run
        (tmp_path / name).write_text(UNCHANGED)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CUSTOMERIO_", "DODO_CIO_"))}
    p = subprocess.run(
        [sys.executable, "-m", "runner", command, "a.js", "b.js", "--fixtures", "events"]
        + (["--json"] if as_json else []),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    warnings = [line for line in p.stderr.splitlines() if line.startswith("warning: ")]
    assert sorted(warnings) == [
        "warning: events/guide.json: Dodo never sends 'payment.refunded'; it sends refund.succeeded instead",
        "warning: events/typo.json: 'payment.succeded' is not one of Dodo's 48 event types, "
        "so transforms will likely leave it unchanged; did you mean payment.succeeded, payment.cancelled "
        "or refund.succeeded?",
    ], p.stderr
    assert "is not one of Dodo's" not in p.stdout and "Dodo never sends" not in p.stdout
    if as_json:
        assert json.loads(p.stdout)  # still one JSON document on stdout
    if command == "check":
        assert p.returncode == 0  # a warning, not a failure
