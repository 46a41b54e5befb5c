"""Deterministic ULIDs for Customer.io event `id`s.

Customer.io drops an event whose `id` (a ULID) it has already received, so giving every event
operation an id derived only from what identifies the delivery (the Dodo webhook-id, the
transform and the operation's index) makes retries and replays idempotent: the same three
inputs give the same ULID on every attempt, in every process, forever.

A ULID is a 48-bit millisecond timestamp followed by 80 random bits. Both parts come from
the inputs:
- the 80 bits are the first 10 bytes of sha256("<webhook_id>|<transform>|<index>");
- the timestamp is the time embedded in the webhook-id when it is a ULID or a KSUID (Svix
  message ids are `msg_<KSUID>`), else the operation's own integer `timestamp` (Unix
  seconds), else a fixed epoch (2020-01-01T00:00:00Z). The timestamp only has to be
  plausible and stable; uniqueness comes from the hash.
"""

from __future__ import annotations

import hashlib
import os
import time

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KSUID_EPOCH_S = 1_400_000_000
FALLBACK_EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
_MAX_MS = (1 << 48) - 1


def encode(timestamp_ms: int, randomness: bytes) -> str:
    value = (timestamp_ms & _MAX_MS) << 80 | int.from_bytes(randomness[:10], "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_ulid(text: str) -> bool:
    return len(text) == 26 and text[0] in "01234567" and all(c in CROCKFORD for c in text.upper())


def _ulid_time_ms(text: str) -> int:
    value = 0
    for c in text.upper():
        value = value * 32 + CROCKFORD.index(c)
    return value >> 80


def _ksuid_time_ms(text: str) -> int | None:
    if len(text) != 27 or any(c not in _BASE62 for c in text):
        return None
    value = 0
    for c in text:
        value = value * 62 + _BASE62.index(c)
    if value >> 160:
        return None
    return ((value >> 128) + _KSUID_EPOCH_S) * 1000


def embedded_time_ms(webhook_id: str) -> int | None:
    """The creation time carried by a ULID or KSUID webhook-id (with or without a `msg_` prefix)."""
    core = webhook_id.rsplit("_", 1)[-1]
    if is_ulid(core):
        return _ulid_time_ms(core)
    return _ksuid_time_ms(core)


def event_ulid(webhook_id: str, transform: str, index: int, *, timestamp_s: object = None) -> str:
    digest = hashlib.sha256(f"{webhook_id}|{transform}|{index}".encode()).digest()
    ms = embedded_time_ms(webhook_id)
    if (
        ms is None
        and isinstance(timestamp_s, int)
        and not isinstance(timestamp_s, bool)
        and 0 < timestamp_s * 1000 <= _MAX_MS
    ):
        ms = timestamp_s * 1000
    return encode(FALLBACK_EPOCH_MS if ms is None else ms, digest)


def new_ulid() -> str:
    """A fresh, random ULID (for a one-off `send` that has no Dodo webhook-id)."""
    return encode(int(time.time() * 1000), os.urandom(10))
