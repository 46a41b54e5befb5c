"""Counts read as English: `1 header`, `2 headers`, never `header(s)` (issue 12, item 17).

The scan reads every string literal in the package (f-strings included), so a new
"(s)" in a message fails here; the other tests pin the messages that had one.
"""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path

import pytest

from runner.customerio.client import TrackClient
from runner.customerio.credentials import Credentials
from runner.errors import UserError
from runner.relay.config import build_config
from runner.relay.verify import Rejected, Verifier

SITE, KEY = "site-plurals", "key-plurals-0123"
RUNNER = Path(__file__).resolve().parent.parent / "runner"
LAZY_PLURAL = re.compile(r"\w\((?:s|es)\)")  # "request(s)", "match(es)"; not "http(s)" (a scheme, not a count)


def literals(path: Path) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_message_in_the_package_says_s_in_brackets():
    found = [
        f"{path.relative_to(RUNNER.parent)}:{line}: {text!r}"
        for path in sorted(RUNNER.rglob("*.py"))
        for line, text in literals(path)
        if LAZY_PLURAL.search(text.replace("http(s)", ""))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("drop", "reason"),
    [
        (("webhook-signature",), "missing 1 header: webhook-signature"),
        (("webhook-id", "webhook-timestamp"), "missing 2 headers: webhook-id, webhook-timestamp"),
    ],
)
def test_the_relay_names_the_missing_headers(drop, reason):
    headers = {
        "content-type": "application/json",
        "webhook-id": "msg_1",
        "webhook-timestamp": "1",
        "webhook-signature": "v1,x",
    }
    result = Verifier(["whsec_" + "A" * 32]).check({k: v for k, v in headers.items() if k not in drop}, b"{}")
    assert isinstance(result, Rejected) and result.status == 401 and result.reason == "missing_signature"
    assert result.message == reason


@pytest.mark.parametrize(
    ("toml", "message"),
    [("[relays]\n", "1 unknown section: relays"), ("[a]\n[b]\n", "2 unknown sections: a, b")],
)
def test_the_relay_config_counts_unknown_sections(tmp_path, toml, message):
    (tmp_path / "relay.toml").write_text(toml)
    with pytest.raises(UserError) as raised:
        build_config([], config_file=tmp_path / "relay.toml", environ={})
    assert raised.value.message == message


def test_a_207_counts_the_rejected_items(emu, caplog):
    good = {"type": "person", "identifiers": {"id": "c1"}, "action": "event", "name": "paid", "attributes": {}}
    bad = {**good, "identifiers": {"id": "c2"}, "action": "payment_completed"}
    url = "https://track.customer.io/api/v2/entity"

    async def go():
        async with TrackClient(Credentials(SITE, KEY), base_url=emu.base_url) as client:
            items = [
                ({"method": "POST", "url": url, "headers": {}, "payload": p}, f"w{i}", "t.js")
                for i, p in enumerate([good, bad])
            ]
            return await client.deliver_many(items)

    outcomes = asyncio.run(go())
    assert [t["error"] for t in outcomes[1].tries] == ["1 batch item rejected (207)"]
    assert any(r.getMessage().endswith("failed after 1 attempt: 1 batch item rejected (207)") for r in caplog.records)
