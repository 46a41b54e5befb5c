"""Checks of single fields shared by every Track API operation (v2 and v1).

Each check appends findings (codes and severities from `rules.py`) and says how to fix the
value; `validate.py` decides which checks an operation's (type, action) needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..findings import Finding
from . import limits as L
from .rules import finding

_PERSON_ID_KEYS = ("id", "email", "phone", "cio_id")
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}", re.IGNORECASE)
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.IGNORECASE
)
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f]")

Findings = list[Finding]


def key_path(path: str, key: Any) -> str:
    """JSON path of `key` under `path`: ``a.b`` for plain keys, ``a["x y"]`` otherwise."""
    key = str(key)
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{path}["{_CONTROL_CHARS.sub("?", escaped)}"]'


def _nbytes(text: Any) -> int:
    """Customer.io's limits count UTF-8 bytes, not characters."""
    return L.utf8_size(text if isinstance(text, str) else str(text))


def show(value: Any, limit: int = 60) -> str:
    """A value quoted in a message, cut short so one huge value cannot flood a finding."""
    text = L.compact_json(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= limit else text[: limit - 1] + "…"


def type_name(value: Any) -> str:
    """JSON's name for a value's type: what the person who wrote the JavaScript sees."""
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


def is_int(value: Any) -> bool:
    """An integer as JSON Schema sees it: 3 and 3.0 yes, True and 3.5 no."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def is_plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- shared checks
def check_timestamp(value: Any, path: str, out: Findings) -> None:
    if not is_int(value):
        fix = "send integer Unix seconds, e.g. Math.floor(Date.parse(value) / 1000)"
        out.append(
            finding(
                "timestamp_not_integer", path, f"timestamp must be an integer of Unix seconds, got {show(value)}", fix
            )
        )
    elif value > L.TIMESTAMP_MS_THRESHOLD:
        out.append(
            finding(
                "timestamp_milliseconds",
                path,
                f"timestamp {int(value)} looks like milliseconds; Customer.io reads seconds (a date far in the future)",
                "divide by 1000: Math.floor(ms / 1000)",
            )
        )


def _check_event_id(value: Any, path: str, out: Findings) -> None:
    if not isinstance(value, str):
        out.append(
            finding(
                "event_id_not_string",
                path,
                f"event id must be a string (a ULID), got {type_name(value)}",
                "send a 26-character ULID string, or leave id out",
            )
        )
    elif not _ULID.fullmatch(value):
        out.append(
            finding(
                "event_id_not_ulid",
                path,
                f"event id {show(value)} is not a 26-character ULID; Customer.io dedupes on ULIDs",
                "derive a ULID (e.g. from the webhook-id) or leave id out",
            )
        )


def check_name(value: Any, path: str, out: Findings, *, missing_fix: str) -> None:
    if value is None:
        out.append(finding("name_missing", path, "name is required for this action", missing_fix))
    elif not isinstance(value, str):
        out.append(
            finding(
                "name_not_string",
                path,
                f"name must be a string, got {type_name(value)}",
                "send the event name as a string",
            )
        )
    elif not value.strip():
        out.append(
            finding(
                "name_empty", path, "name must not be blank", 'set name to the event\'s name, e.g. "payment_completed"'
            )
        )
    else:
        if _nbytes(value.strip()) > L.EVENT_NAME_MAX_BYTES:
            out.append(
                finding(
                    "name_too_long",
                    path,
                    f"name is {_nbytes(value.strip())} bytes; the limit is {L.EVENT_NAME_MAX_BYTES}",
                    "use a short, stable event name and put details in attributes",
                )
            )
        if value != value.strip():
            out.append(
                finding(
                    "name_whitespace",
                    path,
                    f"name {show(value)} has leading or trailing spaces; Customer.io trims them",
                    "trim the name (.trim())",
                )
            )


def check_attributes(attrs: Any, path: str, out: Findings, *, profile: bool, total_limit: int = 0) -> bool:
    """Attributes of a person/object/relationship (`profile`) or event data. False if not an object."""
    if not isinstance(attrs, dict):
        out.append(
            finding(
                "attributes_not_object",
                path,
                f"{path.rsplit('.', 1)[-1]} must be an object, got {type_name(attrs)}",
                "send key/value pairs as a JSON object",
            )
        )
        return False
    if profile and len(attrs) > L.ATTRIBUTES_MAX_COUNT:
        out.append(
            finding(
                "attributes_too_many",
                path,
                f"{len(attrs)} attributes; at most {L.ATTRIBUTES_MAX_COUNT} per call",
                "send fewer attributes, or split them over several identify calls",
            )
        )
    for key, value in attrs.items():
        kpath = key_path(path, key)
        if profile:
            if _nbytes(key) > L.ATTRIBUTE_NAME_MAX_BYTES:
                out.append(
                    finding(
                        "attribute_name_too_long",
                        kpath,
                        f"attribute name is {_nbytes(key)} bytes; the limit is {L.ATTRIBUTE_NAME_MAX_BYTES}",
                        "use a shorter attribute name",
                    )
                )
            size = L.value_size(value)
            if size > L.ATTRIBUTE_VALUE_MAX_BYTES:
                out.append(
                    finding(
                        "attribute_value_too_long",
                        kpath,
                        f"value is {size} bytes; the limit is {L.ATTRIBUTE_VALUE_MAX_BYTES} "
                        "(UTF-8, JSON for non-strings)",
                        "shorten or truncate the value (PostHog truncates to 1000)",
                    )
                )
            if value is None or value == "":
                out.append(
                    finding(
                        "attribute_removed",
                        kpath,
                        f"a {show(value)} value removes the attribute '{key}'",
                        'send a value to keep it; null or "" is how you delete it',
                    )
                )
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            out.append(
                finding(
                    "attribute_iso_date",
                    kpath,
                    f"{show(value)} is an ISO date string; segments and 'is a timestamp' rules need Unix seconds",
                    "send Math.floor(Date.parse(value) / 1000) instead",
                )
            )
    if total_limit:
        size = L.json_size(attrs)
        if size > total_limit:
            code = "object_attributes_too_large" if profile else "event_data_too_large"
            out.append(
                finding(code, path, f"attributes are {size} bytes; the limit is {total_limit}", "send less data")
            )
    return True


def check_reserved(attrs: dict[str, Any], fields: Mapping[str, type], path: str, out: Findings) -> None:
    for key, expected in fields.items():
        if key in attrs and not isinstance(attrs[key], expected):
            want = "a string" if expected is str else "an array of strings" if expected is list else expected.__name__
            out.append(
                finding(
                    "reserved_attribute_type",
                    key_path(path, key),
                    f"'{key}' is reserved and must be {want}, got {type_name(attrs[key])}",
                    f"send '{key}' as {want} or rename your attribute",
                )
            )
        elif expected is list and key in attrs and not all(isinstance(x, str) for x in attrs[key]):
            out.append(
                finding(
                    "reserved_attribute_type",
                    key_path(path, key),
                    f"'{key}' must be an array of strings",
                    "send only strings in the array",
                )
            )


def check_string_id(value: Any, path: str, out: Findings, what: str) -> bool:
    """A non-empty string of at most 150 bytes (person ids, emails, object ids)."""
    if not isinstance(value, str):
        out.append(
            finding(
                "identifier_not_string",
                path,
                f"{what} must be a string, got {type_name(value)} {show(value)}",
                "convert it: String(value)",
            )
        )
        return False
    if not value.strip():
        out.append(
            finding(
                "identifier_empty",
                path,
                f"{what} cannot be an empty string",
                "make sure the source field is set (e.g. customer.customer_id)",
            )
        )
        return False
    if _nbytes(value) > L.IDENTIFIER_MAX_BYTES:
        out.append(
            finding(
                "identifier_too_long",
                path,
                f"{what} is {_nbytes(value)} bytes; the limit is {L.IDENTIFIER_MAX_BYTES}",
                "use a shorter identifier",
            )
        )
        return False
    return True


def _check_id_value(key: str, value: Any, path: str, out: Findings, enabled: Collection[str] | None) -> None:
    if not check_string_id(value, path, out, f"identifier '{key}'"):
        return
    if enabled is not None and key in ("email", "phone") and key not in enabled:
        out.append(
            finding(
                "identifier_not_enabled",
                path,
                f"'{key}' is not enabled as an identifier in this workspace",
                "identify by id, or enable the identifier in the workspace settings",
            )
        )
    if key == "phone" and not _E164.fullmatch(value):
        out.append(
            finding(
                "phone_format",
                path,
                f"phone {show(value)} is not E.164 (a '+' and up to 15 digits)",
                "format it like +14155552671",
            )
        )
    elif key == "email" and "@" not in value:
        out.append(
            finding(
                "email_format",
                path,
                f"email {show(value)} does not look like an email address",
                "identify by id, or send the customer's email",
            )
        )
    elif key == "cio_id" and value.startswith("cio_"):
        out.append(
            finding(
                "cio_id_prefix",
                path,
                "v2 cio_id values have no 'cio_' prefix (that is the v1 URL form)",
                f'send "{value[4:]}"',
            )
        )


def check_person_identifiers(op: dict[str, Any], path: str, out: Findings, enabled: Collection[str] | None) -> None:
    ipath = f"{path}.identifiers"
    if "identifiers" not in op:
        out.append(
            finding(
                "identifiers_missing",
                ipath,
                "identifiers is required",
                "add identifiers: {id: customer.customer_id} (exactly one of id, email, phone, cio_id)",
            )
        )
        return
    ids = op["identifiers"]
    if not isinstance(ids, dict):
        out.append(
            finding(
                "identifiers_not_object",
                ipath,
                f"identifiers must be an object, got {type_name(ids)}",
                'send identifiers: {id: "..."}',
            )
        )
        return
    present = [k for k in _PERSON_ID_KEYS if k in ids]
    if not present:
        if "anonymous_id" in ids:
            out.append(
                finding(
                    "identifiers_anonymous_id",
                    ipath,
                    "identifiers {anonymous_id} is not in the spec "
                    "(Segment sends it; treated as an undocumented tolerance)",
                    "identify by id, email, phone or cio_id when you know the person",
                )
            )
            check_string_id(ids["anonymous_id"], key_path(ipath, "anonymous_id"), out, "identifier 'anonymous_id'")
        else:
            out.append(
                finding(
                    "identifiers_none",
                    ipath,
                    f"identifiers needs exactly one of id, email, phone, cio_id; got {sorted(ids) or 'none'}",
                    "send identifiers: {id: customer.customer_id}",
                )
            )
        return
    if len(present) > 1:
        out.append(
            finding(
                "identifiers_multiple",
                ipath,
                f"identifiers has {', '.join(present)}; Customer.io accepts exactly one",
                f"keep only one, e.g. {{{present[0]}: ...}}, and move the others into attributes",
            )
        )
        return
    for extra in sorted(set(ids) - set(_PERSON_ID_KEYS)):
        out.append(
            finding(
                "identifiers_unknown_key",
                key_path(ipath, extra),
                f"'{extra}' is not a person identifier and is ignored",
                "move it into attributes",
            )
        )
    key = present[0]
    _check_id_value(key, ids[key], key_path(ipath, key), out, enabled)


def check_object_identifiers(ids: Any, path: str, out: Findings) -> None:
    if not isinstance(ids, dict):
        out.append(
            finding(
                "object_identifiers_invalid",
                path,
                f"object identifiers must be an object, got {type_name(ids)}",
                'send {object_type_id: "1", object_id: "..."} or {cio_object_id: "..."}',
            )
        )
        return
    pair = "object_type_id" in ids and "object_id" in ids
    cio = "cio_object_id" in ids
    if pair == cio:
        what = "both forms" if pair else f"{sorted(ids) or 'nothing'}"
        out.append(
            finding(
                "object_identifiers_invalid",
                path,
                f"object identifiers need exactly one form, got {what}",
                'send {object_type_id: "1", object_id: "..."} (create/update) or {cio_object_id: "..."} (update)',
            )
        )
        return
    if cio:
        check_string_id(ids["cio_object_id"], key_path(path, "cio_object_id"), out, "cio_object_id")
        return
    type_id = ids["object_type_id"]
    tpath = key_path(path, "object_type_id")
    if not isinstance(type_id, str):
        out.append(
            finding(
                "object_identifiers_invalid",
                tpath,
                f"object_type_id must be a string, got {type_name(type_id)}",
                f'send it as a string: "{type_id}"',
            )
        )
    elif not (type_id.isdigit() and type_id.isascii() and int(type_id) >= 1):
        out.append(
            finding(
                "object_type_id_not_numeric",
                tpath,
                f'object_type_id {show(type_id)} is not a string integer starting at "1"',
                'use the object type\'s numeric id from the workspace settings, e.g. "1"',
            )
        )
    check_string_id(ids["object_id"], key_path(path, "object_id"), out, "object_id")


def check_relationships(
    op: dict[str, Any],
    path: str,
    out: Findings,
    *,
    required: bool,
    item_ids: Callable[[Any, str, Findings], None],
    key: str = "cio_relationships",
) -> None:
    rpath = f"{path}.{key}"
    rels = op.get(key)
    if rels is None and not required and key not in op:
        return
    if not isinstance(rels, list) or (required and not rels):
        got = "an empty array" if rels == [] else type_name(rels)
        out.append(
            finding(
                "relationships_missing",
                rpath,
                f"{key} must be a non-empty array, got {got}",
                "send cio_relationships: [{identifiers: {...}, relationship_attributes: {...}}]",
            )
        )
        return
    for i, item in enumerate(rels):
        ipath = f"{rpath}[{i}]"
        if not isinstance(item, dict) or "identifiers" not in item:
            out.append(
                finding(
                    "relationship_invalid",
                    ipath,
                    "each relationship needs an identifiers object",
                    "send {identifiers: {...}} for each related entity",
                )
            )
            continue
        item_ids(item["identifiers"], f"{ipath}.identifiers", out)
        if "relationship_attributes" in item:
            check_attributes(
                item["relationship_attributes"],
                f"{ipath}.relationship_attributes",
                out,
                profile=True,
                total_limit=L.OBJECT_ATTRIBUTES_MAX_BYTES,
            )


def people_ids(keys: tuple[str, ...]) -> Callable[[Any, str, Findings], None]:
    """Checker for people referenced from an object relationship (one of `keys`)."""

    def check(ids: Any, path: str, out: Findings) -> None:
        present = [k for k in keys if isinstance(ids, dict) and k in ids]
        if len(present) != 1:
            out.append(
                finding(
                    "relationship_invalid",
                    path,
                    f"a related person needs exactly one of {', '.join(keys)}",
                    f'send identifiers: {{{keys[0]}: "..."}}',
                )
            )
            return
        check_string_id(ids[present[0]], key_path(path, present[0]), out, f"identifier '{present[0]}'")

    return check


def check_event_fields(op: dict[str, Any], path: str, out: Findings) -> None:
    if "timestamp" in op:
        check_timestamp(op["timestamp"], f"{path}.timestamp", out)
    if "id" in op:
        _check_event_id(op["id"], f"{path}.id", out)


_DEVICE_PLATFORMS = ("ios", "android")
MERGE_ID_KEYS = ("id", "email", "cio_id")
_DEVICE_ENUMS = {"push_enabled": ("true", "false"), "_last_status": ("", "bounced", "sent", "suppressed")}


def check_device(op: dict[str, Any], path: str, out: Findings, *, token_key: str, full: bool = True) -> None:
    """`op.device`: v2 names the push token `token`, v1 names it `id`; `full` adds add_device's fields."""
    dpath = f"{path}.device"
    device = op.get("device")
    if not isinstance(device, dict):
        out.append(
            finding(
                "device_missing",
                dpath,
                f"device must be an object, got {type_name(device)}",
                f'send device: {{{token_key}: "...", platform: "ios"}}',
            )
        )
        return
    token = device.get(token_key)
    if not isinstance(token, str) or not token:
        other = "id" if token_key == "token" else "token"
        hint = f" (this API calls it {token_key}, not {other})" if other in device else ""
        out.append(
            finding(
                "device_token_invalid",
                f"{dpath}.{token_key}",
                f"device.{token_key} must be a non-empty string, got {show(token)}{hint}",
                f"send the push token as device.{token_key}, a string",
            )
        )
    if not full:
        return
    platform = device.get("platform")
    if platform not in _DEVICE_PLATFORMS:
        out.append(
            finding(
                "device_platform_invalid",
                f"{dpath}.platform",
                f'device.platform must be "ios" or "android", got {show(platform)}',
                'send platform: "ios" or "android"',
            )
        )
    if "last_used" in device and not is_int(device["last_used"]):
        out.append(
            finding(
                "device_last_used_invalid",
                f"{dpath}.last_used",
                "device.last_used must be integer Unix seconds",
                "send Math.floor(Date.now() / 1000)",
            )
        )
    if "attributes" not in device:
        return
    attrs = device["attributes"]
    if not isinstance(attrs, dict):
        out.append(
            finding(
                "device_attribute_invalid",
                f"{dpath}.attributes",
                "device.attributes must be an object of strings",
                'send {device_os: "...", push_enabled: "true"}',
            )
        )
        return
    for key, value in attrs.items():
        allowed = _DEVICE_ENUMS.get(key)
        if not isinstance(value, str) or (allowed and value not in allowed):
            want = " or ".join(f'"{a}"' for a in allowed) if allowed else "a string"
            out.append(
                finding(
                    "device_attribute_invalid",
                    key_path(f"{dpath}.attributes", key),
                    f"device attribute '{key}' must be {want}, got {show(value)}",
                    f"send it as {want}",
                )
            )


def check_merge_sides(op: dict[str, Any], path: str, out: Findings) -> None:
    """`primary` and `secondary` of a merge (v2 operation or v1 /merge_customers): one of id, email, cio_id each."""
    for side in ("primary", "secondary"):
        spath = f"{path}.{side}"
        who = op.get(side)
        present = [k for k in MERGE_ID_KEYS if isinstance(who, dict) and k in who]
        if len(present) != 1:
            out.append(
                finding(
                    "merge_identifier_invalid",
                    spath,
                    f"{side} needs exactly one of id, email, cio_id (phone is not accepted), got {show(who)}",
                    f'send {side}: {{id: "..."}}',
                )
            )
            continue
        key = present[0]
        assert isinstance(who, dict)  # present has a key, so who is an object
        if isinstance(who[key], str) and who[key].strip():
            if _nbytes(who[key]) > L.IDENTIFIER_MAX_BYTES:
                out.append(
                    finding(
                        "identifier_too_long",
                        key_path(spath, key),
                        f"{side}.{key} is longer than {L.IDENTIFIER_MAX_BYTES} bytes",
                        "use a shorter identifier",
                    )
                )
            continue
        out.append(
            finding(
                "merge_identifier_invalid",
                key_path(spath, key),
                f"{side}.{key} must be a non-empty string, got {show(who[key])}",
                "send the identifier as a string",
            )
        )
