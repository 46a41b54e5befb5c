"""`dodo-cio doctor [TRANSFORMS...]`: check credentials, region and transforms against Customer.io."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..check.doctor import run_doctor
from ..check.render import format_doctor_report
from ..customerio.credentials import Credentials
from ..errors import UserError
from ..terminal import printable_json
from ..transforms import load_transforms
from .fixtures import fixtures_option, load_checked_fixtures
from .options import customerio_options, load_credentials
from .progress import Progress


@click.command("doctor")
@click.argument("transforms", nargs=-1, type=click.Path(path_type=Path))
@fixtures_option
@customerio_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON document on stdout.")
@click.option(
    "--keep-going",
    is_flag=True,
    help="Run every event even after a transform hits its time or memory limit (default: stop that transform).",
)
def doctor(
    transforms: tuple[Path, ...], fixture_paths: tuple[Path, ...], as_json: bool, keep_going: bool, **kw: Any
) -> None:
    """Check what can go wrong between your transforms and Customer.io.

    Credentials present and accepted, region, identifiers, request structure, names and
    attributes, rate limit: each gets ok, warn or FAIL with a fix. TRANSFORMS are files or
    folders (default: the shipped ones); every one runs on every sample event. Exits 1 on any FAIL.
    """
    base_url = kw["customerio_url"]
    credentials: Credentials | None = None
    problem: UserError | None = None
    try:
        credentials = load_credentials(kw)
    except UserError as exc:
        problem = exc
    scripts, fixtures = load_transforms(transforms), load_checked_fixtures(fixture_paths)
    with Progress(len(scripts) * len(fixtures), "doctor", as_json=as_json) as progress:
        report = run_doctor(
            credentials,
            credentials_problem=problem,
            transforms=scripts,
            fixtures=fixtures,
            base_url=base_url,
            rate_limit=kw["rate_limit"],
            keep_going=keep_going,
            on_result=lambda _: progress.advance(),
        )
    click.echo(printable_json(report.to_json()) if as_json else format_doctor_report(report))
    raise SystemExit(0 if report.ok else 1)
