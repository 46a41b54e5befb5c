"""The emulator's ASGI app: the Track API routes, the fault layer, the /_emulator routes.

Documented behaviour (customerio-track-api.md §2, §6) is followed; where the real API is
undocumented we choose, and every choice is marked "CHOICE" below:
- CHOICE: oversize requests get 400 with the documented `{"errors": [...]}` body, not 413:
  the spec lists only 200/400/401 (and 207) for these routes.
- CHOICE: a fully successful /batch answers 200 `{}` like /entity (the spec's "empty object
  response"; whether the live API sends `{"errors": []}` is unverified).
- CHOICE: `reason` is "required" for missing fields and "invalid" otherwise (the vocabulary
  of Segment's test fixtures); `field` is the JSON path inside the operation; `message` is
  our validator's text.
- CHOICE: 401 bodies (undocumented) are `{"errors": [...]}` on v2 and `{"meta": {"error"}}`
  on v1, plus `WWW-Authenticate: Basic`.
- CHOICE: a body that is not JSON, or a Content-Type that is not JSON, gets 400; routes the
  spec gives no body (DELETE, suppress, region, ...) ignore whatever body arrives.
- Routes come from `routes.ROUTES`, matched on the raw path (so `%2F` in an id stays in the
  id): unknown paths get 404 `{"meta": {"error": "not found"}}`, a known path with another
  method 405 with an `Allow` header, like the real host.
- Responses are JSON with non-ASCII escaped, so a lone surrogate a client sent (valid JSON
  text, not valid UTF-8) comes back escaped instead of breaking the answer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from .. import strictjson
from ..customerio.auth import check_basic_auth
from ..customerio.routes import Route as Route_, path_route
from ..customerio.rules import finding
from ..errors import UserError
from ..serving import foreign_host_or_origin, is_loopback
from .api import TrackAPI, request_error_body
from .config import EmulatorConfig
from .faults import Fault, FaultInjector, FaultPlan
from .state import Workspace

_MAX_READ_BYTES = 4 * 1024 * 1024  # refuse to buffer more than this (8x the batch limit)
_HIDDEN_HEADERS = {"authorization", "cookie", "proxy-authorization"}
_FAULT_KEY = "dodo_cio.fault"


class _JSON(JSONResponse):
    """JSON with non-ASCII escaped: a lone surrogate from a request body cannot be encoded as UTF-8."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


