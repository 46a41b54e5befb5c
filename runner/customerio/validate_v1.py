"""The Track API's v1 routes (and /unsubscribe): path parameters and bodies.

v1 names the person in the URL. Customer.io reads the kind from the value's shape (see
`people.v1_person`), the value must be URL-encoded (an id holding `/`, `?`, `#` or a space
would otherwise become another path or a query), and a phone number cannot be used here.
Error bodies are v1's `{"meta": ...}` shape (the emulator's business); this module only
says what is wrong and how to fix it, with the codes of `rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from . import limits as L
from .fields import (
    Findings,
    check_attributes,
    check_device,
    check_event_fields,
    check_merge_sides,
    check_name,
    check_object_identifiers,
    check_relationships,
    check_string_id,
    check_timestamp,
    is_int,
    is_plain_int,
    key_path,
    show,
    type_name,
)
from .people import v1_person
from .routes import Route
from .rules import finding

_V1_EVENT_TYPES = ("event", "page", "screen")
_SEGMENT_ID_TYPES = ("id", "email", "cio_id")
_SEGMENT_MAX_IDS = 1000
_EMAIL_METRICS = ("bounced", "clicked", "converted", "deferred", "delivered", "dropped", "opened", "spammed")
_PUSH_EVENTS = ("opened", "converted", "delivered")
_INT32_MAX = 2**31 - 1
# What may stand unescaped in a path segment (RFC 3986 pchar without '/'); '%' only before two hex digits.
_PCHAR = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_CIO_ID = re.compile(r"cio_[A-Za-z0-9]+")


def _check_path_id(route: Route, name: str, out: Findings, what: str) -> str | None:
    """A path parameter: present, URL-encoded as sent. Returns the decoded value when usable."""
    raw = route.match.raw_params.get(name, "")
    value = route.match.params.get(name, "")
    if not _PCHAR.fullmatch(raw):
        out.append(
            finding(
                "v1_identifier_not_encoded",
                "url",
                f"{what} {show(raw)} is not URL-encoded; characters like spaces, "
                "'%', quotes or non-ASCII letters change or break the path",
                f"build the URL with encodeURIComponent({name})",
            )
        )
        return None
    return value


def _check_v1_identifier(customer_id: str | None, out: Findings) -> None:
    """The person in a v1 URL: a non-empty id/email of at most 150 bytes, or cio_<id>; not a phone number."""
    if not check_string_id(customer_id, "url", out, "the customer identifier in the URL"):
        return
    assert customer_id is not None
    kind, _ = v1_person(customer_id)
    if kind == "cio_id" and not _CIO_ID.fullmatch(customer_id):
        out.append(
            finding(
                "v1_cio_id_invalid",
                "url",
                f"{show(customer_id)} starts with cio_ but is not cio_ followed by letters and digits",
                "send cio_ + the person's cio_id (e.g. cio_03000001), or an id without the cio_ prefix",
            )
        )
    elif kind == "id" and _E164.fullmatch(customer_id):
        out.append(
            finding(
                "v1_identifier_phone",
                "url",
                f"{show(customer_id)} looks like a phone number; v1 URLs read it as an id",
                "identify people by phone with Track v2: /api/v2/entity with identifiers: {phone: ...}",
            )
        )


def _body_object(body: Any, path: str, out: Findings, example: str) -> bool:
    if isinstance(body, dict):
        return True
    out.append(
        finding("body_not_object", path, f"the body must be a JSON object, got {type_name(body)}", f"send {example}")
    )
    return False


# ---------------------------------------------------------------- people
_V1_TYPED: dict[str, Callable[[Any], bool]] = {
    "id": lambda v: isinstance(v, str),
    "email": lambda v: isinstance(v, str),
    "anonymous_id": lambda v: isinstance(v, str),
    "created_at": is_int,
    "_timestamp": is_int,
    "_update": lambda v: isinstance(v, bool),
    "unsubscribed": lambda v: isinstance(v, bool),
    "cio_relationships": lambda v: isinstance(v, dict),
    "cio_subscription_preferences": lambda v: isinstance(v, dict),
}
_V1_RELATIONSHIP_ACTIONS = ("add_relationships", "delete_relationships")


def _validate_v1_identify(customer_id: str | None, body: Any, path: str = "payload") -> Findings:
    """PUT /api/v1/customers/{identifier}: flat attributes in the body."""
    out: Findings = []
    _check_v1_identifier(customer_id, out)
    if not _body_object(body, path, out, '{email: "...", plan: "..."}'):
        return out
    check_attributes(body, path, out, profile=True)
    rels = body.get("cio_relationships")
    if isinstance(rels, dict):
        rpath = f"{path}.cio_relationships"
        if rels.get("action", "add_relationships") not in _V1_RELATIONSHIP_ACTIONS:
            out.append(
                finding(
                    "relationship_invalid",
                    f"{rpath}.action",
                    f"action must be add_relationships or delete_relationships, got {show(rels.get('action'))}",
                    'send {action: "add_relationships", relationships: [...]}',
                )
            )
        check_relationships(rels, rpath, out, required=True, item_ids=check_object_identifiers, key="relationships")
    for key, value in body.items():
        kpath = key_path(path, key)
        typed = _V1_TYPED.get(key)
        if typed is not None:
            if not typed(value):
                code = "timestamp_not_integer" if key in ("created_at", "_timestamp") else "reserved_attribute_type"
                out.append(
                    finding(
                        code,
                        kpath,
                        f"'{key}' is reserved and has the wrong type ({type_name(value)})",
                        "created_at/_timestamp: integer Unix seconds; _update/unsubscribed: boolean; id/email: string",
                    )
                )
        elif value is not None and not isinstance(value, (str, bool)) and not is_plain_int(value):
            out.append(
                finding(
                    "v1_attribute_type",
                    kpath,
                    f"v1 attributes are documented as string, integer or boolean; got {type_name(value)}",
                    "send a string, an integer or a boolean (or use Track v2)",
                )
            )
    return out


def _event_body(body: dict[str, Any], path: str, out: Findings) -> None:
    check_name(body.get("name"), f"{path}.name", out, missing_fix='add name: the event name, e.g. "payment_completed"')
    if "type" in body and body["type"] not in _V1_EVENT_TYPES:
        out.append(
            finding(
                "v1_event_type_invalid",
                f"{path}.type",
                f"type must be event, page or screen, got {show(body['type'])}",
                "leave type out for a custom event (name carries the event name)",
            )
        )
    check_event_fields(body, path, out)
    if "data" in body:
        check_attributes(body["data"], f"{path}.data", out, profile=False, total_limit=L.EVENT_DATA_MAX_BYTES)
    if "attributes" in body:
        out.append(
            finding(
                "data_ignored",
                f"{path}.attributes",
                "v1 events read event properties from 'data', not 'attributes'",
                "rename attributes to data",
            )
        )


def _validate_v1_event(customer_id: str | None, body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/customers/{identifier}/events: {name, data, type?, timestamp?, id?}."""
    out: Findings = []
    _check_v1_identifier(customer_id, out)
    if _body_object(body, path, out, "{name, data}"):
        _event_body(body, path, out)
    return out


