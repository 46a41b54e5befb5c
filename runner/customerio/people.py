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


def person_ref(ids: Any, kinds: tuple[str, ...] = PERSON_ID_KINDS) -> tuple[str, str] | None:
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
    ref = person_ref(op.get("primary") if op.get("action") == "merge" else op.get("identifiers"))
    return _key(*ref) if ref else None


def _key(kind: str, value: str) -> str:
    return f"person:{kind}:{normalise(kind, value)}"


def route_person_key(route: Route, payload: Any) -> str | None:
    """The ordering key of a routed request (see `person_key`)."""
    kind = route.kind
    if route.customer_id is not None:
        return _key(*v1_person(route.customer_id)) if route.customer_id else None
    if kind == "v2_entity":
        return _v2_key(payload)
    if kind == "v2_batch":
        batch = payload.get("batch") if isinstance(payload, Mapping) else None
        return next((k for k in map(_v2_key, batch) if k), None) if isinstance(batch, list) else None
    body = payload if isinstance(payload, Mapping) else {}
    if kind == "v1_merge":
        ref = person_ref(body.get("primary"), ("id", "email", "cio_id"))
    elif kind == "v1_anonymous_event":
        ref = person_ref(body, ("anonymous_id",))
    elif kind == "v1_form_submit":
        ref = person_ref(body.get("data"), ("email", "id"))
    else:  # segments, metrics, unsubscribes, region: about many people or a delivery
        ref = None
    return _key(*ref) if ref else None


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
    return route_person_key(route, webhook.get("payload"))
