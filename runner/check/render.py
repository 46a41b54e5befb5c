"""Readable terminal output for results, the check matrix, doctor's report and a delivery (send).

Colour only when the stream is a terminal (click decides); the words carry the meaning, so
piped output and CI logs read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from ..findings import Finding
from ..result import TransformResult
from ..terminal import plural, printable, printable_json, printable_lines, source_excerpt
from ..transforms import Transform

if TYPE_CHECKING:  # the client (httpx) loads only for commands that send
    from ..customerio.client import DeliveryOutcome
    from .doctor import Check, DoctorReport

_STATUS_STYLE = {"routed": "green", "unchanged": "bright_black", "cancelled": "yellow", "error": "red"}
_DOCTOR_MARKS = {
    "ok": ("ok  ", "green"),
    "warn": ("warn", "yellow"),
    "fail": ("FAIL", "red"),
    "skip": ("skip", "bright_black"),
}
_SEVERITY_MARK = {"error": ("✗ error  ", "red"), "warning": ("! warning", "yellow"), "info": ("· info   ", "cyan")}


def status_word(status: str) -> str:
    return click.style(status, fg=_STATUS_STYLE.get(status), bold=status == "error")


def format_findings(findings: Sequence[Finding]) -> list[str]:
    out = []
    for f in findings:
        label, colour = _SEVERITY_MARK[f.severity]
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
        lines.extend("  " + s for s in printable_json(w["payload"]).splitlines())
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
    text = (
        result.status if result.status != "error" else printable(f"error:{result.error.kind if result.error else '?'}")
    )
    if errors:
        text += f" ✗{errors}"
    if warnings:
        text += f" !{warnings}"
    colour = "red" if result.status == "error" or errors else _STATUS_STYLE[result.status]
    return text, colour


def format_matrix(results: Sequence[TransformResult], transforms: Sequence[str], events: Sequence[str]) -> str:
    """Event types down, transforms across; each cell the status and finding counts."""
    by_key = {(printable(r.transform), printable(r.fixture)): r for r in results}
    transforms, events = [printable(t) for t in transforms], [printable(e) for e in events]
    widths = [max(len("event"), *(len(e) for e in events))]
    cells: dict[tuple[str, str], tuple[str, str]] = {k: _cell(r) for k, r in by_key.items()}
    for t in transforms:
        widths.append(max(len(t), *(len(cells[(t, e)][0]) for e in events if (t, e) in cells)))
    header = "  ".join(click.style(h.ljust(w), bold=True) for h, w in zip(["event", *transforms], widths, strict=True))
    rows = [header]
    for e in events:
        parts = [e.ljust(widths[0])]
        for t, w in zip(transforms, widths[1:], strict=True):
            text, colour = cells.get((t, e), ("-", "bright_black"))
            parts.append(click.style(text.ljust(w), fg=colour))
        rows.append("  ".join(parts))
    return "\n".join(rows)


def format_send(result: TransformResult, script: Transform, outcome: DeliveryOutcome | None, reason: str | None) -> str:
    """`dodo-cio send`'s report: the transform's result, then the delivery or why there was none."""
    if outcome is None:
        return "\n".join(
            [
                format_result(result, script),
                "",
                click.style("not sent: ", fg="yellow", bold=True) + printable(reason or ""),
            ]
        )
    # The request below is what was sent; the transform's output would print the body twice.
    return "\n".join([format_result(replace(result, webhook=None), script), "", _format_outcome(outcome)])


def _format_outcome(outcome: DeliveryOutcome) -> str:
    """The request as sent (credentials masked) and Customer.io's answer."""
    req = outcome.request
    title = "Request" if outcome.attempts else "Request (refused, not sent)"
    lines = [click.style(title, bold=True), printable(f"  {req.get('method', '')} {req.get('url', '')}")]
    if req.get("requested_url"):
        lines.append(printable(f"  (the transform's url: {req['requested_url']})"))
    lines += [printable(f"  {name}: {value}") for name, value in (req.get("headers") or {}).items()]
    if req.get("body") is not None:
        lines += ["  " + s for s in printable_json(req["body"]).splitlines()]
    attempts = plural(outcome.attempts, "attempt")
    if len(outcome.tries) > 1:  # a retried delivery: what each attempt got and how long we waited
        lines += ["", click.style("Attempts", bold=True)]
        for n, t in enumerate(outcome.tries, 1):
            got = str(t["status"]) if t["status"] is not None else "---"
            why = f"  {printable(t['error'])}" if t["error"] else ""
            then = f"; retried after {t['retry_in']:g} s" if t["retry_in"] is not None else ""
            lines.append(f"  {n}. [{got}] {t['duration_ms']:.0f} ms{why}{then}")
    if outcome.attempts:
        lines += ["", click.style("Response", bold=True)]
    if outcome.status is not None:
        lines.append(f"  {outcome.status}  in {outcome.duration_ms:.1f} ms ({attempts})")
        if outcome.body not in (None, ""):
            body = printable_lines(outcome.body) if isinstance(outcome.body, str) else printable_json(outcome.body)
            lines += ["  " + s for s in body.splitlines()]
    elif outcome.attempts:
        lines.append(f"  no response in {outcome.duration_ms:.1f} ms ({attempts})")
    lines.append("")
    if outcome.ok:
        lines.append(click.style("delivered", fg="green", bold=True))
    else:
        kind = "retryable" if outcome.retryable else "permanent"
        lines.append(click.style(f"failed ({kind}): ", fg="red", bold=True) + printable(outcome.error))
    return "\n".join(lines)


def format_doctor_check(check: Check) -> list[str]:
    """A check's line, its details and (when it did not pass) its fix; `--verbose` shows the
    sandbox engine this way too, so it reads the same as in `doctor`."""
    mark, colour = _DOCTOR_MARKS[check.status]
    lines = [f"[{click.style(mark, fg=colour, bold=check.status == 'fail')}] {check.name}: {check.message}"]
    lines += [f"         {d}" for d in check.details]
    if check.fix and check.status in ("warn", "fail"):
        lines.append(f"         fix: {check.fix}")
    return lines


def format_doctor_report(report: DoctorReport) -> str:
    """One line per check with its details and fix, then the tally."""
    lines = [line for check in report.checks for line in format_doctor_check(check)]
    fails = sum(c.status == "fail" for c in report.checks)
    warns = sum(c.status == "warn" for c in report.checks)
    lines += ["", f"{fails} failed, {plural(warns, 'warning')}, {plural(len(report.checks), 'check')}"]
    return "\n".join(lines)
