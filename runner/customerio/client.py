"""Delivering transformed webhooks to the Customer.io Track API.

One awaitable, `TrackClient.deliver(webhook, webhook_id=, transform=)`, sends what a transform
returned and says what happened as a `DeliveryOutcome`; it never raises for a failed delivery.
The relay and `dodo-cio send` build on it.

Where requests go and what they carry:
- A url on a Track host (`track.customer.io`, `track-eu.customer.io`) is sent to the host of
  the configured region (CUSTOMERIO_REGION), or to the `base_url` override (the emulator),
  with Basic auth from the credentials. https only.
- Our credentials go to those hosts and to the override, never anywhere else. A transform may
  set any url: another host is sent without our credentials if it is in `allowed_hosts`, and
  refused otherwise. A url, header or body that would carry our key where it does not
  belong is refused too.
- Transform-set headers are sent and win over our defaults, as in Svix where the handler's
  headers take precedence. That includes `Authorization`: a transform that sets its own is
  sent with it, and ours is not added.
- Hop-by-hop headers (Host, Content-Length, ...) come from httpx, not the transform.
- Redirects are not followed (a Track redirect means the region is wrong): the outcome is a
  permanent failure that says so.
- Every route of `routes.ROUTES` can be sent; where the spec defines no request body (DELETE
  of a person or device, suppress, unsuppress, the region lookup) none is sent, whatever
  the transform's payload holds.

Secrets: the key and the Basic token are scrubbed from every error text and log line, the
displayed request masks credential headers, and nothing we raise or log embeds a request
body (the official Python client puts the body, which holds PII, in its exception message).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import metadata
from typing import Any

import httpx

from .. import strictjson
from ..masking import Scrubber, mask_headers
from ..terminal import plural
from .credentials import Credentials
from .limits import BATCH_MAX_BYTES, compact_json
from .operations import with_event_ids
from .ratelimit import RateLimiter
from .retry import backoff_delay, is_retryable_status, parse_retry_after
from .routes import ROUTE_BY_KIND, TRACK_HOSTS, match_path

log = logging.getLogger("runner.customerio")
log.addHandler(logging.NullHandler())  # a library: the application decides where logs go

_TRACK_HOST_NAMES = frozenset(TRACK_HOSTS.values())
_REGION_PATH = ROUTE_BY_KIND["v1_region"].template
_V2_ENTITY = ROUTE_BY_KIND["v2_entity"].template
_V2_BATCH = ROUTE_BY_KIND["v2_batch"].template
DOCUMENTED_RATE_LIMIT = 1000.0  # requests/s, v1 and v2 together: Customer.io's soft limit, "not strictly enforced"
_MAX_BATCH_ITEMS = 1000  # undocumented; RudderStack's cap, a safe size for one request
_DROPPED_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection"})
_MAX_TEXT_BODY = 4000


def _version() -> str:
    try:
        return metadata.version("dodo-cio")
    except metadata.PackageNotFoundError:
        return "0"


_USER_AGENT = f"dodo-cio/{_version()}"


@dataclass
class DeliveryOutcome:
    """What happened to one delivery. `body` is Customer.io's answer, never our request."""

    ok: bool
    status: int | None = None
    body: Any = None
    attempts: int = 0
    retryable: bool = False  # False: sending the same request again cannot succeed
    retry_after: float | None = None
    error: str = ""
    duration_ms: float = 0.0
    request: dict[str, Any] = field(default_factory=dict)  # method, url, masked headers, body: for display
    item_errors: list[dict[str, Any]] = field(default_factory=list)  # a 207's per-item errors
    invalid_request: bool = False  # the request could not be built (e.g. a lone surrogate in a header): it never can be
    tries: list[dict[str, Any]] = field(
        default_factory=list
    )  # each attempt: status, error, duration_ms, retry_in (s; None: the last)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "status": self.status,
            "body": self.body,
            "attempts": self.attempts,
            "retryable": self.retryable,
            "retry_after": self.retry_after,
            "error": self.error,
            "duration_ms": round(self.duration_ms, 3),
            "request": self.request,
            "item_errors": self.item_errors,
            "invalid_request": self.invalid_request,
            "tries": self.tries,
        }


