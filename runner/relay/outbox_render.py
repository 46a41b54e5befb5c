"""What `dodo-cio outbox` prints: the outbox as people read it (`list`, `show`) and what an
operator's action did (`retry`, `replay`, `purge`, `migrate`).

Every line passes through `terminal.printable`, because event types, endpoints, transform
errors and response bodies are text a sender or a transform chose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..terminal import plural, printable, printable_json, printable_lines
from .store.base import DeliverySummary


def when(ts: float | None) -> str:
    """Local time to the second, or `-` for never."""
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def format_listing(counts: Mapping[str, int], rows: Sequence[DeliverySummary]) -> str:
    """A count per status, then one line per delivery (newest first, as the store gives them)."""
    lines = ["  ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "the outbox is empty"]
    for r in rows:
        last = f" [{r.last_status}]" if r.last_status else ""
        gen = f" (replay {r.generation})" if r.generation else ""
        line = (
            f"#{r.id:<7} {when(r.received_at)}  {r.status:<16} {r.endpoint:<24} {r.event_type:<28} {r.webhook_id}  "
            f"attempts {r.attempts}{last}{gen}"
        )
        if r.waiting_behind is not None:
            line += f"  waits behind #{r.waiting_behind} (same person, earlier)"
        elif r.next_attempt_at:
            line += f"  next attempt {when(r.next_attempt_at)}"
        lines.append(printable(line))
    return "\n".join(lines)


def format_detail(doc: Mapping[str, Any]) -> str:
    """An event (the `show` JSON document): the raw event, then each delivery's result and attempts."""
    lines = [
        printable(f"event {doc['webhook_id']}  {doc['event_type']}  received {when(doc['received_at'])}"),
        printable_lines(doc["event"]) if isinstance(doc["event"], str) else printable_json(doc["event"]),
    ]
    for d in doc["deliveries"]:
        lines.append("")
        lines.append(
            printable(
                f"delivery #{d['id']}  endpoint {d['endpoint']}  status {d['status']}  attempts {d['attempts']}"
                + (f"  generation {d['generation']}" if d["generation"] else "")
                + (f"  next attempt {when(d['next_attempt_at'])}" if d["next_attempt_at"] else "")
            )
        )
        result = d["result"]
        if result:
            if result.get("error"):
                lines.append(printable(f"  transform error: {result['error']['kind']}: {result['error']['message']}"))
            if result.get("webhook"):
                w = result["webhook"]
                lines.append(printable(f"  request: {w.get('method')} {w.get('url')}"))
                lines.append("  " + printable_json(w.get("payload")).replace("\n", "\n  "))
            lines += [
                printable(f"  {f['severity']}: {f['path'] or '(request)'}: {f['message']}")
                for f in result.get("findings", [])
            ]
            lines += [printable(f"  console.{c['level']}: {c['text']}") for c in result.get("console", [])]
        for a in d["attempts_made"]:
            body = "" if a["body"] == "null" else a["body"]  # no HTTP answer: the client reports a JSON null body
            lines.append(
                printable(
                    f"  attempt {when(a['at'])}  [{a['status'] or '---'}]  {'ok' if a['ok'] else 'failed'}  "
                    f"{a['duration_ms'] or 0:.0f} ms  {a['error']} {body}".rstrip()
                )
            )
    return "\n".join(lines)


def _deliveries(n: int) -> str:
    return plural(n, "delivery", "deliveries")


def format_retried(ids: Sequence[int]) -> str:
    """`2 deliveries queued again: #12, #15`; past 20, the count alone."""
    listed = f": {', '.join(f'#{i}' for i in ids)}" if ids and len(ids) <= 20 else ""
    return f"{_deliveries(len(ids))} queued again{listed}"


def format_replayed(ids: Sequence[int]) -> str:
    """`5 deliveries replayed (new ids 31..35)`, or that nothing matched."""
    if not ids:
        return "nothing matched; nothing replayed"
    return f"{_deliveries(len(ids))} replayed (new ids {ids[0]}..{ids[-1]})"


def format_purged(n: int) -> str:
    return f"{plural(n, 'event')} purged"


def format_migrated(where: str, before: int, after: int) -> str:
    """`where` is the outbox as the operator named it, its password already redacted."""
    done = f"{after}, already current" if before == after else f"{before} -> {after}"
    return printable(f"{where}: schema version {done}")
