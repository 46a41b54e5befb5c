"""`trigger`'s event building: --set overrides and Dodo-style signing."""

from __future__ import annotations

import base64
import json
import os

import pytest
from standardwebhooks import Webhook

from runner import strictjson
from runner.errors import UserError
from runner.relay.trigger import apply_sets, new_webhook_id, parse_value, signed_request

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()


def test_values_parse_as_json_when_they_can():
    assert parse_value("42") == 42
    assert parse_value("true") is True
    assert parse_value('{"a": [1]}') == {"a": [1]}
    assert parse_value("x@y.z") == "x@y.z"
    assert parse_value("null") is None


def test_values_that_are_not_strict_json_stay_strings():
    for text in ("NaN", "-Infinity", '{"a": NaN}', "[1, Infinity]", "[1,", "\ud800x"):
        assert parse_value(text) == text


@pytest.mark.parametrize("value", ["[" * 5000, "[" * 300 + "]" * 300, '{"a":' * 400 + "1" + "}" * 400])
def test_a_value_nested_past_the_limit_is_a_usage_error_naming_set(value):
    with pytest.raises(UserError) as exc:
        apply_sets({"data": {}}, [f"data.x={value}"])
    assert exc.value.exit_code == 2
    assert str(exc.value).startswith("--set data.x: the value nests ") and "the limit is 254" in str(exc.value)
    assert exc.value.fix == "give data.x a value that nests at most 254 levels"


def test_a_value_at_the_limit_makes_an_event_the_relay_accepts():
    out = apply_sets({"data": {}}, ["data.x=" + "[" * 254 + "]" * 254])
    assert strictjson.loads(json.dumps(out)) == out
    with pytest.raises(UserError, match="the limit is 253"):
        apply_sets({"data": {}}, ["data.x.y=" + "[" * 254 + "]" * 254])


def test_sets_apply_to_a_copy_and_create_objects():
    env = {"type": "payment.succeeded", "data": {"customer": {"email": "a@b.c"}, "items": [{"n": 1}]}}
    out = apply_sets(
        env, ["data.customer.email=x@y.z", "data.total_amount=500", "data.metadata.plan=pro", "data.items.0.n=7"]
    )
    assert out["data"]["customer"]["email"] == "x@y.z"
    assert out["data"]["total_amount"] == 500
    assert out["data"]["metadata"] == {"plan": "pro"}
    assert out["data"]["items"][0]["n"] == 7
    assert env["data"]["customer"]["email"] == "a@b.c"


@pytest.mark.parametrize("bad", ["no-equals", "data..x=1", "data.items.5.n=1"])
def test_bad_sets_say_how_to_write_them(bad):
    env = {"data": {"items": [{"n": 1}]}}
    with pytest.raises(UserError):
        apply_sets(env, [bad])


def test_signed_requests_verify_with_the_standard_library():
    body, headers = signed_request(SECRET, {"type": "x"})
    assert Webhook(SECRET).verify(body, headers) == {"type": "x"}
    assert headers["webhook-id"].startswith("msg_") and len(headers["webhook-id"]) == 30
    assert headers["content-type"] == "application/json"


def test_webhook_ids_are_fresh():
    assert len({new_webhook_id() for _ in range(100)}) == 100


def test_a_set_path_the_event_lacks_is_warned_about_with_a_guess():
    from runner.fixtures import find_fixture
    from runner.relay.trigger import unknown_set_paths

    envelope = find_fixture("payment.succeeded").envelope
    warnings = unknown_set_paths(
        envelope, ["data.nosuch.deep=1", "data.customer.emial=x", "data.metadata.seq=1", "data.customer.email=y"]
    )
    assert warnings == [
        "--set data.nosuch.deep: data has no field 'nosuch'; it was added",
        "--set data.customer.emial: data.customer has no field 'emial'; "
        "it was added (did you mean data.customer.email?)",
    ]
