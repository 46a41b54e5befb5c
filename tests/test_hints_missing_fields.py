"""Schema hints: only reads that are `undefined` in production for the event type are reported."""

from __future__ import annotations

from typing import Any

import pytest

from runner.fixtures import load_fixtures
from runner.hints import missing_field_findings


def paths_in(value: Any, prefix: str) -> list[str]:
    """Every field path of a fixture as the sandbox would record it (lists as [])."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, child in value.items():
            out.append(f"{prefix}.{key}")
            if key != "metadata":
                out.extend(paths_in(child, f"{prefix}.{key}"))
    elif isinstance(value, list):
        out.append(f"{prefix}.[]")
        for child in value:
            out.extend(paths_in(child, f"{prefix}.[]"))
    return out


def only(findings: list) -> Any:
    assert len(findings) == 1, findings
    return findings[0]


def test_a_field_the_event_never_has_is_reported() -> None:
    finding = only(missing_field_findings("subscription.active", ["payload.data.plan"]))
    assert (finding.severity, finding.code, finding.path) == ("warning", "unknown_field", "payload.data.plan")
    assert "undefined" in finding.message and "subscription.active" in finding.message
    assert "fixtures show subscription.active" in finding.fix


def test_customer_phone_suggests_phone_number() -> None:
    for event_type in ("payment.succeeded", "subscription.cancelled", "refund.succeeded"):
        finding = only(missing_field_findings(event_type, ["payload.data.customer.phone"]))
        assert finding.path == "payload.data.customer.phone"
        assert finding.fix == "did you mean payload.data.customer.phone_number?"


def test_optional_fields_a_sample_omits_are_not_reported() -> None:
    reads = [
        "payload.data.customer.phone_number",
        "payload.data.discounts.[].code",
        "payload.data.card_holder_name",
        "payload.data.refunds.[].reason",
        "payload.data.product_cart.[]",
        "payload.data.payload_type",
    ]
    assert missing_field_findings("payment.succeeded", reads) == []
    assert missing_field_findings("subscription.active", ["payload.data.scheduled_change.product_name"]) == []


def test_free_form_parts_are_never_reported() -> None:
    reads = [
        "payload.data.metadata.anything",
        "payload.data.metadata.a.b",
        "payload.data.customer.metadata.x",
        "env.CIO_SITE_ID",
        "headers.Authorization",
        "payload.data.discounts.[].metadata.k",
    ]
    assert missing_field_findings("payment.succeeded", reads) == []


def test_webhook_level_typo_suggests_the_documented_key() -> None:
    finding = only(missing_field_findings("payment.succeeded", ["event_type"]))
    assert (finding.code, finding.path) == ("unknown_webhook_field", "event_type")
    assert finding.fix == "did you mean webhook.eventType?"
    assert "undefined" in finding.message
    assert (
        only(missing_field_findings("payment.succeeded", ["timestamp"])).fix
        == "did you mean webhook.payload.timestamp?"
    )
    assert only(missing_field_findings("payment.succeeded", ["data"])).fix == "did you mean webhook.payload.data?"


def test_documented_webhook_keys_are_fine() -> None:
    keys = ["method", "url", "eventType", "payload", "cancel", "headers", "env"]
    assert missing_field_findings("payment.succeeded", keys) == []


def test_each_path_is_reported_once_in_read_order() -> None:
    reads = ["payload.data.plan", "payload.data.customer.phone", "payload.data.plan", "payload.data.customer.email"]
    findings = missing_field_findings("subscription.renewed", reads)
    assert [f.path for f in findings] == ["payload.data.plan", "payload.data.customer.phone"]


def test_unknown_event_type_has_no_payload_findings() -> None:
    assert missing_field_findings("custom.event", ["payload.data.plan", "payload.anything.at.all"]) == []


def test_schema_follows_the_event_type_not_just_the_family() -> None:
    assert missing_field_findings("credit.balance_low", ["payload.data.threshold_percent"]) == []
    assert only(missing_field_findings("credit.added", ["payload.data.threshold_percent"])).code == "unknown_field"
    assert only(missing_field_findings("dispute.opened", ["payload.data.customer"])).path == "payload.data.customer"


def test_suggestions_look_below_and_across() -> None:
    assert (
        only(missing_field_findings("payment.succeeded", ["payload.data.product_cart.product_id"])).fix
        == "did you mean payload.data.product_cart.[].product_id?"
    )
    assert (
        only(missing_field_findings("payment.succeeded", ["payload.data.email"])).fix
        == "did you mean payload.data.customer.email?"
    )
    assert (
        only(missing_field_findings("payment.succeeded", ["payload.data.totalAmount"])).fix
        == "did you mean payload.data.total_amount?"
    )
    assert only(missing_field_findings("payment.succeeded", ["payload.event_type"])).fix == "did you mean payload.type?"


def test_reading_into_a_plain_value() -> None:
    finding = only(missing_field_findings("payment.succeeded", ["payload.data.total_amount.value"]))
    assert "plain value" in finding.message
    assert finding.fix == "read `payload.data.total_amount` itself"


@pytest.mark.parametrize("fixture", load_fixtures(), ids=lambda f: f.name)
def test_every_field_of_every_shipped_fixture_is_known(fixture: Any) -> None:
    reads = ["payload", *paths_in(fixture.envelope, "payload")]
    assert missing_field_findings(fixture.event_type, reads) == []