def _validate_v1_anonymous_event(body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/events: an event without a person, optionally tied to a later one by anonymous_id."""
    out: Findings = []
    if not _body_object(body, path, out, "{name, anonymous_id, data}"):
        return out
    _event_body(body, path, out)
    if "anonymous_id" in body:
        check_string_id(body["anonymous_id"], f"{path}.anonymous_id", out, "anonymous_id")
    return out


def _validate_v1_add_device(customer_id: str | None, body: Any, path: str = "payload") -> Findings:
    """PUT /api/v1/customers/{identifier}/devices: {device: {id, platform, last_used?, attributes?}}."""
    out: Findings = []
    _check_v1_identifier(customer_id, out)
    if _body_object(body, path, out, '{device: {id: "<token>", platform: "ios"}}'):
        check_device(body, path, out, token_key="id")
    return out


def _validate_v1_merge(body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/merge_customers: {primary: {id|email|cio_id}, secondary: {...}}."""
    out: Findings = []
    if _body_object(body, path, out, '{primary: {id: "..."}, secondary: {email: "..."}}'):
        check_merge_sides(body, path, out)
    return out


# ---------------------------------------------------------------- segments and forms
def _validate_v1_segment(
    segment_id: str | None, query: Mapping[str, list[str]], body: Any, path: str = "payload"
) -> Findings:
    """POST /api/v1/segments/{segment_id}/add_customers|remove_customers?id_type=: {ids: [1..1000 strings]}."""
    out: Findings = []
    if segment_id is not None and not (
        segment_id.isascii() and segment_id.isdigit() and 0 < int(segment_id) <= _INT32_MAX
    ):
        out.append(
            finding(
                "segment_id_invalid",
                "url",
                f"the segment id {show(segment_id)} is not a positive integer",
                "use the manual segment's numeric id from Customer.io (Segments → the segment → its URL)",
            )
        )
    id_type = query.get("id_type", ["id"])
    if len(id_type) != 1 or id_type[0] not in _SEGMENT_ID_TYPES:
        out.append(
            finding(
                "segment_id_type_invalid",
                "url",
                f"id_type must be one of {', '.join(_SEGMENT_ID_TYPES)}, got {show(id_type)}",
                "use ?id_type=id (the default), ?id_type=email or ?id_type=cio_id",
            )
        )
    if not _body_object(body, path, out, '{ids: ["..."]}'):
        return out
    ids = body.get("ids")
    ipath = f"{path}.ids"
    if not isinstance(ids, list) or not 1 <= len(ids) <= _SEGMENT_MAX_IDS:
        got = f"{len(ids)} ids" if isinstance(ids, list) else type_name(ids)
        out.append(
            finding(
                "segment_ids_invalid",
                ipath,
                f"ids must be an array of 1 to {_SEGMENT_MAX_IDS} strings, got {got}",
                f'send ids: ["..."], at most {_SEGMENT_MAX_IDS} per request (split larger lists)',
            )
        )
        return out
    for i, value in enumerate(ids):
        if not isinstance(value, str):
            out.append(
                finding(
                    "segment_ids_invalid",
                    f"{ipath}[{i}]",
                    f"ids[{i}] must be a string, got {type_name(value)} {show(value)}",
                    "convert it: String(value)",
                )
            )
    return out


def _validate_v1_form(form_id: str | None, body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/forms/{form_id}/submit: {data: {email or id: string|null, other fields: strings}}."""
    out: Findings = []
    if form_id is not None and not form_id.strip():
        out.append(
            finding(
                "form_id_missing",
                "url",
                "the form id in the URL is empty",
                "use /api/v1/forms/<form_id>/submit with your form's id",
            )
        )
    if not _body_object(body, path, out, '{data: {email: "...", name: "..."}}'):
        return out
    data = body.get("data")
    dpath = f"{path}.data"
    if not isinstance(data, dict) or not ("email" in data or "id" in data):
        out.append(
            finding(
                "form_data_invalid",
                dpath,
                f"data must be an object with email or id, got {show(data)}",
                'send data: {email: "...", <field>: "..."} (every field a string)',
            )
        )
        return out
    for key, value in data.items():
        nullable = key in ("email", "id")
        if not isinstance(value, str) and not (nullable and value is None):
            out.append(
                finding(
                    "form_data_invalid",
                    key_path(dpath, key),
                    f"form field '{key}' must be a string, got {type_name(value)}",
                    "send every form field as a string: String(value)",
                )
            )
    return out


# ---------------------------------------------------------------- delivery metrics
def _delivery_id(value: Any, path: str, out: Findings) -> None:
    if not isinstance(value, str) or not value.strip():
        out.append(
            finding(
                "delivery_id_missing",
                path,
                f"delivery_id must be a non-empty string, got {show(value)}",
                "send the CIO-Delivery-ID of the message",
            )
        )


def _strings(body: dict[str, Any], keys: tuple[str, ...], path: str, code: str, out: Findings) -> None:
    for key in keys:
        if key in body and not isinstance(body[key], str):
            out.append(
                finding(
                    code,
                    key_path(path, key),
                    f"{key} must be a string, got {type_name(body[key])}",
                    "send it as a string",
                )
            )


def _metric(
    body: Any,
    path: str,
    out: Findings,
    *,
    name_key: str,
    names: tuple[str, ...],
    code: str,
    strings: tuple[str, ...],
    example: str,
) -> bool:
    """What /metrics and /push/events share: delivery_id, a metric named in `names`, timestamp, string fields."""
    if not _body_object(body, path, out, example):
        return False
    _delivery_id(body.get("delivery_id"), f"{path}.delivery_id", out)
    if body.get(name_key) not in names:
        out.append(
            finding(
                code,
                f"{path}.{name_key}",
                f"{name_key} must be one of {', '.join(names)}, got {show(body.get(name_key))}",
                f'send {name_key}: "opened" (or another of: {", ".join(names)})',
            )
        )
    if "timestamp" in body:
        check_timestamp(body["timestamp"], f"{path}.timestamp", out)
    _strings(body, strings, path, code, out)
    return True


def _validate_v1_metrics(body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/metrics: {delivery_id, metric, timestamp?, recipient?, reason?, href?}."""
    out: Findings = []
    if _metric(
        body,
        path,
        out,
        name_key="metric",
        names=_EMAIL_METRICS,
        code="metric_invalid",
        strings=("reason", "href"),
        example='{delivery_id: "...", metric: "opened"}',
    ):
        if "recipient" in body and not isinstance(body["recipient"], str) and not is_int(body["recipient"]):
            out.append(
                finding(
                    "metric_invalid",
                    f"{path}.recipient",
                    f"recipient must be a string (an integer for SMS), got {type_name(body['recipient'])}",
                    "send the recipient's address, device id or phone number",
                )
            )
    return out


def _validate_v1_push_event(body: Any, path: str = "payload") -> Findings:
    """POST /api/v1/push/events: {delivery_id, event, device_id?, timestamp?}."""
    out: Findings = []
    _metric(
        body,
        path,
        out,
        name_key="event",
        names=_PUSH_EVENTS,
        code="push_event_invalid",
        strings=("device_id",),
        example='{delivery_id: "...", event: "opened", device_id: "..."}',
    )
    return out


def _validate_unsubscribe(delivery_id: str | None, body: Any, path: str = "payload") -> Findings:
    """POST /unsubscribe/{delivery_id}: {unsubscribe: boolean}."""
    out: Findings = []
    if delivery_id is not None:
        _delivery_id(delivery_id, "url", out)
    if not _body_object(body, path, out, "{unsubscribe: true}"):
        return out
    if "unsubscribe" in body and not isinstance(body["unsubscribe"], bool):
        out.append(
            finding(
                "unsubscribe_invalid",
                f"{path}.unsubscribe",
                f"unsubscribe must be a boolean, got {show(body['unsubscribe'])}",
                "send unsubscribe: true",
            )
        )
    return out


def _no_body(body: Any, path: str = "payload") -> Findings:
    """Routes the spec gives no request body: one that is sent is ignored, which is worth saying."""
    if body is None or body == {} or body == "":
        return []
    return [
        finding(
            "body_ignored",
            path,
            "this call takes no request body; Customer.io ignores it (dodo-cio does not send it)",
            "leave the payload empty ({}), or use the v2 call that carries data",
        )
    ]


def validate_v1_body(route: Route, body: Any, *, enabled_identifiers: Collection[str] | None = None) -> Findings:
    """Findings for the path parameters and body of a routed v1 (or /unsubscribe) request.

    `enabled_identifiers`: the workspace's enabled person identifiers (the emulator knows
    them); an email in the URL of a workspace without email identifiers is an error.
    """
    out: Findings = []
    params = route.match.params
    names = {
        "identifier": "the customer identifier",
        "device_id": "the device id",
        "segment_id": "the segment id",
        "form_id": "the form id",
        "delivery_id": "the delivery id",
    }
    decoded: dict[str, str | None] = {
        n: _check_path_id(route, n, out, what) for n, what in names.items() if n in params
    }
    if out:
        return out
    cid = decoded.get("identifier")
    if cid and enabled_identifiers is not None and v1_person(cid)[0] == "email" and "email" not in enabled_identifiers:
        out.append(
            finding(
                "identifier_not_enabled",
                "url",
                f"{show(cid)} is read as an email, and email is not an identifier in this workspace",
                "address the person by id or cio_<id>, or enable email as an identifier in the workspace settings",
            )
        )
    return out + _route_checks(route, body, decoded)


def _route_checks(route: Route, body: Any, decoded: Mapping[str, str | None]) -> Findings:
    out: Findings = []
    kind = route.kind
    cid = decoded.get("identifier")
    if kind == "v1_identify":
        return _validate_v1_identify(cid, body)
    if kind == "v1_event":
        return _validate_v1_event(cid, body)
    if kind == "v1_add_device":
        return _validate_v1_add_device(cid, body)
    if kind in ("v1_segment_add", "v1_segment_remove"):
        return _validate_v1_segment(decoded.get("segment_id"), route.query, body)
    if kind == "v1_form_submit":
        return _validate_v1_form(decoded.get("form_id"), body)
    if kind == "unsubscribe":
        return _validate_unsubscribe(decoded.get("delivery_id"), body)
    simple: dict[str, Callable[[Any], Findings]] = {
        "v1_anonymous_event": _validate_v1_anonymous_event,
        "v1_merge": _validate_v1_merge,
        "v1_metrics": _validate_v1_metrics,
        "v1_push_events": _validate_v1_push_event,
    }
    if kind in simple:
        return simple[kind](body)
    if cid is not None:  # delete, suppress, unsuppress, delete_device
        _check_v1_identifier(cid, out)
    if kind == "v1_delete_device" and not (decoded.get("device_id") or "").strip():
        out.append(
            finding(
                "device_id_missing",
                "url",
                "the device id (push token) in the URL is empty",
                "use /api/v1/customers/<id>/devices/<encodeURIComponent(token)>",
            )
        )
    return out + _no_body(body)
