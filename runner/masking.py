"""How secrets are shown (never): one marker, one minimum length, the masks and the scrubbers.

Every place that prints, logs or returns something that may hold a credential (the relay's
output lines, the Track API client's errors and request displays, the outbox commands'
database messages, the emulator's banner, `Credentials`' repr) goes through here, so a rule
changed here holds everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

HIDDEN = "****"

# A "secret" shorter than this (a test's "k") would blank out ordinary words wherever it
# appears; real Track API keys are 20 characters and whsec_ secrets far longer.
MIN_SECRET_LENGTH = 6

_SENSITIVE_HEADER_PARTS = ("authorization", "token", "secret", "key", "cookie", "signature")


def mask_id(value: str) -> str:
    """First and last two characters only, so a user can tell two workspaces apart."""
    if len(value) <= 6:
        return "…" * bool(value)
    return f"{value[:2]}…{value[-2:]}"


def mask_secret(secret: str) -> str:
    """Enough to recognise which value is set, never enough to use it."""
    return f"{secret[:2]}…({len(secret)} chars)" if len(secret) > 8 else "*" * len(secret)


def mask_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Headers (raw name/value pairs) for display: credential-like values hidden, the auth scheme kept."""
    shown: dict[str, str] = {}
    for raw_name, raw_value in raw:
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        lower = name.lower()
        if any(part in lower for part in _SENSITIVE_HEADER_PARTS):
            scheme = value.split(" ", 1)[0] if lower.endswith("authorization") and " " in value else ""
            value = f"{scheme} {HIDDEN}" if scheme else HIDDEN
        shown[name] = value
    return shown


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret replaced by HIDDEN (longest first, so a
    secret that contains another is removed whole)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


class Scrubber:
    """`scrub` with a fixed set of secrets, those shorter than MIN_SECRET_LENGTH left out."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = tuple(sorted((s for s in secrets if len(s) >= MIN_SECRET_LENGTH), key=len, reverse=True))

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, HIDDEN)
        return text

    def found_in(self, *texts: str) -> bool:
        """Whether any of the secrets appears in any of `texts`."""
        return any(secret in text for secret in self._secrets for text in texts)
