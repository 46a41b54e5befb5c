"""The catalogue of Track API validation rules: stable code -> (rule row, severity).

Rows 1-27 are the table in §5 of customerio-track-api.md; rows 28-31 extend it to the v1
routes that table leaves out (URL identifiers, segments, forms, delivery metrics). Severity lives here,
not at the call sites, so one code always has one severity and tests can check that every
row has codes and every code is exercised.
"""

from __future__ import annotations

from ..findings import Finding, Severity

E: Severity = "error"
W: Severity = "warning"
I: Severity = "info"  # noqa: E741  (E, W, I: the severity letters linters print)

RULES: dict[str, tuple[int, Severity]] = {
    # 1 host and path
    "url_not_https": (1, E),
    "route_unknown": (1, E),
    # 2 method, JSON object body, content type
    "method_not_allowed": (2, E),
    "body_not_object": (2, E),
    "content_type_not_json": (2, E),
    "body_ignored": (2, W),
    # 3 Basic auth (checked by runner.customerio.auth, used by the emulator)
    "auth_missing": (3, E),
    "auth_invalid": (3, E),
    # 4 request sizes
    "entity_too_large": (4, E),
    "batch_too_large": (4, E),
    "batch_item_too_large": (4, E),
    # 5 batch envelope
    "batch_missing": (5, E),
    "batch_empty": (5, W),
    # 6, 7 type x action
    "type_missing": (6, E),
    "type_invalid": (6, E),
    "action_missing": (7, E),
    "action_invalid": (7, E),
    # 8-12 person identifiers
    "identifiers_missing": (8, E),
    "identifiers_not_object": (8, E),
    "identifiers_none": (9, E),
    "identifiers_multiple": (9, E),
    "identifiers_unknown_key": (9, W),
    "identifiers_anonymous_id": (9, W),
    "identifier_not_string": (10, E),
    "identifier_empty": (10, E),
    "identifier_too_long": (10, E),
    "identifier_not_enabled": (11, E),
    "phone_format": (11, E),
    "email_format": (11, W),
    "cio_id_prefix": (12, W),
    # 13 object identifiers
    "object_identifiers_invalid": (13, E),
    "object_type_id_not_numeric": (13, W),
    # 14 event names
    "name_missing": (14, E),
    "name_not_string": (14, E),
    "name_empty": (14, E),
    "name_too_long": (14, E),
    "name_whitespace": (14, W),
    "v1_event_type_invalid": (14, E),
    # 15 where properties go
    "attributes_not_object": (15, E),
    "reserved_attribute_type": (15, E),
    "data_ignored": (15, W),
    # 16 name on identify
    "identify_name_ignored": (16, W),
    # 17 timestamps
    "timestamp_not_integer": (17, E),
    "timestamp_milliseconds": (17, W),
    # 18 event id
    "event_id_not_string": (18, E),
    "event_id_not_ulid": (18, W),
    # 19 attribute counts and sizes
    "attributes_too_many": (19, E),
    "attribute_name_too_long": (19, E),
    "attribute_value_too_long": (19, E),
    "v1_attribute_type": (19, W),
    # 20 aggregate sizes
    "object_attributes_too_large": (20, E),
    "event_data_too_large": (20, E),
    # 21 ISO dates
    "attribute_iso_date": (21, W),
    # 22 relationships
    "relationships_missing": (22, E),
    "relationship_invalid": (22, E),
    # 23 devices
    "device_missing": (23, E),
    "device_token_invalid": (23, E),
    "device_platform_invalid": (23, E),
    "device_last_used_invalid": (23, E),
    "device_attribute_invalid": (23, E),
    # 24 merge
    "merge_identifier_invalid": (24, E),
    "merge_identifiers_ignored": (24, W),
    # 25 delivery events
    "delivery_id_missing": (25, E),
    "delivery_name_invalid": (25, E),
    "delivery_device_token_missing": (25, E),
    # 26 removing attributes
    "attribute_removed": (26, I),
    # 27 region vs host
    "region_redirected": (27, W),
    "region_mismatch": (27, E),
    # 28 v1 URL parameters: the person (id, email or cio_<id>) and the device, URL-encoded
    "v1_identifier_not_encoded": (28, E),
    "v1_cio_id_invalid": (28, E),
    "v1_identifier_phone": (28, W),
    "device_id_missing": (28, E),
    # 29 manual segments
    "segment_id_invalid": (29, E),
    "segment_id_type_invalid": (29, E),
    "segment_ids_invalid": (29, E),
    # 30 forms
    "form_id_missing": (30, E),
    "form_data_invalid": (30, E),
    # 31 delivery metrics and unsubscribes
    "metric_invalid": (31, E),
    "push_event_invalid": (31, E),
    "unsubscribe_invalid": (31, E),
}


def finding(code: str, path: str, message: str, fix: str = "") -> Finding:
    """A Finding whose severity comes from the catalogue (KeyError on an unknown code)."""
    return Finding(RULES[code][1], code, path, message, fix)
