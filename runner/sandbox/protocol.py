"""What crosses the pipe between the parent and a sandbox worker, and the error kinds.

Both directions are length-prefixed frames (4-byte big-endian length, then the payload), so
nothing inside a payload can end it early or start another one. A frame's payload is a
small JSON header written by Python, a newline, then raw bodies:

parent -> worker
    {"op": "source", "sid": n}            body: the transform's source text
    {"op": "forget", "sids": [n, ...]}    the parent evicted these sources from its cache
    {"op": "job", "id": n, "sid": n, ...} body: the webhook JSON
worker -> parent
    {"ready": true, "engine": name, "cpu": s}  once, at start
then per job, a binary header (job id, worker ms, worker CPU s: `REPLY_HEAD`), the driver's
record, "\\n", and the webhook JSON. "CPU s" is the worker's process CPU time as it answers:
the parent's watchdog measures the next job's CPU time from it (see `pool`).

The driver's record and the webhook JSON are the engine's `DriverReply`: text the driver
serialised from values it read with intrinsics captured before user code ran, so a
transform that replaces built-ins can change its own values but never the structure. The
parent still reads them with the strict JSON reader: anything malformed fails that one
job and replaces the worker.

This module is imported by the worker too, so it uses only the standard library (and the
stdlib-only `runner.strictjson`).
"""

from __future__ import annotations

import functools
import json
import re
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO

from ..strictjson import JSONDepthError, JSONError, loads
from ..units import format_size

# -- error kinds: stable strings that tests, JSON consumers and the editor key on -----------
SYNTAX_ERROR = "syntax_error"
MISSING_HANDLER = "missing_handler"
EXCEPTION = "exception"  # the handler (or the script's top level) threw
TIMEOUT = "timeout"
MEMORY = "out_of_memory"
STACK_OVERFLOW = "stack_overflow"
INVALID_RETURN = "invalid_return"  # returned undefined, null or a non-object
UNSERIALIZABLE = "unserializable"  # BigInt, cycles, an undefined or function payload
RESULT_TOO_LARGE = "result_too_large"  # the returned webhook's JSON is over the result limit
INVALID_METHOD = "invalid_method"
INVALID_URL = "invalid_url"
INVALID_HEADERS = "invalid_headers"
CRASH = "crash"  # the sandbox worker died or broke the protocol; only this event failed
ENGINE_EXCEPTION = "engine_exception"  # internal: the engine stopped the script; shown as crash

KINDS = frozenset(
    {
        SYNTAX_ERROR,
        MISSING_HANDLER,
        EXCEPTION,
        TIMEOUT,
        MEMORY,
        STACK_OVERFLOW,
        INVALID_RETURN,
        UNSERIALIZABLE,
        RESULT_TOO_LARGE,
        INVALID_METHOD,
        INVALID_URL,
        INVALID_HEADERS,
        CRASH,
    }
)

DEFAULT_RESULT_BYTES = 1 << 20
_FRAME_HEAD = struct.Struct(">I")
REPLY_HEAD = struct.Struct(">Qdd")  # job id, milliseconds in the worker, the worker's CPU seconds
CONSOLE_ALLOWANCE = 4 << 20  # a record's console and error text, beyond the result itself
_ERROR_TEXT_CHARS = 64 << 10  # an error's message or stack, as the driver (support.js) caps them
ERROR_FIELD_CHARS = 1 << 10  # an error's name, as the driver caps it


class ProtocolError(Exception):
    """A frame or reply that does not follow this protocol: the worker is out of step."""


# -- framing --------------------------------------------------------------------------------
def frame(header: dict[str, Any], *bodies: bytes) -> bytes:
    payload = b"\n".join((json.dumps(header, separators=(",", ":")).encode(), *bodies))
    return _FRAME_HEAD.pack(len(payload)) + payload


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame's payload from a blocking stream; None at a clean end of stream."""
    head = stream.read(_FRAME_HEAD.size)
    if not head:
        return None
    if len(head) < _FRAME_HEAD.size:
        raise ProtocolError("the stream ended inside a frame header")
    (size,) = _FRAME_HEAD.unpack(head)
    payload = stream.read(size)
    if len(payload) < size:
        raise ProtocolError("the stream ended inside a frame")
    return payload


