"""`dodo-cio editor [TRANSFORMS_DIR]`: the dashboard's edit, sample, Test and Create flow, locally."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Any

import click

from ..customerio.credentials import Credentials
from ..fixtures import load_fixtures
from ..terminal import plural
from .fixtures import fixtures_option
from .options import build_limits, customerio_url_option, limit_options
from .params import port_option, workers_option


@click.command("editor")
@click.argument("transforms_dir", required=False, default="transforms", type=click.Path(path_type=Path))
@port_option(8790, help="Port on 127.0.0.1 (0 picks a free one). The editor never listens beyond this machine.")
@click.option("--open", "open_browser", is_flag=True, help="Open the editor in the default browser.")
@workers_option(help="Sandbox worker processes (default: CPUs, at most 4).")
@fixtures_option
@customerio_url_option
@limit_options
def editor(
    transforms_dir: Path,
    port: int,
    open_browser: bool,
    workers: int | None,
    fixture_paths: tuple[Path, ...],
    customerio_url: str | None,
    **limits: Any,
) -> None:
    """Open the local transformation editor in a browser.

    TRANSFORMS_DIR (default ./transforms) is where Save writes .js files; it is created on
    the first save. Customer.io credentials come from CUSTOMERIO_SITE_ID, CUSTOMERIO_API_KEY
    and CUSTOMERIO_REGION, or from the page; they are kept in memory only. "Send test" to
    Customer.io goes to --customerio-url (DODO_CIO_CUSTOMERIO_URL) when given, as `send` does;
    the page's local emulator URL, when picked, wins over it.
    """
    from ..editor import create_app
    from ..editor.server import bind_editor, serve_editor

    app = create_app(
        transforms_dir,
        limits=build_limits(limits),
        workers=workers,
        credentials=Credentials.from_env(),
        customerio_url=customerio_url,
        fixtures=load_fixtures(fixture_paths),
    )
    sock = bind_editor(port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    state = app.state.editor
    click.echo(f"dodo-cio editor: {url}")
    click.echo(
        f"  transforms: {state.workspace.directory}"
        + ("" if state.workspace.directory.is_dir() else " (created on first save)")
    )
    click.echo(f"  samples:    {plural(len(state.fixtures), 'event')}")
    if customerio_url:
        click.echo(f"  send test:  {customerio_url} (instead of Customer.io)")
    click.echo("  Ctrl+C stops it.")
    if open_browser and not _open_browser(url):
        click.echo(f"  no browser could be opened here: open {url} yourself (or set BROWSER to the one to use)")
    serve_editor(app, sock)
    click.echo("dodo-cio editor: stopped")


def _open_browser(url: str) -> bool:
    """True when a browser was started; on a server or in a container there is often none."""
    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
