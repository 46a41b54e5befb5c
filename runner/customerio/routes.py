"""Which Track API call a URL is.

A transform (or the delivery client) sets a URL; before we can say anything about the body
we need to know the host, the region and the call. `override_base` lets the same routing
recognise a local emulator (``http://127.0.0.1:PORT``) as a Track host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

TRACK_HOSTS: dict[str, str] = {"us": "track.customer.io", "eu": "track-eu.customer.io"}
_REGION_BY_HOST = {host: region for region, host in TRACK_HOSTS.items()}

RouteKind = Literal["v2_entity", "v2_batch", "v1_identify", "v1_event", "v1_region", "unknown"]

# path -> (kind, allowed method); the customer segment is one path segment, URL-encoded.
_PATHS: list[tuple[re.Pattern[str], RouteKind, str]] = [
    (re.compile(r"/api/v2/entity"), "v2_entity", "POST"),
    (re.compile(r"/api/v2/batch"), "v2_batch", "POST"),
    (re.compile(r"/api/v1/customers/(?P<cid>[^/]*)"), "v1_identify", "PUT"),
    (re.compile(r"/api/v1/customers/(?P<cid>[^/]*)/events"), "v1_event", "POST"),
    (re.compile(r"/api/v1/accounts/region"), "v1_region", "GET"),
]
ROUTE_METHODS: dict[str, str] = {kind: method for _, kind, method in _PATHS}


@dataclass(frozen=True)
class Route:
    """A URL understood as a Track API call. `host` is lower-case without the port."""

    kind: RouteKind
    host: str
    region: Literal["us", "eu"] | None
    customer_id: str | None = None
    scheme: str = "https"
    path: str = ""


def route_path(path: str) -> tuple[RouteKind, str | None]:
    """The call a Track API path names, and the decoded customer id for v1 customer routes."""
    for pattern, kind, _ in _PATHS:
        m = pattern.fullmatch(path)
        if m:
            cid = m.groupdict().get("cid")
            return kind, (unquote(cid) if cid is not None else None)
    return "unknown", None


def _split_base(base: str) -> tuple[str, str, str]:
    parts = urlsplit(base)
    return parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/")


def match_route(method: str, url: str, *, override_base: str | None = None) -> Route | None:
    """The Track API route of `url`, or None when it is not a Customer.io Track host.

    `method` is accepted for symmetry with `validate_request`; whether it is allowed is a
    validation finding, not a routing decision.
    """
    del method
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. a malformed IPv6 literal: not a URL we route
        return None
    if override_base:
        scheme, netloc, prefix = _split_base(override_base)
        if parts.scheme.lower() == scheme and parts.netloc.lower() == netloc and parts.path.startswith(prefix):
            kind, cid = route_path(parts.path[len(prefix):])
            return Route(kind, host, None, cid, parts.scheme.lower(), parts.path[len(prefix):])
    region = _REGION_BY_HOST.get(host)
    if region is None:
        return None
    kind, cid = route_path(parts.path)
    return Route(kind, host, region, cid, parts.scheme.lower(), parts.path)  # type: ignore[arg-type]
