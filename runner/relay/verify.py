"""Is this request a genuine Dodo webhook? Accept it, or say why not with an HTTP status.

Checks run cheapest-first and never parse an unauthenticated body: size (413), content
type (415), Standard Webhooks signature and timestamp (401), then JSON (400) and the
envelope shape (400). A stale or future timestamp (outside ±5 minutes) is a 401, not a 400:
it fails authentication exactly like a bad signature (a replayed capture), and Standard
Webhooks' own verifier treats it as a verification failure.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from standardwebhooks import Webhook

from .. import strictjson
from ..terminal import plural

MAX_BODY_BYTES = 1 << 20  # 1 MiB; Dodo's envelopes are a few KB


@dataclass(frozen=True)
class Accepted:
    webhook_id: str
    event_type: str
    envelope: dict[str, Any]


@dataclass(frozen=True)
class Rejected:
    status: int
    reason: str  # stable code: metrics label and the JSON error's "reason"
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"error": self.message, "reason": self.reason, "status": self.status}


def body_too_large(length: int, max_body: int = MAX_BODY_BYTES) -> Rejected:
    return Rejected(413, "body_too_large", f"body of {length} bytes is over the {max_body}-byte limit")


class Verifier:
    """Holds the webhook secrets (several during a rotation) and never shows them."""

    def __init__(self, secrets_: Sequence[str], *, skip: bool = False, max_body: int = MAX_BODY_BYTES) -> None:
        self._hooks = [Webhook(s) for s in secrets_]
        self.skip = skip
        self.max_body = max_body

    def __repr__(self) -> str:
        return f"Verifier(secrets={len(self._hooks)}, skip={self.skip})"

    def check(self, headers: Mapping[str, str], body: bytes) -> Accepted | Rejected:
        if len(body) > self.max_body:
            return body_too_large(len(body), self.max_body)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return Rejected(415, "unsupported_media_type", f"content type {ctype or '(none)'!r}; send application/json")
        webhook_id = headers.get("webhook-id", "").strip()
        if not self.skip:
            rejected = self._verify_signature(headers, body)
            if rejected:
                return rejected
        elif not webhook_id:
            webhook_id = f"msg_unsigned_{secrets.token_hex(12)}"
        try:
            envelope = strictjson.loads(body, what="the body")
        except strictjson.JSONError as exc:
            return Rejected(400, "not_json", f"body is not JSON: {exc}")
        problem = envelope_problem(envelope)
        if problem:
            return Rejected(400, "not_envelope", f"body is not a Dodo webhook envelope: {problem}")
        if len(webhook_id) > 200:
            return Rejected(400, "bad_webhook_id", "webhook-id is longer than 200 characters")
        return Accepted(webhook_id, envelope["type"], envelope)

    def _verify_signature(self, headers: Mapping[str, str], body: bytes) -> Rejected | None:
        wanted = {k: headers.get(k, "") for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
        missing = [k for k, v in wanted.items() if not v]
        if missing:
            return Rejected(401, "missing_signature", f"missing {plural(len(missing), 'header')}: {', '.join(missing)}")
        if not self._hooks:
            return Rejected(401, "no_secret", "the relay has no webhook secret; set DODO_PAYMENTS_WEBHOOK_KEY")
        last = ""
        for hook in self._hooks:
            try:
                hook.verify(body, wanted, json_parse=False)
                return None
            except Exception as exc:  # the library raises ValueError/binascii.Error on malformed headers too
                last = str(exc)
        if "too old" in last or "too new" in last:
            which = "too old" if "too old" in last else "too new"
            return Rejected(401, "stale_timestamp", f"webhook-timestamp is outside the ±5 minute tolerance ({which})")
        if "Invalid Signature Headers" in last:
            return Rejected(401, "bad_timestamp", "webhook-timestamp is not a Unix time in seconds")
        return Rejected(401, "bad_signature", "no webhook-signature matches the body and the secret")


def envelope_problem(envelope: Any) -> str:
    """What keeps `envelope` from being a Dodo envelope, or '' when it is one."""
    if not isinstance(envelope, dict):
        return f"expected an object, got {type(envelope).__name__}"
    for key, kind in (("business_id", str), ("type", str), ("timestamp", str), ("data", dict)):
        if key not in envelope:
            return f"missing {key!r}"
        if not isinstance(envelope[key], kind):
            return f"{key!r} must be {'an object' if kind is dict else 'a string'}"
    if not envelope["type"]:
        return "'type' is empty"
    return ""
