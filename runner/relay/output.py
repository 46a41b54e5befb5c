"""What the relay prints: one line per event and per delivery outcome, like `stripe listen`.

`text` is for a terminal, `json` gives one JSON object a line for log shippers, `quiet` is
`text` without a line per event (problems are still printed). Every line passes through
`scrub`, which removes the webhook secrets and API keys, so a secret that reached a message by
accident still never reaches the screen, and text lines through `terminal.printable`: what a
request or a transform wrote is shown, never obeyed by the terminal.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from typing import Any, TextIO

from ..masking import Scrubber
from ..terminal import printable, printable_json, printable_lines


class Output:
    def __init__(self, fmt: str = "text", secrets: Sequence[str] = (), stream: TextIO | None = None) -> None:
        self.fmt = fmt
        self._scrubber = Scrubber(secrets)
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()

    def scrub(self, text: str) -> str:
        return self._scrubber(text)

    def _emit(self, kind: str, text: str, fields: dict[str, Any], *, warning: bool = False) -> None:
        if self.fmt == "quiet" and not warning and kind in ("received", "delivery"):
            return
        now = time.time()
        if self.fmt == "json":
            line = printable_json({"time": round(now, 3), "kind": kind, **fields}, indent=None, default=str)
        else:
            line = f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(now))}  {printable_lines(text)}"
        with self._lock:
            try:
                self._stream.write(self.scrub(line) + "\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError):  # a closed terminal must not stop the relay
                pass

    def info(self, message: str, **fields: Any) -> None:
        self._emit("info", message, {"message": message, **fields})

    def warn(self, message: str, **fields: Any) -> None:
        self._emit("warning", f"WARNING  {message}", {"message": message, **fields}, warning=True)

    def received(self, webhook_id: str, event_type: str, *, duplicate: bool = False) -> None:
        note = "  (duplicate webhook-id: already stored, not processed again)" if duplicate else ""
        self._emit(
            "received",
            f"  --> {printable(event_type)} [{printable(webhook_id)}]{note}",
            {"webhook_id": webhook_id, "event_type": event_type, "duplicate": duplicate},
        )

    def rejected(self, status: int, reason: str, message: str, *, webhook_id: str = "") -> None:
        shown = f" [{printable(webhook_id)}]" if webhook_id else ""
        self._emit(
            "rejected",
            f"  x-- [{status}] rejected{shown}: {printable(message)}",
            {"status": status, "reason": reason, "message": message, "webhook_id": webhook_id},
            warning=True,
        )

    def outcome(
        self,
        *,
        webhook_id: str,
        event_type: str,
        endpoint: str,
        outcome: str,
        delivery_id: int,
        status: int | None = None,
        detail: str = "",
        target: str = "",
        attempt: int = 0,
    ) -> None:
        code = f"[{status}]" if status is not None else "[---]"
        parts = [
            f"  <-- {code} {outcome:<16} {printable(endpoint)}  "
            f"{printable(event_type)} [{printable(webhook_id)}] #{delivery_id}"
        ]
        if target:
            parts.append(f"  {printable(target)}")
        if detail:
            parts.append(f"  {printable(detail)}")
        problem = outcome not in ("delivered", "unchanged", "cancelled", "dry_run", "queued")
        self._emit(
            "delivery",
            "".join(parts),
            {
                "webhook_id": webhook_id,
                "event_type": event_type,
                "endpoint": endpoint,
                "outcome": outcome,
                "delivery_id": delivery_id,
                "status": status,
                "detail": detail,
                "target": target,
                "attempt": attempt,
            },
            warning=problem,
        )
