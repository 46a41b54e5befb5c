"""Findings: what we have to say about a result that is not a hard failure of the run.

One record type serves the schema hints (fields the event does not have), the result checks
(PATCH, dropped undefined values) and the Customer.io validation, so every consumer (CLI
matrix, JSON output, relay, editor) renders them the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One observation about a transform's result.

    `code` is stable (tests and users grep for it); `path` is a JSON path into the result
    such as ``payload.action``; `fix` says what to change, when we know.
    """

    severity: Severity
    code: str
    path: str
    message: str
    fix: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
