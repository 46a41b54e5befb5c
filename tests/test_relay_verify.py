"""The relay's request checks: each bad input gets its status and reason, a good one passes."""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from runner.relay.trigger import sign
from runner.relay.verify import Accepted, Rejected, Verifier, envelope_problem

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()
OTHER = "whsec_" + base64.b64encode(os.urandom(24)).decode()
ENVELOPE = {
    "business_id": "bus_1",
    "type": "payment.succeeded",
    "timestamp": "2026-01-14T13:26:02Z",
    "data": {"payment_id": "pay_1"},
}
BODY = json.dumps(ENVELOPE).encode()


def check(body: bytes = BODY, headers: dict | None = None, secrets=(SECRET,), **kw) -> Accepted | Rejected:
    h = sign(SECRET, body) if headers is None else headers
    return Verifier(secrets, **kw).check(h, body)


def test_a_signed_envelope_is_accepted():
    result = check()
    assert isinstance(result, Accepted)
    assert result.event_type == "payment.succeeded"
    assert result.webhook_id.startswith("msg_")


@pytest.mark.parametrize(
    "mutate, status, reason",
    [
        (lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b), 401, "missing_signature"),
        (lambda h, b: (h, b.replace(b"pay_1", b"pay_2")), 401, "bad_signature"),
        (lambda h, b: ({**h, "webhook-signature": "garbage"}, b), 401, "bad_signature"),
        (lambda h, b: ({**h, "webhook-timestamp": "yesterday"}, b), 401, "bad_timestamp"),
        (lambda h, b: ({**h, "content-type": "text/plain"}, b), 415, "unsupported_media_type"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "content-type"}, b), 415, "unsupported_media_type"),
    ],
)
def test_bad_requests_get_their_status(mutate, status, reason):
    headers, body = mutate(sign(SECRET, BODY), BODY)
    result = Verifier([SECRET]).check(headers, body)
    assert isinstance(result, Rejected)
    assert (result.status, result.reason) == (status, reason)


@pytest.mark.parametrize("minutes, word", [(-6, "too old"), (6, "too new")])
def test_a_timestamp_outside_five_minutes_is_401(minutes, word):
    when = datetime.now(tz=timezone.utc) + timedelta(minutes=minutes)
    result = check(headers=sign(SECRET, BODY, now=when))
    assert isinstance(result, Rejected) and (result.status, result.reason) == (401, "stale_timestamp")
    assert word in result.message


def test_a_timestamp_four_minutes_old_passes():
    when = datetime.now(tz=timezone.utc) - timedelta(minutes=4)
    assert isinstance(check(headers=sign(SECRET, BODY, now=when)), Accepted)


def test_rotation_accepts_either_secret_and_either_signature():
    headers = sign(OTHER, BODY)
    assert isinstance(check(headers=headers), Rejected)
    assert isinstance(check(headers=headers, secrets=(SECRET, OTHER)), Accepted)
    both = {
        **headers,
        "webhook-signature": sign(
            SECRET,
            BODY,
            webhook_id=headers["webhook-id"],
            now=datetime.fromtimestamp(int(headers["webhook-timestamp"]), tz=timezone.utc),
        )["webhook-signature"]
        + " "
        + headers["webhook-signature"],
    }
    assert isinstance(check(headers=both, secrets=(OTHER,)), Accepted)


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"{not json", "not_json"),
        (b"[1,2]", "not_envelope"),
        (json.dumps({**ENVELOPE, "data": "x"}).encode(), "not_envelope"),
        (json.dumps({k: v for k, v in ENVELOPE.items() if k != "type"}).encode(), "not_envelope"),
    ],
)
def test_signed_but_not_an_envelope_is_400(body, reason):
    result = check(body=body, headers=sign(SECRET, body))
    assert isinstance(result, Rejected) and (result.status, result.reason) == (400, reason)


def test_over_the_size_limit_is_413_before_anything_else():
    big = json.dumps({**ENVELOPE, "data": {"x": "a" * 2000}}).encode()
    result = Verifier([SECRET], max_body=1000).check({}, big)
    assert isinstance(result, Rejected) and result.status == 413


def test_skip_verify_accepts_unsigned_and_invents_an_id():
    result = check(headers={"content-type": "application/json"}, skip=True)
    assert isinstance(result, Accepted) and result.webhook_id.startswith("msg_unsigned_")


def test_the_verifier_never_shows_its_secret():
    v = Verifier([SECRET])
    assert SECRET not in repr(v) and SECRET[6:] not in repr(v)
    rejected = v.check({**sign(OTHER, BODY)}, BODY)
    assert SECRET[6:] not in json.dumps(rejected.to_json())


def test_envelope_problem_names_the_field():
    assert envelope_problem(ENVELOPE) == ""
    assert "business_id" in envelope_problem({k: v for k, v in ENVELOPE.items() if k != "business_id"})
