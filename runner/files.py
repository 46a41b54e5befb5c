"""Reading a user's file with a size cap, so `--payload /dev/urandom` or a 60 MB file fails fast.

An event or a transform far larger than any real one is a mistake (the wrong file, a device,
a log); reading it whole would take memory and time and then fail somewhere confusing (as
`out_of_memory` or `timeout` in the sandbox). At most `limit + 1` bytes are read.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .units import format_size


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, or a UserError naming the file and the limit when there are more than `limit`."""
    with open(path, "rb") as f:  # FileNotFoundError and other OSErrors are the caller's to word
        data = f.read(limit + 1)
    if len(data) > limit:
        raise UserError(
            f"the file is over {format_size(limit)}: too large for {what}",
            where=str(path),
            fix=f"check that this is the file you meant; {what} is a few KB",
        )
    return data
