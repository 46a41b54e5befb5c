"""Step 2 of the pipeline: a Dodo envelope becomes the Svix `webhook` object a handler gets.

Svix documents `method`, `url`, `payload`, `eventType`, `cancel`, `headers` and `env`; the
Dodo dashboard passes the whole envelope `{business_id, type, timestamp, data}` as `payload`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# What `webhook.url` holds before the transform changes it: the endpoint's configured URL.
# The `.invalid` name can never resolve, so an unchanged url is never delivered by accident.
DEFAULT_ENDPOINT_URL = "https://endpoint.dodo-cio.invalid/webhook"


@dataclass(frozen=True)
class Endpoint:
    """What one dashboard endpoint contributes to the webhook object."""

    url: str = DEFAULT_ENDPOINT_URL
    env: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


def build_webhook(envelope: Any, endpoint: Endpoint = Endpoint()) -> dict[str, Any]:
    """The object `handler(webhook)` receives. `eventType` comes from the envelope's `type`."""
    event_type = envelope.get("type", "") if isinstance(envelope, dict) else ""
    # Key order: the fields a handler can change first, in the order the sandbox serialises
    # its result, so an unchanged result is a prefix of this object's JSON (see js/fast.js).
    return {
        "method": "POST",
        "url": endpoint.url,
        "payload": envelope,
        "cancel": False,
        "headers": dict(endpoint.headers),
        "eventType": event_type if isinstance(event_type, str) else str(event_type),
        "env": dict(endpoint.env),
    }
