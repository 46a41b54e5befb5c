"""What `dodo-cio trigger` prints: one line per answer of the relay, as text or as JSON.

The answer is text the relay (or whatever listens at `--to`) chose, so the text line passes
through `terminal.printable` and the JSON line through `terminal.printable_json`: a hostile
body is shown, never obeyed by the terminal.
"""

from __future__ import annotations

from ..terminal import printable, printable_json
from .trigger import RelayAnswer


def format_answer(answer: RelayAnswer) -> str:
    """`[200] payment.succeeded msg_01J… {"status": "accepted", …}`."""
    said = answer.body if isinstance(answer.body, str) else printable_json(answer.body, indent=None)
    return printable(f"[{answer.status}] {answer.event_type} {answer.webhook_id} {said}")


def answer_json(answer: RelayAnswer) -> str:
    """One JSON object a line, for scripts: the status, the event and the relay's answer."""
    return printable_json(
        {
            "status": answer.status,
            "event_type": answer.event_type,
            "webhook_id": answer.webhook_id,
            "response": answer.body,
        },
        indent=None,
    )
