"""Repeats folded, for `check` and `doctor` alike.

One transform failing the same way on 48 events is said once, "× 48 events (…)", so a broken
transform costs a line or a block, not a screen. Text about one event is made to fit every
event it repeats on (its type becomes <event>), and engine verdicts (timeout, out of memory,
crash) carry wall-clock figures in their text, so those fold on their kind alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from ..result import CRASH, MEMORY, STACK_OVERFLOW, TIMEOUT, TransformResult
from ..terminal import plural, printable

_ENGINE_KINDS = (TIMEOUT, MEMORY, CRASH, STACK_OVERFLOW)

T = TypeVar("T")


def general(text: str, r: TransformResult) -> str:
    """Text about one event made to fit every event it repeats on: its type becomes <event>."""
    return text.replace(r.event_type, "<event>") if r.event_type else text


def error_key(r: TransformResult) -> Hashable:
    """What two results' errors must share to be the same problem."""
    e = r.error
    if e is None:
        return None
    return (e.kind, e.line, e.column, general(e.hint, r), "" if e.kind in _ENGINE_KINDS else general(e.message, r))


def fold(items: Iterable[tuple[TransformResult, Hashable, T]]) -> list[tuple[T, list[TransformResult]]]:
    """`(result, key, value)` grouped per transform by key, in first-seen order: each group's
    first value with every result it came from."""
    groups: dict[tuple[str, Hashable], tuple[T, list[TransformResult]]] = {}
    for r, key, value in items:
        groups.setdefault((r.transform, key), (value, []))[1].append(r)
    return list(groups.values())


def events(results: Sequence[TransformResult], shown: int = 3) -> str:
    """`payment.succeeded, payment.failed, payment.processing, … (+45)`."""
    names = [printable(r.fixture or r.event_type) for r in results]
    more = f", … (+{len(names) - shown})" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def who(results: Sequence[TransformResult]) -> str:
    """The events a folded problem happened on: `48 events (…)`, or the one event's name."""
    if len(results) > 1:
        return f"{plural(len(results), 'event')} ({events(results)})"
    return printable(results[0].fixture or results[0].event_type)


def folded_lines(items: Iterable[tuple[TransformResult, Hashable, str]]) -> list[str]:
    """One line per distinct problem of each transform: `t.js × 48 events (…): text`."""
    return [
        f"{printable(rs[0].transform)} × {who(rs)}: {general(text, rs[0]) if len(rs) > 1 else text}"
        for text, rs in fold(items)
    ]
