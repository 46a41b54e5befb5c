"""A relay in a child process, for the reliability tests and the benchmark.

Crash safety can only be shown on a real process: `kill()` is SIGKILL, with no chance to
flush anything. The child binds port 0 (or a given port, to restart on the same URL) and
prints its JSON "Ready" line; we read the port from it. Its output goes to a file, so a
chatty relay can never block on a full pipe.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from runner.fixtures import find_fixture
from runner.relay.trigger import apply_sets, new_secret, signed_request  # noqa: F401 - new_secret is for the tests

READY_TIMEOUT_S = 30.0
_READY = re.compile(r"Ready! Listening on http://[^ ]+:(\d+)/")


class RelayProcess:
    def __init__(
        self,
        args: Sequence[str],
        *,
        log: Path,
        env: Mapping[str, str] | None = None,
        port: int = 0,
        cwd: str | None = None,
        log_format: str = "json",
        open_files: int | None = None,
    ) -> None:
        self.args = list(args)
        self.log = log
        self.env = dict(os.environ if env is None else env)
        self.port = port
        self.cwd = cwd
        self.log_format = log_format  # json lines are parsed; "quiet" prints only the Ready line and warnings
        self.open_files = open_files  # the child's open-files limit (soft and hard), as an operator's ulimit -n
        self.proc: subprocess.Popen | None = None
        self._offset = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/dodo"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RelayProcess:
        self._offset = self.log.stat().st_size if self.log.exists() else 0
        out = open(self.log, "ab")
        cmd = [
            sys.executable,
            "-m",
            "runner",
            "relay",
            *self.args,
            "--port",
            str(self.port),
            "--log-format",
            self.log_format,
        ]
        limit = None if self.open_files is None else functools.partial(_limit_open_files, self.open_files)
        self.proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd, preexec_fn=limit
        )
        out.close()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for line in self.lines():
                port = line.get("port") or _READY.search(line.get("message", ""))
                if port:
                    self.port = int(port if isinstance(port, int) else port.group(1))
                    return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"the relay exited with {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the relay did not start within {READY_TIMEOUT_S:g} s:\n{self.output()}")

    def output(self) -> str:
        """What the child printed since this start."""
        with open(self.log, "rb") as f:
            f.seek(self._offset)
            return f.read().decode("utf-8", "replace")

    def lines(self) -> list[dict]:
        out = []
        for raw in self.output().splitlines():
            try:
                out.append(json.loads(raw))
            except ValueError:
                out.append({"kind": "raw", "message": raw})
        return out

    def kill(self) -> None:
        """SIGKILL: nothing gets flushed, exactly like a power cut for the process."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM and wait for the graceful stop; returns the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise
        return self.proc.returncode

    def __enter__(self) -> RelayProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()


def _limit_open_files(count: int) -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))


def relay_env(secret: str, *, site_id: str = "", api_key: str = "") -> dict[str, str]:
    env = dict(
        os.environ,
        DODO_PAYMENTS_WEBHOOK_KEY=secret,
        CUSTOMERIO_SITE_ID=site_id,
        CUSTOMERIO_API_KEY=api_key,
        PYTHONUNBUFFERED="1",
    )
    env.pop("CUSTOMERIO_REGION", None)
    return env


@dataclass
class Sent:
    webhook_id: str
    envelope: dict
    status: int | None  # None: no answer (connection refused or reset)
    latency_s: float


