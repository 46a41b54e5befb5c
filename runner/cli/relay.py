"""`dodo-cio relay`: receive signed Dodo webhooks, store them durably, deliver them transformed."""

from __future__ import annotations

import asyncio

import click

from ..relay.config import DEFAULT_DB, DEFAULT_PORT, build_config
from ..relay.server import Relay, bind, serve


@click.command("relay")
@click.argument("transforms", nargs=-1, type=click.Path(dir_okay=True))
@click.option("--port", type=click.IntRange(0, 65535), default=None, help=f"Port to listen on (default {DEFAULT_PORT}; 0 picks a free one).")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--db", default=None, help=f"The outbox: an SQLite file (default {DEFAULT_DB}), or a postgresql:// URL shared by several relays "
              "(also $DODO_CIO_DATABASE_URL).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, help="TOML file with [relay] settings and [[endpoint]] tables.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Also deliver to this host (repeatable). Customer.io's Track hosts are always allowed.")
@click.option("--customerio-url", default=None, help="Send Customer.io Track requests here instead (e.g. the emulator's URL).")
@click.option("--insecure-skip-verify", "skip_verify", is_flag=True, default=None, help="Accept unsigned webhooks. Local experiments only.")
@click.option("--dry-run", is_flag=True, default=None, help="Transform and validate, but send nothing.")
@click.option("--log-format", type=click.Choice(["text", "json", "quiet"]), default=None, help="Terminal lines, JSON lines, or quiet (no line per event; problems still shown).")
@click.option("--retry-schedule", default=None, help="Comma-separated delays before each attempt (default Svix's: 0,5s,5m,30m,2h,5h,10h,10h).")
@click.option("--time-limit", default=None, help="CPU time per transform run (default 1s).")
def relay(transforms: tuple[str, ...], config_file: str | None, **flags: object) -> None:
    """Receive signed Dodo webhooks on POST /webhooks/dodo and deliver them through TRANSFORMS.

    Each transform is one Dodo endpoint; every event goes to all of them. An event is
    acknowledged only once it is committed to the outbox, then transformed and delivered
    from there, with Dodo's retry schedule, in order per Customer.io person, across restarts.

    Environment: DODO_PAYMENTS_WEBHOOK_KEY (the endpoint's whsec_ signing secret; several,
    space-separated, during a rotation), CUSTOMERIO_SITE_ID, CUSTOMERIO_API_KEY,
    CUSTOMERIO_REGION (us or eu).
    """
    config = build_config(transforms, config_file=config_file, **flags)
    sock = bind(config.host, config.port)
    try:
        asyncio.run(serve(Relay(config), sock))
    finally:
        sock.close()

