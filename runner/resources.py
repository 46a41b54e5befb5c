"""Where the shipped fixtures and transforms live.

In a wheel they are packaged under ``runner/_data``; in a source checkout (and an editable
install) they are the top-level ``fixtures/`` and ``transforms/`` folders of the design card.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of shipped data `name` ("fixtures" or "transforms")."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
