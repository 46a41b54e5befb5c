"""Step 3 of the pipeline: run a transform in an isolated, limited QuickJS sandbox.

`Sandbox` is the worker-process pool; `Limits` are the per-event time, memory, stack and
result-size limits; `Job` and `Reply` are what crosses the process boundary (framed by
`protocol`). Names are imported on first use, so a worker importing `protocol` and
`engine` does not pay for the pool's imports.
"""

from __future__ import annotations

from .._lazy import lazy_exports

__all__ = ["Job", "Limits", "Reply", "Sandbox"]
__getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, "pool"))
