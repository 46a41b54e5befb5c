"""Slow clients are cut off: a total deadline for headers and for the body, 408 and close, and a
connection cap, on the relay, the emulator and the editor alike, while valid requests keep flowing."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from support.harness import EVENT_JS, RawConnection, RelayProcess, new_secret, numbered_events, post_once, relay_env

from runner.editor import create_app
from runner.editor.server import serve_editor_in_thread as serve_editor
from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread as serve_emulator
from runner.relay.trigger import signed_request
from runner.sandbox import Limits
from runner.serving import FD_HEADROOM, SlowClientGuard, start_in_thread, stop_thread

SECRET = new_secret()
TRICKLERS = 300
DEADLINE_S = 15.0  # the guard's 10 s, with room for a loaded machine


async def trickle(
    host: str, port: int, *, body: bool = False, path: str = "/webhooks/dodo", headers: str = "", interval: float = 1.0
) -> tuple[float, bytes]:
    """Open a connection and feed it a byte at a time (headers, or a body after complete headers);
    returns how long the server let it live and what it answered."""
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    head = f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\n{headers}"
    if body:
        writer.write((head + "content-type: application/json\r\ncontent-length: 1000\r\n\r\n{").encode())
    else:
        writer.write(head.encode())
    answer = b""
    try:
        while time.monotonic() - started < DEADLINE_S + 5:
            try:
                chunk = await asyncio.wait_for(reader.read(4096), interval)
            except asyncio.TimeoutError:
                writer.write(b"x" if body else b"x-slow: 1\r\n"[:1])  # one more byte, never the end
                await writer.drain()
                continue
            if not chunk:
                break
            answer += chunk
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        writer.close()
    return time.monotonic() - started, answer


def cut_off(lived: float, answer: bytes) -> bool:
    return lived < DEADLINE_S and answer.startswith(b"HTTP/1.1 408 ")


@pytest.mark.slow
def test_the_relay_answers_webhooks_at_once_while_300_clients_trickle(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    with RelayProcess(
        [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--dry-run"],
        log=tmp_path / "log",
        env=relay_env(SECRET),
    ) as relay:

        async def scenario():
            tricklers = [asyncio.create_task(trickle("127.0.0.1", relay.port)) for _ in range(TRICKLERS)]
            slow_body = asyncio.create_task(trickle("127.0.0.1", relay.port, body=True))
            await asyncio.sleep(2.0)  # every trickler connected and part-way through its headers
            latencies = []
            for envelope in numbered_events(5, 5):
                body, headers = signed_request(SECRET, envelope)
                started = time.perf_counter()
                status, _ = await post_once(relay.url, body, headers, timeout=5)
                latencies.append((status, time.perf_counter() - started))
            return latencies, await asyncio.gather(*tricklers), await slow_body

        latencies, tricklers, slow_body = asyncio.run(scenario())
    assert all(status == 200 for status, _ in latencies), latencies
    assert max(t for _, t in latencies) < 1.0, latencies
    assert all(cut_off(*t) for t in tricklers), sorted(t[0] for t in tricklers)[-3:]
    assert cut_off(*slow_body), slow_body


def test_the_emulator_and_the_editor_cut_slow_clients_off(tmp_path):
    emu = serve_emulator(EmulatorConfig())
    editor = serve_editor(create_app(tmp_path, limits=Limits(time_s=1.0), workers=1, csrf_token="t" * 32))
    auth = "authorization: Basic " + base64.b64encode(f"{DEMO_SITE_ID}:{DEMO_API_KEY}".encode()).decode() + "\r\n"
    try:
        # bodies go to routes that read them: a Track API call, and the editor's test run
        targets = [
            (emu.base_url, False, "/api/v2/entity", auth),
            (emu.base_url, True, "/api/v2/entity", auth),
            (editor.url, False, "/api/test", ""),
            (editor.url, True, "/api/test", "x-csrf-token: " + "t" * 32 + "\r\n"),
        ]

        async def scenario():
            return await asyncio.gather(
                *(
                    trickle("127.0.0.1", int(url.rsplit(":", 1)[1]), body=body, path=path, headers=headers)
                    for url, body, path, headers in targets
                )
            )

        results = asyncio.run(scenario())
    finally:
        emu.stop()
        editor.stop()
    assert all(cut_off(*r) for r in results), [(round(lived, 1), answer[:40]) for lived, answer in results]


async def answer(reader: asyncio.StreamReader, within: float) -> tuple[bytes, bool]:
    """What the server sent within `within` seconds, and whether it closed the connection."""
    data = bytearray()

    async def until_closed() -> None:
        while chunk := await reader.read(4096):
            data.extend(chunk)

    try:
        await asyncio.wait_for(until_closed(), within)
    except asyncio.TimeoutError:
        return bytes(data), False
    except ConnectionResetError:
        pass
    return bytes(data), True


async def hold(port: int, request: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection that sent `request` (all of it or a part) and keeps quiet."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    return reader, writer


PART_HEADERS = b"POST /webhooks/dodo HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: "
PART_BODY = b"POST /webhooks/dodo HTTP/1.1\r\nhost: h\r\ncontent-type: application/json\r\ncontent-length: 99\r\n\r\n{"
CAP = 50  # the relay's connection cap under an open-files limit of CAP + FD_HEADROOM


@pytest.mark.slow
def test_at_the_cap_the_relay_closes_the_slowest_connection_and_answers_the_webhook(tmp_path):
    """The issue's scale (more trickling sockets than the cap) on a real relay whose cap is the
    open-files limit's: the connections trickling longest make room, a webhook is answered at once."""
    (tmp_path / "event.js").write_text(EVENT_JS)
    with RelayProcess(
        [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--dry-run"],
        log=tmp_path / "log",
        env=relay_env(SECRET),
        open_files=CAP + FD_HEADROOM,
    ) as relay:

        async def scenario():
            # accepted in this order; half send their headers slowly, half their body
            held = [await hold(relay.port, PART_BODY if i % 2 else PART_HEADERS) for i in range(CAP + 20)]
            await asyncio.sleep(0.5)
            body, headers = signed_request(SECRET, numbered_events(1, 1)[0])
            started = time.perf_counter()
            status = await post_once(relay.url, body, headers, timeout=5)
            took = time.perf_counter() - started
            answers = await asyncio.gather(*(answer(r, 1.0) for r, _ in held))
            for _, w in held:
                w.close()
            return status, took, answers

        (status, _), took, answers = asyncio.run(scenario())
    assert (status, took < 1.0) == (200, True), (status, took)
    # 20 made room for the last 20 tricklers, one more for the webhook: the oldest 21, in order
    evicted = [i for i, (data, closed) in enumerate(answers) if closed and data.startswith(b"HTTP/1.1 408 ")]
    assert evicted == list(range(21)), evicted
    assert not any(closed for _, closed in answers[21:]), "the newer tricklers wait for their own deadline"
    assert "Traceback" not in relay.output(), "a client closed mid-body is no error of the relay's"


@contextlib.contextmanager
def guarded_server(cap: int, release: threading.Event) -> Iterator[int]:
    """A real uvicorn behind the guard with a cap of `cap`; `/hold` answers once `release` is set,
    `/webhooks/dodo` reads the body and answers with it, anything else answers at once."""

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        body = b"ok"
        if scope["path"] == "/hold":
            while not release.is_set():
                await asyncio.sleep(0.01)
        elif scope["path"] == "/webhooks/dodo":
            body, more = b"", True
            while more:
                message = await receive()
                body, more = body + message.get("body", b""), message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    guard = SlowClientGuard(header_timeout_s=5.0, max_connections=cap)
    server = uvicorn.Server(guard.config(app, lifespan="off", log_level="warning"))
    thread = start_in_thread(server, sock, "guarded")
    try:
        yield sock.getsockname()[1]
    finally:
        release.set()
        stop_thread(server, thread)


def test_at_the_cap_the_connection_waiting_longest_makes_room():
    release = threading.Event()
    with guarded_server(10, release) as port:

        async def scenario():
            held = [await hold(port, PART_BODY)]  # the oldest: headers in, its body trickles
            held += [await hold(port, PART_HEADERS if i % 2 else b"") for i in range(9)]  # trickling or silent
            await asyncio.sleep(0.2)
            newcomers = [RawConnection(f"http://127.0.0.1:{port}/") for _ in range(2)]
            first = await newcomers[0].post(b"", {}, timeout=2)  # then idle, kept alive: the newest waiting
            second = await newcomers[1].post(b"", {}, timeout=2)
            answers = await asyncio.gather(*(answer(r, 0.5) for r, _ in held))
            for _, w in held:
                w.close()
            for conn in newcomers:
                conn.close()
            return first, second, answers

        first, second, answers = asyncio.run(scenario())
    assert first == second == (200, b"ok")
    assert [closed for _, closed in answers] == [True, True] + [False] * 8, "the two that waited longest, only"
    assert all(data.startswith(b"HTTP/1.1 408 ") for data, _ in answers[:2]), answers[:2]


def test_when_every_connection_is_a_request_being_served_a_newcomer_is_refused_cleanly():
    release = threading.Event()
    with guarded_server(10, release) as port:

        async def scenario():
            busy = [await hold(port, b"GET /hold HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n") for _ in range(9)]
            idle = await hold(port, b"")  # the newest, yet the only one that can make room
            await asyncio.sleep(0.2)
            busy.append(await hold(port, b"GET /hold HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"))
            await asyncio.sleep(0.2)
            newcomer = await hold(port, b"GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
            refused = await answer(newcomer[0], 2.0)
            release.set()
            served = await asyncio.gather(*(r.readuntil(b"\r\n\r\n") for r, _ in busy))
            for _, w in [*busy, idle, newcomer]:
                w.close()
            after = await post_once(f"http://127.0.0.1:{port}/", b"", {}, timeout=2)
            return await answer(idle[0], 0.1), refused, served, after

        idle, refused, served, after = asyncio.run(scenario())
    assert idle[1] and idle[0].startswith(b"HTTP/1.1 408 "), "the idle connection made room for a request"
    assert refused[1] and refused[0].startswith(b"HTTP/1.1 503 "), refused
    assert all(s.startswith(b"HTTP/1.1 200 ") for s in served), "no request being served was cut off"
    assert after == (200, b"ok"), "once they are answered, connections are served again"
