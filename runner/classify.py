"""Step 4 of the pipeline: the sandbox's reply becomes a classified `TransformResult`.

Here the Svix rules the dashboard applies are checked (method, absolute url, headers,
cancel), an error is located in the user's file, and hints become findings. Svix leaves
several behaviours undocumented; the choices made here are listed in the README.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from . import result as R
from .findings import Finding
from .hints import missing_field_findings
from .result import ConsoleLine, Status, TransformError, TransformResult
from .sandbox import Reply
from .surrogates import lone_surrogate_paths
from .transforms import Transform

_ALLOWED_METHODS = ("POST", "PUT", "PATCH")
_FRAME = re.compile(r"^\s*at (?:(?P<fn>[^(]*?) \()?<input>:(?P<line>\d+):(?P<col>\d+)\)?\s*$")
_STACK_KINDS = (R.EXCEPTION, R.STACK_OVERFLOW)

_HINTS = {
    R.SYNTAX_ERROR: "fix the syntax at this line; the dashboard would refuse to save this transform",
    R.MISSING_HANDLER: "declare `function handler(webhook) { ...; return webhook; }` at the top level of the file",
    R.EXCEPTION: (
        "guard the value before using it (e.g. `p.customer?.email`), or skip the event with `webhook.cancel = true`"
    ),
    R.TIMEOUT: (
        "look for a loop that never ends or a very slow regular expression; "
        "raise the limit with --timeout if the work is real"
    ),
    R.MEMORY: "look for data that grows without bound; raise the limit with --memory if the work is real",
    R.STACK_OVERFLOW: "look for recursion without a base case; raise the limit with --stack if the depth is real",
    R.INVALID_RETURN: (
        "end the handler with `return webhook;` (to skip an event, set `webhook.cancel = true` and return it)"
    ),
    R.UNSERIALIZABLE: "payload must be JSON: no BigInt (use Number or String), no cycles, not undefined or a function",
    R.RESULT_TOO_LARGE: (
        "send less per event (Customer.io takes at most 500 KB a request); "
        "raise the limit with --max-result if the size is real"
    ),
    R.INVALID_METHOD: 'set webhook.method to "POST" or "PUT" (Svix documents only these two)',
    R.INVALID_URL: 'set webhook.url to an absolute http(s) URL such as "https://track.customer.io/api/v2/entity"',
    R.INVALID_HEADERS: 'set webhook.headers to an object whose values are strings, e.g. {"X-Source": "dodo"}',
    R.CRASH: "the engine crashed on this event only; if it repeats, report the transform and the event",
}
_THROWN_HINT = (
    "the transform throws this itself: the dashboard marks the delivery failed and retries it; to skip the event "
    "without a failure, set `webhook.cancel = true` and return the webhook"
)
# Errors the engine raises for an operation (a property of undefined, a bad call); anything
# else that reaches us as an Error came from a `throw` in the user's code.
_ENGINE_ERRORS = ("TypeError", "RangeError", "ReferenceError", "SyntaxError", "InternalError", "EvalError", "URIError")
_THROW = re.compile(r"\bthrow\s+(?:new\b)?")


def _deliberate_throw(source: str, line: int, column: int) -> int | None:
    """The column V8 reports for `throw new Error(...)` on this line (its `new`, or the thrown
    expression), when a `throw` starts at or before the column QuickJS gave (which points at
    the constructor's arguments); None when the line has no such `throw`."""
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return None
    starts = [m for m in _THROW.finditer(lines[line - 1]) if m.start() < column]
    if not starts:
        return None
    m = starts[-1]
    text = lines[line - 1]
    new = text.find("new", m.start() + 5, m.end())
    return (new if new >= 0 else m.end()) + 1


def _user_frames(stack: str, toplevel: bool) -> list[tuple[str, int, int]]:
    """Frames in the user's file (`<input>`), top first: the sandbox has already cut the
    frames of its own scripts (the driver, the polyfills) wherever they were."""
    frames = []
    for raw in stack.splitlines():
        m = _FRAME.match(raw)
        if not m:
            continue
        fn, line, col = (m.group("fn") or "").strip(), int(m.group("line")), int(m.group("col"))
        if fn == "<eval>" and not toplevel:
            break
        frames.append(("<top level>" if fn == "<eval>" else fn, line, col))
    return frames


def _error(transform: Transform, data: dict[str, Any]) -> TransformError:
    kind = data.get("kind", R.EXCEPTION)
    name, message, stack = data.get("name", ""), data.get("message", ""), data.get("stack", "") or ""
    filename = transform.name
    frames = _user_frames(stack, bool(data.get("toplevel"))) if kind in _STACK_KINDS else []
    line = frames[0][1] if frames else None
    column = frames[0][2] if frames else None
    if kind == R.SYNTAX_ERROR:
        m = re.search(r"<input>:(\d+):(\d+)", stack)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        message = f"SyntaxError: {message}"
    elif kind == R.EXCEPTION:
        thrown = data.get("thrown")
        if thrown in ("error", "engine"):
            message = f"{name}: {message}" if name else message
        else:
            message = f"handler threw a non-Error value: {message}"
        if data.get("toplevel"):
            message += " (thrown while loading the script, outside handler)"
    elif kind == R.MEMORY:
        message = "ran out of memory (over the memory limit)"
    elif kind == R.STACK_OVERFLOW:
        message = "stack overflow: Maximum call stack size exceeded"
    elif kind == "engine_exception":
        kind = R.CRASH
    if data.get("path"):
        message += f" (at {data['path']})"
    hint = _HINTS.get(kind, "")
    if kind == R.EXCEPTION and line and column and data.get("thrown") == "error" and name not in _ENGINE_ERRORS:
        thrown_at = _deliberate_throw(transform.source, line, column)
        if thrown_at is not None:
            column, hint = thrown_at, _THROWN_HINT
            frames[0] = (frames[0][0], line, column)
    if kind == R.MISSING_HANDLER:
        others = re.findall(r"^\s*(?:async\s+)?function\s+([A-Za-z_$][\w$]*)", transform.source, re.M)
        if others:
            hint = f"rename `{others[0]}` to `handler`: the dashboard calls only a function named handler"
    shown = "\n".join(f"    at {fn or '<anonymous>'} ({filename}:{ln}:{col})" for fn, ln, col in frames)
    return TransformError(kind=kind, message=message, line=line, column=column, stack=shown, hint=hint)


def _fail(base: dict[str, Any], kind: str, message: str, path: str) -> TransformResult:
    return TransformResult(
        **base, status="error", error=TransformError(kind=kind, message=f"{message} (at {path})", hint=_HINTS[kind])
    )


def _check_result(
    base: dict[str, Any], out: Any, webhook_in: dict[str, Any], maybe_surrogates: bool
) -> TransformResult:
    """Apply the Svix rules to the returned object; eventType and env changes are ignored."""
    if not isinstance(out, dict):  # e.g. Object.prototype.toJSON made it serialise to 5
        message = f"handler's return value serialises to {json.dumps(out)[:60]}, not an object"
        return TransformResult(
            **base,
            status="error",
            error=TransformError(kind=R.INVALID_RETURN, message=message, hint=_HINTS[R.INVALID_RETURN]),
        )
    method, url, headers = out.get("method"), out.get("url"), out.get("headers")
    findings: list[Finding] = []
    if not isinstance(method, str) or method not in _ALLOWED_METHODS:
        shown = json.dumps(method) if method is not None else "missing"
        return _fail(
            base, R.INVALID_METHOD, f'webhook.method is {shown}; it must be "POST", "PUT" or "PATCH"', "method"
        )
    if method == "PATCH":
        findings.append(
            Finding(
                "warning",
                "method_patch",
                "method",
                "PATCH is outside the methods Svix documents (POST, PUT)",
                'use "POST" or "PUT" unless the target API needs PATCH',
            )
        )
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return _fail(
            base,
            R.INVALID_URL,
            f"webhook.url is {json.dumps(url) if url is not None else 'missing'}; it must be an absolute http(s) URL",
            "url",
        )
    if headers is None:
        headers = {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return _fail(base, R.INVALID_HEADERS, "webhook.headers must be an object of string values", "headers")
    cancel = out.get("cancel")
    if cancel is not None and not isinstance(cancel, bool):
        findings.append(
            Finding(
                "warning",
                "cancel_not_boolean",
                "cancel",
                f"webhook.cancel is {json.dumps(cancel)}, not a boolean; it is read as {bool(cancel)}",
                "set webhook.cancel = true or false",
            )
        )
    webhook = {
        "method": method,
        "url": url,
        "eventType": webhook_in["eventType"],
        "payload": out.get("payload"),
        "cancel": bool(cancel),
        "headers": headers,
        "env": webhook_in["env"],
    }
    status: Status
    if webhook["cancel"]:
        status = "cancelled"
    elif (
        url != webhook_in["url"]
        or webhook["payload"] != webhook_in["payload"]
        or method != webhook_in["method"]
        or headers != webhook_in["headers"]
    ):
        status = "routed"
    else:
        status = "unchanged"
    if maybe_surrogates:
        findings.extend(_surrogate_findings(webhook))
    return TransformResult(**base, status=status, webhook=webhook, findings=findings)


def _surrogate_findings(webhook: dict[str, Any]) -> list[Finding]:
    """Half an emoji is data: where it cannot be sent it is an error, in the JSON body a warning."""
    out = []
    for path in lone_surrogate_paths(webhook):
        if path.startswith("payload"):
            out.append(
                Finding(
                    "warning",
                    "lone_surrogate",
                    path,
                    f"{path} holds half of a surrogate pair (half an emoji); JSON carries it as an \\udXXX escape, "
                    "which is not valid Unicode, so Customer.io stores U+FFFD (\ufffd) or refuses it",
                    "cut strings with Array.from(text).slice(...) (whole characters), not text.slice(...)",
                )
            )
        else:
            out.append(
                Finding(
                    "error",
                    "lone_surrogate",
                    path,
                    f"{path} holds half of a surrogate pair (half an emoji), which cannot be encoded as UTF-8, "
                    "so the request cannot be sent",
                    "cut strings with Array.from(text).slice(...) (whole characters), not text.slice(...)",
                )
            )
    return out


def classify(
    transform: Transform, webhook_in: dict[str, Any], reply: Reply, *, fixture: str | None = None
) -> TransformResult:
    """Turn a worker reply into the result every front end shows."""
    data = reply.data
    console = [ConsoleLine(level, text) for level, text in data.get("console", [])]
    if data.get("dropped"):
        console.append(
            ConsoleLine(
                "warn", f"[{data['dropped']} more console lines were dropped: the cap is 200 lines / 64 KiB per event]"
            )
        )
    base = {
        "transform": transform.name,
        "event_type": webhook_in["eventType"],
        "fixture": fixture,
        "console": console,
        "duration_ms": reply.worker_ms,
    }
    hints = missing_field_findings(webhook_in["eventType"], data.get("reads", []))
    if not data.get("ok"):
        return TransformResult(**base, status="error", error=_error(transform, data["error"]), findings=hints)
    if data.get("same"):  # the worker saw the webhook come back as it went in
        return TransformResult(**base, status="unchanged", webhook=webhook_in, findings=hints)
    result = _check_result(base, data["webhook"], webhook_in, bool(data.get("maybe_surrogates")))
    for path, kind in data.get("undefinedPaths", []):
        result.findings.append(
            Finding(
                "warning",
                "dropped_value",
                path,
                f"{path} is {kind}, so JSON leaves the key out (V8 does the same)",
                "give it a value or `null`, or check the field you read exists on this event",
            )
        )
    if not data.get("returnedSame", True) and result.status != "error":
        result.findings.append(
            Finding(
                "info",
                "new_object_returned",
                "",
                "handler returned a new object; Svix documents returning the same `webhook` object it was given",
                "modify `webhook` and `return webhook;`",
            )
        )
    result.findings.extend(hints)
    return result
