"""Customer.io destination: what a transform's output means to the Track API, and delivering it.

`match_route` says which Track API call a URL is, `validate_request` whether Customer.io would
accept the request (the single source of truth, shared with the emulator), `person_key` who
a webhook is about (the relay's ordering key); `Credentials` and `TrackClient` deliver. It
imports nothing of the sandbox, the pipeline or the applications (tests/test_layers.py).
Names are imported on first use, so the validator does not pay for the HTTP client.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "match_route": "routes",
    "Route": "routes",
    "validate_request": "validate",
    "person_key": "people",
    "Credentials": "credentials",
    "TrackClient": "client",
    "DeliveryOutcome": "client",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
