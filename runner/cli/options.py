"""Options shared by the commands: one name, one type and one variable for each setting everywhere.

run, check, send, doctor, editor and relay take the same sandbox limits; send, doctor and
relay the same Customer.io options. The relay's defaults live in its configuration (a flag
there only overrides the TOML file), so its options default to None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .. import envvars
from ..customerio.client import DOCUMENTED_RATE_LIMIT
from ..customerio.credentials import Credentials
from ..pipeline import RunOptions
from ..sandbox import Limits, Sandbox
from ..units import iso_z, spell_size
from ..webhook import DEFAULT_ENDPOINT_URL, Endpoint
from .params import Duration, HttpUrl, KeyValue, Moment, Region, Size

# The ranges Limits accepts, checked while parsing so the error names the option.
TIMEOUT = Duration(high=600)
MEMORY = Size(1 << 20, 4 << 30)
_STACK = Size(16 << 10, 64 << 20)
_MAX_RESULT = Size(1 << 10, 256 << 20)


def limit_options(fn: Callable[..., Any] | None = None, *, defaults: bool = True) -> Callable[..., Any]:
    """--timeout, --memory, --stack, --max-result: the per-event sandbox limits."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        def show(default: float) -> dict[str, Any]:  # a size shows as 32MiB, as it is written
            shown = spell_size(default) if isinstance(default, int) else default
            return {"default": shown, "show_default": True} if defaults else {"default": None}

        fn = click.option(
            "--max-result",
            type=_MAX_RESULT,
            help="Largest result per event: the returned webhook as JSON (e.g. 1MiB).",
            **show(Limits.result_bytes),
        )(fn)
        fn = click.option(
            "--stack", type=_STACK, help="Stack limit per event (e.g. 1MiB).", **show(Limits.stack_bytes)
        )(fn)
        fn = click.option(
            "--memory", type=MEMORY, help="Memory limit per event (e.g. 32MiB).", **show(Limits.memory_bytes)
        )(fn)
        fn = click.option(
            "--timeout", type=TIMEOUT, help="CPU time limit per event (seconds, or 500ms, 2s).", **show(Limits.time_s)
        )(fn)
        return fn

    return wrap(fn) if fn is not None else wrap


def run_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Limits plus determinism, env variables, the endpoint URL and --verbose."""
    fn = click.option(
        "--verbose",
        "-v",
        is_flag=True,
        help="Also say on stderr which sandbox engine ran the events, and why, when it is the slower fallback.",
    )(fn)
    fn = click.option("--no-hints", is_flag=True, help="Don't report reads of fields the event does not have.")(fn)
    fn = click.option(
        "--endpoint-url",
        type=HttpUrl(full=True),
        default=DEFAULT_ENDPOINT_URL,
        show_default=False,
        help="The endpoint URL that webhook.url starts as.",
    )(fn)
    fn = click.option(
        "--env",
        "env",
        multiple=True,
        type=KeyValue(),
        metavar="KEY=VALUE",
        help="A read-only variable in webhook.env (repeatable).",
    )(fn)
    fn = click.option("--seed", type=int, default=None, help="Seed for Math.random (default 1 with --now).")(fn)
    fn = click.option(
        "--now",
        type=Moment(),
        default=None,
        metavar="ISO-TIME",
        help="Freeze Date.now() and new Date(), e.g. 2026-01-15T12:00:00Z.",
    )(fn)
    return limit_options(fn)


def customerio_options(fn: Callable[..., Any] | None = None, *, defaults: bool = True) -> Callable[..., Any]:
    """Where to send and with which credentials: send, doctor and relay."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option(
            "--rate-limit",
            type=click.FloatRange(0),
            default=DOCUMENTED_RATE_LIMIT if defaults else None,
            show_default=defaults,
            envvar=envvars.RATE_LIMIT,
            show_envvar=True,
            help=(
                "Client-side limit in requests per second (0: none). "
                f"Customer.io documents {DOCUMENTED_RATE_LIMIT:.0f}."
            ),
        )(fn)
        fn = click.option(
            "--region",
            type=Region(),
            default=None,
            envvar=envvars.REGION,
            show_envvar=True,
            help="Workspace region [default: us].",
        )(fn)
        fn = click.option(
            "--api-key",
            default=None,
            metavar="KEY",
            envvar=envvars.API_KEY,
            show_envvar=True,
            help="Track API key (prefer the variable: options show up in process lists).",
        )(fn)
        fn = click.option(
            "--site-id", default=None, metavar="ID", envvar=envvars.SITE_ID, show_envvar=True, help="Site ID."
        )(fn)
        return customerio_url_option(fn)

    return wrap(fn) if fn is not None else wrap


# Where Track API requests go instead of Customer.io: send, doctor, relay and the editor's "Send test".
customerio_url_option = click.option(
    "--customerio-url",
    type=HttpUrl(),
    default=None,
    metavar="URL",
    envvar=envvars.CUSTOMERIO_URL,
    show_envvar=True,
    help="Send Track API requests here instead (e.g. the emulator, http://127.0.0.1:8791).",
)


def load_credentials(kw: dict[str, Any]) -> Credentials | None:
    """The options (already merged with their variables by click) as Credentials, or None."""
    return Credentials.from_env(
        {}, site_id=kw["site_id"] or "", api_key=kw["api_key"] or "", region=kw["region"] or "us"
    )


def build_limits(kw: dict[str, Any]) -> Limits:
    return Limits(
        time_s=kw["timeout"], memory_bytes=kw["memory"], stack_bytes=kw["stack"], result_bytes=kw["max_result"]
    )


def say_engine(kw: dict[str, Any], sandbox: Sandbox) -> None:
    """With --verbose: the sandbox engine as `doctor` reports it (its `sandbox_engine` check)."""
    if kw.get("verbose"):
        from ..check.doctor import sandbox_engine_check  # doctor loads the HTTP client: only when asked
        from ..check.render import format_doctor_check

        click.echo("\n".join(format_doctor_check(sandbox_engine_check(sandbox.engine))), err=True)


def build_run_options(kw: dict[str, Any], *, customerio_base: str | None = None) -> RunOptions:
    endpoint = Endpoint(url=kw["endpoint_url"], env=dict(kw["env"]))
    return RunOptions(
        limits=build_limits(kw),
        now=iso_z(kw["now"]) if kw["now"] else None,
        seed=kw["seed"],
        hints=not kw["no_hints"],
        endpoint=endpoint,
        customerio_base=customerio_base,
    )