class RawConnection:
    """One keep-alive HTTP/1.1 connection for load generation.

    httpx's async pool slows down sharply past a handful of concurrent requests, so a load
    generator built on it measures itself; this writes the request bytes and reads the
    status line and Content-Length body, nothing more.
    """

    def __init__(self, url: str) -> None:
        u = httpx.URL(url)
        self.host, self.port, self.path = u.host, u.port or 80, u.raw_path.decode()
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes, headers: Mapping[str, str], timeout: float = 30.0) -> tuple[int, bytes]:
        """(status, body); raises OSError or asyncio.TimeoutError when the server is gone.

        A kept-alive connection the server closed meanwhile is reopened once, as HTTP clients do.
        """
        reused = self._streams is not None
        try:
            return await asyncio.wait_for(self._post(body, headers), timeout)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
        except BaseException:
            self.close()
            raise
        try:
            return await asyncio.wait_for(self._post(body, headers), timeout)
        except BaseException:
            self.close()
            raise

    async def _post(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        head = f"POST {self.path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\ncontent-length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(head.encode("latin-1") + b"\r\n" + body)
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(
            (int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), 0
        )
        content = await reader.readexactly(length) if length else b""
        if any(line.lower() == "connection: close" for line in lines[1:]):
            self.close()
        return status, content

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def post_once(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 30.0) -> tuple[int, bytes]:
    """One request on its own connection, closed afterwards (an open one is a ResourceWarning)."""
    conn = RawConnection(url)
    try:
        return await conn.post(body, headers, timeout)
    finally:
        conn.close()


async def post_events(
    url: str,
    secret: str,
    envelopes: Sequence[dict],
    *,
    concurrency: int = 32,
    timeout: float = 30.0,
    webhook_ids: Sequence[str] | None = None,
) -> list[Sent]:
    """POST signed envelopes over `concurrency` connections; a dead relay gives status None, not an error.

    Pass `webhook_ids` to resend as Dodo retries: the same id, freshly signed.
    """
    results: list[Sent | None] = [None] * len(envelopes)
    todo = iter(range(len(envelopes)))

    async def worker() -> None:
        conn = RawConnection(url)
        for i in todo:
            body, headers = signed_request(secret, envelopes[i], webhook_id=webhook_ids[i] if webhook_ids else None)
            started = time.perf_counter()
            try:
                status: int | None = (await conn.post(body, headers, timeout))[0]
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
                status = None
            results[i] = Sent(headers["webhook-id"], envelopes[i], status, time.perf_counter() - started)
        conn.close()

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(envelopes))))))
    return [r for r in results if r is not None]


def wait_until(
    predicate: Callable[[], object], timeout: float, interval: float = 0.1, what: str = "condition"
) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


# Transforms the reliability tests and the benchmark relay with: valid Track v2 operations
# that carry the event's `data.metadata.seq`, so what the emulator holds can be checked
# one-for-one against what was acknowledged, and in order per person.
EVENT_JS = """
function handler(webhook) {
  const c = webhook.payload.data.customer;
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {type: "person", identifiers: {id: c.customer_id}, action: "event", name: webhook.eventType,
                     attributes: {seq: webhook.payload.data.metadata.seq}};
  return webhook;
}
"""

IDENTIFY_JS = """
function handler(webhook) {
  const c = webhook.payload.data.customer;
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {type: "person", identifiers: {id: c.customer_id}, action: "identify",
                     attributes: {email: c.email, last_seq: webhook.payload.data.metadata.seq}};
  return webhook;
}
"""


def relay_to_emulator(
    tmp_path: Path,
    customerio_url: str,
    secret: str,
    *extra: str,
    identify_js: str = IDENTIFY_JS,
    event_js: str = EVENT_JS,
) -> RelayProcess:
    """The reliability tests' relay: an identify and an event transform for every event, its SQLite
    outbox (`relay.sqlite3`) and log in `tmp_path`, delivering with the emulator's demo credentials."""
    from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID

    (tmp_path / "identify.js").write_text(identify_js)
    (tmp_path / "event.js").write_text(event_js)
    transforms = [str(tmp_path / "identify.js"), str(tmp_path / "event.js")]
    return RelayProcess(
        [*transforms, "--db", str(tmp_path / "relay.sqlite3"), "--customerio-url", customerio_url, *extra],
        log=tmp_path / "relay.log",
        env=relay_env(secret, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY),
    )


def numbered_events(count: int, customers: int, *, start: int = 0, event_type: str = "payment.succeeded") -> list[dict]:
    """`count` envelopes with `data.metadata.seq` = start.. and customers `cus_0..cus_{customers-1}` in turn."""
    base = find_fixture(event_type).envelope
    return [
        apply_sets(base, [f"data.customer.customer_id=cus_{i % customers}", f'data.metadata={{"seq": {i}}}'])
        for i in range(start, start + count)
    ]
