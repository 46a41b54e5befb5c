"""What every HTTP server of ours shares: the listening socket, the slow-client guard, serving from a thread.

`bind_listener` binds before uvicorn starts, so `--port 0` gives a real port to print and a
busy port is a clear error rather than a crash inside uvicorn.

`SlowClientGuard` protects the relay, the emulator and the editor alike from clients that
hold a connection open without finishing a request (slowloris): uvicorn by itself waits for
headers forever, so a thousand trickling sockets use up the process's file descriptors and
valid webhooks time out. The guard gives each request a total deadline for its headers and
another for its body, answers 408 and closes when one passes, and caps concurrent connections.
At the cap a new connection takes the place of the one that has waited longest for its request
(still sending its headers or body, or idle between requests), which is answered 408 and
closed: trickling clients can delay a webhook by nothing, however many there are or however
often they reconnect. Only when every connection holds a complete request being served is the
new one answered 503 and closed.

uvicorn's `Server.run` blocks; in a daemon thread it lets a test or another component start
a real HTTP server on an already bound socket and continue once it listens.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import resource
import socket
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.requests import ClientDisconnect
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .errors import UserError

_HEADER_TIMEOUT_S = 10.0
_BODY_TIMEOUT_S = 10.0
_MAX_CONNECTIONS = 1000
FD_HEADROOM = 64  # descriptors kept free for files, the outbox, sandbox pipes and outgoing connections

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


_LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
_BACKLOG = 2048  # uvicorn's default; the relay takes bursts of webhooks


def is_loopback(host: str | None) -> bool:
    """True for `localhost` and any loopback address (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def bind_listener(host: str, port: int, *, backlog: int = _BACKLOG) -> socket.socket:
    """A listening TCP socket on `host:port` (0 picks a free port); a UserError naming --port if it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say they are TCP,
    # and without it every response waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        why = "the port is already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise UserError(
            f"cannot listen on {host}:{port}: {why}",
            where="--port",
            fix="stop the other program, or pick another port (--port 0 picks a free one)",
        ) from None
    sock.setblocking(False)
    return sock


def _own_origins(scope: Scope) -> tuple[set[str], set[str]]:
    """The Host values and Origins that mean "this server", from the socket it listens on."""
    server = scope.get("server") or ("127.0.0.1", 0)
    port, scheme = server[1], scope.get("scheme", "http")
    hosts = {f"{name}:{port}" for name in _LOCAL_NAMES}
    if port == {"http": 80, "https": 443}.get(scheme):
        hosts |= set(_LOCAL_NAMES)
    return hosts, {f"{scheme}://{host}" for host in hosts}


def foreign_host_or_origin(scope: Scope, server_name: str) -> tuple[str, str] | None:
    """(message, fix) when a request to a local server comes through another name or from another site.

    A local server is reachable by every web page the user visits (cross-site requests) and by
    DNS rebinding (a foreign name resolving to 127.0.0.1): the Host header must name this
    server, and an Origin, when sent, must be this server.
    """
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    hosts, origins = _own_origins(scope)
    if headers.get("host", "").lower() not in hosts:
        return (
            f"refused: the Host header does not name this {server_name}",
            f"open the {server_name} at the address it printed",
        )
    origin = headers.get("origin")
    if origin is not None and origin.lower() not in origins:
        return ("refused: the request comes from another site", f"use the {server_name} itself, not another page")
    return None


def raise_fd_limit() -> int:
    """Lift the soft open-files limit to the hard one (Linux's usual 1,024 is low for a server); returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard and hard != resource.RLIM_INFINITY:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def _raw_response(status: int, reason: str, message: str) -> bytes:
    body = json.dumps({"error": message, "status": status}).encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    ).encode("ascii") + body


_HEADERS_TOO_SLOW = _raw_response(408, "Request Timeout", "the request headers took too long; send them at once")
_TOO_MANY = _raw_response(503, "Service Unavailable", "too many open connections; retry shortly")
_MADE_ROOM = _raw_response(
    408, "Request Timeout", "the server is full and this request was the slowest to arrive; send it at once"
)


class _Deadlines:
    """Every deadline one event loop watches, checked twice a second.

    A timer per request (armed, then almost always cancelled) costs each request a heap push and
    leaves thousands of cancelled timers behind under load; a sweep over the few open entries
    is cheaper, and half a second is precision enough for a 10 s deadline.
    """

    SWEEP_S = 0.5

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._entries: dict[object, tuple[float, Callable[[], None]]] = {}
        self._sweeping = False

    def add(self, key: object, seconds: float, on_expiry: Callable[[], None]) -> None:
        self._entries[key] = (time.monotonic() + seconds, on_expiry)
        if not self._sweeping:
            self._sweeping = True
            self._loop.call_later(self.SWEEP_S, self._sweep)

    def discard(self, key: object) -> None:
        self._entries.pop(key, None)

    def _sweep(self) -> None:
        now = time.monotonic()
        for key, (at, on_expiry) in list(self._entries.items()):
            if at <= now:
                del self._entries[key]
                on_expiry()
        self._sweeping = bool(self._entries)
        if self._sweeping:
            self._loop.call_later(self.SWEEP_S, self._sweep)


_LOOP_DEADLINES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Deadlines] = weakref.WeakKeyDictionary()


