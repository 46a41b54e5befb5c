"""Lone surrogates: half an emoji, as `("😀" + name).slice(0, 1)` leaves it.

JavaScript strings are UTF-16, so a transform can make a string that holds half a
surrogate pair; V8's JSON.stringify writes it as `\\udXXX`, and it arrives in Python as a
lone surrogate code point that UTF-8 cannot encode. It is data, not an internal error:
found here, reported as a finding (an error where it cannot be sent at all), shown
escaped, and replaced by U+FFFD only for the checks that measure bytes.
"""

from __future__ import annotations

import re
from typing import Any

_LONE = re.compile("[\ud800-\udfff]")


def _walk(value: Any, path: str, out: list[str]) -> None:
    stack = [(value, path)]
    while stack and len(out) < 20:
        v, p = stack.pop()
        if isinstance(v, str):
            if _LONE.search(v):
                out.append(p)
        elif isinstance(v, dict):
            for k, x in v.items():
                if _LONE.search(k):
                    out.append(f"{p}.{k}".lstrip("."))
                stack.append((x, f"{p}.{k}".lstrip(".")))
        elif isinstance(v, list):
            stack.extend((x, f"{p}[{i}]") for i, x in enumerate(v))


def lone_surrogate_paths(webhook: dict[str, Any]) -> list[str]:
    """Paths (url, headers.X, payload.a.b) whose text holds a lone surrogate; at most 20."""
    out: list[str] = []
    for key in ("url", "headers", "payload"):
        _walk(webhook.get(key), key, out)
    return sorted(out)


def replaced(value: Any) -> Any:
    """A copy with every lone surrogate replaced by U+FFFD, as a lenient receiver stores it."""
    if isinstance(value, str):
        return _LONE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {replaced(k): replaced(v) for k, v in value.items()}
    if isinstance(value, list):
        return [replaced(v) for v in value]
    return value
