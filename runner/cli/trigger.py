"""`dodo-cio trigger`: sign sample Dodo events and send them to a relay."""

from __future__ import annotations

import asyncio

import click
from click.core import ParameterSource

from .. import envvars
from ..errors import UserError
from ..fixtures import find_fixture, load_fixtures, load_payload_file
from ..relay.trigger import (
    DEFAULT_RELAY_URL,
    apply_sets,
    new_secret,
    secret_from,
    send_signed,
    split_set,
    unknown_set_paths,
)
from ..relay.trigger_render import answer_json, format_answer
from .fixtures import warn_unknown_type
from .params import HttpUrl, Parsed, secret_option


@click.command("trigger")
@click.argument("event_type", required=False)
@click.option(
    "--to",
    "url",
    type=HttpUrl(default_path="/webhooks/dodo"),
    default=DEFAULT_RELAY_URL,
    show_default=True,
    help="The relay's webhook URL; localhost:8787 means http://localhost:8787/webhooks/dodo.",
)
@secret_option(help="The whsec_ signing secret the relay verifies with (the first, if several).")
@click.option(
    "--new-secret", "make_secret", is_flag=True, help="Print a fresh whsec_ signing secret for a local relay, and exit."
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PATH=VALUE",
    type=Parsed("PATH=VALUE", lambda s: (split_set(s), s)[1]),
    help="Override a field, e.g. data.customer.email=x@y.z (JSON values parse).",
)
@click.option(
    "--payload", type=click.Path(dir_okay=False), default=None, help="Send this envelope file instead of a sample."
)
@click.option(
    "--count",
    type=click.IntRange(1, 1_000_000),
    default=1,
    show_default=True,
    help="Send the event this many times (fresh webhook-ids).",
)
@click.option("--all", "send_all", is_flag=True, help="Send one of each of the 48 event types.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Requests in flight at once (1 keeps the order).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per response.")
def trigger(
    event_type: str | None,
    url: str,
    secret: str | None,
    sets: tuple[str, ...],
    payload: str | None,
    count: int,
    send_all: bool,
    concurrency: int,
    as_json: bool,
    make_secret: bool,
) -> None:
    """Sign EVENT_TYPE's sample event as Dodo does and POST it to a running relay."""
    if make_secret:
        click.echo(new_secret())
        return
    if sum(bool(x) for x in (event_type, payload, send_all)) != 1:
        raise UserError(
            "say what to send: an EVENT_TYPE, --payload FILE or --all (exactly one)",
            fix="e.g. dodo-cio trigger payment.succeeded",
        )
    from_variable = click.get_current_context().get_parameter_source("secret") is ParameterSource.ENVIRONMENT
    key = secret_from(secret, where=envvars.WEBHOOK_KEY if from_variable else "--secret")
    if send_all:
        envelopes = [f.envelope for f in load_fixtures()]
    elif payload:
        envelopes = [load_payload_file(payload).envelope]
    else:
        assert event_type is not None  # exactly one of the three was given
        envelopes = [find_fixture(event_type).envelope]
    for warning in dict.fromkeys(w for e in envelopes for w in unknown_set_paths(e, sets)):
        click.echo(f"warning: {warning}", err=True)
    if payload:
        warn_unknown_type(envelopes[0]["type"])
    envelopes = [apply_sets(e, sets) for e in envelopes for _ in range(count)]
    show = answer_json if as_json else format_answer
    refused = asyncio.run(
        send_signed(url, key, envelopes, concurrency=concurrency, on_answer=lambda a: click.echo(show(a)))
    )
    if refused:
        raise SystemExit(1)