def _deadlines(loop: asyncio.AbstractEventLoop) -> _Deadlines:
    found = _LOOP_DEADLINES.get(loop)
    if found is None:
        found = _LOOP_DEADLINES[loop] = _Deadlines(loop)
    return found


class _BodyDeadline:
    """One request's body deadline, from the end of the headers: the app is cancelled if the body is not in by then."""

    __slots__ = ("_receive", "_task", "_deadlines", "expired")

    def __init__(self, receive: Callable[[], Awaitable[Message]], task: asyncio.Task[Any], seconds: float) -> None:
        self._receive = receive
        self._task = task
        self.expired = False
        self._deadlines = _deadlines(task.get_loop())
        self._deadlines.add(self, seconds, self._expire)

    def _expire(self) -> None:
        self.expired = True
        self._task.cancel()

    def done(self) -> None:
        self._deadlines.discard(self)

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.done()  # the body is in (or the client left): the deadline no longer applies
        return message


_WAITING_ROOMS: weakref.WeakKeyDictionary[object, OrderedDict[Any, None]] = weakref.WeakKeyDictionary()


def _waiting_room(server_state: object) -> OrderedDict[Any, None]:
    """One server's connections that have no complete request yet, the longest waiting first.

    An ordered dict keeps it O(1) to add, remove, and take the oldest, so making room at the
    cap costs the same at 10 connections as at 10,000.
    """
    found = _WAITING_ROOMS.get(server_state)
    if found is None:
        found = _WAITING_ROOMS[server_state] = OrderedDict()
    return found


_BODY_TOO_SLOW = json.dumps({"error": "the request body took too long; send it at once", "status": 408}).encode()


