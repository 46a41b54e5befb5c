"""The worker protocol, the parent's source cache and the strict JSON reader, in milliseconds
(no worker process): framing, malformed replies, limits and the error-kind vocabulary."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from runner import strictjson
from runner.sandbox import protocol as P
from runner.sandbox.sources import SourceCache

JS = Path(__file__).resolve().parents[1] / "runner" / "sandbox" / "js"


def _reply(record: str, webhook: str = "", *, job_id: int = 7, result_bytes: int = P.DEFAULT_RESULT_BYTES) -> bytes:
    framed = P.reply_frame(job_id, 1.5, 2.25, P.DriverReply(record, webhook), result_bytes)
    return P.read_frame(io.BytesIO(framed))


OK = '{"ok":true,"console":[["log","hi\\nthere"]],"reads":[]}'


def test_a_reply_round_trips():
    job_id, ms, cpu, record = P.decode_reply(_reply(OK, '{"method":"POST","payload":{"a":"x\\ny"}}'))
    assert (job_id, ms, cpu) == (7, 1.5, 2.25)
    assert record["console"] == [["log", "hi\nthere"]]
    assert record["webhook"] == {"method": "POST", "payload": {"a": "x\ny"}}


def test_frames_cannot_be_ended_early_by_their_content():
    # Newlines, braces and fake headers inside a body stay inside it: the length decides.
    nasty = '{"s":"\\n{\\"id\\":2}\\n"}'
    settings = P.job_settings(1.0, 1 << 20, 1 << 16, 1 << 20, None, 7, False)
    stream = io.BytesIO(P.job_frame(1, 2, settings, nasty) * 2)
    for _ in range(2):
        header, (body,) = P.split_frame(P.read_frame(stream), 2)
        assert P.JobSpec.from_header(header) == P.JobSpec(
            id=1, sid=2, time_s=1.0, memory_bytes=1 << 20, stack_bytes=1 << 16, seed=7, hints=False
        )
        assert body.decode() == nasty
    assert P.read_frame(stream) is None


HEAD = P.REPLY_HEAD.pack(1, 1.0, 0.5)


@pytest.mark.parametrize(
    "payload, problem",
    [
        (b"short", "shorter than its header"),
        (HEAD + b'{"ok":tru}\n', "not valid JSON"),
        (HEAD + b"[1,2]\n", "not an object with `ok`"),
        (HEAD + b'{"ok":true}\n', "no webhook"),
        (HEAD + b'{"ok":true}\n{"a":NaN}', "NaN is not JSON"),
        (HEAD + b'{"ok":true}', "no record separator"),
        (HEAD + b'\xff{"ok":true}\n', "not UTF-8"),
    ],
)
def test_malformed_replies_are_protocol_errors(payload, problem):
    with pytest.raises(P.ProtocolError, match=re.escape(problem)):
        P.decode_reply(payload)


def test_a_deep_webhook_is_its_jobs_unserializable_error_not_a_recursion_error():
    deep = '{"payload":' + "[" * 5000 + "]" * 5000 + "}"
    _, _, _, record = P.decode_reply(_reply(OK, deep))
    assert record["ok"] is False
    assert record["error"]["kind"] == P.UNSERIALIZABLE
    assert "5001 levels deep; the limit is 256" in record["error"]["message"]


def test_an_oversized_result_is_replaced_in_the_worker_before_sending():
    framed = _reply(OK, '{"payload":"' + "x" * 5000 + '"}', result_bytes=4096)
    assert len(framed) < 1024
    _, _, _, record = P.decode_reply(framed)
    assert record["error"]["kind"] == P.RESULT_TOO_LARGE
    assert "the result limit is 4 KiB" in record["error"]["message"]


def test_a_stream_cut_inside_a_frame_is_a_protocol_error():
    framed = P.frame({"id": 1}, b"x" * 100)
    with pytest.raises(P.ProtocolError):
        P.read_frame(io.BytesIO(framed[:50]))


def test_lone_surrogates_cross_as_json_escapes():
    text = json.dumps({"name": "\ud83d"}, ensure_ascii=False)
    wire = P.wire_json(text)
    assert wire == b'{"name": "\\ud83d"}'
    assert json.loads(wire) == {"name": "\ud83d"}
    assert P.wire_json('{"e":"😀"}') == '{"e":"😀"}'.encode()


def test_every_kind_the_driver_writes_is_in_the_vocabulary():
    written = set(re.findall(r'fail\("([a-z_]+)"', (JS / "support.js").read_text()))
    assert written and written <= P.KINDS


def test_the_timeout_wording_is_shared():
    assert P.timeout_message(2) == "ran longer than the 2 s time limit"
    assert (
        P.timeout_message(0.5, "stopped by the watchdog")
        == "ran longer than the 0.5 s time limit (stopped by the watchdog)"
    )


# -- the parent's source cache --------------------------------------------------------------
def _ops(frames: list[bytes]) -> list[tuple[str, object]]:
    out = []
    for f in frames:
        header, _ = P.split_frame(P.read_frame(io.BytesIO(f)), 2)
        out.append((header["op"], header.get("sid", header.get("sids"))))
    return out


def test_the_source_cache_sends_each_source_once():
    cache = SourceCache(capacity=3)
    frames: list[bytes] = []
    a = cache.use("a", frames)
    assert cache.use("a", frames) == a
    assert _ops(frames) == [("source", a)]


def test_the_source_cache_evicts_the_least_recent_and_tells_the_worker():
    cache = SourceCache(capacity=2)
    frames: list[bytes] = []
    a, b = cache.use("a", frames), cache.use("b", frames)
    cache.use("a", frames)  # a is now the most recent
    frames.clear()
    c = cache.use("c", frames)
    assert _ops(frames) == [("forget", [b]), ("source", c)]
    assert cache.holds("a") and not cache.holds("b") and len(cache) == 2
    frames.clear()
    b2 = cache.use("b", frames)  # back again: sent again under a new id
    assert b2 not in (a, b, c) and _ops(frames) == [("forget", [a]), ("source", b2)]


# -- the strict JSON reader -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, problem",
    [
        ("[" * 300 + "]" * 300, "nests 300 levels deep; the limit is 256"),
        ('{"a": NaN}', "NaN is not JSON"),
        ('{"a": -Infinity}', "-Infinity is not JSON"),
        ('{"a": 1,}', "not valid JSON"),
        (b"\xff{}", "not UTF-8"),
    ],
)
def test_the_strict_reader_refuses(text, problem):
    with pytest.raises(strictjson.JSONError, match=re.escape(problem)):
        strictjson.loads(text)


def test_the_strict_reader_reads_what_json_reads():
    doc = {"s": "[[[[{{{{" * 100, "n": [[[1.5]]], "e": "😀", "u": "\ud83d"}
    assert strictjson.loads(json.dumps(doc)) == doc
    assert strictjson.loads("[" * 256 + "]" * 256) is not None
    assert strictjson.depth_over('["]]]]", [{"a": "[["}]]', 2) == 3
    assert strictjson.depth_over('["]]]]", [{"a": "[["}]]', 3) is None


def test_a_frame_buffer_hands_out_whole_frames_only():
    """Both ends cut what they read into frames with it, however the bytes arrive."""
    data = P.frame({"a": 1}, b"x" * 10) + P.frame({"b": 2}, b"")
    buf, got = P.FrameBuffer(), []
    for i in range(len(data)):
        buf.feed(data[i : i + 1])
        while (payload := buf.take(1 << 20)) is not None:
            got.append(payload)
    assert got == [b'{"a":1}\n' + b"x" * 10, b'{"b":2}\n']
    assert len(buf) == 0 and buf.missing() == 4
    buf.feed(P.frame({"c": 3}, b"z" * 100)[:10])
    assert buf.take(1 << 20) is None and buf.missing() == 4 + 108 - 10
    with pytest.raises(P.ProtocolError, match="over the 50-byte bound"):
        buf.take(50)
