"""Snapshots: the expected output of each transform × fixture, kept next to the transform.

`check --update-snapshots` writes `<name>.snap.json` beside `<name>.js`; a later `check`
fails on any difference and prints a diff. Only what Customer.io would receive is kept
(method, url, headers, payload, or the error), so a snapshot changes when behaviour does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import strictjson
from ..errors import UserError
from ..result import TransformResult
from ..terminal import printable_json
from ..transforms import Transform

DEFAULT_NOW = "2026-01-15T12:00:00Z"  # snapshots are always taken with a frozen clock
# A snapshot file is the user's (edited, merged) and read strictly. A webhook nests at most
# strictjson.MAX_DEPTH levels; its payload sits two levels deeper here (results, fixture).
_SNAPSHOT_DEPTH = strictjson.MAX_DEPTH + 2


def _snapshot_path(transform: Transform, folder: Path | None = None) -> Path | None:
    """`<name>.snap.json` beside the transform, or in `folder` (the shipped transforms' go in the working folder)."""
    if transform.path is None:
        return None
    return (folder or transform.path.parent) / (transform.path.stem + ".snap.json")


def expected_form(result: TransformResult) -> dict[str, Any]:
    """The part of a result a snapshot pins down."""
    if result.status == "error" and result.error:
        return {
            "status": "error",
            "error": {"kind": result.error.kind, "message": result.error.message, "line": result.error.line},
        }
    if result.status == "unchanged" or result.webhook is None:
        return {"status": result.status}
    w = result.webhook
    return {
        "status": result.status,
        "method": w["method"],
        "url": w["url"],
        "headers": w["headers"],
        "payload": w["payload"],
    }


@dataclass
class Snapshot:
    now: str
    results: dict[str, dict[str, Any]]


def read_snapshot(transform: Transform, folder: Path | None = None) -> Snapshot | None:
    path = _snapshot_path(transform, folder)
    if path is None or not path.exists():
        return None
    try:
        data = strictjson.loads(path.read_text(encoding="utf-8"), max_depth=_SNAPSHOT_DEPTH, what="the snapshot")
        return Snapshot(now=data["now"], results=data["results"])
    except (ValueError, KeyError, TypeError) as exc:  # strictjson.JSONError and UnicodeDecodeError are ValueErrors
        raise UserError(
            f"the snapshot file is damaged ({exc})",
            where=str(path),
            fix="rerun with --update-snapshots to write it again",
        ) from None


def write_snapshot(transform: Transform, now: str, results: list[TransformResult], folder: Path | None = None) -> Path:
    path = _snapshot_path(transform, folder)
    if path is None:
        raise UserError("this transform has no file, so it has nowhere to keep a snapshot", where=transform.name)
    body = {"transform": transform.name, "now": now, "results": {r.fixture: expected_form(r) for r in results}}
    try:
        # escaped like terminal output: a lone surrogate cannot be UTF-8, and the file is read in terminals (git diff)
        path.write_text(printable_json(body, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(
            f"cannot write the snapshot: {exc.strerror}", where=str(path), fix="make the transform's folder writable"
        ) from None
    return path


def diff(expected: dict[str, Any] | None, actual: dict[str, Any], label: str) -> str:
    """A unified diff of the pretty JSON; empty when they match."""
    if expected == actual:
        return ""
    a = printable_json(expected, sort_keys=True).splitlines() if expected is not None else []
    b = printable_json(actual, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, f"{label} (snapshot)", f"{label} (now)", lineterm=""))
