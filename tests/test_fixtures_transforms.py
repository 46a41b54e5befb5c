"""The shipped transforms read real values from the shipped fixtures (run in QuickJS itself)."""

from __future__ import annotations

import json

import quickjs

from runner.fixtures import find_fixture
from runner.transforms import load_transforms
from runner.webhook import build_webhook

TRANSFORMS = {t.name: t for t in load_transforms()}


def run(transform: str, event_type: str) -> dict:
    context = quickjs.Context()
    context.eval(TRANSFORMS[transform].source)
    webhook = json.dumps(build_webhook(find_fixture(event_type).envelope))
    return json.loads(context.eval(f"JSON.stringify(handler({webhook}))"))


def test_payment_succeeded_gives_the_documented_amount() -> None:
    attributes = run("track_payments.js", "payment.succeeded")["payload"]["attributes"]
    assert attributes["payment_amount"] == "29.99"
    assert (attributes["email"], attributes["name"], attributes["currency"]) == ("jane@example.com", "Jane Doe", "USD")
    assert attributes["payment_method"] == "card"


def test_subscription_events_fill_every_attribute() -> None:
    started = run("track_subscriptions.js", "subscription.active")["payload"]
    assert started["attributes"]["amount"] == "19.99"
    assert started["attributes"]["frequency"] == "Month"
    cancelled = run("track_subscriptions.js", "subscription.cancelled")["payload"]["attributes"]
    assert cancelled["cancelled_at"] and cancelled["cancel_at_next_billing"] is True
    assert None not in started["attributes"].values() and None not in cancelled.values()
