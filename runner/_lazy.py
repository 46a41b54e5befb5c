"""Package exports imported on first use, so importing a package costs only what is used.

A sandbox worker imports `runner.sandbox.protocol`; `dodo-cio run` imports `runner.check.render`.
Neither should pay for the pool, the HTTP client or the doctor because a package `__init__`
named them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `exports` maps each public name to its submodule."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f".{exports[name]}", package), name)

    return __getattr__
