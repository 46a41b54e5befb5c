"""Which Track API call a URL is: the one table of every path and method Customer.io documents.

The validator, the emulator, the delivery client and the relay's person key all read
`ROUTES`, so a route added here is known everywhere at once (a test checks the table equals
Customer.io's OpenAPI document). Path parameters are matched on the raw, still
percent-encoded path and decoded afterwards, so an id holding `/` (sent as `%2F`) stays one
segment. `override_base` lets the same routing recognise a local emulator
(``http://127.0.0.1:PORT``) as a Track host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

TRACK_HOSTS: dict[str, str] = {"us": "track.customer.io", "eu": "track-eu.customer.io"}
_REGION_BY_HOST = {host: region for region, host in TRACK_HOSTS.items()}

Body = Literal["json", "none"]


@dataclass(frozen=True)
class RouteSpec:
    """One documented path + method.

    `body` "none": the spec defines no request body (a client sends none; one that arrives is
    ignored). `auth`: Basic auth required (three delivery-metric routes take none).
    `success`: the documented success status. `api` picks the error body shape.
    """

    kind: str
    method: str
    template: str
    body: Body = "json"
    auth: bool = True
    success: int = 200
    api: Literal["v1", "v2"] = "v1"
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]*)", re.escape(self.template))
        object.__setattr__(self, "pattern", re.compile(regex))


_CUSTOMER = "/api/v1/customers/{identifier}"
ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec("v2_entity", "POST", "/api/v2/entity", api="v2"),
    RouteSpec("v2_batch", "POST", "/api/v2/batch", api="v2"),
    RouteSpec("v1_identify", "PUT", _CUSTOMER),
    RouteSpec("v1_delete", "DELETE", _CUSTOMER, body="none"),
    RouteSpec("v1_event", "POST", _CUSTOMER + "/events"),
    RouteSpec("v1_add_device", "PUT", _CUSTOMER + "/devices"),
    RouteSpec("v1_delete_device", "DELETE", _CUSTOMER + "/devices/{device_id}", body="none"),
    RouteSpec("v1_suppress", "POST", _CUSTOMER + "/suppress", body="none"),
    RouteSpec("v1_unsuppress", "POST", _CUSTOMER + "/unsuppress", body="none"),
    RouteSpec("v1_anonymous_event", "POST", "/api/v1/events"),
    RouteSpec("v1_merge", "POST", "/api/v1/merge_customers"),
    RouteSpec("v1_segment_add", "POST", "/api/v1/segments/{segment_id}/add_customers"),
    RouteSpec("v1_segment_remove", "POST", "/api/v1/segments/{segment_id}/remove_customers"),
    RouteSpec("v1_form_submit", "POST", "/api/v1/forms/{form_id}/submit", success=204),
    RouteSpec("v1_metrics", "POST", "/api/v1/metrics", auth=False),
    RouteSpec("v1_push_events", "POST", "/api/v1/push/events", auth=False),
    RouteSpec("unsubscribe", "POST", "/unsubscribe/{delivery_id}", auth=False),
    RouteSpec("v1_region", "GET", "/api/v1/accounts/region", body="none"),
)
ROUTE_BY_KIND: dict[str, RouteSpec] = {r.kind: r for r in ROUTES}
_LITERAL: dict[str, list[RouteSpec]] = {}  # paths without parameters: a dict lookup, no regex (v2 is the hot path)
for _spec in ROUTES:
    if "{" not in _spec.template:
        _LITERAL.setdefault(_spec.template, []).append(_spec)
_PARAMETRISED = tuple(r for r in ROUTES if "{" in r.template)


@dataclass(frozen=True)
class PathMatch:
    """A path matched against the table.

    `spec` is the route for the method; when the path is known but the method is not one of
    `allowed`, `spec` is the path's first route (so its body can still be checked) and
    `method_ok` is False. An unknown path has `spec` None and no `allowed` methods.
    """

    spec: RouteSpec | None
    allowed: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)  # decoded path parameters
    raw_params: dict[str, str] = field(default_factory=dict)  # as sent, still percent-encoded
    method_ok: bool = False

    @property
    def kind(self) -> str:
        return self.spec.kind if self.spec else "unknown"


def match_path(method: str, path: str) -> PathMatch:
    """The route `method path` names (the path raw, as sent: percent-encoding intact)."""
    method = method.upper()
    literal = _LITERAL.get(path)
    if literal:
        spec = next((s for s in literal if s.method == method), literal[0])
        return PathMatch(spec, tuple(s.method for s in literal), {}, {}, spec.method == method)
    hits = [(spec, m) for spec in _PARAMETRISED if (m := spec.pattern.fullmatch(path))]
    if not hits:
        return PathMatch(None)
    allowed = tuple(spec.method for spec, _ in hits)
    spec, m = next(((s, m) for s, m in hits if s.method == method), hits[0])
    raw = m.groupdict()
    return PathMatch(spec, allowed, {k: unquote(v) for k, v in raw.items()}, raw, spec.method == method)


@dataclass(frozen=True)
class Route:
    """A URL understood as a Track API call. `host` is lower-case without the port."""

    kind: str
    host: str
    region: Literal["us", "eu"] | None
    customer_id: str | None = None
    scheme: str = "https"
    path: str = ""
    match: PathMatch = field(default_factory=lambda: PathMatch(None))
    query: dict[str, list[str]] = field(default_factory=dict)


def _split_base(base: str) -> tuple[str, str, str]:
    parts = urlsplit(base)
    return parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/")


@lru_cache(maxsize=4096)
def match_route(method: str, url: str, *, override_base: str | None = None) -> Route | None:
    """The Track API route of `method url`, or None when `url` is not a Customer.io Track host.

    Whether the method is allowed is a validation finding (`route.match.method_ok`), not a
    routing decision. Cached: a transform sends to few URLs, and every event is validated
    (the Route is shared, so callers only read it).
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. a malformed IPv6 literal: not a URL we route
        return None
    region: Literal["us", "eu"] | None
    path = parts.path
    if (
        override_base
        and (base := _split_base(override_base))
        and (parts.scheme.lower(), parts.netloc.lower()) == base[:2]
        and path.startswith(base[2])
    ):
        path, region = path[len(base[2]) :], None
    elif host in _REGION_BY_HOST:
        region = _REGION_BY_HOST[host]  # type: ignore[assignment]
    else:
        return None
    return path_route(method, path, parts.query, host=host, region=region, scheme=parts.scheme.lower())


def path_route(
    method: str,
    path: str,
    query: str = "",
    *,
    host: str = "",
    region: Literal["us", "eu"] | None = None,
    scheme: str = "https",
) -> Route:
    """The Route of a raw path and query string (the emulator has no URL to match, only a path)."""
    found = match_path(method, path)
    return Route(
        found.kind,
        host,
        region,
        found.params.get("identifier"),
        scheme,
        path,
        found,
        parse_qs(query, keep_blank_values=True) if query else {},
    )
