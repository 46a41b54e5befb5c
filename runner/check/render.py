"""Readable terminal output for results and the check matrix.

Colour only when the stream is a terminal (click decides); the words carry the meaning, so
piped output and CI logs read the same.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from ..findings import Finding
from ..result import TransformResult
from ..terminal import printable, source_excerpt
from ..transforms import Transform

STATUS_STYLE = {"routed": "green", "unchanged": "bright_black", "cancelled": "yellow", "error": "red"}
SEVERITY_MARK = {"error": ("✗ error  ", "red"), "warning": ("! warning", "yellow"), "info": ("· info   ", "cyan")}


def status_word(status: str) -> str:
    return click.style(status, fg=STATUS_STYLE.get(status), bold=status == "error")


def format_findings(findings: Sequence[Finding]) -> list[str]:
    out = []
    for f in findings:
        label, colour = SEVERITY_MARK[f.severity]
        where = f" {printable(f.path)}" if f.path else ""
        out.append(f"  {click.style(label, fg=colour)} {f.code}{where}: {printable(f.message)}")
        if f.fix:
            out.append(f"              fix: {printable(f.fix)}")
    return out


def format_result(result: TransformResult, transform: Transform | None = None) -> str:
    """One result as `dodo-cio run` prints it."""
    head = printable(f"{result.transform} × {result.event_type}")
    if result.fixture and result.fixture != result.event_type:
        head += printable(f" ({result.fixture})")
    lines = [f"{click.style(head, bold=True)}  →  {status_word(result.status)}   ({result.duration_ms:.1f} ms)"]
    if result.error:
        e = result.error
        lines.append("")
        lines.append(f"  {click.style(e.kind, fg='red')}: {printable(e.message)}")
        if e.stack:
            lines.extend("  " + printable(s) for s in e.stack.splitlines())
        if e.line and transform is not None:
            lines.extend(source_excerpt(transform.source, e.line, e.column, transform.name))
        if e.hint:
            lines.append(f"  fix: {printable(e.hint)}")
    elif result.webhook and result.status in ("routed", "cancelled"):
        w = result.webhook
        lines.append("")
        lines.append(printable(f"  {w['method']} {w['url']}"))
        for name, value in (w.get("headers") or {}).items():
            lines.append(printable(f"  {name}: {value}"))
        body = json.dumps(w["payload"], indent=2, ensure_ascii=False)
        lines.extend("  " + printable(s) for s in body.splitlines())
    elif result.status == "unchanged":
        lines.append("  the transform left url and payload as they were: it does not handle this event")
    if result.findings:
        lines.append("")
        lines.append(click.style("Findings", bold=True))
        lines.extend(format_findings(result.findings))
    if result.console:
        lines.append("")
        lines.append(click.style("Console", bold=True))
        for c in result.console:
            prefix = click.style(f"{c.level:5}", fg="yellow" if c.level in ("warn", "error") else "bright_black")
            for i, text in enumerate(c.text.splitlines() or [""]):
                lines.append(f"  {prefix if i == 0 else '     '} {printable(text)}")
    return "\n".join(lines)


def _cell(result: TransformResult) -> tuple[str, str]:
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    text = result.status if result.status != "error" else printable(f"error:{result.error.kind if result.error else '?'}")
    if errors:
        text += f" ✗{errors}"
    if warnings:
        text += f" !{warnings}"
    colour = "red" if result.status == "error" or errors else STATUS_STYLE[result.status]
    return text, colour


def format_matrix(results: Sequence[TransformResult], transforms: Sequence[str], events: Sequence[str]) -> str:
    """Event types down, transforms across; each cell the status and finding counts."""
    by_key = {(r.transform, r.fixture): r for r in results}
    transforms, events = [printable(t) for t in transforms], [printable(e) for e in events]
    by_key = {(printable(t), printable(f)): r for (t, f), r in by_key.items()}
    widths = [max(len("event"), *(len(e) for e in events))]
    cells: dict[tuple[str, str], tuple[str, str]] = {k: _cell(r) for k, r in by_key.items()}
    for t in transforms:
        widths.append(max(len(t), *(len(cells[(t, e)][0]) for e in events if (t, e) in cells)))
    header = "  ".join(click.style(h.ljust(w), bold=True) for h, w in zip(["event", *transforms], widths))
    rows = [header]
    for e in events:
        parts = [e.ljust(widths[0])]
        for t, w in zip(transforms, widths[1:]):
            text, colour = cells.get((t, e), ("-", "bright_black"))
            parts.append(click.style(text.ljust(w), fg=colour))
        rows.append("  ".join(parts))
    return "\n".join(rows)
