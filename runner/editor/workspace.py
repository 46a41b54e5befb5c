"""The transforms folder the editor works on: list, read and save `.js` files, safely.

Saving is the only thing in the editor that touches the disk, so every rule lives here:
safe names only, never an overwrite without the caller saying so, and a write that cannot
leave a half-written file behind (temp file + rename).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..resources import data_dir
from .security import SAFE_NAME, safe_transform_path

MAX_SOURCE_BYTES = 256 * 1024


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
        data = source.encode("utf-8")
        if len(data) > MAX_SOURCE_BYTES:
            raise UserError(
                f"the transform is {len(data)} bytes; the limit is {MAX_SOURCE_BYTES}",
                where=name,
                fix="keep transforms small: they run once per webhook",
            )
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
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"no transform named {name!r}", where=str(path.parent), fix="pick one from the list") from None
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text", where=str(path), fix="save the file as UTF-8") from None
