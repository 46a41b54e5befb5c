"""`dodo-cio send TRANSFORM --event TYPE | --payload FILE`: run a transform and deliver its result.

A request with error findings is refused by default, because Customer.io would answer 400
and the point of `send` is a delivery; `--force` sends it anyway (to see the emulator's or
Customer.io's own answer). Unchanged and cancelled results send nothing and exit 0, as the
dashboard would.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ..check.render import format_result
from ..customerio.client import DeliveryOutcome, TrackClient
from ..customerio.credentials import Credentials
from ..customerio.ulid import new_ulid
from ..findings import has_errors
from ..pipeline import run_event
from ..result import TransformResult
from ..sandbox import Sandbox
from ..terminal import plural, printable
from ..transforms import Transform, load_transform
from .fixtures import chosen_event, fixtures_option
from .options import build_run_options, customerio_options, load_credentials, run_options
from .params import Duration


@click.command("send")
@click.argument("transform", type=click.Path(path_type=Path))
@click.option("--event", "-e", "event", metavar="TYPE", help="A sample event by type or fixture name, e.g. payment.succeeded.")
@click.option("--payload", "-p", "payload", type=click.Path(path_type=Path), help="Your own event file: a Dodo envelope as JSON.")
@fixtures_option
@customerio_options
@click.option("--webhook-id", default=None, help="The Dodo webhook-id the event ids derive from (default: a new one per send).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST[:PORT]",
              help="A non-Customer.io host the transform may send to, without credentials (repeatable).")
@click.option("--max-attempts", type=click.IntRange(1, 20), default=5, show_default=True, help="Attempts for retryable failures.")
@click.option("--http-timeout", type=Duration(high=600), default=15.0, show_default=True, help="How long to wait for each HTTP attempt (seconds, or 500ms).")
@click.option("--force", is_flag=True, help="Send even when validation found errors (Customer.io will likely answer 400).")
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

    reason = _not_sending(result, kw["force"])
    outcome = None
    if reason is None:
        outcome = asyncio.run(_deliver(result, credentials, base_url, kw, script.name))
    if kw["as_json"]:
        doc = {"result": result.to_json(), "sent": outcome is not None, "reason": reason or "", "delivery": outcome.to_json() if outcome else None}
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        _print(result, script, outcome, reason)
    failed = result.status == "error" or (result.status == "routed" and (outcome is None or not outcome.ok))
    raise SystemExit(1 if failed else 0)


def _not_sending(result: TransformResult, force: bool) -> str | None:
    if result.status == "error":
        return "the transform failed"
    if result.status in ("unchanged", "cancelled"):
        return f"the transform {'cancelled the event' if result.status == 'cancelled' else 'did not handle this event'}: nothing to send"
    if has_errors(result.findings) and not force:
        return "validation found errors Customer.io would reject (400); fix them, or use --force to send anyway"
    return None


async def _deliver(result: TransformResult, credentials: Credentials | None, base_url: str | None, kw: dict[str, Any], transform: str) -> DeliveryOutcome:
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


def _print(result: TransformResult, script: Transform, outcome: DeliveryOutcome | None, reason: str | None) -> None:
    if outcome is None:
        click.echo(format_result(result, script))
        click.echo("")
        click.echo(click.style("not sent: ", fg="yellow", bold=True) + printable(reason or ""))
        return
    # The request below is what was sent; the transform's output would print the body twice.
    click.echo(format_result(replace(result, webhook=None), script))
    click.echo("")
    click.echo(format_outcome(outcome))


def format_outcome(outcome: DeliveryOutcome) -> str:
    """The request as sent (credentials masked) and Customer.io's answer."""
    req = outcome.request
    title = "Request" if outcome.attempts else "Request (refused, not sent)"
    lines = [click.style(title, bold=True), printable(f"  {req.get('method', '')} {req.get('url', '')}")]
    if req.get("requested_url"):
        lines.append(printable(f"  (the transform's url: {req['requested_url']})"))
    lines += [printable(f"  {name}: {value}") for name, value in (req.get("headers") or {}).items()]
    if req.get("body") is not None:
        lines += ["  " + printable(s) for s in json.dumps(req["body"], indent=2, ensure_ascii=False).splitlines()]
    attempts = plural(outcome.attempts, "attempt")
    if len(outcome.tries) > 1:  # a retried delivery: what each attempt got and how long we waited
        lines += ["", click.style("Attempts", bold=True)]
        for n, t in enumerate(outcome.tries, 1):
            got = str(t["status"]) if t["status"] is not None else "---"
            why = f"  {printable(t['error'])}" if t["error"] else ""
            then = f"; retried after {t['retry_in']:g} s" if t["retry_in"] is not None else ""
            lines.append(f"  {n}. [{got}] {t['duration_ms']:.0f} ms{why}{then}")
    if outcome.attempts:
        lines += ["", click.style("Response", bold=True)]
    if outcome.status is not None:
        lines.append(f"  {outcome.status}  in {outcome.duration_ms:.1f} ms ({attempts})")
        if outcome.body not in (None, ""):
            body = outcome.body if isinstance(outcome.body, str) else json.dumps(outcome.body, indent=2, ensure_ascii=False)
            lines += ["  " + printable(s) for s in body.splitlines()]
    elif outcome.attempts:
        lines.append(f"  no response in {outcome.duration_ms:.1f} ms ({attempts})")
    lines.append("")
    if outcome.ok:
        lines.append(click.style("delivered", fg="green", bold=True))
    else:
        kind = "retryable" if outcome.retryable else "permanent"
        lines.append(click.style(f"failed ({kind}): ", fg="red", bold=True) + printable(outcome.error))
    return "\n".join(lines)
