"""Step 3 of the pipeline: run a transform in an isolated, limited QuickJS sandbox.

`Sandbox` is the worker-process pool; `Limits` are the per-event time, memory and stack
limits; `Job` and `Reply` are what crosses the process boundary.
"""

from .pool import Job, Limits, Reply, Sandbox

__all__ = ["Job", "Limits", "Reply", "Sandbox"]
