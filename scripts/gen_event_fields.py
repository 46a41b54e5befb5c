"""Writes runner/event_fields.json: the field names of every Dodo webhook event, from the SDK.

Why a generated file: the schema hints (runner/hints.py) need to know which fields an event
type can have, and the runtime must not depend on the SDK (it is a test extra). Run it with
the test extra installed whenever the pinned `dodopayments` version changes, and commit the
result:

    .venv/bin/python scripts/gen_event_fields.py [OUTPUT]   (default: runner/event_fields.json)
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
    """The content of runner/event_fields.json for the installed SDK.

    Event types of one family ("payment.*") share a schema unless their fields differ."""
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
    return {
        # JSON has no comments: this key names the generator (runner/hints.py reads only events and schemas).
        "_generated_by": "scripts/gen_event_fields.py (do not edit; regenerate with "
        "`.venv/bin/python scripts/gen_event_fields.py`)",
        "sdk_version": version("dodopayments"),
        "events": events,
        "schemas": schemas,
    }


def render(doc: dict) -> str:
    return json.dumps(doc, indent=1) + "\n"


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        sys.exit("usage: python scripts/gen_event_fields.py [OUTPUT]")
    output = Path(argv[0]) if argv else EVENT_FIELDS
    output.write_text(render(derive_event_fields()), encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
