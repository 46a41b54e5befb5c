"""`dodo-cio check [TRANSFORMS...]`: every transform on every fixture, for CI."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..check.junit import write_junit
from ..check.report import format_check, format_github
from ..check.run import run_check
from ..sandbox import Sandbox
from ..terminal import printable_json
from ..transforms import Transform, load_transforms
from .fixtures import fixtures_option, load_checked_fixtures
from .options import build_run_options, run_options, say_engine
from .params import workers_option
from .progress import Progress


@click.command("check")
@click.argument("transforms", nargs=-1, type=click.Path(path_type=Path))
@fixtures_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help=(
        "text for people; json: one JSON document on stdout; "
        "github: GitHub Actions annotations (::error file=…,line=…::)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--junit", "junit", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML to this file."
)
@click.option(
    "--update-snapshots",
    is_flag=True,
    help=(
        "Write <name>.snap.json next to each transform named (for the shipped ones: in the current folder) "
        "with today's output."
    ),
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Run every event even after a transform hits its time or memory limit (default: stop that transform).",
)
@workers_option(help="Sandbox worker processes (default: CPUs, at most 4).")
@run_options
def check(
    transforms: tuple[Path, ...],
    fixture_paths: tuple[Path, ...],
    fmt: str,
    as_json: bool,
    junit: Path | None,
    update_snapshots: bool,
    keep_going: bool,
    workers: int | None,
    **kw: object,
) -> None:
    """Run every transform (default: the shipped ones) on every fixture.

    A transform that hits its time or memory limit stops there (the rest of its events
    would only repeat it); --keep-going runs them all. On a terminal, a progress line shows
    on stderr. Exit status: 0 when nothing failed, 1 when a transform errors, a result has an
    error finding or a snapshot differs, 2 on usage errors.
    """
    fmt = "json" if as_json else fmt
    scripts = load_transforms(transforms)
    fixtures = load_checked_fixtures(fixture_paths)
    options = build_run_options(kw)
    progress = Progress(len(scripts) * len(fixtures), "check", as_json=fmt != "text")
    with Sandbox(workers=workers, limits=options.limits) as sandbox, progress:
        report = run_check(
            sandbox,
            scripts,
            fixtures,
            options=options,
            update_snapshots=update_snapshots,
            keep_going=keep_going,
            snapshot_dir=None if transforms else Path.cwd(),
            on_result=lambda _: progress.advance(),
        )
    say_engine(kw, sandbox)
    if junit:
        write_junit(report, junit)
    if fmt == "json":
        click.echo(printable_json(report.to_json()))
    elif fmt == "github":
        click.echo(format_github(report, _repo_path))
    else:
        click.echo(format_check(report))
    raise SystemExit(report.exit_code)


def _repo_path(transform: Transform) -> str:
    """The file as a GitHub annotation needs it: relative to the working folder (the checkout)."""
    if transform.path is None:
        return transform.name
    relative = os.path.relpath(transform.path)
    return (str(transform.path.resolve()) if relative.startswith("..") else relative).replace(os.sep, "/")
