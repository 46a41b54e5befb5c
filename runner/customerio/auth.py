"""Track API authentication: HTTP Basic with the Site ID as user and the API key as password.

Used by the emulator to answer 401 the way Customer.io does (rule 3). The comparison is
constant-time and no finding repeats what was sent, so a wrong key never reaches a log.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from ..findings import Finding
from .rules import finding


def check_basic_auth(authorization: str | None, site_id: str, api_key: str) -> Finding | None:
    """None when `authorization` is Basic base64(site_id:api_key); otherwise why not."""
    fix = "send Authorization: Basic base64(SITE_ID:API_KEY) with the Track API key (not an App API key)"
    if not authorization:
        return finding("auth_missing", "headers.authorization", "no Authorization header", fix)
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return finding(
            "auth_invalid", "headers.authorization", f"the Track API uses Basic auth, not {scheme[:20]!r}", fix
        )
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return finding(
            "auth_invalid",
            "headers.authorization",
            "the Basic credentials are not valid base64 of site_id:api_key",
            fix,
        )
    user, sep, password = decoded.partition(":")
    ok = hmac.compare_digest(user.encode(), site_id.encode()) & hmac.compare_digest(password.encode(), api_key.encode())
    if not sep or not ok:
        return finding("auth_invalid", "headers.authorization", "the Site ID or API key is wrong", fix)
    return None
