"""The editor's Starlette app: the page, its static assets, and the JSON API behind it.

One Sandbox lives as long as the app (created at startup, closed at shutdown), so Test runs
in exactly the worker pool and limits the CLI uses, and a hostile transform costs one worker
restart, never the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..customerio.credentials import Credentials
from ..errors import UserError
from ..fixtures import Fixture, dodo_order, load_fixtures
from ..pipeline import RunOptions
from ..sandbox import Limits, Sandbox
from . import routes
from .security import LocalOnly, new_csrf_token
from .workspace import NameTaken, NotFound, TransformFolder

_STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class EditorState:
    """Everything the routes share; credentials live here, in memory only."""

    workspace: TransformFolder
    csrf_token: str
    fixtures: list[Fixture]
    credentials: Credentials | None = None
    credentials_source: str = ""  # "env", "page" or "" (none)
    customerio_url: str | None = None  # --customerio-url / DODO_CIO_CUSTOMERIO_URL: "Customer.io" goes here
    limits: Limits = field(default_factory=Limits)
    sandbox: Sandbox | None = field(default=None, repr=False)

    @property
    def options(self) -> RunOptions:
        return RunOptions(limits=self.limits)


def create_app(
    transforms_dir: str | Path,
    *,
    limits: Limits | None = None,
    workers: int | None = None,
    credentials: Credentials | None = None,
    customerio_url: str | None = None,
    fixtures: list[Fixture] | None = None,
    csrf_token: str | None = None,
) -> Starlette:
    """Build the editor for `transforms_dir`.

    `credentials` (e.g. from the environment) are optional; `customerio_url` (the command's
    --customerio-url or its variable) stands in for Customer.io, as it does for `send`;
    `fixtures` default to the shipped samples.
    """
    state = EditorState(
        workspace=TransformFolder(transforms_dir),
        csrf_token=csrf_token or new_csrf_token(),
        fixtures=_in_dodo_order(load_fixtures() if fixtures is None else fixtures),
        credentials=credentials,
        credentials_source="env" if credentials else "",
        customerio_url=customerio_url,
        limits=limits or Limits(),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.sandbox = Sandbox(workers=workers, limits=state.limits)
        try:
            yield
        finally:
            state.sandbox.close()
            state.sandbox = None

    app = Starlette(
        routes=[
            Route("/", index),
            *routes.ROUTES,
            Mount("/static", StaticFiles(directory=_STATIC), name="static"),
        ],
        middleware=[Middleware(LocalOnly, csrf_token=state.csrf_token)],
        exception_handlers={UserError: _user_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.editor = state
    return app


def _in_dodo_order(fixtures: list[Fixture]) -> list[Fixture]:
    """Payments first, as Dodo lists its events, also for files the user named one by one."""
    return sorted(fixtures, key=dodo_order)


async def index(request: Request) -> Response:
    state: EditorState = request.app.state.editor
    html = (_STATIC / "index.html").read_text(encoding="utf-8").replace("{{csrf_token}}", state.csrf_token)
    return HTMLResponse(html, headers=_PAGE_HEADERS)


# The page loads nothing from elsewhere; the policy makes that a rule the browser enforces.
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _error_body(message: str, where: str = "", fix: str = "") -> dict[str, Any]:
    return {"error": {"message": message, "where": where, "fix": fix}}


async def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    status = 404 if isinstance(exc, NotFound) else 409 if isinstance(exc, NameTaken) else 400
    return JSONResponse(_error_body(exc.message, exc.where, exc.fix), status_code=status)


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug, not bad input: the page gets a message; uvicorn logs the traceback to the terminal."""
    return JSONResponse(
        _error_body(f"internal error: {type(exc).__name__}", fix="see the editor's terminal output and report it"),
        status_code=500,
    )
