"""dodo-cio: run Dodo Payments' Customer.io webhook transformations locally, like the dashboard.

The public API, in pipeline order::

    from runner import Sandbox, load_transform, find_fixture, run_event
    with Sandbox() as sb:
        result = run_event(sb, load_transform("track_payments.js"), find_fixture("payment.succeeded").envelope)

Names are imported on first use, so `import runner` (and each sandbox worker) stays cheap.
"""

from __future__ import annotations

from ._lazy import lazy_exports

_EXPORTS = {
    "load_fixtures": "fixtures",
    "find_fixture": "fixtures",
    "Fixture": "fixtures",
    "EVENT_TYPES": "fixtures",
    "load_transform": "transforms",
    "load_transforms": "transforms",
    "Transform": "transforms",
    "Endpoint": "webhook",
    "build_webhook": "webhook",
    "Sandbox": "sandbox",
    "Limits": "sandbox",
    "TransformResult": "result",
    "TransformError": "result",
    "Finding": "findings",
    "RunOptions": "pipeline",
    "run_event": "pipeline",
    "arun_event": "pipeline",
    "run_matrix": "pipeline",
    "run_check": "check.run",
    "CheckReport": "check.run",
    "validate_request": "customerio.validate",
    "UserError": "errors",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
