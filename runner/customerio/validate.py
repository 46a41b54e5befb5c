"""Would Customer.io's Track API accept this request? The single source of truth.

`run`, `check`, the relay, the editor and the emulator all ask this module, so "valid" means
one thing everywhere. Rules follow the table in customerio-track-api.md §5 (codes and
severities in `rules.py`, limits in `limits.py`); this module holds the v2 operations and
routes every request by `routes.ROUTES`, the v1 routes' checks are in `validate_v1.py`. Plain
dict walking, no jsonschema: this runs once per event. Where the spec is looser than
Customer.io's documented limits (sizes, empty strings, >300 attributes), we follow the
documented limits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..findings import Finding
from . import limits as L
from .fields import (
    MERGE_ID_KEYS,
    Findings,
    check_attributes,
    check_device,
    check_event_fields,
    check_merge_sides,
    check_name,
    check_object_identifiers,
    check_person_identifiers,
    check_relationships,
    check_reserved,
    check_timestamp,
    people_ids,
    show,
    type_name,
)
from .routes import TRACK_HOSTS, Route, match_route
from .rules import finding
from .validate_v1 import validate_v1_body

_PERSON_ACTIONS = (
    "identify",
    "delete",
    "event",
    "screen",
    "page",
    "add_relationships",
    "delete_relationships",
    "add_device",
    "delete_device",
    "merge",
    "suppress",
    "unsuppress",
)
_OBJECT_ACTIONS = ("identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships")
_ACTIONS: dict[str, tuple[str, ...]] = {"person": _PERSON_ACTIONS, "object": _OBJECT_ACTIONS, "delivery": ("event",)}
_ALL_ACTIONS = frozenset(_PERSON_ACTIONS + _OBJECT_ACTIONS)
_DELIVERY_NAMES = ("opened", "converted", "delivered")

# Reserved attribute keys whose type the spec fixes, per action (what jsonschema would reject).
_EMAIL_FIELDS: dict[str, type[Any]] = {"recipient": str, "from_address": str, "reply_to": str}
_PAGE_FIELDS: dict[str, type[Any]] = {
    "path": str,
    "referrer": str,
    "search": str,
    "title": str,
    "url": str,
    "keywords": list,
}
_RESERVED_EVENT_ATTRS: dict[str, dict[str, type[Any]]] = {
    "event": _EMAIL_FIELDS,
    "page": _PAGE_FIELDS,
    "screen": {},
}
_NAME_FIX = {
    "event": 'add name: the event name, e.g. "payment_completed"',
    "page": "add name: the page URL or path",
    "screen": "add name: the screen name",
}


def _warn_v1_habits(op: dict[str, Any], path: str, out: Findings) -> None:
    for key in ("data", "properties"):
        if key in op:
            out.append(
                finding(
                    "data_ignored",
                    f"{path}.{key}",
                    f"top-level '{key}' is ignored by Track v2 (it is a v1/Segment habit)",
                    "move its contents into attributes",
                )
            )


# ---------------------------------------------------------------- per (type, action)
def _person_identify(op: dict[str, Any], path: str, out: Findings) -> None:
    if "name" in op:
        out.append(
            finding(
                "identify_name_ignored",
                f"{path}.name",
                "identify has no 'name' field; Customer.io ignores it",
                'remove name, or send an event (action: "event", name: ...) if you meant one',
            )
        )
    if "timestamp" in op:
        check_timestamp(op["timestamp"], f"{path}.timestamp", out)
    if "attributes" in op:
        apath = f"{path}.attributes"
        attrs = op["attributes"]
        if check_attributes(attrs, apath, out, profile=True):
            if "_update" in attrs and not isinstance(attrs["_update"], bool):
                out.append(
                    finding(
                        "reserved_attribute_type",
                        f"{apath}._update",
                        "_update is reserved and must be a boolean",
                        "send _update: true to update existing people only",
                    )
                )
            if "cio_subscription_preferences" in attrs:
                _check_subscription_prefs(
                    attrs["cio_subscription_preferences"], f"{apath}.cio_subscription_preferences", out
                )
    check_relationships(op, path, out, required=False, item_ids=check_object_identifiers)


def _check_subscription_prefs(prefs: Any, path: str, out: Findings) -> None:
    topics = prefs.get("topics", {}) if isinstance(prefs, dict) else None
    if not isinstance(topics, dict) or not all(isinstance(v, bool) for v in topics.values()):
        out.append(
            finding(
                "reserved_attribute_type",
                path,
                "cio_subscription_preferences must be {topics: {topic_<id>: true|false}}",
                "send booleans per topic, e.g. {topics: {topic_1: true}}",
            )
        )


def _person_event(op: dict[str, Any], path: str, out: Findings) -> None:
    action = op["action"]
    check_name(op.get("name"), f"{path}.name", out, missing_fix=_NAME_FIX[action])
    check_event_fields(op, path, out)
    if "attributes" in op:
        apath = f"{path}.attributes"
        if check_attributes(op["attributes"], apath, out, profile=False, total_limit=L.EVENT_DATA_MAX_BYTES):
            check_reserved(op["attributes"], _RESERVED_EVENT_ATTRS[action], apath, out)


def _person_relationships(op: dict[str, Any], path: str, out: Findings) -> None:
    check_relationships(op, path, out, required=True, item_ids=check_object_identifiers)


def _person_add_device(op: dict[str, Any], path: str, out: Findings) -> None:
    check_device(op, path, out, token_key="token")


def _person_delete_device(op: dict[str, Any], path: str, out: Findings) -> None:
    check_device(op, path, out, token_key="token", full=False)


def _person_merge(op: dict[str, Any], path: str, out: Findings) -> None:
    if "identifiers" in op:
        out.append(
            finding(
                "merge_identifiers_ignored",
                f"{path}.identifiers",
                "merge takes primary and secondary; identifiers is ignored",
                "remove identifiers",
            )
        )
    check_merge_sides(op, path, out)


def _object_identify(op: dict[str, Any], path: str, out: Findings) -> None:
    if "attributes" in op:
        check_attributes(
            op["attributes"], f"{path}.attributes", out, profile=True, total_limit=L.OBJECT_ATTRIBUTES_MAX_BYTES
        )
    keys = ("anonymous_id",) if op["action"] == "identify_anonymous" else MERGE_ID_KEYS
    check_relationships(op, path, out, required=False, item_ids=people_ids(keys))


def _object_relationships(op: dict[str, Any], path: str, out: Findings) -> None:
    check_relationships(op, path, out, required=True, item_ids=people_ids(MERGE_ID_KEYS))


def _delivery_event(op: dict[str, Any], path: str, out: Findings) -> None:
    ids = op.get("identifiers")
    if not isinstance(ids, dict) or not isinstance(ids.get("id"), str) or not ids.get("id"):
        out.append(
            finding(
                "delivery_id_missing",
                f"{path}.identifiers.id",
                "a delivery event needs identifiers.id, the delivery_id (a string)",
                'send identifiers: {id: "<delivery_id>"}',
            )
        )
    name = op.get("name")
    if name not in _DELIVERY_NAMES:
        out.append(
            finding(
                "delivery_name_invalid",
                f"{path}.name",
                f"delivery name must be one of {', '.join(_DELIVERY_NAMES)}, got {show(name)}",
                'send name: "opened", "converted" or "delivered"',
            )
        )
    attrs = op.get("attributes")
    if not isinstance(attrs, dict) or not isinstance(attrs.get("device_token"), str):
        out.append(
            finding(
                "delivery_device_token_missing",
                f"{path}.attributes.device_token",
                "a delivery event needs attributes.device_token (a string)",
                'send attributes: {device_token: "..."}',
            )
        )


def _nothing_more(op: dict[str, Any], path: str, out: Findings) -> None:
    """Actions with nothing beyond type, identifiers and action (delete, suppress, ...)."""


# (type, action) -> checker of the action-specific fields
_DISPATCH: dict[tuple[str, str], Callable[[dict[str, Any], str, Findings], None]] = {
    ("person", "identify"): _person_identify,
    ("person", "event"): _person_event,
    ("person", "page"): _person_event,
    ("person", "screen"): _person_event,
    ("person", "delete"): _nothing_more,
    ("person", "suppress"): _nothing_more,
    ("person", "unsuppress"): _nothing_more,
    ("person", "add_relationships"): _person_relationships,
    ("person", "delete_relationships"): _person_relationships,
    ("person", "add_device"): _person_add_device,
    ("person", "delete_device"): _person_delete_device,
    ("person", "merge"): _person_merge,
    ("object", "identify"): _object_identify,
    ("object", "identify_anonymous"): _object_identify,
    ("object", "delete"): _nothing_more,
    ("object", "add_relationships"): _object_relationships,
    ("object", "delete_relationships"): _object_relationships,
    ("delivery", "event"): _delivery_event,
}


def _action_fix(type_: str, action: Any, op: dict[str, Any]) -> str:
    if type_ == "person" and isinstance(action, str) and action and action not in _ALL_ACTIONS:
        fix = f'use action: "event", name: "{action}" (a custom event is action "event" with its name in name'
        if isinstance(op.get("name"), str) and op["name"] != action:
            fix += f"; it replaces the current name {show(op['name'])}"
        return fix + ")"
    if type_ == "object" and action == "event":
        return 'objects have no events: send a person event (type: "person", action: "event") instead'
    return f"use one of: {', '.join(_ACTIONS[type_])}"


def validate_operation(
    op: Any, path: str = "payload", *, enabled_identifiers: Collection[str] | None = None
) -> list[Finding]:
    """Findings for one v2 operation (an /entity body or one batch item); sizes not included.

    `enabled_identifiers`: the workspace's enabled person identifiers (the emulator knows
    them); None skips that check.
    """
    out: Findings = []
    if not isinstance(op, dict):
        out.append(
            finding(
                "body_not_object",
                path,
                f"an operation must be a JSON object, got {type_name(op)}",
                "return webhook.payload = {type, identifiers, action, ...}",
            )
        )
        return out
    type_ = op.get("type")
    if type_ is None:
        out.append(
            finding("type_missing", f"{path}.type", "type is required", 'add type: "person" (or "object", "delivery")')
        )
        return out
    if not isinstance(type_, str) or type_ not in _ACTIONS:
        out.append(
            finding(
                "type_invalid",
                f"{path}.type",
                f"type {show(type_)} is not person, object or delivery",
                'use type: "person"',
            )
        )
        return out
    action = op.get("action")
    if action is None:
        out.append(
            finding(
                "action_missing",
                f"{path}.action",
                "action is required",
                f"add action, one of: {', '.join(_ACTIONS[type_])}",
            )
        )
    elif action not in _ACTIONS[type_]:
        out.append(
            finding(
                "action_invalid",
                f"{path}.action",
                f'{show(action)} is not a Track v2 action for type "{type_}" (valid: {", ".join(_ACTIONS[type_])})',
                _action_fix(type_, action, op),
            )
        )
    if type_ == "person" and action != "merge":
        check_person_identifiers(op, path, out, enabled_identifiers)
    elif type_ == "object":
        if "identifiers" in op or action in ("identify", "identify_anonymous", None) or action not in _OBJECT_ACTIONS:
            check_object_identifiers(op.get("identifiers"), f"{path}.identifiers", out)
        else:  # the spec omits identifiers from `required` here; Customer.io cannot act without them
            out.append(
                finding(
                    "identifiers_missing",
                    f"{path}.identifiers",
                    "identifiers is required",
                    'send identifiers: {object_type_id: "1", object_id: "..."}',
                )
            )
    check = _DISPATCH.get((type_, action)) if isinstance(action, str) else None
    if check is not None:
        if type_ != "delivery":
            _warn_v1_habits(op, path, out)
        check(op, path, out)
    elif type_ == "person" and "attributes" in op:  # still report attribute problems the fix will keep
        check_attributes(op["attributes"], f"{path}.attributes", out, profile=False)
    return out


def _size_finding(code: str, path: str, what: str, size: int, limit: int) -> Finding:
    return finding(
        code,
        path,
        f"{what} is {size} bytes as compact UTF-8 JSON; the limit is {limit} ({limit // L.KB} KB)",
        "send less data per request (split into several requests or batch items)",
    )


def validate_entity(
    body: Any, path: str = "payload", *, enabled_identifiers: Collection[str] | None = None
) -> list[Finding]:
    """An /api/v2/entity body: the operation plus the 32 KB request limit."""
    out = validate_operation(body, path, enabled_identifiers=enabled_identifiers)
    size = L.json_size(body)
    if size > L.ENTITY_MAX_BYTES:
        out.insert(0, _size_finding("entity_too_large", path, "the request", size, L.ENTITY_MAX_BYTES))
    return out


def validate_batch(
    body: Any,
    path: str = "payload",
    *,
    enabled_identifiers: Collection[str] | None = None,
) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """An /api/v2/batch body: (whole-request findings, findings per item index).

    Whole-request errors mean a 400; item errors mean a 207 where the other items are
    applied. Items without findings are absent from the dict.
    """
    whole: Findings = []
    items: dict[int, Findings] = {}
    if not isinstance(body, dict):
        whole.append(
            finding(
                "body_not_object",
                path,
                f"the batch body must be a JSON object, got {type_name(body)}",
                "send {batch: [operation, ...]}",
            )
        )
        return whole, items
    batch = body.get("batch")
    if not isinstance(batch, list):
        got = "nothing" if "batch" not in body else type_name(batch)
        whole.append(
            finding(
                "batch_missing",
                f"{path}.batch",
                f"batch must be an array of operations, got {got}",
                "send {batch: [operation, ...]}",
            )
        )
        return whole, items
    if not batch:
        whole.append(
            finding(
                "batch_empty",
                f"{path}.batch",
                "the batch is empty; nothing will happen",
                "skip the request when there is nothing to send (cancel the webhook)",
            )
        )
    size = L.json_size(body)
    if size > L.BATCH_MAX_BYTES:
        whole.append(_size_finding("batch_too_large", path, "the batch", size, L.BATCH_MAX_BYTES))
    for i, op in enumerate(batch):
        ipath = f"{path}.batch[{i}]"
        found = validate_operation(op, ipath, enabled_identifiers=enabled_identifiers)
        item_size = L.json_size(op)
        if item_size > L.BATCH_ITEM_MAX_BYTES:
            found.insert(
                0, _size_finding("batch_item_too_large", ipath, f"batch item {i}", item_size, L.BATCH_ITEM_MAX_BYTES)
            )
        if found:
            items[i] = found
    return whole, items


# ---------------------------------------------------------------- whole request
def _region_findings(route: Route, account_region: str | None) -> list[Finding]:
    if account_region is None or route.region is None or account_region == route.region:
        return []
    good = f"https://{TRACK_HOSTS[account_region]}"
    if account_region == "eu":
        return [
            finding(
                "region_redirected",
                "url",
                "an EU workspace sending to the US host is redirected (data passes through US servers)",
                f"send to {good}",
            )
        ]
    return [finding("region_mismatch", "url", "a US workspace sending to the EU host fails", f"send to {good}")]


_SVIX_METHODS = ("POST", "PUT")  # what the Dodo dashboard (Svix) can send
_V2_INSTEAD = {
    "v1_delete": 'POST /api/v2/entity with {type: "person", identifiers: {...}, action: "delete"}',
    "v1_delete_device": 'POST /api/v2/entity with action: "delete_device" and device: {token}',
}


def _method_fix(route: Route) -> str:
    """The method to set, preferring one the Dodo dashboard can send; where none is, the v2 call instead."""
    allowed = route.match.allowed
    sendable = [m for m in allowed if m in _SVIX_METHODS]
    best = (sendable or list(allowed))[0]
    fix = f'set webhook.method = "{best}"'
    others = [m for m in allowed if m != best]
    if others:
        fix += f" ({' and '.join(others)} on this path is another call"
        fix += ", one the Dodo dashboard cannot send)" if not set(others) & set(_SVIX_METHODS) else ")"
    if not sendable:
        instead = _V2_INSTEAD.get(route.kind)
        fix += (
            "; the Dodo dashboard sends only POST and PUT, so a transform cannot make this call"
            f"{'; use ' + instead if instead else ''}"
        )
    return fix


def validate_request(
    method: str,
    url: str,
    payload: Any,
    *,
    override_base: str | None = None,
    headers: Mapping[str, str] | None = None,
    account_region: str | None = None,
    enabled_identifiers: Collection[str] | None = None,
) -> list[Finding]:
    """Findings for a transform's result as the Track API request it becomes.

    [] for a URL that is not a Customer.io Track host (nor `override_base`). Paths are JSON
    paths into the webhook (``payload.batch[1].identifiers``; ``url``, ``method``).
    """
    route = match_route(str(method), str(url), override_base=override_base)
    if route is None:
        return []
    out: Findings = []
    if route.region is not None and route.scheme != "https":
        out.append(
            finding(
                "url_not_https",
                "url",
                f"Customer.io only serves the Track API over https, got {route.scheme}://",
                f"use https://{route.host}{route.path}",
            )
        )
    out += _region_findings(route, account_region)
    if route.kind == "unknown":
        out.append(
            finding(
                "route_unknown",
                "url",
                f"{route.path or '/'} is not a Track API call",
                "use /api/v2/entity (one operation) or /api/v2/batch, or a documented v1 path such as "
                "PUT /api/v1/customers/{id} or POST /api/v1/customers/{id}/events (the README lists them all)",
            )
        )
        return out
    if not route.match.method_ok:
        out.append(
            finding(
                "method_not_allowed",
                "method",
                f"{route.path} takes {' or '.join(route.match.allowed)}, got {method.upper()}",
                _method_fix(route),
            )
        )
    ctype = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), None)
    if ctype is not None and "json" not in ctype.split(";")[0].lower():
        out.append(
            finding(
                "content_type_not_json",
                "headers.content-type",
                f"Content-Type is {show(ctype)}; the Track API reads JSON",
                "remove the header override (Svix sends application/json)",
            )
        )
    if route.kind == "v2_entity":
        out += validate_entity(payload, enabled_identifiers=enabled_identifiers)
    elif route.kind == "v2_batch":
        whole, items = validate_batch(payload, enabled_identifiers=enabled_identifiers)
        out += whole
        for i in sorted(items):
            out += items[i]
    else:
        out += validate_v1_body(route, payload, enabled_identifiers=enabled_identifiers)
    return out
