"""The editor's JSON API: what the page's buttons call.

Every handler is a thin shell over the library: transforms run through `arun_event` in the
app's Sandbox (the CLI's path), files go through the TransformFolder, delivery through TrackClient.
Bad input becomes a UserError, which the app turns into a JSON error with a fix.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import strictjson
from ..errors import UserError
from ..pipeline import arun_event
from ..result import MEMORY, TIMEOUT, TransformResult
from ..terminal import plural
from ..transforms import Transform
from ..webhook import build_webhook
from . import delivery
from .diff import diff_json
from .workspace import NotFound, read_template, source_bytes, template_names

if TYPE_CHECKING:
    from .app import EditorState

_MAX_EDITOR_REQUEST_BYTES = 2 * 1024 * 1024


def _state(request: Request) -> EditorState:
    return request.app.state.editor


async def _read_json(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, bounded in size, or a UserError saying what is wrong."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > _MAX_EDITOR_REQUEST_BYTES:
            raise UserError(
                f"request body over {_MAX_EDITOR_REQUEST_BYTES} bytes",
                where=request.url.path,
                fix="shrink the payload or the transform",
            )
    try:
        data = strictjson.loads(bytes(body) or b"{}", what="the request body")
    except strictjson.JSONError as exc:
        raise UserError(f"the request body is not JSON: {exc}", where=request.url.path) from None
    if not isinstance(data, dict):
        raise UserError("the request body must be a JSON object", where=request.url.path)
    return data


def _text(data: dict[str, Any], key: str, *, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise UserError(f"`{key}` must be a string", where="request", fix=f"send `{key}` as text")
    return value


def _transform_from(data: dict[str, Any]) -> Transform:
    source = _text(data, "source")
    source_bytes(source, where="source")
    name = _text(data, "name", default="") or "untitled.js"
    return Transform(name=name[:80], source=source)


def _fixture_from(data: dict[str, Any]) -> str | None:
    """The sample the payload started from, if any: a label for the result, never trusted further."""
    fixture = data.get("fixture")
    return fixture if isinstance(fixture, str) else None


def _envelope_from(data: dict[str, Any]) -> dict[str, Any]:
    envelope = data.get("envelope")
    if not isinstance(envelope, dict):
        raise UserError(
            "the sample payload must be a JSON object",
            where="payload",
            fix="edit the payload back into an object, or press \u201creset to sample\u201d",
        )
    return envelope


async def _run_one(
    state: EditorState, transform: Transform, envelope: dict[str, Any], fixture: str | None
) -> TransformResult:
    return await arun_event(state.sandbox, transform, envelope, fixture=fixture, options=state.options)


def _result_view(state: EditorState, result: TransformResult, envelope: dict[str, Any]) -> dict[str, Any]:
    """The result as the page shows it: the record, the input webhook, and what changed."""
    before = build_webhook(envelope, state.options.endpoint)
    view = result.to_json()
    view["ok"] = result.ok
    view["input"] = before
    view["diff"] = [c.to_json() for c in diff_json(before, result.webhook)] if result.webhook is not None else []
    return view


async def _app_state(request: Request) -> Response:
    state = _state(request)
    return JSONResponse(
        {
            "transforms_dir": str(state.workspace.directory),
            "transforms": state.workspace.names(),
            "templates": template_names(),
            "fixtures": [{"name": f.name, "event_type": f.event_type} for f in state.fixtures],
            "credentials": delivery.credentials_view(state),
            "customerio_url": state.customerio_url,
            "limits": {"time_s": state.limits.time_s, "memory_bytes": state.limits.memory_bytes},
        }
    )


async def _get_transform(request: Request) -> Response:
    name = request.path_params["name"]
    return JSONResponse({"name": name, "source": _state(request).workspace.read(name)})


async def _get_template(request: Request) -> Response:
    name = request.path_params["name"]
    return JSONResponse({"name": name, "source": read_template(name)})


async def _get_fixture(request: Request) -> Response:
    state = _state(request)
    name = request.path_params["name"]
    for f in state.fixtures:
        if f.name == name:
            return JSONResponse({"name": f.name, "event_type": f.event_type, "envelope": f.envelope})
    raise NotFound(f"no sample payload named {name!r}", where="fixtures", fix="pick one from the list")


async def _test(request: Request) -> Response:
    data = await _read_json(request)
    envelope = _envelope_from(data)
    result = await _run_one(_state(request), _transform_from(data), envelope, _fixture_from(data))
    return JSONResponse(_result_view(_state(request), result, envelope))


# A transform that hits these on one sample would hit them on most: stop rather than make the
# user (and every later Test) wait out 48 time limits.
_STOP_KINDS = {TIMEOUT: "time", MEMORY: "memory"}


def _row(result: TransformResult) -> dict[str, Any]:
    return {
        "fixture": result.fixture,
        "event_type": result.event_type,
        "status": result.status,
        "ok": result.ok,
        "error": result.error.to_json() if result.error else None,
        "findings": [f.to_json() for f in result.findings],
        "duration_ms": round(result.duration_ms, 3),
    }


async def _test_all(request: Request) -> Response:
    """Every sample through the current code: one probe, then a wave per worker at a time.

    A hanging or memory-hungry transform usually fails on the probe, so the answer comes
    within about one time limit and the workers are free again; waves keep the pool busy
    otherwise, and still end the run at the first wave that hits a limit.
    """
    state = _state(request)
    transform = _transform_from(await _read_json(request))
    assert state.sandbox is not None  # the app's lifespan started it
    wave = max(1, state.sandbox.size)
    starts = [0, *range(1, len(state.fixtures), wave)]
    rows: list[dict[str, Any]] = []
    stopped = ""
    for start, end in zip(starts, [*starts[1:], len(state.fixtures)], strict=True):
        batch = state.fixtures[start:end]
        results = await asyncio.gather(*(_run_one(state, transform, f.envelope, f.name) for f in batch))
        rows.extend(_row(r) for r in results)
        hit = next((r for r in results if r.error and r.error.kind in _STOP_KINDS), None)
        if hit and hit.error:
            stopped = (
                f"stopped after {hit.event_type} hit the {_STOP_KINDS[hit.error.kind]} limit; "
                f"{len(state.fixtures) - len(rows)} samples were not run"
            )
            break
    rows.extend(
        {
            "fixture": f.name,
            "event_type": f.event_type,
            "status": "not_run",
            "ok": None,
            "error": None,
            "findings": [],
            "duration_ms": 0.0,
        }
        for f in state.fixtures[len(rows) :]
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return JSONResponse(
        {
            "transform": transform.name,
            "rows": rows,
            "counts": counts,
            "failing": sum(row["ok"] is False for row in rows),
            "stopped": stopped,
        }
    )


async def _save(request: Request) -> Response:
    data = await _read_json(request)
    outcome = _state(request).workspace.save(
        _text(data, "name"), _text(data, "source"), overwrite=data.get("overwrite") is True
    )
    return JSONResponse(
        {"name": outcome.name, "path": str(outcome.path), "created": outcome.created},
        status_code=201 if outcome.created else 200,
    )


async def _credentials(request: Request) -> Response:
    state = _state(request)
    if request.method == "POST":
        delivery.set_credentials(state, await _read_json(request))
    elif request.method == "DELETE":
        delivery.clear_credentials(state)
    return JSONResponse({"credentials": delivery.credentials_view(state)})


async def _send(request: Request) -> Response:
    """Run the current code on the current payload, then deliver that result for real."""
    state = _state(request)
    data = await _read_json(request)
    target = delivery.target_from(data, state.customerio_url)
    creds = delivery.require_credentials(state)
    envelope = _envelope_from(data)
    transform = _transform_from(data)
    result = await _run_one(state, transform, envelope, _fixture_from(data))
    if result.status != "routed" or result.webhook is None:
        raise UserError(
            f"nothing to send: the transform's status is {result.status}",
            where="send",
            fix="Test first; only a routed result (a changed url) is delivered",
        )
    errors = [f for f in result.findings if f.severity == "error"]
    if errors and data.get("force") is not True:  # as `dodo-cio send` refuses without --force
        problem = {
            "message": f"Customer.io would reject this request: {plural(len(errors), 'error finding')}",
            "where": "send",
            "fix": "fix them, or confirm to send it anyway and see Customer.io's answer",
        }
        return JSONResponse(
            {"error": problem, "confirm": "error_findings", "result": _result_view(state, result, envelope)},
            status_code=409,
        )
    outcome = await delivery.deliver(
        creds, target, result.webhook, webhook_id=f"editor_{uuid.uuid4().hex}", transform=transform.name
    )
    return JSONResponse({"result": _result_view(state, result, envelope), "delivery": outcome})


ROUTES = [
    Route("/api/state", _app_state),
    Route("/api/transforms/{name}", _get_transform),
    Route("/api/templates/{name}", _get_template),
    Route("/api/fixtures/{name}", _get_fixture),
    Route("/api/test", _test, methods=["POST"]),
    Route("/api/test-all", _test_all, methods=["POST"]),
    Route("/api/save", _save, methods=["POST"]),
    Route("/api/credentials", _credentials, methods=["GET", "POST", "DELETE"]),
    Route("/api/send", _send, methods=["POST"]),
]