@dataclass(frozen=True)
class _Route:
    """Where a transform's url is sent, whether our credentials go with it, or why it is not sent."""

    target: str
    authorized: bool = False
    api_path: str = ""  # the raw Track API path (percent-encoding kept, no override prefix): the route
    refused: str = ""


@dataclass
class _Request:
    """A request ready to send (or the reason it will not be)."""

    method: str
    url: str
    headers: httpx.Headers
    payload: Any
    requested_url: str
    refused: str = ""
    authorized: bool = False  # carries our credentials
    invalid: bool = False  # `refused` because it cannot be put on the wire
    body: bytes | None = None  # the encoded payload, set by `_build`

    def display(self) -> dict[str, Any]:
        shown = {
            "method": self.method,
            "url": self.url,
            "headers": mask_headers(self.headers.raw),
            "body": self.payload,
        }
        if self.requested_url != self.url:
            shown["requested_url"] = self.requested_url
        return shown

    def content(self) -> bytes | None:
        if self.body is not None:
            return self.body
        if self.payload is None:
            return None
        return compact_json(self.payload).encode(
            "utf-8", "backslashreplace"
        )  # a lone surrogate goes as \uXXXX, like V8's JSON.stringify


def _parse_body(response: httpx.Response) -> Any:
    """The answer's JSON, read with the strict reader; any other body (HTML from a proxy, JSON
    too deep or with NaN) is kept as text: the status says what happened, never the body."""
    text = response.text
    if not text:
        return None
    try:
        return strictjson.loads(text, what="the response body")
    except strictjson.JSONError:
        return text[:_MAX_TEXT_BODY]


