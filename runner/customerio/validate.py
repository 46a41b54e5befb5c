"""Would Customer.io's Track API accept this request? The single source of truth.

`run`, `check`, the relay, the editor and the emulator all ask this module, so "valid" means
one thing everywhere. Rules follow the 27-row table in customerio-track-api.md §5 (codes and
severities in `rules.py`, limits in `limits.py`). Plain dict walking, no jsonschema: this
runs once per event. Where the spec is looser than Customer.io's documented limits (sizes,
empty strings, >300 attributes), we follow the documented limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..findings import Finding
from . import limits as L
from .routes import ROUTE_METHODS, TRACK_HOSTS, Route, match_route
from .rules import finding

PERSON_ACTIONS = (
    "identify", "delete", "event", "screen", "page", "add_relationships",
    "delete_relationships", "add_device", "delete_device", "merge", "suppress", "unsuppress",
)
OBJECT_ACTIONS = ("identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships")
ACTIONS: dict[str, tuple[str, ...]] = {"person": PERSON_ACTIONS, "object": OBJECT_ACTIONS, "delivery": ("event",)}
ALL_ACTIONS = frozenset(PERSON_ACTIONS + OBJECT_ACTIONS)
PERSON_ID_KEYS = ("id", "email", "phone", "cio_id")
MERGE_ID_KEYS = ("id", "email", "cio_id")
DELIVERY_NAMES = ("opened", "converted", "delivered")
DEVICE_PLATFORMS = ("ios", "android")
V1_EVENT_TYPES = ("event", "page", "screen")

_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}", re.IGNORECASE)
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.IGNORECASE
)
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Reserved attribute keys whose type the spec fixes, per action (what jsonschema would reject).
_EMAIL_FIELDS = {"recipient": str, "from_address": str, "reply_to": str}
_PAGE_FIELDS = {"path": str, "referrer": str, "search": str, "title": str, "url": str, "keywords": list}
_RESERVED_EVENT_ATTRS: dict[str, dict[str, type]] = {
    "event": _EMAIL_FIELDS, "page": _PAGE_FIELDS, "screen": {},
}
_NAME_FIX = {
    "event": 'add name: the event name, e.g. "payment_completed"',
    "page": "add name: the page URL or path",
    "screen": "add name: the screen name",
}
_DEVICE_ENUMS = {"push_enabled": ("true", "false"), "_last_status": ("", "bounced", "sent", "suppressed")}
_CONTROL_CHARS = re.compile(r"[\x00-\x1f]")

Findings = list[Finding]


# ---------------------------------------------------------------- small helpers
def key_path(path: str, key: str) -> str:
    """JSON path of `key` under `path`: ``a.b`` for plain keys, ``a["x y"]`` otherwise."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{path}["{_CONTROL_CHARS.sub("?", escaped)}"]'


