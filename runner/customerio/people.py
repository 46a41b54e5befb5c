"""Who a Track API request is about: one reading of person references for every route.

v1 names a person in the URL and Customer.io reads the kind from the value's shape: `cio_`
prefix -> cio_id, an `@` -> email, anything else (a phone number too) -> id. v2 names the
person in `identifiers` (or `primary` for a merge). The emulator, the doctor and the relay's
ordering key all use these functions, so "the same person" means one thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .routes import Route, match_route

PERSON_ID_KINDS = ("id", "email", "phone", "cio_id", "anonymous_id")


def v1_person(identifier: str) -> tuple[str, str]:
    """(kind, value) of a decoded v1 path identifier: cio_<id>, an email (has @), or an id."""
    if identifier.startswith("cio_"):
        return "cio_id", identifier[4:]
    return ("email", identifier) if "@" in identifier else ("id", identifier)


def normalise(kind: str, value: str) -> str:
    """Emails are case-insensitive identifiers in Customer.io; the other kinds are exact."""
    return value.strip().lower() if kind == "email" else value


def _person_ref(ids: Any, kinds: tuple[str, ...] = PERSON_ID_KINDS) -> tuple[str, str] | None:
    """The (kind, value) of a one-key identifiers object, or None when it names nobody clearly."""
    if not isinstance(ids, Mapping):
        return None
    present = [(k, ids[k]) for k in kinds if isinstance(ids.get(k), str) and ids[k]]
    return present[0] if len(present) == 1 else None


def _v2_key(op: Any) -> str | None:
    if not isinstance(op, Mapping):
        return None
    if op.get("type") == "object":
        ids = op.get("identifiers")
        if isinstance(ids, Mapping) and isinstance(ids.get("cio_object_id"), str):
            return f"object:cio:{ids['cio_object_id']}"
        if isinstance(ids, Mapping) and all(isinstance(ids.get(k), str) for k in ("object_type_id", "object_id")):
            return f"object:{ids['object_type_id']}:{ids['object_id']}"
        return None
    if op.get("type") == "delivery":
        return None
    ref = _person_ref(op.get("primary") if op.get("action") == "merge" else op.get("identifiers"))
    return _key(*ref) if ref else None


def _key(kind: str, value: str) -> str:
    return f"person:{kind}:{normalise(kind, value)}"


def _route_person_key(route: Route, payload: Any) -> str | None:
    """The ordering key of a routed request (see `person_key`)."""
    kind = route.kind
    if route.customer_id is not None:
        return _key(*v1_person(route.customer_id)) if route.customer_id else None
    if kind in ("v2_entity", "v2_batch"):
        return next((k for _, op in v2_operations(route, payload) if (k := _v2_key(op))), None)
    body = payload if isinstance(payload, Mapping) else {}
    if kind == "v1_merge":
        ref = _person_ref(body.get("primary"), ("id", "email", "cio_id"))
    elif kind == "v1_anonymous_event":
        ref = _person_ref(body, ("anonymous_id",))
    elif kind == "v1_form_submit":
        ref = _person_ref(body.get("data"), ("email", "id"))
    else:  # segments, metrics, unsubscribes, region: about many people or a delivery
        ref = None
    return _key(*ref) if ref else None


def v2_operations(route: Route, payload: Any) -> list[tuple[str, Any]]:
    """(JSON path, operation) of a v2 request's operations; [] for other routes."""
    if route.kind == "v2_batch" and isinstance(payload, Mapping) and isinstance(payload.get("batch"), list):
        return [(f"payload.batch[{i}]", op) for i, op in enumerate(payload["batch"])]
    return [("payload", payload)] if route.kind == "v2_entity" else []


def _strings(where: str, ids: Any, keys: tuple[str, ...] = PERSON_ID_KINDS) -> list[tuple[str, str]]:
    if not isinstance(ids, Mapping):
        return []
    return [(f"{where}.{k}", ids[k]) for k in keys if isinstance(ids.get(k), str)]


def identifier_values(route: Route, payload: Any) -> list[tuple[str, str]]:
    """Every (where, value) of a request that names a person or a device, for checks on the values themselves
    (e.g. the doctor's "undefined" turned into text): URL parameters, identifiers, merge sides,
    related people, anonymous ids, form and segment ids."""
    found: list[tuple[str, str]] = []
    if route.customer_id is not None:
        found.append(("url: customer id", route.customer_id))
    if "device_id" in route.match.params:
        found.append(("url: device id", route.match.params["device_id"]))
    for path, op in v2_operations(route, payload):
        if not isinstance(op, Mapping):
            continue
        for side in ("identifiers", "primary", "secondary"):
            found += _strings(f"{path}.{side}", op.get(side))
        rels = op.get("cio_relationships") if op.get("type") == "object" else None
        for i, rel in enumerate(rels if isinstance(rels, list) else []):
            found += _strings(
                f"{path}.cio_relationships[{i}].identifiers",
                rel.get("identifiers") if isinstance(rel, Mapping) else None,
            )
    body = payload if isinstance(payload, Mapping) and not route.kind.startswith("v2_") else {}
    found += _strings("payload", body, ("id", "email", "anonymous_id"))
    for side in ("primary", "secondary", "data"):
        found += _strings(f"payload.{side}", body.get(side))
    ids = body.get("ids")
    found += [
        (f"payload.ids[{i}]", v) for i, v in enumerate(ids if isinstance(ids, list) else []) if isinstance(v, str)
    ]
    return found


def person_key(webhook: Mapping[str, Any], *, override_base: str | None = None) -> str | None:
    """Who a transformed webhook's Track request is about, for keeping one person's requests in order.

    The key is ``person:<kind>:<value>`` with the kind read the way Customer.io reads it (a v1
    URL id with `@` is an email, `cio_` is a cio_id; path ids are URL-decoded; emails
    lower-cased), so the same person through a v1 URL and a v2 body gets one key. A merge is
    keyed on the surviving (primary) person, a batch on its first person, an object request
    on the object. None when the request names nobody (segments, metrics, unsubscribes) or
    is not a Track request. A person named by id in one request and by email in another gets
    two keys: only the workspace knows they are the same person.
    """
    method = str(webhook.get("method") or "POST")
    route = match_route(method, str(webhook.get("url", "")), override_base=override_base)
    if route is None:
        return None
    return _route_person_key(route, webhook.get("payload"))