async def _wait_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class EmulatorApp:
    """Outer ASGI layer (faults, loopback guard) around the Track API (`track`, routed by the
    route table) and a Starlette router for the /_emulator control routes."""

    def __init__(
        self, config: EmulatorConfig, workspace: Workspace | None = None, injector: FaultInjector | None = None
    ) -> None:
        self.config = config
        self.workspace = workspace or Workspace()
        self.injector = injector or FaultInjector(config.faults)
        self.api = TrackAPI(config, self.workspace)
        # client address -> transport, filled by the uvicorn protocol in server.py, so a
        # "drop" fault can close the socket without uvicorn answering 500 for us.
        self.transports: dict[Any, asyncio.Transport] = {}
        self.stopping: Callable[[], bool] = lambda: False  # server.py points this at uvicorn's exit flag
        self.router = Starlette(
            routes=[
                Route("/_emulator/state", lambda r: _JSON(self.workspace.snapshot()), methods=["GET"]),
                Route("/_emulator/people", lambda r: _JSON(self.workspace.people()), methods=["GET"]),
                Route("/_emulator/people/{key:path}", self.person, methods=["GET"]),
                Route("/_emulator/requests", lambda r: _JSON(self.workspace.requests()), methods=["GET"]),
                Route("/_emulator/reset", self.reset, methods=["POST"]),
                Route("/_emulator/faults", self.faults, methods=["GET", "POST"]),
            ],
            exception_handlers={HTTPException: self.http_error},
        )

    # ------------------------------------------------------------ ASGI entry
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            if scope["type"] == "http" and not is_loopback((scope.get("client") or ("",))[0]):
                await JSONResponse({"error": "control routes answer loopback clients only"}, 403)(scope, receive, send)
                return
            foreign = foreign_host_or_origin(scope, "emulator") if scope["type"] == "http" else None
            if foreign:  # a web page must not read logged bodies or set faults (DNS rebinding, cross-site requests)
                await JSONResponse({"error": foreign[0], "fix": foreign[1]}, 403)(scope, receive, send)
                return
            await self.router(scope, receive, send)
            return
        fault = self.injector.decide()
        latency = self.injector.plan.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)
        if fault is None:
            await self.track_asgi(scope, receive, send)
        else:
            await self._inject(fault, scope, receive, send)

    async def _inject(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        entry = {"method": scope["method"], "path": scope["path"], "fault": fault.spec(), "status": None}
        if fault.kind == "status":
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            body = (
                {"meta": {"error": "rate limited"}}
                if fault.status == 429
                else {"meta": {"error": "emulated server error"}}
            )
            self.workspace.log_request(entry | {"status": fault.status})
            await JSONResponse(body, fault.status, headers=headers)(scope, receive, send)
            return
        if fault.kind == "drop_after":  # apply the request, lose the answer
            scope[_FAULT_KEY] = fault.spec()

            async def swallow(message: Message) -> None:
                return None

            await self.track_asgi(scope, receive, swallow)
        else:
            self.workspace.log_request(entry)
            if fault.kind == "timeout" and await self._hang(receive, fault.seconds):
                return  # the client gave up first
        await self._drop(scope, receive)

    async def _hang(self, receive: Callable[..., Any], seconds: float) -> bool:
        """Wait `seconds` without answering; True if the client hung up first.

        Wakes up when the server is stopping, so a hung request never holds up shutdown
        (uvicorn would otherwise cancel it and log a traceback).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        waiter = asyncio.ensure_future(_wait_disconnect(receive))
        try:
            while not waiter.done() and loop.time() < deadline and not self.stopping():
                await asyncio.wait({waiter}, timeout=min(0.1, deadline - loop.time()))
            return waiter.done()
        finally:
            waiter.cancel()

    async def _drop(self, scope: Scope, receive: Receive) -> None:
        transport = self.transports.get(tuple(scope.get("client") or ()))
        if transport is None:
            raise RuntimeError("cannot drop the connection: the server was not started by runner.emulator.server")
        transport.abort()
        try:
            await asyncio.wait_for(_wait_disconnect(receive), 5)
        except asyncio.TimeoutError:
            pass

    # ------------------------------------------------------------ Track API requests
    async def track_asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.track(Request(scope, receive))
        await response(scope, receive, send)

    async def track(self, request: Request) -> Response:
        """Any non-control path: the route table decides (404, 405, or the route's answer)."""
        raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
        path = raw_path.decode("latin-1").split("?", 1)[0]
        route = path_route(request.method, path, request.url.query)
        spec = route.match.spec
        if spec is None or not route.match.method_ok:
            status, allowed = (404, {}) if spec is None else (405, {"Allow": ", ".join(route.match.allowed)})
            self.workspace.log_request(
                {"method": request.method, "path": path, "status": status, "fault": request.scope.get(_FAULT_KEY)}
            )
            return _JSON(
                {"meta": {"error": "not found" if status == 404 else "method not allowed"}}, status, headers=allowed
            )
        return await self._handle(request, route)

    async def _handle(self, request: Request, route: Route_) -> Response:
        """Auth, body size, JSON parsing, then the route's answer; logs the exchange."""
        spec = route.match.spec
        assert spec is not None
        try:
            raw = await self._read(request)
        except ClientDisconnect:  # the sender died mid-body: nothing arrived, nobody to answer
            self.workspace.log_request(
                {
                    "method": request.method,
                    "path": route.path,
                    "status": None,
                    "fault": request.scope.get(_FAULT_KEY),
                    "error": "client disconnected",
                }
            )
            return _JSON({}, 400)
        body: Any = None
        payload: Any = None  # the answer's JSON; None for no body (204)
        auth = (
            check_basic_auth(request.headers.get("authorization"), self.config.site_id, self.config.api_key)
            if spec.auth
            else None
        )
        if auth is not None:
            status, payload = 401, request_error_body(spec.api, [auth])
        elif raw is None:
            code = "batch_too_large" if spec.kind == "v2_batch" else "entity_too_large"
            too_big = finding(code, "payload", f"the request body exceeds {_MAX_READ_BYTES} bytes", "send less data")
            status, payload = 400, request_error_body(spec.api, [too_big])
        else:
            status, payload, body = (0, None, None) if spec.body == "none" else self._parse(request, raw, spec.api)
            if status == 0:
                status, payload = self.api.answer(route, body, len(raw))
        headers = {"WWW-Authenticate": 'Basic realm="Customer.io Track API"'} if status == 401 else {}
        self.workspace.log_request(
            {
                "method": request.method,
                "path": route.path,
                "status": status,
                "fault": request.scope.get(_FAULT_KEY),
                "auth": "ok" if auth is None else auth.code,
                "body": body,
                "body_bytes": len(raw or b""),
                "response": payload,
                "headers": {k: v for k, v in request.headers.items() if k.lower() not in _HIDDEN_HEADERS},
            }
        )
        if payload is None:
            return Response(status_code=status, headers=headers)
        return _JSON(payload, status, headers=headers)

    @staticmethod
    async def _read(request: Request) -> bytes | None:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > _MAX_READ_BYTES:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _parse(request: Request, raw: bytes, api: str) -> tuple[int, Any, Any]:
        """(0, None, body) when the body is JSON; else (400, error body, None)."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        problem = None
        if ctype and not ctype.endswith("json"):
            problem = finding(
                "content_type_not_json",
                "headers.content-type",
                f"Content-Type {ctype!r} is not JSON",
                "send application/json",
            )
        else:
            try:
                return 0, None, strictjson.loads(raw, what="the body")
            except strictjson.JSONError as exc:
                problem = finding(
                    "body_not_object", "payload", f"the body is not valid JSON: {exc}", "send a JSON object"
                )
        return 400, request_error_body(api, [problem]), None

    async def http_error(self, request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 500)
        message = (
            "not found"
            if status == 404
            else "method not allowed"
            if status == 405
            else str(getattr(exc, "detail", "error"))
        )
        return JSONResponse({"error": message}, status)

    # ------------------------------------------------------------ control routes
    async def person(self, request: Request) -> JSONResponse:
        found = self.workspace.person(request.path_params["key"])
        return _JSON(found, 200) if found else JSONResponse({"error": "no such person"}, 404)

    async def reset(self, request: Request) -> JSONResponse:
        self.workspace.reset()
        return JSONResponse({})

    async def faults(self, request: Request) -> JSONResponse:
        if request.method == "POST":
            try:
                self.injector.set(FaultPlan.from_json(strictjson.loads(await request.body() or b"{}", what="the body")))
            except (UserError, TypeError, strictjson.JSONError) as exc:
                return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse(self.injector.plan.to_json() | {"pending": self.injector.pending()})
