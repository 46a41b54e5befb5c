"""`dodo-cio emulator`: a local Customer.io Track API for trying transforms and clients."""

from __future__ import annotations

from typing import Any

import click

from .. import envvars
from ..emulator.config import EmulatorConfig
from ..emulator.faults import Fault, FaultPlan, parse_fault
from ..emulator.requestlog import format_banner, format_request
from ..emulator.server import serve_forever
from .params import Duration, Parsed, Region, port_option


@click.command("emulator")
@port_option(8791, help="Port on the loopback host (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option(
    "--site-id",
    default=None,
    envvar=envvars.SITE_ID,
    show_envvar=True,
    help="Site ID clients must send (default: the demo one).",
)
@click.option(
    "--api-key",
    default=None,
    envvar=envvars.API_KEY,
    show_envvar=True,
    help="Track API key clients must send (default: the demo one; prefer the variable, options show in ps).",
)
@click.option(
    "--region",
    type=Region(),
    default="us",
    show_default=True,
    envvar=envvars.REGION,
    show_envvar=True,
    help="What /api/v1/accounts/region reports.",
)
@click.option("--quiet", "-q", is_flag=True, help="No line per request.")
@click.option(
    "--fail-ratio", type=click.FloatRange(0, 1), default=0.0, help="Share of API requests answered 503 (seeded)."
)
@click.option("--fail-every", type=click.IntRange(0), default=0, help="Every Nth API request answers 503.")
@click.option("--seed", type=int, default=0, help="Seed for --fail-ratio.")
@click.option(
    "--latency", type=Duration(), default="0", help="Delay added to every API request, e.g. 250ms (to the millisecond)."
)
@click.option("--rate-limit", type=click.FloatRange(0), default=0, help="API requests per second before 429 (0 = off).")
@click.option(
    "--retry-after",
    type=Duration(),
    default="1s",
    show_default=True,
    help="Retry-After on rate-limit 429s, e.g. 2s.",
)
@click.option("--no-retry-after", is_flag=True, help="Send rate-limit 429s without a Retry-After header.")
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="SPEC",
    type=Parsed("SPEC", parse_fault),
    help=(
        "One-shot faults for the next requests, in order: "
        "503*3 (5xx burst), 429, 429@2s (Retry-After 2), drop, drop-after, timeout@40s."
    ),
)
@click.option(
    "--tls-cert",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="PEM",
    help="Serve https with this certificate (with --tls-key), for clients that only speak https.",
)
@click.option(
    "--tls-key", type=click.Path(dir_okay=False), default=None, metavar="PEM", help="The certificate's private key."
)
def emulator(
    port: int,
    host: str,
    site_id: str | None,
    api_key: str | None,
    region: str,
    fail_ratio: float,
    fail_every: int,
    seed: int,
    latency: float,
    rate_limit: float,
    retry_after: float,
    no_retry_after: bool,
    faults: tuple[list[Fault], ...],
    tls_cert: str | None,
    tls_key: str | None,
    quiet: bool,
) -> None:
    """Serve a local Customer.io Track API emulator: every route of the Track API spec.

    Clients authenticate with HTTP Basic (Site ID : API key). Without options or
    CUSTOMERIO_SITE_ID / CUSTOMERIO_API_KEY, the demo credentials apply:

    \b
      site id  dodo-cio-demo-site
      api key  dodo-cio-demo-track-key

    State is at /_emulator/state, /_emulator/people[/ID] and /_emulator/requests;
    POST /_emulator/reset clears it; POST /_emulator/faults sets faults, e.g.
    {"queue": ["503*3", "429@2", "drop"], "latency_ms": 50}.
    """
    plan = FaultPlan(
        fail_ratio=fail_ratio,
        fail_every=fail_every,
        seed=seed,
        latency_ms=round(latency * 1000),
        rate_limit=rate_limit,
        retry_after=None if no_retry_after else retry_after,
        queue=[f for spec in faults for f in spec],
    )
    config = EmulatorConfig.from_env(
        site_id=site_id,
        api_key=api_key,
        region=region,
        host=host,
        port=port,
        faults=plan,
        log_level="warning",
        tls_cert=tls_cert,
        tls_key=tls_key,
    )
    config.check()

    def show(entry: dict[str, Any]) -> None:
        try:
            click.echo(format_request(entry))
        except (OSError, ValueError):  # a closed terminal must not fail the request
            pass

    serve_forever(config, lambda base_url: click.echo(format_banner(config, base_url)), None if quiet else show)
