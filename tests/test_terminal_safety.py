"""No control character from a transform or a stored event reaches the operator's terminal."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time

from click.testing import CliRunner
from test_trigger_send import SECRET, answering_server

from runner.cli.outbox import outbox as outbox_cli
from runner.relay.store.base import TRANSFORM_ERROR, NewEvent, StoredResult
from runner.relay.store.sqlite import SQLiteStore
from runner.terminal import printable

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
    for out in (run_cli("run", str(t), "--event", "payment.succeeded"), run_cli("check", str(t))):
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
    for args in (["list", "--db", str(db)], ["show", "1", "--db", str(db)]):
        result = runner.invoke(outbox_cli, args)
        assert result.exit_code == 0, result.output
        assert "pwned" in result.output and not CONTROL.search(result.output), repr(result.output)


def test_trigger_escapes_what_the_relay_answers():
    # whatever listens at --to chooses the body trigger prints
    with answering_server(lambda envelope: (400, "text/plain", HOSTILE.encode())) as (url, received):
        out = run_cli("trigger", "payment.succeeded", "--to", url, "--secret", SECRET)
    assert len(received) == 1 and "[400] payment.succeeded msg_" in out and "pwned" in out, out
    assert not CONTROL.search(out), repr(out)
