"""What every HTTP server shares (runner/serving.py): the listening socket and the loopback rule."""

from __future__ import annotations

import socket
import time

import pytest

from runner.editor import create_app
from runner.editor.server import serve_editor_in_thread
from runner.emulator import EmulatorConfig, serve_in_thread
from runner.errors import UserError
from runner.sandbox import Limits
from runner.serving import bind_listener, is_loopback


def _server_side_nodelay(server, port: int) -> list[int]:
    """TCP_NODELAY of each connection the uvicorn `server` accepted, once a request went through."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nhost: 127.0.0.1:%d\r\n\r\n" % port)
        assert client.recv(65536).startswith(b"HTTP/1.1 ")
        deadline = time.monotonic() + 5
        while not server.server_state.connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return [
            c.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            for c in server.server_state.connections
        ]


def test_the_editor_and_the_emulator_answer_without_nagle_delays(tmp_path):
    # Before bind_listener the editor's socket did not say it was TCP, so asyncio left Nagle on
    # and a response written in two parts waited ~40 ms for the client's delayed ACK.
    editor = serve_editor_in_thread(create_app(tmp_path, limits=Limits(time_s=1.0), workers=1, csrf_token="t" * 32))
    try:
        flags = _server_side_nodelay(editor.server, int(editor.url.rsplit(":", 1)[1]))
    finally:
        editor.stop()
    assert flags and all(flags), flags
    with serve_in_thread(EmulatorConfig()) as emu:
        flags = _server_side_nodelay(emu._server, int(emu.base_url.rsplit(":", 1)[1]))
    assert flags and all(flags), flags


def test_a_busy_port_is_a_usage_error_naming_the_option():
    with bind_listener("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(UserError) as caught:
            bind_listener("127.0.0.1", port)
    assert caught.value.where == "--port"
    assert "already in use" in str(caught.value) and "--port 0" in caught.value.fix


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("example.com", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_is_decided_in_one_place(host, loopback):
    assert is_loopback(host) is loopback
