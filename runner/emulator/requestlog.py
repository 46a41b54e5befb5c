"""One terminal line per request the emulator answers, like the relay's: who, what, and the answer.

`dodo-cio emulator` prints these so a newcomer sees each delivery arrive (method, path,
status, person, action) and, on a 400, Customer.io's first error; injected faults read as
what the client saw ("fault 503*", "dropped the connection"). Values come from the
request, so control characters are escaped before they reach the terminal.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .. import envvars
from ..masking import mask_secret
from ..terminal import printable

if TYPE_CHECKING:
    from .config import EmulatorConfig

_FAULTS = {
    "drop": "fault: dropped the connection without an answer",
    "drop-after": "fault: applied the request, then dropped the connection without an answer",
}


def format_banner(config: EmulatorConfig, base_url: str) -> str:
    """What `dodo-cio emulator` says once it listens: where, which credentials, how to point clients at it."""
    lines = [f"Customer.io Track API emulator on {base_url}  region={config.region}"]
    if config.demo_credentials:  # public demo values: shown in full so they can be copied
        lines.append(f"  demo credentials: {envvars.SITE_ID}={config.site_id} {envvars.API_KEY}={config.api_key}")
    else:
        lines.append(
            f"  site id {mask_secret(config.site_id)}  api key {mask_secret(config.api_key)} "
            "(yours, from the options or the environment)"
        )
    lines.append(
        f"  point clients at it with --customerio-url {base_url} (or {envvars.CUSTOMERIO_URL}={base_url}); "
        "Ctrl-C stops it"
    )
    plan = config.faults.to_json()
    if any(plan[k] for k in ("fail_ratio", "fail_every", "latency_ms", "rate_limit")) or config.faults.queue:
        lines.append(f"  faults: {plan}")
    return "\n".join(printable(line) for line in lines)


def plain(value: Any, limit: int = 80) -> str:
    """A request value safe for a terminal (see `terminal.printable`), its length capped."""
    text = printable(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _who_and_what(entry: dict[str, Any]) -> list[str]:
    body, path = entry.get("body"), str(entry.get("path", ""))
    parts: list[str] = []
    if path.startswith("/api/v1/customers/"):
        parts.append(f"person {plain(path.split('/')[4])}")
        if isinstance(body, dict) and path.endswith("/events"):
            parts.append(f"event {plain(body.get('name'))}")
        elif entry.get("method") == "PUT":
            parts.append("identify")
        return parts
    if not isinstance(body, dict):
        return parts
    if isinstance(body.get("batch"), list):
        return [f"batch of {len(body['batch'])}"]
    ids = body.get("identifiers")
    if isinstance(ids, dict) and ids:
        key = next((k for k in ("id", "email", "cio_id", "object_id") if k in ids), next(iter(ids)))
        parts.append(f"{plain(body.get('type', 'person'))} {plain(key)}={plain(ids[key])}")
    if "action" in body:
        parts.append(
            plain(body["action"])
            + (f" {plain(body['name'])}" if body.get("action") == "event" and "name" in body else "")
        )
    return parts


def _answer(entry: dict[str, Any]) -> str:
    fault = entry.get("fault")
    status = entry.get("status")
    if fault and status is None:
        if str(fault).startswith("timeout"):
            return f"fault: hung for {str(fault).partition('@')[2] or '30'} s, then dropped the connection"
        return _FAULTS.get(str(fault), f"fault: {plain(fault)}")
    if fault and "response" not in entry:
        return f"fault: answered {status} without applying the request"
    if entry.get("error"):
        return plain(entry["error"])
    note = f"  (injected fault {plain(fault)})" if fault else ""
    if status == 401:
        return f"unauthorized: wrong or missing Site ID / API key{note}"
    response = entry.get("response")
    errors = response.get("errors") if isinstance(response, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        where = plain(first.get("field") or "")
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"{where + ': ' if where else ''}{plain(first.get('message', ''), 120)}{more}{note}"
    return note.strip()


def format_request(entry: dict[str, Any], *, now: float | None = None) -> str:
    """`12:00:01  POST /api/v2/entity  [200]  person id=cus_1  event payment_completed`."""
    clock = time.strftime("%H:%M:%S", time.localtime(entry.get("at") or now or time.time()))
    status = entry.get("status")
    code = f"[{status}]" if status is not None else "[---]"
    parts = [
        clock,
        f"{entry.get('method', '?')} {plain(entry.get('path', ''))}",
        code,
        *_who_and_what(entry),
        _answer(entry),
    ]
    return "  ".join(p for p in parts if p)
