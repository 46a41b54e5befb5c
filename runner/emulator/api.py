"""What each Track API route does in the emulator: judge the request as Customer.io would, then
change the workspace. HTTP (auth, reading, parsing, faults) is `app.py`'s job.

Every route of `routes.ROUTES` has an answer here: v2 entity and batch with the documented
`{"errors": [...]}` bodies (207 per batch item), v1 with its `{"meta": ...}` bodies, the
region lookup, and the documented success status of each route (204 for form submissions).
"""

from __future__ import annotations

from typing import Any

from ..customerio import limits as L
from ..customerio.routes import TRACK_HOSTS, Route
from ..customerio.rules import finding
from ..customerio.validate import validate_batch, validate_entity
from ..customerio.validate_v1 import validate_v1_body
from ..findings import Finding
from .config import EmulatorConfig
from .state import Workspace

Outcome = tuple[int, Any]  # (status, JSON body; None for no body)


def _field(path: str, prefix: str) -> str:
    if path == prefix:
        return ""
    return path[len(prefix) + 1 :] if path.startswith(prefix + ".") else path


def _v2_errors(
    findings: list[Finding], prefix: str = "payload", batch_index: int | None = None
) -> list[dict[str, Any]]:
    """Error findings in the documented v2 shape (plus `batch_index` for 207 items)."""
    out = []
    for f in findings:
        if f.severity != "error":
            continue
        item = {
            "reason": "required" if f.code.endswith("_missing") else "invalid",
            "field": _field(f.path, prefix),
            "message": f.message,
        }
        out.append(item if batch_index is None else {"batch_index": batch_index, **item})
    return out


def _v1_errors(findings: list[Finding]) -> dict[str, Any]:
    messages = [f.message for f in findings if f.severity == "error"]
    return {"meta": {"error": messages[0]}} if len(messages) == 1 else {"meta": {"errors": messages}}


def request_error_body(api: str, findings: list[Finding]) -> dict[str, Any]:
    """The error body of a whole request: v1's `meta` shape or v2's `errors` list."""
    return _v1_errors(findings) if api == "v1" else {"errors": _v2_errors(findings)}


def _received_too_large(code: str, what: str, size: int, limit: int) -> Finding:
    return finding(
        code,
        "payload",
        f"{what} is {size} bytes; the limit is {limit} ({limit // L.KB} KB)",
        "send less data per request",
    )


class TrackAPI:
    """The answers of one workspace's Track API."""

    def __init__(self, config: EmulatorConfig, workspace: Workspace) -> None:
        self.config = config
        self.workspace = workspace

    def answer(self, route: Route, body: Any, size: int) -> Outcome:
        """(status, body) for a request that passed auth and parsing; valid ones change the workspace."""
        kind = route.kind
        if kind == "v2_entity":
            return self._entity(body, size)
        if kind == "v2_batch":
            return self._batch(body, size)
        if kind == "v1_region":
            region = self.config.region
            return 200, {
                "url": f"https://{TRACK_HOSTS[region]}",
                "region": region,
                "environment_id": self.config.environment_id,
            }
        errors = [
            f
            for f in validate_v1_body(route, body, enabled_identifiers=self.config.enabled_identifiers)
            if f.severity == "error"
        ]
        if errors:
            return 400, _v1_errors(errors)
        self.workspace.apply_v1(kind, route.match.params, route.query, body)
        spec = route.match.spec
        assert spec is not None
        return spec.success, ({} if spec.success == 200 else None)

    def _entity(self, body: Any, size: int) -> Outcome:
        # sizes count the bytes received, not our re-serialisation
        findings = [
            f
            for f in validate_entity(body, enabled_identifiers=self.config.enabled_identifiers)
            if f.code != "entity_too_large"
        ]
        if size > L.ENTITY_MAX_BYTES:
            findings.insert(0, _received_too_large("entity_too_large", "the request", size, L.ENTITY_MAX_BYTES))
        errors = _v2_errors(findings)
        if errors:
            return 400, {"errors": errors}
        self.workspace.apply(body)
        return 200, {}

    def _batch(self, body: Any, size: int) -> Outcome:
        whole, items = validate_batch(body, enabled_identifiers=self.config.enabled_identifiers)
        whole = [f for f in whole if f.code != "batch_too_large"]
        if size > L.BATCH_MAX_BYTES:
            whole.insert(0, _received_too_large("batch_too_large", "the batch", size, L.BATCH_MAX_BYTES))
        errors = _v2_errors(whole)
        if errors:
            return 400, {"errors": errors}
        item_errors = []
        for i, op in enumerate(body["batch"]):
            bad = _v2_errors(items.get(i, []), f"payload.batch[{i}]", batch_index=i)
            if bad:
                item_errors += bad
            else:
                self.workspace.apply(op)
        return (207, {"errors": item_errors}) if item_errors else (200, {})
