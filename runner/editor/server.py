"""Serving the editor on 127.0.0.1: in the foreground for the CLI, in a thread for tests.

We bind the socket ourselves so that a taken port is a clear UserError before uvicorn starts,
`--port 0` works (the real port is known before the URL is printed), and nothing ever
listens beyond the loopback interface.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette

from ..serving import SlowClientGuard, bind_listener, start_in_thread, stop_thread

HOST = "127.0.0.1"


def bind_editor(port: int) -> socket.socket:
    """The editor's listening socket: on 127.0.0.1 only, whatever the port."""
    return bind_listener(HOST, port)


def _server(app: Starlette) -> uvicorn.Server:
    config = SlowClientGuard().config(
        app, lifespan="on", log_level="warning", access_log=False, timeout_graceful_shutdown=5
    )
    return uvicorn.Server(config)


def serve_editor(app: Starlette, sock: socket.socket) -> None:
    """Run until Ctrl+C. Uvicorn shuts the app down (closing the Sandbox) and then re-raises
    the signal; by then the stop was clean, so it ends the command normally."""
    try:
        _server(app).run(sockets=[sock])
    except KeyboardInterrupt:
        pass


@dataclass
class RunningEditor:
    """An editor served from a background thread; `stop()` shuts it down and joins it."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        stop_thread(self.server, self.thread, timeout)


def serve_editor_in_thread(app: Starlette, port: int = 0, start_timeout: float = 15.0) -> RunningEditor:
    sock = bind_editor(port)
    url = f"http://{HOST}:{sock.getsockname()[1]}"
    server = _server(app)
    thread = start_in_thread(server, sock, "the editor", start_timeout)
    return RunningEditor(url=url, server=server, thread=thread)
