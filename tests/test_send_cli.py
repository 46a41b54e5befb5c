"""`dodo-cio send` end to end: transform, validation, delivery to the emulator, output, exit codes."""

from __future__ import annotations

import base64
import json
import re

import pytest

from runner.cli import main
from runner.customerio.ulid import event_ulid
from runner.resources import data_dir

SITE, KEY = "site-send-42", "key-send-0123456789ab"
BASIC = base64.b64encode(f"{SITE}:{KEY}".encode()).decode()
GOOD_JS = """
function handler(webhook) {
  if (webhook.eventType === "payment.succeeded") {
    const p = webhook.payload.data;
    webhook.url = "https://track.customer.io/api/v2/entity";
    webhook.payload = {type: "person", identifiers: {id: p.customer.customer_id}, action: "event",
                       name: "payment_completed", attributes: {amount: p.total_amount, plan: webhook.env.PLAN}};
  }
  return webhook;
}
"""


@pytest.fixture
def emu(emu, monkeypatch):
    monkeypatch.setenv("CUSTOMERIO_SITE_ID", SITE)
    monkeypatch.setenv("CUSTOMERIO_API_KEY", KEY)
    for name in ("CUSTOMERIO_REGION", "DODO_CIO_RATE_LIMIT", "DODO_CIO_CUSTOMERIO_URL"):
        monkeypatch.delenv(name, raising=False)
    return emu


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.js"
    path.write_text(GOOD_JS)
    return str(path)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    for text in (out, err):
        assert KEY not in text and BASIC not in text
    return exited.value.code, out, err


def test_send_delivers_and_shows_the_masked_request_and_the_response(emu, good, capsys):
    code, out, _ = cli(
        capsys, "send", good, "--event", "payment.succeeded", "--customerio-url", emu.base_url, "--env", "PLAN=pro"
    )
    assert code == 0
    assert (
        f"POST {emu.base_url}/api/v2/entity" in out
        and "(the transform's url: https://track.customer.io/api/v2/entity)" in out
    )
    assert "Authorization: Basic ****" in out and '"plan": "pro"' in out
    assert "200  in " in out and "(1 attempt)" in out and "delivered" in out
    [event] = emu.state.events(find_customer(emu))
    assert event["name"] == "payment_completed" and event["attributes"]["plan"] == "pro"


def find_customer(emu) -> str:
    [person] = emu.state.people()
    return person["identifiers"]["id"]


def test_send_json_and_a_fixed_webhook_id_give_the_same_event_id_twice(emu, good, capsys):
    args = (
        "send",
        good,
        "--event",
        "payment.succeeded",
        "--customerio-url",
        emu.base_url,
        "--webhook-id",
        "msg_fixed",
        "--json",
    )
    docs = [json.loads(cli(capsys, *args)[1]) for _ in range(2)]
    for doc in docs:
        assert doc["sent"] is True and doc["delivery"]["ok"] is True and doc["delivery"]["status"] == 200
        assert doc["delivery"]["request"]["headers"]["Authorization"] == "Basic ****"
        assert doc["delivery"]["request"]["body"]["id"] == event_ulid("msg_fixed", "good.js", 0)
    assert len(emu.state.events(find_customer(emu))) == 1 and emu.state.snapshot()["duplicate_events"] == 1


def test_error_findings_are_refused_unless_forced(emu, capsys):
    seed = str(data_dir("transforms") / "track_payments.js")
    code, out, _ = cli(capsys, "send", seed, "--event", "payment.succeeded", "--customerio-url", emu.base_url)
    assert code == 1 and "action_invalid" in out and "not sent: validation found errors" in out and "--force" in out
    assert emu.state.requests() == []
    code, out, _ = cli(
        capsys, "send", seed, "--event", "payment.succeeded", "--customerio-url", emu.base_url, "--force"
    )
    assert code == 1 and "400  in " in out and "failed (permanent)" in out and '"field": "action"' in out
    assert [r["status"] for r in emu.state.requests()] == [400]


def test_an_unhandled_event_sends_nothing_and_succeeds(emu, good, capsys):
    code, out, _ = cli(capsys, "send", good, "--event", "refund.succeeded", "--customerio-url", emu.base_url)
    assert code == 0 and "did not handle this event: nothing to send" in out and emu.state.requests() == []


def test_a_rejected_key_and_an_unreachable_api_exit_1(emu, good, capsys, monkeypatch):
    monkeypatch.setenv("CUSTOMERIO_API_KEY", "key-wrong-0000000000")
    code, out, _ = cli(capsys, "send", good, "--event", "payment.succeeded", "--customerio-url", emu.base_url)
    assert code == 1 and "401  in " in out and "Track API key" in out
    monkeypatch.setenv("CUSTOMERIO_API_KEY", KEY)
    emu.set_faults(queue=["503*5"])
    code, out, _ = cli(
        capsys, "send", good, "--event", "payment.succeeded", "--customerio-url", emu.base_url, "--max-attempts", "2"
    )
    assert code == 1 and "503" in out and "(2 attempts)" in out and "failed (retryable)" in out