@dataclass(frozen=True)
class SlowClientGuard:
    header_timeout_s: float = _HEADER_TIMEOUT_S
    body_timeout_s: float = _BODY_TIMEOUT_S
    max_connections: int = _MAX_CONNECTIONS

    def connection_cap(self) -> int:
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        return max(
            8,
            min(self.max_connections, (soft if soft != resource.RLIM_INFINITY else self.max_connections) - FD_HEADROOM),
        )

    def protocol(self, base: type[asyncio.Protocol] = AutoHTTPProtocol) -> type[asyncio.Protocol]:
        """`base` (a uvicorn HTTP protocol) with the header deadline and the connection cap.

        A connection is in its server's waiting room from the moment it may send a request until
        that request is complete (headers and body in); at the cap the oldest one there leaves.
        """
        timeout, cap = self.header_timeout_s, self.connection_cap()

        class Guarded(base):  # type: ignore[valid-type,misc]
            _cycle_at_arm: object = None
            _armed = False
            _waiting: OrderedDict[Any, None]
            _deadlines: _Deadlines

            def connection_made(self, transport: asyncio.Transport) -> None:
                super().connection_made(transport)
                self._waiting = _waiting_room(self.server_state)
                self._deadlines = _deadlines(self.loop)  # looked up once, not per request
                if len(self.connections) > cap and not self._make_room():
                    transport.write(_TOO_MANY)
                    transport.close()
                    return
                self._arm()

            def _make_room(self) -> bool:
                """Close the connection that has waited longest for its request; False if none is waiting."""
                if not self._waiting:
                    return False
                oldest, _ = self._waiting.popitem(last=False)
                oldest._disarm()
                if not oldest.transport.is_closing():
                    cycle = oldest.cycle
                    if cycle is None or cycle.response_complete or not cycle.response_started:
                        oldest.transport.write(_MADE_ROOM)
                    oldest.transport.close()
                return True

            def _arm(self) -> None:
                # both uvicorn protocols start a new request cycle once a request's headers are in
                self._cycle_at_arm = self.cycle
                self._armed = True
                self._deadlines.add(self, timeout, self._headers_too_slow)
                self._waiting.pop(self, None)  # a request answered before its body was in: to the back
                self._waiting[self] = None

            def _disarm(self) -> None:
                if self._armed:
                    self._armed = False
                    self._deadlines.discard(self)

            def _headers_too_slow(self) -> None:
                self._armed = False
                if not self.transport.is_closing():
                    self.transport.write(_HEADERS_TOO_SLOW)
                    self.transport.close()

            def data_received(self, data: bytes) -> None:
                super().data_received(data)
                if self.cycle is not self._cycle_at_arm:  # the headers are in
                    if self._armed:
                        self._disarm()
                    if not self.cycle.more_body:
                        self._waiting.pop(self, None)  # a complete request: served, never evicted

            def on_response_complete(self) -> None:
                super().on_response_complete()
                # the next request on this connection gets its own deadline, unless a pipelined one is being served
                if not self.transport.is_closing() and not self._armed and self.cycle.response_complete:
                    self._arm()

            def connection_lost(self, exc: Exception | None) -> None:
                self._disarm()
                self._waiting.pop(self, None)
                super().connection_lost(exc)

        Guarded.__name__ = Guarded.__qualname__ = f"Guarded{base.__name__}"
        return Guarded

    def app(self, inner: ASGIApp) -> ASGIApp:
        """`inner` with the body deadline, counted from the end of the headers: 408 and close unless a
        response began.
        """
        limit = self.body_timeout_s

        async def guarded(
            scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
        ) -> None:
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return
            task = asyncio.current_task()
            assert task is not None
            deadline = _BodyDeadline(receive, task, limit)
            try:
                await inner(scope, deadline.receive, send)
            except ClientDisconnect:
                pass  # the client left mid-body, or was closed to make room: nobody to answer, nothing to log
            except asyncio.CancelledError:
                if not deadline.expired:
                    raise
                if hasattr(task, "uncancel"):
                    task.uncancel()
                try:
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 408,
                            "headers": [
                                (b"content-type", b"application/json"),
                                (b"content-length", str(len(_BODY_TOO_SLOW)).encode()),
                                (b"connection", b"close"),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": _BODY_TOO_SLOW})
                except RuntimeError:  # the app had begun its answer: the connection just closes
                    pass
            finally:
                deadline.done()

        return guarded

    def config(
        self, app: ASGIApp, *, http: type[asyncio.Protocol] = AutoHTTPProtocol, **settings: Any
    ) -> uvicorn.Config:
        """A uvicorn config serving `app` behind the guard."""
        return uvicorn.Config(self.app(app), http=self.protocol(http), **settings)


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
