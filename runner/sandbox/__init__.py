"""Step 3 of the pipeline: run a transform in an isolated, limited QuickJS sandbox.

`Sandbox` is the worker-process pool; `Limits` are the per-event time, memory, stack and
result-size limits; `Job` and `Reply` are what crosses the process boundary (framed by
`protocol`). Names are imported on first use, so a worker importing `protocol` and
`engine` does not pay for the pool's imports.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Job", "Limits", "Reply", "Sandbox"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'runner.sandbox' has no attribute {name!r}")
    return getattr(importlib.import_module(".pool", __name__), name)
