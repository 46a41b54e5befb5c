"""The editor's guards: it writes files and holds an API key, so only its own page may drive it.

A local server is reachable by every web page the user visits (cross-site requests) and by
DNS-rebinding tricks (a foreign name resolving to 127.0.0.1). Three checks close that:
the Host header must name this server, a present Origin must be this server, and every
state-changing request must carry the CSRF token that only the served page knows.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import UserError
from ..serving import foreign_host_or_origin

_CSRF_HEADER = "x-csrf-token"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\.js$")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def safe_transform_path(directory: Path, name: str) -> Path:
    """The file `name` inside `directory`, or a UserError when the name could escape it.

    The pattern already forbids separators and a leading dot; the resolved-parent check
    is the second lock, in case the directory itself holds a symlink named like a transform.
    """
    if not isinstance(name, str) or not SAFE_NAME.fullmatch(name) or ".." in name:
        raise UserError(
            f"refused file name {name!r}",
            where="save",
            fix="use letters, digits, '_', '-' or '.', end in .js, at most 64 characters, no folders",
        )
    root = directory.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise UserError(
            f"refused file name {name!r}: it resolves outside {root}", where="save", fix="pick a plain file name"
        )
    return path


class LocalOnly:
    """ASGI middleware: refuse foreign Host/Origin, and unsafe methods without the CSRF token."""

    def __init__(self, app: ASGIApp, *, csrf_token: str) -> None:
        self.app = app
        self.csrf_token = csrf_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason:
            body = {"error": {"message": reason[0], "fix": reason[1]}}
            await JSONResponse(body, status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> tuple[str, str] | None:
        foreign = foreign_host_or_origin(scope, "editor")
        if foreign:
            return foreign
        headers = Headers(scope=scope)
        if scope["method"] not in _SAFE_METHODS:
            token = headers.get(_CSRF_HEADER, "")
            if not secrets.compare_digest(token.encode(), self.csrf_token.encode()):
                return ("refused: missing or wrong CSRF token", "reload the editor page and try again")
        return None
