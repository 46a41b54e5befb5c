"""The transforms folder the editor works on: list, read and save `.js` files, safely.

Saving is the only thing in the editor that touches the disk, so every rule lives here:
safe names only, never an overwrite without the caller saying so, and a write that cannot
leave a half-written file behind (temp file + rename). Files are read as the CLI reads them
(`load_transform`: at most MAX_TRANSFORM_BYTES, UTF-8), and the page may neither save nor
run more than that, so whatever the editor opens, saves or tests, `dodo-cio run` runs too.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..resources import data_dir
from ..transforms import MAX_TRANSFORM_BYTES, load_transform
from ..units import format_size
from .security import SAFE_NAME, safe_transform_path


class NotFound(UserError):
    """A transform or template that is not there (HTTP 404)."""


class NameTaken(UserError):
    """Saving would overwrite an existing file and the caller did not confirm (HTTP 409)."""


@dataclass(frozen=True)
class SaveOutcome:
    name: str
    path: Path
    created: bool


class TransformFolder:
    """One transforms folder; it need not exist until the first save creates it."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory).expanduser().resolve()
        if self.directory.exists() and not self.directory.is_dir():
            raise UserError(
                "is a file, not a folder",
                where=str(self.directory),
                fix="pass the folder that holds your .js transforms",
            )

    def names(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.name for p in self.directory.glob("*.js") if p.is_file() and SAFE_NAME.fullmatch(p.name))

    def read(self, name: str) -> str:
        return _read_source(safe_transform_path(self.directory, name), name)

    def save(self, name: str, source: str, *, overwrite: bool = False) -> SaveOutcome:
        path = safe_transform_path(self.directory, name)
        data = source_bytes(source, where=name)
        existed = path.exists()
        if existed and not overwrite:
            raise NameTaken(
                f"{name} already exists", where=str(path), fix="confirm the overwrite, or pick another name"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return SaveOutcome(name=name, path=path, created=not existed)


def source_bytes(source: str, *, where: str) -> bytes:
    """The page's code as UTF-8, or a UserError when it is larger than a transform file may be."""
    data = source.encode("utf-8")
    if len(data) > MAX_TRANSFORM_BYTES:
        raise UserError(
            f"the transform is {len(data):,} bytes, over the {format_size(MAX_TRANSFORM_BYTES)} "
            "a transform may be (the CLI reads no more)",
            where=where,
            fix="keep transforms small: they run once per webhook",
        )
    return data


def template_names() -> list[str]:
    """The documented Customer.io transforms shipped with dodo-cio: the "new from template" list."""
    return sorted(p.name for p in data_dir("transforms").glob("*.js"))


def read_template(name: str) -> str:
    if name not in template_names():
        raise NotFound(
            f"no template named {name!r}", where="templates", fix=f"pick one of {', '.join(template_names())}"
        )
    return _read_source(data_dir("transforms") / name, name)


def _read_source(path: Path, name: str) -> str:
    """As `dodo-cio run` reads it (size cap, UTF-8, clear errors); a missing file is a 404."""
    if not path.exists():
        raise NotFound(f"no transform named {name!r}", where=str(path.parent), fix="pick one from the list")
    return load_transform(path).source
