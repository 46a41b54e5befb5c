"""`dodo-cio send TRANSFORM --event TYPE | --payload FILE`: run a transform and deliver its result.

A request with error findings is refused by default, because Customer.io would answer 400
and the point of `send` is a delivery; `--force` sends it anyway (to see the emulator's or
Customer.io's own answer). Unchanged and cancelled results send nothing and exit 0, as the
dashboard would.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click

from ..check.render import format_send
from ..customerio.client import DeliveryOutcome, TrackClient
from ..customerio.credentials import Credentials
from ..customerio.ulid import new_ulid
from ..findings import has_errors
from ..pipeline import run_event
from ..result import TransformResult
from ..sandbox import Sandbox
from ..terminal import printable_json
from ..transforms import load_transform
from .fixtures import chosen_event, event_options
from .options import build_run_options, customerio_options, load_credentials, run_options, say_engine
from .params import Duration


@click.command("send")
@click.argument("transform", type=click.Path(path_type=Path))
@event_options
@customerio_options
@click.option(
    "--webhook-id", default=None, help="The Dodo webhook-id the event ids derive from (default: a new one per send)."
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="HOST[:PORT]",
    help="A non-Customer.io host the transform may send to, without credentials (repeatable).",
)
@click.option(
    "--max-attempts", type=click.IntRange(1, 20), default=5, show_default=True, help="Attempts for retryable failures."
)
@click.option(
    "--http-timeout",
    type=Duration(high=600),
    default=15.0,
    show_default=True,
    help="How long to wait for each HTTP attempt (seconds, or 500ms).",
)
@click.option(
    "--force", is_flag=True, help="Send even when validation found errors (Customer.io will likely answer 400)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document {result, sent, delivery} on stdout.")
@run_options
def send(transform: Path, event: str | None, payload: Path | None, fixture_paths: tuple[Path, ...], **kw: Any) -> None:
    """Run TRANSFORM on one event and send the result to Customer.io.

    Prints the request sent (credentials masked), the response and the time taken. Exits 1
    when the transform fails, validation finds errors (without --force) or delivery fails.
    """
    base_url = kw["customerio_url"]
    credentials = load_credentials(kw)
    fixture = chosen_event(event, payload, fixture_paths, "send")
    script = load_transform(transform)
    options = build_run_options(kw, customerio_base=base_url)
    with Sandbox(workers=1, limits=options.limits) as sandbox:
        result = run_event(sandbox, script, fixture.envelope, fixture=fixture.name, options=options)
    say_engine(kw, sandbox)

    reason = _not_sending(result, kw["force"])
    outcome = None
    if reason is None:
        outcome = asyncio.run(_deliver(result, credentials, base_url, kw, script.name))
    if kw["as_json"]:
        doc = {
            "result": result.to_json(),
            "sent": outcome is not None,
            "reason": reason or "",
            "delivery": outcome.to_json() if outcome else None,
        }
        click.echo(printable_json(doc))
    else:
        click.echo(format_send(result, script, outcome, reason))
    failed = result.status == "error" or (result.status == "routed" and (outcome is None or not outcome.ok))
    raise SystemExit(1 if failed else 0)


def _not_sending(result: TransformResult, force: bool) -> str | None:
    if result.status == "error":
        return "the transform failed"
    if result.status in ("unchanged", "cancelled"):
        return (
            f"the transform {'cancelled the event' if result.status == 'cancelled' else 'did not handle this event'}"
            ": nothing to send"
        )
    if has_errors(result.findings) and not force:
        return "validation found errors Customer.io would reject (400); fix them, or use --force to send anyway"
    return None


async def _deliver(
    result: TransformResult, credentials: Credentials | None, base_url: str | None, kw: dict[str, Any], transform: str
) -> DeliveryOutcome:
    webhook_id = kw["webhook_id"] or f"msg_{new_ulid()}"
    async with TrackClient(
        credentials,
        base_url=base_url,
        rate_limit=kw["rate_limit"],
        max_attempts=kw["max_attempts"],
        timeout=kw["http_timeout"],
        allowed_hosts=kw["allow_hosts"],
    ) as client:
        return await client.deliver(result.webhook or {}, webhook_id=webhook_id, transform=transform)
