"""`dodo-cio fixtures list|show`: see which sample events exist and what they contain."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import UserError
from ..fixtures import Fixture, find_fixture, load_fixtures, load_payload_file, unknown_type_warning
from ..terminal import printable, printable_json

fixtures_option = click.option(
    "--fixtures",
    "fixture_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Your own event files or folders (every *.json inside) instead of the shipped samples; repeatable.",
)


def event_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`--event` or `--payload` (and `--fixtures`, where `--event` looks): the one event of `run`
    and `send`, read by `chosen_event`."""
    fn = fixtures_option(fn)
    fn = click.option(
        "--payload",
        "-p",
        "payload",
        type=click.Path(path_type=Path),
        help="Your own event file: a Dodo envelope as JSON.",
    )(fn)
    return click.option(
        "--event", "-e", "event", metavar="TYPE", help="A sample event by type or fixture name, e.g. payment.succeeded."
    )(fn)


def chosen_event(event: str | None, payload: Path | None, fixture_paths: tuple[Path, ...], command: str) -> Fixture:
    """The one event `run` and `send` take: a sample by type or name, or the user's file.

    A file whose `type` is not one of Dodo's gets a warning on stderr: transforms branch on
    the type, so a typo would otherwise pass as `unchanged`.
    """
    if bool(event) == bool(payload):
        raise UserError(
            "give exactly one of --event TYPE or --payload FILE",
            fix=f"e.g. dodo-cio {command} transforms/track_payments.js --event payment.succeeded",
        )
    if event:
        fixture = find_fixture(event, load_fixtures(fixture_paths) if fixture_paths else None)
    else:
        assert payload is not None  # exactly one of the two, and not event
        fixture = load_payload_file(payload)
    warn_unknown_type(fixture.event_type, fixture.path)
    return fixture


def load_checked_fixtures(fixture_paths: tuple[Path, ...]) -> list[Fixture]:
    """`--fixtures`' events (default: the shipped ones) for `check` and `doctor`, with a warning
    on stderr, once per file, for each whose `type` is not one of Dodo's: every transform
    would pass it as `unchanged`, and a green run over a typo proves nothing."""
    found = load_fixtures(fixture_paths)
    for path, event_type in dict.fromkeys((f.path, f.event_type) for f in found):
        warn_unknown_type(event_type, path)
    return found


def warn_unknown_type(event_type: str, path: Path | None = None) -> None:
    """The warning on stderr (stdout stays the command's report), naming the file when there is one."""
    warning = unknown_type_warning(event_type)
    if warning:
        where = f"{_shown(path)}: " if path is not None else ""
        click.echo(printable(f"warning: {where}{warning}"), err=True)


@click.group("fixtures")
def fixtures() -> None:
    """List and show the sample Dodo events."""


@fixtures.command("list")
@fixtures_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_(fixture_paths: tuple[Path, ...], as_json: bool) -> None:
    """One line per sample event: event type, family and file."""
    found = load_fixtures(fixture_paths)
    if as_json:
        rows = [{"name": f.name, "event_type": f.event_type, "family": f.family, "path": _shown(f.path)} for f in found]
        click.echo(printable_json(rows))
        return
    table = [("EVENT TYPE", "FAMILY", "FILE")] + [(f.event_type, f.family or "-", _shown(f.path)) for f in found]
    widths = [max(len(row[i]) for row in table) for i in range(2)]
    for event_type, family, path in table:
        click.echo(f"{event_type:<{widths[0]}}  {family:<{widths[1]}}  {path}")


@fixtures.command("show")
@click.argument("name")
@fixtures_option
def show(name: str, fixture_paths: tuple[Path, ...]) -> None:
    """Print one sample event (by event type or file name) as JSON."""
    fixture = find_fixture(name, load_fixtures(fixture_paths))
    click.echo(printable_json(fixture.envelope))


def _shown(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path.resolve()) if relative.startswith("..") else relative
