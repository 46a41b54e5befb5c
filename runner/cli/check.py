"""`dodo-cio check [TRANSFORMS...]`: every transform on every fixture, for CI."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..check.run import run_check
from ..fixtures import load_fixtures
from ..check.junit import write_junit
from ..check.render import format_findings, format_matrix, status_word
from ..sandbox import Sandbox
from ..terminal import printable, printable_lines
from ..transforms import load_transforms
from .fixtures import fixtures_option
from .options import build_run_options, run_options


@click.command("check")
@click.argument("transforms", nargs=-1, type=click.Path(path_type=Path))
@fixtures_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (results and summary) and nothing else on stdout.")
@click.option("--junit", "junit", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML to this file.")
@click.option("--update-snapshots", is_flag=True, help="Write <name>.snap.json next to each transform with today's output.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Sandbox worker processes (default: CPU count, at most 4).")
@run_options
def check(transforms: tuple[Path, ...], fixture_paths: tuple[Path, ...], as_json: bool, junit: Path | None, update_snapshots: bool, workers: int | None, **kw: object) -> None:
    """Run every transform (default: the shipped ones) on every fixture.

    Exit status: 0 when nothing failed, 1 when a transform errors, a result has an error
    finding or a snapshot differs, 2 on usage errors.
    """
    scripts = load_transforms(transforms)
    fixtures = load_fixtures(fixture_paths)
    options = build_run_options(kw)
    with Sandbox(workers=workers, limits=options.limits) as sandbox:
        report = run_check(sandbox, scripts, fixtures, options=options, update_snapshots=update_snapshots)
    if junit:
        write_junit(report, junit)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        raise SystemExit(report.exit_code)
    click.echo(format_matrix(report.results, [t.name for t in scripts], [f.name for f in fixtures]))
    for r in report.results:
        shown = [f for f in r.findings if f.severity == "error"] if r.status != "error" else []
        if r.error or shown:
            click.echo("")
            click.echo(f"{click.style(printable(r.transform), bold=True)} × {printable(r.fixture)}  →  {status_word(r.status)}")
            if r.error:
                where = f"{r.transform}:{r.error.line}:{r.error.column}: " if r.error.line else ""
                click.echo(printable(f"  {r.error.kind}: {where}{r.error.message}"))
                if r.error.hint:
                    click.echo(printable(f"  fix: {r.error.hint}"))
            for line in format_findings(shown):
                click.echo(line)
    warned = [(r, f) for r in report.results for f in r.findings if f.severity == "warning"]
    if warned:
        click.echo("")
        click.echo(click.style("Warnings", bold=True))
        for r, f in warned:
            click.echo(f"  {click.style('!', fg='yellow')} " + printable(f"{r.transform} × {r.fixture}: {f.code} {f.path}: {f.message}"))
            if f.fix:
                click.echo(printable(f"      fix: {f.fix}"))
    for m in report.mismatches:
        click.echo("")
        click.echo(click.style(printable(f"snapshot differs: {m.transform} × {m.fixture}"), fg="red", bold=True))
        click.echo(printable_lines(m.diff) if m.diff else "  no snapshot entry for this fixture; run `dodo-cio check --update-snapshots`")
    for path in report.written:
        click.echo(printable(f"wrote {path}"))
    s = report.summary()
    verdict = click.style("ok", fg="green", bold=True) if report.exit_code == 0 else click.style("FAILED", fg="red", bold=True)
    click.echo("")
    click.echo(
        f"{verdict}: {s['results']} runs ({s['transforms']} transforms × {s['fixtures']} fixtures): "
        f"{s['routed']} routed, {s['unchanged']} unchanged, {s['cancelled']} cancelled, {s['errors']} errors; "
        f"{s['error_findings']} error findings, {s['warnings']} warnings"
        + (f"; {s['snapshot_mismatches']} snapshot differences" if s["snapshot_mismatches"] else "")
    )
    raise SystemExit(report.exit_code)
