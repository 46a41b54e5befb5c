"""The result of running one transform on one event, and how it is classified.

A result is what the CLI prints, what `check --json` lists, what the relay stores and what
the editor shows, so it is one record with one JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .findings import Finding

# Error kinds, stable strings that tests, JSON consumers and the editor key on: re-exported
# here for them; the sandbox protocol owns the vocabulary (its workers write most of them).
from .sandbox.protocol import (  # `X as X`: an explicit re-export
    CRASH as CRASH,
    EXCEPTION as EXCEPTION,
    INVALID_HEADERS as INVALID_HEADERS,
    INVALID_METHOD as INVALID_METHOD,
    INVALID_RETURN as INVALID_RETURN,
    INVALID_URL as INVALID_URL,
    KINDS as KINDS,
    MEMORY as MEMORY,
    MISSING_HANDLER as MISSING_HANDLER,
    RESULT_TOO_LARGE as RESULT_TOO_LARGE,
    STACK_OVERFLOW as STACK_OVERFLOW,
    SYNTAX_ERROR as SYNTAX_ERROR,
    TIMEOUT as TIMEOUT,
    UNSERIALIZABLE as UNSERIALIZABLE,
)

Status = Literal["routed", "unchanged", "cancelled", "error"]


@dataclass
class ConsoleLine:
    level: str  # log, info, warn, error, debug
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "text": self.text}


@dataclass
class TransformError:
    kind: str
    message: str
    line: int | None = None
    column: int | None = None
    stack: str = ""
    hint: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "stack": self.stack,
            "hint": self.hint,
        }


@dataclass
class TransformResult:
    transform: str
    event_type: str
    status: Status
    webhook: dict[str, Any] | None = None
    console: list[ConsoleLine] = field(default_factory=list)
    error: TransformError | None = None
    findings: list[Finding] = field(default_factory=list)
    fixture: str | None = None
    duration_ms: float = 0.0

    @property
    def ok(self) -> bool:
        """No error status and no error finding: what `check` counts as passing."""
        return self.status != "error" and not any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "transform": self.transform,
            "event_type": self.event_type,
            "fixture": self.fixture,
            "status": self.status,
            "webhook": self.webhook,
            "console": [c.to_json() for c in self.console],
            "error": self.error.to_json() if self.error else None,
            "findings": [f.to_json() for f in self.findings],
            "duration_ms": round(self.duration_ms, 3),
        }
