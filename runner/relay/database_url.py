"""How a PostgreSQL outbox URL may be shown: never with its password.

Everything the relay and the `outbox` commands print about the database goes through `redact`;
driver messages go through `masking.scrub` with `secrets_of` the URL (libpq may quote the
connection string back), and the password joins the secrets `Output.scrub` removes from every line.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from ..masking import HIDDEN


def _is_url(db: str | Path) -> bool:
    return isinstance(db, str) and "://" in db


def secrets_of(db: str | Path) -> tuple[str, ...]:
    """The URL's password as written and as decoded (both must be hidden)."""
    if not _is_url(db):
        return ()
    try:
        pw = urlsplit(str(db)).password
    except ValueError:
        return ()
    return tuple(sorted({pw, unquote(pw)}, key=len, reverse=True)) if pw else ()


def redact(db: str | Path) -> str:
    """The database as it may be printed: a URL's password becomes ****."""
    text = str(db)
    if not _is_url(text):
        return text
    try:
        parts = urlsplit(text)
        host = parts.netloc.rsplit("@", 1)[-1]
        user = parts.username
    except ValueError:
        return text.split("://", 1)[0] + "://" + HIDDEN
    if user is None:
        netloc = host
    else:
        netloc = (f"{user}:{HIDDEN}@" if parts.password is not None else f"{user}@") + host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
