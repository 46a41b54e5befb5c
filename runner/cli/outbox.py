"""`dodo-cio outbox`: look into the relay's outbox and act on it, also while the relay runs."""

from __future__ import annotations

import time
from datetime import datetime

import click

from .. import envvars
from ..errors import UserError
from ..relay.config import DEFAULT_DB
from ..relay.database_url import redact
from ..relay.outbox_render import (
    format_detail,
    format_listing,
    format_migrated,
    format_purged,
    format_replayed,
    format_retried,
)
from ..relay.store import open_admin
from ..relay.store.base import ALL_STATUSES
from ..terminal import printable_json
from .params import Duration, Moment

_db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar=envvars.DATABASE_URL,
    show_envvar=True,
    help="The relay's outbox: an SQLite file, or a postgresql:// URL.",
)
_json_option = click.option("--json", "as_json", is_flag=True, help="JSON output.")


@click.group("outbox")
def outbox() -> None:
    """Inspect, retry, replay and purge the relay's outbox (safe while the relay runs)."""


@outbox.command("list")
@_db_option
@click.option("--status", type=click.Choice(ALL_STATUSES), default=None, help="Only this outcome.")
@click.option("--event-type", default=None, help="Only this event type.")
@click.option("--endpoint", default=None, help="Only this endpoint (transform name).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@_json_option
def list_(db: str, status: str | None, event_type: str | None, endpoint: str | None, limit: int, as_json: bool) -> None:
    """The newest deliveries first, with a count per status."""
    with open_admin(db) as box:
        rows = box.list(status=status, event_type=event_type, endpoint=endpoint, limit=limit)
        counts = box.counts()
    if as_json:
        click.echo(printable_json({"counts": counts, "deliveries": [r.to_json() for r in rows]}))
        return
    click.echo(format_listing(counts, rows))


@outbox.command("show")
@click.argument("ident")
@_db_option
@_json_option
def show(ident: str, db: str, as_json: bool) -> None:
    """A delivery (#ID) or an event (webhook-id): the raw event, transform result and every attempt."""
    with open_admin(db) as box:
        detail = box.show(ident.lstrip("#"))
    doc = detail.to_json()
    if as_json:
        click.echo(printable_json(doc, default=str))
        return
    click.echo(format_detail(doc))


@outbox.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--dead", is_flag=True, help="Every dead-lettered delivery.")
@_db_option
def retry(ids: tuple[int, ...], dead: bool, db: str) -> None:
    """Send deliveries again now, with a fresh retry schedule (a running relay picks them up)."""
    if bool(ids) == dead:
        raise UserError(
            "name delivery ids or pass --dead (one of the two)",
            fix="dodo-cio outbox retry 12 15, or dodo-cio outbox retry --dead",
        )
    with open_admin(db) as box:
        done = box.retry(ids, dead=dead)
    click.echo(format_retried(done))


@outbox.command("replay")
@click.argument("webhook_ids", nargs=-1)
@click.option(
    "--since",
    type=Moment(ago=True),
    default=None,
    help="Events received at or after (ISO time, or a duration ago: 2h).",
)
@click.option(
    "--until", type=Moment(ago=True), default=None, help="Events received before (ISO time, or a duration ago)."
)
@click.option(
    "--status",
    type=click.Choice(ALL_STATUSES),
    default=None,
    help="Only deliveries whose latest outcome is this (e.g. validation_error).",
)
@click.option(
    "--failed", is_flag=True, help="Shorthand: every latest outcome that is not delivered, unchanged or cancelled."
)
@click.option("--endpoint", default=None, help="Only this endpoint.")
@_db_option
def replay(
    webhook_ids: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    status: str | None,
    failed: bool,
    endpoint: str | None,
    db: str,
) -> None:
    """Run stored events through the endpoint's CURRENT transform again and deliver the new results.

    Old deliveries keep their outcomes; each replay is a new delivery (generation + 1).
    """
    statuses = ["failed", "dead", "transform_error", "validation_error", "disallowed"] if failed else [status]
    total: list[int] = []
    with open_admin(db) as box:
        for s in statuses:
            total += box.replay(
                webhook_ids=webhook_ids,
                since=since.timestamp() if since else None,
                until=until.timestamp() if until else None,
                status=s,
                endpoint=endpoint,
            )
    click.echo(format_replayed(total))


@outbox.command("purge")
@click.option(
    "--older-than", type=Duration(), required=True, help="Delete events received longer ago than this (e.g. 7d, 12h)."
)
@click.option("--include-open", is_flag=True, help="Also events whose deliveries are not finished.")
@_db_option
def purge(older_than: float, include_open: bool, db: str) -> None:
    """Delete old events with their deliveries and attempts."""
    cutoff = time.time() - older_than
    with open_admin(db) as box:
        n = box.purge(cutoff, include_open=include_open)
    click.echo(format_purged(n))


@outbox.command("migrate")
@_db_option
def migrate(db: str) -> None:
    """Upgrade the outbox's tables to this version's schema (a shared database is never upgraded by a relay itself)."""
    with open_admin(db, must_exist=False, migrating=True) as box:
        before, after = box.migrate()
    click.echo(format_migrated(redact(db), before, after))
