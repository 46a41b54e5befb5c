"""Loading transform files: the user's `.js` files, run exactly as written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .files import read_capped
from .resources import data_dir

MAX_TRANSFORM_BYTES = 1 << 20  # dashboard transforms are a few KB; even a bundle stays far below


@dataclass(frozen=True)
class Transform:
    """A transform script. `name` is what reports show (the file name)."""

    name: str
    source: str
    path: Path | None = None


def load_transform(path: str | Path) -> Transform:
    p = Path(path)
    if p.is_dir():
        raise UserError(
            "is a folder, not a transform file", where=str(p), fix="name a .js file, or pass the folder to `check`"
        )
    try:
        raw = read_capped(p, MAX_TRANSFORM_BYTES, "a transform")
    except FileNotFoundError:
        raise UserError(
            "no such transform file", where=str(p), fix="check the path; `dodo-cio check` lists the shipped transforms"
        ) from None
    except OSError as exc:
        raise UserError(f"cannot read the transform: {exc.strerror}", where=str(p)) from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"not UTF-8 text (byte {exc.start})", where=str(p), fix="save the file as UTF-8") from None
    return Transform(name=p.name, source=source, path=p)


def load_transforms(paths: Iterable[str | Path] = ()) -> list[Transform]:
    """Load files and folders (every `*.js` inside, sorted); no paths means the shipped ones."""
    paths = list(paths) or [data_dir("transforms")]
    out: list[Transform] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files = sorted(p.glob("*.js"))
            if not files:
                raise UserError("no .js transforms in this folder", where=str(p))
            out.extend(load_transform(f) for f in files)
        else:
            out.append(load_transform(p))
    return out
