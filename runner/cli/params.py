"""Click parameter types for the values every command shares: sizes, durations, moments, KEY=VALUE, URLs.

A bad value becomes click's `BadParameter`, which names the option the user typed
(`Invalid value for '--timeout': 'soon' is not a duration; ...`), on every command alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import urlsplit

import click

from .. import envvars
from ..customerio.credentials import parse_region
from ..errors import UserError
from ..units import parse_duration, parse_moment, parse_size, spell_size


def fail(
    param_type: click.ParamType, message: str, param: click.Parameter | None, ctx: click.Context | None
) -> NoReturn:
    """click's usage error, with the `fix:` line every dodo-cio error has ("what; fix" -> two lines)."""
    what, sep, fix = message.partition("; ")
    param_type.fail(f"{what}\n  fix: {fix}" if sep else what, param, ctx)


class Size(click.ParamType):
    """Bytes: `32MiB`, `512KiB`, `1048576`, optionally within [low, high]."""

    name = "size"

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            size = parse_size(value)
        except ValueError as exc:
            fail(self, str(exc), param, ctx)
        if (self.low is not None and size < self.low) or (self.high is not None and size > self.high):
            fail(
                self,
                f"{value!r} is outside {spell_size(self.low or 0)} to {spell_size(self.high or size)}; "
                f"pick a size in that range, e.g. {spell_size(max(self.low or 0, min(self.high or size, 32 << 20)))}",
                param,
                ctx,
            )
        return size


class Duration(click.ParamType):
    """Seconds: `1.5`, `250ms`, `5s`, `2h`, `7d`; with `high`, more than 0 and at most `high`."""

    name = "duration"

    def __init__(self, high: float | None = None) -> None:
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = parse_duration(value)
        except ValueError as exc:
            fail(self, str(exc), param, ctx)
        if self.high is not None and not 0 < seconds <= self.high:
            fail(
                self,
                f"{value!r} is outside 0 to {self.high:g} seconds (0 itself is not allowed); write e.g. 1.5 or 500ms",
                param,
                ctx,
            )
        return seconds


class Moment(click.ParamType):
    """A point in time: ISO 8601 (UTC unless it says otherwise); with `ago`, also `2h` (two hours ago)."""

    name = "time"

    def __init__(self, *, ago: bool = False) -> None:
        self.ago = ago

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_moment(value, ago=self.ago)
        except ValueError as exc:
            fail(self, str(exc), param, ctx)


class KeyValue(click.ParamType):
    """`KEY=VALUE` -> (key, value); the value may be empty and may contain `=`."""

    name = "key=value"

    def __init__(self, example: str = "SEGMENT=vip") -> None:
        self.example = example

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        key, sep, rest = str(value).partition("=")
        if not sep or not key.strip():
            fail(self, f"{value!r} is not KEY=VALUE; write it like {self.example}", param, ctx)
        return key.strip(), rest


class HttpUrl(click.ParamType):
    """An http(s) URL; `localhost:8787` and `127.0.0.1:8787/path` get `http://`, a bare host gets `default_path`.

    `full`: the URL is data a transform reads (`--endpoint-url` is `webhook.url`), not where we
    connect, so it is taken as written: no scheme is guessed, and one is required, as the
    dashboard requires when an endpoint is added."""

    name = "url"

    def __init__(self, default_path: str = "", full: bool = False) -> None:
        self.default_path, self.full = default_path, full

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        example = "https://hooks.example.com/dodo" if self.full else "http://127.0.0.1:8787"
        if "://" not in text:
            if self.full:
                fail(self, f"{value!r} is not a full http(s) URL; write it with its scheme, like {example}", param, ctx)
            text = f"http://{text}"
        parts = urlsplit(text)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            fail(self, f"{value!r} has a port that is not a number; write it like {example}", param, ctx)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            fail(self, f"{value!r} is not an http(s) URL; write it like {example}", param, ctx)
        if not parts.path and self.default_path:
            text = text + self.default_path
        return text


class Parsed(click.ParamType):
    """A value one of the library's own readers takes (a fault spec, a retry schedule, a `--set`):
    its UserError becomes the option's BadParameter, so the reader stays the one definition."""

    def __init__(self, name: str, read: Callable[[str], Any]) -> None:
        self.name, self.read = name, read

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):  # already read (a default, or a value passed in Python)
            return value
        try:
            return self.read(value)
        except UserError as exc:
            fail(self, exc.message if "; " in exc.message or not exc.fix else f"{exc.message}; {exc.fix}", param, ctx)


class Region(click.ParamType):
    """A Customer.io region: `us` or `eu` (any case, surrounding spaces dropped)."""

    name = "us|eu"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_region(str(value))
        except UserError as exc:
            fail(self, f"{exc.message}; {exc.fix}", param, ctx)


# Options whose type and variable every command that has them shares. They live here, beside the
# types, rather than in options.py, so a command that needs no sandbox (emulator, trigger) does
# not import the pipeline to get them.
def port_option(default: int | None, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--port` of the commands that listen (relay, editor, emulator): 0 picks a free port."""
    return click.option(
        "--port", type=click.IntRange(0, 65535), default=default, show_default=default is not None, help=help
    )


def workers_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--workers`: sandbox worker processes, for the commands that run many events at once."""
    return click.option("--workers", type=click.IntRange(1, 64), default=None, help=help)


def secret_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The webhook secret, as `relay` verifies with it and `trigger` signs with it: one variable."""
    return click.option(
        "--secret", default=None, metavar="WHSEC", envvar=envvars.WEBHOOK_KEY, show_envvar=True, help=help
    )
