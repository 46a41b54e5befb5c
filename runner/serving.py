"""Serving an ASGI app from a background thread, for the emulator and the editor (and tests).

uvicorn's `Server.run` blocks; in a daemon thread it lets a test or another component start
a real HTTP server on an already bound socket and continue once it listens.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


def start_in_thread(server: uvicorn.Server, sock: socket.socket, name: str, timeout: float = 10.0) -> threading.Thread:
    """Run `server` on `sock` in a daemon thread; return once it accepts connections."""
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"{name} did not start within {timeout:g} s")
        time.sleep(0.01)
    return thread


def stop_thread(server: uvicorn.Server, thread: threading.Thread, timeout: float = 5.0) -> None:
    """Ask the server to exit; if a request will not finish, force it."""
    server.should_exit = True
    thread.join(timeout)
    if thread.is_alive():
        server.force_exit = True
        thread.join(timeout)