class TrackClient:
    """An async Track API client: routing, auth, pacing, retries, event ids and batching."""

    def __init__(
        self,
        credentials: Credentials | None,
        *,
        base_url: str | None = None,
        rate_limit: float = DOCUMENTED_RATE_LIMIT,
        max_attempts: int = 5,
        timeout: float = 15.0,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        allowed_hosts: Iterable[str] = (),
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.credentials = credentials
        self.base_url = base_url.rstrip("/") if base_url else None
        self._override = httpx.URL(self.base_url) if self.base_url else None
        self.max_attempts = max(1, int(max_attempts))
        self.timeout = timeout
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.allowed_hosts = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())
        self.limiter = RateLimiter(rate_limit)
        self._scrubber = Scrubber(credentials.secrets() if credentials else ())
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport, follow_redirects=False)

    def __repr__(self) -> str:
        target = self.base_url or (self.credentials.track_base() if self.credentials else "no credentials")
        return f"TrackClient({target})"

    async def __aenter__(self) -> TrackClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def scrub(self, text: str) -> str:
        return self._scrubber(text)

    # -- routing -------------------------------------------------------------------------

    def _route(self, url: str) -> _Route:
        try:
            u = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return _Route(url, refused=f"not a valid URL: {url!r}")
        if u.scheme not in ("http", "https") or not u.host:
            return _Route(url, refused=f"not an http(s) URL: {url!r}")
        host = u.host.lower()
        path_and_query = u.raw_path.decode("ascii")
        raw_path = path_and_query.split("?", 1)[0]
        if host in _TRACK_HOST_NAMES:
            if self._override is not None:
                return _Route(f"{self.base_url}{path_and_query}", True, raw_path)
            if u.scheme != "https":
                return _Route(url, refused=f"the Customer.io Track API is https only; use https://{host}{u.path}")
            region_host = TRACK_HOSTS[self.credentials.region] if self.credentials else host
            return _Route(f"https://{region_host}{path_and_query}", True, raw_path)
        override = self._override
        if override is not None and (u.scheme, host, u.port) == (override.scheme, override.host.lower(), override.port):
            prefix = override.path.rstrip("/")
            return _Route(url, True, raw_path[len(prefix) :] if raw_path.startswith(prefix) else raw_path)
        hostport = host if u.port is None else f"{host}:{u.port}"
        if host in self.allowed_hosts or hostport in self.allowed_hosts:
            return _Route(url, False, raw_path)
        return _Route(
            url,
            refused=(
                f"{hostport} is not a Customer.io Track host, so nothing was sent "
                "(our credentials only go to track.customer.io, track-eu.customer.io or --customerio-url); "
                "allow the host explicitly (send --allow-host, the relay's allowed hosts) "
                "to send to it without credentials"
            ),
        )

    def _build(self, webhook: dict[str, Any], webhook_id: str, transform: str) -> _Request:
        """`_prepare`, then encode what sending would, so a request that cannot exist fails here, alone.

        A transform can return text no wire format carries (a lone surrogate in a header or the
        url, a host IDNA refuses); that request is refused for good, never raised to the caller,
        where it would take its whole batch down with it.
        """
        try:
            request = self._prepare(webhook, webhook_id, transform)
            if not request.refused:  # the url and headers were encoded on the way in; the method and body are now
                request.method.encode("ascii")
                request.body = request.content()
            return request
        except Exception as exc:
            reason = (
                f"the request cannot be built ({type(exc).__name__}: {self.scrub(str(exc))}); "
                "fix what the transform returns"
            )
            return _Request(
                str(webhook.get("method") or "POST"),
                str(webhook.get("url", "")),
                httpx.Headers(),
                None,
                str(webhook.get("url", "")),
                refused=reason,
                invalid=True,
            )

    def _prepare(self, webhook: dict[str, Any], webhook_id: str, transform: str) -> _Request:
        requested = str(webhook.get("url", ""))
        method = str(webhook.get("method") or "POST").upper()
        route = self._route(requested)
        headers = httpx.Headers(
            {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": _USER_AGENT}
        )
        for name, value in (webhook.get("headers") or {}).items():
            if str(name).lower() not in _DROPPED_HEADERS:
                headers[str(name)] = str(value)
        payload = webhook.get("payload")
        if not route.refused:
            found = match_path(method, route.api_path)
            bodiless = route.authorized and found.method_ok and found.spec is not None and found.spec.body == "none"
            payload = None if bodiless else with_event_ids(route.api_path, payload, webhook_id, transform)
        request = _Request(method, route.target, headers, payload, requested, route.refused)
        if route.refused:
            return request
        if self._carries_secret(requested):
            request.refused = (
                "the url contains the Customer.io API key, so nothing was sent "
                "(credentials go in the Authorization header, which we add)"
            )
        elif route.authorized and "authorization" not in headers:
            if self.credentials is None:
                request.refused = (
                    "no Customer.io credentials: set CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY (or --site-id/--api-key)"
                )
            else:
                headers["Authorization"] = self.credentials.authorization()
                request.authorized = True
        elif not route.authorized and self._carries_secret(*headers.values(), compact_json(payload)):
            request.refused = (
                f"the headers or body would carry the Customer.io API key to {httpx.URL(route.target).host}, "
                "so nothing was sent"
            )
        return request

    def _carries_secret(self, *texts: str) -> bool:
        return self._scrubber.found_in(*texts)

    # -- sending -------------------------------------------------------------------------

    async def deliver(
        self, webhook: dict[str, Any], *, webhook_id: str, transform: str, max_attempts: int | None = None
    ) -> DeliveryOutcome:
        """Send one transformed webhook (retrying what can be retried) and say what happened."""
        return await self._send(self._build(webhook, webhook_id, transform), max_attempts)

    async def region(self) -> DeliveryOutcome:
        """GET /api/v1/accounts/region: checks the credentials and tells the workspace's region."""
        base = self.credentials.track_base() if self.credentials else f"https://{TRACK_HOSTS['us']}"
        webhook: dict[str, Any] = {"method": "GET", "url": base + _REGION_PATH, "headers": {}, "payload": None}
        return await self._send(self._build(webhook, "", ""), None)

    async def _send(self, request: _Request, max_attempts: int | None) -> DeliveryOutcome:
        try:
            return await self._send_with_retries(request, max_attempts)
        except Exception as exc:  # a bug here must fail this request only, never its batch or the caller
            log.exception("internal error while sending")
            return DeliveryOutcome(
                ok=False,
                retryable=True,
                error=f"internal error while sending: {type(exc).__name__}: {self.scrub(str(exc))}",
            )

    async def _send_with_retries(self, request: _Request, max_attempts: int | None) -> DeliveryOutcome:
        started = time.monotonic()
        display = json.loads(self.scrub(json.dumps(request.display())))  # a transform may have put the key anywhere
        if request.refused:
            log.warning("not sent: %s", self.scrub(request.refused))
            return DeliveryOutcome(
                ok=False, error=self.scrub(request.refused), request=display, invalid_request=request.invalid
            )
        limit = max(1, max_attempts or self.max_attempts)
        content = request.content()
        attempt = 0
        tries: list[dict[str, Any]] = []
        while True:
            attempt += 1
            await self.limiter.acquire()
            began = time.monotonic()
            outcome = await self._attempt(request, content)
            tries.append(
                {
                    "status": outcome.status,
                    "error": outcome.error,
                    "duration_ms": round((time.monotonic() - began) * 1000, 3),
                    "retry_in": None,
                }
            )
            outcome.tries = tries
            outcome.attempts = attempt
            outcome.request = display
            outcome.duration_ms = (time.monotonic() - started) * 1000
            what = f"{request.method} {self.scrub(request.url)}"
            if outcome.ok:
                log.info("%s -> %s in %.0f ms (attempt %d)", what, outcome.status, outcome.duration_ms, attempt)
                return outcome
            if not outcome.retryable or attempt >= limit:
                log.warning("%s failed after %s: %s", what, plural(attempt, "attempt"), outcome.error)
                return outcome
            delay = (
                outcome.retry_after
                if outcome.retry_after is not None
                else backoff_delay(attempt - 1, self.backoff_base, self.backoff_cap)
            )
            if delay > self.backoff_cap:
                log.warning(
                    "%s: %s; Retry-After %.1f s is longer than we wait here, giving it back to the caller",
                    what,
                    outcome.error,
                    delay,
                )
                return outcome
            tries[-1]["retry_in"] = round(delay, 3)
            log.info("%s: %s; retrying in %.2f s (attempt %d of %d)", what, outcome.error, delay, attempt, limit)
            await asyncio.sleep(delay)

    async def _attempt(self, request: _Request, content: bytes | None) -> DeliveryOutcome:
        try:
            response = await self._http.request(request.method, request.url, headers=request.headers, content=content)
        except httpx.TimeoutException as exc:
            return DeliveryOutcome(
                ok=False, retryable=True, error=f"timed out after {self.timeout:g} s ({type(exc).__name__})"
            )
        except httpx.LocalProtocolError as exc:  # e.g. a header name with a space: sending again cannot help
            return DeliveryOutcome(
                ok=False,
                error=f"not a valid HTTP request ({self.scrub(str(exc))}); check the headers the transform sets",
            )
        except httpx.TransportError as exc:
            detail = self.scrub(str(exc)) or "no detail"
            return DeliveryOutcome(
                ok=False, retryable=True, error=f"connection failed ({type(exc).__name__}: {detail})"
            )
        status = response.status_code
        body = _parse_body(response)
        if status == 207:
            errors = body.get("errors") if isinstance(body, dict) else None
            items = [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
            return DeliveryOutcome(
                ok=False,
                status=status,
                body=body,
                error=f"{plural(len(items), 'batch item')} rejected (207)",
                item_errors=items,
            )
        if 200 <= status < 300:
            return DeliveryOutcome(ok=True, status=status, body=body)
        error = f"HTTP {status} {response.reason_phrase}".rstrip()
        if 300 <= status < 400:
            location = response.headers.get("location", "")
            error += f": redirected to {location or '(no location)'}; check the region (CUSTOMERIO_REGION) and the url"
        elif status == 401 and request.authorized:
            error += (
                ": the Site ID and API key were not accepted; "
                "use a Track API key (not an App API key) of this workspace"
            )
        return DeliveryOutcome(
            ok=False,
            status=status,
            body=body,
            retryable=is_retryable_status(status),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            error=error,
        )

    # -- batching ------------------------------------------------------------------------

    async def deliver_many(self, items: list[tuple[dict[str, Any], str, str]]) -> list[DeliveryOutcome]:
        """Deliver `(webhook, webhook_id, transform)` items, in order of the input.

        v2 `/entity` operations bound for the same place with the same headers go together
        through `/api/v2/batch` (up to 500 KB and 1000 items a request); a 207's per-item
        errors go back to the item they belong to. A batch answered 400 as a whole is resent
        item by item, so one bad operation cannot sink the others.
        """
        requests = [self._build(*item) for item in items]
        groups: dict[tuple[Any, ...], list[int]] = {}
        singles: list[int] = []
        for i, req in enumerate(requests):
            if (
                not req.refused
                and req.method == "POST"
                and isinstance(req.payload, dict)
                and req.url.endswith(_V2_ENTITY)
            ):
                groups.setdefault((req.url, tuple(sorted(req.headers.multi_items()))), []).append(i)
            else:
                singles.append(i)
        jobs: list[tuple[list[int], Any]] = [([i], self._send(requests[i], None)) for i in singles]
        for members in groups.values():
            for chunk in _chunks(members, requests):
                if len(chunk) == 1:
                    jobs.append((chunk, self._send(requests[chunk[0]], None)))
                else:
                    jobs.append((chunk, self._send_batch([requests[i] for i in chunk])))
        outcomes: list[DeliveryOutcome | None] = [None] * len(items)
        for members, result in zip([m for m, _ in jobs], await asyncio.gather(*(job for _, job in jobs)), strict=True):
            for index, outcome in zip(members, result if isinstance(result, list) else [result], strict=False):
                outcomes[index] = outcome
        return [o for o in outcomes if o is not None]

    async def _send_batch(self, members: list[_Request]) -> list[DeliveryOutcome]:
        first = members[0]
        batch_url = first.url[: -len(_V2_ENTITY)] + _V2_BATCH
        payload = {"batch": [m.payload for m in members]}
        request = replace(first, url=batch_url, payload=payload, requested_url=batch_url, body=None)
        outcome = await self._send(request, None)
        if outcome.status == 400:
            log.info("batch of %d answered 400 as a whole; resending its items one by one", len(members))
            return list(await asyncio.gather(*(self._send(m, None) for m in members)))
        if outcome.status != 207:
            return [replace(outcome) for _ in members]
        by_index: dict[int, list[dict[str, Any]]] = {}
        for err in outcome.item_errors:
            if isinstance(err.get("batch_index"), int):
                by_index.setdefault(err["batch_index"], []).append(err)
        return [
            replace(
                outcome,
                ok=not by_index.get(i),
                item_errors=by_index.get(i, []),
                error="; ".join(str(e.get("message") or e.get("reason") or e) for e in by_index.get(i, [])),
            )
            for i in range(len(members))
        ]


def _chunks(members: list[int], requests: list[_Request]) -> list[list[int]]:
    """Split a group so each batch request stays within the documented size."""
    chunks: list[list[int]] = [[]]
    size = len('{"batch":[]}')
    for i in members:
        item = len(requests[i].content() or b"") + 1
        if chunks[-1] and (size + item > BATCH_MAX_BYTES or len(chunks[-1]) >= _MAX_BATCH_ITEMS):
            chunks.append([])
            size = len('{"batch":[]}')
        chunks[-1].append(i)
        size += item
    return chunks
