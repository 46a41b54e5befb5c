"""The shipped fixtures are what Dodo sends: strict SDK validation and one consistent story."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Annotated, Any, Union, get_args

import pytest
from dodopayments.types import UnwrapWebhookEvent, WebhookEventType
from pydantic import BaseModel, Field, TypeAdapter

from runner.fixtures import EVENT_TYPES, FAMILIES, Fixture, load_fixtures
from runner.resources import data_dir

# A real discriminated union: a bad "type" gives one error instead of ~490 (dodo-webhooks.md §6).
# `Union[...]`, not `|` (UP007): the members are a runtime tuple.
WEBHOOK_EVENT = TypeAdapter(
    Annotated[Union[get_args(get_args(UnwrapWebhookEvent)[0])], Field(discriminator="type")],  # noqa: UP007
)
SHIPPED = load_fixtures()
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def by_type(event_type: str) -> dict[str, Any]:
    return next(f.envelope for f in SHIPPED if f.event_type == event_type)


def walk(value: Any, path: str = "") -> Any:
    """Yield (path, key, value) for every key of every object in a JSON document."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield path, key, child
            yield from walk(child, f"{path}.{key}")
    elif isinstance(value, list):
        for child in value:
            yield from walk(child, f"{path}.[]")


def model_extras(model: Any, path: str = "") -> Any:
    """Every field the SDK models do not declare (they accept extras silently)."""
    if isinstance(model, BaseModel):
        for key in model.model_extra or {}:
            yield f"{path}.{key}"
        for name in type(model).model_fields:
            yield from model_extras(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, list):
        for item in model:
            yield from model_extras(item, f"{path}.[]")


def test_one_fixture_per_sdk_event_type() -> None:
    sdk_types = get_args(WebhookEventType)
    assert len(sdk_types) == 48
    assert EVENT_TYPES == sdk_types
    assert sorted(f.event_type for f in SHIPPED) == sorted(sdk_types)
    assert {f.path.name for f in SHIPPED} == {f"{t}.json" for t in sdk_types}


def test_families_partition_the_event_types() -> None:
    sizes = {family: len(types) for family, types in FAMILIES.items()}
    assert sizes == {
        "payment": 4,
        "refund": 2,
        "dispute": 7,
        "subscription": 12,
        "license_key": 1,
        "payout": 5,
        "credit": 9,
        "abandoned_checkout": 2,
        "dunning": 2,
        "entitlement_grant": 4,
    }
    for family, types in FAMILIES.items():
        assert all(t.startswith(f"{family}.") for t in types)


@pytest.mark.parametrize("fixture", SHIPPED, ids=lambda f: f.name)
def test_fixture_validates_strictly_against_the_sdk(fixture: Fixture) -> None:
    event = WEBHOOK_EVENT.validate_json(fixture.path.read_bytes(), strict=True)
    assert event.type == fixture.event_type == fixture.name
    # Only the wire's `data.payload_type` is undeclared; anything else is a misspelt field.
    assert list(model_extras(event)) == [".data.payload_type"]


@pytest.mark.parametrize("fixture", SHIPPED, ids=lambda f: f.name)
def test_fixture_file_format(fixture: Fixture) -> None:
    text = fixture.path.read_text(encoding="utf-8")
    assert text == json.dumps(fixture.envelope, indent=2, ensure_ascii=False) + "\n"
    assert list(fixture.envelope) == ["business_id", "type", "timestamp", "data"]
    for path, key, value in walk(fixture.envelope):
        if isinstance(value, str) and (key == "timestamp" or key.endswith(("_at", "_date"))):
            assert ISO_Z.match(value), f"{fixture.name}{path}.{key} = {value!r}"


def test_the_wrong_type_gets_one_clear_error() -> None:
    envelope = dict(by_type("payment.succeeded"), type="payment.refunded")
    with pytest.raises(Exception) as exc:
        WEBHOOK_EVENT.validate_python(envelope)
    assert exc.value.error_count() == 1


