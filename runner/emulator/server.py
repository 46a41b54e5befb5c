"""Running the emulator: uvicorn on loopback, in the foreground or in a thread for tests."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import UserError
from ..serving import SlowClientGuard, bind_listener, start_in_thread, stop_thread
from .app import EmulatorApp
from .config import EmulatorConfig
from .faults import FaultPlan
from .state import Workspace


def _protocol_for(app: EmulatorApp) -> type[H11Protocol]:
    """uvicorn's h11 protocol, registering each connection's transport with `app`.

    ASGI gives an app no way to close a socket without an answer (uvicorn turns an exception
    into a 500); the registry lets the "drop" faults abort the transport instead.
    """

    class TrackedH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            app.transports[self.client] = transport

        def connection_lost(self, exc: Exception | None) -> None:
            app.transports.pop(self.client, None)
            super().connection_lost(exc)

    return TrackedH11Protocol


def _build_server(config: EmulatorConfig) -> tuple[uvicorn.Server, socket.socket, EmulatorApp]:
    """A configured uvicorn server and its already bound listening socket (port 0 = free)."""
    config.check()
    app = EmulatorApp(config)
    sock = bind_listener(config.host, config.port)
    uv_config = SlowClientGuard().config(
        app,
        http=_protocol_for(app),
        lifespan="off",
        log_level=config.log_level,
        access_log=False,
        timeout_graceful_shutdown=1,
        timeout_keep_alive=5,
        ssl_certfile=config.tls_cert,
        ssl_keyfile=config.tls_key,
    )
    if config.tls_cert:
        try:
            uv_config.load()  # reads the certificate now, so a bad one is a usage error, not a crash at start
        except (ssl.SSLError, OSError) as exc:
            sock.close()
            raise UserError(
                f"cannot use the certificate and key: {exc}",
                where="--tls-cert/--tls-key",
                fix="give a PEM certificate and the PEM private key that belongs to it",
            ) from None
    server = uvicorn.Server(uv_config)
    app.stopping = lambda: server.should_exit
    return server, sock, app


def _base_url_of(sock: socket.socket, scheme: str = "http") -> str:
    host, port = sock.getsockname()[:2]
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


@dataclass
class EmulatorHandle:
    """A running in-process emulator. Use as a context manager or call `stop()`."""

    base_url: str
    config: EmulatorConfig
    app: EmulatorApp
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def state(self) -> Workspace:
        return self.app.workspace

    def set_faults(self, plan: FaultPlan | None = None, **settings: Any) -> FaultPlan:
        """Replace the fault plan: a FaultPlan, or its fields (`queue` as spec strings)."""
        new = plan if plan is not None else FaultPlan.from_json(settings)
        self.app.injector.set(new)
        return new

    def reset(self) -> None:
        """Forget all state and requests; faults off."""
        self.app.workspace.reset()
        self.app.injector.set(FaultPlan())

    def stop(self, timeout: float = 5.0) -> None:
        stop_thread(self._server, self._thread, timeout)

    def __enter__(self) -> EmulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(config: EmulatorConfig | None = None, *, start_timeout: float = 10.0) -> EmulatorHandle:
    """Start an emulator on a free loopback port in a daemon thread; returns when it listens.

    >>> import httpx
    >>> from runner.emulator import EmulatorConfig, serve_in_thread
    >>> with serve_in_thread(EmulatorConfig(site_id="site", api_key="key")) as emu:
    ...     r = httpx.post(f"{emu.base_url}/api/v2/entity", auth=("site", "key"),
    ...                    json={"type": "person", "identifiers": {"id": "42"}, "action": "identify"})
    ...     _ = emu.set_faults(queue=["429", "drop"])  # the next two API requests fail
    ...     (r.status_code, emu.state.person("42")["identifiers"]["id"])
    (200, '42')
    """
    config = config or EmulatorConfig()
    server, sock, app = _build_server(config)
    thread = start_in_thread(server, sock, "the Customer.io emulator", start_timeout)
    return EmulatorHandle(_base_url_of(sock, config.scheme), config, app, server, thread)


def serve_forever(
    config: EmulatorConfig,
    on_listening: Callable[[str], None] = lambda base_url: None,
    on_request: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Run in the foreground until Ctrl-C (the `dodo-cio emulator` command).

    `on_listening(base_url)` runs once the server accepts connections (so port 0 can be
    announced, and whoever waits for the announcement can connect at once);
    `on_request(entry)` after each request is answered (see `requestlog.format_request`).
    """
    server, sock, app = _build_server(config)
    if on_request is not None:
        app.workspace.observers.append(on_request)
    base_url = _base_url_of(sock, config.scheme)

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.01)
        if server.started:
            on_listening(base_url)

    threading.Thread(target=announce, name="announce", daemon=True).start()
    server.run(sockets=[sock])
