"""A progress line on stderr for long runs: done/total, rate and time left.

Only when stderr is a terminal: piped output, CI logs and `--json` stay exactly as they
were. The line is redrawn in place at most ten times a second and erased when done, so what
follows (the matrix, the errors) prints as if it had never been there.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

_WIDTH = 24


def wanted(stream: TextIO, *, as_json: bool = False) -> bool:
    """A progress line helps a person at a terminal and nobody else."""
    if as_json or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


class Progress:
    """`with Progress(total, "check") as bar: ... bar.advance()`; silent unless stderr is a terminal."""

    def __init__(
        self,
        total: int,
        label: str,
        *,
        stream: TextIO | None = None,
        as_json: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream, as_json=as_json)
        self.done = 0
        self._clock = clock
        self._started = clock()
        self._drawn_at = -1.0
        self._lock = threading.Lock()

    def line(self) -> str:
        elapsed = max(self._clock() - self._started, 1e-9)
        rate = self.done / elapsed
        filled = int(_WIDTH * self.done / self.total) if self.total else _WIDTH
        left = f"ETA {_clock((self.total - self.done) / rate)}" if rate > 0 and self.done < self.total else "ETA -"
        return f"{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done}/{self.total}  {rate:,.1f}/s  {left}"

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self.done += n
            now = self._clock()
            if self.enabled and (now - self._drawn_at >= 0.1 or self.done >= self.total):
                self._drawn_at = now
                self._write("\r\x1b[2K" + self.line())

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not stop the run
            self.enabled = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._write(self.line())
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.enabled:
            self._write("\r\x1b[2K")
