"""The parent's record of which transform sources one worker holds.

The parent owns this cache: it decides what the worker keeps, bounds it, and tells the
worker what it evicts, so the two can never fall out of step (a worker never clears its
table on its own). A worker's per-source plan lives and dies with its copy of the source.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict

from .protocol import forget_frame, source_frame

_CAPACITY = 128  # sources per worker; well above a batch's distinct sources (MAX_BATCH)


class SourceCache:
    """Least-recently-used sources of one worker, by source text."""

    def __init__(self, capacity: int = _CAPACITY) -> None:
        self.capacity = capacity
        self._sids: OrderedDict[str, int] = OrderedDict()
        self._ids = itertools.count(1)

    def __len__(self) -> int:
        return len(self._sids)

    def holds(self, source: str) -> bool:
        return source in self._sids

    def use(self, source: str, out: list[bytes]) -> int:
        """The id the worker knows `source` by; appends to `out` the frames that must reach the
        worker first (the source itself, and which old source it should forget)."""
        sid = self._sids.get(source)
        if sid is not None:
            self._sids.move_to_end(source)
            return sid
        if len(self._sids) >= self.capacity:
            _, evicted = self._sids.popitem(last=False)
            out.append(forget_frame([evicted]))
        sid = self._sids[source] = next(self._ids)
        out.append(source_frame(sid, source))
        return sid
