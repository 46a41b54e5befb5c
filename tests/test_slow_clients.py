"""Slow clients are cut off: a total deadline for headers and for the body, 408 and close, and a
connection cap, on the relay, the emulator and the editor alike, while valid requests keep flowing."""

from __future__ import annotations

import asyncio
import base64
import socket
import time

import pytest
import uvicorn
from support.harness import EVENT_JS, RelayProcess, new_secret, numbered_events, post_once, relay_env

from runner.editor import create_app
from runner.editor.server import serve_editor_in_thread as serve_editor
from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread as serve_emulator
from runner.relay.trigger import signed_request
from runner.sandbox import Limits
from runner.serving import SlowClientGuard, start_in_thread, stop_thread

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


def test_connections_over_the_cap_are_refused_at_once():
    async def app(scope, receive, send):
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
            await send({"type": "http.response.body", "body": b"ok"})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    guard = SlowClientGuard(header_timeout_s=2.0, max_connections=10)
    server = uvicorn.Server(guard.config(app, lifespan="off", log_level="warning"))
    thread = start_in_thread(server, sock, "guarded")
    try:

        async def scenario():
            held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(10)]
            await asyncio.sleep(0.2)
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            refused = await asyncio.wait_for(reader.read(4096), 5)
            writer.close()
            for _, w in held:
                w.close()
            await asyncio.sleep(0.3)
            status, body = await post_once(f"http://127.0.0.1:{port}/", b"", {})
            return refused, status, body

        refused, status, body = asyncio.run(scenario())
    finally:
        stop_thread(server, thread)
    assert refused.startswith(b"HTTP/1.1 503 ")
    assert (status, body) == (200, b"ok"), "once they are gone, connections are served again"
