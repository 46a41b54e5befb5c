"""runner/event_fields.json is derived from the SDK's webhook models, and this test keeps it so.

The runtime does not depend on the SDK (it is a test extra), so the schema hints read a
generated JSON file. When the SDK changes, this test fails; regenerate with

    .venv/bin/python tests/test_hints_event_fields.py --write
"""

from __future__ import annotations

import json
import sys
import types
import typing
from importlib.metadata import version
from pathlib import Path

import pydantic
from dodopayments.types import UnwrapWebhookEvent, WebhookEventType

EVENT_FIELDS = Path(__file__).resolve().parents[1] / "runner" / "event_fields.json"
FREE_FORM = "*"  # a dict with arbitrary keys (metadata): nothing below it is checked
LIST_ITEM = "[]"


def field_tree(annotation: typing.Any) -> typing.Any:
    """Field names reachable from a type: a dict per model, "[]" for list items, None for scalars."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return field_tree(args[0])
    if origin in (typing.Union, types.UnionType):
        variants = [field_tree(a) for a in args if a is not type(None)]
        if FREE_FORM in variants:
            return FREE_FORM
        merged: dict = {}
        for variant in variants:
            if isinstance(variant, dict):
                merged.update(variant)
        return merged or None
    if origin in (list, tuple, set, frozenset):
        return {LIST_ITEM: field_tree(args[0]) if args else None}
    if origin is dict or annotation in (dict, typing.Any, object):
        return FREE_FORM
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return {(f.alias or name): field_tree(f.annotation) for name, f in annotation.model_fields.items()}
    return None


def derive_event_fields() -> dict:
    """The content of runner/event_fields.json for the installed SDK."""
    models = typing.get_args(typing.get_args(UnwrapWebhookEvent)[0])
    trees: dict[str, dict] = {}
    for model in models:
        (event_type,) = typing.get_args(model.model_fields["type"].annotation)
        tree = field_tree(model)
        tree["data"]["payload_type"] = None  # on the wire, not in the models (they allow extras)
        trees[event_type] = tree
    schemas: dict[str, dict] = {}
    events: dict[str, str] = {}
    for event_type in typing.get_args(WebhookEventType):
        family = event_type.split(".")[0]
        key = family if schemas.get(family, trees[event_type]) == trees[event_type] else event_type
        schemas.setdefault(key, trees[event_type])
        events[event_type] = key
    return {"sdk_version": version("dodopayments"), "events": events, "schemas": schemas}


def render(doc: dict) -> str:
    return json.dumps(doc, indent=1) + "\n"


def test_event_fields_json_matches_the_sdk_models() -> None:
    derived = derive_event_fields()
    shipped = json.loads(EVENT_FIELDS.read_text())
    assert shipped == derived, "SDK models changed: run `.venv/bin/python tests/test_hints_event_fields.py --write`"


def test_every_dodo_event_type_has_a_schema() -> None:
    from runner.fixtures import EVENT_TYPES

    doc = json.loads(EVENT_FIELDS.read_text())
    assert tuple(doc["events"]) == EVENT_TYPES
    assert set(doc["events"].values()) == set(doc["schemas"])


def test_generator_reads_nested_models_lists_and_free_form_dicts() -> None:
    payment = derive_event_fields()["schemas"]["payment"]["data"]
    assert payment["customer"]["phone_number"] is None
    assert "phone" not in payment["customer"]
    assert payment["metadata"] == FREE_FORM
    assert payment["product_cart"] == {LIST_ITEM: {"product_id": None, "quantity": None}}
    assert "restricted_to" in payment["discounts"][LIST_ITEM]


def test_credit_balance_low_gets_its_own_schema() -> None:
    doc = derive_event_fields()
    assert doc["events"]["credit.added"] == "credit"
    assert doc["events"]["credit.balance_low"] == "credit.balance_low"
    assert "threshold_percent" in doc["schemas"]["credit.balance_low"]["data"]
    assert "threshold_percent" not in doc["schemas"]["credit"]["data"]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_hints_event_fields.py --write")
    EVENT_FIELDS.write_text(render(derive_event_fields()))
    print(f"wrote {EVENT_FIELDS}")
