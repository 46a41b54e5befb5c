"""The three documented transforms, byte-for-byte, give exactly the documented payloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from runner.fixtures import EVENT_TYPES
from runner.pipeline import RunOptions, run_event
from runner.resources import data_dir

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "transforms"
# SHA-256 of the three files as Dodo's Customer.io page shows them (the seed copies in
# ../shared/seed/transforms): the shipped files are checked against these without ../shared.
DOCUMENTED_SHA256 = {
    "track_attributes": "01b513112f59971c4febdd59dde39978b4463517dc287f34af7253cb383b88b1",
    "track_payments": "e661c33fc99e982cce3baf8d5c6324ded1a7cf6dac7054200c3a7ee18350e887",
    "track_subscriptions": "1edb848d2c37832142707497b978766d0e812ec0acfae8f43c301ea3dbe2e73a",
}
SEEDS = sorted(DOCUMENTED_SHA256)
HANDLED = {
    "track_payments": {"payment.succeeded"},
    "track_attributes": {"payment.succeeded"},
    "track_subscriptions": {"subscription.active", "subscription.cancelled"},
}
ENTITY = "https://track.customer.io/api/v2/entity"


def person(customer: dict, action: str, name: str, attributes: dict) -> dict:
    """The Track v2 body the documented transforms build."""
    return {
        "type": "person",
        "identifiers": {"id": customer["customer_id"]},
        "action": action,
        "name": name,
        "attributes": attributes,
    }


@pytest.mark.parametrize("stem", SEEDS)
def test_shipped_transforms_are_the_documented_bytes(stem):
    shipped = (data_dir("transforms") / f"{stem}.js").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == DOCUMENTED_SHA256[stem]


@pytest.mark.skipif(
    not SHARED_SEED.is_dir(), reason="optional: the seed folder ../shared/seed is not beside this checkout"
)
def test_the_recorded_hashes_are_those_of_the_seed_copies():
    assert {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHARED_SEED.glob("*.js")} == DOCUMENTED_SHA256


def test_track_payments(sandbox, seed_transform, envelope):
    env = envelope("payment.succeeded")
    data = env["data"]
    r = run_event(sandbox, seed_transform("track_payments"), env)
    assert r.status == "routed"
    assert r.webhook["method"] == "POST" and r.webhook["url"] == ENTITY
    assert r.webhook["payload"] == person(
        data["customer"],
        "payment_completed",
        "Payment Completed",
        dict(
            email=data["customer"]["email"],
            name=data["customer"]["name"],
            payment_amount="29.99",
            payment_method=data["payment_method"],
            payment_id=data["payment_id"],
            currency="USD",
        ),
    )
    assert data["total_amount"] == 2999


def test_track_payments_defaults(sandbox, seed_transform, envelope):
    env = envelope("payment.succeeded")
    env["data"]["currency"] = None
    env["data"]["payment_method"] = None
    env["data"]["total_amount"] = 5
    attrs = run_event(sandbox, seed_transform("track_payments"), env).webhook["payload"]["attributes"]
    assert (attrs["currency"], attrs["payment_method"], attrs["payment_amount"]) == ("USD", "unknown", "0.05")


def test_track_subscriptions(sandbox, seed_transform, envelope):
    active = envelope("subscription.active")
    s = active["data"]
    r = run_event(sandbox, seed_transform("track_subscriptions"), active)
    assert r.status == "routed" and r.webhook["url"] == ENTITY
    assert r.webhook["payload"] == person(
        s["customer"],
        "subscription_started",
        "Subscription Started",
        dict(
            email=s["customer"]["email"],
            subscription_id=s["subscription_id"],
            product_id=s["product_id"],
            amount=f"{s['recurring_pre_tax_amount'] / 100:.2f}",
            frequency=s["payment_frequency_interval"],
            next_billing=s["next_billing_date"],
        ),
    )
    assert r.webhook["payload"]["attributes"]["amount"] == "19.99"
    cancelled = envelope("subscription.cancelled")
    c = cancelled["data"]
    r = run_event(sandbox, seed_transform("track_subscriptions"), cancelled)
    assert r.webhook["payload"] == person(
        c["customer"],
        "subscription_cancelled",
        "Subscription Cancelled",
        dict(
            email=c["customer"]["email"],
            subscription_id=c["subscription_id"],
            cancelled_at=c["cancelled_at"],
            cancel_at_next_billing=c["cancel_at_next_billing_date"],
        ),
    )
    assert c["cancelled_at"]


def test_track_attributes(sandbox, seed_transform, envelope):
    env = envelope("payment.succeeded")
    p = env["data"]
    r = run_event(sandbox, seed_transform("track_attributes"), env)
    assert r.webhook["payload"] == person(
        p["customer"],
        "identify",
        "Customer Identified",
        dict(
            email=p["customer"]["email"],
            name=p["customer"]["name"],
            total_spent="29.99",
            payment_method=p["payment_method"],
            last_payment_date=env["timestamp"],
            customer_since=env["timestamp"],
        ),
    )


@pytest.mark.parametrize("stem", SEEDS)
def test_every_other_event_is_left_unchanged(sandbox, seed_transform, envelope, stem):
    transform = seed_transform(stem)
    for event_type in EVENT_TYPES:
        r = run_event(sandbox, transform, envelope(event_type), options=RunOptions(hints=False))
        expected = "routed" if event_type in HANDLED[stem] else "unchanged"
        assert r.status == expected, (event_type, r.error)


def test_documented_examples_get_the_documented_customerio_verdicts(sandbox, seed_transform, envelope):
    payments = run_event(sandbox, seed_transform("track_payments"), envelope("payment.succeeded"))
    [error] = [f for f in payments.findings if f.severity == "error"]
    assert error.path == "payload.action"
    assert 'action: "event", name: "payment_completed"' in error.fix
    subs = run_event(sandbox, seed_transform("track_subscriptions"), envelope("subscription.active"))
    assert any(f.severity == "error" and f.path == "payload.action" for f in subs.findings)
    attrs = run_event(sandbox, seed_transform("track_attributes"), envelope("payment.succeeded"))
    assert not [f for f in attrs.findings if f.severity == "error"]
    warnings = {f.code for f in attrs.findings if f.severity == "warning"}
    assert "identify_name_ignored" in warnings
    assert "attribute_iso_date" in warnings
