"""Options shared by the commands that run transforms (run, check, send, relay, editor)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click

from ..errors import UserError
from ..pipeline import RunOptions, parse_now
from ..sandbox import Limits
from ..webhook import DEFAULT_ENDPOINT_URL, Endpoint

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?\s*$", re.I)
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str, option: str) -> int:
    """'32MiB', '512K', '1048576' -> bytes."""
    m = _SIZE.match(text)
    if not m:
        raise UserError(f"{option} {text!r} is not a size", fix=f"write it like {option} 32MiB or {option} 512KiB")
    unit = (m.group(2) or "").upper()[:1]
    return int(float(m.group(1)) * _UNITS[unit])


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError(f"{option} {pair!r} is not KEY=VALUE", fix=f"write it like {option} SEGMENT=vip")
        out[key] = value
    return out


def limit_options(fn: Callable) -> Callable:
    """--timeout, --memory, --stack: the per-event sandbox limits."""
    fn = click.option("--stack", "stack", default="1MiB", show_default=True, help="Stack limit per event.")(fn)
    fn = click.option("--memory", "memory", default="32MiB", show_default=True, help="Memory limit per event.")(fn)
    fn = click.option("--timeout", "timeout", type=float, default=1.0, show_default=True, help="CPU time limit per event, in seconds.")(fn)
    return fn


def run_options(fn: Callable) -> Callable:
    """Limits plus determinism, env variables and the endpoint URL."""
    fn = click.option("--no-hints", is_flag=True, help="Don't report reads of fields the event does not have.")(fn)
    fn = click.option("--endpoint-url", default=DEFAULT_ENDPOINT_URL, show_default=False, help="The endpoint URL that webhook.url starts as.")(fn)
    fn = click.option("--env", "env", multiple=True, metavar="KEY=VALUE", help="A read-only variable in webhook.env (repeatable).")(fn)
    fn = click.option("--seed", type=int, default=None, help="Seed for Math.random (default 1 with --now).")(fn)
    fn = click.option("--now", default=None, metavar="ISO-TIME", help="Freeze Date.now() and new Date(), e.g. 2026-01-15T12:00:00Z.")(fn)
    return limit_options(fn)


def build_limits(kw: dict[str, Any]) -> Limits:
    try:
        return Limits(time_s=kw["timeout"], memory_bytes=parse_size(kw["memory"], "--memory"), stack_bytes=parse_size(kw["stack"], "--stack"))
    except ValueError as exc:
        raise UserError(str(exc), fix="see `dodo-cio run --help` for the ranges") from None


def build_run_options(kw: dict[str, Any], *, customerio_base: str | None = None) -> RunOptions:
    parse_now(kw["now"])  # fail early, before a worker starts
    endpoint = Endpoint(url=kw["endpoint_url"], env=parse_pairs(kw["env"], "--env"))
    return RunOptions(
        limits=build_limits(kw),
        now=kw["now"],
        seed=kw["seed"],
        hints=not kw["no_hints"],
        endpoint=endpoint,
        customerio_base=customerio_base,
    )
