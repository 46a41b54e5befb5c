"""The transform each endpoint runs now: checked before the relay starts, reloaded when its file changes.

A transform that cannot run at all (a syntax error, no `handler`) would fail every event, so
the relay refuses to start with one, showing file:line:column and a caret as `run` does. A
broken edit of a running relay's transform is refused the same way, and the last good version
keeps running until the file is fixed: the operator is told both times.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from ..errors import UserError
from ..result import TransformResult
from ..sandbox.protocol import MISSING_HANDLER, SYNTAX_ERROR
from ..terminal import source_excerpt
from ..transforms import Transform, load_transform
from .output import Output

_UNRUNNABLE = frozenset({SYNTAX_ERROR, MISSING_HANDLER})

TrialRun = Callable[[str, Transform], Awaitable[TransformResult]]  # runs an endpoint's transform on a sample event


def _unrunnable(result: TransformResult, transform: Transform) -> str | None:
    """Why `transform` cannot run on any event, with the source excerpt `run` shows, or None."""
    e = result.error
    if result.status != "error" or e is None or e.kind not in _UNRUNNABLE:
        return None
    lines = [f"{e.kind}: {e.message}"]
    if e.line:
        lines += source_excerpt(transform.source, e.line, e.column, str(transform.path or transform.name))
    if e.hint:
        lines.append(f"  fix: {e.hint}")
    return "\n".join(lines)


def _mtime(path: Path | None) -> int | None:
    try:
        return path.stat().st_mtime_ns if path else None
    except OSError:
        return None


class LiveTransforms:
    def __init__(self, transforms: Mapping[str, Transform], trial: TrialRun, output: Output) -> None:
        self._current = dict(transforms)
        self._mtimes = {name: _mtime(t.path) for name, t in transforms.items()}
        self._trial = trial
        self._output = output

    def __getitem__(self, endpoint: str) -> Transform:
        return self._current[endpoint]

    async def _problem(self, endpoint: str, transform: Transform) -> str | None:
        return _unrunnable(await self._trial(endpoint, transform), transform)

    async def check_all(self) -> None:
        """Raise a UserError naming every transform that cannot run."""
        found = await asyncio.gather(
            *(self._problem(name, t) for name, t in self._current.items())
        )  # side by side: one may take its time limit
        problems = [f"{name}: {p}" for name, p in zip(self._current, found, strict=True) if p]
        if problems:
            raise UserError(
                "a transform cannot run, so every event would fail:\n" + "\n".join(problems),
                where="relay",
                fix=(
                    "fix the transform (`dodo-cio run TRANSFORM --event payment.succeeded` shows the same error), "
                    "then start again"
                ),
            )

    async def reload_changed(self) -> None:
        """Take up transform files changed since the last look; a broken one keeps the last good version."""
        for name, transform in list(self._current.items()):
            mtime = _mtime(transform.path)
            if transform.path is None or mtime == self._mtimes[name]:
                continue
            self._mtimes[name] = mtime
            try:
                fresh = load_transform(transform.path)
                problem = await self._problem(name, fresh)
            except UserError as exc:
                problem = str(exc)
            if problem:
                self._output.warn(
                    f"the edit of {name} cannot run, so the last good version stays in use until it is fixed:\n"
                    f"{problem}",
                    endpoint=name,
                )
                continue
            self._current[name] = fresh
            self._output.info(
                f"reloaded {name}: the changed transform applies to events transformed from now on", endpoint=name
            )
