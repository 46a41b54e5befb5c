"""What a transform changed: a structural diff of the webhook object before and after.

A text diff of two pretty-printed JSON documents buries the one changed `url` among dozens
of lines when the payload is replaced; a path-keyed diff says "url changed, payload.data
removed, payload.action added" in one line each, which is what a user checks a transform by.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Op = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    op: Op
    path: str
    before: Any = None
    after: Any = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def diff_json(before: Any, after: Any, path: str = "") -> list[Change]:
    """Changes from `before` to `after`; objects are compared key by key, lists item by item."""
    if isinstance(before, dict) and isinstance(after, dict):
        changes: list[Change] = []
        for key in before:
            if key not in after:
                changes.append(Change("removed", _join(path, key), before=before[key]))
        for key in after:
            if key not in before:
                changes.append(Change("added", _join(path, key), after=after[key]))
            else:
                changes.extend(diff_json(before[key], after[key], _join(path, key)))
        return changes
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [c for i, (b, a) in enumerate(zip(before, after, strict=True)) for c in diff_json(b, a, _join(path, i))]
    if before == after and type(before) is type(after):
        return []
    return [Change("changed", path, before=before, after=after)]
