"""Text fit for an operator's terminal.

Transforms (error messages, console output) and unauthenticated requests (a `webhook-id`) put
arbitrary text in front of the operator. Raw, an ESC sequence can retitle the window or rewrite
what is on screen, a CR can overprint a line with a forged "delivered", and bidi overrides can
reorder what is read. Every human-readable line built from such text goes through `printable`,
which shows each of those characters as a visible escape (`\\x1b`, `\\r`, `\\u202e`) instead.
JSON for a terminal or a pipe goes through `printable_json`: the encoder escapes C0 controls, but
with non-ASCII kept readable it leaves C1 controls (U+009B is a CSI), bidi controls and lone
surrogates raw, so those are written as `\\uXXXX` escapes, which parse back to the same text.

`plural` and `source_excerpt` are the other pieces every command's text output shares.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import click

# DEL, C1, bidi marks/embeddings/overrides/isolates, line/paragraph separators, lone surrogates:
# what steers a terminal besides C0, and what JSON may carry raw.
_STEERING = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f{_STEERING}]")  # C0 but tab, and the above
_UNSAFE_IN_JSON = re.compile(f"[{_STEERING}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` on one line, every character that could steer a terminal shown as an escape."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable_json(
    value: Any, *, indent: int | None = 2, default: Callable[[Any], Any] | None = None, sort_keys: bool = False
) -> str:
    """`value` as JSON for a terminal, a pipe or a log: non-ASCII letters stay readable, every
    character that could steer a terminal is a `\\uXXXX` escape (only strings can hold one, and
    the encoder never leaves a backslash before it, so the text stays valid JSON)."""
    text = json.dumps(value, indent=indent, default=default, sort_keys=sort_keys, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(_json_escape, text) if _UNSAFE_IN_JSON.search(text) else text


def printable_lines(text: object) -> str:
    """Like `printable`, keeping the line breaks of a message we composed over several lines."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 transform`, `2 transforms`, `1 delivery`, `3 deliveries`."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def source_excerpt(source: str, line: int, column: int | None, filename: str) -> list[str]:
    lines = source.splitlines()
    out = [f"  {printable(filename)}:{line}" + (f":{column}" if column else "")]
    for n in range(max(1, line - 2), min(len(lines), line + 2) + 1):
        mark = ">" if n == line else " "
        out.append(f"  {mark} {n:4} | {printable(lines[n - 1])}")
        if n == line and column:
            out.append("         | " + " " * (column - 1) + click.style("^", fg="red"))
    return out
