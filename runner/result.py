"""The result of running one transform on one event, and how it is classified.

A result is what the CLI prints, what `check --json` lists, what the relay stores and what
the editor shows, so it is one record with one JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .findings import Finding

Status = Literal["routed", "unchanged", "cancelled", "error"]

# Error kinds, stable strings: tests, JSON consumers and the editor key on them.
SYNTAX_ERROR = "syntax_error"
MISSING_HANDLER = "missing_handler"
EXCEPTION = "exception"  # the handler (or the script's top level) threw
TIMEOUT = "timeout"
MEMORY = "out_of_memory"
STACK_OVERFLOW = "stack_overflow"
INVALID_RETURN = "invalid_return"  # returned undefined, null or a non-object
UNSERIALIZABLE = "unserializable"  # BigInt, cycles, an undefined or function payload
INVALID_METHOD = "invalid_method"
INVALID_URL = "invalid_url"
INVALID_HEADERS = "invalid_headers"
CRASH = "crash"  # the sandbox worker died (engine crash); only this event failed


@dataclass
class ConsoleLine:
    level: str  # log, info, warn, error, debug
    text: str

    def to_json(self) -> dict:
        return {"level": self.level, "text": self.text}


@dataclass
class TransformError:
    kind: str
    message: str
    line: int | None = None
    column: int | None = None
    stack: str = ""
    hint: str = ""

    def to_json(self) -> dict:
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

    def to_json(self) -> dict:
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
