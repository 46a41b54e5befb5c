"""No control character from a transform or a stored event reaches the operator's terminal."""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
import sys
import time
from typing import Any

import pytest
from click.testing import CliRunner
from test_trigger_send import SECRET, answering_server

from runner.cli import main
from runner.cli.outbox import outbox as outbox_cli
from runner.relay.output import Output
from runner.relay.store.base import TRANSFORM_ERROR, NewEvent, StoredResult
from runner.relay.store.sqlite import SQLiteStore
from runner.relay.trigger import RelayAnswer
from runner.relay.trigger_render import answer_json, format_answer
from runner.terminal import printable, printable_json

# an OSC window-title change, a CR that overprints the line with a forged success, a C1 CSI, a bidi override
HOSTILE = "\x1b]0;pwned\x07\r\u2713 delivered\x9b2J\u202eevil"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")

HOSTILE_JS = f"""
function handler(webhook) {{
  console.log({json.dumps(HOSTILE)});
  throw new Error({json.dumps(HOSTILE)});
}}
"""


def test_printable_escapes_what_steers_a_terminal_and_keeps_the_rest():
    assert printable(HOSTILE) == "\\x1b]0;pwned\\x07\\x0d\u2713 delivered\\x9b2J\\u202eevil"
    assert printable("café ✓ tab\there") == "café ✓ tab\there"
    assert printable("a\nb\ud800") == "a\\x0ab\\ud800"


def run_cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "runner", *args], capture_output=True, text=True, timeout=120, errors="surrogateescape"
    )
    return done.stdout + done.stderr


def test_run_and_check_escape_transform_text(tmp_path):
    t = tmp_path / "hostile.js"
    t.write_text(HOSTILE_JS)
    outputs = (
        run_cli("run", str(t), "--event", "payment.succeeded"),
        run_cli("check", str(t)),
        run_cli("check", str(t), "--format", "github"),
    )
    for out in outputs:
        assert "pwned" in out, out
        assert not CONTROL.search(out), repr(out)


def test_outbox_list_and_show_escape_stored_text(tmp_path):
    db = tmp_path / "o.sqlite3"

    async def fill():
        store = SQLiteStore(db)
        await store.start()
        out = await store.ingest(NewEvent("msg_" + HOSTILE, "payment.succeeded", b"{}", ("hostile.js",), time.time()))
        d = out.deliveries[0]
        d.status = TRANSFORM_ERROR
        result = {
            "status": "error",
            "error": {"kind": "exception", "message": HOSTILE},
            "console": [{"level": "log", "text": HOSTILE}],
            "findings": [],
            "webhook": None,
        }
        store.record_transform(d, result=StoredResult(result), detail=HOSTILE)
        await store.close()

    asyncio.run(fill())
    runner = CliRunner()
    for args in (["list", "--db", str(db)], ["show", "1", "--db", str(db)], ["show", "1", "--db", str(db), "--json"]):
        result = runner.invoke(outbox_cli, args)
        assert result.exit_code == 0, result.output
        assert "pwned" in result.output and not CONTROL.search(result.output), repr(result.output)


def test_trigger_escapes_what_the_relay_answers():
    # whatever listens at --to chooses the body trigger prints
    with answering_server(lambda envelope: (400, "text/plain", HOSTILE.encode())) as (url, received):
        out = run_cli("trigger", "payment.succeeded", "--to", url, "--secret", SECRET)
    assert len(received) == 1 and "[400] payment.succeeded msg_" in out and "pwned" in out, out
    assert not CONTROL.search(out), repr(out)


# C1 (with CSI and NEL), DEL, bidi embeddings/overrides/isolates/marks, the Arabic letter mark
STEERING = "\x9b2J\x85\x7f \u202eevil\u202a\u202c \u2066x\u2069 \u200e\u200f\u061c"
READABLE = "café ✓ 😀 日本"
RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")

STEERING_JS = f"""
function handler(webhook) {{
  if (webhook.eventType !== "payment.succeeded") return webhook;
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {{type: "person", identifiers: {{id: "42"}}, action: "identify",
                     attributes: {{note: {json.dumps(STEERING)}, name: {json.dumps(READABLE)}}}}};
  return webhook;
}}
"""


def assert_safe_json(text: str) -> Any:
    """`text` carries no raw steering character, keeps non-ASCII letters readable, and parses back."""
    assert not RAW_IN_JSON.search(text), repr(text)
    return json.loads(text)


def test_printable_json_escapes_steering_characters_and_round_trips():
    value = {"k" + STEERING: [STEERING, READABLE, "\ud800 lone", "line\u2028sep", "tab\tnl\n\x1b"]}
    for indent in (None, 2):
        text = printable_json(value, indent=indent)
        assert assert_safe_json(text) == value
        assert READABLE in text and "\\u009b2J" in text and "\\u202eevil" in text and "\\ud800 lone" in text
        assert "\\u001b" in text and "\\t" in text  # C0 as the encoder has always written it
    assert printable_json({"a": 1.5, "b": None}) == json.dumps({"a": 1.5, "b": None}, indent=2)


def dodo_cio(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def test_run_and_check_json_escape_steering_characters_from_a_transform(tmp_path, capsys):
    t = tmp_path / "steer.js"
    t.write_text(STEERING_JS)
    code, out, _ = dodo_cio(capsys, "run", str(t), "-e", "payment.succeeded", "--json")
    assert code == 0, out
    assert assert_safe_json(out)["webhook"]["payload"]["attributes"] == {"note": STEERING, "name": READABLE}
    assert READABLE in out
    code, out, _ = dodo_cio(capsys, "check", str(t), "--json")
    [routed] = [r for r in assert_safe_json(out)["results"] if r["status"] == "routed"]
    assert routed["webhook"]["payload"]["attributes"]["note"] == STEERING


def test_fixtures_show_escapes_steering_characters_from_a_user_fixture(tmp_path, capsys):
    (tmp_path / "mine.json").write_text(json.dumps({"type": "custom.event", "data": {"note": STEERING + READABLE}}))
    code, out, _ = dodo_cio(capsys, "fixtures", "show", "mine", "--fixtures", str(tmp_path))
    assert code in (0, None)
    assert assert_safe_json(out)["data"]["note"] == STEERING + READABLE and READABLE in out


def test_relay_json_log_lines_escape_steering_characters():
    stream = io.StringIO()
    Output("json", stream=stream).info("received", webhook_id="msg_" + STEERING, detail=READABLE)
    line = stream.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1
    doc = assert_safe_json(line)
    assert doc["webhook_id"] == "msg_" + STEERING and READABLE in line


def test_trigger_shows_a_relay_answer_without_steering_characters():
    for body in ({"error": STEERING, "note": READABLE}, "\x1b]0;pwned\x07" + STEERING + READABLE):
        answer = RelayAnswer("payment.succeeded", "msg_1", 400, body)
        line = format_answer(answer)
        assert not CONTROL.search(line) and not RAW_IN_JSON.search(line) and READABLE in line, repr(line)
        out = answer_json(answer)
        assert "\n" not in out and READABLE in out
        assert assert_safe_json(out)["response"] == body
