"""The one JSON reader for untrusted input: payload files, signed webhook bodies and the
events stored from them, emulator and editor requests, Customer.io's answers, `trigger --set`
values, snapshot files and the sandbox's replies.

Python's `json.loads` recurses once per nesting level (a deep document raises
`RecursionError` from wherever it was read) and accepts `NaN`/`Infinity`, which no JSON
producer we talk to emits and which JavaScript cannot round-trip. This reader refuses
both with a `JSONError` that says what and where, so every caller can turn it into a
400 or a usage error instead of a traceback.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 256

# Strings are skipped when counting depth: brackets inside them are data.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONError(ValueError):
    """Untrusted JSON that we refuse; `str()` is a sentence fit for a user. `decode_error`
    is the parser's own error when the text is not JSON at all (for line and column)."""

    def __init__(self, message: str, decode_error: json.JSONDecodeError | None = None) -> None:
        super().__init__(message)
        self.decode_error = decode_error


class JSONDepthError(JSONError):
    """Well-formed JSON that nests deeper than the limit."""


def _refuse_constant(name: str) -> Any:
    raise JSONError(f"{name} is not JSON (only finite numbers are allowed)")


# One decoder for every call: `json.loads(text, parse_constant=...)` builds a new one each time.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def depth_over(text: str, limit: int) -> int | None:
    """How deep arrays and objects nest when that is over `limit`, else None; without
    building them (and without recursion)."""
    if text.count("[") + text.count("{") <= limit:  # the common case costs two C scans
        return None
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = max(accumulate(map(_STEP.__getitem__, brackets)), default=0)
    return depth if depth > limit else None


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, what: str = "the JSON") -> Any:
    """Parse untrusted JSON text strictly: no NaN/Infinity, at most `max_depth` levels."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONError(f"{what} is not UTF-8 (bad byte at offset {exc.start})") from None
    depth = depth_over(text, max_depth)
    if depth is not None:
        raise JSONDepthError(f"{what} nests {depth} levels deep; the limit is {max_depth}")
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JSONError(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", exc) from None
    except RecursionError:  # only when the interpreter's own limit is lower than max_depth
        raise JSONDepthError(f"{what} nests too deeply to read") from None