class FrameBuffer:
    """Bytes read from a pipe, cut into frames: both ends read through one (the worker to
    know whether another job is already there, the parent under its watchdog's deadline)."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._buf += chunk

    def missing(self) -> int:
        """How many more bytes the frame at hand needs (at least 1)."""
        if len(self._buf) < _FRAME_HEAD.size:
            return _FRAME_HEAD.size - len(self._buf)
        size: int = _FRAME_HEAD.unpack_from(self._buf)[0]
        return max(1, _FRAME_HEAD.size + size - len(self._buf))

    def take(self, max_bytes: int) -> bytes | None:
        """The next whole frame's payload, or None until all of it has arrived; a
        ProtocolError when it announces more than `max_bytes` (never read into memory)."""
        if len(self._buf) < _FRAME_HEAD.size:
            return None
        (size,) = _FRAME_HEAD.unpack_from(self._buf)
        if size > max_bytes:
            raise ProtocolError(f"the worker sent a {size}-byte frame, over the {max_bytes}-byte bound")
        end = _FRAME_HEAD.size + size
        if len(self._buf) < end:
            return None
        payload = bytes(self._buf[_FRAME_HEAD.size : end])
        del self._buf[:end]
        return payload

    def __len__(self) -> int:
        return len(self._buf)


def split_frame(payload: bytes, parts: int) -> tuple[dict[str, Any], list[bytes]]:
    """The header and the `parts - 1` bodies of a payload."""
    pieces = payload.split(b"\n", parts - 1)
    if len(pieces) != parts:
        raise ProtocolError(f"a frame has {len(pieces)} parts, not {parts}")
    try:
        header = json.loads(pieces[0])
    except ValueError:
        raise ProtocolError("a frame header is not JSON") from None
    if not isinstance(header, dict):
        raise ProtocolError("a frame header is not an object")
    return header, pieces[1:]


# -- parent -> worker -----------------------------------------------------------------------
@dataclass(frozen=True)
class JobSpec:
    """One job as the engine sees it: limits and determinism, and which source to run."""

    id: int
    sid: int
    time_s: float
    memory_bytes: int
    stack_bytes: int
    result_bytes: int = DEFAULT_RESULT_BYTES
    now_ms: int | None = None
    seed: int | None = None
    hints: bool = True

    @classmethod
    def from_header(cls, header: dict[str, Any]) -> JobSpec:
        fields = {k: v for k, v in header.items() if k != "op"}
        try:
            return cls(**fields)
        except TypeError as exc:
            raise ProtocolError(f"a job header is malformed: {exc}") from None


def source_frame(sid: int, source: str) -> bytes:
    return frame({"op": "source", "sid": sid}, source.encode("utf-8", "surrogatepass"))


def forget_frame(sids: list[int]) -> bytes:
    return frame({"op": "forget", "sids": sids}, b"")


@functools.lru_cache(maxsize=256)
def job_settings(
    time_s: float,
    memory_bytes: int,
    stack_bytes: int,
    result_bytes: int,
    now_ms: int | None,
    seed: int | None,
    hints: bool,
) -> bytes:
    """The part of a job header that repeats from job to job (worked out once per set)."""
    settings = {
        "time_s": time_s,
        "memory_bytes": memory_bytes,
        "stack_bytes": stack_bytes,
        "result_bytes": result_bytes,
        "now_ms": now_ms,
        "seed": seed,
        "hints": hints,
    }
    return json.dumps(settings, separators=(",", ":"))[1:-1].encode()


def job_frame(job_id: int, sid: int, settings: bytes, webhook_json: str) -> bytes:
    """A job: its header (read back by `JobSpec.from_header`), then the webhook JSON."""
    payload = b'{"op":"job","id":%d,"sid":%d,%s}\n%s' % (job_id, sid, settings, wire_json(webhook_json))
    return _FRAME_HEAD.pack(len(payload)) + payload


_SURROGATE = re.compile("[\ud800-\udfff]")


def wire_json(text: str) -> bytes:
    """JSON text as UTF-8. A lone surrogate (half an emoji, from a payload's `\\ud83d`) is
    data, not an encoding error: it is written back as the escape it came from, which means
    the same string to every JSON reader (and is what V8's JSON.stringify writes)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


# -- worker -> parent -----------------------------------------------------------------------
@dataclass(frozen=True)
class DriverReply:
    """What an engine hands back for one job: the driver's record (JSON text of an object
    with `ok`, `error`, `console`, `reads`, ...) and the returned webhook's JSON text
    ("" when there is none, e.g. for an error, or when the webhook came back unchanged)."""

    record: str
    webhook: str = ""


def engine_error(kind: str, message: str) -> DriverReply:
    """A reply the worker's Python side writes itself (the engine stopped the script)."""
    error = {"kind": kind, "message": capped(message), "name": "", "stack": "", "thrown": "engine"}
    return DriverReply(json.dumps({"ok": False, "error": error}))


def capped(text: str, limit: int = _ERROR_TEXT_CHARS) -> str:
    """Error text the worker writes itself (a top-level throw, an engine message), cut as the
    driver cuts what it writes, so no error outgrows the reply bound (`max_reply_bytes`)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters cut]"


def reply_frame(job_id: int, ms: float, cpu_s: float, reply: DriverReply, result_bytes: int) -> bytes:
    """Frame a reply; a webhook over the result limit is replaced by a `result_too_large` error
    here, in the worker, so an oversized result never reaches the parent."""
    record = reply.record.encode("utf-8", "surrogatepass")
    webhook = reply.webhook.encode("utf-8", "surrogatepass")
    if len(webhook) > result_bytes:
        record = engine_error(RESULT_TOO_LARGE, _too_large_message(len(webhook), result_bytes)).record.encode()
        webhook = b""
    payload = b"".join((REPLY_HEAD.pack(job_id, ms, cpu_s), record, b"\n", webhook))
    return _FRAME_HEAD.pack(len(payload)) + payload


def timeout_message(limit_s: float, why: str = "") -> str:
    """The one wording for every timeout, whether the engine or the parent's watchdog stopped it."""
    return f"ran longer than the {limit_s:g} s time limit" + (f" ({why})" if why else "")


def _too_large_message(size: int, limit: int) -> str:
    return f"the returned webhook is {format_size(size)} as JSON; the result limit is {format_size(limit)}"


def max_reply_bytes(result_bytes: int) -> int:
    """The largest reply frame a well-behaved worker sends for a job with this limit."""
    return result_bytes + CONSOLE_ALLOWANCE


_RECORDS: dict[bytes, dict[str, Any]] = {}  # small records repeat (the fast path's is constant)


def _read_record(text: bytes) -> dict[str, Any]:
    """The driver's record as a fresh top-level dict (callers add keys to it)."""
    cached = _RECORDS.get(text)
    if cached is not None:
        return dict(cached)
    try:
        record = loads(text, what="the driver's record")
    except JSONError as exc:
        raise ProtocolError(str(exc)) from None
    if not isinstance(record, dict) or not isinstance(record.get("ok"), bool):
        raise ProtocolError("the driver's record is not an object with `ok`")
    if len(text) <= 256 and len(_RECORDS) < 256:
        _RECORDS[text] = record
        return dict(record)
    return record


def decode_reply(payload: bytes) -> tuple[int, float, float, dict[str, Any]]:
    """(job id, worker ms, worker CPU seconds, the reply record with `webhook` parsed), read with the strict JSON
    reader. A webhook nested past the depth limit is that job's `unserializable`
    error; anything else malformed is a `ProtocolError`."""
    if len(payload) < REPLY_HEAD.size:
        raise ProtocolError("a reply is shorter than its header")
    job_id, ms, cpu_s = REPLY_HEAD.unpack_from(payload)
    record_text, newline, webhook_text = payload[REPLY_HEAD.size :].partition(b"\n")
    if not newline:
        raise ProtocolError("a reply has no record separator")
    record = _read_record(record_text)
    if webhook_text:
        # JSON.stringify writes lone surrogates as \udXXX escapes: flag them (a C scan) so
        # classify walks the webhook only when one may be there.
        record["maybe_surrogates"] = b"\\ud" in webhook_text
        try:
            record["webhook"] = loads(webhook_text, what="the returned webhook")
        except JSONDepthError as exc:
            record = {
                "ok": False,
                "console": record.get("console", []),
                "error": {
                    "kind": UNSERIALIZABLE,
                    "message": str(exc),
                    "path": "payload",
                    "name": "",
                    "stack": "",
                    "thrown": "engine",
                },
            }
        except JSONError as exc:
            raise ProtocolError(str(exc)) from None
    elif record["ok"] and not record.get("same") and not record.get("pending"):
        raise ProtocolError("a successful reply has no webhook")
    return job_id, float(ms), float(cpu_s), record