def test_ids_are_consistent_across_fixtures() -> None:
    seen: dict[str, set] = defaultdict(set)
    for fixture in SHIPPED:
        seen["business_id"].add(fixture.envelope["business_id"])
        for _, key, value in walk(fixture.envelope["data"]):
            if (
                key
                in (
                    "business_id",
                    "brand_id",
                    "customer_id",
                    "subscription_id",
                    "payment_id",
                    "product_id",
                    "credit_entitlement_id",
                    "entitlement_id",
                )
                and value is not None
            ):
                seen[key].add(value)
            if key == "customer" and value is not None:
                seen["customer"].add((value["customer_id"], value["email"], value["name"]))
            if isinstance(value, str):
                for prefix in ("bus_", "cus_", "sub_", "pdt_"):
                    if value.startswith(prefix):
                        seen[prefix].add(value)
    assert {k: len(v) for k, v in seen.items() if len(v) != 1} == {}
    (customer,) = seen["customer"]
    assert customer[1:] == ("jane@example.com", "Jane Doe")
    assert seen["brand_id"] == seen["business_id"]
    assert set(seen) >= {"business_id", "customer_id", "subscription_id", "payment_id", "product_id"}


def test_every_fixture_carries_its_wire_payload_type() -> None:
    expected = {
        "payment": "Payment",
        "refund": "Refund",
        "dispute": "Dispute",
        "subscription": "Subscription",
        "license_key": "LicenseKey",
        "payout": "Payout",
        "credit": "CreditLedgerEntry",
        "abandoned_checkout": "AbandonedCheckout",
        "dunning": "DunningAttempt",
        "entitlement_grant": "EntitlementGrant",
    }
    for fixture in SHIPPED:
        want = "CreditBalanceLow" if fixture.event_type == "credit.balance_low" else expected[fixture.family]
        assert fixture.envelope["data"]["payload_type"] == want, fixture.name


def test_status_fields_follow_the_event() -> None:
    for fixture in SHIPPED:
        data, suffix = fixture.envelope["data"], fixture.event_type.split(".", 1)[1]
        if fixture.family == "payment":
            assert data["status"] == suffix
        elif fixture.family == "dispute":
            assert data["dispute_status"] == f"dispute_{suffix}"
        elif fixture.family == "refund":
            assert data["status"] == suffix
        elif fixture.family == "entitlement_grant" and suffix != "created":
            assert data["status"] == suffix.capitalize()


def test_values_the_shipped_transforms_rely_on() -> None:
    paid = by_type("payment.succeeded")["data"]
    assert (paid["total_amount"], paid["currency"]) == (2999, "USD")
    assert f"{paid['total_amount'] / 100:.2f}" == "29.99"
    active = by_type("subscription.active")["data"]
    assert (active["recurring_pre_tax_amount"], active["payment_frequency_interval"]) == (1999, "Month")
    cancelled = by_type("subscription.cancelled")["data"]
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    assert isinstance(cancelled["cancel_at_next_billing_date"], bool)
    failed = by_type("payment.failed")["data"]
    assert failed["error_code"] and failed["error_message"]
    assert by_type("subscription.renewed")["data"]["payment_id"]
    assert by_type("subscription.past_due")["data"]["past_due_ends_at"]
    assert by_type("subscription.paused")["data"]["paused_at"]


def test_shipped_dir_is_the_repo_fixtures_folder() -> None:
    assert {f.path.parent for f in SHIPPED} == {data_dir("fixtures")}


@pytest.mark.parametrize("fixture", SHIPPED, ids=lambda f: f.name)
def test_the_event_happens_after_what_it_reports(fixture: Fixture) -> None:
    data, at = fixture.envelope["data"], fixture.envelope["timestamp"]
    for key in ("created_at", "updated_at", "cancelled_at", "paused_at", "delivered_at", "revoked_at", "abandoned_at"):
        if data.get(key):
            assert data[key] <= at, f"{fixture.name}: data.{key} {data[key]} is after the event {at}"
