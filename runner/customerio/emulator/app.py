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
- CHOICE: a body that is not JSON, or a Content-Type that is not JSON, gets 400.
- CHOICE: unknown /api paths get 404 `{"meta": {"error": "not found"}}`; wrong methods 405.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ...errors import UserError
from ...findings import Finding
from .. import limits as L
from ..auth import check_basic_auth
from ..routes import TRACK_HOSTS
from ..rules import finding
from ..validate import validate_batch, validate_entity
from ..validate_v1 import validate_v1_event, validate_v1_identify
from .config import EmulatorConfig, is_loopback
from .faults import Fault, FaultInjector, FaultPlan
from .state import Workspace

MAX_READ_BYTES = 4 * 1024 * 1024  # refuse to buffer more than this (8x the batch limit)
_HIDDEN_HEADERS = {"authorization", "cookie", "proxy-authorization"}
_FAULT_KEY = "dodo_cio.fault"

Outcome = tuple[int, Any]  # (status, JSON body)


def _field(path: str, prefix: str) -> str:
    if path == prefix:
        return ""
    return path[len(prefix) + 1:] if path.startswith(prefix + ".") else path


def v2_errors(findings: list[Finding], prefix: str = "payload", batch_index: int | None = None) -> list[dict]:
    """Error findings in the documented v2 shape (plus `batch_index` for 207 items)."""
    out = []
    for f in findings:
        if f.severity != "error":
            continue
        item = {"reason": "required" if f.code.endswith("_missing") else "invalid", "field": _field(f.path, prefix), "message": f.message}
        out.append(item if batch_index is None else {"batch_index": batch_index, **item})
    return out


def v1_errors(findings: list[Finding]) -> dict:
    messages = [f.message for f in findings if f.severity == "error"]
    return {"meta": {"error": messages[0]}} if len(messages) == 1 else {"meta": {"errors": messages}}


def error_body(api: str, findings: list[Finding]) -> dict:
    """The error body of a whole request: v1's `meta` shape or v2's `errors` list."""
    return v1_errors(findings) if api == "v1" else {"errors": v2_errors(findings)}


def _too_large(code: str, what: str, size: int, limit: int) -> Finding:
    return finding(code, "payload", f"{what} is {size} bytes; the limit is {limit} ({limit // L.KB} KB)",
                   "send less data per request")


