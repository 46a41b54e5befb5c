"""`dodo-cio relay`: receive signed Dodo webhooks, store them durably, deliver them transformed."""

from __future__ import annotations

import asyncio
from typing import Any

import click
from click.core import ParameterSource

from .. import envvars
from ..relay.config import DEFAULT_DB, DEFAULT_PORT, DEFAULTS, LOG_FORMATS, build_config
from ..relay.schedule import RetrySchedule
from ..relay.server import Relay, serve_relay
from ..serving import bind_listener
from ..units import spell_size
from .options import customerio_options, limit_options
from .params import Parsed, port_option, secret_option, workers_option


@click.command(
    "relay",
    help=f"""Receive signed Dodo webhooks on POST /webhooks/dodo and deliver them through TRANSFORMS.

    Each transform is one Dodo endpoint; every event goes to all of them. An event is
    acknowledged only once it is committed to the outbox, then transformed and delivered
    from there, with Dodo's retry schedule, in order per Customer.io person, across restarts.

    Settings come from the options, then the --config file's [relay] table, then the
    environment variables shown, then the defaults (--timeout {DEFAULTS["time_limit_s"]:g}s,
    --memory {spell_size(DEFAULTS["memory_bytes"])}, --stack {spell_size(DEFAULTS["stack_bytes"])},
    --max-result {spell_size(DEFAULTS["result_bytes"])}, --rate-limit {DEFAULTS["rate_limit"]:g},
    --workers {DEFAULTS["sandbox_workers"]}).
    """,
)
@click.argument("transforms", nargs=-1, type=click.Path(dir_okay=True))
@port_option(None, help=f"Port to listen on (default {DEFAULT_PORT}; 0 picks a free one).")
@click.option("--host", default=None, help=f"Address to listen on (default {DEFAULTS['host']}).")
@click.option(
    "--db",
    default=None,
    envvar=envvars.DATABASE_URL,
    show_envvar=True,
    help=f"The outbox: an SQLite file (default {DEFAULT_DB}), or a postgresql:// URL shared by several relays.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="TOML file with [relay] settings and [[endpoint]] tables.",
)
@secret_option(
    help="The endpoint's whsec_ signing secret; several separated by spaces while rotating (prefer the variable)."
)
@customerio_options(defaults=False)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    help="Also deliver to this host (repeatable). Customer.io's Track hosts are always allowed.",
)
@click.option(
    "--insecure-skip-verify",
    "skip_verify",
    is_flag=True,
    default=None,
    help="Accept unsigned webhooks. Local experiments only.",
)
@click.option("--dry-run", is_flag=True, default=None, help="Transform and validate, but send nothing.")
@click.option(
    "--log-format",
    type=click.Choice(LOG_FORMATS),
    default=None,
    help="Terminal lines, JSON lines, or quiet (no line per event; problems still shown).",
)
@click.option(
    "--retry-schedule",
    type=Parsed("DELAYS", RetrySchedule.parse),
    default=None,
    help="Comma-separated delays before each attempt (default Svix's: 0,5s,5m,30m,2h,5h,10h,10h).",
)
@workers_option(help=f"Sandbox worker processes per endpoint (default {DEFAULTS['sandbox_workers']}).")
@limit_options(defaults=False)
def relay(transforms: tuple[str, ...], config_file: str | None, **flags: Any) -> None:
    """The help text is built above from the defaults, which RelayConfig declares once."""
    # A variable ranks below the TOML file, so values click took from the environment are
    # left for build_config, which reads the environment in its place in the order.
    ctx = click.get_current_context()
    flags = {k: v for k, v in flags.items() if ctx.get_parameter_source(k) is not ParameterSource.ENVIRONMENT}
    config = build_config(transforms, config_file=config_file, **flags)
    sock = bind_listener(config.host, config.port)
    try:
        asyncio.run(serve_relay(Relay(config), sock))
    finally:
        sock.close()
