"""`dodo-cio run TRANSFORM --event TYPE | --payload FILE`: one transform, one event."""

from __future__ import annotations

from pathlib import Path

import click

from ..check.render import format_result
from ..pipeline import run_event
from ..sandbox import Sandbox
from ..terminal import printable_json
from ..transforms import load_transform
from .fixtures import chosen_event, event_options
from .options import build_run_options, run_options, say_engine


@click.command("run")
@click.argument("transform", type=click.Path(path_type=Path))
@event_options
@click.option(
    "--json", "as_json", is_flag=True, help="Print the result as one JSON document, and nothing else, on stdout."
)
@run_options
def run(
    transform: Path,
    event: str | None,
    payload: Path | None,
    fixture_paths: tuple[Path, ...],
    as_json: bool,
    **kw: object,
) -> None:
    """Run TRANSFORM on one event and show what it would send.

    Exits 1 when the transform fails or its result has an error finding.
    """
    fixture = chosen_event(event, payload, fixture_paths, "run")
    script = load_transform(transform)
    options = build_run_options(kw)
    with Sandbox(workers=1, limits=options.limits) as sandbox:
        result = run_event(sandbox, script, fixture.envelope, fixture=fixture.name, options=options)
    say_engine(kw, sandbox)
    if as_json:
        click.echo(printable_json(result.to_json()))
    else:
        click.echo(format_result(result, script))
    raise SystemExit(0 if result.ok else 1)