async def _wait_disconnect(receive: Callable[[], Awaitable[dict]]) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class EmulatorApp:
    """Outer ASGI layer (faults, loopback guard) around a Starlette router (the routes)."""

    def __init__(self, config: EmulatorConfig, workspace: Workspace | None = None, injector: FaultInjector | None = None) -> None:
        self.config = config
        self.workspace = workspace or Workspace()
        self.injector = injector or FaultInjector(config.faults)
        # client address -> transport, filled by the uvicorn protocol in server.py, so a
        # "drop" fault can close the socket without uvicorn answering 500 for us.
        self.transports: dict[Any, asyncio.Transport] = {}
        self.stopping: Callable[[], bool] = lambda: False  # server.py points this at uvicorn's exit flag
        self.router = Starlette(
            routes=[
                Route("/api/v2/entity", self.entity, methods=["POST"]),
                Route("/api/v2/batch", self.batch, methods=["POST"]),
                Route("/api/v1/customers/{customer_id}", self.v1_identify, methods=["PUT"]),
                Route("/api/v1/customers/{customer_id}/events", self.v1_event, methods=["POST"]),
                Route("/api/v1/accounts/region", self.region, methods=["GET"]),
                Route("/_emulator/state", lambda r: JSONResponse(self.workspace.snapshot()), methods=["GET"]),
                Route("/_emulator/people", lambda r: JSONResponse(self.workspace.people()), methods=["GET"]),
                Route("/_emulator/people/{key}", self.person, methods=["GET"]),
                Route("/_emulator/requests", lambda r: JSONResponse(self.workspace.requests()), methods=["GET"]),
                Route("/_emulator/reset", self.reset, methods=["POST"]),
                Route("/_emulator/faults", self.faults, methods=["GET", "POST"]),
            ],
            exception_handlers={HTTPException: self.http_error},
        )

    # ------------------------------------------------------------ ASGI entry
    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            if scope["type"] == "http" and not is_loopback((scope.get("client") or ("",))[0]):
                await JSONResponse({"error": "control routes answer loopback clients only"}, 403)(scope, receive, send)
                return
            await self.router(scope, receive, send)
            return
        fault = self.injector.decide()
        latency = self.injector.plan.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)
        if fault is None:
            await self.router(scope, receive, send)
        else:
            await self._inject(fault, scope, receive, send)

    async def _inject(self, fault: Fault, scope: dict, receive: Callable, send: Callable) -> None:
        entry = {"method": scope["method"], "path": scope["path"], "fault": fault.spec(), "status": None}
        if fault.kind == "status":
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            body = {"meta": {"error": "rate limited"}} if fault.status == 429 else {"meta": {"error": "emulated server error"}}
            self.workspace.log_request(entry | {"status": fault.status})
            await JSONResponse(body, fault.status, headers=headers)(scope, receive, send)
            return
        if fault.kind == "drop_after":  # apply the request, lose the answer
            scope[_FAULT_KEY] = fault.spec()

            async def swallow(message: dict) -> None:
                return None

            await self.router(scope, receive, swallow)
        else:
            self.workspace.log_request(entry)
            if fault.kind == "timeout" and await self._hang(receive, fault.seconds):
                return  # the client gave up first
        await self._drop(scope, receive)

    async def _hang(self, receive: Callable, seconds: float) -> bool:
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

    async def _drop(self, scope: dict, receive: Callable) -> None:
        transport = self.transports.get(tuple(scope.get("client") or ()))
        if transport is None:
            raise RuntimeError("cannot drop the connection: the server was not started by runner.customerio.emulator.server")
        transport.abort()
        try:
            await asyncio.wait_for(_wait_disconnect(receive), 5)
        except asyncio.TimeoutError:
            pass

    # ------------------------------------------------------------ shared request handling
    async def _handle(self, request: Request, api: str, handler: Callable[[Any, int], Outcome]) -> JSONResponse:
        """Auth, body size, JSON parsing, then `handler(body)`; logs the exchange."""
        try:
            raw = await self._read(request)
        except ClientDisconnect:  # the sender died mid-body: nothing arrived, nobody to answer
            self.workspace.log_request({"method": request.method, "path": request.url.path, "status": None,
                                        "fault": request.scope.get(_FAULT_KEY), "error": "client disconnected"})
            return JSONResponse({}, 400)
        body: Any = None
        auth = check_basic_auth(request.headers.get("authorization"), self.config.site_id, self.config.api_key)
        if auth is not None:
            status, payload = 401, error_body(api, [auth])
        elif raw is None:
            code = "batch_too_large" if request.url.path.endswith("/batch") else "entity_too_large"
            too_big = finding(code, "payload", f"the request body exceeds {MAX_READ_BYTES} bytes", "send less data")
            status, payload = 400, error_body(api, [too_big])
        else:
            status, payload, body = self._parse(request, raw, api)
            if status == 0:
                status, payload = handler(body, len(raw))
        headers = {"WWW-Authenticate": 'Basic realm="Customer.io Track API"'} if status == 401 else {}
        self.workspace.log_request({
            "method": request.method, "path": request.url.path, "status": status, "fault": request.scope.get(_FAULT_KEY),
            "auth": "ok" if auth is None else auth.code, "body": body, "body_bytes": len(raw or b""), "response": payload,
            "headers": {k: v for k, v in request.headers.items() if k.lower() not in _HIDDEN_HEADERS},
        })
        return JSONResponse(payload, status, headers=headers)

    @staticmethod
    async def _read(request: Request) -> bytes | None:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_READ_BYTES:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _parse(request: Request, raw: bytes, api: str) -> tuple[int, Any, Any]:
        """(0, None, body) when the body is JSON; else (400, error body, None)."""
        if request.method == "GET":
            return 0, None, None
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        problem = None
        if ctype and not ctype.endswith("json"):
            problem = finding("content_type_not_json", "headers.content-type", f"Content-Type {ctype!r} is not JSON", "send application/json")
        else:
            try:
                return 0, None, json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                problem = finding("body_not_object", "payload", f"the body is not valid JSON: {exc}", "send a JSON object")
        return 400, error_body(api, [problem]), None

    # ------------------------------------------------------------ Track API routes
    async def entity(self, request: Request) -> JSONResponse:
        def handle(body: Any, size: int) -> Outcome:
            # sizes count the bytes received, not our re-serialisation
            findings = [f for f in validate_entity(body, enabled_identifiers=self.config.enabled_identifiers) if f.code != "entity_too_large"]
            if size > L.ENTITY_MAX_BYTES:
                findings.insert(0, _too_large("entity_too_large", "the request", size, L.ENTITY_MAX_BYTES))
            errors = v2_errors(findings)
            if errors:
                return 400, {"errors": errors}
            self.workspace.apply(body)
            return 200, {}
        return await self._handle(request, "v2", handle)

    async def batch(self, request: Request) -> JSONResponse:
        def handle(body: Any, size: int) -> Outcome:
            whole, items = validate_batch(body, enabled_identifiers=self.config.enabled_identifiers)
            whole = [f for f in whole if f.code != "batch_too_large"]
            if size > L.BATCH_MAX_BYTES:
                whole.insert(0, _too_large("batch_too_large", "the batch", size, L.BATCH_MAX_BYTES))
            errors = v2_errors(whole)
            if errors:
                return 400, {"errors": errors}
            item_errors = []
            for i, op in enumerate(body["batch"]):
                bad = v2_errors(items.get(i, []), f"payload.batch[{i}]", batch_index=i)
                if bad:
                    item_errors += bad
                else:
                    self.workspace.apply(op)
            return (207, {"errors": item_errors}) if item_errors else (200, {})
        return await self._handle(request, "v2", handle)

    async def v1_identify(self, request: Request) -> JSONResponse:
        return await self._v1(request, validate_v1_identify, self.workspace.apply_v1_identify)

    async def v1_event(self, request: Request) -> JSONResponse:
        return await self._v1(request, validate_v1_event, self.workspace.apply_v1_event)

    async def _v1(self, request: Request, validate: Callable[[str, Any], list[Finding]], apply: Callable[[str, dict], None]) -> JSONResponse:
        cid = request.path_params["customer_id"]

        def handle(body: Any, size: int) -> Outcome:
            errors = [f for f in validate(cid, body) if f.severity == "error"]
            if errors:
                return 400, error_body("v1", errors)
            apply(cid, body)
            return 200, {}
        return await self._handle(request, "v1", handle)

    async def region(self, request: Request) -> JSONResponse:
        region = self.config.region
        body = {"url": f"https://{TRACK_HOSTS[region]}", "region": region, "environment_id": self.config.environment_id}
        return await self._handle(request, "v1", lambda _body, _size: (200, body))

    async def http_error(self, request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 500)
        message = "not found" if status == 404 else "method not allowed" if status == 405 else str(getattr(exc, "detail", "error"))
        if request.url.path.startswith("/_emulator"):
            return JSONResponse({"error": message}, status)
        self.workspace.log_request({"method": request.method, "path": request.url.path, "status": status, "fault": None})
        return JSONResponse({"meta": {"error": message}}, status)

    # ------------------------------------------------------------ control routes
    async def person(self, request: Request) -> JSONResponse:
        found = self.workspace.person(request.path_params["key"])
        return JSONResponse(found, 200) if found else JSONResponse({"error": "no such person"}, 404)

    async def reset(self, request: Request) -> JSONResponse:
        self.workspace.reset()
        return JSONResponse({})

    async def faults(self, request: Request) -> JSONResponse:
        if request.method == "POST":
            try:
                self.injector.set(FaultPlan.from_json(json.loads(await request.body() or b"{}")))
            except (UserError, TypeError, json.JSONDecodeError) as exc:
                return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse(self.injector.plan.to_json() | {"pending": self.injector.pending()})