def _nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _show(value: Any, limit: int = 60) -> str:
    text = L.compact_json(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _is_int(value: Any) -> bool:
    """An integer as JSON Schema sees it: 3 and 3.0 yes, True and 3.5 no."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_plain_int_type(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- shared checks
def _check_timestamp(value: Any, path: str, out: Findings) -> None:
    if not _is_int(value):
        fix = "send integer Unix seconds, e.g. Math.floor(Date.parse(value) / 1000)"
        out.append(finding("timestamp_not_integer", path, f"timestamp must be an integer of Unix seconds, got {_show(value)}", fix))
    elif value > L.TIMESTAMP_MS_THRESHOLD:
        out.append(finding("timestamp_milliseconds", path,
                           f"timestamp {int(value)} looks like milliseconds; Customer.io reads seconds (a date far in the future)",
                           "divide by 1000: Math.floor(ms / 1000)"))


def _check_event_id(value: Any, path: str, out: Findings) -> None:
    if not isinstance(value, str):
        out.append(finding("event_id_not_string", path, f"event id must be a string (a ULID), got {_type_name(value)}",
                           "send a 26-character ULID string, or leave id out"))
    elif not _ULID.fullmatch(value):
        out.append(finding("event_id_not_ulid", path, f"event id {_show(value)} is not a 26-character ULID; Customer.io dedupes on ULIDs",
                           "derive a ULID (e.g. from the webhook-id) or leave id out"))


def _check_name(value: Any, path: str, out: Findings, *, missing_fix: str) -> None:
    if value is None:
        out.append(finding("name_missing", path, "name is required for this action", missing_fix))
    elif not isinstance(value, str):
        out.append(finding("name_not_string", path, f"name must be a string, got {_type_name(value)}", "send the event name as a string"))
    elif not value.strip():
        out.append(finding("name_empty", path, "name must not be blank", "set name to the event's name, e.g. \"payment_completed\""))
    else:
        if _nbytes(value.strip()) > L.EVENT_NAME_MAX_BYTES:
            out.append(finding("name_too_long", path, f"name is {_nbytes(value.strip())} bytes; the limit is {L.EVENT_NAME_MAX_BYTES}",
                               "use a short, stable event name and put details in attributes"))
        if value != value.strip():
            out.append(finding("name_whitespace", path, f"name {_show(value)} has leading or trailing spaces; Customer.io trims them",
                               "trim the name (.trim())"))


def _check_attributes(attrs: Any, path: str, out: Findings, *, profile: bool, total_limit: int = 0) -> bool:
    """Attributes of a person/object/relationship (`profile`) or event data. False if not an object."""
    if not isinstance(attrs, dict):
        out.append(finding("attributes_not_object", path, f"{path.rsplit('.', 1)[-1]} must be an object, got {_type_name(attrs)}",
                           "send key/value pairs as a JSON object"))
        return False
    if profile and len(attrs) > L.ATTRIBUTES_MAX_COUNT:
        out.append(finding("attributes_too_many", path, f"{len(attrs)} attributes; at most {L.ATTRIBUTES_MAX_COUNT} per call",
                           "send fewer attributes, or split them over several identify calls"))
    for key, value in attrs.items():
        kpath = key_path(path, key)
        if profile:
            if _nbytes(key) > L.ATTRIBUTE_NAME_MAX_BYTES:
                out.append(finding("attribute_name_too_long", kpath, f"attribute name is {_nbytes(key)} bytes; the limit is {L.ATTRIBUTE_NAME_MAX_BYTES}",
                                   "use a shorter attribute name"))
            size = L.value_size(value)
            if size > L.ATTRIBUTE_VALUE_MAX_BYTES:
                out.append(finding("attribute_value_too_long", kpath, f"value is {size} bytes; the limit is {L.ATTRIBUTE_VALUE_MAX_BYTES} (UTF-8, JSON for non-strings)",
                                   "shorten or truncate the value (PostHog truncates to 1000)"))
            if value is None or value == "":
                out.append(finding("attribute_removed", kpath, f"a {_show(value)} value removes the attribute '{key}'",
                                   "send a value to keep it; null or \"\" is how you delete it"))
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            out.append(finding("attribute_iso_date", kpath,
                               f"{_show(value)} is an ISO date string; segments and 'is a timestamp' rules need Unix seconds",
                               "send Math.floor(Date.parse(value) / 1000) instead"))
    if total_limit:
        size = L.json_size(attrs)
        if size > total_limit:
            code = "object_attributes_too_large" if profile else "event_data_too_large"
            out.append(finding(code, path, f"attributes are {size} bytes; the limit is {total_limit}", "send less data"))
    return True


def _check_reserved(attrs: dict, fields: Mapping[str, type], path: str, out: Findings) -> None:
    for key, expected in fields.items():
        if key in attrs and not isinstance(attrs[key], expected):
            want = "a string" if expected is str else "an array of strings" if expected is list else expected.__name__
            out.append(finding("reserved_attribute_type", key_path(path, key), f"'{key}' is reserved and must be {want}, got {_type_name(attrs[key])}",
                               f"send '{key}' as {want} or rename your attribute"))
        elif expected is list and key in attrs and not all(isinstance(x, str) for x in attrs[key]):
            out.append(finding("reserved_attribute_type", key_path(path, key), f"'{key}' must be an array of strings",
                               "send only strings in the array"))


def _check_string_id(value: Any, path: str, out: Findings, what: str) -> bool:
    """A non-empty string of at most 150 bytes (person ids, emails, object ids)."""
    if not isinstance(value, str):
        out.append(finding("identifier_not_string", path, f"{what} must be a string, got {_type_name(value)} {_show(value)}",
                           "convert it: String(value)"))
        return False
    if not value.strip():
        out.append(finding("identifier_empty", path, f"{what} cannot be an empty string",
                           "make sure the source field is set (e.g. customer.customer_id)"))
        return False
    if _nbytes(value) > L.IDENTIFIER_MAX_BYTES:
        out.append(finding("identifier_too_long", path, f"{what} is {_nbytes(value)} bytes; the limit is {L.IDENTIFIER_MAX_BYTES}",
                           "use a shorter identifier"))
        return False
    return True


def _check_id_value(key: str, value: Any, path: str, out: Findings, enabled: Collection[str] | None) -> None:
    if not _check_string_id(value, path, out, f"identifier '{key}'"):
        return
    if enabled is not None and key in ("email", "phone") and key not in enabled:
        out.append(finding("identifier_not_enabled", path, f"'{key}' is not enabled as an identifier in this workspace",
                           "identify by id, or enable the identifier in the workspace settings"))
    if key == "phone" and not _E164.fullmatch(value):
        out.append(finding("phone_format", path, f"phone {_show(value)} is not E.164 (a '+' and up to 15 digits)",
                           "format it like +14155552671"))
    elif key == "email" and "@" not in value:
        out.append(finding("email_format", path, f"email {_show(value)} does not look like an email address",
                           "identify by id, or send the customer's email"))
    elif key == "cio_id" and value.startswith("cio_"):
        out.append(finding("cio_id_prefix", path, "v2 cio_id values have no 'cio_' prefix (that is the v1 URL form)",
                           f"send \"{value[4:]}\""))


def _check_person_identifiers(op: dict, path: str, out: Findings, enabled: Collection[str] | None) -> None:
    ipath = f"{path}.identifiers"
    if "identifiers" not in op:
        out.append(finding("identifiers_missing", ipath, "identifiers is required",
                           'add identifiers: {id: customer.customer_id} (exactly one of id, email, phone, cio_id)'))
        return
    ids = op["identifiers"]
    if not isinstance(ids, dict):
        out.append(finding("identifiers_not_object", ipath, f"identifiers must be an object, got {_type_name(ids)}",
                           'send identifiers: {id: "..."}'))
        return
    present = [k for k in PERSON_ID_KEYS if k in ids]
    if not present:
        if "anonymous_id" in ids:
            out.append(finding("identifiers_anonymous_id", ipath, "identifiers {anonymous_id} is not in the spec (Segment sends it; treated as an undocumented tolerance)",
                               "identify by id, email, phone or cio_id when you know the person"))
            _check_string_id(ids["anonymous_id"], key_path(ipath, "anonymous_id"), out, "identifier 'anonymous_id'")
        else:
            out.append(finding("identifiers_none", ipath, f"identifiers needs exactly one of id, email, phone, cio_id; got {sorted(ids) or 'none'}",
                               'send identifiers: {id: customer.customer_id}'))
        return
    if len(present) > 1:
        out.append(finding("identifiers_multiple", ipath, f"identifiers has {', '.join(present)}; Customer.io accepts exactly one",
                           f"keep only one, e.g. {{{present[0]}: ...}}, and move the others into attributes"))
        return
    for extra in sorted(set(ids) - set(PERSON_ID_KEYS)):
        out.append(finding("identifiers_unknown_key", key_path(ipath, extra), f"'{extra}' is not a person identifier and is ignored",
                           "move it into attributes"))
    key = present[0]
    _check_id_value(key, ids[key], key_path(ipath, key), out, enabled)


def _check_object_identifiers(ids: Any, path: str, out: Findings) -> None:
    if not isinstance(ids, dict):
        out.append(finding("object_identifiers_invalid", path, f"object identifiers must be an object, got {_type_name(ids)}",
                           'send {object_type_id: "1", object_id: "..."} or {cio_object_id: "..."}'))
        return
    pair = "object_type_id" in ids and "object_id" in ids
    cio = "cio_object_id" in ids
    if pair == cio:
        what = "both forms" if pair else f"{sorted(ids) or 'nothing'}"
        out.append(finding("object_identifiers_invalid", path, f"object identifiers need exactly one form, got {what}",
                           'send {object_type_id: "1", object_id: "..."} (create/update) or {cio_object_id: "..."} (update)'))
        return
    if cio:
        _check_string_id(ids["cio_object_id"], key_path(path, "cio_object_id"), out, "cio_object_id")
        return
    type_id = ids["object_type_id"]
    tpath = key_path(path, "object_type_id")
    if not isinstance(type_id, str):
        out.append(finding("object_identifiers_invalid", tpath, f"object_type_id must be a string, got {_type_name(type_id)}",
                           f'send it as a string: "{type_id}"'))
    elif not (type_id.isdigit() and type_id.isascii() and int(type_id) >= 1):
        out.append(finding("object_type_id_not_numeric", tpath, f"object_type_id {_show(type_id)} is not a string integer starting at \"1\"",
                           "use the object type's numeric id from the workspace settings, e.g. \"1\""))
    _check_string_id(ids["object_id"], key_path(path, "object_id"), out, "object_id")


def _check_relationships(op: dict, path: str, out: Findings, *, required: bool,
                         item_ids: Callable[[Any, str, Findings], None]) -> None:
    rpath = f"{path}.cio_relationships"
    rels = op.get("cio_relationships")
    if rels is None and not required and "cio_relationships" not in op:
        return
    if not isinstance(rels, list) or (required and not rels):
        got = "an empty array" if rels == [] else _type_name(rels)
        out.append(finding("relationships_missing", rpath, f"cio_relationships must be a non-empty array, got {got}",
                           "send cio_relationships: [{identifiers: {...}, relationship_attributes: {...}}]"))
        return
    for i, item in enumerate(rels):
        ipath = f"{rpath}[{i}]"
        if not isinstance(item, dict) or "identifiers" not in item:
            out.append(finding("relationship_invalid", ipath, "each relationship needs an identifiers object",
                               "send {identifiers: {...}} for each related entity"))
            continue
        item_ids(item["identifiers"], f"{ipath}.identifiers", out)
        if "relationship_attributes" in item:
            _check_attributes(item["relationship_attributes"], f"{ipath}.relationship_attributes", out,
                              profile=True, total_limit=L.OBJECT_ATTRIBUTES_MAX_BYTES)


def _people_ids(keys: tuple[str, ...]) -> Callable[[Any, str, Findings], None]:
    """Checker for people referenced from an object relationship (one of `keys`)."""
    def check(ids: Any, path: str, out: Findings) -> None:
        present = [k for k in keys if isinstance(ids, dict) and k in ids]
        if len(present) != 1:
            out.append(finding("relationship_invalid", path, f"a related person needs exactly one of {', '.join(keys)}",
                               f"send identifiers: {{{keys[0]}: \"...\"}}"))
            return
        _check_string_id(ids[present[0]], key_path(path, present[0]), out, f"identifier '{present[0]}'")
    return check


def _common_event(op: dict, path: str, out: Findings) -> None:
    if "timestamp" in op:
        _check_timestamp(op["timestamp"], f"{path}.timestamp", out)
    if "id" in op:
        _check_event_id(op["id"], f"{path}.id", out)


def _warn_v1_habits(op: dict, path: str, out: Findings) -> None:
    for key in ("data", "properties"):
        if key in op:
            out.append(finding("data_ignored", f"{path}.{key}", f"top-level '{key}' is ignored by Track v2 (it is a v1/Segment habit)",
                               "move its contents into attributes"))


# ---------------------------------------------------------------- per (type, action)
def _person_identify(op: dict, path: str, out: Findings) -> None:
    if "name" in op:
        out.append(finding("identify_name_ignored", f"{path}.name", "identify has no 'name' field; Customer.io ignores it",
                           "remove name, or send an event (action: \"event\", name: ...) if you meant one"))
    if "timestamp" in op:
        _check_timestamp(op["timestamp"], f"{path}.timestamp", out)
    if "attributes" in op:
        apath = f"{path}.attributes"
        attrs = op["attributes"]
        if _check_attributes(attrs, apath, out, profile=True):
            if "_update" in attrs and not isinstance(attrs["_update"], bool):
                out.append(finding("reserved_attribute_type", f"{apath}._update", "_update is reserved and must be a boolean",
                                   "send _update: true to update existing people only"))
            if "cio_subscription_preferences" in attrs:
                _check_subscription_prefs(attrs["cio_subscription_preferences"], f"{apath}.cio_subscription_preferences", out)
    _check_relationships(op, path, out, required=False, item_ids=_check_object_identifiers)


def _check_subscription_prefs(prefs: Any, path: str, out: Findings) -> None:
    topics = prefs.get("topics", {}) if isinstance(prefs, dict) else None
    if not isinstance(topics, dict) or not all(isinstance(v, bool) for v in topics.values()):
        out.append(finding("reserved_attribute_type", path, "cio_subscription_preferences must be {topics: {topic_<id>: true|false}}",
                           "send booleans per topic, e.g. {topics: {topic_1: true}}"))


def _person_event(op: dict, path: str, out: Findings) -> None:
    action = op["action"]
    _check_name(op.get("name"), f"{path}.name", out, missing_fix=_NAME_FIX[action])
    _common_event(op, path, out)
    if "attributes" in op:
        apath = f"{path}.attributes"
        if _check_attributes(op["attributes"], apath, out, profile=False, total_limit=L.EVENT_DATA_MAX_BYTES):
            _check_reserved(op["attributes"], _RESERVED_EVENT_ATTRS[action], apath, out)


def _person_relationships(op: dict, path: str, out: Findings) -> None:
    _check_relationships(op, path, out, required=True, item_ids=_check_object_identifiers)


def _person_add_device(op: dict, path: str, out: Findings) -> None:
    device = _device(op, path, out)
    if device is None:
        return
    dpath = f"{path}.device"
    platform = device.get("platform")
    if platform not in DEVICE_PLATFORMS:
        out.append(finding("device_platform_invalid", f"{dpath}.platform", f"device.platform must be \"ios\" or \"android\", got {_show(platform)}",
                           'send platform: "ios" or "android"'))
    if "last_used" in device and not _is_int(device["last_used"]):
        out.append(finding("device_last_used_invalid", f"{dpath}.last_used", "device.last_used must be integer Unix seconds",
                           "send Math.floor(Date.now() / 1000)"))
    attrs = device.get("attributes")
    if attrs is None and "attributes" not in device:
        return
    if not isinstance(attrs, dict):
        out.append(finding("device_attribute_invalid", f"{dpath}.attributes", "device.attributes must be an object of strings",
                           "send {device_os: \"...\", push_enabled: \"true\"}"))
        return
    for key, value in attrs.items():
        allowed = _DEVICE_ENUMS.get(key)
        if not isinstance(value, str) or (allowed and value not in allowed):
            want = " or ".join(f'"{a}"' for a in allowed) if allowed else "a string"
            out.append(finding("device_attribute_invalid", key_path(f"{dpath}.attributes", key), f"device attribute '{key}' must be {want}, got {_show(value)}",
                               f"send it as {want}"))


def _person_delete_device(op: dict, path: str, out: Findings) -> None:
    _device(op, path, out)


def _device(op: dict, path: str, out: Findings) -> dict | None:
    dpath = f"{path}.device"
    device = op.get("device")
    if not isinstance(device, dict):
        out.append(finding("device_missing", dpath, f"device must be an object, got {_type_name(device)}",
                           'send device: {token: "...", platform: "ios"}'))
        return None
    token = device.get("token")
    if not isinstance(token, str) or not token:
        out.append(finding("device_token_invalid", f"{dpath}.token", f"device.token must be a non-empty string, got {_show(token)}",
                           "send the push token as a string"))
    return device


def _person_merge(op: dict, path: str, out: Findings) -> None:
    if "identifiers" in op:
        out.append(finding("merge_identifiers_ignored", f"{path}.identifiers", "merge takes primary and secondary; identifiers is ignored",
                           "remove identifiers"))
    for side in ("primary", "secondary"):
        spath = f"{path}.{side}"
        who = op.get(side)
        present = [k for k in MERGE_ID_KEYS if isinstance(who, dict) and k in who]
        if len(present) != 1:
            out.append(finding("merge_identifier_invalid", spath, f"{side} needs exactly one of id, email, cio_id (phone is not accepted), got {_show(who)}",
                               f'send {side}: {{id: "..."}}'))
            continue
        key = present[0]
        if isinstance(who[key], str) and who[key].strip():
            if _nbytes(who[key]) > L.IDENTIFIER_MAX_BYTES:
                out.append(finding("identifier_too_long", key_path(spath, key), f"{side}.{key} is longer than {L.IDENTIFIER_MAX_BYTES} bytes",
                                   "use a shorter identifier"))
            continue
        out.append(finding("merge_identifier_invalid", key_path(spath, key), f"{side}.{key} must be a non-empty string, got {_show(who[key])}",
                           "send the identifier as a string"))


def _object_identify(op: dict, path: str, out: Findings) -> None:
    if "attributes" in op:
        _check_attributes(op["attributes"], f"{path}.attributes", out, profile=True, total_limit=L.OBJECT_ATTRIBUTES_MAX_BYTES)
    keys = ("anonymous_id",) if op["action"] == "identify_anonymous" else MERGE_ID_KEYS
    _check_relationships(op, path, out, required=False, item_ids=_people_ids(keys))


def _object_relationships(op: dict, path: str, out: Findings) -> None:
    _check_relationships(op, path, out, required=True, item_ids=_people_ids(MERGE_ID_KEYS))


def _delivery_event(op: dict, path: str, out: Findings) -> None:
    ids = op.get("identifiers")
    if not isinstance(ids, dict) or not isinstance(ids.get("id"), str) or not ids.get("id"):
        out.append(finding("delivery_id_missing", f"{path}.identifiers.id", "a delivery event needs identifiers.id, the delivery_id (a string)",
                           'send identifiers: {id: "<delivery_id>"}'))
    name = op.get("name")
    if name not in DELIVERY_NAMES:
        out.append(finding("delivery_name_invalid", f"{path}.name", f"delivery name must be one of {', '.join(DELIVERY_NAMES)}, got {_show(name)}",
                           'send name: "opened", "converted" or "delivered"'))
    attrs = op.get("attributes")
    if not isinstance(attrs, dict) or not isinstance(attrs.get("device_token"), str):
        out.append(finding("delivery_device_token_missing", f"{path}.attributes.device_token", "a delivery event needs attributes.device_token (a string)",
                           'send attributes: {device_token: "..."}'))


def _NOOP(op: dict, path: str, out: Findings) -> None:
    """Actions with nothing beyond type, identifiers and action (delete, suppress, ...)."""

# (type, action) -> checker of the action-specific fields
_DISPATCH: dict[tuple[str, str], Callable[[dict, str, Findings], None]] = {
    ("person", "identify"): _person_identify,
    ("person", "event"): _person_event,
    ("person", "page"): _person_event,
    ("person", "screen"): _person_event,
    ("person", "delete"): _NOOP,
    ("person", "suppress"): _NOOP,
    ("person", "unsuppress"): _NOOP,
    ("person", "add_relationships"): _person_relationships,
    ("person", "delete_relationships"): _person_relationships,
    ("person", "add_device"): _person_add_device,
    ("person", "delete_device"): _person_delete_device,
    ("person", "merge"): _person_merge,
    ("object", "identify"): _object_identify,
    ("object", "identify_anonymous"): _object_identify,
    ("object", "delete"): _NOOP,
    ("object", "add_relationships"): _object_relationships,
    ("object", "delete_relationships"): _object_relationships,
    ("delivery", "event"): _delivery_event,
}


def _action_fix(type_: str, action: Any, op: dict) -> str:
    if type_ == "person" and isinstance(action, str) and action and action not in ALL_ACTIONS:
        fix = f'use action: "event", name: "{action}" (custom events are action "event" with the event name in name)'
        if isinstance(op.get("name"), str) and op["name"] != action:
            fix += f'; name is currently {_show(op["name"])}, which would become the event name instead'
        return fix
    if type_ == "object" and action == "event":
        return 'objects have no events: send a person event (type: "person", action: "event") instead'
    return f"use one of: {', '.join(ACTIONS[type_])}"


def validate_operation(op: Any, path: str = "payload", *, enabled_identifiers: Collection[str] | None = None) -> list[Finding]:
    """Findings for one v2 operation (an /entity body or one batch item); sizes not included.

    `enabled_identifiers`: the workspace's enabled person identifiers (the emulator knows
    them); None skips that check.
    """
    out: Findings = []
    if not isinstance(op, dict):
        out.append(finding("body_not_object", path, f"an operation must be a JSON object, got {_type_name(op)}",
                           "return webhook.payload = {type, identifiers, action, ...}"))
        return out
    type_ = op.get("type")
    if type_ is None:
        out.append(finding("type_missing", f"{path}.type", "type is required", 'add type: "person" (or "object", "delivery")'))
        return out
    if type_ not in ACTIONS:
        out.append(finding("type_invalid", f"{path}.type", f"type {_show(type_)} is not person, object or delivery", 'use type: "person"'))
        return out
    action = op.get("action")
    if action is None:
        out.append(finding("action_missing", f"{path}.action", "action is required", f"add action, one of: {', '.join(ACTIONS[type_])}"))
    elif action not in ACTIONS[type_]:
        out.append(finding("action_invalid", f"{path}.action",
                           f"{_show(action)} is not a Track v2 action for type \"{type_}\" (valid: {', '.join(ACTIONS[type_])})",
                           _action_fix(type_, action, op)))
    if type_ == "person" and action != "merge":
        _check_person_identifiers(op, path, out, enabled_identifiers)
    elif type_ == "object":
        if "identifiers" in op or action in ("identify", "identify_anonymous", None) or action not in OBJECT_ACTIONS:
            _check_object_identifiers(op.get("identifiers"), f"{path}.identifiers", out)
        else:  # the spec omits identifiers from `required` here; Customer.io cannot act without them
            out.append(finding("identifiers_missing", f"{path}.identifiers", "identifiers is required",
                               'send identifiers: {object_type_id: "1", object_id: "..."}'))
    check = _DISPATCH.get((type_, action))
    if check is not None:
        if type_ != "delivery":
            _warn_v1_habits(op, path, out)
        check(op, path, out)
    elif type_ == "person" and "attributes" in op:  # still report attribute problems the fix will keep
        _check_attributes(op["attributes"], f"{path}.attributes", out, profile=False)
    return out


def _size_finding(code: str, path: str, what: str, size: int, limit: int) -> Finding:
    return finding(code, path, f"{what} is {size} bytes as compact UTF-8 JSON; the limit is {limit} ({limit // L.KB} KB)",
                   "send less data per request (split into several requests or batch items)")


def validate_entity(body: Any, path: str = "payload", *, enabled_identifiers: Collection[str] | None = None) -> list[Finding]:
    """An /api/v2/entity body: the operation plus the 32 KB request limit."""
    out = validate_operation(body, path, enabled_identifiers=enabled_identifiers)
    size = L.json_size(body)
    if size > L.ENTITY_MAX_BYTES:
        out.insert(0, _size_finding("entity_too_large", path, "the request", size, L.ENTITY_MAX_BYTES))
    return out


def validate_batch(body: Any, path: str = "payload", *, enabled_identifiers: Collection[str] | None = None,
                   ) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """An /api/v2/batch body: (whole-request findings, findings per item index).

    Whole-request errors mean a 400; item errors mean a 207 where the other items are
    applied. Items without findings are absent from the dict.
    """
    whole: Findings = []
    items: dict[int, Findings] = {}
    if not isinstance(body, dict):
        whole.append(finding("body_not_object", path, f"the batch body must be a JSON object, got {_type_name(body)}",
                             "send {batch: [operation, ...]}"))
        return whole, items
    batch = body.get("batch")
    if not isinstance(batch, list):
        got = "nothing" if "batch" not in body else _type_name(batch)
        whole.append(finding("batch_missing", f"{path}.batch", f"batch must be an array of operations, got {got}",
                             "send {batch: [operation, ...]}"))
        return whole, items
    if not batch:
        whole.append(finding("batch_empty", f"{path}.batch", "the batch is empty; nothing will happen",
                             "skip the request when there is nothing to send (cancel the webhook)"))
    size = L.json_size(body)
    if size > L.BATCH_MAX_BYTES:
        whole.append(_size_finding("batch_too_large", path, "the batch", size, L.BATCH_MAX_BYTES))
    for i, op in enumerate(batch):
        ipath = f"{path}.batch[{i}]"
        found = validate_operation(op, ipath, enabled_identifiers=enabled_identifiers)
        item_size = L.json_size(op)
        if item_size > L.BATCH_ITEM_MAX_BYTES:
            found.insert(0, _size_finding("batch_item_too_large", ipath, f"batch item {i}", item_size, L.BATCH_ITEM_MAX_BYTES))
        if found:
            items[i] = found
    return whole, items


# ---------------------------------------------------------------- v1
_V1_TYPED: dict[str, Callable[[Any], bool]] = {
    "id": lambda v: isinstance(v, str), "email": lambda v: isinstance(v, str), "anonymous_id": lambda v: isinstance(v, str),
    "created_at": _is_int, "_timestamp": _is_int, "_update": lambda v: isinstance(v, bool),
    "unsubscribed": lambda v: isinstance(v, bool),
    "cio_relationships": lambda v: isinstance(v, dict), "cio_subscription_preferences": lambda v: isinstance(v, dict),
}


def validate_v1_identify(customer_id: str | None, body: Any, path: str = "payload") -> list[Finding]:
    """PUT /api/v1/customers/{id}: the id in the URL and flat attributes in the body."""
    out: Findings = []
    _check_string_id(customer_id, "url", out, "the customer id in the URL")
    if not isinstance(body, dict):
        out.append(finding("body_not_object", path, f"the body must be a JSON object of attributes, got {_type_name(body)}",
                           "send {email: \"...\", plan: \"...\"}"))
        return out
    _check_attributes(body, path, out, profile=True)
    for key, value in body.items():
        kpath = key_path(path, key)
        typed = _V1_TYPED.get(key)
        if typed is not None:
            if not typed(value):
                code = "timestamp_not_integer" if key in ("created_at", "_timestamp") else "reserved_attribute_type"
                out.append(finding(code, kpath, f"'{key}' is reserved and has the wrong type ({_type_name(value)})",
                                   "created_at/_timestamp: integer Unix seconds; _update/unsubscribed: boolean; id/email: string"))
        elif value is not None and not isinstance(value, (str, bool)) and not _is_plain_int_type(value):
            out.append(finding("v1_attribute_type", kpath, f"v1 attributes are documented as string, integer or boolean; got {_type_name(value)}",
                               "send a string, an integer or a boolean (or use Track v2)"))
    return out


def validate_v1_event(customer_id: str | None, body: Any, path: str = "payload") -> list[Finding]:
    """POST /api/v1/customers/{id}/events: {name, data, type?, timestamp?, id?}."""
    out: Findings = []
    _check_string_id(customer_id, "url", out, "the customer id in the URL")
    if not isinstance(body, dict):
        out.append(finding("body_not_object", path, f"the body must be a JSON object, got {_type_name(body)}", "send {name, data}"))
        return out
    _check_name(body.get("name"), f"{path}.name", out, missing_fix='add name: the event name, e.g. "payment_completed"')
    if "type" in body and body["type"] not in V1_EVENT_TYPES:
        out.append(finding("v1_event_type_invalid", f"{path}.type", f"type must be event, page or screen, got {_show(body['type'])}",
                           'leave type out for a custom event (name carries the event name)'))
    _common_event(body, path, out)
    if "data" in body:
        _check_attributes(body["data"], f"{path}.data", out, profile=False, total_limit=L.EVENT_DATA_MAX_BYTES)
    if "attributes" in body:
        out.append(finding("data_ignored", f"{path}.attributes", "v1 events read event properties from 'data', not 'attributes'",
                           "rename attributes to data"))
    return out


# ---------------------------------------------------------------- whole request
def _region_findings(route: Route, account_region: str | None) -> list[Finding]:
    if account_region is None or route.region is None or account_region == route.region:
        return []
    good = f"https://{TRACK_HOSTS[account_region]}"
    if account_region == "eu":
        return [finding("region_redirected", "url", "an EU workspace sending to the US host is redirected (data passes through US servers)",
                        f"send to {good}")]
    return [finding("region_mismatch", "url", "a US workspace sending to the EU host fails", f"send to {good}")]


def validate_request(method: str, url: str, payload: Any, *, override_base: str | None = None,
                     headers: Mapping[str, str] | None = None, account_region: str | None = None,
                     enabled_identifiers: Collection[str] | None = None) -> list[Finding]:
    """Findings for a transform's result as the Track API request it becomes.

    [] for a URL that is not a Customer.io Track host (nor `override_base`). Paths are JSON
    paths into the webhook (``payload.batch[1].identifiers``; ``url``, ``method``).
    """
    route = match_route(method, url, override_base=override_base)
    if route is None:
        return []
    out: Findings = []
    if route.region is not None and route.scheme != "https":
        out.append(finding("url_not_https", "url", f"Customer.io only serves the Track API over https, got {route.scheme}://",
                           f"use https://{route.host}{route.path}"))
    out += _region_findings(route, account_region)
    if route.kind == "unknown":
        out.append(finding("route_unknown", "url", f"{route.path or '/'} is not a Track API call dodo-cio knows",
                           "use /api/v2/entity (one operation) or /api/v2/batch; v1: PUT /api/v1/customers/{id}, POST /api/v1/customers/{id}/events"))
        return out
    want = ROUTE_METHODS[route.kind]
    if method.upper() != want:
        out.append(finding("method_not_allowed", "method", f"{route.path} takes {want}, got {method.upper()}", f'set webhook.method = "{want}"'))
    ctype = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), None)
    if ctype is not None and "json" not in ctype.split(";")[0].lower():
        out.append(finding("content_type_not_json", "headers.content-type", f"Content-Type is {_show(ctype)}; the Track API reads JSON",
                           "remove the header override (Svix sends application/json)"))
    if route.kind == "v2_entity":
        out += validate_entity(payload, enabled_identifiers=enabled_identifiers)
    elif route.kind == "v2_batch":
        whole, items = validate_batch(payload, enabled_identifiers=enabled_identifiers)
        out += whole
        for i in sorted(items):
            out += items[i]
    elif route.kind == "v1_identify":
        out += validate_v1_identify(route.customer_id, payload)
    elif route.kind == "v1_event":
        out += validate_v1_event(route.customer_id, payload)
    return out
