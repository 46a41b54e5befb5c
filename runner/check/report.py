"""How `dodo-cio check` reads on a terminal and in GitHub Actions.

Repeats are folded (`fold`): one transform failing the same way on 48 events is one block
marked "× 48 events", the same warning on many events one line, so a broken transform costs
a screen, not 1,285 lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import click

from ..findings import Finding
from ..result import MEMORY, TIMEOUT, TransformResult
from ..terminal import plural, printable, printable_lines
from .fold import error_key, events, fold, general, who
from .render import format_findings, format_matrix, status_word
from .run import CheckReport

_LIMIT_WORDS = {TIMEOUT: "time", MEMORY: "memory"}


def _problem_lines(r: TransformResult) -> tuple[list[str], tuple[Any, ...]]:
    """(lines to print, the key repeats fold on) for one result's error and error findings."""
    lines: list[str] = []
    key: list[Any] = []
    if r.error:
        e = r.error
        where = f"{printable(r.transform)}:{e.line}:{e.column}: " if e.line else ""
        lines.append(f"  {e.kind}: {where}{printable(e.message)}")
        if e.hint:
            lines.append(f"  fix: {printable(e.hint)}")
        key.append(error_key(r))
    errors = [f for f in r.findings if f.severity == "error"] if r.status != "error" else []
    found = format_findings(errors)
    lines += found
    key += [general(line, r) for line in found]
    return lines, tuple(key)


def _grouped(results: Iterable[TransformResult]) -> list[tuple[list[str], list[TransformResult]]]:
    """Results with a problem, grouped per transform by identical problem, in first-seen order.

    A group of several shows its text with the event type generalised to <event>."""
    problems = ((r, *_problem_lines(r)) for r in results)
    groups = fold((r, key, lines) for r, lines, key in problems if lines)
    return [([general(line, rs[0]) for line in lines] if len(rs) > 1 else lines, rs) for lines, rs in groups]


def _warnings(report: CheckReport) -> list[tuple[Finding, list[TransformResult]]]:
    """Each distinct warning of each transform once, with the events it came from."""
    warned = fold(
        ((r, (f.code, f.path, general(f.message, r), general(f.fix, r)), f))
        for r in report.results
        for f in r.findings
        if f.severity == "warning"
    )
    return [(_generalised(f, rs), rs) for f, rs in warned]


def _generalised(f: Finding, results: list[TransformResult]) -> Finding:
    if len(results) == 1:
        return f
    return replace(f, message=general(f.message, results[0]), fix=general(f.fix, results[0]))


def format_check(report: CheckReport) -> str:
    """The matrix, each distinct problem once, warnings, snapshot diffs, and the verdict."""
    out = [format_matrix(report.results, [t.name for t in report.transforms], [f.name for f in report.fixtures])]
    for lines, results in _grouped(report.results):
        first = results[0]
        out += [
            "",
            f"{click.style(printable(first.transform), bold=True)} × {who(results)}  →  {status_word(first.status)}",
            *lines,
        ]
    for name, hit in report.stopped.items():
        skipped = sum(1 for _ in report.fixtures) - sum(r.transform == name for r in report.results)
        out += [
            "",
            click.style(
                f"{printable(name)}: stopped after {printable(hit.fixture or hit.event_type)} hit the "
                f"{_LIMIT_WORDS.get(hit.error.kind if hit.error else '', 'time')} limit; "
                f"{plural(skipped, 'event')} not run (shown as -); --keep-going runs them all",
                fg="yellow",
            ),
        ]
    warned = _warnings(report)
    if warned:
        out += ["", click.style("Warnings", bold=True)]
        for f, results in warned:
            out.append(
                f"  {click.style('!', fg='yellow')} {printable(results[0].transform)} × {who(results)}: "
                f"{f.code} {printable(f.path)}: {printable(f.message)}"
            )
            if f.fix:
                out.append(f"      fix: {printable(f.fix)}")
    for m in report.mismatches:
        out += ["", click.style(printable(f"snapshot differs: {m.transform} × {m.fixture}"), fg="red", bold=True)]
        out.append(
            printable_lines(m.diff)
            if m.diff
            else "  no snapshot entry for this fixture; run `dodo-cio check --update-snapshots`"
        )
    if report.written:
        folders = sorted({str(p.parent.resolve()) for p in report.written})
        out += [
            "",
            printable(
                f"wrote {plural(len(report.written), 'snapshot')} in {', '.join(folders)}: "
                + ", ".join(p.name for p in report.written)
            ),
        ]
    out += ["", verdict(report)]
    return "\n".join(out)


def verdict(report: CheckReport) -> str:
    s = report.summary()
    word = (
        click.style("ok", fg="green", bold=True)
        if report.exit_code == 0
        else click.style("FAILED", fg="red", bold=True)
    )
    text = (
        f"{word}: {plural(s['results'], 'run')} "
        f"({plural(s['transforms'], 'transform')} × {plural(s['fixtures'], 'fixture')}): "
        f"{s['routed']:,} routed, {s['unchanged']:,} unchanged, {s['cancelled']:,} cancelled, "
        f"{plural(s['errors'], 'error')}; "
        f"{plural(s['error_findings'], 'error finding')}, {plural(s['warnings'], 'warning')}"
    )
    if s["not_run"]:
        text += f"; {s['not_run']:,} not run"
    if s["snapshot_mismatches"]:
        text += f"; {plural(s['snapshot_mismatches'], 'snapshot difference')}"
    return text


# -- GitHub Actions ------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    """A workflow command's data: its own escapes for %, CR and LF, then the terminal's for the rest."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(level: str, file: str, line: int | None, col: int | None, title: str, message: str) -> str:
    props = [f"file={_escape_property(file)}"]
    if line:
        props.append(f"line={line}")
    if col:
        props.append(f"col={col}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def format_github(report: CheckReport, display_path) -> str:
    """GitHub Actions workflow commands: each distinct problem once, on the transform's line.

    `display_path(transform)` is the file as the repository names it (relative to the
    working folder), so the annotation lands on the pull request's diff.
    """
    paths = {t.name: display_path(t) for t in report.transforms}
    out = []
    for _lines, results in _grouped(report.results):
        r = results[0]
        on = (
            f" ({plural(len(results), 'event')}: {events(results, 5)})"
            if len(results) > 1
            else f" ({r.fixture or r.event_type})"
        )
        if r.error:
            e = r.error
            message = f"{e.message}" + (f"\nfix: {e.hint}" if e.hint else "")
            out.append(_annotation("error", paths[r.transform], e.line, e.column, f"dodo-cio: {e.kind}{on}", message))
        for f in (f for f in r.findings if f.severity == "error"):
            message = f"{f.path}: {f.message}" + (f"\nfix: {f.fix}" if f.fix else "")
            out.append(_annotation("error", paths[r.transform], None, None, f"dodo-cio: {f.code}{on}", message))
    for f, results in _warnings(report):
        on = f" ({plural(len(results), 'event')}: {events(results, 5)})"
        out.append(
            _annotation(
                "warning",
                paths[results[0].transform],
                None,
                None,
                f"dodo-cio: {f.code}{on}",
                f"{f.path}: {f.message}" + (f"\nfix: {f.fix}" if f.fix else ""),
            )
        )
    for m in report.mismatches:
        out.append(
            _annotation(
                "error",
                paths.get(m.transform, m.transform),
                None,
                None,
                f"dodo-cio: snapshot differs ({m.fixture})",
                m.diff or "no snapshot entry; run dodo-cio check --update-snapshots",
            )
        )
    out.append(_escape_data(click.unstyle(verdict(report))))
    return "\n".join(out)