def test_a_transform_error_exits_1_without_sending(emu, tmp_path, capsys):
    broken = tmp_path / "broken.js"
    broken.write_text("function handler(w) { return w.payload.data.nope.deeper; }")
    code, out, _ = cli(capsys, "send", str(broken), "--event", "payment.succeeded", "--customerio-url", emu.base_url)
    assert code == 1 and "exception" in out and "not sent: the transform failed" in out and emu.state.requests() == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--customerio-url", "ftp://x"), "is not an http(s) URL"),
        (("--region", "mars"), "unknown Customer.io region 'mars'"),
        ((), "give exactly one of --event TYPE or --payload FILE"),
    ],
)
def test_usage_errors_exit_2_with_a_fix(emu, good, capsys, argv, message):
    event = () if not argv else ("--event", "payment.succeeded")
    code, _, err = cli(capsys, "send", good, *event, *argv)
    assert code == 2 and message in err and "fix:" in err


def test_a_foreign_url_is_refused_and_an_allowed_one_gets_no_credentials(emu, tmp_path, capsys):
    foreign = tmp_path / "foreign.js"
    foreign.write_text(
        'function handler(w) { w.url = w.env.URL; w.payload = {type: "person", identifiers: {id: "1"}, '
        'action: "identify"}; return w; }'
    )
    host = emu.base_url.removeprefix("http://")
    args = ("send", str(foreign), "--event", "payment.succeeded", "--env", f"URL={emu.base_url}/api/v2/entity")
    code, out, _ = cli(capsys, *args)
    assert code == 1 and "Request (refused, not sent)" in out and f"{host} is not a Customer.io Track host" in out
    assert emu.state.requests() == []
    code, out, _ = cli(capsys, *args, "--allow-host", host)
    assert code == 1 and "401  in " in out  # it arrived, without our Authorization
    [logged] = emu.state.requests()
    assert logged["auth"] == "auth_missing" and "Authorization: " not in out


def test_the_example_transforms_send_a_v1_identify_and_an_object(emu, capsys):
    """transforms/examples: a v1 route (PUT with the id in the URL) and a v2 object, delivered by `send`."""
    examples = data_dir("transforms") / "examples"
    code, out, _ = cli(
        capsys,
        "send",
        str(examples / "v1_identify_customer.js"),
        "--event",
        "payment.succeeded",
        "--customerio-url",
        emu.base_url,
    )
    assert code == 0 and f"PUT {emu.base_url}/api/v1/customers/cus_" in out
    [jane] = emu.state.people()
    assert jane["attributes"]["email"] == "jane@example.com" and isinstance(jane["attributes"]["last_payment_at"], int)
    code, out, _ = cli(
        capsys,
        "send",
        str(examples / "subscription_object.js"),
        "--event",
        "subscription.active",
        "--customerio-url",
        emu.base_url,
    )
    assert code == 0
    [obj] = emu.state.snapshot()["objects"]
    assert (obj["object_type_id"], obj["attributes"]["status"]) == ("1", "active")
    assert emu.state.person(jane["identifiers"]["id"])["relationships"][0]["relationship_attributes"] == {
        "role": "subscriber"
    }


def test_send_refuses_a_wrong_method_with_the_fix(emu, tmp_path, capsys):
    path = tmp_path / "post_identify.js"
    path.write_text(
        'function handler(w) { w.url = "https://track.customer.io/api/v1/customers/42"; w.payload = {plan: "x"}; '
        "return w; }"
    )
    code, out, err = cli(capsys, "send", str(path), "--event", "payment.succeeded", "--customerio-url", emu.base_url)
    assert code == 1 and "method_not_allowed" in out + err and 'webhook.method = "PUT"' in out + err
    assert emu.state.requests() == []


def test_each_attempt_is_shown_when_a_delivery_is_retried(emu, good, capsys):
    emu.set_faults(queue=["503", "drop", "429@0"])
    code, out, _ = cli(
        capsys, "send", good, "--event", "payment.succeeded", "--customerio-url", emu.base_url, "--max-attempts", "4"
    )
    assert code == 0 and "delivered" in out
    attempts = out[out.index("Attempts") : out.index("Response")].splitlines()[1:]
    assert [line.split("]")[0].strip() for line in attempts if line.strip()] == [
        "1. [503",
        "2. [---",
        "3. [429",
        "4. [200",
    ]
    assert "retried after" in attempts[0] and "retried after" not in attempts[3]
    emu.set_faults(queue=["timeout@5"])
    code, out, _ = cli(
        capsys,
        "send",
        good,
        "--event",
        "payment.succeeded",
        "--customerio-url",
        emu.base_url,
        "--max-attempts",
        "2",
        "--http-timeout",
        "300ms",
    )
    assert "1. [---]" in out and "2. [200]" in out and "(2 attempts)" in out


def test_send_json_escapes_steering_characters_from_the_transform(emu, tmp_path, capsys):
    steering, readable = "\x9b2J\x85 \u202eevil \u2066x\u2069 \u200e\u200f\u061c", "café ✓ 😀"
    path = tmp_path / "steer.js"
    path.write_text(
        "function handler(w) { w.url = 'https://track.customer.io/api/v2/entity'; "
        "w.payload = {type: 'person', identifiers: {id: '42'}, action: 'identify', "
        f"attributes: {{note: {json.dumps(steering)}, name: {json.dumps(readable)}}}}}; return w; }}"
    )
    code, out, _ = cli(
        capsys, "send", str(path), "--event", "payment.succeeded", "--customerio-url", emu.base_url, "--json"
    )
    assert code == 0, out
    assert not re.search("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", out), repr(out)
    doc = json.loads(out)
    assert doc["delivery"]["request"]["body"]["attributes"] == {"note": steering, "name": readable}
    assert doc["result"]["webhook"]["payload"]["attributes"]["note"] == steering and readable in out
