"""`send_signed`, trigger's sender, against a real HTTP server that answers as it is told to."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from runner.errors import UserError
from runner.relay.trigger import RelayAnswer, new_secret, send_signed
from runner.relay.trigger_render import answer_json, format_answer

SECRET = new_secret()
Answer = Callable[[dict], tuple[int, str, bytes]]  # envelope -> (status, content type, body)


@contextmanager
def answering_server(answer: Answer) -> Iterator[tuple[str, list[dict]]]:
    """A loopback HTTP server that checks each request's signature and answers with `answer`;
    yields its URL and the envelopes it received, in arrival order."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            envelope = Webhook(SECRET).verify(body, dict(self.headers))  # raises on a bad signature
            received.append(envelope)
            status, content_type, reply = answer(envelope)
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/dodo", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def accepted(envelope: dict) -> tuple[int, str, bytes]:
    return 200, "application/json", b'{"status":"accepted"}'


def envelopes(n: int, event_type: str = "payment.succeeded") -> list[dict]:
    return [{"type": event_type, "data": {"n": i}} for i in range(n)]


def send(url: str, events: list[dict], concurrency: int = 1) -> tuple[int, list[RelayAnswer]]:
    answers: list[RelayAnswer] = []
    refused = asyncio.run(send_signed(url, SECRET, events, concurrency=concurrency, on_answer=answers.append))
    return refused, answers


def test_one_at_a_time_keeps_the_order_and_reports_each_answer():
    with answering_server(accepted) as (url, received):
        refused, answers = send(url, envelopes(5))
    assert refused == 0 and [e["data"]["n"] for e in received] == [0, 1, 2, 3, 4]
    assert [(a.status, a.body, a.ok) for a in answers] == [(200, {"status": "accepted"}, True)] * 5
    assert len({a.webhook_id for a in answers}) == 5 and all(a.webhook_id.startswith("msg_") for a in answers)


def test_concurrent_sends_each_event_once_and_counts_what_the_relay_refused():
    def every_third_refused(envelope: dict) -> tuple[int, str, bytes]:
        return (401, "text/plain", b"bad_signature") if envelope["data"]["n"] % 3 == 0 else accepted(envelope)

    with answering_server(every_third_refused) as (url, received):
        refused, answers = send(url, envelopes(30), concurrency=8)
    assert sorted(e["data"]["n"] for e in received) == list(range(30))
    assert refused == 10 == sum(not a.ok for a in answers)
    assert {a.body for a in answers if not a.ok} == {"bad_signature"}


def test_an_answer_that_is_not_json_or_nests_too_deep_is_kept_as_text():
    deep = b"[" * 100_000 + b"]" * 100_000
    with answering_server(lambda e: (200, "application/json", deep)) as (url, _):
        refused, [answer] = send(url, envelopes(1))
    assert refused == 0 and answer.body == deep.decode()


def test_nobody_listening_is_a_user_error_with_a_fix():
    with answering_server(accepted) as (url, _):
        pass  # the port is free again
    with pytest.raises(UserError, match="connection refused at") as refused:
        send(url, envelopes(3), concurrency=2)
    assert refused.value.exit_code == 1 and "dodo-cio relay" in refused.value.fix


def test_the_rendered_lines_show_the_answer_and_escape_what_steers_a_terminal():
    answer = RelayAnswer("payment.succeeded", "msg_1", 400, "\x1b]0;pwned\x07\r\u2713 delivered\u202e")
    assert format_answer(answer) == "[400] payment.succeeded msg_1 \\x1b]0;pwned\\x07\\x0d\u2713 delivered\\u202e"
    assert json.loads(answer_json(answer)) == {
        "status": 400,
        "event_type": "payment.succeeded",
        "webhook_id": "msg_1",
        "response": answer.body,
    }
    parsed = RelayAnswer("payment.succeeded", "msg_2", 200, {"status": "accepted"})
    assert format_answer(parsed) == '[200] payment.succeeded msg_2 {"status": "accepted"}'
