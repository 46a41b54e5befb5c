"""A relay in a child process, for the reliability tests and the benchmark.

Crash safety can only be shown on a real process: `kill()` is SIGKILL, with no chance to
flush anything. The child binds port 0 (or a given port, to restart on the same URL) and
prints its JSON "Ready" line; we read the port from it. Its output goes to a file, so a
chatty relay can never block on a full pipe.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

READY_TIMEOUT_S = 30.0


class RelayProcess:
    def __init__(self, args: Sequence[str], *, log: Path, env: Mapping[str, str] | None = None, port: int = 0, cwd: str | None = None) -> None:
        self.args = list(args)
        self.log = log
        self.env = dict(os.environ if env is None else env)
        self.port = port
        self.cwd = cwd
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
        cmd = [sys.executable, "-m", "runner", "relay", *self.args, "--port", str(self.port), "--log-format", "json"]
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd)
        out.close()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for line in self.lines():
                if line.get("port"):
                    self.port = int(line["port"])
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
